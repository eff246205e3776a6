#include "src/csi/kube/scheduler_cache.h"

#include <algorithm>

#include "src/csi/kube/pod_util.h"

namespace snapsim::csi::kube {
namespace {

bool IsTerminal(const api::Pod& pod) {
  return pod.status.phase == "Succeeded" || pod.status.phase == "Failed";
}

std::shared_ptr<const NodePods> Build(const std::map<std::string, PodPtr, std::less<>>& pods) {
  auto out = std::make_shared<NodePods>();
  out->pods.reserve(pods.size());
  for (const auto& [key, pod] : pods) {
    out->pods.push_back(pod);
    PodRequests r = RequestsOf(pod->spec);
    out->requested.milli_cpu += r.milli_cpu;
    out->requested.memory += r.memory;
    if (const api::OwnerReference* ref = ControllerRef(pod->metadata)) {
      ++out->by_controller[ref->uid];
      ++out->by_controller_and_name[{ref->uid, pod->metadata.name}];
    }
  }
  return out;
}

}  // namespace

PodRequests RequestsOf(const api::PodSpec& spec) {
  PodRequests r;
  auto add = [](PodRequests& acc, const api::ResourceList& list) {
    if (auto it = list.find("cpu"); it != list.end()) acc.milli_cpu += it->second.MilliValue();
    if (auto it = list.find("memory"); it != list.end()) acc.memory += it->second.Value();
  };
  for (const auto& c : spec.containers) add(r, c.resources.requests);
  for (const auto& c : spec.init_containers) {
    PodRequests init;
    add(init, c.resources.requests);
    r.milli_cpu = std::max(r.milli_cpu, init.milli_cpu);
    r.memory = std::max(r.memory, init.memory);
  }
  add(r, spec.overhead);
  return r;
}

int NodePods::SameController(const api::Pod& pod) const {
  const api::OwnerReference* ref = ControllerRef(pod.metadata);
  if (ref == nullptr) return 0;
  auto all = by_controller.find(ref->uid);
  if (all == by_controller.end()) return 0;
  auto named = by_controller_and_name.find(std::pair<std::string, std::string>(ref->uid, pod.metadata.name));
  return all->second - (named == by_controller_and_name.end() ? 0 : named->second);
}

const CsiVolumeSet& NodePods::CsiVolumes(CsiVolumeMemo& memo, const VolumeListers& listers) const {
  if (!csi_volumes_) {
    csi_volumes_.emplace();
    for (const auto& p : pods) {
      for (const auto& [driver, handles] : memo.Get(p, listers)) {
        (*csi_volumes_)[driver].insert(handles.begin(), handles.end());
      }
    }
  }
  return *csi_volumes_;
}

void SchedulerCache::SetPod(const std::string& key, const PodPtr& pod) {
  PodEntry& e = pods_[key];
  e.informed = pod;
  Recount(key, e);
}

void SchedulerCache::Assume(const std::string& key, PodPtr pod) {
  PodEntry& e = pods_[key];
  e.assumed = std::move(pod);
  Recount(key, e);
}

void SchedulerCache::Unassume(const std::string& key) {
  auto it = pods_.find(key);
  if (it == pods_.end() || it->second.assumed == nullptr) return;
  it->second.assumed = nullptr;
  Recount(key, it->second);
}

bool SchedulerCache::IsAssumed(const std::string& key) const {
  auto it = pods_.find(key);
  return it != pods_.end() && it->second.assumed != nullptr;
}

void SchedulerCache::Touch(const std::string& key) {
  auto it = pods_.find(key);
  if (it == pods_.end() || it->second.node.empty()) return;
  auto n = nodes_.find(it->second.node);
  if (n != nodes_.end()) n->second.built = nullptr;
}

void SchedulerCache::Recount(const std::string& key, PodEntry& entry) {
  PodPtr counted;
  if (entry.informed != nullptr && !IsTerminal(*entry.informed)) {
    if (!entry.informed->spec.node_name.empty()) {
      counted = entry.informed;
    } else if (entry.assumed != nullptr) {
      counted = entry.assumed;
    }
  }
  const std::string& node = counted != nullptr ? counted->spec.node_name : std::string();
  if (!entry.node.empty() && entry.node != node) {
    auto it = nodes_.find(entry.node);
    it->second.pods.erase(key);
    it->second.built = nullptr;
    if (it->second.pods.empty()) nodes_.erase(it);
  }
  if (!node.empty()) {
    NodeEntry& n = nodes_[node];
    PodPtr& slot = n.pods[key];
    if (slot != counted) {
      slot = counted;
      n.built = nullptr;
    }
  }
  entry.node = node;
  if (entry.informed == nullptr && entry.assumed == nullptr) pods_.erase(key);
}

std::shared_ptr<const NodePods> SchedulerCache::On(const std::string& node) {
  auto it = nodes_.find(node);
  if (it == nodes_.end()) return empty_;
  if (it->second.built == nullptr) it->second.built = Build(it->second.pods);
  return it->second.built;
}

void SchedulerCache::Clear() {
  pods_.clear();
  nodes_.clear();
}

}  // namespace snapsim::csi::kube
