// The memo of settled replicas (see StatefulSetController::IsSettled).
#include "src/csi/kube/statefulset_controller.h"
#include "src/csi/kube/statefulset_identity.h"

namespace snapsim::csi::kube {

bool StatefulSetController::IsSettled(const api::StatefulSet& set, const PodPtr& pod) {
  key_buffer_.assign(pod->metadata.namespace_);
  key_buffer_ += '/';
  key_buffer_ += pod->metadata.name;
  auto it = settled_.find(key_buffer_);
  if (it == settled_.end()) return false;
  const SettledReplica& s = it->second;
  return s.pod == pod && s.generation == set.metadata.generation && s.set_uid == set.metadata.uid;
}

void StatefulSetController::MarkSettled(const api::StatefulSet& set, const PodPtr& pod) {
  // Only with every claim present and not being deleted: otherwise the sync may have
  // just created one (the informer does not show it yet), and the next sync would try
  // again and fail.
  std::vector<std::string> claim_keys;
  for (const auto& name : StatefulClaimNames(set, OrdinalOf(*pod))) {
    api::ObjectPtr claim = claim_informer_.Get(set.metadata.namespace_, name);
    if (claim == nullptr || claim->metadata.being_deleted()) return;
    claim_keys.push_back(claim->Key());
  }
  std::string pod_key = pod->Key();
  for (const auto& claim_key : claim_keys) settled_by_claim_[claim_key] = pod_key;
  settled_[std::move(pod_key)] =
      SettledReplica{pod, set.metadata.uid, set.metadata.generation, std::move(claim_keys)};
}

void StatefulSetController::ForgetClaim(const api::ObjectPtr& claim) {
  auto it = settled_by_claim_.find(claim->Key());
  if (it == settled_by_claim_.end()) return;
  settled_.erase(it->second);
  settled_by_claim_.erase(it);
}

void StatefulSetController::ForgetPod(const api::ObjectPtr& pod) {
  auto it = settled_.find(pod->Key());
  if (it == settled_.end()) return;
  for (const auto& claim_key : it->second.claim_keys) settled_by_claim_.erase(claim_key);
  settled_.erase(it);
}

}  // namespace snapsim::csi::kube
