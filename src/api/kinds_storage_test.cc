#include "src/api/kinds_storage.h"

#include <gtest/gtest.h>

#include "src/api/defaults.h"
#include "src/api/manifest_test_util.h"
#include "src/api/registry.h"
#include "src/api/yaml.h"

namespace snapsim::api {
namespace {

using testing_util::IssuePaths;
using testing_util::MustDecode;

constexpr std::string_view kRestorePvc = R"(
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: disk-ssd-web-restore-0
  namespace: default
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: alicloud-disk-ssd
  resources:
    requests:
      storage: 20Gi
  dataSource:
    name: new-snapshot-demo
    kind: VolumeSnapshot
    apiGroup: snapshot.storage.k8s.io
)";

TEST(PersistentVolumeClaimKindTest, DecodesADataSourceAndDefaultsLikeA130Server) {
  auto m = MustDecode(kRestorePvc);
  ASSERT_TRUE(m.issues.empty()) << ::testing::PrintToString(IssuePaths(m));
  auto pvc = std::static_pointer_cast<PersistentVolumeClaim>(m.object);
  EXPECT_EQ(pvc->spec.data_source->api_group, "snapshot.storage.k8s.io");
  EXPECT_EQ(pvc->spec.storage_class_name, "alicloud-disk-ssd");
  ApplyDefaults(*m.object, 30);
  EXPECT_EQ(ToYaml(m.object->ToValue()), R"(apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  creationTimestamp: null
  name: disk-ssd-web-restore-0
  namespace: default
spec:
  accessModes:
  - ReadWriteOnce
  dataSource:
    apiGroup: snapshot.storage.k8s.io
    kind: VolumeSnapshot
    name: new-snapshot-demo
  dataSourceRef:
    apiGroup: snapshot.storage.k8s.io
    kind: VolumeSnapshot
    name: new-snapshot-demo
  resources:
    requests:
      storage: 20Gi
  storageClassName: alicloud-disk-ssd
  volumeMode: Filesystem
status:
  phase: Pending
)");
}

TEST(PersistentVolumeClaimKindTest, DataSourceRefIsMirroredFrom124Only) {
  auto m = MustDecode(kRestorePvc);
  ApplyDefaults(*m.object, 23);
  EXPECT_FALSE(
      std::static_pointer_cast<PersistentVolumeClaim>(m.object)->spec.data_source_ref.has_value());
}

TEST(PersistentVolumeClaimKindTest, ACoreDataSourceHasANullApiGroup) {
  auto m = MustDecode(R"(
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: clone}
spec:
  dataSourceRef: {kind: PersistentVolumeClaim, name: src}
  resources: {requests: {storage: 1Gi}}
  storageClassName: ""
)");
  ASSERT_TRUE(m.issues.empty());
  ApplyDefaults(*m.object, 30);
  Value v = m.object->ToValue();
  EXPECT_TRUE(v["spec"]["dataSource"]["apiGroup"].is_null());
  EXPECT_EQ(v["spec"]["dataSource"]["name"], Value("src"));
  EXPECT_EQ(v["spec"]["storageClassName"], Value(""));  // a Go *string: "" is kept
}

TEST(PersistentVolumeClaimKindTest, MisspeltFieldsAreReported) {
  auto m = MustDecode(R"(
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: c}
spec:
  resources: {request: {storage: 1Gi}}
  dataSource: {kind: VolumeSnapshot, nam: x}
)");
  EXPECT_EQ(IssuePaths(m),
            (std::vector<std::string>{"spec.dataSource.nam", "spec.resources.request"}));
}

