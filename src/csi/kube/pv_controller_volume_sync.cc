// PersistentVolumeController: syncVolume and the reclaim policies
// (pv_controller.go). A volume whose claim is gone is Released; Retain keeps
// it, Delete hands it to the external provisioner that made it (which deletes
// the backing disk, then the PV), and a Delete volume nobody can delete goes
// Failed with a VolumeFailedDelete event.
#include <fmt/format.h>

#include "src/csi/kube/pv_controller.h"
#include "src/csi/kube/volume_matching.h"
#include "src/fake_apiserver/api_error.h"

namespace snapsim::csi::kube {

Status PersistentVolumeController::SyncVolume(VolumePtr volume) {
  if (!volume->spec.claim_ref) return UpdateVolumePhase(volume, "Available", "").status();
  const api::ObjectReference& ref = *volume->spec.claim_ref;
  if (ref.uid.empty())
    return UpdateVolumePhase(volume, "Available", "").status();  // pre-bound by the user

  std::string claim_key = ref.namespace_ + "/" + ref.name;
  auto claim = api::As<api::PersistentVolumeClaim>(claims_.Get(claim_key));
  if (claim == nullptr && volume->status.phase != "Released" && volume->status.phase != "Failed") {
    // The claim may just not have reached this controller yet: check the informer, then the server.
    claim = api::As<api::PersistentVolumeClaim>(claim_informer_.Get(ref.namespace_, ref.name));
    if (claim == nullptr) {
      auto live = server_.Get(api::PersistentVolumeClaim::Info(), ref.namespace_, ref.name, Ctx());
      if (!live.ok() && !live.error().Is(apiserver::ApiError::Reason::kNotFound))
        return live.error().ToStatus();
      if (live.ok()) claim = api::As<api::PersistentVolumeClaim>(*live);
    }
  }
  if (claim != nullptr && claim->metadata.uid != ref.uid) claim = nullptr;  // deleted and recreated

  if (claim == nullptr) {
    if (volume->status.phase != "Released" && volume->status.phase != "Failed") {
      SNAPSIM_ASSIGN_OR_RETURN(volume, UpdateVolumePhase(volume, "Released", ""));
    }
    return ReclaimVolume(volume);
  }
  if (claim->spec.volume_name.empty()) {
    if (VolumeModeMismatches(*claim, *volume)) {
      recorder_.Warning(
          *volume, kEventVolumeMismatch,
          fmt::format(
              "Cannot bind PersistentVolume to requested PersistentVolumeClaim \"{}\" due to "
              "incompatible volumeMode.",
              claim->metadata.name));
      recorder_.Warning(
          *claim, kEventVolumeMismatch,
          fmt::format(
              "Cannot bind PersistentVolume \"{}\" to requested PersistentVolumeClaim due to "
              "incompatible volumeMode.",
              volume->metadata.name));
      return Status::Ok();
    }
    // The volume points at the claim but the claim does not point back yet
    // (e.g. a freshly provisioned volume): the claim's sync finishes the binding.
    claim_queue_.Add(claim_key);
    return Status::Ok();
  }
  if (claim->spec.volume_name == volume->metadata.name)
    return UpdateVolumePhase(volume, "Bound", "").status();

  // The claim is bound to another volume.
  if (volume->metadata.annotations.count(std::string(kAnnDynamicallyProvisioned)) &&
      volume->spec.persistent_volume_reclaim_policy == "Delete") {
    if (volume->status.phase != "Released" && volume->status.phase != "Failed") {
      SNAPSIM_ASSIGN_OR_RETURN(volume, UpdateVolumePhase(volume, "Released", ""));
    }
    return ReclaimVolume(volume);
  }
  return UnbindVolume(volume);
}

bool PersistentVolumeController::IsVolumeReleased(const api::PersistentVolume& volume) const {
  if (!volume.spec.claim_ref || volume.spec.claim_ref->uid.empty()) return false;
  const auto& ref = *volume.spec.claim_ref;
  auto claim = api::As<api::PersistentVolumeClaim>(claims_.Get(ref.namespace_ + "/" + ref.name));
  if (claim != nullptr && claim->metadata.uid == ref.uid) {
    return !claim->spec.volume_name.empty() && claim->spec.volume_name != volume.metadata.name;
  }
  return true;
}

Status PersistentVolumeController::ReclaimVolume(VolumePtr volume) {
  if (volume->metadata.annotations.count("pv.kubernetes.io/migrated-to")) return Status::Ok();
  const std::string& policy = volume->spec.persistent_volume_reclaim_policy;
  if (policy == "Retain") return Status::Ok();
  if (policy == "Recycle") return RecycleVolumeOperation(volume);
  if (policy == "Delete") return DeleteVolumeOperation(volume);
  return UpdateVolumePhaseWithEvent(volume, "Failed", "Warning", "VolumeUnknownReclaimPolicy",
                                    "Volume has unrecognized PersistentVolumeReclaimPolicy")
      .status();
}

Status PersistentVolumeController::RecycleVolumeOperation(VolumePtr volume) {
  auto live = server_.Get(api::PersistentVolume::Info(), "", volume->metadata.name, Ctx());
  if (!live.ok()) return Status::Ok();
  auto fresh = api::As<api::PersistentVolume>(*live);
  if (!IsVolumeReleased(*fresh)) return Status::Ok();
  // No recycler plugin exists for CSI volumes.
  return UpdateVolumePhaseWithEvent(fresh, "Failed", "Warning", kEventVolumeFailedRecycle,
                                    "No recycler plugin found for the volume!")
      .status();
}

Status PersistentVolumeController::DeleteVolumeOperation(VolumePtr volume) {
  // The operation re-reads the volume: an earlier operation may have changed it.
  auto live = server_.Get(api::PersistentVolume::Info(), "", volume->metadata.name, Ctx());
  if (!live.ok()) return Status::Ok();
  auto fresh = api::As<api::PersistentVolume>(*live);
  if (fresh->metadata.being_deleted() || !IsVolumeReleased(*fresh)) return Status::Ok();

  const std::string* provisioned_by = volume->metadata.Annotation(kAnnDynamicallyProvisioned);
  std::string error;
  if (provisioned_by != nullptr && !provisioned_by->empty()) {
    if (provisioned_by->rfind("kubernetes.io/", 0) != 0)
      return Status::Ok();  // the external deleter's job
    error = fmt::format("no volume plugin matched name: {}", *provisioned_by);
  } else {
    error = fmt::format(
        "{} getting deleter volume plugin for volume {}: no deletable volume plugin matched",
        minor() >= 23 ? "error" : "Error", apiserver::Quote(volume->metadata.name));
  }
  // Despite Failed, the controller tries again on every sync (without a new event).
  return UpdateVolumePhaseWithEvent(volume, "Failed", "Warning", kEventVolumeFailedDelete, error)
      .status();
}

}  // namespace snapsim::csi::kube
