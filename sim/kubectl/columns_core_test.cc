// Core kinds. Golden tables marked "real" are kubectl output copied from published
// transcripts (rows chosen so that every column keeps its original width); the others are
// derived by the printer rules.
#include <gtest/gtest.h>

#include "sim/kubectl/columns.h"
#include "sim/kubectl/table_printer.h"
#include "sim/kubectl/table_test_util.h"

namespace snapsim::kubectl {
namespace {

using testing::Ago;
using testing::Print;
using testing::Sub;
using testing::Yaml;

api::Value Node(std::string name, std::string roles_yaml, std::string ip) {
  return Yaml(Sub(R"(apiVersion: v1
kind: Node
metadata:
  name: @NAME@
  creationTimestamp: "@AGE@"
  labels:
    kubernetes.io/hostname: @NAME@
@ROLES@status:
  addresses:
  - type: InternalIP
    address: @IP@
  - type: Hostname
    address: @NAME@
  conditions:
  - type: MemoryPressure
    status: "False"
  - type: Ready
    status: "True"
  nodeInfo:
    kubeletVersion: v1.31.5+k3s1
    osImage: K3s v1.31.5+k3s1
    kernelVersion: 6.8.0-79-generic
    containerRuntimeVersion: containerd://1.7.23-k3s2
)",
                  {{"NAME", name}, {"AGE", Ago(13 * 60 + 20)}, {"ROLES", roles_yaml}, {"IP", ip}}));
}

TEST(NodeTable, K3sWide) {
  // Real: k3d v1.31.5+k3s1, `kubectl get nodes -o wide`.
  std::vector<api::Value> nodes = {
      Node("k3d-vyking-dev-agent-0", "", "172.18.0.3"),
      Node("k3d-vyking-dev-agent-1", "", "172.18.0.4"),
      Node("k3d-vyking-dev-server-0",
           "    node-role.kubernetes.io/control-plane: \"true\"\n"
           "    node-role.kubernetes.io/master: \"true\"\n",
           "172.18.0.2"),
  };
  TableOptions opts;
  opts.kube_minor = 31;
  opts.wide = true;
  EXPECT_EQ(Print("Node", nodes, opts),
            "NAME                      STATUS   ROLES                  AGE   VERSION        INTERNAL-IP   EXTERNAL-IP   OS-IMAGE           KERNEL-VERSION     CONTAINER-RUNTIME\n"
            "k3d-vyking-dev-agent-0    Ready    <none>                 13m   v1.31.5+k3s1   172.18.0.3    <none>        K3s v1.31.5+k3s1   6.8.0-79-generic   containerd://1.7.23-k3s2\n"
            "k3d-vyking-dev-agent-1    Ready    <none>                 13m   v1.31.5+k3s1   172.18.0.4    <none>        K3s v1.31.5+k3s1   6.8.0-79-generic   containerd://1.7.23-k3s2\n"
            "k3d-vyking-dev-server-0   Ready    control-plane,master   13m   v1.31.5+k3s1   172.18.0.2    <none>        K3s v1.31.5+k3s1   6.8.0-79-generic   containerd://1.7.23-k3s2\n");
}

TEST(NodeTable, StatusAndRoles) {
  api::Value n = Node("cn-hangzhou.192.168.0.1", "    kubernetes.io/role: worker\n", "1.1.1.1");
  n["status"]["conditions"] = Yaml("- type: Ready\n  status: Unknown\n");
  n["spec"]["unschedulable"] = true;
  Result<ServerTable> t = ConvertToTable("Node", {n}, 30, testing::kNow);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->rows[0][1], api::Value("NotReady,SchedulingDisabled"));
  EXPECT_EQ(t->rows[0][2], api::Value("worker"));
  n["status"].Erase("conditions");
  n["status"].Erase("nodeInfo");
  t = ConvertToTable("Node", {n}, 30, testing::kNow);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->rows[0][1], api::Value("Unknown,SchedulingDisabled"));
  EXPECT_EQ(t->rows[0][7], api::Value("<unknown>"));  // OS-IMAGE
}

api::Value Namespace(std::string name, std::int64_t age) {
  return Yaml(Sub("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: @N@\n"
                  "  creationTimestamp: \"@A@\"\nstatus:\n  phase: Active\n",
                  {{"N", name}, {"A", Ago(age)}}));
}

TEST(NamespaceTable, Real) {
  // Real: `kubectl get ns` on k3s.
  EXPECT_EQ(Print("Namespace", {Namespace("argocd-dev", 352), Namespace("default", 790),
                                Namespace("kube-node-lease", 790)}),
            "NAME              STATUS   AGE\n"
            "argocd-dev        Active   5m52s\n"
            "default           Active   13m\n"
            "kube-node-lease   Active   13m\n");
  // Namespaces are cluster-scoped: -A adds no NAMESPACE column.
  TableOptions opts;
  opts.with_namespace = true;
  EXPECT_EQ(Print("Namespace", {Namespace("default", 790)}, opts),
            "NAME      STATUS   AGE\n"
            "default   Active   13m\n");
}

