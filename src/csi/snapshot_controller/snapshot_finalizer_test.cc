// Finalizers: volumesnapshot-as-source-protection (always), -bound-protection
// (bound with a Delete content only) and the source PVC's
// pvc-as-source-protection release (semantics reference §2, §3.2 step 4, §3.8;
// upstream snapshot_finalizer_test.go; issues #1305, #764, #1339).
#include <fmt/format.h>

#include "src/csi/snapshot_controller/testing/framework.h"

namespace snapsim::csi::testing {
namespace {

std::vector<ControllerTest> FinalizerCases() {
  return {
      {
          .name = "6-1 - (static) as-source is added to a snapshot without finalizers (full "
                  "Update); no bound "
                  "finalizer before the status names the content",
          .snapshots = {Vs("snap6-1").Content("content6-1").Class("gold")},
          .contents = {StaticContent("content6-1", "snap6-1", "s-6-1")
                           .Ref("snap6-1", "{uid:snap6-1}")
                           .Class("gold")
                           .Policy("Retain")
                           .Finalizers({kContentBound})
                           .Handle("s-6-1")
                           .Ready(true)},
          .op = SyncSnapshot("default/snap6-1"),
          .expected_snapshots = {{Vs("snap6-1")
                                      .Content("content6-1")
                                      .Class("gold")
                                      .Finalizers({kAsSource})
                                      .Bound("content6-1")
                                      .Ready(true)}},
          .expected_events = {Normal("SnapshotReady", "Snapshot default/snap6-1 is ready to use.")},
          .expected_writes = {{"update volumesnapshots", "update volumesnapshots/status"}},
      },
      {
          .name = "6-2 - (static) bound snapshot with a Delete content gets the bound finalizer "
                  "(also after a "
                  "Retain -> Delete flip, D7)",
          .snapshots = {Vs("snap6-2")
                            .Content("content6-2")
                            .Class("gold")
                            .Finalizers({kAsSource})
                            .Bound("content6-2")
                            .Ready(true)},
          .contents = {StaticContent("content6-2", "snap6-2", "s-6-2")
                           .Ref("snap6-2", "{uid:snap6-2}")
                           .Class("gold")
                           .Finalizers({kContentBound})
                           .Handle("s-6-2")
                           .Ready(true)},
          .op = SyncSnapshot("default/snap6-2"),
          .expected_snapshots = {{Vs("snap6-2")
                                      .Content("content6-2")
                                      .Class("gold")
                                      .Finalizers({kAsSource, kBound})
                                      .Bound("content6-2")
                                      .Ready(true)}},
      },
      {
          .name =
              "6-3 - (static) bound snapshot with a Retain content: no bound finalizer, no write",
          .snapshots = {Vs("snap6-3")
                            .Content("content6-3")
                            .Class("silver")
                            .Finalizers({kAsSource})
                            .Bound("content6-3")
                            .Ready(true)},
          .contents = {StaticContent("content6-3", "snap6-3", "s-6-3")
                           .Ref("snap6-3", "{uid:snap6-3}")
                           .Class("silver")
                           .Policy("Retain")
                           .Finalizers({kContentBound})
                           .Handle("s-6-3")
                           .Ready(true)},
          .op = SyncSnapshot("default/snap6-3"),
          .expected_writes = std::vector<std::string>{},
      },
      {
          .name = "6-4 - adding the finalizer conflicts: SnapshotFinalizerError names the snapshot "
                  "as ns/name",
          .snapshots = {Vs("snap6-4").Content("content6-4").Class("gold")},
          .contents = {StaticContent("content6-4", "snap6-4", "s-6-4")},
          .errors = {{"update", "volumesnapshots", "Conflict", ""}},
          .op = SyncSnapshot("default/snap6-4"),
          .expected_events = {Warning(
              "SnapshotFinalizerError",
              R"(Failed to check and update snapshot: snapshot controller failed to update default/snap6-4 on API server: Operation cannot be fulfilled on volumesnapshots.snapshot.storage.k8s.io "snap6-4": the object has been modified; please apply your changes to the latest version and try again)")},
          .outcome = Failure(
              R"(snapshot controller failed to update default/snap6-4 on API server: Operation cannot be fulfilled on volumesnapshots.snapshot.storage.k8s.io "snap6-4": the object has been modified; please apply your changes to the latest version and try again)"),
      },
      {
          .name = "6-5 - PVC finalizer released once every snapshot of the PVC is ready",
          .claims = {Pvc("claim6-5").Bound("pv6-5").Finalizer(kPvcSource)},
          .volumes = {Pv("pv6-5", "claim6-5")},
          .snapshots = {Vs("snap6-5")
                            .Pvc("claim6-5")
                            .Class("gold")
                            .Finalizers({kAsSource, kBound})
                            .Bound("snapcontent-{uid:snap6-5}")
                            .Ready(true)},
          .contents = {DynamicContent("snap6-5", "disk-pv6-5")
                           .Finalizers({kContentBound})
                           .Handle("s-6-5")
                           .Ready(true)},
          .op = SyncSnapshot("default/snap6-5"),
          .expected_claims = {{Pvc("claim6-5").Bound("pv6-5")}},
          .expected_writes = {{"update persistentvolumeclaims"}},
      },
      {
          .name = "6-6 - PVC finalizer kept while another snapshot of the PVC is not ready, even a "
                  "hopeless one (#1305)",
          .claims = {Pvc("claim6-6").Bound("pv6-6").Finalizer(kPvcSource)},
          .volumes = {Pv("pv6-6", "claim6-6")},
          .snapshots =
              {Vs("snap6-6")
                   .Pvc("claim6-6")
                   .Class("gold")
                   .Finalizers({kAsSource, kBound})
                   .Bound("snapcontent-{uid:snap6-6}")
                   .Ready(true),
               Vs("snap6-6b")
                   .Pvc("claim6-6")
                   .Class("platinum")
                   .Error(
                       R"(Failed to get snapshot class with error volumesnapshotclass.snapshot.storage.k8s.io "platinum" not found)")},
          .contents = {DynamicContent("snap6-6", "disk-pv6-6")
                           .Finalizers({kContentBound})
                           .Handle("s-6-6")
                           .Ready(true)},
          .op = SyncSnapshot("default/snap6-6"),
          .expected_writes = std::vector<std::string>{},
      },
      {
          .name = "6-7 - a static snapshot never holds a PVC: finalizer released next to it",
          .claims = {Pvc("claim6-7").Bound("pv6-7").Finalizer(kPvcSource)},
          .volumes = {Pv("pv6-7", "claim6-7")},
          .snapshots = {Vs("snap6-7")
                            .Pvc("claim6-7")
                            .Class("gold")
                            .Finalizers({kAsSource, kBound})
                            .Bound("snapcontent-{uid:snap6-7}")
                            .Ready(true),
                        Vs("static6-7").Content("content6-7").Finalizers({kAsSource})},
          .contents = {DynamicContent("snap6-7", "disk-pv6-7")
                           .Finalizers({kContentBound})
                           .Handle("s-6-7")
                           .Ready(true)},
          .op = SyncSnapshot("default/snap6-7"),
          .expected_claims = {{Pvc("claim6-7").Bound("pv6-7")}},
      },
      {
          .name =
              "6-8 - PVC finalizer removal conflicts once: retried on conflict and removed (#1339)",
          .claims = {Pvc("claim6-8").Bound("pv6-8").Finalizer(kPvcSource)},
          .volumes = {Pv("pv6-8", "claim6-8")},
          .snapshots = {Vs("snap6-8")
                            .Pvc("claim6-8")
                            .Class("gold")
                            .Finalizers({kAsSource, kBound})
                            .Bound("snapcontent-{uid:snap6-8}")
                            .Ready(true)},
          .contents = {DynamicContent("snap6-8", "disk-pv6-8")
                           .Finalizers({kContentBound})
                           .Handle("s-6-8")
                           .Ready(true)},
          .errors = {{"update", "persistentvolumeclaims", "Conflict"}},
          .op = SyncSnapshot("default/snap6-8"),
          .expected_claims = {{Pvc("claim6-8").Bound("pv6-8")}},
      },
      {
          .name =
              "6-9 - a Terminating source PVC is released when its last snapshot is ready (D10)",
          .claims = {Pvc("claim6-9").Bound("pv6-9").Finalizer(kPvcSource).Deleting()},
          .volumes = {Pv("pv6-9", "claim6-9")},
          .snapshots = {Vs("snap6-9")
                            .Pvc("claim6-9")
                            .Class("gold")
                            .Finalizers({kAsSource, kBound})
                            .Bound("snapcontent-{uid:snap6-9}")
                            .Ready(true)},
          .contents = {DynamicContent("snap6-9", "disk-pv6-9")
                           .Finalizers({kContentBound})
                           .Handle("s-6-9")
                           .Ready(true)},
          .op = SyncSnapshot("default/snap6-9"),
          .expected_claims = {{Pvc("claim6-9").Bound("pv6-9").Deleting()}},
      },
      {
          .name =
              "6-10 - PVC finalizer removal fails for good: ErrorPVCFinalizer, the sync goes on",
          .claims = {Pvc("claim6-10").Bound("pv6-10").Finalizer(kPvcSource)},
          .volumes = {Pv("pv6-10", "claim6-10")},
          .snapshots = {Vs("snap6-10")
                            .Pvc("claim6-10")
                            .Class("gold")
                            .Finalizers({kAsSource})
                            .Bound("snapcontent-{uid:snap6-10}")
                            .Ready(true)},
          .contents = {DynamicContent("snap6-10", "disk-pv6-10")
                           .Finalizers({kContentBound})
                           .Handle("s-6-10")
                           .Ready(true)},
          .errors = {{"update", "persistentvolumeclaims", "InternalError"}},
          .op = SyncSnapshot("default/snap6-10"),
          // The bound finalizer is still added after the PVC error.
          .expected_snapshots = {{Vs("snap6-10")
                                      .Pvc("claim6-10")
                                      .Class("gold")
                                      .Finalizers({kAsSource, kBound})
                                      .Bound("snapcontent-{uid:snap6-10}")
                                      .Ready(true)}},
          .expected_events = {Warning("ErrorPVCFinalizer",
                                      "Error check and remove PVC Finalizer for VolumeSnapshot")},
      },
      {
          .name = "6-11 - a deleting snapshot waiting for its content: as-source is not re-added, "
                  "nothing changes",
          .claims = {Pvc("claim6-11").Bound("pv6-11")},
          .volumes = {Pv("pv6-11", "claim6-11")},
          .snapshots = {Vs("snap6-11")
                            .Pvc("claim6-11")
                            .Class("gold")
                            .Finalizers({kBound})
                            .Bound("snapcontent-{uid:snap6-11}")
                            .Ready(true)
                            .Deleting()},
          .contents = {DynamicContent("snap6-11", "disk-pv6-11")
                           .Finalizers({kContentBound})
                           .Handle("s-6-11")
                           .Ready(true)
                           .Annotation(std::string(kBeingDeleted), "yes")
                           .Deleting()},
          .op = SyncSnapshot("default/snap6-11"),
      },
  };
}

INSTANTIATE_TEST_SUITE_P(Finalizer, ControllerTableTest, ::testing::ValuesIn(FinalizerCases()),
                         CaseParamName);

}  // namespace
}  // namespace snapsim::csi::testing
