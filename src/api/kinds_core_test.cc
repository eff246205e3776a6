#include "src/api/kinds_core.h"

#include <gtest/gtest.h>

#include "src/api/defaults.h"
#include "src/api/manifest_test_util.h"
#include "src/api/registry.h"
#include "src/api/yaml.h"

namespace snapsim::api {
namespace {

using testing_util::IssuePaths;
using testing_util::MustDecode;

TEST(ServiceKindTest, DecodesAndDefaultsTheAckDocumentService) {
  auto m = MustDecode(R"(
apiVersion: v1
kind: Service
metadata:
  name: nginx
  labels:
    app: nginx
spec:
  ports:
  - port: 80
    name: web
  clusterIP: None
  selector:
    app: nginx
)");
  ASSERT_TRUE(m.issues.empty()) << ::testing::PrintToString(IssuePaths(m));
  auto svc = std::static_pointer_cast<Service>(m.object);
  EXPECT_EQ(svc->spec.cluster_ip, "None");
  EXPECT_EQ(svc->spec.ports[0].port, 80);
  ApplyDefaults(*m.object, 30);
  EXPECT_EQ(ToYaml(m.object->ToValue()), R"(apiVersion: v1
kind: Service
metadata:
  creationTimestamp: null
  labels:
    app: nginx
  name: nginx
spec:
  clusterIP: None
  clusterIPs:
  - None
  internalTrafficPolicy: Cluster
  ipFamilies:
  - IPv4
  ipFamilyPolicy: SingleStack
  ports:
  - name: web
    port: 80
    protocol: TCP
    targetPort: 80
  selector:
    app: nginx
  sessionAffinity: None
  type: ClusterIP
status:
  loadBalancer: {}
)");
}

TEST(ServiceKindTest, OlderServersDefaultLess) {
  auto m = MustDecode(R"(
apiVersion: v1
kind: Service
metadata: {name: lb}
spec:
  type: LoadBalancer
  ports: [{port: 443, targetPort: https, nodePort: 30443}]
  sessionAffinity: ClientIP
)");
  ASSERT_TRUE(m.issues.empty());
  ApplyDefaults(*m.object, 18);
  auto svc = std::static_pointer_cast<Service>(m.object);
  EXPECT_EQ(svc->spec.ports[0].target_port.str_value, "https");
  EXPECT_EQ(svc->spec.external_traffic_policy, "Cluster");
  EXPECT_FALSE(svc->spec.internal_traffic_policy.has_value());
  EXPECT_FALSE(svc->spec.ip_family_policy.has_value());
  EXPECT_FALSE(svc->spec.allocate_load_balancer_node_ports.has_value());
  EXPECT_EQ(ToYaml(svc->spec.session_affinity_config), "clientIP:\n  timeoutSeconds: 10800\n");
  ApplyDefaults(*m.object, 30);
  EXPECT_EQ(svc->spec.allocate_load_balancer_node_ports, true);
  EXPECT_EQ(svc->spec.ip_family_policy, "SingleStack");
}

TEST(ServiceKindTest, MisspeltPortFieldIsUnknown) {
  auto m = MustDecode(
      "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: [{prot: 80}]}\n");
  EXPECT_EQ(IssuePaths(m), std::vector<std::string>{"spec.ports[0].prot"});
}

TEST(NamespaceKindTest, DefaultsFinalizerPhaseAndNameLabel) {
  auto m = MustDecode("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: demo\n");
  ASSERT_TRUE(m.issues.empty());
  ApplyDefaults(*m.object, 30);
  EXPECT_EQ(ToYaml(m.object->ToValue()), R"(apiVersion: v1
kind: Namespace
metadata:
  creationTimestamp: null
  labels:
    kubernetes.io/metadata.name: demo
  name: demo
spec:
  finalizers:
  - kubernetes
status:
  phase: Active
)");
  // The namespace controller removes the finalizer; an update must not bring it back.
  auto ns = std::static_pointer_cast<Namespace>(m.object);
  ns->spec.finalizers.clear();
  ApplyDefaults(*ns, 30, WriteKind::kUpdate);
  EXPECT_TRUE(ns->spec.finalizers.empty());
}

TEST(NodeKindTest, RoundTripsARealNode) {
  constexpr std::string_view kNode = R"(apiVersion: v1
kind: Node
metadata:
  annotations:
    node.alpha.kubernetes.io/ttl: "0"
    volumes.kubernetes.io/controller-managed-attach-detach: "true"
  creationTimestamp: "2024-05-01T02:03:04Z"
  labels:
    kubernetes.io/hostname: cn-hangzhou.192.168.0.12
    topology.diskplugin.csi.alibabacloud.com/zone: cn-hangzhou-k
    topology.kubernetes.io/zone: cn-hangzhou-k
  name: cn-hangzhou.192.168.0.12
  resourceVersion: "998"
  uid: 0c9d8e7f-1a2b-4c3d-8e9f-0a1b2c3d4e5f
spec:
  podCIDR: 172.20.1.0/25
  podCIDRs:
  - 172.20.1.0/25
  providerID: cn-hangzhou.i-bp1abcdefghijklmnop
  taints:
  - effect: NoSchedule
    key: node.kubernetes.io/unschedulable
    timeAdded: "2024-05-02T00:00:00Z"
  unschedulable: true
status:
  addresses:
  - address: 192.168.0.12
    type: InternalIP
  - address: cn-hangzhou.192.168.0.12
    type: Hostname
  allocatable:
    cpu: 3900m
    ephemeral-storage: "113498440950"
    memory: 14179872Ki
    pods: "64"
  capacity:
    cpu: "4"
    ephemeral-storage: 123722704Ki
    memory: 15950368Ki
    pods: "64"
  conditions:
  - lastHeartbeatTime: "2024-05-20T08:00:00Z"
    lastTransitionTime: "2024-05-01T02:04:00Z"
    message: kubelet is posting ready status
    reason: KubeletReady
    status: "True"
    type: Ready
  daemonEndpoints:
    kubeletEndpoint:
      Port: 10250
  images:
  - names:
    - docker.io/library/nginx@sha256:0f04e4f646a3f14bf31d8bc8d885b6c951fdcf42589d06845f64d18aec6a3c4d
    - docker.io/library/nginx:latest
    sizeBytes: 70544635
  nodeInfo:
    architecture: amd64
    bootID: 6f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b
    containerRuntimeVersion: containerd://1.6.28
    kernelVersion: 5.10.134-16.1.al8.x86_64
    kubeProxyVersion: v1.30.1-aliyun.1
    kubeletVersion: v1.30.1-aliyun.1
    machineID: 20240501020304abcdef
    operatingSystem: linux
    osImage: Alibaba Cloud Linux 3.2104 U10 (OpenAnolis Edition)
    systemUUID: 5e4d3c2b-1a09-8f7e-6d5c-4b3a29180706
  volumesAttached:
  - devicePath: ""
    name: kubernetes.io/csi/diskplugin.csi.alibabacloud.com^d-bp1abcdefghijk
  volumesInUse:
  - kubernetes.io/csi/diskplugin.csi.alibabacloud.com^d-bp1abcdefghijk
)";
  auto m = MustDecode(kNode);
  ASSERT_TRUE(m.issues.empty()) << ::testing::PrintToString(IssuePaths(m));
  auto node = std::static_pointer_cast<Node>(m.object);
  EXPECT_EQ(node->spec.provider_id, "cn-hangzhou.i-bp1abcdefghijklmnop");
  EXPECT_EQ(node->status.node_info.kubelet_version, "v1.30.1-aliyun.1");
  EXPECT_EQ(node->status.daemon_endpoints.kubelet_endpoint.port, 10250);
  EXPECT_EQ(node->status.capacity.at("cpu").MilliValue(), 4000);
  EXPECT_EQ(ToYaml(m.object->ToValue()), kNode);
}

TEST(NodeKindTest, AllocatableDefaultsToCapacity) {
  auto m = MustDecode(
      "apiVersion: v1\nkind: Node\nmetadata: {name: n}\nstatus: {capacity: {cpu: '2'}}\n");
  ApplyDefaults(*m.object, 30);
  EXPECT_EQ(std::static_pointer_cast<Node>(m.object)->status.allocatable.at("cpu").MilliValue(),
            2000);
}

TEST(EventKindTest, EncodesZeroTimesAsNullAndKeepsReportingFields) {
  auto m = MustDecode(R"(
apiVersion: v1
kind: Event
metadata:
  name: new-snapshot-demo.17d2a3b4c5d6e7f8
  namespace: default
involvedObject:
  apiVersion: snapshot.storage.k8s.io/v1
  kind: VolumeSnapshot
  name: new-snapshot-demo
  namespace: default
  resourceVersion: "4242"
  uid: 1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e
reason: CreatingSnapshot
message: Waiting for a snapshot default/new-snapshot-demo to be created by the CSI driver.
source:
  component: snapshot-controller
firstTimestamp: "2024-05-20T08:20:00Z"
lastTimestamp: "2024-05-20T08:20:00Z"
count: 1
type: Normal
)");
  ASSERT_TRUE(m.issues.empty()) << ::testing::PrintToString(IssuePaths(m));
  Value v = m.object->ToValue();
  EXPECT_TRUE(v["eventTime"].is_null());
  EXPECT_EQ(v["reportingComponent"], Value(""));
  EXPECT_EQ(v["reportingInstance"], Value(""));
  EXPECT_EQ(v["source"]["component"], Value("snapshot-controller"));
  EXPECT_EQ(v.Find("series"), nullptr);

  auto fresh = std::make_shared<Event>();
  Value empty = fresh->ToValue();
  EXPECT_TRUE(empty["firstTimestamp"].is_null());
  EXPECT_TRUE(empty["lastTimestamp"].is_null());
  EXPECT_EQ(empty["source"], Value::EmptyObject());
  EXPECT_EQ(empty["involvedObject"], Value::EmptyObject());
}

TEST(EventKindTest, SeriesAndRelatedDecodeEncodeAndCopyAsOptionalMembersWould) {
  auto m = MustDecode(R"(
apiVersion: v1
kind: Event
metadata: {name: e, namespace: default}
involvedObject: {kind: Pod, name: p, namespace: default}
series: {count: 3, lastObservedTime: "2024-05-20T08:20:00.000000Z"}
related: {kind: Node, name: n1}
)");
  ASSERT_TRUE(m.issues.empty()) << ::testing::PrintToString(IssuePaths(m));
  auto e = std::static_pointer_cast<Event>(m.object);
  ASSERT_TRUE(e->series.has_value());
  EXPECT_EQ(e->series->count, 3);
  ASSERT_TRUE(e->related);
  EXPECT_EQ(e->related->name, "n1");
  Value v = e->ToValue();
  EXPECT_EQ(v["series"]["count"], Value(std::int64_t{3}));
  EXPECT_EQ(v["related"]["kind"], Value("Node"));

  auto copy = std::static_pointer_cast<Event>(e->Clone());  // deep: the copy owns its own
  copy->related->name = "n2";
  copy->series.reset();
  EXPECT_EQ(e->related->name, "n1");
  EXPECT_TRUE(e->series.has_value());
  EXPECT_EQ(copy->ToValue().Find("series"), nullptr);
  EXPECT_FALSE(e->BodyEncodesEqual(*copy, true));
  copy->series = e->series;
  copy->related = *e->related;
  EXPECT_TRUE(e->BodyEncodesEqual(*copy, true));
}

TEST(SecretKindTest, DefaultsTypeAndMergesStringData) {
  auto m = MustDecode(R"(
apiVersion: v1
kind: Secret
metadata: {name: s}
data:
  a: aGVsbG8=
  b: b2xk
stringData:
  b: new
)");
  ASSERT_TRUE(m.issues.empty());
  ApplyDefaults(*m.object, 30);
  EXPECT_EQ(ToYaml(m.object->ToValue()), R"(apiVersion: v1
data:
  a: aGVsbG8=
  b: bmV3
kind: Secret
metadata:
  creationTimestamp: null
  name: s
type: Opaque
)");
}

TEST(SecretKindTest, Base64MatchesGo) {
  EXPECT_EQ(Base64Encode(""), "");
  EXPECT_EQ(Base64Encode("f"), "Zg==");
  EXPECT_EQ(Base64Encode("fo"), "Zm8=");
  EXPECT_EQ(Base64Encode("foo"), "Zm9v");
  EXPECT_EQ(Base64Decode("Zm9vYg==").value(), "foob");
  EXPECT_EQ(Base64Decode("Zm9v\nYmE=").value(), "fooba");
  EXPECT_EQ(Base64Decode("").value(), "");
  EXPECT_EQ(Base64Decode("abc").status().message(), "illegal base64 data at input byte 0");
  EXPECT_EQ(Base64Decode("ab!d").status().message(), "illegal base64 data at input byte 2");
  EXPECT_EQ(Base64Decode("Zg=").status().message(), "illegal base64 data at input byte 3");
  EXPECT_EQ(Base64Decode("Zg==x").status().message(), "illegal base64 data at input byte 4");
}

TEST(ConfigMapKindTest, DecodesAndRejectsUnknownFields) {
  auto m = MustDecode(R"(
apiVersion: v1
kind: ConfigMap
metadata: {name: c, namespace: kube-system}
data: {k: v}
binaryData: {b: AAE=}
immutable: true
dta: {}
)");
  EXPECT_EQ(IssuePaths(m), std::vector<std::string>{"dta"});
  auto cm = std::static_pointer_cast<ConfigMap>(m.object);
  EXPECT_EQ(cm->data.at("k"), "v");
  EXPECT_EQ(cm->immutable, true);
}

TEST(CoreKindsTest, ResolveLikeDiscovery) {
  EXPECT_EQ(ResolveResource("ns"), &Namespace::Info());
  EXPECT_EQ(ResolveResource("no"), &Node::Info());
  EXPECT_EQ(ResolveResource("svc"), &Service::Info());
  EXPECT_EQ(ResolveResource("ev"), &Event::Info());
  EXPECT_EQ(ResolveResource("secrets"), &Secret::Info());
  EXPECT_EQ(ResolveResource("cm"), &ConfigMap::Info());
  EXPECT_FALSE(Namespace::Info().namespaced);
  EXPECT_FALSE(Node::Info().namespaced);
  EXPECT_FALSE(Event::Info().has_status);
  // Core group first, then apps, storage, apiextensions, snapshot CRDs.
  EXPECT_EQ(AllKinds().front(), &Namespace::Info());
  EXPECT_EQ(FindKind("", "ConfigMap"), &ConfigMap::Info());
}

}  // namespace
}  // namespace snapsim::api
