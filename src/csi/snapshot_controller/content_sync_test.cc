// syncContent: the content finalizer, the snapshot re-sync on content changes,
// the being-deleted annotation for deletion candidates and the data-loss guard
// for contents whose snapshot is absent (semantics reference §3.9, §3.10 D3,
// D8, D9; upstream snapshot_update_test.go 5-x; issue #678).
#include "src/csi/snapshot_controller/testing/framework.h"

namespace snapsim::csi::testing {
namespace {

std::vector<ControllerTest> ContentCases() {
  return {
      {
          .name = "8-1 - bound content without the finalizer gets it, and nothing else happens",
          .claims = {Pvc("claim8-1").Bound("pv8-1")},
          .volumes = {Pv("pv8-1", "claim8-1")},
          .snapshots = {Vs("snap8-1")
                            .Pvc("claim8-1")
                            .Class("gold")
                            .Finalizers({kAsSource})
                            .Bound("snapcontent-{uid:snap8-1}")
                            .Ready(false)},
          .contents = {DynamicContent("snap8-1", "disk-pv8-1")},
          .op = SyncContent("snapcontent-{uid:snap8-1}"),
          .expected_contents =
              {{DynamicContent("snap8-1", "disk-pv8-1").Finalizers({kContentBound})}},
      },
      {
          .name = "8-2 - pre-provisioned content not yet bound (empty uid): no finalizer, no write",
          .contents = {StaticContent("content8-2", "snap8-2", "s-8-2")},
          .op = SyncContent("content8-2"),
          .expected_writes = std::vector<std::string>{},
      },
      {
          .name = "8-3 - adding the content finalizer fails: error, content unchanged",
          .contents = {StaticContent("content8-3", "snap8-3", "s-8-3").Ref("snap8-3", "uid-8-3")},
          .errors = {{"patch", "volumesnapshotcontents", "InternalError"}},
          .op = SyncContent("content8-3"),
          .outcome = Failure(),
          .bug = "syncContent adds volumesnapshotcontent-bound-protection with a full Update; "
                 "upstream "
                 "addContentFinalizer uses a JSON patch (utils.PatchVolumeSnapshotContent; "
                 "snapshot_update_test.go "
                 "5-2 injects the failure on 'patch volumesnapshotcontents'). A patch fault never "
                 "reaches the "
                 "controller, and its Update of a stale cached content conflicts where upstream's "
                 "patch succeeds.",
      },
      {
          .name = "8-4 - the bound snapshot is a deletion candidate: the content gets "
                  "volumesnapshot-being-deleted",
          .claims = {Pvc("claim8-4").Bound("pv8-4")},
          .volumes = {Pv("pv8-4", "claim8-4")},
          .snapshots = {Vs("snap8-4")
                            .Pvc("claim8-4")
                            .Class("gold")
                            .Finalizers({kAsSource, kBound})
                            .Bound("snapcontent-{uid:snap8-4}")
                            .Ready(true)
                            .Deleting()},
          .contents =
              {DynamicContent("snap8-4", "disk-pv8-4").Finalizers({kContentBound}).Ready(true)},
          .op = SyncContent("snapcontent-{uid:snap8-4}"),
          .expected_contents = {{DynamicContent("snap8-4", "disk-pv8-4")
                                     .Finalizers({kContentBound})
                                     .Ready(true)
                                     .Annotation(std::string(kBeingDeleted), "yes")}},
      },
      {
          .name = "8-5 - the bound snapshot is deleting but holds none of our finalizers: no "
                  "annotation",
          .claims = {Pvc("claim8-5").Bound("pv8-5")},
          .volumes = {Pv("pv8-5", "claim8-5")},
          .snapshots = {Vs("snap8-5")
                            .Pvc("claim8-5")
                            .Class("gold")
                            .Finalizers({"example.com/hold"})
                            .Bound("snapcontent-{uid:snap8-5}")
                            .Ready(true)
                            .Deleting()},
          .contents =
              {DynamicContent("snap8-5", "disk-pv8-5").Finalizers({kContentBound}).Ready(true)},
          .op = SyncContent("snapcontent-{uid:snap8-5}"),
          .expected_writes = std::vector<std::string>{},
      },
      {
          .name = "8-6 - D9 orphan content being deleted (its snapshot is gone): never annotated, "
                  "stays (#678)",
          .contents = {Vsc("snapcontent-orphan8-6")
                           .FullRef("snap8-6", "uid-of-a-deleted-snapshot")
                           .VolumeHandle("disk-x")
                           .Class("gold")
                           .Finalizers({kContentBound})
                           .Handle("s-8-6")
                           .Ready(true)
                           .Deleting()},
          .op = SyncContent("snapcontent-orphan8-6"),
          .expected_writes = std::vector<std::string>{},
      },
      {
          .name =
              "8-7 - D8 snapshot recreated under the same name: the old content is not annotated",
          .claims = {Pvc("claim8-7").Bound("pv8-7")},
          .volumes = {Pv("pv8-7", "claim8-7")},
          .snapshots =
              {Vs("snap8-7").Pvc("claim8-7").Class("gold").Finalizers({kAsSource}).Deleting()},
          .contents = {Vsc("old-content8-7")
                           .FullRef("snap8-7", "uid-of-the-first-snap8-7")
                           .VolumeHandle("disk-pv8-7")
                           .Class("gold")
                           .Finalizers({kContentBound})
                           .Handle("s-8-7")
                           .Ready(true)},
          .op = SyncContent("old-content8-7"),
          .expected_writes = std::vector<std::string>{},
      },
      {
          .name = "8-8 - D3 content deleted while its snapshot is bound: no annotation, the "
                  "snapshot stays ready",
          .claims = {Pvc("claim8-8").Bound("pv8-8")},
          .volumes = {Pv("pv8-8", "claim8-8")},
          .snapshots = {Vs("snap8-8")
                            .Pvc("claim8-8")
                            .Class("gold")
                            .Finalizers({kAsSource, kBound})
                            .Bound("snapcontent-{uid:snap8-8}")
                            .Ready(true)},
          .contents = {DynamicContent("snap8-8", "disk-pv8-8")
                           .Finalizers({kContentBound})
                           .Handle("s-8-8")
                           .Ready(true)
                           .Deleting()},
          .op = RunToRest(),
      },
      {
          .name = "8-9 - a content status change re-syncs its snapshot (the snapshot itself did "
                  "not change)",
          .claims = {Pvc("claim8-9").Bound("pv8-9")},
          .volumes = {Pv("pv8-9", "claim8-9")},
          .snapshots = {Vs("snap8-9")
                            .Pvc("claim8-9")
                            .Class("gold")
                            .Finalizers({kAsSource, kBound})
                            .Bound("snapcontent-{uid:snap8-9}")
                            .Ready(false)},
          .contents =
              {DynamicContent("snap8-9", "disk-pv8-9").Finalizers({kContentBound}).Ready(false)},
          .op = Custom(
              [](Fixture& f) {
                if (!f.Settle().at_rest) return Status::Internal("not at rest before the change");
                // csi-snapshotter: the cut is done.
                auto c =
                    api::CloneAs<api::VolumeSnapshotContent>(f.GetVsc("snapcontent-{uid:snap8-9}"));
                c->status->snapshot_handle = "s-8-9";
                c->status->ready_to_use = true;
                c->status->creation_time = kTime0Nanos;
                c->status->restore_size = 1073741824;
                auto r = f.server().UpdateStatus(c, {.client = "csi-snapshotter"});
                if (!r.ok()) return r.error().ToStatus();
                return f.Settle().at_rest ? Status::Ok() : Status::Internal("not at rest");
              },
              /*single_sync=*/false),
          .expected_snapshots = {{Vs("snap8-9")
                                      .Pvc("claim8-9")
                                      .Class("gold")
                                      .Finalizers({kAsSource, kBound})
                                      .Bound("snapcontent-{uid:snap8-9}")
                                      .Ready(true)
                                      .Created("2026-01-01T00:00:00Z")
                                      .Size("1Gi")}},
          .expected_contents = {{DynamicContent("snap8-9", "disk-pv8-9")
                                     .Finalizers({kContentBound})
                                     .Handle("s-8-9")
                                     .Ready(true)
                                     .CreatedNanos(kTime0Nanos)
                                     .RestoreSize(1073741824)}},
          .expected_events =
              {Normal("SnapshotCreated",
                      "Snapshot default/snap8-9 was successfully created by the CSI driver."),
               Normal("SnapshotReady", "Snapshot default/snap8-9 is ready to use.")},
      },
  };
}

INSTANTIATE_TEST_SUITE_P(Content, ControllerTableTest, ::testing::ValuesIn(ContentCases()),
                         CaseParamName);

}  // namespace
}  // namespace snapsim::csi::testing
