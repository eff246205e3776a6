#include "src/csi/kube/csi_volume_memo.h"

#include "src/api/kinds_core.h"
#include "src/api/kinds_storage.h"
#include "src/csi/kube/pod_util.h"

namespace snapsim::csi::kube {
namespace {

// CsiVolumesOf, calling `read` with each dependency it looks up.
template <class Read>
CsiVolumeSet ComputeCsiVolumes(const api::Pod& pod, const VolumeListers& listers, Read&& read) {
  CsiVolumeSet out;
  for (const auto& name : PodClaimNames(pod)) {
    read("claim:" + pod.metadata.namespace_ + "/" + name);
    auto claim =
        api::As<api::PersistentVolumeClaim>(listers.claims->Get(pod.metadata.namespace_, name));
    if (claim == nullptr) continue;
    if (!claim->spec.volume_name.empty()) {
      read("volume:" + claim->spec.volume_name);
      auto pv = api::As<api::PersistentVolume>(listers.volumes->Get("", claim->spec.volume_name));
      if (pv != nullptr && pv->spec.csi) out[pv->spec.csi->driver].insert(pv->spec.csi->volume_handle);
      continue;
    }
    std::string class_name = ClaimClass(*claim);
    read("class:" + class_name);
    auto sc = api::As<api::StorageClass>(listers.classes->Get("", class_name));
    if (sc != nullptr) out[sc->provisioner].insert(pod.metadata.namespace_ + "/" + name);
  }
  return out;
}

}  // namespace

CsiVolumeSet CsiVolumesOf(const api::Pod& pod, const VolumeListers& listers) {
  return ComputeCsiVolumes(pod, listers, [](const std::string&) {});
}

const CsiVolumeSet& CsiVolumeMemo::Get(const std::shared_ptr<const api::Pod>& pod,
                                       const VolumeListers& listers) {
  key_buffer_.assign(pod->metadata.namespace_);
  key_buffer_ += '/';
  key_buffer_ += pod->metadata.name;
  auto it = by_pod_.find(key_buffer_);
  if (it != by_pod_.end() && it->second.pod == pod) return it->second.volumes;
  const std::string pod_key = key_buffer_;
  CsiVolumeSet volumes = ComputeCsiVolumes(*pod, listers, [&](const std::string& dependency) {
    readers_[dependency].insert(pod_key);
  });
  Entry& e = by_pod_[pod_key];
  e.pod = pod;
  e.volumes = std::move(volumes);
  return e.volumes;
}

void CsiVolumeMemo::Forget(const std::string& dependency) {
  auto it = readers_.find(dependency);
  if (it == readers_.end()) return;
  for (const auto& pod_key : it->second) {
    by_pod_.erase(pod_key);
    if (on_forget_) on_forget_(pod_key);
  }
  readers_.erase(it);
}

void CsiVolumeMemo::ForgetClaim(const api::Object& claim) {
  Forget("claim:" + claim.metadata.namespace_ + "/" + claim.metadata.name);
}
void CsiVolumeMemo::ForgetVolume(const api::Object& volume) { Forget("volume:" + volume.metadata.name); }
void CsiVolumeMemo::ForgetClass(const api::Object& storage_class) {
  Forget("class:" + storage_class.metadata.name);
}

void CsiVolumeMemo::ForgetPod(const api::Object& pod) {
  // Reader sets may keep its key until the dependency's next event: erasing a missing
  // entry then is harmless, and the sets are bounded by the pods and what they read.
  by_pod_.erase(pod.metadata.namespace_ + "/" + pod.metadata.name);
}

void CsiVolumeMemo::Clear() {
  by_pod_.clear();
  readers_.clear();
}

}  // namespace snapsim::csi::kube
