#include "src/csi/kube/volume_matching.h"

#include <algorithm>

#include "src/csi/kube/pod_util.h"

namespace snapsim::csi::kube {

bool IsVolumeBoundToClaim(const api::PersistentVolume& pv,
                          const api::PersistentVolumeClaim& claim) {
  if (!pv.spec.claim_ref) return false;
  const auto& ref = *pv.spec.claim_ref;
  if (ref.name != claim.metadata.name || ref.namespace_ != claim.metadata.namespace_) return false;
  return ref.uid.empty() || ref.uid == claim.metadata.uid;
}

bool CheckAccessModes(const api::PersistentVolumeClaim& claim, const api::PersistentVolume& pv) {
  return std::all_of(
      claim.spec.access_modes.begin(), claim.spec.access_modes.end(), [&](const std::string& m) {
        return std::find(pv.spec.access_modes.begin(), pv.spec.access_modes.end(), m) !=
               pv.spec.access_modes.end();
      });
}

bool VolumeModeMismatches(const api::PersistentVolumeClaim& claim,
                          const api::PersistentVolume& pv) {
  return claim.spec.volume_mode.value_or("Filesystem") !=
         pv.spec.volume_mode.value_or("Filesystem");
}

api::ObjectPtr FindMatchingVolume(const api::PersistentVolumeClaim& claim,
                                  const std::vector<api::ObjectPtr>& volumes,
                                  const Labels* node_labels, bool delay_binding) {
  std::int64_t requested = ClaimRequestBytes(claim);
  std::string requested_class = ClaimClass(claim);
  api::ObjectPtr smallest;
  std::int64_t smallest_size = 0;
  for (const auto& obj : volumes) {
    auto pv = api::As<api::PersistentVolume>(obj);
    if (pv == nullptr) continue;
    if (pv->spec.claim_ref && !IsVolumeBoundToClaim(*pv, claim)) continue;
    std::int64_t size = VolumeCapacityBytes(*pv);
    if (size < requested) continue;
    if (VolumeModeMismatches(claim, *pv)) continue;
    if (pv->metadata.being_deleted()) continue;
    bool affinity_ok = node_labels == nullptr || VolumeNodeAffinityMatches(*pv, *node_labels);
    if (IsVolumeBoundToClaim(*pv, claim)) {
      if (!affinity_ok) return nullptr;
      return obj;
    }
    if (node_labels == nullptr && delay_binding) continue;  // the scheduler binds this claim
    if (pv->status.phase != "Available") continue;
    if (claim.spec.selector && !claim.spec.selector->Matches(pv->metadata.labels)) continue;
    if (VolumeClass(*pv) != requested_class) continue;
    if (!affinity_ok) continue;
    if (!CheckAccessModes(claim, *pv)) continue;
    if (smallest == nullptr || smallest_size > size) {
      smallest = obj;
      smallest_size = size;
    }
  }
  return smallest;
}

api::ObjectReference ClaimReference(const api::PersistentVolumeClaim& claim) {
  api::ObjectReference ref;
  ref.kind = "PersistentVolumeClaim";
  ref.namespace_ = claim.metadata.namespace_;
  ref.name = claim.metadata.name;
  ref.uid = claim.metadata.uid;
  ref.api_version = "v1";
  ref.resource_version = claim.metadata.resource_version;
  return ref;
}

}  // namespace snapsim::csi::kube
