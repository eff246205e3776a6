#include <fmt/format.h>
#include <gtest/gtest.h>

#include "sim/kubectl/kubectl_test_fixture.h"

namespace snapsim::kubectl {
namespace {

constexpr std::string_view kStorageClass = R"(apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: alicloud-disk-ssd
  annotations: {storageclass.kubernetes.io/is-default-class: "true"}
provisioner: diskplugin.csi.alibabacloud.com
parameters: {type: cloud_ssd}
reclaimPolicy: Delete
volumeBindingMode: WaitForFirstConsumer
allowVolumeExpansion: true
)";

constexpr std::string_view kPv = R"(apiVersion: v1
kind: PersistentVolume
metadata:
  name: d-bp1abc
  annotations: {pv.kubernetes.io/provisioned-by: diskplugin.csi.alibabacloud.com}
spec:
  capacity: {storage: 20Gi}
  accessModes: [ReadWriteOnce]
  persistentVolumeReclaimPolicy: Delete
  storageClassName: alicloud-disk-ssd
  claimRef: {namespace: default, name: disk-ssd-web-0}
  csi:
    driver: diskplugin.csi.alibabacloud.com
    volumeHandle: d-bp1abc
    fsType: ext4
    volumeAttributes: {storage.kubernetes.io/csiProvisionerIdentity: 1767225600000-8081-diskplugin.csi.alibabacloud.com, type: cloud_ssd}
  nodeAffinity:
    required:
      nodeSelectorTerms:
      - matchExpressions:
        - {key: topology.diskplugin.csi.alibabacloud.com/zone, operator: In, values: [cn-hangzhou-i]}
)";

constexpr std::string_view kPvc = R"(apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: disk-ssd-web-0
  labels: {app: nginx}
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: alicloud-disk-ssd
  resources: {requests: {storage: 20Gi}}
  volumeName: d-bp1abc
)";

constexpr std::string_view kPvcBound = R"(apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: disk-ssd-web-0
status:
  phase: Bound
  accessModes: [ReadWriteOnce]
  capacity: {storage: 20Gi}
)";

constexpr std::string_view kStatefulSet = R"(apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  selector: {matchLabels: {app: nginx}}
  serviceName: nginx
  replicas: 1
  template:
    metadata: {labels: {app: nginx}}
    spec:
      containers:
      - name: nginx
        image: nginx
        ports: [{containerPort: 80, name: web}]
        volumeMounts: [{name: disk-ssd, mountPath: /data}]
  volumeClaimTemplates:
  - metadata: {name: disk-ssd}
    spec:
      accessModes: [ReadWriteOnce]
      storageClassName: alicloud-disk-ssd
      resources: {requests: {storage: 20Gi}}
)";

constexpr std::string_view kDescribePod = R"(apiVersion: v1
kind: Pod
metadata:
  name: web-0
  labels: {app: nginx}
spec:
  nodeName: node-0
  containers:
  - name: nginx
    image: nginx
    ports: [{containerPort: 80, name: web}]
    volumeMounts: [{name: disk-ssd, mountPath: /data}]
  volumes:
  - name: disk-ssd
    persistentVolumeClaim: {claimName: disk-ssd-web-0}
)";

constexpr std::string_view kDescribeSnapshot = R"(apiVersion: snapshot.storage.k8s.io/v1
kind: VolumeSnapshot
metadata:
  name: new-snapshot-demo
spec:
  volumeSnapshotClassName: alicloud-disk-snapshot
  source:
    persistentVolumeClaimName: disk-ssd-web-0
)";

