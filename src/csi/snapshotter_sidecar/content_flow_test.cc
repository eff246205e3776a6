// csi-snapshotter over time: retries, the #1388 deletion race under both update
// filters, a crash with a CSI call in flight, the CSI call deadline.
#include "src/csi/snapshotter_sidecar/testing/framework.h"

namespace snapsim::csi::sidecar_testing {
namespace {

using disk::GrpcCode;

constexpr std::int64_t kFlowCaseCreated = (kTime0Seconds + 100) * 1'000'000'000;
const std::string kBusy =
    R"(failed to take snapshot of the volume vol-1: "rpc error: code = ResourceExhausted desc = busy")";

Vsc ReadyC1() {
  return Dynamic("c1", "vs1", "uid-1").Handle("snap-1").Ready(true).CreatedNanos(kFlowCaseCreated).RestoreSize(20 * kGiB);
}

// #1388: the content is deleted between two CreateSnapshot attempts (being-created
// set, so the deletion is skipped); the third attempt makes it ready.
SidecarTest Race(std::string name, ContentUpdateFilter filter) {
  bool fixed = filter == ContentUpdateFilter::kEnqueueReadyFlip;
  SidecarTest t{
      .name = std::move(name),
      .contents = {Dynamic("c1", "vs1", "uid-1")},
      .options = {.update_filter = filter},
      .csi = {CreateFails("vol-1", "snapshot-uid-1", GrpcCode::kResourceExhausted, "busy"),
              CreateFails("vol-1", "snapshot-uid-1", GrpcCode::kResourceExhausted, "busy"),
              Create("vol-1", "snapshot-uid-1", "snap-1", true)},
      .before = [](Fixture& f) { f.loop().At(engine::kSecond / 2, [&f] { f.AnnotateAndDelete("c1"); }); },
      .op = RunToRest(),
      .expected_events = {Warning("SnapshotCreationFailed", "Failed to create snapshot: " + kBusy),
                          Warning("SnapshotContentCheckandUpdateFailed",
                                  "Failed to check and update snapshot content: " + kBusy)},
  };
  if (fixed) {
    t.csi.push_back(Delete("snap-1"));
    t.expected_contents = std::vector<Vsc>{};
  } else {
    t.expected_contents = {{ReadyC1().BeingDeleted().Deleting()}};
  }
  return t;
}

std::vector<SidecarTest> FlowCases() {
  std::vector<SidecarTest> rows;
  rows.push_back({
      .name = "S-43 - a transient error, then success on the retry after 1 s: error cleared, one event",
      .contents = {Dynamic("c1", "vs1", "uid-1")},
      .csi = {CreateFails("vol-1", "snapshot-uid-1", GrpcCode::kResourceExhausted, "busy"),
              Create("vol-1", "snapshot-uid-1", "snap-1", true)},
      .op = RunToRest(),
      .expected_contents = {{ReadyC1()}},
      .expected_events = {Warning("SnapshotCreationFailed", "Failed to create snapshot: " + kBusy)},
      // The annotation set before the first call stays through the retry (backoff 1 s).
      .expected_trace = {{"patch volumesnapshotcontents", "csi CreateSnapshot snapshot-uid-1 being-created=yes",
                          "patch volumesnapshotcontents/status", "csi CreateSnapshot snapshot-uid-1 being-created=yes",
                          "patch volumesnapshotcontents/status", "patch volumesnapshotcontents"}},
      .check = [](Fixture& f) { EXPECT_EQ(f.loop().Now(), engine::kSecond); },
  });
  rows.push_back(Race("S-44 - #1388 fixed (v8.6): the ready flip re-syncs the deleted content, DeleteSnapshot",
                      ContentUpdateFilter::kEnqueueReadyFlip));
  rows.push_back(Race("S-45 - #1388 reintroduced (ignore status updates): the deleted content stays Terminating",
                      ContentUpdateFilter::kIgnoreStatus));
  rows.push_back({
      .name = "S-46 - crash with CreateSnapshot in flight: the late reply is ignored, the restart calls again",
      .contents = {Dynamic("c1", "vs1", "uid-1")},
      .csi =
          [] {
            CsiCall late = Create("vol-1", "snapshot-uid-1", "snap-late", false);
            late.reply_after = 10 * engine::kSecond;
            CsiCall again = Create("vol-1", "snapshot-uid-1", "snap-1", true);
            again.reply_after = 30 * engine::kSecond;
            return std::vector<CsiCall>{late, again};
          }(),
      .before = [](Fixture& f) { f.loop().At(engine::kSecond, [&f] { f.sidecar().Crash(); }); },
      .op = RunToRest(),
      .expected_contents = {{ReadyC1()}},
      .expected_trace = {{"patch volumesnapshotcontents", "csi CreateSnapshot snapshot-uid-1 being-created=yes",
                          "csi CreateSnapshot snapshot-uid-1 being-created=yes", "patch volumesnapshotcontents/status",
                          "patch volumesnapshotcontents"}},
  });
  {
    std::string msg =
        R"(failed to take snapshot of the volume vol-1: "rpc error: code = DeadlineExceeded desc = context deadline exceeded")";
    rows.push_back({
        .name = "S-47 - a CreateSnapshot unanswered for --timeout fails with DeadlineExceeded, being-created kept",
        .contents = {Dynamic("c1", "vs1", "uid-1")},
        .csi =
            [] {
              CsiCall slow = Create("vol-1", "snapshot-uid-1", "snap-1", true);
              slow.reply_after = 2 * engine::kMinute;
              return std::vector<CsiCall>{slow};
            }(),
        .op = SyncContent("c1"),
        .expected_contents = {{Dynamic("c1", "vs1", "uid-1").BeingCreated().Ready(false).Error("Failed to create snapshot: " + msg)}},
        .expected_events = {Warning("SnapshotCreationFailed", "Failed to create snapshot: " + msg)},
        .outcome = Failure(msg),
        .check = [](Fixture& f) { EXPECT_EQ(f.loop().Now(), engine::kMinute); },
    });
  }
  return rows;
}

INSTANTIATE_TEST_SUITE_P(Flow, SidecarTableTest, ::testing::ValuesIn(FlowCases()), CaseParamName);

}  // namespace
}  // namespace snapsim::csi::sidecar_testing
