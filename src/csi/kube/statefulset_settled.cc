// The memo of settled replicas (see StatefulSetController::IsSettled).
#include "src/csi/kube/statefulset_controller.h"

#include <algorithm>

#include "src/csi/kube/statefulset_identity.h"

namespace snapsim::csi::kube {

bool StatefulSetController::IsSettled(const api::StatefulSet& set, const ReplicaFacts& replica) {
  return replica.settled && replica.settled_generation == set.metadata.generation &&
         replica.settled_set_uid == set.metadata.uid;
}

void StatefulSetController::MarkSettled(const api::StatefulSet& set, ReplicaFacts& replica) {
  const api::Pod* pod = replica.pod.get();
  // Only with every claim present and not being deleted: otherwise the sync may have
  // just created one (the informer does not show it yet), and the next sync would try
  // again and fail.
  std::vector<std::string> claim_keys;
  for (const auto& name : StatefulClaimNames(set, replica.ordinal)) {
    api::ObjectPtr claim = claim_informer_.Get(set.metadata.namespace_, name);
    if (claim == nullptr || claim->metadata.being_deleted()) return;
    claim_keys.push_back(claim->Key());
  }
  std::string pod_key = pod->Key();
  for (const auto& claim_key : claim_keys) {
    auto& readers = settled_by_claim_[claim_key];
    if (std::find(readers.begin(), readers.end(), pod_key) == readers.end()) readers.push_back(pod_key);
  }
  replica.settled = true;
  replica.settled_set_uid = set.metadata.uid;
  replica.settled_generation = set.metadata.generation;
}

void StatefulSetController::ForgetClaim(const api::ObjectPtr& claim) {
  auto it = settled_by_claim_.find(claim->Key());
  if (it == settled_by_claim_.end()) return;
  for (const auto& pod_key : it->second) {
    if (ReplicaFacts* replica = replicas_.Find(pod_key)) replica->settled = false;
  }
  settled_by_claim_.erase(it);
}

}  // namespace snapsim::csi::kube
