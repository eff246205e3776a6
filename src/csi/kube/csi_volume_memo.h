// The CSI volumes a pod uses, as the scheduler's NodeVolumeLimits filter counts them,
// and a memo of them per pod.
//
// Each scheduling cycle counts the volumes of every pod on every node it filters (as
// upstream's filter does), which made a cycle O(pods) claim and volume lookups. The memo
// keeps a pod's answer while its pod object and every claim, volume and class the
// answer read stay the same: an informer event for one of those forgets the pods that
// read it. Answers are exactly CsiVolumesOf's.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "src/api/kinds_pod.h"
#include "src/api/object.h"
#include "src/csi/kube/scheduler_volume_binding.h"

namespace snapsim::csi::kube {

// driver -> unique volume names. A bound claim counts its PV's CSI volume handle; an
// unbound one counts under its class's provisioner as "<namespace>/<claim>".
using CsiVolumeSet = std::map<std::string, std::set<std::string>>;
CsiVolumeSet CsiVolumesOf(const api::Pod& pod, const VolumeListers& listers);

class CsiVolumeMemo {
 public:
  const CsiVolumeSet& Get(const std::shared_ptr<const api::Pod>& pod, const VolumeListers& listers);

  // Informer events of what answers read (any of add, update, delete).
  void ForgetClaim(const api::Object& claim);
  void ForgetVolume(const api::Object& volume);
  void ForgetClass(const api::Object& storage_class);
  void ForgetPod(const api::Object& pod);  // deleted
  void Clear();

  // Called with the key of each pod whose answer an event above forgot (for caches of
  // answers built from this memo's).
  void OnForget(std::function<void(const std::string& pod_key)> fn) { on_forget_ = std::move(fn); }

 private:
  struct Entry {
    std::shared_ptr<const api::Pod> pod;  // held: its address cannot be reused meanwhile
    CsiVolumeSet volumes;
  };
  void Forget(const std::string& dependency);

  // Lookups only (never iterated), so the hash order is not observable.
  std::unordered_map<std::string, Entry> by_pod_;  // by pod key
  // "claim:ns/name", "volume:name", "class:name" -> keys of pods whose answer read it.
  std::unordered_map<std::string, std::unordered_set<std::string>> readers_;
  std::string key_buffer_;
  std::function<void(const std::string&)> on_forget_;
};

}  // namespace snapsim::csi::kube
