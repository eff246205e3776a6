// Validation of VolumeSnapshotClass, VolumeSnapshot and VolumeSnapshotContent
// (reference/snapshot-controller-semantics.md §1.1–1.5).
//
// CEL era (Kubernetes >= 1.30 here, external-snapshotter v8): schema "Required"
// and enum errors plus the x-kubernetes-validations messages; old-object rules
// run on update only, and an unchanged spec passes (ratcheting).
// Webhook era (1.18–1.29): the schema requires fields and enums; the admission
// webhook denies with its own messages (v1 or v1beta1 wording by the version the
// client sent); on v1 "exactly one source" is an OpenAPI oneOf.
#include <fmt/format.h>

#include "src/api/json.h"
#include "src/api/kinds_snapshot.h"
#include "src/fake_apiserver/validation.h"

namespace snapsim::apiserver {
namespace {

using api::VolumeSnapshot;
using api::VolumeSnapshotClass;
using api::VolumeSnapshotContent;

// The webhook rendered missing pointers like this.
std::string Show(const std::optional<std::string>& s) { return s ? *s : "<nil string pointer>"; }

void CheckDeletionPolicy(const std::string& field, const std::string& value, std::vector<FieldError>& errors) {
  if (value.empty()) {
    errors.push_back(FieldError::Required(field));
  } else if (value != "Delete" && value != "Retain") {
    errors.push_back(FieldError::NotSupported(field, Quote(value), {"Delete", "Retain"}));
  }
}

// Whether the request body had the field at `path` (Unknown when there is no body).
enum class Presence { kAbsent, kPresent, kUnknown };
Presence Has(const api::Value* body, std::initializer_list<std::string_view> path) {
  if (body == nullptr) return Presence::kUnknown;
  const api::Value* cur = body;
  for (auto key : path) {
    cur = cur->Find(key);
    if (cur == nullptr || cur->is_null()) return Presence::kAbsent;
  }
  return Presence::kPresent;
}
// Absent for sure, or (without a body) absent as far as the typed object can tell.
bool Missing(const api::Value* body, std::initializer_list<std::string_view> path, bool typed_empty) {
  Presence p = Has(body, path);
  return p == Presence::kAbsent || (p == Presence::kUnknown && typed_empty);
}

// kube-openapi's composite oneOf error: it has no field path, which the 1.2x
// API server renders as "<nil>".
FieldError OneOfError(std::string_view field, int set) {
  return FieldError::Invalid("<nil>", "\"\"",
                             fmt::format("\"{}\" must validate one and only one schema (oneOf). {}", field,
                                         set == 0 ? "Found none valid" : fmt::format("Found {} valid alternatives", set)));
}

void ValidateClass(const VolumeSnapshotClass& c, ValidationResult& out) {
  CheckDeletionPolicy("deletionPolicy", c.deletion_policy, out.errors);
  if (c.driver.empty()) out.errors.push_back(FieldError::Required("driver"));
}

void ValidateSnapshotCel(const VolumeSnapshot& vs, const VolumeSnapshot* old, const api::Value* body,
                         ValidationResult& out) {
  const auto& src = vs.spec.source;
  bool has_pvc = src.persistent_volume_claim_name.has_value();
  bool has_content = src.volume_snapshot_content_name.has_value();
  if (old != nullptr && api::EncodesEqual(old->spec, vs.spec)) return;  // ratcheting
  if (Missing(body, {"spec"}, !has_pvc && !has_content && !vs.spec.volume_snapshot_class_name)) {
    out.errors.push_back(FieldError::Required("spec"));
    return;
  }
  if (Missing(body, {"spec", "source"}, !has_pvc && !has_content)) {
    out.errors.push_back(FieldError::Required("spec.source"));
  } else if (has_pvc == has_content) {
    out.errors.push_back(FieldError::Invalid(
        "spec.source", Quote("object"), "exactly one of volumeSnapshotContentName and persistentVolumeClaimName must be set"));
  }
  if (vs.spec.volume_snapshot_class_name && vs.spec.volume_snapshot_class_name->empty()) {
    out.errors.push_back(FieldError::Invalid("spec.volumeSnapshotClassName", Quote("string"),
                                             "volumeSnapshotClassName must not be the empty string when set"));
  }
  if (old == nullptr) return;
  const auto& osrc = old->spec.source;
  if (osrc.persistent_volume_claim_name && !has_pvc) {
    out.errors.push_back(
        FieldError::Invalid("spec.source", Quote("object"), "persistentVolumeClaimName is required once set"));
  }
  if (osrc.volume_snapshot_content_name && !has_content) {
    out.errors.push_back(
        FieldError::Invalid("spec.source", Quote("object"), "volumeSnapshotContentName is required once set"));
  }
  if (osrc.persistent_volume_claim_name && has_pvc &&
      *osrc.persistent_volume_claim_name != *src.persistent_volume_claim_name) {
    out.errors.push_back(FieldError::Invalid("spec.source.persistentVolumeClaimName", Quote("string"),
                                             "persistentVolumeClaimName is immutable"));
  }
  if (osrc.volume_snapshot_content_name && has_content &&
      *osrc.volume_snapshot_content_name != *src.volume_snapshot_content_name) {
    out.errors.push_back(FieldError::Invalid("spec.source.volumeSnapshotContentName", Quote("string"),
                                             "volumeSnapshotContentName is immutable"));
  }
}

void ValidateContentCel(const VolumeSnapshotContent& c, const VolumeSnapshotContent* old, const api::Value* body,
                        ValidationResult& out) {
  if (old != nullptr && api::EncodesEqual(old->spec, c.spec)) return;  // ratcheting
  const auto& spec = c.spec;
  bool has_vol = spec.source.volume_handle.has_value();
  bool has_snap = spec.source.snapshot_handle.has_value();
  const auto& ref = spec.volume_snapshot_ref;
  bool ref_empty = ref.name.empty() && ref.namespace_.empty() && ref.uid.empty() && ref.kind.empty();
  if (Missing(body, {"spec"}, spec.driver.empty() && spec.deletion_policy.empty() && !has_vol && !has_snap && ref_empty)) {
    out.errors.push_back(FieldError::Required("spec"));
    return;
  }
  // Schema first, in the CRD's field order; CEL rules run only on present fields.
  CheckDeletionPolicy("spec.deletionPolicy", spec.deletion_policy, out.errors);
  if (spec.driver.empty()) out.errors.push_back(FieldError::Required("spec.driver"));
  bool source_missing = Missing(body, {"spec", "source"}, !has_vol && !has_snap);
  if (source_missing) out.errors.push_back(FieldError::Required("spec.source"));
  bool ref_missing = Missing(body, {"spec", "volumeSnapshotRef"}, ref_empty);
  if (ref_missing) out.errors.push_back(FieldError::Required("spec.volumeSnapshotRef"));
  if (!source_missing && has_vol == has_snap) {
    out.errors.push_back(FieldError::Invalid("spec.source", Quote("object"),
                                             "exactly one of volumeHandle and snapshotHandle must be set"));
  }
  if (!ref_missing && (ref.name.empty() || ref.namespace_.empty())) {
    out.errors.push_back(FieldError::Invalid(
        "spec.volumeSnapshotRef", Quote("object"),
        "both spec.volumeSnapshotRef.name and spec.volumeSnapshotRef.namespace must be set"));
  }
  if (old == nullptr) return;
  const auto& osrc = old->spec.source;
  if (osrc.volume_handle && !has_vol) {
    out.errors.push_back(FieldError::Invalid("spec.source", Quote("object"), "volumeHandle is required once set"));
  }
  if (osrc.snapshot_handle && !has_snap) {
    out.errors.push_back(FieldError::Invalid("spec.source", Quote("object"), "snapshotHandle is required once set"));
  }
  if (osrc.volume_handle && has_vol && *osrc.volume_handle != *spec.source.volume_handle) {
    out.errors.push_back(
        FieldError::Invalid("spec.source.volumeHandle", Quote("string"), "volumeHandle is immutable"));
  }
  if (osrc.snapshot_handle && has_snap && *osrc.snapshot_handle != *spec.source.snapshot_handle) {
    out.errors.push_back(
        FieldError::Invalid("spec.source.snapshotHandle", Quote("string"), "snapshotHandle is immutable"));
  }
  if (old->spec.source_volume_mode && !spec.source_volume_mode) {
    out.errors.push_back(FieldError::Invalid("spec", Quote("object"), "sourceVolumeMode is required once set"));
  }
  if (old->spec.source_volume_mode && spec.source_volume_mode &&
      *old->spec.source_volume_mode != *spec.source_volume_mode) {
    out.errors.push_back(
        FieldError::Invalid("spec.sourceVolumeMode", Quote("string"), "sourceVolumeMode is immutable"));
  }
}

// The webhook era. Schema checks first (they reject before admission runs).
void ValidateSnapshotWebhook(const VolumeSnapshot& vs, const VolumeSnapshot* old, bool v1beta1,
                             const api::Value* body, ValidationResult& out) {
  const auto& src = vs.spec.source;
  int set = (src.persistent_volume_claim_name ? 1 : 0) + (src.volume_snapshot_content_name ? 1 : 0);
  if (!v1beta1 && set != 1) {
    if (Missing(body, {"spec", "source"}, set == 0)) {
      out.errors.push_back(FieldError::Required("spec.source"));
    } else {
      out.errors.push_back(OneOfError("spec.source", set));
    }
    return;
  }
  if (v1beta1 && set == 2) {
    out.webhook_denial = fmt::format(
        "only one of Spec.Source.PersistentVolumeClaimName = {} and Spec.Source.VolumeSnapshotContentName = {} "
        "should be set",
        Show(src.persistent_volume_claim_name), Show(src.volume_snapshot_content_name));
    return;
  }
  if (v1beta1 && set == 0) {
    out.webhook_denial =
        "one of Spec.Source.PersistentVolumeClaimName and Spec.Source.VolumeSnapshotContentName should be set";
    return;
  }
  if (vs.spec.volume_snapshot_class_name && vs.spec.volume_snapshot_class_name->empty()) {
    out.webhook_denial = "Spec.VolumeSnapshotClassName must not be the empty string";
    return;
  }
  if (old == nullptr) return;
  const auto& osrc = old->spec.source;
  if (osrc.persistent_volume_claim_name != src.persistent_volume_claim_name) {
    out.webhook_denial =
        fmt::format("Spec.Source.PersistentVolumeClaimName is immutable but was changed from {} to {}",
                    Show(osrc.persistent_volume_claim_name), Show(src.persistent_volume_claim_name));
  } else if (osrc.volume_snapshot_content_name != src.volume_snapshot_content_name) {
    out.webhook_denial =
        fmt::format("Spec.Source.VolumeSnapshotContentName is immutable but was changed from {} to {}",
                    Show(osrc.volume_snapshot_content_name), Show(src.volume_snapshot_content_name));
  }
}

void ValidateContentWebhook(const VolumeSnapshotContent& c, const VolumeSnapshotContent* old, bool v1beta1,
                            const api::Value* body, ValidationResult& out) {
  const auto& spec = c.spec;
  CheckDeletionPolicy("spec.deletionPolicy", spec.deletion_policy, out.errors);
  if (spec.driver.empty()) out.errors.push_back(FieldError::Required("spec.driver"));
  int set = (spec.source.volume_handle ? 1 : 0) + (spec.source.snapshot_handle ? 1 : 0);
  if (!v1beta1 && set != 1) {
    if (Missing(body, {"spec", "source"}, set == 0)) {
      out.errors.push_back(FieldError::Required("spec.source"));
    } else {
      out.errors.push_back(OneOfError("spec.source", set));
    }
  }
  if (!out.errors.empty()) return;
  if (v1beta1 && set == 2) {
    out.webhook_denial = fmt::format(
        "only one of Spec.Source.VolumeHandle = {} and Spec.Source.SnapshotHandle = {} should be set",
        Show(spec.source.volume_handle), Show(spec.source.snapshot_handle));
    return;
  }
  if (v1beta1 && set == 0) {
    out.webhook_denial = "one of Spec.Source.VolumeHandle and Spec.Source.SnapshotHandle should be set";
    return;
  }
  const auto& ref = spec.volume_snapshot_ref;
  if (ref.name.empty() || ref.namespace_.empty()) {
    out.webhook_denial = fmt::format(
        "both Spec.VolumeSnapshotRef.Name = {} and Spec.VolumeSnapshotRef.Namespace = {} must be set", ref.name,
        ref.namespace_);
    return;
  }
  if (old == nullptr) return;
  const auto& osrc = old->spec.source;
  if (osrc.volume_handle != spec.source.volume_handle) {
    out.webhook_denial = fmt::format("Spec.Source.VolumeHandle is immutable but was changed from {} to {}",
                                     Show(osrc.volume_handle), Show(spec.source.volume_handle));
  } else if (osrc.snapshot_handle != spec.source.snapshot_handle) {
    out.webhook_denial = fmt::format("Spec.Source.SnapshotHandle is immutable but was changed from {} to {}",
                                     Show(osrc.snapshot_handle), Show(spec.source.snapshot_handle));
  } else if (old->spec.source_volume_mode != spec.source_volume_mode) {
    out.webhook_denial = fmt::format("Spec.SourceVolumeMode is immutable but was changed from {} to {}",
                                     Show(old->spec.source_volume_mode), Show(spec.source_volume_mode));
  }
}

}  // namespace

void ValidateSnapshotKinds(const api::Object& obj, const api::Object* old, const ValidationContext& ctx,
                           ValidationResult& out) {
  bool v1beta1 = ctx.submitted_version == "v1beta1";
  bool cel = SnapshotCelEra(ctx.kube_minor);
  const api::KindInfo& kind = obj.kind_info();
  if (&kind == &VolumeSnapshotClass::Info()) {
    ValidateClass(static_cast<const VolumeSnapshotClass&>(obj), out);
  } else if (&kind == &VolumeSnapshot::Info()) {
    const auto& vs = static_cast<const VolumeSnapshot&>(obj);
    const auto* ovs = static_cast<const VolumeSnapshot*>(old);
    cel ? ValidateSnapshotCel(vs, ovs, ctx.body, out) : ValidateSnapshotWebhook(vs, ovs, v1beta1, ctx.body, out);
  } else if (&kind == &VolumeSnapshotContent::Info()) {
    const auto& c = static_cast<const VolumeSnapshotContent&>(obj);
    const auto* oc = static_cast<const VolumeSnapshotContent*>(old);
    cel ? ValidateContentCel(c, oc, ctx.body, out) : ValidateContentWebhook(c, oc, v1beta1, ctx.body, out);
  }
}

}  // namespace snapsim::apiserver