class DescribeTest : public KubectlTest {
 protected:
  // A core/v1 Event about `obj`, first seen `first_ago` and last seen `last_ago` before now.
  void Event(const api::ObjectPtr& obj, std::string_view name, std::string_view reason,
             std::string_view message, int count, engine::Nanos first_ago, engine::Nanos last_ago,
             std::string_view type = "Normal") {
    std::int64_t now = server_.NowUnixSeconds();
    const api::KindInfo& kind = obj->kind_info();
    Create(fmt::format(R"(apiVersion: v1
kind: Event
metadata: {{name: {}, namespace: default}}
involvedObject: {{apiVersion: {}, kind: {}, name: {}, namespace: "{}", uid: {}}}
reason: {}
message: "{}"
source: {{component: snapshot-controller}}
firstTimestamp: "{}"
lastTimestamp: "{}"
count: {}
type: {}
)",
                       name, kind.ApiVersion(kind.storage_version), kind.kind, obj->metadata.name,
                       obj->metadata.namespace_, obj->metadata.uid, reason, message,
                       engine::FormatRfc3339(now - first_ago / engine::kSecond),
                       engine::FormatRfc3339(now - last_ago / engine::kSecond), count, type));
  }
};

TEST_F(DescribeTest, VolumeSnapshotUsesTheGenericDescriberWithEvents) {
  Advance(10 * engine::kSecond);
  auto vs = Create(kDescribeSnapshot);
  SetStatus(R"(apiVersion: snapshot.storage.k8s.io/v1
kind: VolumeSnapshot
metadata: {name: new-snapshot-demo}
status:
  boundVolumeSnapshotContentName: snapcontent-1
  creationTime: "2026-01-01T00:00:12Z"
  readyToUse: true
  restoreSize: 20Gi
)");
  Advance(36 * engine::kMinute);
  Event(vs, "new-snapshot-demo.1", "CreatingSnapshot",
        "Waiting for a snapshot default/new-snapshot-demo to be created by the CSI driver.", 1,
        36 * engine::kMinute, 36 * engine::kMinute);
  Event(vs, "new-snapshot-demo.2", "SnapshotReady",
        "Snapshot default/new-snapshot-demo is ready to use. ", 2, 5 * engine::kMinute,
        3 * engine::kMinute);
  auto r = Run({"describe", "vs", "new-snapshot-demo"});
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out,
            fmt::format(R"(Name:         new-snapshot-demo
Namespace:    default
Labels:       <none>
Annotations:  <none>
API Version:  snapshot.storage.k8s.io/v1
Kind:         VolumeSnapshot
Metadata:
  Creation Timestamp:  2026-01-01T00:00:10Z
  Generation:          1
  Resource Version:    {}
  UID:                 {}
Spec:
  Source:
    Persistent Volume Claim Name:  disk-ssd-web-0
  Volume Snapshot Class Name:      alicloud-disk-snapshot
Status:
  Bound Volume Snapshot Content Name:  snapcontent-1
  Creation Time:                       2026-01-01T00:00:12Z
  Ready To Use:                        true
  Restore Size:                        20Gi
Events:
  Type    Reason            Age              From                 Message
  ----    ------            ----             ----                 -------
  Normal  CreatingSnapshot  36m              snapshot-controller  Waiting for a snapshot default/new-snapshot-demo to be created by the CSI driver.
  Normal  SnapshotReady     3m (x2 over 5m)  snapshot-controller  Snapshot default/new-snapshot-demo is ready to use.
)",
                        server_.Peek(api::VolumeSnapshot::Info(), "default", "new-snapshot-demo")
                            ->metadata.resource_version,
                        vs->metadata.uid));
}

TEST_F(DescribeTest, SlashFormMatchesTypeNameForm) {
  Create(kDescribeSnapshot);
  auto a = Run({"describe", "volumesnapshot/new-snapshot-demo"});
  auto b = Run({"describe", "volumesnapshots.snapshot.storage.k8s.io", "new-snapshot-demo"});
  EXPECT_EQ(a.exit_code, 0);
  EXPECT_EQ(a.out, b.out);
  EXPECT_NE(a.out.find("  Volume Snapshot Class Name:      alicloud-disk-snapshot\nEvents:         "
                       "                   <none>\n"),
            std::string::npos)
      << a.out;
}