TEST(PersistentVolumeKindTest, RoundTripsACsiProvisionedVolume) {
  constexpr std::string_view kPv = R"(apiVersion: v1
kind: PersistentVolume
metadata:
  annotations:
    pv.kubernetes.io/provisioned-by: diskplugin.csi.alibabacloud.com
  creationTimestamp: "2024-05-20T08:11:03Z"
  finalizers:
  - kubernetes.io/pv-protection
  - external-attacher/diskplugin-csi-alibabacloud-com
  name: d-bp1abcdefghijk
  resourceVersion: "2001"
  uid: 7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d
spec:
  accessModes:
  - ReadWriteOnce
  capacity:
    storage: 20Gi
  claimRef:
    apiVersion: v1
    kind: PersistentVolumeClaim
    name: disk-ssd-web-0
    namespace: default
    resourceVersion: "1990"
    uid: 2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e
  csi:
    driver: diskplugin.csi.alibabacloud.com
    fsType: ext4
    volumeAttributes:
      storage.kubernetes.io/csiProvisionerIdentity: 1716192000000-8081-diskplugin.csi.alibabacloud.com
      type: cloud_ssd
    volumeHandle: d-bp1abcdefghijk
  nodeAffinity:
    required:
      nodeSelectorTerms:
      - matchExpressions:
        - key: topology.diskplugin.csi.alibabacloud.com/zone
          operator: In
          values:
          - cn-hangzhou-k
  persistentVolumeReclaimPolicy: Delete
  storageClassName: alicloud-disk-ssd
  volumeMode: Filesystem
status:
  lastPhaseTransitionTime: "2024-05-20T08:11:04Z"
  phase: Bound
)";
  auto m = MustDecode(kPv);
  ASSERT_TRUE(m.issues.empty()) << ::testing::PrintToString(IssuePaths(m));
  auto pv = std::static_pointer_cast<PersistentVolume>(m.object);
  EXPECT_EQ(pv->spec.csi->volume_handle, "d-bp1abcdefghijk");
  EXPECT_EQ(pv->spec.claim_ref->name, "disk-ssd-web-0");
  EXPECT_EQ(pv->spec.node_affinity->required->node_selector_terms[0].match_expressions[0].values[0],
            "cn-hangzhou-k");
  EXPECT_EQ(ToYaml(m.object->ToValue()), kPv);
  ApplyDefaults(*m.object, 30, WriteKind::kUpdate);
  EXPECT_EQ(ToYaml(m.object->ToValue()), kPv);
}

TEST(PersistentVolumeKindTest, DefaultsReclaimPolicyModeAndPhase) {
  auto m = MustDecode(R"(
apiVersion: v1
kind: PersistentVolume
metadata: {name: local}
spec:
  capacity: {storage: 1Gi}
  hostPath: {path: /mnt/data}
  accessModes: [ReadWriteOnce]
)");
  ASSERT_TRUE(m.issues.empty());
  ApplyDefaults(*m.object, 30);
  EXPECT_EQ(ToYaml(m.object->ToValue()), R"(apiVersion: v1
kind: PersistentVolume
metadata:
  creationTimestamp: null
  name: local
spec:
  accessModes:
  - ReadWriteOnce
  capacity:
    storage: 1Gi
  hostPath:
    path: /mnt/data
    type: ""
  persistentVolumeReclaimPolicy: Retain
  volumeMode: Filesystem
status:
  phase: Pending
)");
}

TEST(StorageClassKindTest, DecodesAckClassAndDefaults) {
  auto m = MustDecode(R"(
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: alicloud-disk-topology-alltype
parameters:
  type: cloud_essd,cloud_ssd,cloud_efficiency
  fstype: ext4
provisioner: diskplugin.csi.alibabacloud.com
allowVolumeExpansion: true
volumeBindingMode: WaitForFirstConsumer
allowedTopologies:
- matchLabelExpressions:
  - key: topology.diskplugin.csi.alibabacloud.com/zone
    values: [cn-hangzhou-k]
)");
  ASSERT_TRUE(m.issues.empty()) << ::testing::PrintToString(IssuePaths(m));
  ApplyDefaults(*m.object, 30);
  auto sc = std::static_pointer_cast<StorageClass>(m.object);
  EXPECT_EQ(sc->reclaim_policy, "Delete");
  EXPECT_EQ(sc->volume_binding_mode, "WaitForFirstConsumer");
  EXPECT_EQ(sc->allow_volume_expansion, true);
  EXPECT_EQ(sc->allowed_topologies[0].match_label_expressions[0].values[0], "cn-hangzhou-k");
  EXPECT_EQ(ResolveResource("sc"), &StorageClass::Info());
  EXPECT_EQ(StorageClass::Info().Resource(), "storageclasses.storage.k8s.io");

  auto bad = MustDecode(
      "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: {name: x}\n"
      "provisioner: p\nspec: {}\n");
  EXPECT_EQ(IssuePaths(bad), std::vector<std::string>{"spec"});
}

