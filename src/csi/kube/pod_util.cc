#include "src/csi/kube/pod_util.h"

#include "sim/engine/time.h"
#include "src/api/reflect.h"
#include "src/csi/kube/kube_names.h"

namespace snapsim::csi::kube {
namespace {

bool NotRunning(const std::vector<api::ContainerStatus>& statuses) {
  for (const auto& s : statuses) {
    if (!s.state.terminated && !s.state.waiting) return false;
  }
  return true;
}

}  // namespace

bool IsPodReady(const api::Pod& pod) {
  const api::PodCondition* c = pod.status.FindCondition("Ready");
  return c != nullptr && c->status == "True";
}

bool IsPodRunningAndReady(const api::Pod& pod) {
  return pod.status.phase == "Running" && IsPodReady(pod);
}

bool IsPodAvailable(const api::Pod& pod, std::int32_t min_ready_seconds,
                    std::int64_t now_unix_seconds) {
  if (!IsPodReady(pod)) return false;
  if (min_ready_seconds == 0) return true;
  std::optional<std::int64_t> since = ReadySinceUnixSeconds(pod);
  return since && *since + min_ready_seconds <= now_unix_seconds;
}

std::optional<std::int64_t> ReadySinceUnixSeconds(const api::Pod& pod) {
  const api::PodCondition* c = pod.status.FindCondition("Ready");
  if (c == nullptr || !c->last_transition_time) return std::nullopt;
  auto t = engine::ParseRfc3339(*c->last_transition_time);
  if (!t.ok()) return std::nullopt;
  return *t / engine::kSecond;
}

bool IsPodTerminated(const api::Pod& pod) {
  const auto& st = pod.status;
  if (st.phase == "Failed" || st.phase == "Succeeded") return true;
  return pod.metadata.deletion_timestamp.has_value() && NotRunning(st.init_container_statuses) &&
         NotRunning(st.container_statuses) && NotRunning(st.ephemeral_container_statuses);
}

bool PodSpecOrMetaChanged(const api::Pod& a, const api::Pod& b) {
  return !api::EncodesEqual(a.spec, b.spec) ||
         !api::EncodesEqualExcept(a.metadata, b.metadata, {"resourceVersion", "generation", "managedFields"});
}

std::vector<std::string> PodClaimNames(const api::Pod& pod) {
  std::vector<std::string> out;
  for (const auto& v : pod.spec.volumes) {
    if (v.persistent_volume_claim) out.push_back(v.persistent_volume_claim->claim_name);
  }
  return out;
}

const api::OwnerReference* ControllerRef(const api::ObjectMeta& meta) {
  for (const auto& ref : meta.owner_references) {
    if (ref.controller.value_or(false)) return &ref;
  }
  return nullptr;
}

std::string ClaimClass(const api::PersistentVolumeClaim& claim) {
  if (const std::string* a = claim.metadata.Annotation(kAnnBetaStorageClass)) return *a;
  return claim.spec.storage_class_name.value_or("");
}

std::string VolumeClass(const api::PersistentVolume& volume) {
  if (const std::string* a = volume.metadata.Annotation(kAnnBetaStorageClass)) return *a;
  return volume.spec.storage_class_name;
}

std::int64_t ClaimRequestBytes(const api::PersistentVolumeClaim& claim) {
  auto it = claim.spec.resources.requests.find("storage");
  return it == claim.spec.resources.requests.end() ? 0 : it->second.Value();
}

std::int64_t VolumeCapacityBytes(const api::PersistentVolume& volume) {
  auto it = volume.spec.capacity.find("storage");
  return it == volume.spec.capacity.end() ? 0 : it->second.Value();
}

}  // namespace snapsim::csi::kube
