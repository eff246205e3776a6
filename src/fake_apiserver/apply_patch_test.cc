// kubectl apply's client-side three-way patch, end to end: create (object with
// server-set fields), then re-apply changed manifests, apply each computed patch as
// the apiserver would, and check both the patch and the resulting live object.
#include "src/fake_apiserver/apply_patch.h"

#include <gtest/gtest.h>

#include <string>

#include "src/fake_apiserver/patch_merge.h"
#include "src/fake_apiserver/patch_test_util.h"
#include "src/fake_apiserver/strategic_merge.h"

namespace snapsim::apiserver {
namespace {

using api::Value;
using testing::Compact;
using testing::J;
using testing::Y;

constexpr const char* kPvc = R"(
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: disk-pvc
  namespace: default
  labels:
    app: web
    tier: db
spec:
  accessModes:
  - ReadWriteOnce
  resources:
    requests:
      storage: 20Gi
  storageClassName: alicloud-disk-essd
)";

constexpr const char* kSts = R"(
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
  namespace: default
  labels:
    app: nginx
    tier: frontend
spec:
  serviceName: nginx
  replicas: 1
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx:1.14
        ports:
        - containerPort: 80
          name: web
        volumeMounts:
        - name: disk-ssd
          mountPath: /data
      - name: sidecar
        image: busybox
  volumeClaimTemplates:
  - metadata:
      name: disk-ssd
    spec:
      accessModes: [ReadWriteOnce]
      storageClassName: alicloud-disk-ssd
      resources:
        requests:
          storage: 20Gi
)";

// The object `kubectl apply` creates, plus what the server adds.
Value CreatedPvc(const Value& manifest) {
  Value live = ModifiedConfiguration(manifest);
  live["metadata"]["uid"] = "8d1f";
  live["metadata"]["resourceVersion"] = "1";
  live["metadata"]["finalizers"] = Value(Value::Array{"kubernetes.io/pvc-protection"});
  live["spec"]["volumeMode"] = "Filesystem";
  live["spec"]["volumeName"] = "d-bp1";
  live["status"] = J(R"({"phase":"Bound","capacity":{"storage":"20Gi"}})");
  return live;
}

Value CreatedSts(const Value& manifest) {
  Value live = ModifiedConfiguration(manifest);
  live["metadata"]["uid"] = "77aa";
  live["metadata"]["generation"] = 1;
  live["spec"]["podManagementPolicy"] = "OrderedReady";
  for (Value& c : live["spec"]["template"]["spec"]["containers"].mutable_array()) {
    c["imagePullPolicy"] = "IfNotPresent";
    c["terminationMessagePath"] = "/dev/termination-log";
  }
  live["spec"]["template"]["spec"]["restartPolicy"] = "Always";
  live["status"] = J(R"({"replicas":1,"readyReplicas":1})");
  return live;
}

struct Applied {
  ApplyPatch patch;
  Value live;
};

// One `kubectl apply` of `manifest` against `live`, and the server applying the patch.
Applied Apply(const Value& manifest, const Value& live) {
  std::string kind = manifest.Find("kind")->as_string();
  bool strategic = SupportsStrategicMergePatch(kind);
  auto original = OriginalConfiguration(live, strategic);
  EXPECT_TRUE(original.ok()) << original.status().ToString();
  auto patch = ComputeApplyPatch(*original, ModifiedConfiguration(manifest), live, strategic,
                                 &StrategicSchemaFor(kind));
  EXPECT_TRUE(patch.ok()) << patch.status().ToString();
  if (!patch.ok()) return {};
  auto result = strategic ? ApplyStrategicMergePatch(live, patch->patch, StrategicSchemaFor(kind))
                          : ApplyMergePatch(live, patch->patch);
  EXPECT_TRUE(result.ok()) << result.status().ToString();
  return {*patch, result.ok() ? *result : Value()};
}

