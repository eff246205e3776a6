// AttachDetachController: the desired state kept incrementally (upstream's pod
// handlers and desired-state populator) and the actual state's bookkeeping, so that a
// reconcile costs what changed rather than every pod and every attached volume.
//
// desired_ always equals what one pass over the informers would compute: each pod's
// wants depend only on the pod, the existence of its node, its claims, their volumes
// and the CSIDrivers, and every change of those refreshes the pods it concerns.
#include <algorithm>

#include "src/csi/kube/attach_detach_controller.h"
#include "src/csi/kube/pod_util.h"

namespace snapsim::csi::kube {
namespace {

bool AllowsMultiAttach(const api::PersistentVolume& pv) {
  for (const auto& m : pv.spec.access_modes) {
    if (m == "ReadWriteMany" || m == "ReadOnlyMany") return true;
  }
  return false;
}

}  // namespace

std::vector<AttachDetachController::PodPtr> AttachDetachController::Desired::Pods() const {
  std::vector<PodPtr> pods;
  pods.reserve(uses.size());
  for (const auto& [key, use] : uses) pods.push_back(use.pod);
  return pods;
}

std::optional<AttachDetachController::DesiredUse> AttachDetachController::WantOf(const api::Pod& pod,
                                                                                const std::string& claim_name,
                                                                                Key& key) const {
  auto claim = api::As<api::PersistentVolumeClaim>(claim_informer_.Get(pod.metadata.namespace_, claim_name));
  if (claim == nullptr || claim->status.phase != "Bound" || claim->spec.volume_name.empty()) return std::nullopt;
  auto pv = api::As<api::PersistentVolume>(volume_informer_.Get("", claim->spec.volume_name));
  if (pv == nullptr || !pv->spec.csi) return std::nullopt;
  if (pv->spec.claim_ref && !pv->spec.claim_ref->uid.empty() && pv->spec.claim_ref->uid != claim->metadata.uid) {
    return std::nullopt;
  }
  if (!Attachable(pv->spec.csi->driver)) return std::nullopt;
  key = {UniqueVolumeName(pv->spec.csi->driver, pv->spec.csi->volume_handle), pod.spec.node_name};
  return DesiredUse{nullptr, {pv->metadata.name, pv->spec.csi->driver, pv->spec.csi->volume_handle},
                    AllowsMultiAttach(*pv)};
}

void AttachDetachController::RefreshPod(const std::string& pod_key) {
  if (auto old = wants_of_pod_.find(pod_key); old != wants_of_pod_.end()) {
    for (const Key& key : old->second) {
      auto d = desired_.find(key);
      d->second.uses.erase(pod_key);
      if (d->second.uses.empty()) {
        desired_.erase(d);
        left_desired_.insert(key);
      }
      touched_.insert(key);
    }
    wants_of_pod_.erase(old);
  }
  const std::size_t slash = pod_key.find('/');
  auto obj = pod_informer_.Get(std::string_view(pod_key).substr(0, slash), std::string_view(pod_key).substr(slash + 1));
  auto pod = api::As<api::Pod>(obj);
  if (pod == nullptr) return;
  const std::string& node = pod->spec.node_name;
  if (node.empty() || IsPodTerminated(*pod)) return;
  if (node_informer_.Get("", node) == nullptr) return;  // not a node this controller manages
  std::vector<Key> keys;
  for (const std::string& claim_name : PodClaimNames(*pod)) {
    Key key;
    std::optional<DesiredUse> use = WantOf(*pod, claim_name, key);
    if (!use) continue;
    use->pod = pod;
    desired_[key].uses[pod_key] = std::move(*use);  // a later claim of the same volume wins
    touched_.insert(key);
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(std::move(key));
  }
  if (!keys.empty()) wants_of_pod_.emplace(pod_key, std::move(keys));
}

void AttachDetachController::RefreshPodsOfClaim(std::string_view ns, std::string_view claim) {
  std::string value;
  value.append(ns).append("/").append(claim);
  for (const auto& pod : pod_informer_.ByIndex(kPodsByClaim, value)) RefreshPod(pod->Key());
}

void AttachDetachController::RefreshAllPods() {
  for (const auto& pod : pod_informer_.List()) RefreshPod(pod->Key());
}

AttachDetachController::Attached& AttachDetachController::AddActual(const Key& key, const VolumeInfo& vol,
                                                                    bool* inserted) {
  auto [it, fresh] = actual_.try_emplace(key);
  if (fresh) {
    it->second.vol = vol;
    it->second.va_name = AttachmentName(vol.handle, vol.driver, key.second);
    actual_by_node_.insert({key.second, key.first});
    actual_by_va_[it->second.va_name] = key;
  }
  touched_.insert(key);
  if (inserted != nullptr) *inserted = fresh;
  return it->second;
}

void AttachDetachController::EraseActual(const Key& key) {
  auto it = actual_.find(key);
  if (it == actual_.end()) return;
  actual_by_node_.erase({key.second, key.first});
  actual_by_va_.erase(it->second.va_name);
  actual_.erase(it);
  touched_.insert(key);
}

void AttachDetachController::TouchVolume(const std::string& volume) {
  for (auto it = desired_.lower_bound({volume, ""}); it != desired_.end() && it->first.first == volume; ++it) {
    touched_.insert(it->first);
  }
  for (auto it = actual_.lower_bound({volume, ""}); it != actual_.end() && it->first.first == volume; ++it) {
    touched_.insert(it->first);
  }
}

void AttachDetachController::RefreshTouched() {
  // A key whose volume has an operation in its way waits outside the sets: the
  // operation's end touches every key of its volume.
  for (const Key& key : touched_) {
    auto d = desired_.find(key);
    const bool wanted = d != desired_.end();
    auto a = actual_.find(key);
    if (a != actual_.end() && !wanted && !OperationPending(key.first, key.second)) {
      to_detach_.insert(key);
    } else {
      to_detach_.erase(key);
    }
    const bool attached = a != actual_.end() && a->second.confirmed;
    const bool blocked =
        !attached && OperationPending(key.first, wanted && d->second.multi_attach_allowed() ? key.second : "");
    if (wanted && !blocked && (!attached || a->second.detach_requested)) {
      to_attach_.insert(key);
    } else {
      to_attach_.erase(key);
    }
  }
  touched_.clear();
}

}  // namespace snapsim::csi::kube
