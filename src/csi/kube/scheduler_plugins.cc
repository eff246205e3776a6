#include "src/csi/kube/scheduler_plugins.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "src/csi/kube/kube_names.h"
#include "src/csi/kube/node_matching.h"
#include "src/csi/kube/pod_util.h"
#include "src/csi/kube/scheduler_messages.h"

namespace snapsim::csi::kube {
namespace {

std::vector<api::Taint> EffectiveTaints(const api::Node& node) {
  std::vector<api::Taint> taints = node.spec.taints;
  bool has_not_ready = std::any_of(taints.begin(), taints.end(), [](const api::Taint& t) {
    return t.key == "node.kubernetes.io/not-ready";
  });
  if (!NodeIsReady(node) && !has_not_ready)
    taints.push_back({"node.kubernetes.io/not-ready", "", "NoSchedule", {}});
  return taints;
}

std::string_view ZoneOf(const api::Node& node) {
  static const std::string kZone(kZoneLabel);
  auto it = node.metadata.labels.find(kZone);
  return it == node.metadata.labels.end() ? std::string_view() : std::string_view(it->second);
}

}  // namespace

std::size_t NumFeasibleNodesToFind(std::size_t num_all_nodes, int percentage) {
  constexpr std::size_t kMinFeasibleNodesToFind = 100;
  constexpr int kMinFeasibleNodesPercentageToFind = 5;
  if (num_all_nodes < kMinFeasibleNodesToFind) return num_all_nodes;
  if (percentage >= 100) return num_all_nodes;
  if (percentage <= 0) {
    percentage = std::max(50 - static_cast<int>(num_all_nodes / 125), kMinFeasibleNodesPercentageToFind);
  }
  std::size_t n = num_all_nodes * static_cast<std::size_t>(percentage) / 100;
  return std::max(n, kMinFeasibleNodesToFind);
}

NodeVerdict RunNodeFilters(const api::Pod& pod, const CsiVolumeSet& wanted, const NodeInfo& info,
                           const api::CSINode* csinode, const VolumeListers& listers, int kube_minor,
                           CsiVolumeMemo& memo) {
  NodeVerdict v;
  const api::Node& node = *info.node;
  // NodeUnschedulable.
  if (node.spec.unschedulable) {
    api::Taint unschedulable{"node.kubernetes.io/unschedulable", "", "NoSchedule", {}};
    bool tolerated = std::any_of(
        pod.spec.tolerations.begin(), pod.spec.tolerations.end(),
        [&](const api::Toleration& t) { return TolerationToleratesTaint(t, unschedulable); });
    if (!tolerated) {
      v.reasons.emplace_back(kReasonNodeUnschedulable);
      return v;
    }
  }
  // TaintToleration.
  if (auto taint = FindUntoleratedTaint(EffectiveTaints(node), pod.spec.tolerations)) {
    v.reasons.push_back(UntoleratedTaintReason(*taint, kube_minor));
    return v;
  }
  // NodeAffinity.
  if (!PodMatchesNodeSelectorAndAffinity(pod.spec, node)) {
    v.reasons.emplace_back(kReasonNodeAffinity);
    return v;
  }
  // NodeResourcesFit.
  auto allocatable = [&](const char* name) -> std::optional<api::Quantity> {
    auto it = node.status.allocatable.find(name);
    if (it == node.status.allocatable.end()) return std::nullopt;
    return it->second;
  };
  if (auto pods = allocatable("pods");
      pods && static_cast<std::int64_t>(info.on->pods.size()) + 1 > pods->Value()) {
    v.reasons.emplace_back(kReasonTooManyPods);
  }
  PodRequests want = RequestsOf(pod.spec);
  const PodRequests& used = info.on->requested;
  if (auto cpu = allocatable("cpu");
      want.milli_cpu > 0 && cpu && cpu->MilliValue() < used.milli_cpu + want.milli_cpu) {
    v.reasons.push_back(InsufficientReason("cpu"));
  }
  if (auto mem = allocatable("memory");
      want.memory > 0 && mem && mem->Value() < used.memory + want.memory) {
    v.reasons.push_back(InsufficientReason("memory"));
  }
  if (!v.reasons.empty()) {
    v.resolvable = true;
    return v;
  }
  // NodeVolumeLimits (CSI).
  if (csinode != nullptr && !wanted.empty()) {
    const CsiVolumeSet& attached = info.on->CsiVolumes(memo, listers);
    for (const auto& [driver, handles] : wanted) {
      auto d = std::find_if(csinode->spec.drivers.begin(), csinode->spec.drivers.end(),
                            [&](const api::CSINodeDriver& x) { return x.name == driver; });
      if (d == csinode->spec.drivers.end() || !d->allocatable || !d->allocatable->count) continue;
      auto on_node = attached.find(driver);
      std::size_t have = on_node == attached.end() ? 0 : on_node->second.size();
      std::size_t extra = 0;
      for (const auto& h : handles) extra += on_node != attached.end() && on_node->second.count(h) ? 0 : 1;
      if (have + extra > static_cast<std::size_t>(*d->allocatable->count)) {
        v.reasons.emplace_back(kReasonMaxVolumeCount);
        v.resolvable = true;
        return v;
      }
    }
  }
  return v;
}

std::size_t BestNode(const api::Pod& pod, const std::vector<NodeInfo>& all,
                     const std::vector<std::size_t>& candidates) {
  std::vector<int> same_owner(all.size());
  std::vector<std::string_view> zone(all.size());
  std::map<std::string_view, int> per_zone;
  for (std::size_t i = 0; i < all.size(); ++i) {
    same_owner[i] = all[i].on->SameController(pod);
    zone[i] = ZoneOf(*all[i].node);
    per_zone[zone[i]] += same_owner[i];
  }
  using Key = std::tuple<int, int, std::size_t, std::string_view>;
  auto key = [&](std::size_t i) {
    return Key(per_zone.find(zone[i])->second, same_owner[i], all[i].on->pods.size(),
               all[i].node->metadata.name);
  };
  std::size_t best = candidates.front();
  Key best_key = key(best);
  for (std::size_t c = 1; c < candidates.size(); ++c) {
    Key k = key(candidates[c]);
    if (k < best_key) {  // the first of equals wins, as with std::min_element
      best = candidates[c];
      best_key = k;
    }
  }
  return best;
}

}  // namespace snapsim::csi::kube
