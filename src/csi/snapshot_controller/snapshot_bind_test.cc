// Static (pre-provisioned) binding and the content lookup helpers shared with the
// dynamic path: uid and class filled in, SnapshotContentMissing / Misbound /
// Mismatch (semantics reference §3.2 "Content lookup helpers", §3.3 "Static VS";
// upstream snapshot_update_test.go 2-x/3-x; issue #345).
#include "src/csi/snapshot_controller/testing/framework.h"

namespace snapsim::csi::testing {
namespace {

std::vector<ControllerTest> BindCases() {
  return {
      {
          .name = "3-1 - (static) content with an empty ref uid: uid and the snapshot's class are "
                  "patched in, status mirrored",
          .snapshots = {Vs("snap3-1").Content("content3-1").Class("gold").Finalizers({kAsSource})},
          .contents = {StaticContent("content3-1", "snap3-1", "s-3-1")
                           .Handle("s-3-1")
                           .Ready(true)
                           .CreatedNanos(kTime0Nanos + 5'000'000'000)
                           .RestoreSize(1073741824)},
          .op = SyncSnapshot("default/snap3-1"),
          .expected_snapshots = {{Vs("snap3-1")
                                      .Content("content3-1")
                                      .Class("gold")
                                      .Finalizers({kAsSource})
                                      .Bound("content3-1")
                                      .Ready(true)
                                      .Created("2026-01-01T00:00:05Z")
                                      .Size("1Gi")}},
          .expected_contents = {{StaticContent("content3-1", "snap3-1", "s-3-1")
                                     .Ref("snap3-1", "{uid:snap3-1}")
                                     .Class("gold")
                                     .Handle("s-3-1")
                                     .Ready(true)
                                     .CreatedNanos(kTime0Nanos + 5'000'000'000)
                                     .RestoreSize(1073741824)}},
          .expected_events =
              {Normal("SnapshotCreated",
                      "Snapshot default/snap3-1 was successfully created by the CSI driver."),
               Normal("SnapshotReady", "Snapshot default/snap3-1 is ready to use.")},
      },
      {
          .name = "3-2 - (static) snapshot without a class: uid patched, the content's own class "
                  "is kept",
          .snapshots = {Vs("snap3-2").Content("content3-2").Finalizers({kAsSource})},
          .contents = {StaticContent("content3-2", "snap3-2", "s-3-2")
                           .Class("silver")
                           .Handle("s-3-2")
                           .Ready(false)},
          .op = SyncSnapshot("default/snap3-2"),
          .expected_snapshots = {{Vs("snap3-2")
                                      .Content("content3-2")
                                      .Finalizers({kAsSource})
                                      .Bound("content3-2")
                                      .Ready(false)}},
          .expected_contents = {{StaticContent("content3-2", "snap3-2", "s-3-2")
                                     .Ref("snap3-2", "{uid:snap3-2}")
                                     .Class("silver")
                                     .Handle("s-3-2")
                                     .Ready(false)}},
      },
      {
          .name = "3-3 - (static) content already bound with uid and class: no content write, only "
                  "the status",
          .snapshots = {Vs("snap3-3").Content("content3-3").Class("gold").Finalizers({kAsSource})},
          .contents = {StaticContent("content3-3", "snap3-3", "s-3-3")
                           .Ref("snap3-3", "{uid:snap3-3}")
                           .Class("gold")
                           .Finalizers({kContentBound})
                           .Handle("s-3-3")
                           .Ready(false)},
          .op = SyncSnapshot("default/snap3-3"),
          .expected_snapshots = {{Vs("snap3-3")
                                      .Content("content3-3")
                                      .Class("gold")
                                      .Finalizers({kAsSource})
                                      .Bound("content3-3")
                                      .Ready(false)}},
          .expected_writes = {{"update volumesnapshots/status"}},
      },
      {
          .name = "3-4 - (static) content missing: SnapshotContentMissing and an error to retry",
          .snapshots = {Vs("snap3-4").Content("content3-4").Class("gold").Finalizers({kAsSource})},
          .op = SyncSnapshot("default/snap3-4"),
          .expected_snapshots = {{Vs("snap3-4")
                                      .Content("content3-4")
                                      .Class("gold")
                                      .Finalizers({kAsSource})
                                      .Ready(false)
                                      .Error("VolumeSnapshotContent is missing")}},
          .expected_events = {Warning("SnapshotContentMissing",
                                      "VolumeSnapshotContent is missing")},
          .outcome =
              Failure("snapshot default/snap3-4 requests an non-existing content content3-4"),
      },
      {
          .name = "3-5 - (static) content bound to another uid: SnapshotContentMisbound, then "
                  "SnapshotFinalizerError",
          .snapshots = {Vs("snap3-5").Content("content3-5").Class("gold").Finalizers({kAsSource})},
          .contents = {StaticContent("content3-5", "snap3-5", "s-3-5")
                           .Ref("snap3-5", "uid-of-another-snapshot")},
          .op = SyncSnapshot("default/snap3-5"),
          .expected_snapshots =
              {{Vs("snap3-5")
                    .Content("content3-5")
                    .Class("gold")
                    .Finalizers({kAsSource})
                    .Ready(false)
                    .Error("VolumeSnapshotContent [content3-5] is bound to a different snapshot")}},
          .expected_events =
              {Warning("SnapshotContentMisbound",
                       "VolumeSnapshotContent [content3-5] is bound to a different snapshot"),
               Warning("SnapshotFinalizerError",
                       "Failed to check and update snapshot: VolumeSnapshotContent [content3-5] is "
                       "bound to a different snapshot")},
          .outcome = Failure("VolumeSnapshotContent [content3-5] is bound to a different snapshot"),
      },
      {
          .name = "3-6 - (static) content's ref names another namespace: SnapshotContentMisbound",
          .snapshots = {Vs("snap3-6").Content("content3-6").Class("gold").Finalizers({kAsSource})},
          .contents = {StaticContent("content3-6", "snap3-6", "s-3-6")
                           .Ref("snap3-6", "", "other-namespace")},
          .op = SyncSnapshot("default/snap3-6"),
          .expected_snapshots =
              {{Vs("snap3-6")
                    .Content("content3-6")
                    .Class("gold")
                    .Finalizers({kAsSource})
                    .Ready(false)
                    .Error("VolumeSnapshotContent [content3-6] is bound to a different snapshot")}},
          .expected_events =
              {Warning("SnapshotContentMisbound",
                       "VolumeSnapshotContent [content3-6] is bound to a different snapshot"),
               Warning("SnapshotFinalizerError", "Failed to check and update snapshot: ...")},
          .outcome = Failure(),
      },
      {
          .name = "3-7 - (static) the named content is dynamic: SnapshotContentMismatch",
          .snapshots = {Vs("snap3-7").Content("content3-7").Class("gold").Finalizers({kAsSource})},
          .contents = {Vsc("content3-7").Ref("snap3-7").VolumeHandle("disk-somewhere")},
          .op = SyncSnapshot("default/snap3-7"),
          .expected_snapshots =
              {{Vs("snap3-7")
                    .Content("content3-7")
                    .Class("gold")
                    .Finalizers({kAsSource})
                    .Ready(false)
                    .Error("VolumeSnapshotContent is dynamically provisioned while expecting a "
                           "pre-provisioned one")}},
          .expected_events =
              {Warning("SnapshotContentMismatch",
                       "VolumeSnapshotContent is dynamically provisioned while expecting a "
                       "pre-provisioned one"),
               Warning("SnapshotFinalizerError",
                       "Failed to check and update snapshot: snapshot default/snap3-7 expects a "
                       "pre-provisioned VolumeSnapshotContent content3-7 but gets a dynamically "
                       "provisioned one")},
          .outcome = Failure("snapshot default/snap3-7 expects a pre-provisioned "
                             "VolumeSnapshotContent content3-7 but "
                             "gets a dynamically provisioned one"),
      },
      {
          .name = "3-8 - (dynamic) snapcontent-<uid> is pre-provisioned: SnapshotContentMismatch",
          .claims = {Pvc("claim3-8").Bound("pv3-8")},
          .volumes = {Pv("pv3-8", "claim3-8")},
          .snapshots = {Vs("snap3-8").Pvc("claim3-8").Class("gold").Finalizers({kAsSource})},
          .contents = {Vsc("snapcontent-{uid:snap3-8}")
                           .FullRef("snap3-8", "{uid:snap3-8}")
                           .SnapshotHandle("s-3-8")},
          .op = SyncSnapshot("default/snap3-8"),
          .expected_snapshots =
              {{Vs("snap3-8")
                    .Pvc("claim3-8")
                    .Class("gold")
                    .Finalizers({kAsSource})
                    .Ready(false)
                    .Error("VolumeSnapshotContent snapcontent-{uid:snap3-8} is pre-provisioned "
                           "while expecting a dynamically provisioned one")}},
          .expected_events =
              {Warning("SnapshotContentMismatch",
                       "VolumeSnapshotContent snapcontent-{uid:snap3-8} is pre-provisioned while "
                       "expecting a dynamically provisioned one"),
               Warning(
                   "SnapshotFinalizerError",
                   "Failed to check and update snapshot: snapshot default/snap3-8 expects a "
                   "dynamically provisioned VolumeSnapshotContent snapcontent-{uid:snap3-8} but "
                   "gets a pre-provisioned one")},
          .outcome = Failure(
              "snapshot default/snap3-8 expects a dynamically provisioned VolumeSnapshotContent "
              "snapcontent-{uid:snap3-8} but gets a pre-provisioned one"),
      },
      {
          .name =
              "3-9 - (dynamic) snapcontent-<uid> points at another uid: SnapshotContentMisbound",
          .claims = {Pvc("claim3-9").Bound("pv3-9")},
          .volumes = {Pv("pv3-9", "claim3-9")},
          .snapshots = {Vs("snap3-9").Pvc("claim3-9").Class("gold").Finalizers({kAsSource})},
          .contents = {DynamicContent("snap3-9", "disk-pv3-9")
                           .FullRef("snap3-9", "uid-of-another-snapshot")},
          .op = SyncSnapshot("default/snap3-9"),
          .expected_snapshots =
              {{Vs("snap3-9")
                    .Pvc("claim3-9")
                    .Class("gold")
                    .Finalizers({kAsSource})
                    .Ready(false)
                    .Error("VolumeSnapshotContent [snapcontent-{uid:snap3-9}] is bound to a "
                           "different snapshot")}},
          .expected_events =
              {Warning("SnapshotContentMisbound",
                       "VolumeSnapshotContent [snapcontent-{uid:snap3-9}] is bound to a different "
                       "snapshot"),
               Warning("SnapshotFinalizerError", "Failed to check and update snapshot: ...")},
          .outcome = Failure(),
      },
      {
          .name = "3-10 - (static) re-using a Retained content of a deleted snapshot of the same "
                  "name: Misbound (#345)",
          .snapshots = {Vs("snap3-10").Content("retained3-10")},
          .contents = {StaticContent("retained3-10", "snap3-10", "s-3-10")
                           .Ref("snap3-10", "uid-of-the-deleted-snapshot")
                           .Policy("Retain")
                           .Finalizers({kContentBound})
                           .Annotation(std::string(kBeingDeleted), "yes")
                           .Handle("s-3-10")
                           .Ready(true)},
          .op = SyncSnapshot("default/snap3-10"),
          .expected_snapshots =
              {{Vs("snap3-10")
                    .Content("retained3-10")
                    .Ready(false)
                    .Error(
                        "VolumeSnapshotContent [retained3-10] is bound to a different snapshot")}},
          .expected_events =
              {Warning("SnapshotContentMisbound",
                       "VolumeSnapshotContent [retained3-10] is bound to a different snapshot"),
               Warning("SnapshotFinalizerError", "Failed to check and update snapshot: ...")},
          .outcome = Failure(),
      },
      {
          .name = "3-11 - (static) the binding patch fails: SnapshotBindFailed with the API error",
          .snapshots =
              {Vs("snap3-11").Content("content3-11").Class("gold").Finalizers({kAsSource})},
          .contents = {StaticContent("content3-11", "snap3-11", "s-3-11")},
          .errors = {{"patch", "volumesnapshotcontents", "InternalError"}},
          .op = SyncSnapshot("default/snap3-11"),
          .expected_snapshots =
              {{Vs("snap3-11")
                    .Content("content3-11")
                    .Class("gold")
                    .Finalizers({kAsSource})
                    .Ready(false)
                    .Error(
                        R"(Snapshot failed to bind VolumeSnapshotContent, Internal error occurred: injected fault on volumesnapshotcontents.snapshot.storage.k8s.io "content3-11")")}},
          .expected_events = {Warning(
              "SnapshotBindFailed",
              R"(Snapshot failed to bind VolumeSnapshotContent, Internal error occurred: injected fault on volumesnapshotcontents.snapshot.storage.k8s.io "content3-11")")},
          .outcome = Failure(),
          .bug = "checkandBindSnapshotContent writes the ref uid/class with a full Update; "
                 "upstream uses a JSON patch "
                 "(utils.PatchVolumeSnapshotContent, ops replace /spec/volumeSnapshotRef/uid and "
                 "/spec/volumeSnapshotClassName; snapshot_update_test.go 2-12 injects the error on "
                 "'patch "
                 "volumesnapshotcontents'). So a 'patch' fault never reaches it, and an Update on "
                 "a stale cached "
                 "content conflicts where upstream's patch would not. Also the status/event "
                 "message must carry the "
                 "raw API error ('Snapshot failed to bind VolumeSnapshotContent, <err>'); the "
                 "controller wraps it in "
                 "'snapshot controller failed to update <vs> on API server: ...'.",
      },
      {
          .name = "3-12 - (static) content bound by uid but without a class: the snapshot's class "
                  "is patched in",
          .snapshots =
              {Vs("snap3-12").Content("content3-12").Class("gold").Finalizers({kAsSource})},
          .contents = {StaticContent("content3-12", "snap3-12", "s-3-12")
                           .Ref("snap3-12", "{uid:snap3-12}")
                           .Finalizers({kContentBound})},
          .op = SyncSnapshot("default/snap3-12"),
          .expected_snapshots = {{Vs("snap3-12")
                                      .Content("content3-12")
                                      .Class("gold")
                                      .Finalizers({kAsSource})
                                      .Bound("content3-12")
                                      .Ready(false)}},
          .expected_contents = {{StaticContent("content3-12", "snap3-12", "s-3-12")
                                     .Ref("snap3-12", "{uid:snap3-12}")
                                     .Class("gold")
                                     .Finalizers({kContentBound})}},
      },
      {
          .name = "3-13 - (static) status write fails: SnapshotStatusUpdateFailed, readyToUse left "
                  "unset",
          .snapshots = {Vs("snap3-13")
                            .Content("content3-13")
                            .Class("gold")
                            .Finalizers({kAsSource})
                            .EmptyStatus()},
          .contents = {StaticContent("content3-13", "snap3-13", "s-3-13")
                           .Ref("snap3-13", "{uid:snap3-13}")
                           .Class("gold")
                           .Finalizers({kContentBound})
                           .Handle("s-3-13")},
          .errors = {{"update", "volumesnapshots", "Conflict", "status"}},
          .op = SyncSnapshot("default/snap3-13"),
          .expected_snapshots =
              {{Vs("snap3-13")
                    .Content("content3-13")
                    .Class("gold")
                    .Finalizers({kAsSource})
                    .Error("Snapshot status update failed, snapshot controller failed to update "
                           "default/snap3-13 on API server: " +
                           ConflictVs("snap3-13"))}},
          .expected_events = {Warning(
              "SnapshotStatusUpdateFailed",
              "Snapshot status update failed, snapshot controller failed to update "
              "default/snap3-13 on API server: " +
                  ConflictVs("snap3-13"))},
          .outcome =
              Failure("snapshot controller failed to update default/snap3-13 on API server: " +
                      ConflictVs("snap3-13")),
      },
  };
}

INSTANTIATE_TEST_SUITE_P(Bind, ControllerTableTest, ::testing::ValuesIn(BindCases()),
                         CaseParamName);

}  // namespace
}  // namespace snapsim::csi::testing
