// Snapshot deletion, the common controller's side of the deletion matrix D1-D10
// (semantics reference §3.7, §3.10; upstream snapshot_delete_test.go; issues
// #292, #1366, #248).
#include "src/csi/snapshot_controller/testing/framework.h"

namespace snapsim::csi::testing {
namespace {

// A bound, ready, deleting dynamic snapshot `name` (claim "c-<name>", PV
// "pv-<name>") and its content with the given policy.
struct Bound {
  std::string name;
  std::string policy = "Delete";
  Vs vs() const {
    return Vs(name)
        .Pvc("c-" + name)
        .Class("gold")
        .Bound("snapcontent-{uid:" + name + "}")
        .Ready(true);
  }
  Vsc content() const {
    return DynamicContent(name, "disk-pv-" + name, "gold", policy)
        .Finalizers({kContentBound})
        .Handle("s-" + name)
        .Ready(true);
  }
  Pvc claim() const { return Pvc("c-" + name).Bound("pv-" + name); }
  Pv volume() const { return Pv("pv-" + name, "c-" + name); }
};

std::vector<ControllerTest> DeleteCases() {
  Bound d1{"snap7-1"}, d1b{"snap7-2"}, d2{"snap7-3", "Retain"}, d6{"snap7-5"}, d6b{"snap7-6"},
      d7{"snap7-7", "Retain"}, mis{"snap7-8"}, err{"snap7-9"}, cand{"snap7-11"};
  return {
      {
          .name = "7-1 - D1 (Delete): being-deleted annotation, content deleted, snapshot keeps "
                  "only the bound finalizer",
          .claims = {d1.claim()},
          .volumes = {d1.volume()},
          .snapshots = {d1.vs().Finalizers({kAsSource, kBound}).Deleting()},
          .contents = {d1.content()},
          .op = SyncSnapshot("default/snap7-1"),
          .expected_snapshots = {{d1.vs().Finalizers({kBound}).Deleting()}},
          .expected_contents =
              {{d1.content().Annotation(std::string(kBeingDeleted), "yes").Deleting()}},
      },
      {
          .name = "7-2 - D1 (Delete) once the content object is gone: the bound finalizer goes, "
                  "the snapshot is gone",
          .claims = {d1b.claim()},
          .volumes = {d1b.volume()},
          .snapshots = {d1b.vs().Finalizers({kBound}).Deleting()},
          .op = SyncSnapshot("default/snap7-2"),
          .expected_snapshots = std::vector<Vs>{},
      },
      {
          .name =
              "7-3 - D2 (Retain): annotation set, content kept, as-source removed, snapshot gone",
          .claims = {d2.claim()},
          .volumes = {d2.volume()},
          .snapshots = {d2.vs().Finalizers({kAsSource}).Deleting()},
          .contents = {d2.content()},
          .op = SyncSnapshot("default/snap7-3"),
          .expected_snapshots = std::vector<Vs>{},
          .expected_contents = {{d2.content().Annotation(std::string(kBeingDeleted), "yes")}},
      },
      {
          .name = "7-4 - D4 deleted before any content: finalizer removed, PVC finalizer released "
                  "(skipSelf)",
          .claims = {Pvc("c-snap7-4").Bound("pv-snap7-4").Finalizer(kPvcSource)},
          .volumes = {Pv("pv-snap7-4", "c-snap7-4")},
          .snapshots =
              {Vs("snap7-4").Pvc("c-snap7-4").Class("gold").Finalizers({kAsSource}).Deleting()},
          .op = SyncSnapshot("default/snap7-4"),
          .expected_snapshots = std::vector<Vs>{},
          .expected_claims = {{Pvc("c-snap7-4").Bound("pv-snap7-4")}},
      },
      {
          .name = "7-5 - D6 a Pending PVC restores from it: SnapshotDeletePending and an error to "
                  "retry (#1366)",
          .claims = {d6.claim(), Pvc("restore7-5").RestoresFrom("snap7-5")},
          .volumes = {d6.volume()},
          .snapshots = {d6.vs().Finalizers({kAsSource, kBound}).Deleting()},
          .contents = {d6.content()},
          .op = SyncSnapshot("default/snap7-5"),
          .expected_events = {Warning("SnapshotDeletePending",
                                      "Snapshot is being used to restore a PVC")},
          .outcome = Failure("snapshot default/snap7-5 is in use (being used to restore a PVC), "
                             "will retry deletion"),
          .expected_writes = std::vector<std::string>{},
      },
      {
          .name = "7-6 - D6 the restoring PVC is Bound by now: deletion proceeds as D1",
          .claims = {d6b.claim(), Pvc("restore7-6").RestoresFrom("snap7-6").Bound("pv-restored")},
          .volumes = {d6b.volume()},
          .snapshots = {d6b.vs().Finalizers({kAsSource, kBound}).Deleting()},
          .contents = {d6b.content()},
          .op = SyncSnapshot("default/snap7-6"),
          .expected_snapshots = {{d6b.vs().Finalizers({kBound}).Deleting()}},
          .expected_contents =
              {{d6b.content().Annotation(std::string(kBeingDeleted), "yes").Deleting()}},
      },
      {
          .name = "7-7 - D7 policy flipped Delete -> Retain after binding: the current policy "
                  "wins, both finalizers go (#292)",
          .claims = {d7.claim()},
          .volumes = {d7.volume()},
          .snapshots = {d7.vs().Finalizers({kAsSource, kBound}).Deleting()},
          .contents = {d7.content()},
          .op = SyncSnapshot("default/snap7-7"),
          .expected_snapshots = std::vector<Vs>{},
          .expected_contents = {{d7.content().Annotation(std::string(kBeingDeleted), "yes")}},
      },
      {
          .name = "7-8 - content points at another uid: neither annotated nor deleted; the "
                  "snapshot goes (#291)",
          .claims = {mis.claim()},
          .volumes = {mis.volume()},
          .snapshots = {mis.vs().Finalizers({kAsSource, kBound}).Deleting()},
          .contents = {mis.content().FullRef("snap7-8", "uid-of-an-older-snap7-8")},
          .op = SyncSnapshot("default/snap7-8"),
          .expected_snapshots = std::vector<Vs>{},
      },
      {
          .name = "7-9 - content DELETE fails: SnapshotContentObjectDeleteError, finalizers kept, "
                  "error",
          .claims = {err.claim()},
          .volumes = {err.volume()},
          .snapshots = {err.vs().Finalizers({kAsSource, kBound}).Deleting()},
          .contents = {err.content()},
          .errors = {{"delete", "volumesnapshotcontents", "InternalError"}},
          .op = SyncSnapshot("default/snap7-9"),
          .expected_contents = {{err.content().Annotation(std::string(kBeingDeleted), "yes")}},
          .expected_events = {Warning("SnapshotContentObjectDeleteError",
                                      "Failed to delete snapshot content API object")},
          .outcome = Failure(
              R"(failed to delete VolumeSnapshotContent snapcontent-{uid:snap7-9} from API server: "Internal error occurred: injected fault on volumesnapshotcontents.snapshot.storage.k8s.io \"snapcontent-{uid:snap7-9}\"")"),
      },
      {
          .name = "7-10 - status never named the content: snapcontent-<uid> is found by name, "
                  "annotated and deleted",
          .claims = {Pvc("c-snap7-10").Bound("pv-snap7-10")},
          .volumes = {Pv("pv-snap7-10", "c-snap7-10")},
          .snapshots =
              {Vs("snap7-10").Pvc("c-snap7-10").Class("gold").Finalizers({kAsSource}).Deleting()},
          .contents = {DynamicContent("snap7-10", "disk-pv-snap7-10").Finalizers({kContentBound})},
          .op = SyncSnapshot("default/snap7-10"),
          // The bound finalizer was never added, so removing as-source lets the snapshot go.
          .expected_snapshots = std::vector<Vs>{},
          .expected_contents = {{DynamicContent("snap7-10", "disk-pv-snap7-10")
                                     .Finalizers({kContentBound})
                                     .Annotation(std::string(kBeingDeleted), "yes")
                                     .Deleting()}},
      },
      {
          .name = "7-11 - not a deletion candidate (only a foreign finalizer): nothing is touched",
          .claims = {cand.claim()},
          .volumes = {cand.volume()},
          .snapshots = {cand.vs().Finalizers({"example.com/hold"}).Deleting()},
          .contents = {cand.content()},
          .op = SyncSnapshot("default/snap7-11"),
          .expected_writes = std::vector<std::string>{},
      },
      {
          .name = "7-12 - deleting one of two unready snapshots of a PVC: the PVC finalizer stays "
                  "for the other",
          .claims = {Pvc("c-snap7-12").Bound("pv-snap7-12").Finalizer(kPvcSource)},
          .volumes = {Pv("pv-snap7-12", "c-snap7-12")},
          .snapshots =
              {Vs("snap7-12").Pvc("c-snap7-12").Class("gold").Finalizers({kAsSource}).Deleting(),
               Vs("snap7-12b").Pvc("c-snap7-12").Class("gold").Finalizers({kAsSource})},
          .op = SyncSnapshot("default/snap7-12"),
          .expected_snapshots =
              {{Vs("snap7-12b").Pvc("c-snap7-12").Class("gold").Finalizers({kAsSource})}},
      },
      {
          .name = "7-13 - releasing the PVC finalizer fails during deletion: ErrorPVCFinalizer, "
                  "snapshot finalizers kept",
          .claims = {Pvc("c-snap7-13").Bound("pv-snap7-13").Finalizer(kPvcSource)},
          .volumes = {Pv("pv-snap7-13", "c-snap7-13")},
          .snapshots =
              {Vs("snap7-13").Pvc("c-snap7-13").Class("gold").Finalizers({kAsSource}).Deleting()},
          .errors = {{"update", "persistentvolumeclaims", "InternalError"}},
          .op = SyncSnapshot("default/snap7-13"),
          .expected_events = {Warning("ErrorPVCFinalizer",
                                      "Error check and remove PVC Finalizer for VolumeSnapshot")},
          .outcome = Failure(),
      },
      {
          .name = "7-14 - D1 run to rest (no csi-snapshotter): content Terminating with the "
                  "annotation, snapshot "
                  "waits on its bound finalizer",
          .claims = {Pvc("c-snap7-14").Bound("pv-snap7-14")},
          .volumes = {Pv("pv-snap7-14", "c-snap7-14")},
          .snapshots = {Vs("snap7-14")
                            .Pvc("c-snap7-14")
                            .Class("gold")
                            .Finalizers({kAsSource, kBound})
                            .Bound("snapcontent-{uid:snap7-14}")
                            .Ready(true)
                            .Deleting()},
          .contents = {DynamicContent("snap7-14", "disk-pv-snap7-14")
                           .Finalizers({kContentBound})
                           .Handle("s-7-14")
                           .Ready(true)},
          .op = RunToRest(),
          .expected_snapshots = {{Vs("snap7-14")
                                      .Pvc("c-snap7-14")
                                      .Class("gold")
                                      .Finalizers({kBound})
                                      .Bound("snapcontent-{uid:snap7-14}")
                                      .Ready(true)
                                      .Deleting()}},
          .expected_contents = {{DynamicContent("snap7-14", "disk-pv-snap7-14")
                                     .Finalizers({kContentBound})
                                     .Handle("s-7-14")
                                     .Ready(true)
                                     .Annotation(std::string(kBeingDeleted), "yes")
                                     .Deleting()}},
      },
      {
          .name =
              "7-15 - D1 completes when csi-snapshotter releases the content: the snapshot follows",
          .claims = {Pvc("c-snap7-15").Bound("pv-snap7-15")},
          .volumes = {Pv("pv-snap7-15", "c-snap7-15")},
          .snapshots = {Vs("snap7-15")
                            .Pvc("c-snap7-15")
                            .Class("gold")
                            .Finalizers({kAsSource, kBound})
                            .Bound("snapcontent-{uid:snap7-15}")
                            .Ready(true)
                            .Deleting()},
          .contents = {DynamicContent("snap7-15", "disk-pv-snap7-15")
                           .Finalizers({kContentBound})
                           .Handle("s-7-15")
                           .Ready(true)},
          .op = Custom(
              [](Fixture& f) {
                f.Settle();
                // csi-snapshotter: DeleteSnapshot done, drop the content finalizer.
                auto c = f.GetVsc("snapcontent-{uid:snap7-15}");
                if (c == nullptr) return Status::Internal("content already gone");
                auto copy = api::CloneAs<api::VolumeSnapshotContent>(c);
                copy->metadata.finalizers.clear();
                auto r = f.server().Update(copy, {.client = "csi-snapshotter"});
                if (!r.ok()) return r.error().ToStatus();
                return f.Settle().at_rest ? Status::Ok() : Status::Internal("not at rest");
              },
              /*single_sync=*/false),
          .expected_snapshots = std::vector<Vs>{},
          .expected_contents = std::vector<Vsc>{},
      },
      {
          .name = "7-16 - D5 deleted while CreateSnapshot is in flight (being-created set): the "
                  "controller acts as D1",
          .claims = {Pvc("c-snap7-16").Bound("pv-snap7-16").Finalizer(kPvcSource)},
          .volumes = {Pv("pv-snap7-16", "c-snap7-16")},
          .snapshots = {Vs("snap7-16")
                            .Pvc("c-snap7-16")
                            .Class("gold")
                            .Finalizers({kAsSource, kBound})
                            .Bound("snapcontent-{uid:snap7-16}")
                            .Ready(false)
                            .Deleting()},
          .contents = {DynamicContent("snap7-16", "disk-pv-snap7-16")
                           .Finalizers({kContentBound})
                           .Annotation(std::string(kBeingCreatedAnnotation), "yes")},
          .op = SyncSnapshot("default/snap7-16"),
          .expected_snapshots = {{Vs("snap7-16")
                                      .Pvc("c-snap7-16")
                                      .Class("gold")
                                      .Finalizers({kBound})
                                      .Bound("snapcontent-{uid:snap7-16}")
                                      .Ready(false)
                                      .Deleting()}},
          .expected_contents = {{DynamicContent("snap7-16", "disk-pv-snap7-16")
                                     .Finalizers({kContentBound})
                                     .Annotation(std::string(kBeingCreatedAnnotation), "yes")
                                     .Annotation(std::string(kBeingDeleted), "yes")
                                     .Deleting()}},
          // The deleting snapshot no longer holds the PVC (skipSelf).
          .expected_claims = {{Pvc("c-snap7-16").Bound("pv-snap7-16")}},
      },
  };
}

INSTANTIATE_TEST_SUITE_P(Delete, ControllerTableTest, ::testing::ValuesIn(DeleteCases()),
                         CaseParamName);

}  // namespace
}  // namespace snapsim::csi::testing
