// Validation compiled into kube-apiserver for the built-in kinds snapsim
// holds (pkg/apis/core/validation, pkg/apis/storage/validation): the rules a
// storage workflow can trip over, with the real field paths and messages.
#include <algorithm>

#include <fmt/format.h>

#include "src/api/kinds_storage.h"
#include "src/fake_apiserver/validation.h"

namespace snapsim::apiserver {
namespace {

using api::PersistentVolume;
using api::PersistentVolumeClaim;
using api::StorageClass;

void CheckAccessModes(const std::string& field, const std::vector<std::string>& modes,
                      std::vector<FieldError>& errors) {
  if (modes.empty()) {
    errors.push_back(FieldError::Required(field, "at least 1 access mode is required"));
    return;
  }
  static const std::vector<std::string> kModes = {"ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce",
                                                  "ReadWriteOncePod"};
  for (const auto& m : modes) {
    if (std::find(kModes.begin(), kModes.end(), m) == kModes.end()) {
      errors.push_back(FieldError::NotSupported(field, Quote(m), kModes));
    }
  }
}

void ValidateDataSources(const api::PersistentVolumeClaimSpec& spec, std::vector<FieldError>& errors) {
  if (spec.data_source) {
    const auto& ds = *spec.data_source;
    if (ds.name.empty()) errors.push_back(FieldError::Required("spec.dataSource.name"));
    if (ds.kind.empty()) errors.push_back(FieldError::Required("spec.dataSource.kind"));
    if (ds.api_group.value_or("").empty() && !ds.kind.empty() && ds.kind != "PersistentVolumeClaim") {
      errors.push_back(FieldError::Invalid("spec.dataSource.kind", Quote(ds.kind),
                                           "must be 'PersistentVolumeClaim' when referencing the default apiGroup"));
    }
  }
  if (spec.data_source_ref) {
    const auto& ref = *spec.data_source_ref;
    if (ref.name.empty()) errors.push_back(FieldError::Required("spec.dataSourceRef.name"));
    if (ref.kind.empty()) errors.push_back(FieldError::Required("spec.dataSourceRef.kind"));
    if (ref.api_group.value_or("").empty() && !ref.kind.empty() && ref.kind != "PersistentVolumeClaim") {
      errors.push_back(FieldError::Invalid("spec.dataSourceRef.kind", Quote(ref.kind),
                                           "must be 'PersistentVolumeClaim' when referencing the default apiGroup"));
    }
    if (spec.data_source && ref.namespace_ && !ref.namespace_->empty()) {
      errors.push_back(FieldError::Invalid("spec.dataSource", Quote(spec.data_source->name),
                                           "may not be specified when dataSourceRef.namespace is specified"));
    } else if (spec.data_source &&
               (spec.data_source->name != ref.name || spec.data_source->kind != ref.kind ||
                spec.data_source->api_group.value_or("") != ref.api_group.value_or(""))) {
      errors.push_back(FieldError::Invalid("spec", Quote("dataSource"), "must match dataSourceRef"));
    }
  }
}

void ValidateClaim(const PersistentVolumeClaim& pvc, const PersistentVolumeClaim* old, const ValidationContext& ctx,
                   std::vector<FieldError>& errors) {
  const auto& spec = pvc.spec;
  if (old == nullptr) {
    CheckAccessModes("spec.accessModes", spec.access_modes, errors);
    auto it = spec.resources.requests.find("storage");
    if (it == spec.resources.requests.end()) {
      errors.push_back(FieldError::Required("spec.resources[storage]"));
    } else if (it->second.MilliValue() <= 0) {
      errors.push_back(FieldError::Invalid("spec.resources.requests[storage]", Quote(it->second.ToString()),
                                           "must be greater than zero"));
    }
    ValidateDataSources(spec, errors);
    return;
  }
  // Updates: the spec is immutable but for a few fields.
  api::PersistentVolumeClaimSpec a = old->spec, b = spec;
  a.resources.requests.clear();
  b.resources.requests.clear();
  if (a.volume_name.empty()) a.volume_name = b.volume_name;  // binding sets it once
  a.volume_attributes_class_name = b.volume_attributes_class_name;
  if (!api::EncodesEqual(a, b)) {
    errors.push_back(FieldError::Forbidden(
        "spec", ctx.kube_minor >= 29
                    ? "spec is immutable after creation except resources.requests and volumeAttributesClassName for "
                      "bound claims"
                    : "spec is immutable after creation except resources.requests for bound claims"));
  }
  auto o = old->spec.resources.requests.find("storage");
  auto n = spec.resources.requests.find("storage");
  if (o != old->spec.resources.requests.end() && n != spec.resources.requests.end() && n->second < o->second) {
    errors.push_back(FieldError::Forbidden("spec.resources.requests.storage", "field can not be less than previous value"));
  }
}

void ValidateVolume(const PersistentVolume& pv, const PersistentVolume* old, std::vector<FieldError>& errors) {
  if (old == nullptr) {
    CheckAccessModes("spec.accessModes", pv.spec.access_modes, errors);
    if (pv.spec.capacity.find("storage") == pv.spec.capacity.end()) {
      errors.push_back(FieldError::Required("spec.capacity"));
    }
  }
  const std::string& policy = pv.spec.persistent_volume_reclaim_policy;
  if (!policy.empty() && policy != "Delete" && policy != "Recycle" && policy != "Retain") {
    errors.push_back(FieldError::NotSupported("spec.persistentVolumeReclaimPolicy", Quote(policy),
                                              {"Delete", "Recycle", "Retain"}));
  }
  if (old != nullptr && old->spec.csi && pv.spec.csi && !api::EncodesEqual(*old->spec.csi, *pv.spec.csi)) {
    errors.push_back(FieldError::Forbidden("spec.persistentvolumesource", "spec.persistentvolumesource is immutable after creation"));
  }
}

void ValidateStorageClass(const StorageClass& sc, const StorageClass* old, std::vector<FieldError>& errors) {
  if (sc.provisioner.empty()) errors.push_back(FieldError::Required("provisioner"));
  if (sc.reclaim_policy && *sc.reclaim_policy != "Delete" && *sc.reclaim_policy != "Retain") {
    errors.push_back(FieldError::NotSupported("reclaimPolicy", Quote(*sc.reclaim_policy), {"Delete", "Retain"}));
  }
  if (sc.volume_binding_mode && *sc.volume_binding_mode != "Immediate" &&
      *sc.volume_binding_mode != "WaitForFirstConsumer") {
    errors.push_back(FieldError::NotSupported("volumeBindingMode", Quote(*sc.volume_binding_mode),
                                              {"Immediate", "WaitForFirstConsumer"}));
  }
  if (old == nullptr) return;
  if (old->parameters != sc.parameters) {
    errors.push_back(FieldError::Forbidden("parameters", "updates to parameters are forbidden."));
  }
  if (old->provisioner != sc.provisioner) {
    errors.push_back(FieldError::Forbidden("provisioner", "updates to provisioner are forbidden."));
  }
  if (old->reclaim_policy != sc.reclaim_policy) {
    errors.push_back(FieldError::Forbidden("reclaimPolicy", "updates to reclaimPolicy are forbidden."));
  }
  if (old->volume_binding_mode != sc.volume_binding_mode) {
    errors.push_back(FieldError::Invalid("volumeBindingMode", Quote(sc.volume_binding_mode.value_or("")),
                                         "field is immutable"));
  }
}

}  // namespace

void ValidateCoreKinds(const api::Object& obj, const api::Object* old, const ValidationContext& ctx,
                       ValidationResult& out) {
  const api::KindInfo& kind = obj.kind_info();
  if (&kind == &PersistentVolumeClaim::Info()) {
    ValidateClaim(static_cast<const PersistentVolumeClaim&>(obj), static_cast<const PersistentVolumeClaim*>(old), ctx,
                  out.errors);
  } else if (&kind == &PersistentVolume::Info()) {
    ValidateVolume(static_cast<const PersistentVolume&>(obj), static_cast<const PersistentVolume*>(old), out.errors);
  } else if (&kind == &StorageClass::Info()) {
    ValidateStorageClass(static_cast<const StorageClass&>(obj), static_cast<const StorageClass*>(old), out.errors);
  }
}

}  // namespace snapsim::apiserver
