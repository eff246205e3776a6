// SchedulerCache: which pods count against which node, kept up to date as pods
// change, so that a scheduling cycle reads each node's pods and their sums instead
// of walking every pod of the cluster (upstream's scheduler cache and NodeInfo).
//
// A pod counts against a node while the scheduler's pod informer has it and it is
// neither Succeeded nor Failed: against its spec.nodeName once the informer has it
// bound, otherwise against the node it is assumed to (PreBind or Bind done, the
// informer not caught up yet). A node's pods are ordered by key ("ns/name"); the
// sums (requests, pods per controller, CSI volumes) are rebuilt when the node's pods
// change, or when the CSI volumes of one of them may have (Touch).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "src/api/kinds_pod.h"
#include "src/csi/kube/csi_volume_memo.h"

namespace snapsim::csi::kube {

using PodPtr = std::shared_ptr<const api::Pod>;

// A pod's requests as NodeResourcesFit adds them (containers, the largest init
// container, overhead).
struct PodRequests {
  std::int64_t milli_cpu = 0;
  std::int64_t memory = 0;
};
PodRequests RequestsOf(const api::PodSpec& spec);

// The pods counting against one node, and what the filters and the ranking sum up.
struct NodePods {
  std::vector<PodPtr> pods;  // by key
  PodRequests requested;     // sum over pods
  // Controller uid -> pods it controls; (controller uid, pod name) -> pods so named.
  std::map<std::string, int, std::less<>> by_controller;
  std::map<std::pair<std::string, std::string>, int, std::less<>> by_controller_and_name;

  // Pods on the node controlled by `pod`'s controller, other than ones named like it.
  int SameController(const api::Pod& pod) const;

  // The CSI volumes of the pods, merged (NodeVolumeLimits), worked out at the first call.
  const CsiVolumeSet& CsiVolumes(CsiVolumeMemo& memo, const VolumeListers& listers) const;

 private:
  mutable std::optional<CsiVolumeSet> csi_volumes_;
};

class SchedulerCache {
 public:
  // The pod informer's object for `key` (nullptr: deleted).
  void SetPod(const std::string& key, const PodPtr& pod);
  // `pod` (with spec.nodeName set) is assumed bound; Unassume forgets that.
  void Assume(const std::string& key, PodPtr pod);
  void Unassume(const std::string& key);
  bool IsAssumed(const std::string& key) const;
  // The pod's CSI volumes may have changed (its claim, volume or class did).
  void Touch(const std::string& key);

  // The pods counting against `node` (empty if none). The pointer stays valid, and its
  // contents unchanged, after later changes: they build a new NodePods.
  std::shared_ptr<const NodePods> On(const std::string& node);

  void Clear();

 private:
  struct PodEntry {
    PodPtr informed;     // the informer's object
    PodPtr assumed;      // set by Assume
    std::string node;    // where it counts ("" nowhere)
  };
  struct NodeEntry {
    std::map<std::string, PodPtr, std::less<>> pods;  // by key
    std::shared_ptr<const NodePods> built;           // nullptr: rebuild on the next On()
  };
  void Recount(const std::string& key, PodEntry& entry);

  // Lookups only (never iterated), so the hash order is not observable.
  std::unordered_map<std::string, PodEntry> pods_;
  std::unordered_map<std::string, NodeEntry> nodes_;
  std::shared_ptr<const NodePods> empty_ = std::make_shared<const NodePods>();
};

}  // namespace snapsim::csi::kube