api::Value Service(std::string ns, std::string name, std::int64_t age, std::string body) {
  return Yaml(Sub("apiVersion: v1\nkind: Service\nmetadata:\n  name: @N@\n  namespace: @NS@\n"
                  "  creationTimestamp: \"@A@\"\n" +
                      body,
                  {{"N", name}, {"NS", ns}, {"A", Ago(age)}}));
}

TEST(ServiceTable, AllNamespacesWide) {
  // Real: k3s v1.31, `kubectl get svc -A -o wide`.
  const std::int64_t argo = 4 * 60 + 52;
  std::vector<api::Value> svcs = {
      Service("argocd-dev", "argocd-application-controller-metrics", argo, R"(spec:
  type: ClusterIP
  clusterIP: 10.43.233.10
  clusterIPs: [10.43.233.10]
  ports:
  - port: 8082
    protocol: TCP
  selector:
    app.kubernetes.io/name: argocd-application-controller
    app.kubernetes.io/instance: argocd
)"),
      Service("argocd-dev", "argocd-dex-server", argo, R"(spec:
  type: ClusterIP
  clusterIP: 10.43.48.63
  ports:
  - {name: http, port: 5556, protocol: TCP}
  - {name: grpc, port: 5557, protocol: TCP}
  - {name: metrics, port: 5558, protocol: TCP}
  selector:
    app.kubernetes.io/instance: argocd
    app.kubernetes.io/name: argocd-dex-server
)"),
      Service("argocd-dev", "argocd-redis", argo, R"(spec:
  type: ClusterIP
  clusterIP: 10.43.123.126
  ports:
  - port: 6379
  selector:
    app.kubernetes.io/instance: argocd
    app.kubernetes.io/name: argocd-redis
)"),
      Service("argocd-dev", "argocd-redis-metrics", argo, R"(spec:
  type: ClusterIP
  clusterIP: None
  clusterIPs: [None]
  ports:
  - port: 9121
    protocol: TCP
  selector:
    app.kubernetes.io/component: redis
    app.kubernetes.io/instance: argocd
    app.kubernetes.io/name: argocd-redis
)"),
      Service("default", "kubernetes", 790, R"(spec:
  type: ClusterIP
  clusterIP: 10.43.0.1
  ports:
  - name: https
    port: 443
    protocol: TCP
    targetPort: 6443
)"),
      Service("ingress-nginx", "ingress-nginx-controller", 34, R"(spec:
  type: LoadBalancer
  clusterIP: 10.43.65.46
  ports:
  - {port: 80, nodePort: 32765, protocol: TCP}
  - {port: 443, nodePort: 30795, protocol: TCP}
  selector:
    app.kubernetes.io/name: ingress-nginx
    app.kubernetes.io/instance: ingress-nginx
    app.kubernetes.io/component: controller
status:
  loadBalancer: {}
)"),
      Service("kube-system", "traefik", 11 * 60 + 3, R"(spec:
  type: LoadBalancer
  clusterIP: 10.43.90.134
  ports:
  - {port: 80, nodePort: 31468, protocol: TCP}
  - {port: 443, nodePort: 31509, protocol: TCP}
  selector:
    app.kubernetes.io/instance: traefik-kube-system
    app.kubernetes.io/name: traefik
status:
  loadBalancer:
    ingress:
    - ip: 172.18.0.4
    - ip: 172.18.0.2
    - ip: 172.18.0.3
)"),
      Service("mysql-dev", "mysql-headless", 36, R"(spec:
  type: ClusterIP
  clusterIP: None
  ports:
  - port: 3306
    protocol: TCP
  selector:
    app.kubernetes.io/component: primary
    app.kubernetes.io/instance: mysql
    app.kubernetes.io/name: mysql
)"),
  };
  TableOptions opts;
  opts.kube_minor = 31;
  opts.wide = true;
  opts.with_namespace = true;
  EXPECT_EQ(Print("Service", svcs, opts),
            "NAMESPACE       NAME                                    TYPE           CLUSTER-IP      EXTERNAL-IP                        PORT(S)                      AGE     SELECTOR\n"
            "argocd-dev      argocd-application-controller-metrics   ClusterIP      10.43.233.10    <none>                             8082/TCP                     4m52s   app.kubernetes.io/instance=argocd,app.kubernetes.io/name=argocd-application-controller\n"
            "argocd-dev      argocd-dex-server                       ClusterIP      10.43.48.63     <none>                             5556/TCP,5557/TCP,5558/TCP   4m52s   app.kubernetes.io/instance=argocd,app.kubernetes.io/name=argocd-dex-server\n"
            "argocd-dev      argocd-redis                            ClusterIP      10.43.123.126   <none>                             6379/TCP                     4m52s   app.kubernetes.io/instance=argocd,app.kubernetes.io/name=argocd-redis\n"
            "argocd-dev      argocd-redis-metrics                    ClusterIP      None            <none>                             9121/TCP                     4m52s   app.kubernetes.io/component=redis,app.kubernetes.io/instance=argocd,app.kubernetes.io/name=argocd-redis\n"
            "default         kubernetes                              ClusterIP      10.43.0.1       <none>                             443/TCP                      13m     <none>\n"
            "ingress-nginx   ingress-nginx-controller                LoadBalancer   10.43.65.46     <pending>                          80:32765/TCP,443:30795/TCP   34s     app.kubernetes.io/component=controller,app.kubernetes.io/instance=ingress-nginx,app.kubernetes.io/name=ingress-nginx\n"
            "kube-system     traefik                                 LoadBalancer   10.43.90.134    172.18.0.2,172.18.0.3,172.18.0.4   80:31468/TCP,443:31509/TCP   11m     app.kubernetes.io/instance=traefik-kube-system,app.kubernetes.io/name=traefik\n"
            "mysql-dev       mysql-headless                          ClusterIP      None            <none>                             3306/TCP                     36s     app.kubernetes.io/component=primary,app.kubernetes.io/instance=mysql,app.kubernetes.io/name=mysql\n");
}

