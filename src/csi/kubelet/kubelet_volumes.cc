// Kubelet: the volume manager — desired state from the pod's volumes, the attach
// check against node.status.volumesAttached and the VolumeAttachment, NodeStage /
// NodePublish / NodeUnpublish / NodeUnstage through the node plugin, and
// node.status.volumesInUse.
#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "src/csi/kubelet/kubelet.h"
#include "src/csi/kubelet/kubelet_messages.h"

namespace snapsim::csi {
namespace {

constexpr std::string_view kDriver = disk::kDriverName;
constexpr engine::Nanos kAttachAndMountTimeout = 2 * engine::kMinute + 3 * engine::kSecond;
constexpr engine::Nanos kPodWorkerBackoff = 10 * engine::kSecond;
constexpr engine::Nanos kInitialOpBackoff = 500 * engine::kMillisecond;
constexpr engine::Nanos kMaxOpBackoff = 2 * engine::kMinute + 2 * engine::kSecond;

bool IsTrivialVolume(const api::Volume& v) {
  return v.empty_dir || v.config_map || v.secret || !v.projected.is_null() ||
         !v.downward_api.is_null() || v.host_path;
}

disk::VolumeCapability CapabilityFor(const api::PersistentVolume& pv) {
  using M = disk::VolumeCapability::AccessMode;
  disk::VolumeCapability cap;
  cap.block = pv.spec.volume_mode.value_or("Filesystem") == "Block";
  cap.fs_type = pv.spec.csi ? pv.spec.csi->fs_type : "";
  cap.mount_flags = pv.spec.mount_options;
  const auto& modes = pv.spec.access_modes;
  auto has = [&](const char* m) { return std::find(modes.begin(), modes.end(), m) != modes.end(); };
  if (has("ReadWriteOncePod")) {
    cap.access_mode = M::kSingleNodeSingleWriter;
  } else if (has("ReadWriteMany")) {
    cap.access_mode = M::kMultiNodeMultiWriter;
  } else if (has("ReadOnlyMany") && !has("ReadWriteOnce")) {
    cap.access_mode = M::kMultiNodeReaderOnly;
  } else {
    cap.access_mode = M::kSingleNodeWriter;
  }
  return cap;
}

// The volume names the pod's containers mount (GetPodVolumeNames), sorted.
std::vector<std::string> ExpectedVolumes(const api::Pod& pod) {
  std::set<std::string> names;
  for (const auto& c : pod.spec.containers) {
    for (const auto& m : c.volume_mounts) names.insert(m.name);
    for (const auto& d : c.volume_devices) names.insert(d.name);
  }
  for (const auto& c : pod.spec.init_containers) {
    for (const auto& m : c.volume_mounts) names.insert(m.name);
  }
  return {names.begin(), names.end()};
}

}  // namespace

Result<std::optional<Kubelet::CsiVolume>> Kubelet::ResolveVolume(const api::Pod& pod,
                                                                  const api::Volume& v) {
  if (!v.persistent_volume_claim) {
    if (IsTrivialVolume(v)) return std::optional<CsiVolume>();
    return Status::Unsupported(fmt::format("unsupported: volume {} of this type is not modelled", v.name));
  }
  const std::string& claim_name = v.persistent_volume_claim->claim_name;
  auto wrap = [&](const std::string& err) {
    return Status::FailedPrecondition(
        fmt::format("error processing PVC {}/{}: {}", pod.metadata.namespace_, claim_name, err));
  };
  if (auto pod_done = processed_.find(pod.metadata.uid); pod_done != processed_.end()) {
    if (auto done = pod_done->second.find(v.name); done != pod_done->second.end()) {
      return std::optional<CsiVolume>(done->second);
    }
  }
  auto got_claim = server_.Get(api::PersistentVolumeClaim::Info(), pod.metadata.namespace_, claim_name, Ctx());
  if (!got_claim.ok()) return wrap("failed to fetch PVC from API server: " + got_claim.error().message());
  auto claim = api::As<api::PersistentVolumeClaim>(*got_claim);
  if (claim->metadata.being_deleted()) return wrap("can't start pod because PVC is being deleted");
  if (claim->status.phase != "Bound" || claim->spec.volume_name.empty()) {
    return wrap(fmt::format("PVC {}/{} has non-bound phase (\"{}\") or empty pvc.Spec.VolumeName (\"{}\")",
                            pod.metadata.namespace_, claim_name, claim->status.phase, claim->spec.volume_name));
  }
  auto got_pv = server_.Get(api::PersistentVolume::Info(), "", claim->spec.volume_name, Ctx());
  if (!got_pv.ok()) {
    return wrap(fmt::format("failed to fetch PV {} from API server: {}", claim->spec.volume_name,
                            got_pv.error().message()));
  }
  auto pv = api::As<api::PersistentVolume>(*got_pv);
  if (!pv->spec.claim_ref || pv->spec.claim_ref->uid != claim->metadata.uid) {
    return wrap(fmt::format("failed to fetch PV {} from API server: PV is bound to a different claim",
                            pv->metadata.name));
  }
  if (!pv->spec.csi) {
    return Status::Unsupported(fmt::format("unsupported: volume {} is not a CSI volume", pv->metadata.name));
  }
  if (pv->spec.csi->driver != kDriver) {
    return wrap(fmt::format("kubernetes.io/csi: driver name {} not found in the list of registered CSI drivers",
                            pv->spec.csi->driver));
  }
  CsiVolume out;
  out.name = v.name;
  out.pv = pv->metadata.name;
  out.handle = pv->spec.csi->volume_handle;
  out.unique = kubelet::UniqueVolumeName(kDriver, out.handle);
  out.readonly = v.persistent_volume_claim->read_only || pv->spec.csi->read_only;
  out.pv_obj = std::move(pv);
  processed_[pod.metadata.uid].emplace(v.name, out);
  StopWaitingForClaim(pod, v.name);
  return std::optional<CsiVolume>(std::move(out));
}

Kubelet::VolumeReport Kubelet::SetUpVolumes(const api::Pod& pod) {
  VolumeReport r;
  r.expected = ExpectedVolumes(pod);
  // Whether the controller attached a volume is read from the node live, as upstream's
  // VerifyControllerAttachedVolume GETs it: the attach/detach controller re-reads the node
  // live before detaching, so one of the two always sees the other's write. A cached read
  // here can mount a volume the controller has just decided to detach.
  std::optional<api::ObjectPtr> live_node;
  auto node = [&]() -> const api::Node* {
    if (!live_node) {
      auto got = server_.Get(api::Node::Info(), "", options_.node_name, Ctx());
      live_node = got.ok() ? *got : nullptr;
    }
    return *live_node == nullptr ? nullptr : static_cast<const api::Node*>(live_node->get());
  };
  for (const auto& name : r.expected) {
    const api::Volume* v = pod.spec.FindVolume(name);
    if (v == nullptr) continue;  // validation forbids it
    auto resolved = ResolveVolume(pod, *v);
    if (!resolved.ok()) {
      r.not_processed.push_back(name);
      r.unmounted.push_back(name);
      r.errors.push_back(resolved.status().message());
      continue;
    }
    if (!resolved->has_value()) continue;  // mounted at once
    const CsiVolume& vol = **resolved;
    bool attached = false;
    if (const api::Node* n = node()) {
      for (const auto& a : n->status.volumes_attached) attached = attached || a.name == vol.unique;
    }
    if (!attached) {
      r.unattached.push_back(name);
      r.unmounted.push_back(name);
      continue;
    }
    if (!ReportedInUse(vol.unique) || !MountVolume(pod, vol)) r.unmounted.push_back(name);
  }
  r.ready = r.unmounted.empty() && r.not_processed.empty();
  return r;
}

bool Kubelet::MountVolume(const api::Pod& pod, const CsiVolume& v) {
  const std::string& uid = pod.metadata.uid;
  std::string staging = kubelet::StagingPath(minor(), kDriver, v.handle, v.pv);
  std::string target = kubelet::PublishPath(uid, v.pv);
  if (plugin_.IsStaged(v.handle) && plugin_.Mounted(target).ok()) {
    PodDir& dir = pod_dirs_[uid];
    dir.namespace_ = pod.metadata.namespace_;
    dir.name = pod.metadata.name;
    dir.volumes[v.name] = {v.pv, v.handle, v.unique, staging, target};
    return true;
  }
  Backoff& retry = work_[uid].mount_retry[v.name];
  if (retry.duration > 0 && loop_.Now() < retry.last_update + retry.duration) return false;
  auto va = api::As<api::VolumeAttachment>(
      va_informer_.Get("", kubelet::VolumeAttachmentName(v.handle, kDriver, options_.node_name)));
  // WaitForAttach (the CSI attacher's verifyAttachmentStatus): an attachment being
  // deleted is on its way to a detach, whatever its status still says.
  if (va == nullptr || va->metadata.being_deleted() || !va->status.attached) return false;
  PodDir& dir = pod_dirs_[uid];
  dir.namespace_ = pod.metadata.namespace_;
  dir.name = pod.metadata.name;
  dir.volumes[v.name] = {v.pv, v.handle, v.unique, staging, target};
  const api::PersistentVolume& pv = *v.pv_obj;
  disk::VolumeCapability cap = CapabilityFor(pv);
  std::optional<disk::GrpcStatus> err;
  if (!plugin_.IsStaged(v.handle)) {
    disk::NodeStageVolumeRequest req;
    req.volume_id = v.handle;
    req.publish_context = va->status.attachment_metadata;
    req.staging_target_path = staging;
    req.volume_capability = cap;
    req.volume_context = pv.spec.csi->volume_attributes;
    plugin_.NodeStageVolume(req, [&](disk::CsiResult<disk::Empty> res) {
      if (!res.ok()) err = res.error();
    });
    if (err) {
      MountFailed(pod, v.name,
                  fmt::format("MountVolume.MountDevice failed for volume \"{}\" : {}", v.pv, err->ToString()));
      return false;
    }
  }
  disk::NodePublishVolumeRequest req;
  req.volume_id = v.handle;
  req.publish_context = va->status.attachment_metadata;
  req.staging_target_path = staging;
  req.target_path = target;
  req.volume_capability = cap;
  req.readonly = v.readonly;
  req.volume_context = pv.spec.csi->volume_attributes;
  plugin_.NodePublishVolume(req, [&](disk::CsiResult<disk::Empty> res) {
    if (!res.ok()) err = res.error();
  });
  if (err) {
    MountFailed(pod, v.name, fmt::format("MountVolume.SetUp failed for volume \"{}\" : {}", v.pv, err->ToString()));
    return false;
  }
  work_[uid].mount_retry.erase(v.name);
  return true;
}

void Kubelet::MountFailed(const api::Pod& pod, const std::string& volume, const std::string& message) {
  recorder_.Warning(pod, "FailedMount", message);
  Backoff& retry = work_[pod.metadata.uid].mount_retry[volume];
  retry.duration = retry.duration == 0 ? kInitialOpBackoff : std::min(2 * retry.duration, kMaxOpBackoff);
  retry.last_update = loop_.Now();
  ResyncAfter(pod.metadata.uid, pod.Key(), retry.duration);
}

void Kubelet::ArmMountTimeout(const api::Pod& pod) {
  PodWork& w = work_[pod.metadata.uid];
  if (w.mount_timer != engine::kNoEvent) return;
  if (w.wait_start < 0) w.wait_start = loop_.Now();
  std::string uid = pod.metadata.uid, key = pod.Key();
  w.mount_timer = loop_.At(
      w.wait_start + kAttachAndMountTimeout, [this, uid, key] { MountTimedOut(uid, key); },
      {.background = true, .label = "kubelet volume wait"});
}

void Kubelet::MountTimedOut(const std::string& uid, const std::string& key) {
  PodWork& w = work_[uid];
  w.mount_timer = engine::kNoEvent;
  std::size_t slash = key.find('/');
  auto pod = api::As<api::Pod>(pod_informer_.Get(key.substr(0, slash), key.substr(slash + 1)));
  if (pod == nullptr || pod->metadata.uid != uid || pod->metadata.being_deleted()) return;
  VolumeReport r = SetUpVolumes(*pod);
  if (r.ready) {
    queue_.Add(key);
    return;
  }
  if (auto msg = kubelet::MountTimeoutMessage(minor(), r.unmounted, r.expected, r.unattached, r.not_processed)) {
    recorder_.Warning(*pod, "FailedMount", *msg);
  }
  // The pod worker backs off, then syncs (and waits) again.
  w.wait_start = loop_.Now() + kPodWorkerBackoff;
  ArmMountTimeout(*pod);
}

Status Kubelet::TearDownVolumes(const std::string& uid) {
  auto it = pod_dirs_.find(uid);
  if (it == pod_dirs_.end()) return Status::Ok();
  PodDir& dir = it->second;
  while (!dir.volumes.empty()) {
    auto v = dir.volumes.begin();
    std::string vol_name = v->first;
    MountRecord rec = v->second;
    std::optional<disk::GrpcStatus> err;
    plugin_.NodeUnpublishVolume({rec.handle, rec.target}, [&](disk::CsiResult<disk::Empty> res) {
      if (!res.ok()) err = res.error();
    });
    if (err) {
      return Status::Internal(fmt::format("UnmountVolume.TearDown failed for volume \"{}\" : {}", rec.pv,
                                          err->ToString()));
    }
    dir.volumes.erase(v);
    bool shared = false;
    for (const auto& [other_uid, other] : pod_dirs_) {
      for (const auto& [n, r] : other.volumes) shared = shared || r.handle == rec.handle;
    }
    if (!shared && plugin_.IsStaged(rec.handle)) {
      plugin_.NodeUnstageVolume({rec.handle, rec.staging}, [&](disk::CsiResult<disk::Empty> res) {
        if (!res.ok()) err = res.error();
      });
      if (err) {
        dir.volumes[vol_name] = rec;  // not done: retried with the pod
        return Status::Internal(fmt::format("UnmountDevice failed for volume \"{}\" : {}", rec.pv,
                                            err->ToString()));
      }
    }
  }
  pod_dirs_.erase(it);
  return Status::Ok();
}

std::vector<std::string> Kubelet::DesiredVolumesInUse() {
  std::set<std::string> out;
  for (const auto& [key, claims] : node_pods_) {
    std::size_t slash = key.find('/');
    auto pod = api::As<api::Pod>(pod_informer_.Get(key.substr(0, slash), key.substr(slash + 1)));
    if (pod == nullptr) continue;
    if (pod->spec.node_name != options_.node_name || pod->metadata.being_deleted()) continue;
    if (pod->status.phase == "Succeeded" || pod->status.phase == "Failed") continue;
    for (const auto& v : pod->spec.volumes) {
      if (!v.persistent_volume_claim) continue;
      auto r = ResolveVolume(*pod, v);
      if (r.ok() && r->has_value()) out.insert((*r)->unique);
    }
  }
  for (const auto& [uid, dir] : pod_dirs_) {
    for (const auto& [n, rec] : dir.volumes) out.insert(rec.unique);
  }
  return {out.begin(), out.end()};
}

bool Kubelet::ReportedInUse(const std::string& unique) const {
  if (in_use_written_) {
    return std::find(in_use_written_->begin(), in_use_written_->end(), unique) != in_use_written_->end();
  }
  const api::Node* node = MyNode();
  if (node == nullptr) return false;
  const auto& list = node->status.volumes_in_use;
  return std::find(list.begin(), list.end(), unique) != list.end();
}

Status Kubelet::UpdateVolumesInUse() {
  std::vector<std::string> want = DesiredVolumesInUse();
  if (in_use_written_) {
    if (*in_use_written_ == want) return Status::Ok();
  } else if (const api::Node* node = MyNode(); node != nullptr && node->status.volumes_in_use == want) {
    in_use_written_ = want;
    return Status::Ok();
  }
  api::Value list = api::Value::EmptyArray();
  for (const auto& u : want) list.mutable_array().push_back(api::Value(u));
  api::Value patch = api::Value::EmptyObject();
  patch["status"]["volumesInUse"] = want.empty() ? api::Value() : list;
  auto r = server_.Patch(api::Node::Info(), "", options_.node_name, apiserver::ApiServer::PatchType::kMerge, patch,
                         true, Ctx());
  if (!r.ok()) return r.error().ToStatus();
  in_use_written_ = want;
  return Status::Ok();
}

}  // namespace snapsim::csi
