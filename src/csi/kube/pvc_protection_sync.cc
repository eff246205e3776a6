// PvcProtectionController: the sync of one claim (processPVC).
#include <algorithm>

#include "src/csi/kube/pod_util.h"
#include "src/csi/kube/pvc_protection_controller.h"

namespace snapsim::csi::kube {
namespace {

bool PodUsesClaim(const api::Pod& pod, const api::PersistentVolumeClaim& claim) {
  if (pod.spec.node_name.empty()) return false;  // the kubelet never saw it
  auto claims = PodClaimNames(pod);
  return std::find(claims.begin(), claims.end(), claim.metadata.name) != claims.end();
}

}  // namespace

Result<bool> PvcProtectionController::IsBeingUsed(const api::PersistentVolumeClaim& claim) {
  for (const auto& obj : pod_informer_.List(claim.metadata.namespace_)) {
    if (PodUsesClaim(*api::As<api::Pod>(obj), claim)) return true;
  }
  // The cache may lag: a live list makes sure no pod uses the claim.
  auto live = server_.List(api::Pod::Info(), {.namespace_ = claim.metadata.namespace_},
                           {.client = kControllerManager});
  if (!live.ok()) return Status::Internal("live list of pods failed: " + live.error().message());
  for (const auto& obj : *live) {
    if (PodUsesClaim(*api::As<api::Pod>(obj), claim)) return true;
  }
  return false;
}

Status PvcProtectionController::SyncClaim(const std::string& key) {
  std::size_t slash = key.find('/');
  auto claim = api::As<api::PersistentVolumeClaim>(
      claim_informer_.Get(key.substr(0, slash), key.substr(slash + 1)));
  if (claim == nullptr) return Status::Ok();
  const auto& meta = claim->metadata;
  bool has = meta.HasFinalizer(kPvcProtectionFinalizer);
  if (meta.being_deleted() && has) {
    SNAPSIM_ASSIGN_OR_RETURN(bool used, IsBeingUsed(*claim));
    if (used) return Status::Ok();  // a pod event requeues the claim when that changes
    auto clone = api::CloneAs<api::PersistentVolumeClaim>(claim);
    clone->metadata.RemoveFinalizer(kPvcProtectionFinalizer);
    auto r = server_.Update(clone, {.client = kControllerManager});
    return r.ok() ? Status::Ok() : r.error().ToStatus();
  }
  if (!meta.being_deleted() && !has) {
    auto clone = api::CloneAs<api::PersistentVolumeClaim>(claim);
    clone->metadata.AddFinalizer(kPvcProtectionFinalizer);
    auto r = server_.Update(clone, {.client = kControllerManager});
    return r.ok() ? Status::Ok() : r.error().ToStatus();
  }
  return Status::Ok();
}

}  // namespace snapsim::csi::kube
