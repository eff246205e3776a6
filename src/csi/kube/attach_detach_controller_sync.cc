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
      Key key{av.name, node->metadata.name};
      Attached& a = AddActual(key, *vol);
      a.vol = *vol;
      a.confirmed = true;
      to_verify_.insert(key);
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
    // Uncertain: attached or not, the reconciler decides.
    Attached& a = AddActual(key, {pv->metadata.name, pv->spec.csi->driver, pv->spec.csi->volume_handle});
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
  auto it = operation_locks_.find(volume);
  if (it == operation_locks_.end()) return false;
  for (const std::string& op_lock : it->second) {
    // nestedpendingoperations: an empty node name matches every node.
    if (op_lock.empty() || lock_node.empty() || op_lock == lock_node) return true;
  }
  return false;
}

void AttachDetachController::PushOperation(Operation op) {
  operation_locks_[op.key.first].push_back(op.lock_node);
  auto [flag, inserted] = operation_vas_.insert_or_assign(op.va_name, false);
  op.va_changed = &flag->second;
  TouchVolume(op.key.first);
  operations_.push_back(std::move(op));
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
  for (const Key& key : left_desired_) {
    if (!desired_.count(key)) multi_attach_reported_.erase(key);
  }
  left_desired_.clear();
  std::optional<engine::Nanos> wake;
  bool status_failed = false;

  // syncStates / VolumesAreAttached (every reconcilerSyncDuration): a volume believed
  // attached whose VolumeAttachment is gone or says detached (say, a detach that failed
  // and was then completed by the attacher) is marked detached, so that it is attached
  // again if still wanted. Until the next sync is due, only a wake is armed. Only
  // volumes confirmed since, or whose VolumeAttachment changed since, they were last
  // seen attached can qualify: to_verify_ holds them.
  const bool sync_due = now >= next_state_sync_;
  for (auto next = to_verify_.begin(); next != to_verify_.end();) {
    auto entry = next++;
    auto it = actual_.find(*entry);
    if (it == actual_.end() || !it->second.confirmed) {
      to_verify_.erase(entry);
      continue;
    }
    const Key key = it->first;
    const Attached& a = it->second;
    if (OperationPending(key.first, key.second)) continue;
    auto va = api::As<api::VolumeAttachment>(va_informer_.Get("", a.va_name));
    if (va != nullptr && va->status.attached) {
      to_verify_.erase(entry);
      continue;
    }
    if (!sync_due) {
      Earliest(wake, next_state_sync_);
      continue;
    }
    if (a.reported) nodes_to_update_.insert(key.second);
    to_verify_.erase(entry);
    EraseActual(key);
  }
  if (sync_due) next_state_sync_ = now + options_.resync_period;
  RefreshTouched();

  // Detach what is attached but no longer desired. StartDetach may erase the entry
  // (DetachSucceeded when the VolumeAttachment is already gone).
  for (const Key& key : std::vector<Key>(to_detach_.begin(), to_detach_.end())) {
    auto found = actual_.find(key);
    if (found == actual_.end()) continue;
    Attached& a = found->second;
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
  for (const Key& key : std::vector<Key>(to_attach_.begin(), to_attach_.end())) {
    const Desired& d = desired_.at(key);
    auto it = actual_.find(key);
    if (it != actual_.end() && it->second.confirmed) {
      it->second.detach_requested.reset();
      touched_.insert(key);
      continue;
    }
    const std::string lock_node = d.multi_attach_allowed() ? key.second : "";
    if (OperationPending(key.first, lock_node)) continue;
    if (InBackoff(key.first, lock_node, now, wake)) continue;
    if (!d.multi_attach_allowed()) {
      std::vector<std::string> nodes;
      for (auto a = actual_.lower_bound({key.first, ""}); a != actual_.end() && a->first.first == key.first; ++a) {
        if (a->second.confirmed) nodes.push_back(a->first.second);
      }
      if (!nodes.empty()) {
        if (!multi_attach_reported_.count(key)) {
          ReportMultiAttach(key, d, nodes);
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
  const VolumeInfo& vol = d.vol();
  Operation op{OpKind::kAttach, key, d.multi_attach_allowed() ? key.second : "", vol, d.Pods(),
               AttachmentName(vol.handle, vol.driver, key.second), 0, 0};
  const engine::Nanos now = server_.loop().Now();
  if (va_informer_.Get("", op.va_name) == nullptr) {
    auto va = std::make_shared<api::VolumeAttachment>();
    va->metadata.name = op.va_name;
    va->spec.attacher = vol.driver;
    va->spec.node_name = key.second;
    va->spec.source.persistent_volume_name = vol.pv_name;
    auto r = server_.Create(va, Ctx());
    if (!r.ok() && !r.error().Is(apiserver::ApiError::Reason::kAlreadyExists)) {
      AttachFailed(op, "kubernetes.io/csi: attacher.Attach failed: " + r.error().message());
      return;
    }
  }
  op.first_poll = now + kFirstPoll;
  op.deadline = now + options_.attach_timeout;
  PushOperation(std::move(op));
}

void AttachDetachController::StartDetach(const Key& key, const Attached& a, bool verify_safe) {
  Operation op{OpKind::kDetach, key, key.second, a.vol, {}, a.va_name, 0, 0};
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
  auto r = server_.Delete(api::VolumeAttachment::Info(), "", op.va_name, {}, Ctx());
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
  PushOperation(std::move(op));
}

// The CSI attacher's waits on the VolumeAttachment (verifyAttachmentStatus /
// verifyDetachmentStatus), evaluated from the informer cache.
void AttachDetachController::CheckOperations(engine::Nanos now) {
  // An operation's outcome can change only at its first poll, when its VolumeAttachment
  // changes, or at its deadline: the others are passed over without a look.
  std::size_t kept = 0;
  for (std::size_t i = 0; i < operations_.size(); ++i) {
    Operation& op = operations_[i];
    bool& va_changed = *op.va_changed;
    const bool expired = now >= op.deadline;
    bool done = false;
    if (now >= op.first_poll && (!op.polled || va_changed || expired)) {
      op.polled = true;
      va_changed = false;
      auto va = api::As<api::VolumeAttachment>(va_informer_.Get("", op.va_name));
      done = true;
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
          done = false;
        }
      } else {
        if (va == nullptr) {
          DetachSucceeded(op);
        } else if (va->status.detach_error || expired) {
          DetachFailed(op);
        } else {
          done = false;
        }
      }
    }
    if (!done) {
      if (kept != i) operations_[kept] = std::move(op);
      ++kept;
      continue;
    }
    std::vector<std::string>& locks = operation_locks_.at(op.key.first);
    locks.erase(std::find(locks.begin(), locks.end(), op.lock_node));
    if (locks.empty()) operation_locks_.erase(op.key.first);
    operation_vas_.erase(op.va_name);
    TouchVolume(op.key.first);
  }
  operations_.erase(operations_.begin() + static_cast<std::ptrdiff_t>(kept), operations_.end());
}

void AttachDetachController::AttachSucceeded(const Operation& op) {
  for (const PodPtr& pod : op.pods) {
    recorder_.Normal(*pod, kEventSuccessfulAttachVolume, AttachSucceededMessage(op.vol.pv_name));
  }
  Attached& a = AddActual(op.key, op.vol);
  a.vol = op.vol;
  a.confirmed = true;
  to_verify_.insert(op.key);
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
  bool inserted = false;
  Attached& a = AddActual(op.key, op.vol, &inserted);
  if (inserted) {
    // Nothing reports this volume to the node, so no node update follows: take the
    // kubelet's current volumesInUse as its next status report would.
    if (auto node = api::As<api::Node>(node_informer_.Get("", op.key.second))) {
      const auto& in_use = node->status.volumes_in_use;
      a.mounted_by_node = std::find(in_use.begin(), in_use.end(), op.key.first) != in_use.end();
    }
  }
  a.confirmed = false;
  for (const PodPtr& pod : op.pods) {
    recorder_.Warning(*pod, kEventFailedAttachVolume, AttachFailedMessage(op.vol.pv_name, error));
  }
  StepBackoff(op.key.first, op.lock_node, server_.loop().Now());
  Trigger();
}

void AttachDetachController::DetachSucceeded(const Operation& op) {
  EraseActual(op.key);
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
                                               const std::vector<std::string>& other_nodes) {
  std::vector<PodPtr> users;  // pods that want the volume on the other nodes
  for (const std::string& n : other_nodes) {
    if (n == key.second) continue;
    auto it = desired_.find({key.first, n});
    if (it == desired_.end()) continue;
    for (const auto& [pod_key, use] : it->second.uses) users.push_back(use.pod);
  }
  for (const auto& [pod_key, use] : d.uses) {
    const PodPtr& pod = use.pod;
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
                      fmt::format("Multi-Attach error for volume \"{}\" {}", d.vol().pv_name, msg));
  }
}

bool AttachDetachController::UpdateNodeStatus(const std::string& node) {
  api::Value::Array list;
  for (auto it = actual_by_node_.lower_bound({node, ""}); it != actual_by_node_.end() && it->first == node; ++it) {
    if (!actual_.at({it->second, node}).reported) continue;
    api::Value v;
    v["name"] = api::Value(it->second);
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
