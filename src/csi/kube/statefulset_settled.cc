// The memo of settled replicas (see StatefulSetController::IsSettled).
#include "src/csi/kube/statefulset_controller.h"

#include <algorithm>

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
  for (const auto& claim_key : claim_keys) {
    auto& readers = settled_by_claim_[claim_key];
    if (std::find(readers.begin(), readers.end(), pod_key) == readers.end()) readers.push_back(pod_key);
  }
  settled_[std::move(pod_key)] =
      SettledReplica{pod, set.metadata.uid, set.metadata.generation};
}

void StatefulSetController::ForgetClaim(const api::ObjectPtr& claim) {
  auto it = settled_by_claim_.find(claim->Key());
  if (it == settled_by_claim_.end()) return;
  for (const auto& pod_key : it->second) settled_.erase(pod_key);
  settled_by_claim_.erase(it);
}

void StatefulSetController::ForgetPod(const api::ObjectPtr& pod) {
  // Its claims' reader lists may keep the key: a later claim event then forgets nothing.
  settled_.erase(pod->Key());
}

}  // namespace snapsim::csi::kube
