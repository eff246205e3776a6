#include "src/api/kinds_pod.h"

#include <gtest/gtest.h>

#include "src/api/defaults.h"
#include "src/api/manifest_test_util.h"
#include "src/api/registry.h"
#include "src/api/yaml.h"

namespace snapsim::api {
namespace {

using testing_util::IssuePaths;
using testing_util::MustDecode;

// `kubectl get pod web-0 -o yaml` on a 1.30 cluster (ACK), trimmed of nothing but noise.
constexpr std::string_view kRealPod = R"(apiVersion: v1
kind: Pod
metadata:
  creationTimestamp: "2024-05-20T08:11:02Z"
  generateName: web-
  labels:
    app: nginx
    apps.kubernetes.io/pod-index: "0"
    controller-revision-hash: web-7d8c9f6b5d
    statefulset.kubernetes.io/pod-name: web-0
  managedFields:
  - apiVersion: v1
    fieldsType: FieldsV1
    fieldsV1:
      f:metadata:
        f:generateName: {}
        f:labels:
          .: {}
          f:app: {}
      f:spec:
        f:containers:
          k:{"name":"nginx"}:
            .: {}
            f:image: {}
    manager: kube-controller-manager
    operation: Update
    time: "2024-05-20T08:11:02Z"
  - apiVersion: v1
    fieldsType: FieldsV1
    fieldsV1:
      f:status:
        f:conditions:
          k:{"type":"ContainersReady"}:
            .: {}
            f:lastProbeTime: {}
    manager: kubelet
    operation: Update
    subresource: status
    time: "2024-05-20T08:11:40Z"
  name: web-0
  namespace: default
  ownerReferences:
  - apiVersion: apps/v1
    blockOwnerDeletion: true
    controller: true
    kind: StatefulSet
    name: web
    uid: 3f1c2b9e-8a4d-4a57-9a53-0c1d2e3f4a5b
  resourceVersion: "123456"
  uid: 9b2f7c1a-6d5e-4c3b-8a9f-1e2d3c4b5a69
spec:
  containers:
  - env:
    - name: POD_NAME
      valueFrom:
        fieldRef:
          apiVersion: v1
          fieldPath: metadata.name
    image: nginx
    imagePullPolicy: Always
    livenessProbe:
      failureThreshold: 3
      httpGet:
        path: /
        port: 80
        scheme: HTTP
      periodSeconds: 10
      successThreshold: 1
      timeoutSeconds: 1
    name: nginx
    ports:
    - containerPort: 80
      name: web
      protocol: TCP
    resources: {}
    terminationMessagePath: /dev/termination-log
    terminationMessagePolicy: File
    volumeMounts:
    - mountPath: /data
      name: disk-ssd
    - mountPath: /var/run/secrets/kubernetes.io/serviceaccount
      name: kube-api-access-7xk2p
      readOnly: true
  dnsPolicy: ClusterFirst
  enableServiceLinks: true
  hostname: web-0
  nodeName: cn-hangzhou.192.168.0.12
  preemptionPolicy: PreemptLowerPriority
  priority: 0
  restartPolicy: Always
  schedulerName: default-scheduler
  securityContext: {}
  serviceAccount: default
  serviceAccountName: default
  subdomain: nginx
  terminationGracePeriodSeconds: 30
  tolerations:
  - effect: NoExecute
    key: node.kubernetes.io/not-ready
    operator: Exists
    tolerationSeconds: 300
  - effect: NoExecute
    key: node.kubernetes.io/unreachable
    operator: Exists
    tolerationSeconds: 300
  volumes:
  - name: disk-ssd
    persistentVolumeClaim:
      claimName: disk-ssd-web-0
  - name: kube-api-access-7xk2p
    projected:
      defaultMode: 420
      sources:
      - serviceAccountToken:
          expirationSeconds: 3607
          path: token
      - configMap:
          items:
          - key: ca.crt
            path: ca.crt
          name: kube-root-ca.crt
      - downwardAPI:
          items:
          - fieldRef:
              apiVersion: v1
              fieldPath: metadata.namespace
            path: namespace
status:
  conditions:
  - lastProbeTime: null
    lastTransitionTime: "2024-05-20T08:11:40Z"
    status: "True"
    type: PodReadyToStartContainers
  - lastProbeTime: null
    lastTransitionTime: "2024-05-20T08:11:05Z"
    status: "True"
    type: Initialized
  - lastProbeTime: null
    lastTransitionTime: "2024-05-20T08:11:40Z"
    status: "True"
    type: Ready
  - lastProbeTime: null
    lastTransitionTime: "2024-05-20T08:11:40Z"
    status: "True"
    type: ContainersReady
  - lastProbeTime: null
    lastTransitionTime: "2024-05-20T08:11:05Z"
    status: "True"
    type: PodScheduled
  containerStatuses:
  - containerID: containerd://4f0a8c1d2e3b
    image: docker.io/library/nginx:latest
    imageID: docker.io/library/nginx@sha256:0f04e4f646a3f14bf31d8bc8d885b6c951fdcf42589d06845f64d18aec6a3c4d
    lastState:
      terminated:
        containerID: containerd://1a2b3c
        exitCode: 137
        finishedAt: "2024-05-20T08:11:30Z"
        reason: OOMKilled
        startedAt: "2024-05-20T08:11:20Z"
    name: nginx
    ready: true
    restartCount: 1
    started: true
    state:
      running:
        startedAt: "2024-05-20T08:11:39Z"
  hostIP: 192.168.0.12
  hostIPs:
  - ip: 192.168.0.12
  phase: Running
  podIP: 172.20.1.15
  podIPs:
  - ip: 172.20.1.15
  qosClass: BestEffort
  startTime: "2024-05-20T08:11:05Z"
)";

TEST(PodKindTest, DecodesARealPodAndRoundTrips) {
  auto m = MustDecode(kRealPod);
  EXPECT_TRUE(m.issues.empty()) << ::testing::PrintToString(IssuePaths(m));
  auto pod = std::static_pointer_cast<Pod>(m.object);
  EXPECT_EQ(pod->metadata.managed_fields.size(), 2u);
  ASSERT_EQ(pod->spec.containers.size(), 1u);
  EXPECT_EQ(pod->spec.containers[0].volume_mounts[0].mount_path, "/data");
  ASSERT_NE(pod->spec.FindVolume("disk-ssd"), nullptr);
  EXPECT_EQ(pod->spec.FindVolume("disk-ssd")->persistent_volume_claim->claim_name,
            "disk-ssd-web-0");
  EXPECT_EQ(pod->status.phase, "Running");
  ASSERT_NE(pod->status.FindCondition("Ready"), nullptr);
  EXPECT_EQ(pod->status.FindCondition("Ready")->status, "True");
  EXPECT_FALSE(pod->status.FindCondition("Ready")->last_probe_time.has_value());
  const ContainerStatus& cs = pod->status.container_statuses[0];
  EXPECT_EQ(cs.restart_count, 1);
  ASSERT_TRUE(cs.state.running.has_value());
  EXPECT_EQ(cs.state.running->started_at, "2024-05-20T08:11:39Z");
  ASSERT_TRUE(cs.last_state.terminated.has_value());
  EXPECT_EQ(cs.last_state.terminated->exit_code, 137);

  EXPECT_EQ(m.object->ToValue(), ParseYaml(kRealPod).value());
}

TEST(PodKindTest, AServerWrittenPodIsAFixpointOfDefaulting) {
  auto m = MustDecode(kRealPod);
  Value before = m.object->ToValue();
  ApplyDefaults(*m.object, 30, WriteKind::kUpdate);
  EXPECT_EQ(ToYaml(m.object->ToValue()), ToYaml(before));
}

TEST(PodKindTest, EmptyStatusAndResourcesAreStillEncoded) {
  auto m = MustDecode(R"(
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: c
    image: busybox:1.36
)");
  ASSERT_TRUE(m.issues.empty());
  EXPECT_EQ(ToYaml(m.object->ToValue()), R"(apiVersion: v1
kind: Pod
metadata:
  creationTimestamp: null
  name: p
spec:
  containers:
  - image: busybox:1.36
    name: c
    resources: {}
status: {}
)");
}

TEST(PodKindTest, EveryPodSpecContainerAndVolumeFieldIsAccepted) {
  auto m = MustDecode(R"(
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  activeDeadlineSeconds: 10
  affinity: {nodeAffinity: {}}
  automountServiceAccountToken: false
  dnsConfig: {nameservers: [1.1.1.1]}
  ephemeralContainers:
  - {name: dbg, image: busybox, targetContainerName: c}
  hostAliases: [{ip: 10.0.0.1, hostnames: [a]}]
  hostIPC: false
  hostPID: false
  hostUsers: true
  imagePullSecrets: [{name: regcred}]
  initContainers:
  - {name: init, image: busybox, restartPolicy: Always}
  containers:
  - name: c
    image: busybox
    args: [a]
    command: [sh]
    envFrom: [{configMapRef: {name: cm}}]
    lifecycle: {preStop: {exec: {command: [sleep, "1"]}}}
    readinessProbe: {exec: {command: ["true"]}}
    resizePolicy: [{resourceName: cpu, restartPolicy: NotRequired}]
    resources: {limits: {cpu: 500m, memory: 128Mi}, claims: [{name: gpu}]}
    securityContext: {privileged: true}
    startupProbe: {tcpSocket: {port: 80}}
    stdin: true
    stdinOnce: true
    tty: true
    volumeDevices: [{name: raw, devicePath: /dev/xvda}]
    workingDir: /w
  nodeSelector: {kubernetes.io/os: linux}
  os: {name: linux}
  overhead: {cpu: 10m}
  priorityClassName: high
  readinessGates: [{conditionType: x}]
  resourceClaims: [{name: gpu, source: {resourceClaimName: g}}]
  runtimeClassName: runc
  schedulingGates: [{name: wait}]
  setHostnameAsFQDN: false
  shareProcessNamespace: true
  topologySpreadConstraints: [{maxSkew: 1, topologyKey: zone, whenUnsatisfiable: DoNotSchedule}]
  volumes:
  - {name: a, hostPath: {path: /tmp, type: Directory}}
  - {name: b, emptyDir: {medium: Memory, sizeLimit: 1Gi}}
  - {name: c, secret: {secretName: s, items: [{key: k, path: p, mode: 256}], optional: true}}
  - {name: d, configMap: {name: cm, defaultMode: 420}}
  - {name: e, csi: {driver: d, readOnly: true, fsType: ext4, volumeAttributes: {a: b}, nodePublishSecretRef: {name: s}}}
  - {name: f, nfs: {server: s, path: /}}
  - {name: g, ephemeral: {volumeClaimTemplate: {spec: {accessModes: [ReadWriteOnce]}}}}
  - {name: h, downwardAPI: {items: []}}
  - {name: i, projected: {sources: []}}
)");
  EXPECT_TRUE(m.issues.empty()) << ::testing::PrintToString(IssuePaths(m));
  auto pod = std::static_pointer_cast<Pod>(m.object);
  EXPECT_EQ(pod->spec.ephemeral_containers[0].target_container_name, "c");
  EXPECT_EQ(pod->spec.ephemeral_containers[0].image, "busybox");
  EXPECT_EQ(pod->spec.containers[0].resources.limits.at("memory").Value(), 128 << 20);
  EXPECT_EQ(pod->spec.volumes[1].empty_dir->size_limit->ToString(), "1Gi");
  EXPECT_TRUE(pod->spec.containers[0].stdin_);
  // Round trip keeps every field.
  auto again = DecodeManifest(m.object->ToValue());
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->issues.empty());
  EXPECT_EQ(again->object->ToValue(), m.object->ToValue());
}