TEST(ServiceTable, OtherTypes) {
  api::Value ext = Service("d", "db", 60, "spec:\n  type: ExternalName\n  externalName: db.example.com\n");
  api::Value np = Service("d", "web", 60,
                          "spec:\n  type: NodePort\n  clusterIP: 10.0.0.9\n  externalIPs: [1.2.3.4]\n"
                          "  ports:\n  - {port: 80, nodePort: 30080, protocol: TCP}\n");
  Result<ServerTable> t = ConvertToTable("Service", {ext, np}, 30, testing::kNow);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->rows[0][2], api::Value("<none>"));
  EXPECT_EQ(t->rows[0][3], api::Value("db.example.com"));
  EXPECT_EQ(t->rows[0][4], api::Value("<none>"));
  EXPECT_EQ(t->rows[1][3], api::Value("1.2.3.4"));
  EXPECT_EQ(t->rows[1][4], api::Value("80:30080/TCP"));
}

api::Value Event(std::string name, std::string message) {
  return Yaml(Sub(R"(apiVersion: v1
kind: Event
metadata:
  name: @NAME@
  namespace: rs-lab
  creationTimestamp: "@T@"
involvedObject:
  apiVersion: apps/v1
  kind: ReplicaSet
  name: snack-rs
  namespace: rs-lab
reason: SuccessfulDelete
message: "@MSG@"
source:
  component: replicaset-controller
firstTimestamp: "@T@"
lastTimestamp: "@T@"
count: 1
type: Normal
)",
                  {{"NAME", name}, {"T", Ago(18)}, {"MSG", message}}));
}

TEST(EventTable, Real) {
  // Real: kind, `kubectl get events --field-selector reason=SuccessfulDelete`.
  std::vector<api::Value> events = {
      Event("snack-rs.1", "Deleted pod: snack-rs-ldzjc"),
      Event("snack-rs.2", "Deleted pod: snack-rs-m259n"),
      Event("snack-rs.3", "Deleted pod: snack-rs-zsdq7"),
  };
  EXPECT_EQ(Print("Event", events),
            "LAST SEEN   TYPE     REASON             OBJECT                MESSAGE\n"
            "18s         Normal   SuccessfulDelete   replicaset/snack-rs   Deleted pod: snack-rs-ldzjc\n"
            "18s         Normal   SuccessfulDelete   replicaset/snack-rs   Deleted pod: snack-rs-m259n\n"
            "18s         Normal   SuccessfulDelete   replicaset/snack-rs   Deleted pod: snack-rs-zsdq7\n");

  // -o wide appends SUBOBJECT SOURCE MESSAGE FIRST SEEN COUNT NAME; -A a NAMESPACE column.
  TableOptions opts;
  opts.wide = true;
  opts.with_namespace = true;
  EXPECT_EQ(Print("Event", {events[0]}, opts),
            "NAMESPACE   LAST SEEN   TYPE     REASON             OBJECT                SUBOBJECT   SOURCE                  MESSAGE                       FIRST SEEN   COUNT   NAME\n"
            "rs-lab      18s         Normal   SuccessfulDelete   replicaset/snack-rs               replicaset-controller   Deleted pod: snack-rs-ldzjc   18s          1       snack-rs.1\n");
}

