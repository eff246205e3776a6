// Class resolution in syncSnapshotByKey: a named class must exist, a missing one
// picks the single default class of the PV's driver (semantics reference §3.1;
// upstream snapshotclass_test.go, issues #432, #667/#1099).
#include "src/csi/snapshot_controller/testing/framework.h"

namespace snapsim::csi::testing {
namespace {

std::vector<ControllerTest> ClassCases() {
  return {
      {
          .name = "1-1 - named class missing: GetSnapshotClassFailed, nothing else happens",
          .claims = {Pvc("claim1-1").Bound("pv1-1")},
          .volumes = {Pv("pv1-1", "claim1-1")},
          .snapshots = {Vs("snap1-1").Pvc("claim1-1").Class("platinum")},
          .op = SyncSnapshot("default/snap1-1"),
          .expected_snapshots =
              {{Vs("snap1-1")
                    .Pvc("claim1-1")
                    .Class("platinum")
                    .Error(
                        R"(Failed to get snapshot class with error volumesnapshotclass.snapshot.storage.k8s.io "platinum" not found)")}},
          .expected_events = {Warning(
              "GetSnapshotClassFailed",
              R"(Failed to get snapshot class with error volumesnapshotclass.snapshot.storage.k8s.io "platinum" not found)")},
          .outcome = Failure(R"(volumesnapshotclass.snapshot.storage.k8s.io "platinum" not found)"),
          .expected_writes = {{"update volumesnapshots/status"}},
      },
      {
          .name = "1-2 - class deleted after the snapshot became ready: error recorded, readyToUse "
                  "stays true (#432)",
          .claims = {Pvc("claim1-2").Bound("pv1-2")},
          .volumes = {Pv("pv1-2", "claim1-2")},
          .snapshots = {Vs("snap1-2")
                            .Pvc("claim1-2")
                            .Class("platinum")
                            .Finalizers({kAsSource, kBound})
                            .Bound("snapcontent-{uid:snap1-2}")
                            .Ready(true)
                            .Created("2026-01-01T00:00:00Z")
                            .Size("1Gi")},
          .contents = {DynamicContent("snap1-2", "disk-pv1-2", "platinum")
                           .Finalizers({kContentBound})
                           .Handle("s-1-2")
                           .Ready(true)
                           .CreatedNanos(kTime0Nanos)
                           .RestoreSize(1073741824)},
          .op = SyncSnapshot("default/snap1-2"),
          .expected_snapshots =
              {{Vs("snap1-2")
                    .Pvc("claim1-2")
                    .Class("platinum")
                    .Finalizers({kAsSource, kBound})
                    .Bound("snapcontent-{uid:snap1-2}")
                    .Ready(true)
                    .Created("2026-01-01T00:00:00Z")
                    .Size("1Gi")
                    .Error(
                        R"(Failed to get snapshot class with error volumesnapshotclass.snapshot.storage.k8s.io "platinum" not found)")}},
          .expected_events = {Warning("GetSnapshotClassFailed",
                                      "Failed to get snapshot class with error ...")},
          .outcome = Failure(),
      },
      {
          .name = "1-3 - no class: the one default class of the PV's driver is written into the "
                  "spec, then creation",
          .classes = {VsClass("gold"), VsClass("alicloud-disk").Default()},
          .claims = {Pvc("claim1-3").Bound("pv1-3")},
          .volumes = {Pv("pv1-3", "claim1-3")},
          .snapshots = {Vs("snap1-3").Pvc("claim1-3")},
          .op = SyncSnapshot("default/snap1-3"),
          .expected_snapshots = {{Vs("snap1-3")
                                      .Pvc("claim1-3")
                                      .Class("alicloud-disk")
                                      .Finalizers({kAsSource})
                                      .Bound("snapcontent-{uid:snap1-3}")
                                      .Ready(false)}},
          .expected_contents = {{DynamicContent("snap1-3", "disk-pv1-3", "alicloud-disk")}},
          .expected_claims = {{Pvc("claim1-3").Bound("pv1-3").Finalizer(kPvcSource)}},
          .expected_events = {Normal(
              "CreatingSnapshot",
              "Waiting for a snapshot default/snap1-3 to be created by the CSI driver.")},
      },
      {
          .name = "1-4 - no class and no default class for the PV's driver: cannot find default "
                  "snapshot class",
          .classes = {VsClass("gold"), VsClass("nas-default").Driver(kOtherDriver).Default()},
          .claims = {Pvc("claim1-4").Bound("pv1-4")},
          .volumes = {Pv("pv1-4", "claim1-4")},
          .snapshots = {Vs("snap1-4").Pvc("claim1-4")},
          .op = SyncSnapshot("default/snap1-4"),
          .expected_snapshots = {{Vs("snap1-4")
                                      .Pvc("claim1-4")
                                      .Error("Failed to set default snapshot class with error "
                                             "cannot find default snapshot class")}},
          .expected_events = {Warning("SetDefaultSnapshotClassFailed",
                                      "Failed to set default snapshot class with error cannot find "
                                      "default snapshot class")},
          .outcome = Failure("cannot find default snapshot class"),
      },
      {
          .name = "1-5 - no class and two default classes for the driver: 2 default snapshot "
                  "classes were found",
          .classes = {VsClass("default-a").Default(),
                      VsClass("default-b").Default().Policy("Retain")},
          .claims = {Pvc("claim1-5").Bound("pv1-5")},
          .volumes = {Pv("pv1-5", "claim1-5")},
          .snapshots = {Vs("snap1-5").Pvc("claim1-5")},
          .op = SyncSnapshot("default/snap1-5"),
          .expected_snapshots = {{Vs("snap1-5")
                                      .Pvc("claim1-5")
                                      .Error("Failed to set default snapshot class with error 2 "
                                             "default snapshot classes were found")}},
          .expected_events = {Warning("SetDefaultSnapshotClassFailed",
                                      "Failed to set default snapshot class with error 2 default "
                                      "snapshot classes were found")},
          .outcome = Failure("2 default snapshot classes were found"),
      },
      {
          .name = "1-6 - two default classes of different drivers: the PV's driver decides",
          .classes = {VsClass("nas-default").Driver(kOtherDriver).Default(),
                      VsClass("disk-default").Default()},
          .claims = {Pvc("claim1-6").Bound("pv1-6")},
          .volumes = {Pv("pv1-6", "claim1-6")},
          .snapshots = {Vs("snap1-6").Pvc("claim1-6").Finalizers({kAsSource})},
          .op = SyncSnapshot("default/snap1-6"),
          .expected_snapshots = {{Vs("snap1-6")
                                      .Pvc("claim1-6")
                                      .Class("disk-default")
                                      .Finalizers({kAsSource})
                                      .Bound("snapcontent-{uid:snap1-6}")
                                      .Ready(false)}},
          .expected_contents = {{DynamicContent("snap1-6", "disk-pv1-6", "disk-default")}},
          .expected_claims = {{Pvc("claim1-6").Bound("pv1-6").Finalizer(kPvcSource)}},
          .expected_events = {Normal("CreatingSnapshot",
                                     "Waiting for a snapshot default/snap1-6 to be created ...")},
      },
      {
          .name = "1-7 - is-default-class must be exactly \"true\": \"True\" is not a default",
          .classes = {VsClass("almost-default").Default("True")},
          .claims = {Pvc("claim1-7").Bound("pv1-7")},
          .volumes = {Pv("pv1-7", "claim1-7")},
          .snapshots = {Vs("snap1-7").Pvc("claim1-7")},
          .op = SyncSnapshot("default/snap1-7"),
          .expected_snapshots = {{Vs("snap1-7")
                                      .Pvc("claim1-7")
                                      .Error("Failed to set default snapshot class with error "
                                             "cannot find default snapshot class")}},
          .expected_events = {Warning("SetDefaultSnapshotClassFailed",
                                      "Failed to set default snapshot class with ...")},
          .outcome = Failure("cannot find default snapshot class"),
      },
      {
          .name = "1-8 - (static) a pre-provisioned snapshot needs no class: bound, content keeps "
                  "no class",
          .classes = {VsClass("gold").Default()},
          .snapshots = {Vs("snap1-8").Content("content1-8").Finalizers({kAsSource})},
          .contents = {StaticContent("content1-8", "snap1-8", "s-imported")
                           .Handle("s-imported")
                           .Ready(true)
                           .CreatedNanos(kTime0Nanos)
                           .RestoreSize(21474836480)},
          .op = SyncSnapshot("default/snap1-8"),
          .expected_snapshots = {{Vs("snap1-8")
                                      .Content("content1-8")
                                      .Finalizers({kAsSource})
                                      .Bound("content1-8")
                                      .Ready(true)
                                      .Created("2026-01-01T00:00:00Z")
                                      .Size("20Gi")}},
          .expected_contents = {{StaticContent("content1-8", "snap1-8", "s-imported")
                                     .Ref("snap1-8", "{uid:snap1-8}")
                                     .Handle("s-imported")
                                     .Ready(true)
                                     .CreatedNanos(kTime0Nanos)
                                     .RestoreSize(21474836480)}},
          .expected_events =
              {Normal("SnapshotCreated",
                      "Snapshot default/snap1-8 was successfully created by the CSI driver."),
               Normal("SnapshotReady", "Snapshot default/snap1-8 is ready to use.")},
      },
      {
          .name = "1-9 - no class and the source PVC is missing: failed to retrieve PVC from the "
                  "lister",
          .classes = {VsClass("gold").Default()},
          .snapshots = {Vs("snap1-9").Pvc("claim1-9")},
          .op = SyncSnapshot("default/snap1-9"),
          .expected_snapshots =
              {{Vs("snap1-9")
                    .Pvc("claim1-9")
                    .Error(
                        R"(Failed to set default snapshot class with error failed to retrieve PVC claim1-9 from the lister: "persistentvolumeclaim \"claim1-9\" not found")")}},
          .expected_events = {Warning("SetDefaultSnapshotClassFailed",
                                      "Failed to set default snapshot class with ...")},
          .outcome = Failure(),
      },
      {
          .name = "1-10 - no class and a non-CSI PV: snapshotting non-CSI volumes is not supported",
          .classes = {VsClass("gold").Default()},
          .claims = {Pvc("claim1-10").Bound("pv1-10")},
          .volumes = {Pv("pv1-10", "claim1-10").NotCsi()},
          .snapshots = {Vs("snap1-10").Pvc("claim1-10")},
          .op = SyncSnapshot("default/snap1-10"),
          .expected_snapshots = {{Vs("snap1-10")
                                      .Pvc("claim1-10")
                                      .Error("Failed to set default snapshot class with error "
                                             "snapshotting non-CSI volumes is not supported, "
                                             "snapshot:default/snap1-10")}},
          .expected_events = {Warning(
              "SetDefaultSnapshotClassFailed",
              "Failed to set default snapshot class with error snapshotting non-CSI volumes "
              "is not supported, snapshot:default/snap1-10")},
          .outcome =
              Failure("snapshotting non-CSI volumes is not supported, snapshot:default/snap1-10"),
      },
      {
          .name = "1-11 - deleting snapshot whose class is gone: the class error does not block "
                  "deletion",
          .claims = {Pvc("claim1-11").Bound("pv1-11")},
          .volumes = {Pv("pv1-11", "claim1-11")},
          .snapshots = {Vs("snap1-11")
                            .Pvc("claim1-11")
                            .Class("platinum")
                            .Finalizers({kAsSource, kBound})
                            .Bound("snapcontent-{uid:snap1-11}")
                            .Ready(true)
                            .Deleting()},
          .contents = {DynamicContent("snap1-11", "disk-pv1-11", "platinum", "Retain")
                           .Finalizers({kContentBound})
                           .Handle("s-1-11")
                           .Ready(true)},
          .op = RunToRest(),
          .expected_snapshots = std::vector<Vs>{},
          .expected_contents = {{DynamicContent("snap1-11", "disk-pv1-11", "platinum", "Retain")
                                     .Finalizers({kContentBound})
                                     .Handle("s-1-11")
                                     .Ready(true)
                                     .Annotation(std::string(kBeingDeleted), "yes")}},
          // The first sync records the class error (and, as upstream, skips the now-older
          // informer copy); the next sees the same message (no new event) and deletes.
          .expected_events = {Warning("GetSnapshotClassFailed",
                                      "Failed to get snapshot class with error ...")},
      },
  };
}

INSTANTIATE_TEST_SUITE_P(Class, ControllerTableTest, ::testing::ValuesIn(ClassCases()),
                         CaseParamName);

}  // namespace
}  // namespace snapsim::csi::testing