TEST_F(DescribeTest, ClusterScopedGenericObjectHasAnEmptyNamespace) {
  Create(R"(apiVersion: snapshot.storage.k8s.io/v1
kind: VolumeSnapshotClass
metadata:
  name: alicloud-disk-snapshot
driver: diskplugin.csi.alibabacloud.com
deletionPolicy: Delete
parameters: {instantAccess: "true"}
)");
  auto r = Run({"describe", "vsclass", "alicloud-disk-snapshot", "--show-events=false"});
  EXPECT_EQ(r.exit_code, 0);
  auto obj = server_.Peek(api::VolumeSnapshotClass::Info(), "", "alicloud-disk-snapshot");
  EXPECT_EQ(r.out, fmt::format(R"(Name:             alicloud-disk-snapshot
Namespace:        
Labels:           <none>
Annotations:      <none>
API Version:      snapshot.storage.k8s.io/v1
Deletion Policy:  Delete
Driver:           diskplugin.csi.alibabacloud.com
Kind:             VolumeSnapshotClass
Metadata:
  Creation Timestamp:  2026-01-01T00:00:00Z
  Generation:          1
  Resource Version:    {}
  UID:                 {}
Parameters:
  Instant Access:  true
)",
                               obj->metadata.resource_version, obj->metadata.uid));
}

TEST_F(DescribeTest, NotFound) {
  auto r = Run({"describe", "vs", "nope"});
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(
      r.err,
      "Error from server (NotFound): volumesnapshots.snapshot.storage.k8s.io \"nope\" not found\n");
  EXPECT_EQ(r.exit_code, 1);
}

TEST_F(DescribeTest, SeveralNotFoundArePrintedOnePerLine) {
  auto r = Run({"describe", "pvc", "a", "b", "c"});
  EXPECT_EQ(r.err,
            "Error from server (NotFound): persistentvolumeclaims \"a\" not found\n"
            "Error from server (NotFound): persistentvolumeclaims \"b\" not found\n"
            "Error from server (NotFound): persistentvolumeclaims \"c\" not found\n");
  EXPECT_EQ(r.exit_code, 1);
}

TEST_F(DescribeTest, AllObjectsOfATypeAreSeparatedByABlankLine) {
  Create(kDescribeSnapshot);
  Create(R"(apiVersion: snapshot.storage.k8s.io/v1
kind: VolumeSnapshot
metadata: {name: second}
spec:
  source: {persistentVolumeClaimName: disk-ssd-web-1}
)");
  auto all = Run({"describe", "vs"});
  auto first = Run({"describe", "vs", "new-snapshot-demo"});
  auto second = Run({"describe", "vs", "second"});
  EXPECT_EQ(all.exit_code, 0);
  EXPECT_EQ(all.out, first.out + "\n\n" + second.out);
}

TEST_F(DescribeTest, LabelSelectorPicksObjects) {
  Create(kPvc);
  Create(R"(apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: other, labels: {app: db}}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 20Gi}}
)");
  auto r = Run({"describe", "pvc", "-l", "app=db"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out.rfind("Name:          other\n", 0), 0u) << r.out;
  EXPECT_EQ(r.out.find("disk-ssd-web-0"), std::string::npos);
}

TEST_F(DescribeTest, NothingToDescribe) {
  auto r = Run({"describe", "pvc"});
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "No resources found in default namespace.\n");
  EXPECT_EQ(r.exit_code, 0);
  r = Run({"describe", "pvc", "-A"});
  EXPECT_EQ(r.err, "No resources found\n");
}

