#include "src/api/kinds_apps.h"

#include <gtest/gtest.h>

#include "src/api/defaults.h"
#include "src/api/manifest_test_util.h"
#include "src/api/registry.h"
#include "src/api/yaml.h"

namespace snapsim::api {
namespace {

using testing_util::IssuePaths;
using testing_util::MustDecode;

// The ACK document's nginx.yaml.
constexpr std::string_view kAckStatefulSet = R"(
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: nginx
  serviceName: "nginx"
  replicas: 1
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx
        volumeMounts:
        - name: disk-ssd
          mountPath: /data
  volumeClaimTemplates:
  - metadata:
      name: disk-ssd
    spec:
      accessModes: [ "ReadWriteOnce" ]
      storageClassName: "alicloud-disk-ssd"
      resources:
        requests:
          storage: 20Gi
)";

// The ACK document's nginx-restore.yaml StatefulSet.
constexpr std::string_view kAckRestoreStatefulSet = R"(
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web-restore
spec:
  selector:
    matchLabels:
      app: nginx
  serviceName: "nginx"
  replicas: 1
  template:
    metadata:
      labels:
        app: nginx
    spec:
      hostNetwork: true
      containers:
      - name: nginx
        image: nginx
        command: ["sh", "-c"]
        args: ["sleep 10000"]
        volumeMounts:
        - name: disk-ssd
          mountPath: /data
  volumeClaimTemplates:
  - metadata:
      name: disk-ssd
    spec:
      accessModes: [ "ReadWriteOnce" ]
      storageClassName: alicloud-disk-ssd
      resources:
        requests:
          storage: 20Gi
      dataSource:
        name: new-snapshot-demo
        kind: VolumeSnapshot
        apiGroup: snapshot.storage.k8s.io
)";

TEST(StatefulSetKindTest, DecodesTheAckDocumentStatefulSets) {
  auto m = MustDecode(kAckStatefulSet);
  EXPECT_TRUE(m.issues.empty()) << ::testing::PrintToString(IssuePaths(m));
  auto sts = std::static_pointer_cast<StatefulSet>(m.object);
  EXPECT_EQ(sts->spec.replicas, 1);
  EXPECT_EQ(sts->spec.service_name, "nginx");
  EXPECT_EQ(sts->spec.selector->match_labels.at("app"), "nginx");
  EXPECT_EQ(sts->spec.template_.metadata.labels.at("app"), "nginx");
  ASSERT_EQ(sts->spec.volume_claim_templates.size(), 1u);
  const EmbeddedPersistentVolumeClaim& claim = sts->spec.volume_claim_templates[0];
  EXPECT_EQ(claim.metadata.name, "disk-ssd");
  EXPECT_EQ(claim.spec.storage_class_name, "alicloud-disk-ssd");
  EXPECT_EQ(claim.spec.resources.requests.at("storage").Value(), std::int64_t{20} << 30);

  auto restore = MustDecode(kAckRestoreStatefulSet);
  EXPECT_TRUE(restore.issues.empty()) << ::testing::PrintToString(IssuePaths(restore));
  auto rs = std::static_pointer_cast<StatefulSet>(restore.object);
  EXPECT_TRUE(rs->spec.template_.spec.host_network);
  const auto& ds = rs->spec.volume_claim_templates[0].spec.data_source;
  ASSERT_TRUE(ds.has_value());
  EXPECT_EQ(ds->api_group, "snapshot.storage.k8s.io");
  EXPECT_EQ(ds->kind, "VolumeSnapshot");
  EXPECT_EQ(ds->name, "new-snapshot-demo");
}

TEST(StatefulSetKindTest, DefaultsLikeA130Server) {
  auto m = MustDecode(kAckStatefulSet);
  ApplyDefaults(*m.object, 30);
  EXPECT_EQ(ToYaml(m.object->ToValue()), R"(apiVersion: apps/v1
kind: StatefulSet
metadata:
  creationTimestamp: null
  name: web
spec:
  persistentVolumeClaimRetentionPolicy:
    whenDeleted: Retain
    whenScaled: Retain
  podManagementPolicy: OrderedReady
  replicas: 1
  revisionHistoryLimit: 10
  selector:
    matchLabels:
      app: nginx
  serviceName: nginx
  template:
    metadata:
      creationTimestamp: null
      labels:
        app: nginx
    spec:
      containers:
      - image: nginx
        imagePullPolicy: Always
        name: nginx
        resources: {}
        terminationMessagePath: /dev/termination-log
        terminationMessagePolicy: File
        volumeMounts:
        - mountPath: /data
          name: disk-ssd
      dnsPolicy: ClusterFirst
      restartPolicy: Always
      schedulerName: default-scheduler
      securityContext: {}
      terminationGracePeriodSeconds: 30
  updateStrategy:
    rollingUpdate:
      partition: 0
    type: RollingUpdate
  volumeClaimTemplates:
  - metadata:
      creationTimestamp: null
      name: disk-ssd
    spec:
      accessModes:
      - ReadWriteOnce
      resources:
        requests:
          storage: 20Gi
      storageClassName: alicloud-disk-ssd
      volumeMode: Filesystem
    status:
      phase: Pending
status:
  availableReplicas: 0
  replicas: 0
)");
}

