// The patch metadata of the built-in kinds snapsim holds, transcribed from the
// patchStrategy / patchMergeKey struct tags of k8s.io/api (core/v1, apps/v1,
// storage/v1) and k8s.io/apimachinery (meta/v1 ObjectMeta). Only fields that carry
// a tag, and the struct fields leading to them, are listed; lists without a tag
// (tolerations, accessModes, volumeClaimTemplates, ...) are atomic upstream too.
#include <algorithm>
#include <array>
#include <string>
#include <string_view>

#include "src/fake_apiserver/strategic_schema.h"

namespace snapsim::apiserver {
namespace {

using Field = StrategicSchema::Field;
using Struct = StrategicSchema::Struct;

Field Obj(std::string type) { return Field{std::move(type), {}}; }
Field MergeKey(std::string key, std::string type = "") {
  return Field{std::move(type), {{"merge"}, std::move(key)}};
}
Field MergeRetain(std::string key, std::string type = "") {
  return Field{std::move(type), {{"merge", "retainKeys"}, std::move(key)}};
}
Field Atomic(std::string type = "") { return Field{std::move(type), {}}; }

StrategicSchema::Types CommonTypes() {
  StrategicSchema::Types t;
  t["ObjectMeta"] = Struct{{"finalizers", MergeKey("")}, {"ownerReferences", MergeKey("uid")}};
  t["Container"] = Struct{{"ports", MergeKey("containerPort")},
                          {"env", MergeKey("name")},
                          {"volumeMounts", MergeKey("mountPath")},
                          {"volumeDevices", MergeKey("devicePath")}};
  t["PodSpec"] = Struct{{"volumes", MergeRetain("name")},
                        {"initContainers", MergeKey("name", "Container")},
                        {"containers", MergeKey("name", "Container")},
                        {"ephemeralContainers", MergeKey("name", "Container")},
                        {"imagePullSecrets", MergeKey("name")},
                        {"hostAliases", MergeKey("ip")},
                        {"topologySpreadConstraints", MergeKey("topologyKey")},
                        {"schedulingGates", MergeKey("name")},
                        {"resourceClaims", MergeRetain("name")},
                        {"tolerations", Atomic()}};
  t["ContainerStatus"] =
      Struct{{"volumeMounts", MergeKey("mountPath")}, {"allocatedResourcesStatus", MergeKey("name")}};
  t["PodStatus"] = Struct{{"conditions", MergeKey("type")},
                          {"podIPs", MergeKey("ip")},
                          {"hostIPs", MergeKey("ip")},
                          {"resourceClaimStatuses", MergeRetain("name")},
                          {"containerStatuses", Atomic("ContainerStatus")},
                          {"initContainerStatuses", Atomic("ContainerStatus")},
                          {"ephemeralContainerStatuses", Atomic("ContainerStatus")}};
  t["PodTemplateSpec"] = Struct{{"metadata", Obj("ObjectMeta")}, {"spec", Obj("PodSpec")}};
  t["Pod"] = Struct{
      {"metadata", Obj("ObjectMeta")}, {"spec", Obj("PodSpec")}, {"status", Obj("PodStatus")}};
  t["ConditionsStatus"] = Struct{{"conditions", MergeKey("type")}};
  t["PersistentVolumeClaim"] =
      Struct{{"metadata", Obj("ObjectMeta")}, {"status", Obj("ConditionsStatus")}};
  t["StatefulSetSpec"] = Struct{{"template", Obj("PodTemplateSpec")},
                                {"volumeClaimTemplates", Atomic("PersistentVolumeClaim")}};
  t["StatefulSet"] = Struct{{"metadata", Obj("ObjectMeta")},
                            {"spec", Obj("StatefulSetSpec")},
                            {"status", Obj("ConditionsStatus")}};
  t["DeploymentSpec"] =
      Struct{{"template", Obj("PodTemplateSpec")}, {"strategy", Field{"", {{"retainKeys"}, ""}}}};
  t["Deployment"] = Struct{{"metadata", Obj("ObjectMeta")},
                           {"spec", Obj("DeploymentSpec")},
                           {"status", Obj("ConditionsStatus")}};
  t["TemplateSpec"] = Struct{{"template", Obj("PodTemplateSpec")}};
  t["WorkloadWithTemplate"] = Struct{{"metadata", Obj("ObjectMeta")},
                                     {"spec", Obj("TemplateSpec")},
                                     {"status", Obj("ConditionsStatus")}};
  t["ServiceSpec"] = Struct{{"ports", MergeKey("port")}};
  t["Service"] = Struct{{"metadata", Obj("ObjectMeta")},
                        {"spec", Obj("ServiceSpec")},
                        {"status", Obj("ConditionsStatus")}};
  t["NodeSpec"] = Struct{{"podCIDRs", MergeKey("")}};
  t["NodeStatus"] = Struct{{"conditions", MergeKey("type")}, {"addresses", MergeKey("type")}};
  t["Node"] = Struct{
      {"metadata", Obj("ObjectMeta")}, {"spec", Obj("NodeSpec")}, {"status", Obj("NodeStatus")}};
  t["Namespace"] = Struct{{"metadata", Obj("ObjectMeta")}, {"status", Obj("ConditionsStatus")}};
  t["ServiceAccount"] = Struct{{"metadata", Obj("ObjectMeta")}, {"secrets", MergeKey("name")}};
  t["CSINodeSpec"] = Struct{{"drivers", MergeKey("name")}};
  t["CSINode"] = Struct{{"metadata", Obj("ObjectMeta")}, {"spec", Obj("CSINodeSpec")}};
  t["MetadataOnly"] = Struct{{"metadata", Obj("ObjectMeta")}};
  return t;
}

// kind -> root struct type.
constexpr std::array<std::pair<std::string_view, std::string_view>, 19> kRoots = {{
    {"ConfigMap", "MetadataOnly"},
    {"CSIDriver", "MetadataOnly"},
    {"CSINode", "CSINode"},
    {"DaemonSet", "WorkloadWithTemplate"},
    {"Deployment", "Deployment"},
    {"Job", "WorkloadWithTemplate"},
    {"Namespace", "Namespace"},
    {"Node", "Node"},
    {"PersistentVolume", "MetadataOnly"},
    {"PersistentVolumeClaim", "PersistentVolumeClaim"},
    {"Pod", "Pod"},
    {"ReplicaSet", "WorkloadWithTemplate"},
    {"Secret", "MetadataOnly"},
    {"Service", "Service"},
    {"ServiceAccount", "ServiceAccount"},
    {"StatefulSet", "StatefulSet"},
    {"StorageClass", "MetadataOnly"},
    {"VolumeAttachment", "MetadataOnly"},
    {"Event", "MetadataOnly"},
}};

// Further kinds of kubectl's scheme that snapsim does not model in detail.
constexpr std::array<std::string_view, 16> kOtherBuiltins = {
    "ClusterRole",
    "ClusterRoleBinding",
    "CronJob",
    "CSIStorageCapacity",
    "Endpoints",
    "Lease",
    "LimitRange",
    "PodDisruptionBudget",
    "PodTemplate",
    "PriorityClass",
    "ReplicationController",
    "ResourceQuota",
    "Role",
    "RoleBinding",
    "EndpointSlice",
    "Ingress",
};

const std::map<std::string, StrategicSchema, std::less<>>& Schemas() {
  static const auto* schemas = [] {
    auto* m = new std::map<std::string, StrategicSchema, std::less<>>();
    StrategicSchema::Types types = CommonTypes();
    for (const auto& [kind, root] : kRoots) {
      m->emplace(std::string(kind), StrategicSchema(std::string(root), types));
    }
    return m;
  }();
  return *schemas;
}

}  // namespace

const StrategicSchema& StrategicSchemaFor(std::string_view kind) {
  static const StrategicSchema kEmpty;
  const auto& schemas = Schemas();
  auto it = schemas.find(kind);
  return it == schemas.end() ? kEmpty : it->second;
}

bool SupportsStrategicMergePatch(std::string_view kind) {
  for (const auto& [k, root] : kRoots) {
    if (k == kind) return true;
  }
  return std::find(kOtherBuiltins.begin(), kOtherBuiltins.end(), kind) != kOtherBuiltins.end();
}

}  // namespace snapsim::apiserver
