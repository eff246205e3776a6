#include "src/csi/kube/statefulset_replica_facts.h"

#include "src/csi/kube/kube_names.h"
#include "src/csi/kube/pod_util.h"
#include "src/csi/kube/statefulset_identity.h"

namespace snapsim::csi::kube {

ReplicaFacts ReplicaFacts::Of(std::shared_ptr<const api::Pod> pod) {
  ReplicaFacts f;
  const api::Pod& p = *pod;
  if (auto ref = ControllerRef(p.metadata)) f.controller_uid = ref->uid;
  f.ordinal = OrdinalOf(p);
  f.created = !p.status.phase.empty();
  f.terminating = p.metadata.being_deleted();
  f.ready = IsPodReady(p);
  f.running_and_ready = f.ready && p.status.phase == "Running";
  if (f.ready) f.ready_since = ReadySinceUnixSeconds(p);
  static const std::string kLabel(kStatefulSetRevisionLabel);
  if (auto it = p.metadata.labels.find(kLabel); it != p.metadata.labels.end()) f.revision = it->second;
  f.pod = std::move(pod);
  return f;
}

void ReplicaFactsTable::Put(const std::shared_ptr<const api::Pod>& pod) {
  std::string key = pod->Key();
  auto [it, inserted] = by_key_.try_emplace(key);
  if (!inserted && it->second.pod == pod) return;  // a resync or relist: facts and mark stand
  if (!inserted) Unfile(key, it->second);
  it->second = ReplicaFacts::Of(pod);
  if (!it->second.controller_uid.empty()) by_controller_[it->second.controller_uid][key] = &it->second;
}

void ReplicaFactsTable::Remove(const std::string& key) {
  auto it = by_key_.find(key);
  if (it == by_key_.end()) return;
  Unfile(key, it->second);
  by_key_.erase(it);
}

void ReplicaFactsTable::Unfile(const std::string& key, const ReplicaFacts& facts) {
  if (facts.controller_uid.empty()) return;
  auto owned = by_controller_.find(facts.controller_uid);
  owned->second.erase(key);
  if (owned->second.empty()) by_controller_.erase(owned);
}

void ReplicaFactsTable::Clear() {
  by_key_.clear();
  by_controller_.clear();
}

ReplicaFacts* ReplicaFactsTable::Find(const std::string& key) {
  auto it = by_key_.find(key);
  return it == by_key_.end() ? nullptr : &it->second;
}

const ReplicaFactsTable::ByKey* ReplicaFactsTable::ControlledBy(const std::string& uid) const {
  auto it = by_controller_.find(uid);
  return it == by_controller_.end() ? nullptr : &it->second;
}

}  // namespace snapsim::csi::kube
