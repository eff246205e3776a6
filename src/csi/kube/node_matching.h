// Node matching rules shared by the PV controller and the scheduler: node
// selector terms (PV nodeAffinity, pod required node affinity), StorageClass
// allowedTopologies, and taints against tolerations — the semantics of
// k8s.io/component-helpers/scheduling/corev1 and pkg/apis/core/v1/helper.
// Pure functions over API structs.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "src/api/kinds_core.h"
#include "src/api/kinds_pod.h"
#include "src/api/kinds_storage.h"

namespace snapsim::csi::kube {

using Labels = std::map<std::string, std::string>;

// One requirement (In, NotIn, Exists, DoesNotExist, Gt, Lt) against a label set.
bool MatchNodeSelectorRequirement(const api::NodeSelectorRequirement& req, const Labels& labels);
// Terms are ORed; a term's expressions and fields are ANDed; an empty term (or
// an empty list of terms) matches nothing. matchFields knows metadata.name.
bool MatchNodeSelectorTerms(const api::NodeSelector& selector, const Labels& labels,
                            std::string_view node_name);

// A PV's nodeAffinity against node labels (CheckNodeAffinity): no affinity or no
// required terms means any node.
bool VolumeNodeAffinityMatches(const api::PersistentVolume& pv, const Labels& node_labels);

// StorageClass allowedTopologies against node labels: no terms = no restriction;
// an empty term selects nothing.
bool MatchTopologySelectorTerms(const std::vector<api::TopologySelectorTerm>& terms,
                                const Labels& labels);

// Taints.
bool TolerationToleratesTaint(const api::Toleration& toleration, const api::Taint& taint);
// The first NoSchedule/NoExecute taint no toleration tolerates.
std::optional<api::Taint> FindUntoleratedTaint(const std::vector<api::Taint>& taints,
                                               const std::vector<api::Toleration>& tolerations);

// The pod's spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution, if any.
std::optional<api::NodeSelector> PodRequiredNodeAffinity(const api::PodSpec& spec);
// spec.nodeSelector and required node affinity (the NodeAffinity filter).
bool PodMatchesNodeSelectorAndAffinity(const api::PodSpec& spec, const api::Node& node);

// The node's Ready condition is "True".
bool NodeIsReady(const api::Node& node);

}  // namespace snapsim::csi::kube
