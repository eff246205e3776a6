// Status mirroring from the content (semantics reference §3.4, §3.5) and the
// error-status deduplication of updateSnapshotErrorStatusWithEvent (upstream
// snapshot_update_test.go 4-x, 6-x, 8-x).
#include "src/csi/snapshot_controller/testing/framework.h"

namespace snapsim::csi::testing {
namespace {

constexpr std::int64_t k20Gi = 21474836480;
constexpr std::int64_t k1Gi = 1073741824;
// 2026-01-01T00:00:36.123456789Z in Unix nanoseconds.
constexpr std::int64_t kCut = kTime0Nanos + 36'123'456'789;

// A dynamic snapshot `name` from claim "c-<name>" on PV "pv-<name>", with its content.
struct Dyn {
  std::string name;
  Vs vs() const { return Vs(name).Pvc("c-" + name).Class("gold"); }
  Vsc content() const {
    return DynamicContent(name, "disk-pv-" + name).Finalizers({kContentBound});
  }
  std::string bound() const { return "snapcontent-{uid:" + name + "}"; }
  Pvc claim() const { return Pvc("c-" + name).Bound("pv-" + name); }
  Pv volume() const { return Pv("pv-" + name, "c-" + name); }
};

std::vector<ControllerTest> StatusCases() {
  Dyn s41{"snap4-1"}, s42{"snap4-2"}, s43{"snap4-3"}, s44{"snap4-4"}, s45{"snap4-5"},
      s46{"snap4-6"}, s47{"snap4-7"}, s48{"snap4-8"}, s49{"snap4-9"}, s410{"snap4-10"},
      s411{"snap4-11"}, s412{"snap4-12"}, s413{"snap4-13"}, s414{"snap4-14"};
  return {
      {
          .name = "4-1 - (dynamic) nil status built from the content: creationTime from Unix "
                  "nanos, restoreSize "
                  "as BinarySI, SnapshotCreated and SnapshotReady",
          .claims = {s41.claim()},
          .volumes = {s41.volume()},
          .snapshots = {s41.vs().Finalizers({kAsSource})},
          .contents = {s41.content().Handle("s-4-1").Ready(true).CreatedNanos(kCut).RestoreSize(
              k20Gi)},
          .op = SyncSnapshot("default/snap4-1"),
          .expected_snapshots = {{s41.vs()
                                      .Finalizers({kAsSource})
                                      .Bound(s41.bound())
                                      .Ready(true)
                                      .Created("2026-01-01T00:00:36Z")
                                      .Size("20Gi")}},
          .expected_events =
              {Normal("SnapshotCreated",
                      "Snapshot default/snap4-1 was successfully created by the CSI driver."),
               Normal("SnapshotReady", "Snapshot default/snap4-1 is ready to use.")},
          .expected_writes = {{"update volumesnapshots/status"}},
      },
      {
          .name = "4-2 - (dynamic) readyToUse false -> true clears the error; only SnapshotReady "
                  "(creationTime was set)",
          .claims = {s42.claim()},
          .volumes = {s42.volume()},
          .snapshots = {s42.vs()
                            .Finalizers({kAsSource, kBound})
                            .Bound(s42.bound())
                            .Ready(false)
                            .Created("2026-01-01T00:00:36Z")
                            .Error("Failed to check and update snapshot content: x")},
          .contents = {s42.content().Handle("s-4-2").Ready(true).CreatedNanos(kCut).RestoreSize(
              k20Gi)},
          .op = SyncSnapshot("default/snap4-2"),
          .expected_snapshots = {{s42.vs()
                                      .Finalizers({kAsSource, kBound})
                                      .Bound(s42.bound())
                                      .Ready(true)
                                      .Created("2026-01-01T00:00:36Z")
                                      .Size("20Gi")}},
          .expected_events = {Normal("SnapshotReady", "Snapshot default/snap4-2 is ready to use.")},
      },
      {
          .name = "4-3 - (dynamic) the content's error is copied; readyToUse stays false; no event",
          .claims = {s43.claim()},
          .volumes = {s43.volume()},
          .snapshots = {s43.vs().Finalizers({kAsSource, kBound}).Bound(s43.bound()).Ready(false)},
          .contents = {s43.content().Ready(false).Error(
              "Failed to create snapshot: rpc error: code = Internal desc = boom")},
          .op = SyncSnapshot("default/snap4-3"),
          .expected_snapshots =
              {{s43.vs()
                    .Finalizers({kAsSource, kBound})
                    .Bound(s43.bound())
                    .Ready(false)
                    .Error("Failed to create snapshot: rpc error: code = Internal desc = boom")}},
      },
      {
          .name = "4-4 - (dynamic) a new content error replaces the recorded one",
          .claims = {s44.claim()},
          .volumes = {s44.volume()},
          .snapshots = {s44.vs()
                            .Finalizers({kAsSource, kBound})
                            .Bound(s44.bound())
                            .Ready(false)
                            .Error("old error")},
          .contents = {s44.content().Ready(false).Error("new error")},
          .op = SyncSnapshot("default/snap4-4"),
          .expected_snapshots = {{s44.vs()
                                      .Finalizers({kAsSource, kBound})
                                      .Bound(s44.bound())
                                      .Ready(false)
                                      .Error("new error")}},
      },
      {
          .name = "4-5 - (dynamic) restoreSize 0 is replaced by the content's size",
          .claims = {s45.claim()},
          .volumes = {s45.volume()},
          .snapshots =
              {s45.vs().Finalizers({kAsSource, kBound}).Bound(s45.bound()).Ready(false).Size("0")},
          .contents = {s45.content().Ready(false).RestoreSize(k1Gi)},
          .op = SyncSnapshot("default/snap4-5"),
          .expected_snapshots = {{s45.vs()
                                      .Finalizers({kAsSource, kBound})
                                      .Bound(s45.bound())
                                      .Ready(false)
                                      .Size("1Gi")}},
      },
      {
          .name = "4-6 - (dynamic) a set restoreSize and creationTime are never overwritten: no "
                  "write at all",
          .claims = {s46.claim()},
          .volumes = {s46.volume()},
          .snapshots = {s46.vs()
                            .Finalizers({kAsSource, kBound})
                            .Bound(s46.bound())
                            .Ready(false)
                            .Created("2026-01-01T00:00:10Z")
                            .Size("2Gi")},
          .contents = {s46.content().Ready(false).CreatedNanos(kCut).RestoreSize(k1Gi)},
          .op = SyncSnapshot("default/snap4-6"),
          .expected_writes = std::vector<std::string>{},
      },
      {
          .name = "4-7 - (dynamic) both statuses nil: bound name and readyToUse false",
          .claims = {s47.claim()},
          .volumes = {s47.volume()},
          .snapshots = {s47.vs().Finalizers({kAsSource})},
          .contents = {s47.content()},
          .op = SyncSnapshot("default/snap4-7"),
          .expected_snapshots =
              {{s47.vs().Finalizers({kAsSource}).Bound(s47.bound()).Ready(false)}},
      },
      {
          .name = "4-8 - (dynamic) status holding only an error: new content binds it, readyToUse "
                  "false, error cleared",
          .claims = {s48.claim()},
          .volumes = {s48.volume()},
          .snapshots = {s48.vs()
                            .Finalizers({kAsSource})
                            .Error("Failed to create snapshot content with error x")},
          .op = SyncSnapshot("default/snap4-8"),
          .expected_snapshots =
              {{s48.vs().Finalizers({kAsSource}).Bound(s48.bound()).Ready(false)}},
          .expected_contents = {{DynamicContent("snap4-8", "disk-pv-snap4-8")}},
          .expected_claims = {{s48.claim().Finalizer(kPvcSource)}},
          .expected_events = {Normal("CreatingSnapshot",
                                     "Waiting for a snapshot default/snap4-8 to be created ...")},
      },
      {
          .name = "4-9 - (dynamic) a ready snapshot never copies the content status again",
          .claims = {s49.claim()},
          .volumes = {s49.volume()},
          .snapshots = {s49.vs()
                            .Finalizers({kAsSource, kBound})
                            .Bound(s49.bound())
                            .Ready(true)
                            .Created("2026-01-01T00:00:36Z")
                            .Size("1Gi")},
          .contents = {s49.content().Ready(false).Error(
              "Failed to check and update snapshot content: gone")},
          .op = SyncSnapshot("default/snap4-9"),
          .expected_writes = std::vector<std::string>{},
      },
      {
          .name = "4-10 - (dynamic) ready snapshot whose content vanished: SnapshotContentMissing, "
                  "readyToUse false",
          .claims = {s410.claim()},
          .volumes = {s410.volume()},
          .snapshots = {s410.vs()
                            .Finalizers({kAsSource, kBound})
                            .Bound(s410.bound())
                            .Ready(true)
                            .Created("2026-01-01T00:00:36Z")},
          .op = SyncSnapshot("default/snap4-10"),
          .expected_snapshots = {{s410.vs()
                                      .Finalizers({kAsSource, kBound})
                                      .Bound(s410.bound())
                                      .Ready(false)
                                      .Created("2026-01-01T00:00:36Z")
                                      .Error("VolumeSnapshotContent is missing")}},
          .expected_events = {Warning("SnapshotContentMissing",
                                      "VolumeSnapshotContent is missing")},
      },
      {
          .name =
              "4-11 - ready snapshot bound to a content that points elsewhere: SnapshotMisbound",
          .claims = {s411.claim()},
          .volumes = {s411.volume()},
          .snapshots = {s411.vs().Finalizers({kAsSource}).Bound("other-content4-11").Ready(true)},
          .contents = {Vsc("other-content4-11")
                           .FullRef("someone-else", "uid-of-someone-else")
                           .VolumeHandle("disk-x")
                           .Class("gold")
                           .Finalizers({kContentBound})},
          .op = SyncSnapshot("default/snap4-11"),
          .expected_snapshots =
              {{s411.vs()
                    .Finalizers({kAsSource})
                    .Bound("other-content4-11")
                    .Ready(false)
                    .Error("VolumeSnapshotContent is not bound to the VolumeSnapshot correctly")}},
          .expected_events = {Warning(
              "SnapshotMisbound",
              "VolumeSnapshotContent is not bound to the VolumeSnapshot correctly")},
      },
      {
          .name = "4-12 - run to rest: SnapshotCreated and SnapshotReady are emitted once; bound "
                  "finalizer follows",
          .claims = {s412.claim()},
          .volumes = {s412.volume()},
          .snapshots = {s412.vs().Finalizers({kAsSource})},
          .contents = {s412.content().Handle("s-4-12").Ready(true).CreatedNanos(kCut).RestoreSize(
              k20Gi)},
          .op = RunToRest(),
          .expected_snapshots = {{s412.vs()
                                      .Finalizers({kAsSource, kBound})
                                      .Bound(s412.bound())
                                      .Ready(true)
                                      .Created("2026-01-01T00:00:36Z")
                                      .Size("20Gi")}},
          .expected_events =
              {Normal("SnapshotCreated",
                      "Snapshot default/snap4-12 was successfully created by the CSI driver."),
               Normal("SnapshotReady", "Snapshot default/snap4-12 is ready to use.")},
      },
      {
          .name = "4-13 - (dynamic) status write conflicts: events already emitted, then "
                  "SnapshotStatusUpdateFailed "
                  "with readyToUse false",
          .claims = {s413.claim()},
          .volumes = {s413.volume()},
          .snapshots = {s413.vs().Finalizers({kAsSource})},
          .contents = {s413.content().Handle("s-4-13").Ready(true).CreatedNanos(kCut)},
          .errors = {{"update", "volumesnapshots", "Conflict", "status"}},
          .op = SyncSnapshot("default/snap4-13"),
          .expected_snapshots =
              {{s413.vs()
                    .Finalizers({kAsSource})
                    .Ready(false)
                    .Error("Snapshot status update failed, snapshot controller failed to update "
                           "default/snap4-13 on API server: " +
                           ConflictVs("snap4-13"))}},
          .expected_events =
              {Normal("SnapshotCreated",
                      "Snapshot default/snap4-13 was successfully created by the CSI driver."),
               Normal("SnapshotReady", "Snapshot default/snap4-13 is ready to use."),
               Warning("SnapshotStatusUpdateFailed",
                       "Snapshot status update failed, snapshot controller failed to update "
                       "default/snap4-13 on API server: " +
                           ConflictVs("snap4-13"))},
          .outcome =
              Failure("snapshot controller failed to update default/snap4-13 on API server: " +
                      ConflictVs("snap4-13")),
      },
      {
          .name = "4-14 - (dynamic) restoreSize keeps BinarySI form for an odd byte count",
          .claims = {s414.claim()},
          .volumes = {s414.volume()},
          .snapshots = {s414.vs().Finalizers({kAsSource, kBound}).Bound(s414.bound()).Ready(false)},
          .contents = {s414.content().Ready(false).RestoreSize(1536 * 1024 * 1024LL + 1)},
          .op = SyncSnapshot("default/snap4-14"),
          .expected_snapshots = {{s414.vs()
                                      .Finalizers({kAsSource, kBound})
                                      .Bound(s414.bound())
                                      .Ready(false)
                                      .Size("1610612737")}},
      },
  };
}

std::vector<ControllerTest> DedupCases() {
  const std::string kClassMissing =
      R"(Failed to get snapshot class with error volumesnapshotclass.snapshot.storage.k8s.io "platinum" not found)";
  return {
      {
          .name = "5-1 - the same GetSnapshotClassFailed message again: no write, no event, still "
                  "an error",
          .claims = {Pvc("claim5-1").Bound("pv5-1")},
          .volumes = {Pv("pv5-1", "claim5-1")},
          .snapshots = {Vs("snap5-1").Pvc("claim5-1").Class("platinum").Error(kClassMissing)},
          .op = SyncSnapshot("default/snap5-1"),
          .outcome = Failure(R"(volumesnapshotclass.snapshot.storage.k8s.io "platinum" not found)"),
          .expected_writes = std::vector<std::string>{},
      },
      {
          .name = "5-2 - (static) the same SnapshotContentMissing again: no write, no event, still "
                  "an error",
          .snapshots = {Vs("snap5-2")
                            .Content("content5-2")
                            .Class("gold")
                            .Finalizers({kAsSource})
                            .Ready(false)
                            .Error("VolumeSnapshotContent is missing")},
          .op = SyncSnapshot("default/snap5-2"),
          .outcome =
              Failure("snapshot default/snap5-2 requests an non-existing content content5-2"),
          .expected_writes = std::vector<std::string>{},
      },
      {
          .name = "5-3 - a different error message replaces the recorded one and is reported",
          .snapshots = {Vs("snap5-3")
                            .Content("content5-3")
                            .Class("gold")
                            .Finalizers({kAsSource})
                            .Ready(false)
                            .Error("VolumeSnapshotContent is missing")},
          .contents = {Vsc("content5-3").Ref("snap5-3").VolumeHandle("disk-somewhere")},
          .op = SyncSnapshot("default/snap5-3"),
          .expected_snapshots =
              {{Vs("snap5-3")
                    .Content("content5-3")
                    .Class("gold")
                    .Finalizers({kAsSource})
                    .Ready(false)
                    .Error("VolumeSnapshotContent is dynamically provisioned while expecting a "
                           "pre-provisioned one")}},
          .expected_events = {Warning("SnapshotContentMismatch",
                                      "VolumeSnapshotContent is dynamically provisioned ..."),
                              Warning("SnapshotFinalizerError",
                                      "Failed to check and update snapshot: ...")},
          .outcome = Failure(),
      },
      {
          .name = "5-4 - run to rest with a missing content: the error is reported once although "
                  "retries continue",
          .snapshots = {Vs("snap5-4").Content("content5-4").Class("gold").Finalizers({kAsSource})},
          .op = RunToRest(10 * engine::kMinute),
          .expected_snapshots = {{Vs("snap5-4")
                                      .Content("content5-4")
                                      .Class("gold")
                                      .Finalizers({kAsSource})
                                      .Ready(false)
                                      .Error("VolumeSnapshotContent is missing")}},
          .expected_events = {Warning("SnapshotContentMissing",
                                      "VolumeSnapshotContent is missing")},
          // Backoff retries never stop while the content is missing.
          .outcome = Failure(),
          .check = [](Fixture& f) { EXPECT_GE(f.loop().Now(), 10 * engine::kMinute); },
      },
  };
}

INSTANTIATE_TEST_SUITE_P(Status, ControllerTableTest, ::testing::ValuesIn(StatusCases()),
                         CaseParamName);
INSTANTIATE_TEST_SUITE_P(Dedup, ControllerTableTest, ::testing::ValuesIn(DedupCases()),
                         CaseParamName);

}  // namespace
}  // namespace snapsim::csi::testing
