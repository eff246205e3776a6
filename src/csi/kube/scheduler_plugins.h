// The scheduler's node filters other than volume binding, in the default
// plugin order (NodeUnschedulable, TaintToleration, NodeAffinity,
// NodeResourcesFit, NodeVolumeLimits), and its deterministic node ranking.
//
// A node that is not Ready is treated as tainted node.kubernetes.io/not-ready:
// NoSchedule, which the node lifecycle controller would have added.
// NodeVolumeLimits counts the CSI volumes of each driver on the node against
// CSINode.spec.drivers[].allocatable.count.
//
// Ranking (documented stand-in for upstream's scoring plugins and random tie
// break): fewest pods of the same controller in the node's zone
// (topology.kubernetes.io/zone), then on the node, then fewest pods on the
// node, then the node name — so replicas of a StatefulSet spread over zones.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "src/api/kinds_core.h"
#include "src/api/kinds_pod.h"
#include "src/api/kinds_storage.h"
#include "src/csi/kube/csi_volume_memo.h"
#include "src/csi/kube/scheduler_cache.h"
#include "src/csi/kube/scheduler_volume_binding.h"

namespace snapsim::csi::kube {

using NodePtr = std::shared_ptr<const api::Node>;

// A node with the pods on it (assigned or assumed, not Succeeded/Failed).
struct NodeInfo {
  NodePtr node;
  std::shared_ptr<const NodePods> on;  // never nullptr
};

struct NodeVerdict {
  std::vector<std::string> reasons;  // empty: the node fits
  bool resolvable = false;  // preemption could help (Unschedulable rather than ...AndUnresolvable)
};

// How many fitting nodes a scheduling cycle looks for before it stops filtering
// (numFeasibleNodesToFind): every node in a cluster of fewer than 100; else
// `percentage` of them (0: adaptive, 50% less 1% for every 125 nodes, at least
// 5%), and never fewer than 100.
std::size_t NumFeasibleNodesToFind(std::size_t num_all_nodes, int percentage);

// `wanted` is CsiVolumesOf(pod); `memo` answers for the pods already on the node.
NodeVerdict RunNodeFilters(const api::Pod& pod, const CsiVolumeSet& wanted, const NodeInfo& info,
                           const api::CSINode* csinode, const VolumeListers& listers, int kube_minor,
                           CsiVolumeMemo& memo);

// The best of `candidates` (indexes into `all`, non-empty) for `pod`, by the
// ranking in the header comment; zone counts look at every node in `all`.
std::size_t BestNode(const api::Pod& pod, const std::vector<NodeInfo>& all,
                     const std::vector<std::size_t>& candidates);

}  // namespace snapsim::csi::kube
