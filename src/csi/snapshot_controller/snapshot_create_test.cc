// Dynamic creation: the content "snapcontent-<uid>", its fields, the source PVC
// checks and the pvc-as-source-protection finalizer (semantics reference §3.3
// "Dynamic VS" and §3.8; upstream snapshot_create_test.go).
#include "src/csi/snapshot_controller/testing/framework.h"

namespace snapsim::csi::testing {
namespace {

constexpr std::string_view kSecretName = "csi.storage.k8s.io/snapshotter-secret-name";
constexpr std::string_view kSecretNamespace = "csi.storage.k8s.io/snapshotter-secret-namespace";
std::vector<ControllerTest> CreateCases() {
  return {
      {
          .name = "2-1 - (dynamic) successful create: content snapcontent-<uid>, PVC finalizer, "
                  "CreatingSnapshot",
          .claims = {Pvc("claim2-1").Bound("pv2-1")},
          .volumes = {Pv("pv2-1", "claim2-1")},
          .snapshots = {Vs("snap2-1").Pvc("claim2-1").Class("gold")},
          .op = SyncSnapshot("default/snap2-1"),
          .expected_snapshots = {{Vs("snap2-1")
                                      .Pvc("claim2-1")
                                      .Class("gold")
                                      .Finalizers({kAsSource})
                                      .Bound("snapcontent-{uid:snap2-1}")
                                      .Ready(false)}},
          .expected_contents = {{DynamicContent("snap2-1", "disk-pv2-1")}},
          .expected_claims = {{Pvc("claim2-1").Bound("pv2-1").Finalizer(kPvcSource)}},
          .expected_events = {Normal(
              "CreatingSnapshot",
              "Waiting for a snapshot default/snap2-1 to be created by the CSI driver.")},
          .expected_writes = {{"update volumesnapshots", "update persistentvolumeclaims",
                               "create volumesnapshotcontents", "update volumesnapshots/status"}},
      },
      {
          .name = "2-2 - (dynamic) a Block volume gives sourceVolumeMode Block; a Retain class "
                  "gives policy Retain",
          .claims = {Pvc("claim2-2").Bound("pv2-2")},
          .volumes = {Pv("pv2-2", "claim2-2").Mode("Block")},
          .snapshots = {Vs("snap2-2").Pvc("claim2-2").Class("silver").Finalizers({kAsSource})},
          .op = SyncSnapshot("default/snap2-2"),
          .expected_snapshots = {{Vs("snap2-2")
                                      .Pvc("claim2-2")
                                      .Class("silver")
                                      .Finalizers({kAsSource})
                                      .Bound("snapcontent-{uid:snap2-2}")
                                      .Ready(false)}},
          .expected_contents =
              {{DynamicContent("snap2-2", "disk-pv2-2", "silver", "Retain").Mode("Block")}},
          .expected_claims = {{Pvc("claim2-2").Bound("pv2-2").Finalizer(kPvcSource)}},
          .expected_events = {Normal(
              "CreatingSnapshot",
              "Waiting for a snapshot default/snap2-2 to be created by the CSI driver.")},
      },
      {
          .name = "2-3 - (dynamic) a class with a snapshotter secret puts the deletion-secret "
                  "annotations on the content",
          .classes = {VsClass("secret-class")
                          .Param(std::string(kSecretName), "snap-secret")
                          .Param(std::string(kSecretNamespace), "kube-system")},
          .claims = {Pvc("claim2-3").Bound("pv2-3")},
          .volumes = {Pv("pv2-3", "claim2-3")},
          .snapshots =
              {Vs("snap2-3").Pvc("claim2-3").Class("secret-class").Finalizers({kAsSource})},
          .op = SyncSnapshot("default/snap2-3"),
          .expected_snapshots = {{Vs("snap2-3")
                                      .Pvc("claim2-3")
                                      .Class("secret-class")
                                      .Finalizers({kAsSource})
                                      .Bound("snapcontent-{uid:snap2-3}")
                                      .Ready(false)}},
          .expected_contents =
              {{DynamicContent("snap2-3", "disk-pv2-3", "secret-class")
                    .Annotation(std::string(kDeletionSecretNameAnnotation), "snap-secret")
                    .Annotation(std::string(kDeletionSecretNamespaceAnnotation), "kube-system")}},
          .expected_claims = {{Pvc("claim2-3").Bound("pv2-3").Finalizer(kPvcSource)}},
          .expected_events = {Normal(
              "CreatingSnapshot",
              "Waiting for a snapshot default/snap2-3 to be created by the CSI driver.")},
      },
      {
          .name = "2-4 - (dynamic) snapshotter secret templates are resolved before they are "
                  "stored on the content",
          .classes = {VsClass("tpl-class")
                          .Param(std::string(kSecretName), "${volumesnapshot.name}-secret")
                          .Param(std::string(kSecretNamespace), "${volumesnapshot.namespace}")},
          .claims = {Pvc("claim2-4").Bound("pv2-4")},
          .volumes = {Pv("pv2-4", "claim2-4")},
          .snapshots = {Vs("snap2-4").Pvc("claim2-4").Class("tpl-class").Finalizers({kAsSource})},
          .op = SyncSnapshot("default/snap2-4"),
          .expected_snapshots = {{Vs("snap2-4")
                                      .Pvc("claim2-4")
                                      .Class("tpl-class")
                                      .Finalizers({kAsSource})
                                      .Bound("snapcontent-{uid:snap2-4}")
                                      .Ready(false)}},
          .expected_contents =
              {{DynamicContent("snap2-4", "disk-pv2-4", "tpl-class")
                    .Annotation(std::string(kDeletionSecretNameAnnotation), "snap2-4-secret")
                    .Annotation(std::string(kDeletionSecretNamespaceAnnotation), "default")}},
          .expected_claims = {{Pvc("claim2-4").Bound("pv2-4").Finalizer(kPvcSource)}},
          .expected_events = {Normal(
              "CreatingSnapshot",
              "Waiting for a snapshot default/snap2-4 to be created by the CSI driver.")},
          .bug = "CreateSnapshotContent copies "
                 "csi.storage.k8s.io/snapshotter-secret-name/-namespace verbatim into the "
                 "deletion-secret annotations; upstream getCreateSnapshotInput calls "
                 "utils.GetSecretReference, which "
                 "resolves ${volumesnapshot.name}, ${volumesnapshot.namespace} and "
                 "${volumesnapshotcontent.name} "
                 "(reference §4.3). Expected annotations snap2-4-secret/default, got the raw "
                 "templates.",
      },
      {
          .name = "2-5 - (dynamic) a class with only the secret name fails: Both must be specified",
          .classes = {VsClass("half-secret").Param(std::string(kSecretName), "snap-secret")},
          .claims = {Pvc("claim2-5").Bound("pv2-5")},
          .volumes = {Pv("pv2-5", "claim2-5")},
          .snapshots = {Vs("snap2-5").Pvc("claim2-5").Class("half-secret").Finalizers({kAsSource})},
          .op = SyncSnapshot("default/snap2-5"),
          .expected_snapshots =
              {{Vs("snap2-5")
                    .Pvc("claim2-5")
                    .Class("half-secret")
                    .Finalizers({kAsSource})
                    .Ready(false)
                    .Error(
                        R"(Failed to create snapshot content with error failed to get input parameters to create snapshot snap2-5: "failed to get name and namespace template from params: either name and namespace for Snapshotter secrets specified, Both must be specified")")}},
          .expected_claims = {{Pvc("claim2-5").Bound("pv2-5").Finalizer(kPvcSource)}},
          .expected_events = {Warning(
              "SnapshotContentCreationFailed",
              R"(Failed to create snapshot content with error failed to get input parameters to create snapshot snap2-5: "failed to get name and namespace template from params: either name and namespace for Snapshotter secrets specified, Both must be specified")")},
          .outcome = Failure(),
          .bug =
              "CreateSnapshotContent ignores a class that names only "
              "csi.storage.k8s.io/snapshotter-secret-name (no "
              "namespace) and creates the content; upstream (snapshot_create_test.go 7-10, utils."
              "verifyAndGetSecretNameAndNamespaceTemplate) fails with 'either name and namespace "
              "for Snapshotter "
              "secrets specified, Both must be specified' (reference §4.3).",
      },
      {
          .name = "2-6 - (dynamic) the content's driver is the class's driver, not the PV's",
          .classes = {VsClass("nas-class").Driver(kOtherDriver)},
          .claims = {Pvc("claim2-6").Bound("pv2-6")},
          .volumes = {Pv("pv2-6", "claim2-6")},
          .snapshots = {Vs("snap2-6").Pvc("claim2-6").Class("nas-class").Finalizers({kAsSource})},
          .op = SyncSnapshot("default/snap2-6"),
          .expected_snapshots = {{Vs("snap2-6")
                                      .Pvc("claim2-6")
                                      .Class("nas-class")
                                      .Finalizers({kAsSource})
                                      .Bound("snapcontent-{uid:snap2-6}")
                                      .Ready(false)}},
          .expected_contents =
              {{DynamicContent("snap2-6", "disk-pv2-6", "nas-class").Driver(kOtherDriver)}},
          .expected_claims = {{Pvc("claim2-6").Bound("pv2-6").Finalizer(kPvcSource)}},
          .expected_events = {Normal(
              "CreatingSnapshot",
              "Waiting for a snapshot default/snap2-6 to be created by the CSI driver.")},
      },
      {
          .name = "2-7 - (dynamic) PVC not bound: SnapshotContentCreationFailed, PVC finalizer "
                  "added first",
          .claims = {Pvc("claim2-7")},
          .snapshots = {Vs("snap2-7").Pvc("claim2-7").Class("gold").Finalizers({kAsSource})},
          .op = SyncSnapshot("default/snap2-7"),
          .expected_snapshots =
              {{Vs("snap2-7")
                    .Pvc("claim2-7")
                    .Class("gold")
                    .Finalizers({kAsSource})
                    .Ready(false)
                    .Error(
                        R"(Failed to create snapshot content with error failed to get input parameters to create snapshot snap2-7: "the PVC claim2-7 is not yet bound to a PV, will not attempt to take a snapshot")")}},
          .expected_claims = {{Pvc("claim2-7").Finalizer(kPvcSource)}},
          .expected_events = {Warning(
              "SnapshotContentCreationFailed",
              R"(Failed to create snapshot content with error failed to get input parameters to create snapshot snap2-7: "the PVC claim2-7 is not yet bound to a PV, will not attempt to take a snapshot")")},
          .outcome = Failure(
              R"(failed to get input parameters to create snapshot snap2-7: "the PVC claim2-7 is not yet bound to a PV, will not attempt to take a snapshot")"),
      },
      {
          .name = "2-8 - (dynamic) PVC missing: cannot get claim from snapshot",
          .volumes = {Pv("pv2-8", "claim2-8")},
          .snapshots = {Vs("snap2-8").Pvc("claim2-8").Class("gold").Finalizers({kAsSource})},
          .op = SyncSnapshot("default/snap2-8"),
          .expected_snapshots =
              {{Vs("snap2-8")
                    .Pvc("claim2-8")
                    .Class("gold")
                    .Finalizers({kAsSource})
                    .Ready(false)
                    .Error(
                        "Failed to create snapshot content with error snapshot controller failed "
                        "to update snap2-8 on API server: cannot get claim from snapshot")}},
          .expected_events = {Warning(
              "SnapshotContentCreationFailed",
              "Failed to create snapshot content with error snapshot controller failed to "
              "update snap2-8 on API server: cannot get claim from snapshot")},
          .outcome = Failure("snapshot controller failed to update snap2-8 on API server: cannot "
                             "get claim from snapshot"),
      },
      {
          .name = "2-9 - (dynamic) PV missing: failed to retrieve PV, doubly quoted",
          .claims = {Pvc("claim2-9").Bound("pv2-9")},
          .snapshots = {Vs("snap2-9").Pvc("claim2-9").Class("gold").Finalizers({kAsSource})},
          .op = SyncSnapshot("default/snap2-9"),
          .expected_snapshots =
              {{Vs("snap2-9")
                    .Pvc("claim2-9")
                    .Class("gold")
                    .Finalizers({kAsSource})
                    .Ready(false)
                    .Error(
                        R"(Failed to create snapshot content with error failed to get input parameters to create snapshot snap2-9: "failed to retrieve PV pv2-9 from the API server: \"persistentvolumes \\\"pv2-9\\\" not found\"")")}},
          .expected_claims = {{Pvc("claim2-9").Bound("pv2-9").Finalizer(kPvcSource)}},
          .expected_events = {Warning(
              "SnapshotContentCreationFailed",
              R"(Failed to create snapshot content with error failed to get input parameters to create snapshot snap2-9: "failed to retrieve PV pv2-9 from the API server: \"persistentvolumes \\\"pv2-9\\\" not found\"")")},
          .outcome = Failure(),
      },
      {
          .name =
              "2-10 - (dynamic) PV not CSI: cannot find CSI PersistentVolumeSource, not wrapped",
          .claims = {Pvc("claim2-10").Bound("pv2-10")},
          .volumes = {Pv("pv2-10", "claim2-10").NotCsi()},
          .snapshots = {Vs("snap2-10").Pvc("claim2-10").Class("gold").Finalizers({kAsSource})},
          .op = SyncSnapshot("default/snap2-10"),
          .expected_snapshots =
              {{Vs("snap2-10")
                    .Pvc("claim2-10")
                    .Class("gold")
                    .Finalizers({kAsSource})
                    .Ready(false)
                    .Error("Failed to create snapshot content with error cannot find CSI "
                           "PersistentVolumeSource for volume pv2-10")}},
          .expected_claims = {{Pvc("claim2-10").Bound("pv2-10").Finalizer(kPvcSource)}},
          .expected_events = {Warning(
              "SnapshotContentCreationFailed",
              "Failed to create snapshot content with error cannot find CSI "
              "PersistentVolumeSource for volume pv2-10")},
          .outcome = Failure("cannot find CSI PersistentVolumeSource for volume pv2-10"),
      },
  };
}

INSTANTIATE_TEST_SUITE_P(Create, ControllerTableTest, ::testing::ValuesIn(CreateCases()),
                         CaseParamName);

}  // namespace
}  // namespace snapsim::csi::testing
