// csi-snapshotter delete rows (semantics reference §4.1 shouldDelete, §4.4, §3.10).
#include "src/csi/snapshotter_sidecar/testing/framework.h"

namespace snapsim::csi::sidecar_testing {
namespace {

using disk::GrpcCode;

constexpr std::int64_t kDeleteCaseCreated = (kTime0Seconds + 100) * 1'000'000'000;

// A ready dynamic content the common controller has marked for deletion (D1).
Vsc Doomed(std::string_view policy = "Delete") {
  return Dynamic("c1", "vs1", "uid-1")
      .Policy(policy)
      .Handle("snap-1")
      .Ready(true)
      .CreatedNanos(kDeleteCaseCreated)
      .RestoreSize(20 * kGiB)
      .BeingDeleted()
      .Deleting();
}

std::vector<SidecarTest> DeleteCases() {
  std::vector<SidecarTest> rows;
  rows.push_back({
      .name = "S-31 - delete (Delete): DeleteSnapshot with the status handle, status cleared, finalizer removed",
      .contents = {Doomed()},
      .csi = {Delete("snap-1")},
      .op = SyncContent("c1"),
      .expected_contents = std::vector<Vsc>{},
      .expected_trace = {{"csi DeleteSnapshot snap-1", "update volumesnapshotcontents/status",
                          "patch volumesnapshotcontents"}},
  });
  rows.push_back({
      .name = "S-32 - delete (Retain): no CSI call, finalizer removed",
      .contents = {Doomed("Retain")},
      .op = SyncContent("c1"),
      .expected_contents = std::vector<Vsc>{},
      .expected_trace = {{"patch volumesnapshotcontents"}},
  });
  {
    std::string msg =
        R"(failed to delete snapshot "c1", err: failed to delete snapshot content c1: "rpc error: code = Internal desc = DeleteSnapshot: failed to delete snap-1 with error: boom")";
    rows.push_back({
        .name = "S-33 - delete: DeleteSnapshot fails -> SnapshotDeleteError, finalizer kept, requeue",
        .contents = {Doomed()},
        .csi = {DeleteFails("snap-1", GrpcCode::kInternal, "DeleteSnapshot: failed to delete snap-1 with error: boom")},
        .op = SyncContent("c1"),
        .expected_events = {Warning("SnapshotDeleteError", "Failed to delete snapshot")},
        .outcome = Failure(msg),
    });
  }
  rows.push_back({
      .name = "S-34 - delete: the status cannot be cleared -> SnapshotDeleteError, finalizer kept",
      .contents = {Doomed()},
      .errors = {{"update", "volumesnapshotcontents", "InternalError", "status"}},
      .csi = {Delete("snap-1")},
      .op = SyncContent("c1"),
      .expected_events = {Warning("SnapshotDeleteError", "Failed to clear content status")},
      .outcome = Failure("snapshot controller failed to update c1 on API server: ..."),
  });
  {
    auto content = [] {
      return Doomed()
          .Annotation(std::string(kDeletionSecretNameAnnotation), "")
          .Annotation(std::string(kDeletionSecretNamespaceAnnotation), "default");
    };
    rows.push_back({
        .name = "S-35 - delete: unusable secret annotations -> SnapshotDeleteError, no CSI call",
        .contents = {content()},
        .op = SyncContent("c1"),
        .expected_events = {Warning("SnapshotDeleteError", "Failed to get snapshot credentials")},
        .outcome = Failure(
            R"(failed to get input parameters to delete snapshot for content c1: "cannot retrieve secrets for snapshot content \"c1\", err: secret name or namespace not specified")"),
    });
  }
  rows.push_back({
      .name = "S-36 - delete: the delete secret is passed to DeleteSnapshot",
      .secrets = {SecretObj("secret1", "default", {{"ak", "x"}})},
      .contents = {Doomed()
                       .Annotation(std::string(kDeletionSecretNameAnnotation), "secret1")
                       .Annotation(std::string(kDeletionSecretNamespaceAnnotation), "default")},
      .csi = {[] {
        CsiCall c = Delete("snap-1");
        c.secrets = std::map<std::string, std::string>{{"ak", "x"}};
        return c;
      }()},
      .op = SyncContent("c1"),
      .expected_contents = std::vector<Vsc>{},
  });
  rows.push_back({
      .name = "S-37 - delete blocked while being-created: the poll goes on instead (D5)",
      .contents = {Doomed().Ready(false).BeingCreated()},
      .csi = {Create("vol-1", "snapshot-uid-1", "snap-1", true)},
      .op = SyncContent("c1"),
      .expected_contents = {{Doomed()}},
      .outcome = Success(false),
  });
  rows.push_back({
      .name = "S-38 - a deleted content without being-deleted (VS still bound, D3) is left alone",
      .contents = {Doomed().NoAnnotation(kBeingDeleted)},
      .op = SyncContent("c1"),
      .expected_trace = {{}},
  });
  rows.push_back({
      .name = "S-39 - delete (Delete) without a status handle (creation failed): finalizer removed, no CSI call",
      .contents = {Dynamic("c1", "vs1", "uid-1").Ready(false).Error("Failed to create snapshot: x").BeingDeleted().Deleting()},
      .op = SyncContent("c1"),
      .expected_contents = std::vector<Vsc>{},
      .expected_trace = {{"patch volumesnapshotcontents"}},
  });
  rows.push_back({
      .name = "S-40 - an unbound pre-provisioned content is deleted without being-deleted (Delete: CSI call)",
      .contents = {Static("c1", "vs1", "", "snap-static")
                       .Handle("snap-static")
                       .Ready(true)
                       .CreatedNanos(kDeleteCaseCreated)
                       .Finalizers({kContentBound})
                       .Deleting()},
      .csi = {Delete("snap-static")},
      .op = SyncContent("c1"),
      .expected_contents = std::vector<Vsc>{},
  });
  rows.push_back({
      .name = "S-41 - a group member is released without DeleteSnapshot",
      .contents = {Doomed().GroupHandle("group-1")},
      .op = SyncContent("c1"),
      .expected_contents = std::vector<Vsc>{},
      .expected_trace = {{"patch volumesnapshotcontents"}},
  });
  rows.push_back({
      .name = "S-42 - the content's policy counts, not the class's: Retain class, Delete content -> DeleteSnapshot",
      .contents = {Doomed().Class("silver")},
      .csi = {Delete("snap-1")},
      .op = SyncContent("c1"),
      .expected_contents = std::vector<Vsc>{},
  });
  return rows;
}

INSTANTIATE_TEST_SUITE_P(Delete, SidecarTableTest, ::testing::ValuesIn(DeleteCases()), CaseParamName);

}  // namespace
}  // namespace snapsim::csi::sidecar_testing