TEST_F(DescribeTest, NamePrefixMatchesWhenNoObjectHasTheName) {
  Create(kPvc);
  Create(R"(apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: disk-ssd-web-1}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 20Gi}}
)");
  auto r = Run({"describe", "pvc", "disk-ssd"});
  auto a = Run({"describe", "pvc", "disk-ssd-web-0"});
  auto b = Run({"describe", "pvc", "disk-ssd-web-1"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, a.out + "\n" + b.out + "\n");
}

TEST_F(DescribeTest, UsageErrors) {
  auto r = Run({"describe"});
  EXPECT_EQ(r.err,
            "error: You must specify the type of resource to describe. Use \"kubectl "
            "api-resources\" for a complete "
            "list of supported resources.\n");
  EXPECT_EQ(r.exit_code, 1);
  r = Run({"describe", "foo", "x"});
  EXPECT_EQ(r.err, "error: the server doesn't have a resource type \"foo\"\n");
  EXPECT_EQ(r.exit_code, 1);
  r = Run({"describe", "pvc", "pvc/x"});
  EXPECT_EQ(
      r.err.rfind("error: there is no need to specify a resource type as a separate argument", 0),
      0u);
}

TEST_F(DescribeTest, StorageClass) {
  Advance(10 * engine::kSecond);
  Create(kStorageClass);
  auto r = Run({"describe", "sc", "alicloud-disk-ssd"});
  EXPECT_EQ(r.out, R"(Name:                  alicloud-disk-ssd
IsDefaultClass:        Yes
Annotations:           storageclass.kubernetes.io/is-default-class=true
Provisioner:           diskplugin.csi.alibabacloud.com
Parameters:            type=cloud_ssd
AllowVolumeExpansion:  True
MountOptions:          <none>
ReclaimPolicy:         Delete
VolumeBindingMode:     WaitForFirstConsumer
Events:                <none>
)");
}

TEST_F(DescribeTest, PersistentVolumeWithCsiSourceAndNodeAffinity) {
  Create(kPv);
  auto r = Run({"describe", "pv", "d-bp1abc"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, R"(Name:              d-bp1abc
Labels:            <none>
Annotations:       pv.kubernetes.io/provisioned-by: diskplugin.csi.alibabacloud.com
Finalizers:        [kubernetes.io/pv-protection]
StorageClass:      alicloud-disk-ssd
Status:            Pending
Claim:             default/disk-ssd-web-0
Reclaim Policy:    Delete
Access Modes:      RWO
VolumeMode:        Filesystem
Capacity:          20Gi
Node Affinity:     
  Required Terms:  
    Term 0:        topology.diskplugin.csi.alibabacloud.com/zone in [cn-hangzhou-i]
Message:           
Source:
    Type:              CSI (a Container Storage Interface (CSI) volume source)
    Driver:            diskplugin.csi.alibabacloud.com
    FSType:            ext4
    VolumeHandle:      d-bp1abc
    ReadOnly:          false
    VolumeAttributes:      storage.kubernetes.io/csiProvisionerIdentity=1767225600000-8081-diskplugin.csi.alibabacloud.com
                           type=cloud_ssd
Events:                <none>
)");
}

TEST_F(DescribeTest, BoundClaimWithDataSourceAndUser) {
  Create(R"(apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: disk-ssd-web-0
  labels: {app: nginx}
  annotations: {pv.kubernetes.io/bind-completed: "yes"}
  finalizers: [kubernetes.io/pvc-protection]
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: alicloud-disk-ssd
  resources: {requests: {storage: 20Gi}}
  volumeName: d-bp1abc
  dataSource: {apiGroup: snapshot.storage.k8s.io, kind: VolumeSnapshot, name: new-snapshot-demo}
)");
  SetStatus(kPvcBound);
  Create(kDescribePod);
  auto r = Run({"describe", "pvc", "disk-ssd-web-0"});
  EXPECT_EQ(r.out, R"(Name:          disk-ssd-web-0
Namespace:     default
StorageClass:  alicloud-disk-ssd
Status:        Bound
Volume:        d-bp1abc
Labels:        app=nginx
Annotations:   pv.kubernetes.io/bind-completed: yes
Finalizers:    [kubernetes.io/pvc-protection]
Capacity:      20Gi
Access Modes:  RWO
VolumeMode:    Filesystem
DataSource:
  APIGroup:  snapshot.storage.k8s.io
  Kind:      VolumeSnapshot
  Name:      new-snapshot-demo
Used By:     web-0
Events:      <none>
)");
}

TEST_F(DescribeTest, PodWithContainerStatusAndConditions) {
  Advance(10 * engine::kSecond);
  auto pod = Create(kDescribePod);
  SetStatus(R"(apiVersion: v1
kind: Pod
metadata: {name: web-0}
status:
  phase: Running
  hostIP: 192.168.0.10
  podIP: 10.0.0.5
  podIPs: [{ip: 10.0.0.5}]
  startTime: "2026-01-01T00:00:11Z"
  conditions:
  - {type: Initialized, status: "True"}
  - {type: Ready, status: "True"}
  containerStatuses:
  - name: nginx
    ready: true
    restartCount: 0
    image: docker.io/library/nginx:latest
    imageID: docker.io/library/nginx@sha256:abc
    containerID: containerd://c0ffee
    started: true
    state: {running: {startedAt: "2026-01-01T00:00:15Z"}}
)");
  Advance(36 * engine::kMinute);
  Event(pod, "web-0.1", "Scheduled", "Successfully assigned default/web-0 to node-0", 1,
        36 * engine::kMinute, 36 * engine::kMinute);
  auto r = Run({"describe", "pod", "web-0"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, R"(Name:             web-0
Namespace:        default
Priority:         0
Service Account:  default
Node:             node-0/192.168.0.10
Start Time:       Thu, 01 Jan 2026 00:00:11 +0000
Labels:           app=nginx
Annotations:      <none>
Status:           Running
IP:               10.0.0.5
IPs:
  IP:  10.0.0.5
Containers:
  nginx:
    Container ID:   containerd://c0ffee
    Image:          nginx
    Image ID:       docker.io/library/nginx@sha256:abc
    Port:           80/TCP
    Host Port:      0/TCP
    State:          Running
      Started:      Thu, 01 Jan 2026 00:00:15 +0000
    Ready:          True
    Restart Count:  0
    Environment:    <none>
    Mounts:
      /data from disk-ssd (rw)
Conditions:
  Type          Status
  Initialized   True 
  Ready         True 
Volumes:
  disk-ssd:
    Type:        PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)
    ClaimName:   disk-ssd-web-0
    ReadOnly:    false
QoS Class:       BestEffort
Node-Selectors:  <none>
Tolerations:     node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                 node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
Events:
  Type    Reason     Age   From                 Message
  ----    ------     ----  ----                 -------
  Normal  Scheduled  36m   snapshot-controller  Successfully assigned default/web-0 to node-0
)");
}

TEST_F(DescribeTest, StatefulSetWithPodTemplateAndClaimTemplates) {
  Advance(10 * engine::kSecond);
  Create(kStatefulSet);
  auto r = Run({"describe", "sts", "web"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, R"(Name:               web
Namespace:          default
CreationTimestamp:  Thu, 01 Jan 2026 00:00:10 +0000
Selector:           app=nginx
Labels:             <none>
Annotations:        <none>
Replicas:           1 desired | 0 total
Update Strategy:    RollingUpdate
  Partition:        0
Pods Status:        0 Running / 0 Waiting / 0 Succeeded / 0 Failed
Pod Template:
  Labels:  app=nginx
  Containers:
   nginx:
    Image:        nginx
    Port:         80/TCP
    Host Port:    0/TCP
    Environment:  <none>
    Mounts:
      /data from disk-ssd (rw)
  Volumes:         <none>
  Node-Selectors:  <none>
  Tolerations:     <none>
Volume Claims:
  Name:          disk-ssd
  StorageClass:  alicloud-disk-ssd
  Labels:        <none>
  Annotations:   <none>
  Capacity:      20Gi
  Access Modes:  [ReadWriteOnce]
Events:          <none>
)");
}

TEST_F(DescribeTest, LastAppliedConfigurationIsNotShown) {
  Create(R"(apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: c
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: '{"kind":"PersistentVolumeClaim"}'
    long: "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789"
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 20Gi}}
)");
  auto r = Run({"describe", "pvc", "c"});
  std::string digits;
  for (int i = 0; i < 16; ++i) digits += "0123456789";
  EXPECT_NE(r.out.find("Annotations:   long:\n" + std::string(17, ' ') + digits.substr(0, 138) +
                       "...\nFinalizers:"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("last-applied"), std::string::npos);
}

TEST_F(DescribeTest, ShowEventsFalseDropsTheEventsSection) {
  Create(kPvc);
  auto r = Run({"describe", "pvc", "disk-ssd-web-0", "--show-events=false"});
  EXPECT_EQ(r.out.find("Events:"), std::string::npos) << r.out;
  EXPECT_EQ(r.exit_code, 0);
}

TEST_F(DescribeTest, SecretAndConfigMap) {
  Create(R"(apiVersion: v1
kind: Secret
metadata: {name: s}
stringData: {password: hunter2}
)");
  Create(R"(apiVersion: v1
kind: ConfigMap
metadata: {name: c}
data: {a: "1", b: "two"}
)");
  auto r = Run({"describe", "secret", "s"});
  EXPECT_EQ(r.out, R"(Name:         s
Namespace:    default
Labels:       <none>
Annotations:  <none>

Type:  Opaque

Data
====
password:  7 bytes
)");
  r = Run({"describe", "configmap", "c"});
  EXPECT_EQ(r.out, R"(Name:         c
Namespace:    default
Labels:       <none>
Annotations:  <none>

Data
====
a:
----
1
b:
----
two

BinaryData
====

Events:  <none>
)");
}

TEST_F(DescribeTest, CsiNode) {
  Advance(10 * engine::kSecond);
  Create(R"(apiVersion: storage.k8s.io/v1
kind: CSINode
metadata: {name: node-0}
spec:
  drivers:
  - name: diskplugin.csi.alibabacloud.com
    nodeID: i-bp1
    allocatable: {count: 15}
    topologyKeys: [topology.diskplugin.csi.alibabacloud.com/zone]
)");
  auto r = Run({"describe", "csinode", "node-0"});
  EXPECT_EQ(r.out, R"(Name:               node-0
Labels:             <none>
Annotations:        <none>
CreationTimestamp:  Thu, 01 Jan 2026 00:00:10 +0000
Spec:
  Drivers:
    diskplugin.csi.alibabacloud.com:
      Node ID:  i-bp1
      Allocatables:
        Count:        15
      Topology Keys:  [topology.diskplugin.csi.alibabacloud.com/zone]
Events:               <none>
)");
}

TEST_F(DescribeTest, NodeWithPodsAndAllocatedResources) {
  Create(R"(apiVersion: v1
kind: Node
metadata: {name: node-0, labels: {kubernetes.io/hostname: node-0, node-role.kubernetes.io/worker: ""}}
spec: {providerID: cn-hangzhou.i-bp1}
)");
  SetStatus(R"(apiVersion: v1
kind: Node
metadata: {name: node-0}
status:
  capacity: {cpu: "4", memory: 16Gi, pods: "110"}
  allocatable: {cpu: 3900m, memory: 14Gi, pods: "110"}
  addresses: [{type: InternalIP, address: 192.168.0.10}]
)");
  Create(R"(apiVersion: v1
kind: Pod
metadata: {name: web-0}
spec:
  nodeName: node-0
  containers: [{name: nginx, image: nginx, resources: {requests: {cpu: 250m, memory: 64Mi}, limits: {cpu: 500m, memory: 128Mi}}}]
)");
  Advance(3 * engine::kMinute);
  auto r = Run({"describe", "node", "node-0"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out.rfind("Name:               node-0\nRoles:              worker\n", 0), 0u)
      << r.out;
  EXPECT_NE(r.out.find(R"(ProviderID:                   cn-hangzhou.i-bp1
Non-terminated Pods:          (1 in total)
  Namespace                   Name     CPU Requests  CPU Limits  Memory Requests  Memory Limits  Age
  ---------                   ----     ------------  ----------  ---------------  -------------  ---
  default                     web-0    250m (6%)     500m (12%)  64Mi (0%)        128Mi (0%)     3m
Allocated resources:
  (Total limits may be over 100 percent, i.e., overcommitted.)
  Resource           Requests   Limits
  --------           --------   ------
  cpu                250m (6%)  500m (12%)
  memory             64Mi (0%)  128Mi (0%)
  ephemeral-storage  0 (0%)     0 (0%)
Events:              <none>
)"),
            std::string::npos)
      << r.out;
}

TEST_F(DescribeTest, PodContainersProbesEnvironmentAndVolumes) {
  Create(R"(apiVersion: v1
kind: Pod
metadata:
  name: app
  ownerReferences: [{apiVersion: apps/v1, kind: StatefulSet, name: web, uid: u1, controller: true}]
spec:
  containers:
  - name: app
    image: busybox
    command: [sh, -c]
    args: ["sleep 3600"]
    resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {cpu: 100m, memory: 64Mi}}
    livenessProbe: {httpGet: {path: /healthz, port: 8080}, periodSeconds: 10}
    readinessProbe: {exec: {command: [cat, /tmp/ready]}}
    env:
    - {name: POD_NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
    - {name: PASSWORD, valueFrom: {secretKeyRef: {name: s, key: password}}}
    - {name: PLAIN, value: hello}
    volumeMounts:
    - {name: cache, mountPath: /cache}
    - {name: cfg, mountPath: /etc/cfg, readOnly: true, subPath: app.conf}
  volumes:
  - name: cache
    emptyDir: {}
  - name: cfg
    configMap: {name: c}
  - name: token
    projected:
      sources:
      - serviceAccountToken: {expirationSeconds: 3607, path: token}
      - configMap: {name: kube-root-ca.crt, items: [{key: ca.crt, path: ca.crt}]}
      - downwardAPI: {items: [{path: namespace, fieldRef: {apiVersion: v1, fieldPath: metadata.namespace}}]}
)");
  auto r = Run({"describe", "pod", "app"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, R"(Name:             app
Namespace:        default
Priority:         0
Service Account:  default
Node:             <none>
Labels:           <none>
Annotations:      <none>
Status:           Pending
IP:               
IPs:              <none>
Controlled By:    StatefulSet/web
Containers:
  app:
    Image:      busybox
    Port:       <none>
    Host Port:  <none>
    Command:
      sh
      -c
    Args:
      sleep 3600
    Limits:
      cpu:     100m
      memory:  64Mi
    Requests:
      cpu:      100m
      memory:   64Mi
    Liveness:   http-get http://:8080/healthz delay=0s timeout=1s period=10s #success=1 #failure=3
    Readiness:  exec [cat /tmp/ready] delay=0s timeout=1s period=10s #success=1 #failure=3
    Environment:
      POD_NAME:  app (v1:metadata.name)
      PASSWORD:  <set to the key 'password' in secret 's'>  Optional: false
      PLAIN:     hello
    Mounts:
      /cache from cache (rw)
      /etc/cfg from cfg (ro,path="app.conf")
Volumes:
  cache:
    Type:       EmptyDir (a temporary directory that shares a pod's lifetime)
    Medium:     
    SizeLimit:  <unset>
  cfg:
    Type:      ConfigMap (a volume populated by a ConfigMap)
    Name:      c
    Optional:  false
  token:
    Type:                    Projected (a volume that contains injected data from multiple sources)
    TokenExpirationSeconds:  3607
    ConfigMapName:           kube-root-ca.crt
    ConfigMapOptional:       <nil>
    DownwardAPI:             true
QoS Class:                   Guaranteed
Node-Selectors:              <none>
Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
Events:                      <none>
)");
}

}  // namespace
}  // namespace snapsim::kubectl