TEST(EventTable, NewApiFieldsAndSeries) {
  // An events.k8s.io-style event: no first/lastTimestamp, eventTime, a series, reporting*.
  api::Value e = Yaml(Sub(R"(metadata:
  name: web-0.17f
  namespace: default
involvedObject:
  kind: Pod
  name: web-0
eventTime: "@ET@"
series:
  count: 4
  lastObservedTime: "@LAST@"
reportingComponent: snapshot-controller
reportingInstance: snapshot-controller-0
reason: SnapshotCreated
message: "  Snapshot default/s1 was successfully created by the CSI driver.\n"
type: Normal
)",
                          {{"ET", "2026-01-01T11:50:00.123456Z"}, {"LAST", Ago(90)}}));
  Result<ServerTable> t = ConvertToTable("Event", {e}, 30, testing::kNow);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  const auto& r = t->rows[0];
  EXPECT_EQ(r[0], api::Value("90s"));
  EXPECT_EQ(r[3], api::Value("pod/web-0"));
  EXPECT_EQ(r[5], api::Value("snapshot-controller, snapshot-controller-0"));
  EXPECT_EQ(r[6], api::Value("Snapshot default/s1 was successfully created by the CSI driver."));
  EXPECT_EQ(r[7], api::Value("9m59s"));  // 9m59.876s: sub-second precision kept
  EXPECT_EQ(r[8], api::Value(std::int64_t{4}));
}

TEST(SecretTable, Real) {
  // Real: KubeDB quickstart, `kubectl get secret -n demo`.
  api::Value token = Yaml(Sub(R"(apiVersion: v1
kind: Secret
metadata:
  name: default-token-9m5pd
  namespace: demo
  creationTimestamp: "@A@"
type: kubernetes.io/service-account-token
data:
  ca.crt: Y2E=
  namespace: ZGVtbw==
  token: dG9r
)",
                              {{"A", Ago(3000)}}));
  api::Value auth = Yaml(Sub(R"(apiVersion: v1
kind: Secret
metadata:
  name: demo-quickstart-auth
  namespace: demo
  creationTimestamp: "@A@"
type: Opaque
data:
  password: cA==
  username: dQ==
)",
                             {{"A", Ago(3010)}}));
  EXPECT_EQ(Print("Secret", {token, auth}),
            "NAME                   TYPE                                  DATA   AGE\n"
            "default-token-9m5pd    kubernetes.io/service-account-token   3      50m\n"
            "demo-quickstart-auth   Opaque                                2      50m\n");
}

TEST(ConfigMapTable, DataCountsBinaryData) {
  api::Value root = Yaml(Sub(R"(apiVersion: v1
kind: ConfigMap
metadata:
  name: kube-root-ca.crt
  namespace: default
  creationTimestamp: "@A@"
data:
  ca.crt: x
)",
                             {{"A", Ago(790)}}));
  api::Value settings = Yaml(Sub(R"(apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: default
  creationTimestamp: "@A@"
data:
  a: "1"
  b: "2"
binaryData:
  blob: AAE=
)",
                                 {{"A", Ago(120)}}));
  EXPECT_EQ(Print("ConfigMap", {root, settings}),
            "NAME               DATA   AGE\n"
            "kube-root-ca.crt   1      13m\n"
            "settings           3      2m\n");
}

api::Value StatefulSet(std::string ns, std::string name, std::int64_t age, int ready) {
  return Yaml(Sub(R"(apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: @N@
  namespace: @NS@
  creationTimestamp: "@A@"
spec:
  replicas: 1
  serviceName: @N@
  template:
    spec:
      containers:
      - name: app
        image: registry.example.com/@N@:v1
      - name: metrics
        image: prom/exporter:v2
status:
  replicas: 1
  readyReplicas: @R@
)",
                  {{"N", name}, {"NS", ns}, {"A", Ago(age)}, {"R", std::to_string(ready)}}));
}

TEST(StatefulSetTable, AllNamespaces) {
  // Real: k3s v1.31, `kubectl get statefulset -A`.
  std::vector<api::Value> sts = {
      StatefulSet("argocd-dev", "argocd-application-controller", 292, 1),
      StatefulSet("mysql-dev", "mysql", 36, 0),
  };
  TableOptions opts;
  opts.with_namespace = true;
  EXPECT_EQ(Print("StatefulSet", sts, opts),
            "NAMESPACE    NAME                            READY   AGE\n"
            "argocd-dev   argocd-application-controller   1/1     4m52s\n"
            "mysql-dev    mysql                           0/1     36s\n");
  opts.with_namespace = false;
  opts.wide = true;
  EXPECT_EQ(Print("StatefulSet", {sts[1]}, opts),
            "NAME    READY   AGE   CONTAINERS    IMAGES\n"
            "mysql   0/1     36s   app,metrics   registry.example.com/mysql:v1,prom/exporter:v2\n");
}

}  // namespace
}  // namespace snapsim::kubectl
