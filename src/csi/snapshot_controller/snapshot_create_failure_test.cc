// Dynamic creation, continued: claimRef checks, an existing content, API errors
// on create and on the status writes, the source PVC being deleted (semantics
// reference §3.3 "Dynamic VS", §3.8, §3.10 D10; upstream snapshot_create_test.go).
#include "src/csi/snapshot_controller/testing/framework.h"

namespace snapsim::csi::testing {
namespace {

std::vector<ControllerTest> CreateFailureCases() {
  return {
      {
          .name = "2-11 - (dynamic) PV bound to another claim: claim in dataSource not bound or "
                  "invalid",
          .claims = {Pvc("claim2-11").Bound("pv2-11")},
          .volumes = {Pv("pv2-11", "someone-else")},
          .snapshots = {Vs("snap2-11").Pvc("claim2-11").Class("gold").Finalizers({kAsSource})},
          .op = SyncSnapshot("default/snap2-11"),
          .expected_snapshots =
              {{Vs("snap2-11")
                    .Pvc("claim2-11")
                    .Class("gold")
                    .Finalizers({kAsSource})
                    .Ready(false)
                    .Error(
                        R"(Failed to create snapshot content with error failed to get input parameters to create snapshot snap2-11: "claim in dataSource not bound or invalid")")}},
          .expected_claims = {{Pvc("claim2-11").Bound("pv2-11").Finalizer(kPvcSource)}},
          .expected_events = {Warning(
              "SnapshotContentCreationFailed",
              R"(Failed to create snapshot content with error failed to get input parameters to create snapshot snap2-11: "claim in dataSource not bound or invalid")")},
          .outcome = Failure(),
      },
      {
          .name = "2-12 - (dynamic) PV claimRef uid differs from the claim's: claim in dataSource "
                  "not bound or invalid",
          .claims = {Pvc("claim2-12").Bound("pv2-12")},
          .volumes =
              {Pv("pv2-12", "claim2-12").ClaimRef("default", "claim2-12", "uid-of-an-older-claim")},
          .snapshots = {Vs("snap2-12").Pvc("claim2-12").Class("gold").Finalizers({kAsSource})},
          .op = SyncSnapshot("default/snap2-12"),
          .expected_snapshots =
              {{Vs("snap2-12")
                    .Pvc("claim2-12")
                    .Class("gold")
                    .Finalizers({kAsSource})
                    .Ready(false)
                    .Error(
                        R"(Failed to create snapshot content with error failed to get input parameters to create snapshot snap2-12: "claim in dataSource not bound or invalid")")}},
          .expected_claims = {{Pvc("claim2-12").Bound("pv2-12").Finalizer(kPvcSource)}},
          .expected_events = {Warning("SnapshotContentCreationFailed",
                                      "Failed to create snapshot content with error ...")},
          .outcome = Failure(),
      },
      {
          .name = "2-13 - (dynamic) content already exists (not yet in the cache): AlreadyExists "
                  "counts as success",
          .claims = {Pvc("claim2-13").Bound("pv2-13")},
          .volumes = {Pv("pv2-13", "claim2-13")},
          .snapshots = {Vs("snap2-13").Pvc("claim2-13").Class("gold").Finalizers({kAsSource})},
          .before =
              [](Fixture& f) {
                // Created by an earlier sync whose reply was lost; the informer has not seen it
                // yet.
                f.CreateAs("test-setup", DynamicContent("snap2-13", "disk-pv2-13").obj);
              },
          .op = SyncSnapshot("default/snap2-13"),
          .expected_snapshots = {{Vs("snap2-13")
                                      .Pvc("claim2-13")
                                      .Class("gold")
                                      .Finalizers({kAsSource})
                                      .Bound("snapcontent-{uid:snap2-13}")
                                      .Ready(false)}},
          .expected_contents = {{DynamicContent("snap2-13", "disk-pv2-13")}},
          .expected_claims = {{Pvc("claim2-13").Bound("pv2-13").Finalizer(kPvcSource)}},
          .expected_events = {Normal(
              "CreatingSnapshot",
              "Waiting for a snapshot default/snap2-13 to be created by the CSI driver.")},
      },
      {
          .name = "2-14 - (dynamic) content create fails: CreateSnapshotContentFailed then "
                  "SnapshotContentCreationFailed",
          .claims = {Pvc("claim2-14").Bound("pv2-14")},
          .volumes = {Pv("pv2-14", "claim2-14")},
          .snapshots = {Vs("snap2-14").Pvc("claim2-14").Class("gold").Finalizers({kAsSource})},
          .errors = {{"create", "volumesnapshotcontents", "InternalError"}},
          .op = SyncSnapshot("default/snap2-14"),
          .expected_snapshots =
              {{Vs("snap2-14")
                    .Pvc("claim2-14")
                    .Class("gold")
                    .Finalizers({kAsSource})
                    .Ready(false)
                    .Error(
                        R"(Failed to create snapshot content with error snapshot controller failed to update default/snap2-14 on API server: Internal error occurred: injected fault on volumesnapshotcontents.snapshot.storage.k8s.io "snapcontent-{uid:snap2-14}")")}},
          .expected_claims = {{Pvc("claim2-14").Bound("pv2-14").Finalizer(kPvcSource)}},
          .expected_events =
              {Warning(
                   "CreateSnapshotContentFailed",
                   R"(Error creating volume snapshot content object for snapshot default/snap2-14: Internal error occurred: injected fault on volumesnapshotcontents.snapshot.storage.k8s.io "snapcontent-{uid:snap2-14}".)"),
               Warning(
                   "SnapshotContentCreationFailed",
                   R"(Failed to create snapshot content with error snapshot controller failed to update default/snap2-14 on API server: Internal error occurred: injected fault on volumesnapshotcontents.snapshot.storage.k8s.io "snapcontent-{uid:snap2-14}")")},
          .outcome = Failure(
              R"(snapshot controller failed to update default/snap2-14 on API server: Internal error occurred: injected fault on volumesnapshotcontents.snapshot.storage.k8s.io "snapcontent-{uid:snap2-14}")"),
      },
      {
          .name =
              "2-15 - (dynamic) source PVC being deleted without the finalizer: creation refused",
          .claims = {Pvc("claim2-15").Bound("pv2-15").Deleting()},
          .volumes = {Pv("pv2-15", "claim2-15")},
          .snapshots = {Vs("snap2-15").Pvc("claim2-15").Class("gold").Finalizers({kAsSource})},
          .op = SyncSnapshot("default/snap2-15"),
          .expected_snapshots =
              {{Vs("snap2-15")
                    .Pvc("claim2-15")
                    .Class("gold")
                    .Finalizers({kAsSource})
                    .Ready(false)
                    .Error(
                        "Failed to create snapshot content with error snapshot controller failed "
                        "to update claim2-15 on API server: cannot add finalizer on claim because "
                        "it is being deleted")}},
          .expected_events = {Warning(
              "SnapshotContentCreationFailed",
              "Failed to create snapshot content with error snapshot controller failed to "
              "update claim2-15 on API server: cannot add finalizer on claim because it is "
              "being deleted")},
          .outcome = Failure("snapshot controller failed to update claim2-15 on API server: cannot "
                             "add finalizer on "
                             "claim because it is being deleted"),
      },
      {
          .name = "2-16 - (dynamic) source PVC being deleted that already has the finalizer: "
                  "content created (PR 413)",
          .claims = {Pvc("claim2-16").Bound("pv2-16").Finalizer(kPvcSource).Deleting()},
          .volumes = {Pv("pv2-16", "claim2-16")},
          .snapshots = {Vs("snap2-16").Pvc("claim2-16").Class("gold").Finalizers({kAsSource})},
          .op = SyncSnapshot("default/snap2-16"),
          .expected_snapshots = {{Vs("snap2-16")
                                      .Pvc("claim2-16")
                                      .Class("gold")
                                      .Finalizers({kAsSource})
                                      .Bound("snapcontent-{uid:snap2-16}")
                                      .Ready(false)}},
          .expected_contents = {{DynamicContent("snap2-16", "disk-pv2-16")}},
          .expected_events = {Normal(
              "CreatingSnapshot",
              "Waiting for a snapshot default/snap2-16 to be created by the CSI driver.")},
      },
      {
          .name =
              "2-17 - (dynamic) adding the PVC finalizer conflicts: SnapshotContentCreationFailed",
          .claims = {Pvc("claim2-17").Bound("pv2-17")},
          .volumes = {Pv("pv2-17", "claim2-17")},
          .snapshots = {Vs("snap2-17").Pvc("claim2-17").Class("gold").Finalizers({kAsSource})},
          .errors = {{"update", "persistentvolumeclaims", "Conflict"}},
          .op = SyncSnapshot("default/snap2-17"),
          .expected_snapshots =
              {{Vs("snap2-17").Pvc("claim2-17").Class("gold").Finalizers({kAsSource}).Ready(false).Error(R"(Failed to create snapshot content with error snapshot controller failed to update claim2-17 on API server: Operation cannot be fulfilled on persistentvolumeclaims "claim2-17": the object has been modified; please apply your changes to the latest version and try again)")}},
          .expected_events = {Warning(
              "SnapshotContentCreationFailed",
              "Failed to create snapshot content with error snapshot controller failed to "
              "update claim2-17 on API server: Operation cannot be fulfilled on ...")},
          .outcome = Failure(
              R"(snapshot controller failed to update claim2-17 on API server: Operation cannot be fulfilled on persistentvolumeclaims "claim2-17": the object has been modified; please apply your changes to the latest version and try again)"),
      },
      {
          .name = "2-18 - (dynamic) status and error-status writes both fail after the content was "
                  "created",
          .claims = {Pvc("claim2-18").Bound("pv2-18")},
          .volumes = {Pv("pv2-18", "claim2-18")},
          .snapshots = {Vs("snap2-18").Pvc("claim2-18").Class("gold").Finalizers({kAsSource})},
          .errors = {{"update", "volumesnapshots", "Conflict", "status"},
                     {"update", "volumesnapshots", "Conflict", "status"}},
          .op = SyncSnapshot("default/snap2-18"),
          .expected_contents = {{DynamicContent("snap2-18", "disk-pv2-18")}},
          .expected_claims = {{Pvc("claim2-18").Bound("pv2-18").Finalizer(kPvcSource)}},
          .expected_events =
              {Normal("CreatingSnapshot",
                      "Waiting for a snapshot default/snap2-18 to be created by the CSI driver."),
               Warning("SnapshotStatusUpdateFailed",
                       "Snapshot status update failed, snapshot controller failed to update "
                       "default/snap2-18 on API server: " +
                           ConflictVs("snap2-18"))},
          .outcome =
              Failure("snapshot controller failed to update default/snap2-18 on API server: " +
                      ConflictVs("snap2-18")),
      },
      {
          .name = "2-19 - (dynamic) status write fails after creation: error recorded, readyToUse "
                  "left as is",
          .claims = {Pvc("claim2-19").Bound("pv2-19")},
          .volumes = {Pv("pv2-19", "claim2-19")},
          .snapshots = {Vs("snap2-19").Pvc("claim2-19").Class("gold").Finalizers({kAsSource})},
          .errors = {{"update", "volumesnapshots", "Conflict", "status"}},
          .op = SyncSnapshot("default/snap2-19"),
          .expected_snapshots =
              {{Vs("snap2-19")
                    .Pvc("claim2-19")
                    .Class("gold")
                    .Finalizers({kAsSource})
                    .Error("Snapshot status update failed, snapshot controller failed to update "
                           "default/snap2-19 on API server: " +
                           ConflictVs("snap2-19"))}},
          .expected_contents = {{DynamicContent("snap2-19", "disk-pv2-19")}},
          .expected_claims = {{Pvc("claim2-19").Bound("pv2-19").Finalizer(kPvcSource)}},
          .expected_events =
              {Normal("CreatingSnapshot",
                      "Waiting for a snapshot default/snap2-19 to be created by the CSI driver."),
               Warning("SnapshotStatusUpdateFailed", "Snapshot status update failed, ...")},
          .outcome = Failure(),
      },
  };
}

INSTANTIATE_TEST_SUITE_P(CreateFailure, ControllerTableTest,
                         ::testing::ValuesIn(CreateFailureCases()), CaseParamName);

}  // namespace
}  // namespace snapsim::csi::testing
