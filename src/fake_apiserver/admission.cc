#include "src/fake_apiserver/admission.h"

#include <fmt/format.h>

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

}  // namespace

std::optional<ApiError> AdmitCreate(const ApiServer& server, api::Object& obj) {
  if (&obj.kind_info() == &api::PersistentVolumeClaim::Info()) {
    return DefaultStorageClass(server, static_cast<api::PersistentVolumeClaim&>(obj));
  }
  return std::nullopt;
}

}  // namespace snapsim::apiserver