// The patch without the (long) last-applied annotation, which is checked separately.
std::string PatchSansAnnotation(const ApplyPatch& p) {
  Value patch = p.patch;
  if (Value* meta = patch.FindMutable("metadata")) {
    if (Value* annotations = meta->FindMutable("annotations")) {
      annotations->Erase(kLastAppliedConfigAnnotation);
      if (annotations->size() == 0) meta->Erase("annotations");
    }
    if (meta->size() == 0) patch.Erase("metadata");
  }
  return Compact(patch);
}

std::string LastApplied(const Value& live) {
  return live.Find("metadata")
      ->Find("annotations")
      ->Find(kLastAppliedConfigAnnotation)
      ->as_string();
}

TEST(ModifiedConfigurationTest, AnnotationIsTheManifestAsKubectlWritesIt) {
  Value manifest =
      Y("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: default\ndata:\n  k: "
        "<v>\n");
  Value modified = ModifiedConfiguration(manifest);
  EXPECT_EQ(LastApplied(modified),
            "{\"apiVersion\":\"v1\",\"data\":{\"k\":\"\\u003cv\\u003e\"},\"kind\":\"ConfigMap\","
            "\"metadata\":"
            "{\"annotations\":{},\"name\":\"c\",\"namespace\":\"default\"}}\n");
  // Re-computing from an object that already carries the annotation ignores it.
  EXPECT_EQ(Compact(ModifiedConfiguration(modified)), Compact(modified));
}

TEST(OriginalConfigurationTest, ReadsTheAnnotation) {
  EXPECT_TRUE(OriginalConfiguration(J(R"({"metadata":{}})"), true)->is_null());
  Value live = J(
      R"({"metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\"a\":1}\n"}}})");
  EXPECT_EQ(Compact(*OriginalConfiguration(live, true)), R"({"a":1})");
  Value bad = J(
      R"({"metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{oops"}}})");
  EXPECT_EQ(OriginalConfiguration(bad, true).status().message(), "invalid JSON document");
  EXPECT_EQ(OriginalConfiguration(bad, false).status().message(), "Invalid JSON Document");
}

TEST(ApplyPvcTest, UnchangedReapplyIsEmpty) {
  Value manifest = Y(kPvc);
  Value live = CreatedPvc(manifest);
  Applied again = Apply(manifest, live);
  EXPECT_TRUE(again.patch.empty);
  EXPECT_EQ(Compact(again.patch.patch), "{}");
  EXPECT_EQ(again.patch.content_type, "application/strategic-merge-patch+json");
}

TEST(ApplyPvcTest, RemovedLabelAndResizeKeepServerFields) {
  Value manifest = Y(kPvc);
  Value live = CreatedPvc(manifest);
  Value changed = manifest;
  changed["metadata"]["labels"].Erase("tier");
  changed["spec"]["resources"]["requests"]["storage"] = "30Gi";
  Applied a = Apply(changed, live);
  EXPECT_FALSE(a.patch.empty);
  EXPECT_EQ(
      PatchSansAnnotation(a.patch),
      R"({"metadata":{"labels":{"tier":null}},"spec":{"resources":{"requests":{"storage":"30Gi"}}}})");
  EXPECT_EQ(LastApplied(a.live), LastApplied(ModifiedConfiguration(changed)));
  EXPECT_EQ(Compact(*a.live.Find("metadata")->Find("labels")), R"({"app":"web"})");
  EXPECT_EQ(Compact(*a.live.Find("metadata")->Find("finalizers")),
            R"(["kubernetes.io/pvc-protection"])");
  EXPECT_EQ(a.live.Find("spec")->Find("volumeMode")->as_string(), "Filesystem");
  EXPECT_EQ(a.live.Find("spec")->Find("volumeName")->as_string(), "d-bp1");
  EXPECT_EQ(Compact(*a.live.Find("spec")->Find("resources")), R"({"requests":{"storage":"30Gi"}})");
  EXPECT_EQ(Compact(*a.live.Find("status")), R"({"capacity":{"storage":"20Gi"},"phase":"Bound"})");
  // And applying the same manifest once more is a no-op.
  EXPECT_TRUE(Apply(changed, a.live).patch.empty);
}

