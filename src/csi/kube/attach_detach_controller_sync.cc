// AttachDetachController: the reconciler (reconciler.go reconcile(), the
// desired-state populator, operation_generator.go's attach/detach and the CSI
// attacher's VolumeAttachment handling) and the node status updater.
#include <fmt/format.h>

#include <algorithm>

#include "src/csi/kube/attach_detach_controller.h"
#include "src/csi/kube/pod_util.h"

namespace snapsim::csi::kube {
namespace {

constexpr engine::Nanos kFirstPoll = 500 * engine::kMillisecond;  // the lister poll's first backoff
constexpr engine::Nanos kInitialRetry = 500 * engine::kMillisecond;
constexpr engine::Nanos kMaxRetry = 2 * engine::kMinute + 2 * engine::kSecond;

bool MultiAttachAllowed(const api::PersistentVolume& pv) {
  for (const auto& m : pv.spec.access_modes) {
    if (m == "ReadWriteMany" || m == "ReadOnlyMany") return true;
  }
  return false;
}

std::string AttachSucceededMessage(const std::string& pv) {
  // generateVolumeMsg("%v for volume %q %v") with an empty suffix: the trailing space is upstream's.
  return fmt::format("AttachVolume.Attach succeeded for volume \"{}\" ", pv);
}

std::string AttachFailedMessage(const std::string& pv, const std::string& err) {
  return fmt::format("AttachVolume.Attach failed for volume \"{}\" : {}", pv, err);
}

void Earliest(std::optional<engine::Nanos>& wake, engine::Nanos t) {
  if (!wake || t < *wake) wake = t;
}

}  // namespace

bool AttachDetachController::Attachable(const std::string& driver) const {
  auto d = api::As<api::CSIDriver>(driver_informer_.Get("", driver));
  return d == nullptr || d->spec.attach_required.value_or(true);
}

std::map<AttachDetachController::Key, AttachDetachController::Desired> AttachDetachController::ComputeDesired()
    const {
  std::map<Key, Desired> desired;
  for (const auto& obj : pod_informer_.List()) {
    auto pod = api::As<api::Pod>(obj);
    const std::string& node = pod->spec.node_name;
    if (node.empty() || IsPodTerminated(*pod)) continue;
    if (node_informer_.Get("", node) == nullptr) continue;  // not a node this controller manages
    for (const std::string& claim_name : PodClaimNames(*pod)) {
      auto claim = api::As<api::PersistentVolumeClaim>(claim_informer_.Get(pod->metadata.namespace_, claim_name));
      if (claim == nullptr || claim->status.phase != "Bound" || claim->spec.volume_name.empty()) continue;
      auto pv = api::As<api::PersistentVolume>(volume_informer_.Get("", claim->spec.volume_name));
      if (pv == nullptr || !pv->spec.csi) continue;
      if (pv->spec.claim_ref && !pv->spec.claim_ref->uid.empty() && pv->spec.claim_ref->uid != claim->metadata.uid) {
        continue;
      }
      if (!Attachable(pv->spec.csi->driver)) continue;
      Key key{UniqueVolumeName(pv->spec.csi->driver, pv->spec.csi->volume_handle), node};
      Desired& d = desired[key];
      d.vol = {pv->metadata.name, pv->spec.csi->driver, pv->spec.csi->volume_handle};
      d.multi_attach_allowed = MultiAttachAllowed(*pv);
      if (std::find(d.pods.begin(), d.pods.end(), pod) == d.pods.end()) d.pods.push_back(pod);
    }
  }
  return desired;
}

std::optional<AttachDetachController::VolumeInfo> AttachDetachController::VolumeForUniqueName(
    const std::string& unique) const {
  std::string prefix = std::string(kCsiVolumePluginName) + "/";
  if (unique.rfind(prefix, 0) != 0) return std::nullopt;
  std::size_t caret = unique.find('^', prefix.size());
  if (caret == std::string::npos) return std::nullopt;
  VolumeInfo v{"", unique.substr(prefix.size(), caret - prefix.size()), unique.substr(caret + 1)};
  for (const auto& obj : volume_informer_.List()) {
    auto pv = api::As<api::PersistentVolume>(obj);
    if (pv->spec.csi && pv->spec.csi->driver == v.driver && pv->spec.csi->volume_handle == v.handle) {
      v.pv_name = pv->metadata.name;
      break;
    }
  }
  return v;
}

// populateActualStateOfWorld + processVolumeAttachments.
void AttachDetachController::Populate() {
  populated_ = true;
  for (const auto& obj : node_informer_.List()) {
    auto node = api::As<api::Node>(obj);
    const auto& in_use = node->status.volumes_in_use;
    for (const auto& av : node->status.volumes_attached) {
      auto vol = VolumeForUniqueName(av.name);
      if (!vol) continue;
      Attached& a = actual_[{av.name, node->metadata.name}];
      a.vol = *vol;
      a.confirmed = true;
      a.reported = true;
      a.mounted_by_node = std::find(in_use.begin(), in_use.end(), av.name) != in_use.end();
    }
  }
  for (const auto& obj : va_informer_.List()) {
    auto va = api::As<api::VolumeAttachment>(obj);
    if (!va->spec.source.persistent_volume_name) continue;
    auto pv = api::As<api::PersistentVolume>(volume_informer_.Get("", *va->spec.source.persistent_volume_name));
    if (pv == nullptr || !pv->spec.csi || !Attachable(pv->spec.csi->driver)) continue;
    Key key{UniqueVolumeName(pv->spec.csi->driver, pv->spec.csi->volume_handle), va->spec.node_name};
    if (actual_.count(key)) continue;
    Attached& a = actual_[key];  // uncertain: attached or not, the reconciler decides
    a.vol = {pv->metadata.name, pv->spec.csi->driver, pv->spec.csi->volume_handle};
    if (auto node = api::As<api::Node>(node_informer_.Get("", va->spec.node_name))) {
      const auto& in_use = node->status.volumes_in_use;
      a.mounted_by_node = std::find(in_use.begin(), in_use.end(), key.first) != in_use.end();
    }
  }
}

bool AttachDetachController::NodeHealthy(const api::Node* node) const {
  if (node == nullptr) return false;
  for (const auto& c : node->status.conditions) {
    if (c.type == "Ready") return c.status == "True";
  }
  return false;
}

bool AttachDetachController::OperationPending(const std::string& volume, const std::string& lock_node) const {
  for (const auto& op : operations_) {
    if (op.key.first != volume) continue;
    // nestedpendingoperations: an empty node name matches every node.
    if (op.lock_node.empty() || lock_node.empty() || op.lock_node == lock_node) return true;
  }
  return false;
}

bool AttachDetachController::InBackoff(const std::string& volume, const std::string& lock_node, engine::Nanos now,
                                       std::optional<engine::Nanos>& wake) const {
  auto it = backoff_.find({volume, lock_node});
  if (it == backoff_.end() || it->second.until <= now) return false;
  Earliest(wake, it->second.until);
  return true;
}

void AttachDetachController::StepBackoff(const std::string& volume, const std::string& lock_node, engine::Nanos now) {
  Backoff& b = backoff_[{volume, lock_node}];
  engine::Nanos delay = kInitialRetry;
  for (int i = 0; i < b.failures && delay < kMaxRetry; ++i) delay *= 2;
  delay = std::min(delay, kMaxRetry);
  ++b.failures;
  b.until = now + delay;
}

Status AttachDetachController::Reconcile() {
  for (apiserver::Informer* inf : informers()) {
    if (!inf->HasSynced()) return Status::Ok();  // the informers' adds trigger us again
  }
  if (!populated_) Populate();
  const engine::Nanos now = server_.loop().Now();
  CheckOperations(now);
  std::map<Key, Desired> desired = ComputeDesired();
  for (auto it = multi_attach_reported_.begin(); it != multi_attach_reported_.end();) {
    it = desired.count(*it) ? std::next(it) : multi_attach_reported_.erase(it);
  }
  std::optional<engine::Nanos> wake;
  bool status_failed = false;

  // syncStates / VolumesAreAttached (every reconcilerSyncDuration): a volume believed
  // attached whose VolumeAttachment is gone or says detached (say, a detach that failed
  // and was then completed by the attacher) is marked detached, so that it is attached
  // again if still wanted. Until the next sync is due, only a wake is armed.
  const bool sync_due = now >= next_state_sync_;
  for (auto next = actual_.begin(); next != actual_.end();) {
    auto it = next++;
    const auto& [key, a] = *it;
    if (!a.confirmed || OperationPending(key.first, key.second)) continue;
    auto va = api::As<api::VolumeAttachment>(va_informer_.Get("", AttachmentName(a.vol.handle, a.vol.driver, key.second)));
    if (va != nullptr && va->status.attached) continue;
    if (!sync_due) {
      Earliest(wake, next_state_sync_);
      continue;
    }
    if (a.reported) nodes_to_update_.insert(key.second);
    actual_.erase(it);
  }
  if (sync_due) next_state_sync_ = now + options_.resync_period;

  // Detach what is attached but no longer desired. StartDetach may erase the entry
  // (DetachSucceeded when the VolumeAttachment is already gone): step past it first.
  for (auto next = actual_.begin(); next != actual_.end();) {
    auto& [key, a] = *next++;
    if (desired.count(key)) continue;
    if (OperationPending(key.first, key.second)) continue;
    if (InBackoff(key.first, key.second, now, wake)) continue;
    if (!a.detach_requested) a.detach_requested = now;
    const engine::Nanos elapsed = now - *a.detach_requested;
    const bool timeout = elapsed > options_.max_wait_for_unmount;
    auto node = api::As<api::Node>(node_informer_.Get("", key.second));
    const bool healthy = NodeHealthy(node.get());
    bool out_of_service = false;
    if (minor() >= 26 && node != nullptr) {
      for (const auto& t : node->spec.taints) {
        out_of_service = out_of_service || (t.key == kOutOfServiceTaint && t.effect == "NoExecute");
      }
    }
    // From 1.26 only volumes of unhealthy nodes are force-detached after the wait.
    const bool force = minor() >= 26 ? (timeout && !healthy) : timeout;
    if (a.mounted_by_node && !force && !out_of_service) {
      if (minor() < 26 || !healthy) Earliest(wake, *a.detach_requested + options_.max_wait_for_unmount + 1);
      continue;
    }
    // The volume is no longer safe to mount: it leaves volumesAttached before the detach.
    if (a.reported) {
      a.reported = false;
      nodes_to_update_.insert(key.second);
      if (!UpdateNodeStatus(key.second)) {
        a.reported = true;
        status_failed = true;
        continue;
      }
    }
    StartDetach(key, a, /*verify_safe=*/!(timeout || out_of_service));
  }

  // Attach what is desired but not attached.
  for (const auto& [key, d] : desired) {
    auto it = actual_.find(key);
    if (it != actual_.end() && it->second.confirmed) {
      it->second.detach_requested.reset();
      continue;
    }
    const std::string lock_node = d.multi_attach_allowed ? key.second : "";
    if (OperationPending(key.first, lock_node)) continue;
    if (InBackoff(key.first, lock_node, now, wake)) continue;
    if (!d.multi_attach_allowed) {
      std::vector<std::string> nodes;
      for (const auto& [k, a] : actual_) {
        if (k.first == key.first && a.confirmed) nodes.push_back(k.second);
      }
      if (!nodes.empty()) {
        if (!multi_attach_reported_.count(key)) {
          ReportMultiAttach(key, d, nodes, desired);
          multi_attach_reported_.insert(key);
        }
        continue;
      }
    }
    StartAttach(key, d);
  }

  // UpdateNodeStatuses.
  for (const std::string& node : std::set<std::string>(nodes_to_update_)) {
    if (!UpdateNodeStatus(node)) status_failed = true;
  }

  for (const auto& op : operations_) Earliest(wake, now < op.first_poll ? op.first_poll : op.deadline);
  ArmWake(wake);
  return status_failed ? Status::Internal("failed to update node status") : Status::Ok();
}

void AttachDetachController::StartAttach(const Key& key, const Desired& d) {
  Operation op{OpKind::kAttach, key, d.multi_attach_allowed ? key.second : "", d.vol, d.pods, 0, 0};
  const engine::Nanos now = server_.loop().Now();
  std::string va_name = AttachmentName(d.vol.handle, d.vol.driver, key.second);
  if (va_informer_.Get("", va_name) == nullptr) {
    auto va = std::make_shared<api::VolumeAttachment>();
    va->metadata.name = va_name;
    va->spec.attacher = d.vol.driver;
    va->spec.node_name = key.second;
    va->spec.source.persistent_volume_name = d.vol.pv_name;
    auto r = server_.Create(va, Ctx());
    if (!r.ok() && !r.error().Is(apiserver::ApiError::Reason::kAlreadyExists)) {
      AttachFailed(op, "kubernetes.io/csi: attacher.Attach failed: " + r.error().message());
      return;
    }
  }
  op.first_poll = now + kFirstPoll;
  op.deadline = now + options_.attach_timeout;
  operations_.push_back(std::move(op));
}

void AttachDetachController::StartDetach(const Key& key, const Attached& a, bool verify_safe) {
  Operation op{OpKind::kDetach, key, key.second, a.vol, {}, 0, 0};
  const engine::Nanos now = server_.loop().Now();
  if (verify_safe) {
    // verifyVolumeIsSafeToDetach: the node as the API server has it now.
    auto r = server_.Get(api::Node::Info(), "", key.second, Ctx());
    if (!r.ok() && !r.error().Is(apiserver::ApiError::Reason::kNotFound)) {
      DetachFailed(op);
      return;
    }
    if (r.ok()) {
      const auto& in_use = api::As<api::Node>(*r)->status.volumes_in_use;
      if (std::find(in_use.begin(), in_use.end(), key.first) != in_use.end()) {
        DetachFailed(op);  // "volume is still in use by node, according to Node status"
        return;
      }
    }
  }
  std::string va_name = AttachmentName(a.vol.handle, a.vol.driver, key.second);
  auto r = server_.Delete(api::VolumeAttachment::Info(), "", va_name, {}, Ctx());
  if (!r.ok()) {
    if (r.error().Is(apiserver::ApiError::Reason::kNotFound)) {
      DetachSucceeded(op);  // deleted or never existed: done
    } else {
      DetachFailed(op);
    }
    return;
  }
  op.first_poll = now + kFirstPoll;
  op.deadline = now + options_.attach_timeout;
  operations_.push_back(std::move(op));
}

// The CSI attacher's waits on the VolumeAttachment (verifyAttachmentStatus /
// verifyDetachmentStatus), evaluated from the informer cache.
void AttachDetachController::CheckOperations(engine::Nanos now) {
  std::vector<Operation> ops;
  ops.swap(operations_);
  for (auto& op : ops) {
    if (now < op.first_poll) {
      operations_.push_back(std::move(op));
      continue;
    }
    std::string va_name = AttachmentName(op.vol.handle, op.vol.driver, op.key.second);
    auto va = api::As<api::VolumeAttachment>(va_informer_.Get("", va_name));
    const bool expired = now >= op.deadline;
    if (op.kind == OpKind::kAttach) {
      if (va != nullptr && va->metadata.being_deleted()) {
        AttachFailed(op, "volume attachment is being deleted");
      } else if (va != nullptr && va->status.attached) {
        AttachSucceeded(op);
      } else if (va != nullptr && va->status.attach_error) {
        AttachFailed(op, va->status.attach_error->message);
      } else if (expired) {
        AttachFailed(op, fmt::format("timed out waiting for external-attacher of {} CSI driver to attach volume {}",
                                     op.vol.driver, op.vol.handle));
      } else {
        operations_.push_back(std::move(op));
      }
    } else {
      if (va == nullptr) {
        DetachSucceeded(op);
      } else if (va->status.detach_error || expired) {
        DetachFailed(op);
      } else {
        operations_.push_back(std::move(op));
      }
    }
  }
}

void AttachDetachController::AttachSucceeded(const Operation& op) {
  for (const PodPtr& pod : op.pods) {
    recorder_.Normal(*pod, kEventSuccessfulAttachVolume, AttachSucceededMessage(op.vol.pv_name));
  }
  auto [it, inserted] = actual_.try_emplace(op.key);
  Attached& a = it->second;
  if (inserted) a.mounted_by_node = true;
  a.vol = op.vol;
  a.confirmed = true;
  a.detach_requested.reset();
  if (!a.reported) {
    a.reported = true;
    nodes_to_update_.insert(op.key.second);
  }
  backoff_.erase({op.key.first, op.lock_node});
  Trigger();
}

void AttachDetachController::AttachFailed(const Operation& op, const std::string& error) {
  // MarkVolumeAsUncertain: the volume may be attached; detach it if nobody wants it.
  auto [it, inserted] = actual_.try_emplace(op.key);
  if (inserted) {
    it->second.vol = op.vol;
    // Nothing reports this volume to the node, so no node update follows: take the
    // kubelet's current volumesInUse as its next status report would.
    if (auto node = api::As<api::Node>(node_informer_.Get("", op.key.second))) {
      const auto& in_use = node->status.volumes_in_use;
      it->second.mounted_by_node = std::find(in_use.begin(), in_use.end(), op.key.first) != in_use.end();
    }
  }
  it->second.confirmed = false;
  for (const PodPtr& pod : op.pods) {
    recorder_.Warning(*pod, kEventFailedAttachVolume, AttachFailedMessage(op.vol.pv_name, error));
  }
  StepBackoff(op.key.first, op.lock_node, server_.loop().Now());
  Trigger();
}

void AttachDetachController::DetachSucceeded(const Operation& op) {
  actual_.erase(op.key);
  backoff_.erase({op.key.first, op.lock_node});
  Trigger();
}

void AttachDetachController::DetachFailed(const Operation& op) {
  // AddVolumeToReportAsAttached: still attached as far as anyone knows.
  auto it = actual_.find(op.key);
  if (it != actual_.end() && !it->second.reported) {
    it->second.reported = true;
    nodes_to_update_.insert(op.key.second);
  }
  StepBackoff(op.key.first, op.lock_node, server_.loop().Now());
  Trigger();
}

void AttachDetachController::ReportMultiAttach(const Key& key, const Desired& d,
                                               const std::vector<std::string>& other_nodes,
                                               const std::map<Key, Desired>& desired) {
  std::vector<PodPtr> users;  // pods that want the volume on the other nodes
  for (const std::string& n : other_nodes) {
    if (n == key.second) continue;
    auto it = desired.find({key.first, n});
    if (it != desired.end()) users.insert(users.end(), it->second.pods.begin(), it->second.pods.end());
  }
  for (const PodPtr& pod : d.pods) {
    std::string msg;
    if (users.empty()) {
      msg = "Volume is already exclusively attached to one node and can't be attached to another";
    } else {
      std::vector<std::string> local;
      int other = 0;
      for (const PodPtr& u : users) {
        if (u->metadata.namespace_ == pod->metadata.namespace_) {
          local.push_back(u->metadata.name);
        } else {
          ++other;
        }
      }
      std::sort(local.begin(), local.end());
      if (!local.empty()) {
        msg = "Volume is already used by pod(s) ";
        for (std::size_t i = 0; i < local.size(); ++i) msg += (i ? ", " : "") + local[i];
        if (other > 0) msg += fmt::format(" and {} pod(s) in different namespaces", other);
      } else {
        msg = fmt::format("Volume is already used by {} pod(s) in different namespaces", other);
      }
    }
    recorder_.Warning(*pod, kEventFailedAttachVolume,
                      fmt::format("Multi-Attach error for volume \"{}\" {}", d.vol.pv_name, msg));
  }
}

bool AttachDetachController::UpdateNodeStatus(const std::string& node) {
  api::Value::Array list;
  for (const auto& [key, a] : actual_) {
    if (key.second != node || !a.reported) continue;
    api::Value v;
    v["name"] = api::Value(key.first);
    v["devicePath"] = api::Value("");
    list.push_back(std::move(v));
  }
  api::Value patch;
  patch["status"]["volumesAttached"] = list.empty() ? api::Value(nullptr) : api::Value(std::move(list));
  auto r = server_.Patch(api::Node::Info(), "", node, apiserver::ApiServer::PatchType::kMerge, patch,
                         /*status=*/true, Ctx());
  if (!r.ok() && !r.error().Is(apiserver::ApiError::Reason::kNotFound)) return false;
  nodes_to_update_.erase(node);
  return true;
}

}  // namespace snapsim::csi::kube
