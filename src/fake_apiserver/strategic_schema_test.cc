#include "src/fake_apiserver/strategic_schema.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace snapsim::apiserver {
namespace {

struct LookupCase {
  const char* kind;
  std::vector<std::string> path;
  std::string strategy;  // "merge", "replace" or "" (atomic)
  bool retain_keys;
  std::string merge_key;
};

TEST(StrategicSchemaTest, DeclaresUpstreamStrategies) {
  const LookupCase cases[] = {
      {"Pod", {"spec", "containers"}, "merge", false, "name"},
      {"Pod", {"spec", "initContainers"}, "merge", false, "name"},
      {"Pod", {"spec", "volumes"}, "merge", true, "name"},
      {"Pod", {"spec", "containers", "volumeMounts"}, "merge", false, "mountPath"},
      {"Pod", {"spec", "containers", "env"}, "merge", false, "name"},
      {"Pod", {"spec", "initContainers", "ports"}, "merge", false, "containerPort"},
      {"Pod", {"spec", "imagePullSecrets"}, "merge", false, "name"},
      {"Pod", {"spec", "tolerations"}, "", false, ""},
      {"Pod", {"spec", "containers", "args"}, "", false, ""},
      {"Pod", {"metadata", "finalizers"}, "merge", false, ""},
      {"Pod", {"metadata", "ownerReferences"}, "merge", false, "uid"},
      {"StatefulSet", {"spec", "template", "spec", "containers"}, "merge", false, "name"},
      {"StatefulSet",
       {"spec", "template", "spec", "containers", "volumeMounts"},
       "merge",
       false,
       "mountPath"},
      {"StatefulSet", {"spec", "template", "metadata", "finalizers"}, "merge", false, ""},
      {"StatefulSet", {"spec", "volumeClaimTemplates"}, "", false, ""},
      {"PersistentVolumeClaim", {"spec", "accessModes"}, "", false, ""},
      {"PersistentVolumeClaim", {"metadata", "finalizers"}, "merge", false, ""},
      {"PersistentVolumeClaim", {"status", "conditions"}, "merge", false, "type"},
      {"PersistentVolume", {"metadata", "finalizers"}, "merge", false, ""},
      {"PersistentVolume", {"spec", "mountOptions"}, "", false, ""},
      {"StorageClass", {"allowedTopologies"}, "", false, ""},
      {"Service", {"spec", "ports"}, "merge", false, "port"},
      {"Node", {"spec", "podCIDRs"}, "merge", false, ""},
      {"Node", {"status", "addresses"}, "merge", false, "type"},
      {"Node", {"spec", "taints"}, "", false, ""},
      {"Namespace", {"status", "conditions"}, "merge", false, "type"},
      {"Namespace", {"spec", "finalizers"}, "", false, ""},
  };
  for (const auto& c : cases) {
    PatchMeta meta = StrategicSchemaFor(c.kind).Lookup(c.path);
    std::string where = std::string(c.kind) + " " + ::testing::PrintToString(c.path);
    EXPECT_EQ(meta.strategy(), c.strategy) << where;
    EXPECT_EQ(meta.retain_keys(), c.retain_keys) << where;
    EXPECT_EQ(meta.merge_key, c.merge_key) << where;
  }
}

TEST(StrategicSchemaTest, BuiltinsVersusCustomResources) {
  for (const char* kind :
       {"Pod", "StatefulSet", "PersistentVolumeClaim", "PersistentVolume", "StorageClass",
        "Service", "Node", "Namespace", "Secret", "ConfigMap", "VolumeAttachment"}) {
    EXPECT_TRUE(SupportsStrategicMergePatch(kind)) << kind;
  }
  for (const char* kind : {"VolumeSnapshot", "VolumeSnapshotContent", "VolumeSnapshotClass",
                           "CustomResourceDefinition"}) {
    EXPECT_FALSE(SupportsStrategicMergePatch(kind)) << kind;
    EXPECT_TRUE(StrategicSchemaFor(kind).Lookup({"metadata", "finalizers"}).strategies.empty())
        << kind;
  }
  EXPECT_EQ(StrategicMergeUnsupportedMessage(false),
            "the body of the request was in an unknown format - accepted media types include: "
            "application/json-patch+json, application/merge-patch+json");
}

}  // namespace
}  // namespace snapsim::apiserver