TEST(VolumeAttachmentKindTest, EncodesAttachedFalseAndNullErrorTime) {
  auto m = MustDecode(R"(
apiVersion: storage.k8s.io/v1
kind: VolumeAttachment
metadata:
  name: csi-3b5e1c2d4f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c
spec:
  attacher: diskplugin.csi.alibabacloud.com
  nodeName: cn-hangzhou.192.168.0.12
  source:
    persistentVolumeName: d-bp1abcdefghijk
)");
  ASSERT_TRUE(m.issues.empty());
  auto va = std::static_pointer_cast<VolumeAttachment>(m.object);
  va->status.attach_error = VolumeError{std::nullopt, "rpc error: code = Internal"};
  Value v = m.object->ToValue();
  EXPECT_EQ(v["status"]["attached"], Value(false));
  EXPECT_TRUE(v["status"]["attachError"]["time"].is_null());
  EXPECT_EQ(v["spec"]["source"]["persistentVolumeName"], Value("d-bp1abcdefghijk"));
  EXPECT_EQ(ResolveResource("volumeattachments"), &VolumeAttachment::Info());
}

TEST(CSINodeKindTest, KeepsNullAndEmptyTopologyKeysApart) {
  auto m = MustDecode(R"(
apiVersion: storage.k8s.io/v1
kind: CSINode
metadata: {name: cn-hangzhou.192.168.0.12}
spec:
  drivers:
  - name: diskplugin.csi.alibabacloud.com
    nodeID: i-bp1abcdefghijklmnop
    topologyKeys: [topology.diskplugin.csi.alibabacloud.com/zone]
    allocatable: {count: 15}
  - name: nasplugin.csi.alibabacloud.com
    nodeID: i-bp1abcdefghijklmnop
    topologyKeys: null
)");
  ASSERT_TRUE(m.issues.empty()) << ::testing::PrintToString(IssuePaths(m));
  auto node = std::static_pointer_cast<CSINode>(m.object);
  EXPECT_EQ(node->spec.drivers[0].allocatable->count, 15);
  Value v = m.object->ToValue();
  EXPECT_TRUE(v["spec"]["drivers"].as_array()[1].Find("topologyKeys")->is_null());
  EXPECT_EQ(ResolveResource("csinodes"), &CSINode::Info());
  EXPECT_TRUE(CSINode::Info().short_names.empty());
}

TEST(CSIDriverKindTest, DefaultsPerVersion) {
  constexpr std::string_view kDriver = R"(
apiVersion: storage.k8s.io/v1
kind: CSIDriver
metadata: {name: diskplugin.csi.alibabacloud.com}
spec:
  attachRequired: true
  podInfoOnMount: true
)";
  auto m = MustDecode(kDriver);
  ASSERT_TRUE(m.issues.empty());
  ApplyDefaults(*m.object, 30);
  EXPECT_EQ(ToYaml(m.object->ToValue()), R"(apiVersion: storage.k8s.io/v1
kind: CSIDriver
metadata:
  creationTimestamp: null
  name: diskplugin.csi.alibabacloud.com
spec:
  attachRequired: true
  fsGroupPolicy: ReadWriteOnceWithFSType
  podInfoOnMount: true
  requiresRepublish: false
  seLinuxMount: false
  storageCapacity: false
  volumeLifecycleModes:
  - Persistent
)");
  auto old = MustDecode(kDriver);
  ApplyDefaults(*old.object, 18);
  Value v = old.object->ToValue();
  EXPECT_EQ(v["spec"].Find("fsGroupPolicy"), nullptr);
  EXPECT_EQ(v["spec"].Find("storageCapacity"), nullptr);
  EXPECT_EQ(v["spec"]["volumeLifecycleModes"], Value(Value::Array{Value("Persistent")}));
}

}  // namespace
}  // namespace snapsim::api
