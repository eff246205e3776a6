// Scheduler: one scheduling cycle for one pod (scheduleOne), the volume
// binding wait, the bind, and the failure reporting.
#include <fmt/format.h>

#include <algorithm>

#include "src/csi/kube/object_store.h"
#include "src/csi/kube/pod_util.h"
#include "src/csi/kube/scheduler.h"
#include "src/csi/kube/scheduler_messages.h"
#include "src/csi/kube/volume_matching.h"
#include "src/fake_apiserver/api_error.h"

namespace snapsim::csi::kube {
namespace {

bool IsOurs(const api::Pod& pod) {
  return pod.spec.node_name.empty() && !pod.metadata.being_deleted() &&
         pod.spec.scheduler_name == kDefaultSchedulerName && pod.status.phase != "Succeeded" &&
         pod.status.phase != "Failed";
}

// podutil.UpdatePodCondition: true iff the status changed.
bool UpdatePodCondition(api::PodStatus& status, api::PodCondition condition,
                        const std::string& now) {
  condition.last_transition_time = now;
  for (auto& c : status.conditions) {
    if (c.type != condition.type) continue;
    if (c.status == condition.status) condition.last_transition_time = c.last_transition_time;
    bool same = c.status == condition.status && c.reason == condition.reason &&
                c.message == condition.message && c.last_probe_time == condition.last_probe_time &&
                c.last_transition_time == condition.last_transition_time;
    c = std::move(condition);
    return !same;
  }
  status.conditions.push_back(std::move(condition));
  return true;
}

}  // namespace

Status Scheduler::SyncPod(const std::string& key) {
  std::size_t slash = key.find('/');
  auto pod = api::As<api::Pod>(pod_informer_.Get(key.substr(0, slash), key.substr(slash + 1)));
  if (pod == nullptr || !IsOurs(*pod)) {
    Forget(key);
    return Status::Ok();
  }
  if (bindings_.count(key)) return ContinueBinding(*pod);
  if (cache_.IsAssumed(key)) return Status::Ok();  // bound; the informer has not caught up yet
  QueuedPod& q = pods_[key];
  ++q.attempts;
  q.last_attempt = server_.loop().Now();
  parked_.erase(key);
  return ScheduleOne(*pod);
}

// Every node with the pods counting against it. The pod being scheduled counts
// nowhere: it is unbound in the informer and not assumed (SyncPod).
std::vector<NodeInfo> Scheduler::Snapshot() {
  std::vector<NodeInfo> nodes;
  nodes.reserve(node_informer_.Size());
  for (const auto& obj : node_informer_.List()) {
    nodes.push_back({api::As<api::Node>(obj), cache_.On(obj->metadata.name)});
  }
  return nodes;
}

Status Scheduler::ScheduleOne(const api::Pod& pod) {
  std::vector<NodeInfo> nodes = Snapshot();
  if (nodes.empty()) return Unschedulable(pod, "no nodes available to schedule pods");
  FitDiagnosis diag;
  diag.num_nodes = static_cast<int>(nodes.size());
  diag.preemption_never = pod.spec.preemption_policy.value_or("") == "Never";
  VolumeListers listers = Listers();
  PodVolumeClaims claims = GetPodVolumeClaims(pod, listers);
  if (!claims.rejection.empty()) {
    diag.prefilter_reason = claims.rejection;
    diag.preemption[std::string(kPreemptionNotHelpful)] = diag.num_nodes;
    return Unschedulable(pod, FitErrorMessage(diag, minor()));
  }
  const CsiVolumeSet wanted = CsiVolumesOf(pod, listers);
  // findNodesThatPassFilters: from the node after the last one the previous cycle
  // looked at, until enough nodes fit (or every node was looked at).
  const std::size_t num_nodes = nodes.size();
  const std::size_t to_find = NumFeasibleNodesToFind(num_nodes, options_.percentage_of_nodes_to_score);
  std::size_t start = next_start_node_index_ % num_nodes;
  std::size_t processed = 0;
  auto advance_start = [&] { next_start_node_index_ = (start + processed) % num_nodes; };
  std::vector<std::size_t> feasible;
  std::map<std::size_t, PodVolumesOnNode> volumes;
  for (std::size_t k = 0; k < num_nodes && feasible.size() < to_find; ++k) {
    std::size_t i = (start + k) % num_nodes;
    auto csinode = api::As<api::CSINode>(csinode_informer_.Get("", nodes[i].node->metadata.name));
    NodeVerdict v = RunNodeFilters(pod, wanted, nodes[i], csinode.get(), listers, minor(), csi_volumes_);
    if (v.reasons.empty() && claims.has_claims) {
      PodVolumesOnNode pv = FindPodVolumes(claims, *nodes[i].node, listers, minor());
      if (!pv.error.empty()) {
        advance_start();  // the failing node is not counted, as upstream's error path
        return SchedulingError(pod, "running \"VolumeBinding\" filter plugin: " + pv.error);
      }
      v.reasons = pv.reasons;
      volumes[i] = std::move(pv);
    }
    ++processed;
    if (v.reasons.empty()) {
      feasible.push_back(i);
      continue;
    }
    for (const auto& r : v.reasons) ++diag.reasons[r];
    ++diag.preemption[std::string(v.resolvable ? kPreemptionNoVictims : kPreemptionNotHelpful)];
  }
  advance_start();
  if (feasible.empty()) return Unschedulable(pod, FitErrorMessage(diag, minor()));
  std::size_t best = BestNode(pod, nodes, feasible);
  const std::string& node = nodes[best].node->metadata.name;
  auto vit = volumes.find(best);
  if (vit == volumes.end() ||
      (vit->second.static_bindings.empty() && vit->second.provisions.empty())) {
    return Bind(pod, node);
  }
  return PreBindAndBind(pod, node, vit->second);
}

Status Scheduler::PreBindAndBind(const api::Pod& pod, const std::string& node,
                                 const PodVolumesOnNode& volumes) {
  std::string key = pod.metadata.namespace_ + "/" + pod.metadata.name;
  PendingBinding binding;
  binding.node = node;
  binding.uid = pod.metadata.uid;
  // bindAPIUpdate: static volumes get their claimRef, claims to provision the selected node.
  for (const auto& [claim, pv] : volumes.static_bindings) {
    auto clone = api::CloneAs<api::PersistentVolume>(pv);
    clone->spec.claim_ref = ClaimReference(*claim);
    clone->metadata.annotations.emplace(std::string(kAnnBoundByController), "yes");
    auto r = server_.Update(clone, Ctx());
    if (!r.ok())
      return SchedulingError(pod,
                             "running PreBind plugin \"VolumeBinding\": " + r.error().message());
    binding.volumes.push_back(
        {pv->metadata.name, ResourceVersionNumber((*r)->metadata.resource_version)});
    binding.claim_keys.push_back(claim->Key());
  }
  for (const auto& claim : volumes.provisions) {
    auto clone = api::CloneAs<api::PersistentVolumeClaim>(claim);
    clone->metadata.annotations[std::string(kAnnSelectedNode)] = node;
    auto r = server_.Update(clone, Ctx());
    if (!r.ok())
      return SchedulingError(pod,
                             "running PreBind plugin \"VolumeBinding\": " + r.error().message());
    binding.claims.push_back(
        {claim->metadata.name, ResourceVersionNumber((*r)->metadata.resource_version)});
    binding.claim_keys.push_back(claim->Key());
  }
  binding.timeout = server_.loop().After(options_.bind_timeout,
                                         [this, key] {
                                           auto it = bindings_.find(key);
                                           if (it == bindings_.end()) return;
                                           it->second.timeout = engine::kNoEvent;
                                           it->second.timed_out = true;
                                           queue_.Add(key);
                                         },
                                         {.label = "kube-scheduler/bind-timeout"});
  for (const auto& claim : binding.claim_keys) waiting_claims_[claim] = key;
  bindings_[key] = std::move(binding);
  auto assumed = std::make_shared<api::Pod>(pod);
  assumed->spec.node_name = node;
  cache_.Assume(key, std::move(assumed));
  return ContinueBinding(pod);
}

Status Scheduler::ContinueBinding(const api::Pod& pod) {
  std::string key = pod.metadata.namespace_ + "/" + pod.metadata.name;
  PendingBinding& b = bindings_[key];
  std::string prefix = "running PreBind plugin \"VolumeBinding\": binding volumes: ";
  auto fail = [&](const std::string& message) {
    DropBinding(key);
    cache_.Unassume(key);
    return SchedulingError(pod, message);
  };
  if (b.uid != pod.metadata.uid) return fail(prefix + "pod does not exist any more");
  auto node = api::As<api::Node>(node_informer_.Get("", b.node));
  if (node == nullptr) {
    return fail(prefix + fmt::format("failed to get node {}: node {} not found",
                                     apiserver::Quote(b.node), apiserver::Quote(b.node)));
  }
  BindingCheck check =
      CheckBindings(*node, b.volumes, b.claims, pod.metadata.namespace_, Listers());
  if (!check.error.empty()) return fail(prefix + check.error);
  if (!check.done) {
    if (!b.timed_out) return Status::Ok();  // claim and volume updates bring it back here
    return fail(prefix + (minor() >= 27 ? "context deadline exceeded"
                                        : "timed out waiting for the condition"));
  }
  std::string target = b.node;
  DropBinding(key);
  return Bind(pod, target);
}

Status Scheduler::Bind(const api::Pod& pod, const std::string& node) {
  std::string key = pod.metadata.namespace_ + "/" + pod.metadata.name;
  auto current = server_.Get(api::Pod::Info(), pod.metadata.namespace_, pod.metadata.name, Ctx());
  if (!current.ok()) {
    cache_.Unassume(key);
    if (current.error().Is(apiserver::ApiError::Reason::kNotFound)) return Status::Ok();
    return SchedulingError(pod, "binding rejected: " + current.error().message());
  }
  auto clone = api::CloneAs<api::Pod>(*current);
  if (!clone->spec.node_name.empty() || clone->metadata.uid != pod.metadata.uid)
    return Status::Ok();
  clone->spec.node_name = node;
  auto bound = server_.Update(clone, Ctx());
  if (!bound.ok()) {
    cache_.Unassume(key);
    return SchedulingError(pod, "binding rejected: " + bound.error().message());
  }
  auto with_condition = api::CloneAs<api::Pod>(*bound);
  api::PodCondition scheduled;
  scheduled.type = "PodScheduled";
  scheduled.status = "True";
  if (UpdatePodCondition(with_condition->status, scheduled, server_.NowRfc3339())) {
    (void)server_.UpdateStatus(with_condition, Ctx());
  }
  cache_.Assume(key, api::As<api::Pod>(*bound));
  Forget(key);  // no longer queued (any binding was dropped before Bind)
  recorder_.Normal(pod, kEventScheduled,
                   fmt::format("Successfully assigned {}/{} to {}", pod.metadata.namespace_,
                               pod.metadata.name, node));
  return Status::Ok();
}

void Scheduler::RecordFailure(const api::Pod& pod, std::string_view reason,
                              const std::string& message) {
  recorder_.Warning(pod, kEventFailedScheduling, message);
  auto clone = std::make_shared<api::Pod>(pod);
  api::PodCondition condition;
  condition.type = "PodScheduled";
  condition.status = "False";
  condition.reason = std::string(reason);
  condition.message = message;
  if (!UpdatePodCondition(clone->status, condition, server_.NowRfc3339())) return;
  clone->metadata.resource_version.clear();  // a status patch: no precondition
  (void)server_.UpdateStatus(clone, Ctx());
}

Status Scheduler::Unschedulable(const api::Pod& pod, const std::string& message) {
  RecordFailure(pod, "Unschedulable", message);
  std::string key = pod.metadata.namespace_ + "/" + pod.metadata.name;
  QueuedPod& q = pods_[key];
  parked_.insert(key);
  q.parked_at = server_.loop().Now();
  return Status::Ok();
}

Status Scheduler::SchedulingError(const api::Pod& pod, const std::string& message) {
  RecordFailure(pod, "SchedulerError", message);
  return Status::Internal(message);  // retried after the pod's backoff
}

}  // namespace snapsim::csi::kube