TEST(StatefulSetKindTest, RetentionPolicyIsDefaultedFrom127Only) {
  auto m = MustDecode(kAckStatefulSet);
  ApplyDefaults(*m.object, 26);
  auto sts = std::static_pointer_cast<StatefulSet>(m.object);
  EXPECT_FALSE(sts->spec.persistent_volume_claim_retention_policy.has_value());
  EXPECT_EQ(sts->spec.pod_management_policy, "OrderedReady");
}

TEST(StatefulSetKindTest, EmbeddedClaimsMayCarryApiVersionAndKind) {
  auto m = MustDecode(R"(
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: s}
spec:
  selector: {matchLabels: {a: b}}
  serviceName: s
  template: {metadata: {labels: {a: b}}, spec: {containers: [{name: c, image: i}]}}
  volumeClaimTemplates:
  - apiVersion: v1
    kind: PersistentVolumeClaim
    metadata: {name: data}
    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
    status: {phase: Pending}
  updateStrategy: {type: RollingUpdate, rollingUpdate: {partition: 0, maxUnavailable: 25%}}
  ordinals: {start: 5}
  minReadySeconds: 3
status:
  observedGeneration: 2
  replicas: 1
  readyReplicas: 1
  currentReplicas: 1
  updatedReplicas: 1
  availableReplicas: 1
  currentRevision: s-5d8f
  updateRevision: s-5d8f
  collisionCount: 0
)");
  EXPECT_TRUE(m.issues.empty()) << ::testing::PrintToString(IssuePaths(m));
  auto sts = std::static_pointer_cast<StatefulSet>(m.object);
  EXPECT_EQ(sts->spec.volume_claim_templates[0].kind, "PersistentVolumeClaim");
  EXPECT_EQ(sts->spec.update_strategy.rolling_update->max_unavailable->str_value, "25%");
  EXPECT_EQ(sts->spec.ordinals->start, 5);
  EXPECT_EQ(sts->status.collision_count, 0);
  Value v = m.object->ToValue();
  EXPECT_EQ(*v["spec"]["volumeClaimTemplates"].as_array()[0].Find("apiVersion"), Value("v1"));
  EXPECT_EQ(v["status"]["collisionCount"], Value(0));
}

TEST(StatefulSetKindTest, MisspeltTemplateFieldIsUnknownAtItsExactPath) {
  auto m = MustDecode(R"(
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: s}
spec:
  selector: {matchLabels: {a: b}}
  serviceName: s
  template:
    metadata: {labels: {a: b}}
    spec:
      containers:
      - name: c
        imagex: nginx
  volumeClaimTemplates:
  - metadata: {name: data}
    spec: {accessMode: [ReadWriteOnce]}
)");
  ASSERT_EQ(IssuePaths(m),
            (std::vector<std::string>{"spec.template.spec.containers[0].imagex",
                                      "spec.volumeClaimTemplates[0].spec.accessMode"}));
  EXPECT_EQ(m.issues[0].kind, DecodeIssue::Kind::kUnknownField);
}

TEST(StatefulSetKindTest, KindInfoMatchesDiscovery) {
  const KindInfo& k = StatefulSet::Info();
  EXPECT_EQ(k.Resource(), "statefulsets.apps");
  EXPECT_EQ(k.ApiVersion("v1"), "apps/v1");
  EXPECT_TRUE(k.namespaced);
  EXPECT_TRUE(k.has_status);
  EXPECT_EQ(ResolveResource("sts"), &k);
  EXPECT_EQ(ResolveResource("statefulsets.apps"), &k);
  EXPECT_EQ(ResolveResource("sts.v1.apps"), &k);
}

}  // namespace
}  // namespace snapsim::api
