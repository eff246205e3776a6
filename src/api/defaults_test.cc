#include "src/api/defaults.h"

#include <gtest/gtest.h>

#include "src/api/registry.h"
#include "src/api/yaml.h"

namespace snapsim::api {
namespace {

MutableObjectPtr MustDecodeObject(std::string_view yaml) {
  auto v = ParseYaml(yaml);
  EXPECT_TRUE(v.ok()) << v.status().ToString();
  auto m = DecodeManifest(*v);
  EXPECT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_TRUE(m->issues.empty()) << m->issues.front().path;
  return m->object;
}

TEST(DefaultsTest, ImagePullPolicyFollowsTheTag) {
  EXPECT_EQ(DefaultImagePullPolicy("nginx"), "Always");
  EXPECT_EQ(DefaultImagePullPolicy("nginx:latest"), "Always");
  EXPECT_EQ(DefaultImagePullPolicy("nginx:1.25"), "IfNotPresent");
  EXPECT_EQ(DefaultImagePullPolicy("registry.cn-hangzhou.aliyuncs.com/acs/csi-plugin:v1.30.1"),
            "IfNotPresent");
  EXPECT_EQ(DefaultImagePullPolicy("localhost:5000/app"), "Always");
  EXPECT_EQ(DefaultImagePullPolicy("localhost:5000/app:latest"), "Always");
  EXPECT_EQ(DefaultImagePullPolicy(
                "nginx@sha256:0f04e4f646a3f14bf31d8bc8d885b6c951fdcf42589d06845f64d18aec6a3c4d"),
            "IfNotPresent");
  EXPECT_EQ(
      DefaultImagePullPolicy(
          "nginx:latest@sha256:0f04e4f646a3f14bf31d8bc8d885b6c951fdcf42589d06845f64d18aec6a3c4d"),
      "Always");
  EXPECT_EQ(DefaultImagePullPolicy(""), "IfNotPresent");  // does not parse
  EXPECT_EQ(DefaultImagePullPolicy("Nginx"),
            "IfNotPresent");  // upper case repository does not parse
  EXPECT_EQ(DefaultImagePullPolicy("MyRegistry/nginx"),
            "Always");  // upper case first part is a host
}

TEST(DefaultsTest, QosClass) {
  PodSpec spec;
  spec.containers.emplace_back();
  EXPECT_EQ(PodQosClass(spec), "BestEffort");
  Container& c = spec.containers[0];
  c.resources.requests["cpu"] = Quantity::Parse("100m").value();
  EXPECT_EQ(PodQosClass(spec), "Burstable");
  c.resources.limits["cpu"] = Quantity::Parse("100m").value();
  c.resources.limits["memory"] = Quantity::Parse("64Mi").value();
  c.resources.requests["memory"] = Quantity::Parse("64Mi").value();
  EXPECT_EQ(PodQosClass(spec), "Guaranteed");
  c.resources.requests["memory"] = Quantity::Parse("32Mi").value();
  EXPECT_EQ(PodQosClass(spec), "Burstable");
}

TEST(DefaultsTest, APodGetsWhatA130ServerAdds) {
  auto obj = MustDecodeObject(R"(
apiVersion: v1
kind: Pod
metadata: {name: p, namespace: default}
spec:
  hostNetwork: true
  containers:
  - name: app
    image: nginx:1.25
    ports: [{containerPort: 8080}]
    resources: {limits: {cpu: 500m, memory: 64Mi}}
    readinessProbe: {httpGet: {port: 8080}}
    env: [{name: NODE, valueFrom: {fieldRef: {fieldPath: spec.nodeName}}}]
  volumes:
  - name: scratch
  - name: cfg
    configMap: {name: cfg}
  - name: host
    hostPath: {path: /var/log}
)");
  ApplyDefaults(*obj, 30);
  EXPECT_EQ(ToYaml(obj->ToValue()), R"(apiVersion: v1
kind: Pod
metadata:
  creationTimestamp: null
  name: p
  namespace: default
spec:
  containers:
  - env:
    - name: NODE
      valueFrom:
        fieldRef:
          apiVersion: v1
          fieldPath: spec.nodeName
    image: nginx:1.25
    imagePullPolicy: IfNotPresent
    name: app
    ports:
    - containerPort: 8080
      hostPort: 8080
      protocol: TCP
    readinessProbe:
      failureThreshold: 3
      httpGet:
        path: /
        port: 8080
        scheme: HTTP
      periodSeconds: 10
      successThreshold: 1
      timeoutSeconds: 1
    resources:
      limits:
        cpu: 500m
        memory: 64Mi
      requests:
        cpu: 500m
        memory: 64Mi
    terminationMessagePath: /dev/termination-log
    terminationMessagePolicy: File
  dnsPolicy: ClusterFirst
  enableServiceLinks: true
  hostNetwork: true
  preemptionPolicy: PreemptLowerPriority
  priority: 0
  restartPolicy: Always
  schedulerName: default-scheduler
  securityContext: {}
  serviceAccount: default
  serviceAccountName: default
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
  - emptyDir: {}
    name: scratch
  - configMap:
      defaultMode: 420
      name: cfg
    name: cfg
  - hostPath:
      path: /var/log
      type: ""
    name: host
status:
  phase: Pending
  qosClass: Guaranteed
)");
  // Applying again changes nothing.
  std::string once = ToYaml(obj->ToValue());
  ApplyDefaults(*obj, 30, WriteKind::kUpdate);
  EXPECT_EQ(ToYaml(obj->ToValue()), once);
}

TEST(DefaultsTest, ExistingTolerationsAndPriorityAreKept) {
  auto obj = MustDecodeObject(R"(
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  priorityClassName: system-node-critical
  serviceAccount: csi-admin
  tolerations:
  - operator: Exists
  containers: [{name: c, image: busybox}]
)");
  ApplyDefaults(*obj, 18);
  auto pod = std::static_pointer_cast<Pod>(obj);
  ASSERT_EQ(pod->spec.tolerations.size(), 1u);  // tolerates every taint already
  EXPECT_EQ(pod->spec.priority, 2000001000);
  EXPECT_FALSE(pod->spec.preemption_policy.has_value());  // 1.18: NonPreemptingPriority off
  EXPECT_EQ(pod->spec.service_account_name, "csi-admin");
  EXPECT_EQ(pod->spec.service_account, "csi-admin");
}

TEST(DefaultsTest, KindsWithoutDefaultsAreUntouched) {
  auto obj = MustDecodeObject(R"(
apiVersion: snapshot.storage.k8s.io/v1
kind: VolumeSnapshot
metadata: {name: s}
spec: {source: {persistentVolumeClaimName: p}}
)");
  Value before = obj->ToValue();
  ApplyDefaults(*obj, 30);
  EXPECT_EQ(obj->ToValue(), before);
}

}  // namespace
}  // namespace snapsim::api