TEST(ApplyPvcTest, FinalizersMergeWithServerFinalizers) {
  Value manifest = Y(kPvc);
  Value live = CreatedPvc(manifest);
  Value with = manifest;
  with["metadata"]["finalizers"] = J(R"(["a.example.com/x","b.example.com/y"])");
  Applied added = Apply(with, live);
  EXPECT_EQ(PatchSansAnnotation(added.patch),
            R"({"metadata":{"$setElementOrder/finalizers":["a.example.com/x","b.example.com/y"],)"
            R"("finalizers":["a.example.com/x","b.example.com/y"]}})");
  EXPECT_EQ(Compact(*added.live.Find("metadata")->Find("finalizers")),
            R"(["a.example.com/x","b.example.com/y","kubernetes.io/pvc-protection"])");

  Value fewer = manifest;
  fewer["metadata"]["finalizers"] = J(R"(["a.example.com/x"])");
  Applied removed = Apply(fewer, added.live);
  EXPECT_EQ(PatchSansAnnotation(removed.patch),
            R"({"metadata":{"$deleteFromPrimitiveList/finalizers":["b.example.com/y"],)"
            R"("$setElementOrder/finalizers":["a.example.com/x"]}})");
  EXPECT_EQ(Compact(*removed.live.Find("metadata")->Find("finalizers")),
            R"(["a.example.com/x","kubernetes.io/pvc-protection"])");
}

TEST(ApplyStatefulSetTest, UnchangedReapplyIsEmpty) {
  Value manifest = Y(kSts);
  Applied again = Apply(manifest, CreatedSts(manifest));
  EXPECT_TRUE(again.patch.empty);
}

TEST(ApplyStatefulSetTest, ChangedImageMergesIntoTheContainer) {
  Value manifest = Y(kSts);
  Value live = CreatedSts(manifest);
  Value changed = manifest;
  changed["spec"]["template"]["spec"]["containers"].mutable_array()[0]["image"] = "nginx:1.15";
  Applied a = Apply(changed, live);
  EXPECT_EQ(
      PatchSansAnnotation(a.patch),
      R"({"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"nginx"},{"name":"sidecar"}],)"
      R"("containers":[{"image":"nginx:1.15","name":"nginx"}]}}}})");
  const Value& nginx =
      a.live.Find("spec")->Find("template")->Find("spec")->Find("containers")->as_array()[0];
  EXPECT_EQ(
      Compact(nginx),
      R"({"image":"nginx:1.15","imagePullPolicy":"IfNotPresent","name":"nginx",)"
      R"("ports":[{"containerPort":80,"name":"web"}],"terminationMessagePath":"/dev/termination-log",)"
      R"("volumeMounts":[{"mountPath":"/data","name":"disk-ssd"}]})");
  EXPECT_EQ(Compact(*a.live.Find("status")), R"({"readyReplicas":1,"replicas":1})");
}

TEST(ApplyStatefulSetTest, RemovedContainerAndLabel) {
  Value manifest = Y(kSts);
  Value live = CreatedSts(manifest);
  Value changed = manifest;
  changed["spec"]["template"]["spec"]["containers"].mutable_array().pop_back();
  changed["metadata"]["labels"].Erase("tier");
  Applied a = Apply(changed, live);
  EXPECT_EQ(
      PatchSansAnnotation(a.patch),
      R"({"metadata":{"labels":{"tier":null}},"spec":{"template":{"spec":{)"
      R"("$setElementOrder/containers":[{"name":"nginx"}],"containers":[{"$patch":"delete","name":"sidecar"}]}}}})");
  const Value& containers =
      *a.live.Find("spec")->Find("template")->Find("spec")->Find("containers");
  ASSERT_EQ(containers.size(), 1u);
  EXPECT_EQ(containers.as_array()[0].Find("name")->as_string(), "nginx");
  EXPECT_EQ(Compact(*a.live.Find("metadata")->Find("labels")), R"({"app":"nginx"})");
  EXPECT_TRUE(Apply(changed, a.live).patch.empty);
}

