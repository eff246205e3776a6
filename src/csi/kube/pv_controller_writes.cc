// PersistentVolumeController: the writes of a binding and of phase changes.
// Each write goes through the API server as kube-controller-manager and the
// returned object is stored, so later syncs see the controller's own writes
// even before the informer does.
#include <fmt/format.h>

#include "src/csi/kube/pv_controller.h"
#include "src/csi/kube/volume_matching.h"

namespace snapsim::csi::kube {
namespace {

template <class T>
Result<std::shared_ptr<const T>> Typed(const apiserver::ApiResult<api::ObjectPtr>& r) {
  if (!r.ok()) return r.error().ToStatus();
  return api::As<T>(*r);
}

}  // namespace

Result<PersistentVolumeController::ClaimPtr> PersistentVolumeController::UpdateClaimStatus(
    ClaimPtr claim, std::string_view phase, const api::PersistentVolume* volume) {
  // Cloned only when something changes: periodic resyncs mostly find nothing to do.
  std::shared_ptr<api::PersistentVolumeClaim> clone;
  auto edit = [&]() -> api::PersistentVolumeClaim& {
    if (clone == nullptr) clone = api::CloneAs<api::PersistentVolumeClaim>(claim);
    return *clone;
  };
  if (claim->status.phase != phase) edit().status.phase = std::string(phase);
  if (volume == nullptr) {
    if (!claim->status.access_modes.empty()) edit().status.access_modes.clear();
    if (!claim->status.capacity.empty()) edit().status.capacity.clear();
  } else {
    if (claim->status.access_modes != volume->spec.access_modes) {
      edit().status.access_modes = volume->spec.access_modes;
    }
    // Capacity is set when the claim becomes Bound, never overwritten later.
    if (claim->status.phase != phase) {
      auto cap = volume->spec.capacity.find("storage");
      if (cap == volume->spec.capacity.end()) {
        return Status::Internal(fmt::format("PersistentVolume \"{}\" is without a storage capacity",
                                            volume->metadata.name));
      }
      auto have = claim->status.capacity.find("storage");
      if (have == claim->status.capacity.end() || !(have->second == cap->second)) {
        edit().status.capacity = volume->spec.capacity;
      }
    }
  }
  if (clone == nullptr) return claim;
  SNAPSIM_ASSIGN_OR_RETURN(ClaimPtr updated,
                           Typed<api::PersistentVolumeClaim>(server_.UpdateStatus(clone, Ctx())));
  claims_.Update(updated);
  return updated;
}

Result<PersistentVolumeController::ClaimPtr> PersistentVolumeController::UpdateClaimStatusWithEvent(
    ClaimPtr claim, std::string_view phase, const api::PersistentVolume* volume,
    std::string_view type, std::string_view reason, std::string_view message) {
  if (claim->status.phase == phase) return claim;
  SNAPSIM_ASSIGN_OR_RETURN(ClaimPtr updated, UpdateClaimStatus(claim, phase, volume));
  recorder_.Record(*updated, type, reason, message);
  return updated;
}

Result<PersistentVolumeController::VolumePtr> PersistentVolumeController::UpdateVolumePhase(
    VolumePtr volume, std::string_view phase, std::string_view message) {
  if (volume->status.phase == phase) return volume;
  auto clone = api::CloneAs<api::PersistentVolume>(volume);
  clone->status.phase = std::string(phase);
  clone->status.message = std::string(message);
  SNAPSIM_ASSIGN_OR_RETURN(VolumePtr updated,
                           Typed<api::PersistentVolume>(server_.UpdateStatus(clone, Ctx())));
  volumes_.Update(updated);
  return updated;
}

Result<PersistentVolumeController::VolumePtr>
PersistentVolumeController::UpdateVolumePhaseWithEvent(VolumePtr volume, std::string_view phase,
                                                       std::string_view type,
                                                       std::string_view reason,
                                                       std::string_view message) {
  if (volume->status.phase == phase) return volume;
  SNAPSIM_ASSIGN_OR_RETURN(VolumePtr updated, UpdateVolumePhase(volume, phase, message));
  recorder_.Record(*updated, type, reason, message);
  return updated;
}

Result<PersistentVolumeController::VolumePtr> PersistentVolumeController::BindVolumeToClaim(
    VolumePtr volume, const api::PersistentVolumeClaim& claim) {
  bool set_bound_by_controller = !IsVolumeBoundToClaim(*volume, claim);
  std::shared_ptr<api::PersistentVolume> clone;  // only when something changes
  auto edit = [&]() -> api::PersistentVolume& {
    if (clone == nullptr) clone = api::CloneAs<api::PersistentVolume>(volume);
    return *clone;
  };
  const auto& ref = volume->spec.claim_ref;
  if (!ref || ref->name != claim.metadata.name || ref->namespace_ != claim.metadata.namespace_ ||
      ref->uid != claim.metadata.uid) {
    edit().spec.claim_ref = ClaimReference(claim);
  }
  if (set_bound_by_controller &&
      !volume->metadata.annotations.count(std::string(kAnnBoundByController))) {
    edit().metadata.annotations[std::string(kAnnBoundByController)] = "yes";
  }
  if (clone == nullptr) return volume;
  SNAPSIM_ASSIGN_OR_RETURN(VolumePtr updated,
                           Typed<api::PersistentVolume>(server_.Update(clone, Ctx())));
  volumes_.Update(updated);
  return updated;
}

Result<PersistentVolumeController::ClaimPtr> PersistentVolumeController::BindClaimToVolume(
    ClaimPtr claim, const api::PersistentVolume& volume) {
  std::shared_ptr<api::PersistentVolumeClaim> clone;  // only when something changes
  auto edit = [&]() -> api::PersistentVolumeClaim& {
    if (clone == nullptr) clone = api::CloneAs<api::PersistentVolumeClaim>(claim);
    return *clone;
  };
  if (volume.metadata.name != claim->spec.volume_name) {
    edit().spec.volume_name = volume.metadata.name;
    clone->metadata.annotations.emplace(std::string(kAnnBoundByController), "yes");
  }
  if (!claim->metadata.annotations.count(std::string(kAnnBindCompleted))) {
    edit().metadata.annotations.emplace(std::string(kAnnBindCompleted), "yes");
  }
  if (clone == nullptr) return claim;
  SNAPSIM_ASSIGN_OR_RETURN(ClaimPtr updated,
                           Typed<api::PersistentVolumeClaim>(server_.Update(clone, Ctx())));
  claims_.Update(updated);
  return updated;
}

Status PersistentVolumeController::Bind(VolumePtr volume, ClaimPtr claim) {
  SNAPSIM_ASSIGN_OR_RETURN(volume, BindVolumeToClaim(volume, *claim));
  SNAPSIM_ASSIGN_OR_RETURN(volume, UpdateVolumePhase(volume, "Bound", ""));
  SNAPSIM_ASSIGN_OR_RETURN(claim, BindClaimToVolume(claim, *volume));
  SNAPSIM_ASSIGN_OR_RETURN(claim, UpdateClaimStatus(claim, "Bound", volume.get()));
  return Status::Ok();
}

Status PersistentVolumeController::UnbindVolume(VolumePtr volume) {
  auto clone = api::CloneAs<api::PersistentVolume>(volume);
  if (volume->metadata.annotations.count(std::string(kAnnBoundByController))) {
    clone->spec.claim_ref.reset();  // bound by the controller: undo it all
    clone->metadata.annotations.erase(std::string(kAnnBoundByController));
  } else if (clone->spec.claim_ref) {
    clone->spec.claim_ref->uid.clear();  // pre-bound by the user: keep the reservation
  }
  SNAPSIM_ASSIGN_OR_RETURN(VolumePtr updated,
                           Typed<api::PersistentVolume>(server_.Update(clone, Ctx())));
  volumes_.Update(updated);
  return UpdateVolumePhase(updated, "Available", "").status();
}

Result<PersistentVolumeController::ClaimPtr> PersistentVolumeController::SetClaimProvisioner(
    ClaimPtr claim, const std::string& provisioner) {
  // The GA annotation exists from 1.23 (kubernetes#104590); the beta one is still written.
  std::string_view key = minor() >= 23 ? kAnnStorageProvisioner : kAnnBetaStorageProvisioner;
  const std::string* current = claim->metadata.Annotation(key);
  if (current != nullptr && *current == provisioner) return claim;
  auto clone = api::CloneAs<api::PersistentVolumeClaim>(claim);
  clone->metadata.annotations[std::string(kAnnBetaStorageProvisioner)] = provisioner;
  if (minor() >= 23) clone->metadata.annotations[std::string(kAnnStorageProvisioner)] = provisioner;
  SNAPSIM_ASSIGN_OR_RETURN(ClaimPtr updated,
                           Typed<api::PersistentVolumeClaim>(server_.Update(clone, Ctx())));
  claims_.Update(updated);
  return updated;
}

}  // namespace snapsim::csi::kube