TEST(PodKindTest, MisspeltFieldsAreUnknownAtTheirExactPath) {
  auto m = MustDecode(R"(
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: c
    imagex: busybox
    ports: [{containerPort: 80, protocl: TCP}]
  volumes:
  - {name: v, persistentVolumeClaim: {claimName: x, readonly: true}}
  - {name: w, hostpath: {path: /}}
  restartPolicy: 1
status:
  containerStatuses:
  - name: c
    state: {running: {startedAt: null, foo: 1}}
)");
  ASSERT_EQ(IssuePaths(m),
            (std::vector<std::string>{
                "spec.containers[0].imagex", "spec.containers[0].ports[0].protocl",
                "spec.restartPolicy", "spec.volumes[0].persistentVolumeClaim.readonly",
                "spec.volumes[1].hostpath", "status.containerStatuses[0].state.running.foo"}));
  EXPECT_EQ(m.issues[0].kind, DecodeIssue::Kind::kUnknownField);
  EXPECT_EQ(m.issues[2].kind, DecodeIssue::Kind::kWrongType);
  EXPECT_EQ(m.issues[2].go_struct, "PodSpec");
  EXPECT_EQ(m.issues[2].schema_type, "string");
}

TEST(PodKindTest, ResolvesPodNames) {
  for (std::string_view name : {"po", "pod", "pods", "Pod"}) {
    EXPECT_EQ(ResolveResource(name), &Pod::Info()) << name;
  }
  EXPECT_EQ(Pod::Info().Resource(), "pods");
  EXPECT_EQ(Pod::Info().ApiVersion("v1"), "v1");
}

}  // namespace
}  // namespace snapsim::api
