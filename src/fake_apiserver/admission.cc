#include "src/fake_apiserver/admission.h"

#include <fmt/format.h>

#include <set>

#include "src/api/kinds_core.h"
#include "src/api/kinds_storage.h"
#include "src/fake_apiserver/apiserver.h"

namespace snapsim::apiserver {
namespace {

bool IsDefaultClass(const api::Object& sc) {
  for (const char* key : {"storageclass.kubernetes.io/is-default-class", "storageclass.beta.kubernetes.io/is-default-class"}) {
    const std::string* v = sc.metadata.Annotation(key);
    if (v != nullptr && *v == "true") return true;
  }
  return false;
}

std::optional<ApiError> DefaultStorageClass(const ApiServer& server, api::PersistentVolumeClaim& pvc) {
  if (pvc.spec.storage_class_name.has_value()) return std::nullopt;
  std::vector<api::ObjectPtr> defaults;
  for (const auto& sc : server.PeekAll(api::StorageClass::Info())) {
    if (IsDefaultClass(*sc)) defaults.push_back(sc);
  }
  if (defaults.empty()) return std::nullopt;
  if (defaults.size() > 1 && server.config().kube_minor < 26) {
    return ApiError::InternalError(
        fmt::format("Internal error occurred: {} default StorageClasses were found", defaults.size()));
  }
  // Newest first; ties by name.
  const api::ObjectPtr* pick = &defaults[0];
  for (const auto& sc : defaults) {
    const auto& a = sc->metadata;
    const auto& b = (*pick)->metadata;
    if (a.creation_timestamp > b.creation_timestamp ||
        (a.creation_timestamp == b.creation_timestamp && a.name < b.name)) {
      pick = &sc;
    }
  }
  pvc.spec.storage_class_name = (*pick)->metadata.name;
  return std::nullopt;
}

void AllocateClusterIp(ApiServer& server, api::Service& svc) {
  auto& spec = svc.spec;
  if (spec.type == "ExternalName" || !spec.cluster_ip.empty()) {
    if (spec.cluster_ips.empty() && !spec.cluster_ip.empty()) spec.cluster_ips = {spec.cluster_ip};
    return;
  }
  std::set<std::string> used;
  for (const auto& o : server.PeekAll(api::Service::Info())) {
    used.insert(static_cast<const api::Service&>(*o).spec.cluster_ip);
  }
  // The kubernetes service takes the first address; the rest are drawn at random (as the real allocator does).
  std::string ip = "172.21.0.1";
  while (used.count(ip) != 0) {
    std::uint64_t n = 2 + server.rng().Uniform(4093);
    ip = fmt::format("172.21.{}.{}", n / 256, n % 256);
  }
  spec.cluster_ip = ip;
  spec.cluster_ips = {ip};
}

}  // namespace

std::optional<ApiError> AdmitCreate(ApiServer& server, api::Object& obj) {
  if (&obj.kind_info() == &api::Service::Info()) AllocateClusterIp(server, static_cast<api::Service&>(obj));
  // StorageObjectInUseProtection: claims and volumes are protected from deletion while in use.
  if (&obj.kind_info() == &api::PersistentVolumeClaim::Info()) {
    obj.metadata.AddFinalizer("kubernetes.io/pvc-protection");
    return DefaultStorageClass(server, static_cast<api::PersistentVolumeClaim&>(obj));
  }
  if (&obj.kind_info() == &api::PersistentVolume::Info()) obj.metadata.AddFinalizer("kubernetes.io/pv-protection");
  return std::nullopt;
}

}  // namespace snapsim::apiserver