TEST(ApplyStatefulSetTest, VolumeClaimTemplatesAreSentWhole) {
  Value manifest = Y(kSts);
  Value live = CreatedSts(manifest);
  Value changed = manifest;
  changed["spec"]["volumeClaimTemplates"]
      .mutable_array()[0]["spec"]["resources"]["requests"]["storage"] = "40Gi";
  Applied a = Apply(changed, live);
  EXPECT_EQ(
      PatchSansAnnotation(a.patch),
      R"({"spec":{"volumeClaimTemplates":[{"metadata":{"name":"disk-ssd"},"spec":{"accessModes":)"
      R"(["ReadWriteOnce"],"resources":{"requests":{"storage":"40Gi"}},"storageClassName":"alicloud-disk-ssd"}}]}})");
}

TEST(ApplyStatefulSetTest, ServerDefaultsInsideAtomicListsDefeatUnchanged) {
  // The server defaults fields inside volumeClaimTemplates items; the list is
  // atomic, so kubectl sends it again on every apply (upstream behaviour).
  Value manifest = Y(kSts);
  Value live = CreatedSts(manifest);
  live["spec"]["volumeClaimTemplates"].mutable_array()[0]["status"] = J(R"({"phase":"Pending"})");
  Applied a = Apply(manifest, live);
  EXPECT_FALSE(a.patch.empty);
  EXPECT_NE(a.patch.patch.Find("spec")->Find("volumeClaimTemplates"), nullptr);
}

TEST(ApplyCustomResourceTest, UsesThreeWayJsonMergePatch) {
  Value manifest = Y(R"(
apiVersion: snapshot.storage.k8s.io/v1
kind: VolumeSnapshot
metadata:
  name: new-snapshot-demo
  namespace: default
  labels: {team: a, env: dev}
spec:
  volumeSnapshotClassName: alicloud-disk-snapshot
  source:
    persistentVolumeClaimName: disk-ssd-web-0
)");
  Value live = ModifiedConfiguration(manifest);
  live["metadata"]["finalizers"] =
      J(R"(["snapshot.storage.kubernetes.io/volumesnapshot-as-source-protection"])");
  live["status"] = J(R"({"readyToUse":true})");
  Applied same = Apply(manifest, live);
  EXPECT_TRUE(same.patch.empty);
  EXPECT_EQ(same.patch.content_type, "application/merge-patch+json");

  Value changed = manifest;
  changed["metadata"]["labels"].Erase("env");
  Applied a = Apply(changed, live);
  EXPECT_EQ(PatchSansAnnotation(a.patch), R"({"metadata":{"labels":{"env":null}}})");
  EXPECT_EQ(Compact(*a.live.Find("metadata")->Find("labels")), R"({"team":"a"})");
  EXPECT_EQ(Compact(*a.live.Find("metadata")->Find("finalizers")),
            R"(["snapshot.storage.kubernetes.io/volumesnapshot-as-source-protection"])");
  EXPECT_EQ(Compact(*a.live.Find("status")), R"({"readyToUse":true})");
}

TEST(ApplyCustomResourceTest, ChangingKindOrNameIsRefused) {
  Value live = J(
      R"({"apiVersion":"snapshot.storage.k8s.io/v1","kind":"VolumeSnapshot","metadata":{"name":"a"}})");
  Value modified = J(
      R"({"apiVersion":"snapshot.storage.k8s.io/v1beta1","kind":"VolumeSnapshot","metadata":{"name":"a"}})");
  auto patch = ComputeApplyPatch(Value(), modified, live, false, nullptr);
  ASSERT_FALSE(patch.ok());
  EXPECT_EQ(patch.status().message(), "At least one of apiVersion, kind and name was changed");
}

}  // namespace
}  // namespace snapsim::apiserver
