// PvProtectionController: the sync of one volume (processPV).
#include "src/csi/kube/pv_protection_controller.h"

namespace snapsim::csi::kube {

Status PvProtectionController::SyncVolume(const std::string& name) {
  auto volume = api::As<api::PersistentVolume>(volume_informer_.Get("", name));
  if (volume == nullptr) return Status::Ok();
  const auto& meta = volume->metadata;
  bool has = meta.HasFinalizer(kPvProtectionFinalizer);
  auto clone = api::CloneAs<api::PersistentVolume>(volume);
  if (meta.being_deleted() && has) {
    // isBeingUsed: the PV controller's Bound phase says a claim still holds it.
    if (volume->status.phase == "Bound") return Status::Ok();
    clone->metadata.RemoveFinalizer(kPvProtectionFinalizer);
  } else if (!meta.being_deleted() && !has) {
    clone->metadata.AddFinalizer(kPvProtectionFinalizer);
  } else {
    return Status::Ok();
  }
  auto r = server_.Update(clone, {.client = kControllerManager});
  return r.ok() ? Status::Ok() : r.error().ToStatus();
}

}  // namespace snapsim::csi::kube
