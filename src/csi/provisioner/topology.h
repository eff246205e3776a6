// Topology for CreateVolume and the PV (external-provisioner pkg/controller/topology.go):
// the accessibility requirements from the selected node / all nodes / the StorageClass's
// allowedTopologies, and the PV nodeAffinity from the driver's accessible topology.
//
// Deterministic where upstream is not: requisite terms are deduplicated and sorted (Go
// iterates a map), the CSINode whose topology keys are used under Immediate binding is
// the first by name with keys for the driver (Go shuffles), and match expressions of one
// term are in key order.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/engine/status.h"
#include "src/api/kinds.h"
#include "src/csi/diskplugin/csi.h"

namespace snapsim::csi::provisioner {

struct TopologyInputs {
  std::string_view driver;
  std::string_view claim_name;
  const std::vector<api::TopologySelectorTerm>* allowed_topologies = nullptr;
  const api::Node* selected_node = nullptr;  // nullptr = Immediate binding
  bool strict_topology = true;
  bool immediate_topology = true;
  std::vector<std::shared_ptr<const api::CSINode>> csi_nodes;  // in name order
  std::vector<std::shared_ptr<const api::Node>> nodes;         // in name order
};

struct TopologyError {
  bool not_found = false;  // apierrors.IsNotFound(err) upstream: reschedule (never, as upstream wraps)
  std::string message;
};

// nullopt = no requirement.
Result<std::optional<disk::TopologyRequirement>, TopologyError> GenerateAccessibilityRequirements(
    const TopologyInputs& in);

// Go's hash of the claim name and the index offset used to rotate the preferred list
// (getPVCNameHashAndIndexOffset): FNV-32 of the name; offset = the number at the end of
// a StatefulSet claim name ("www-web-2" -> 2), else 0.
std::pair<std::uint32_t, std::uint32_t> ClaimNameHashAndOffset(std::string_view claim_name);

// One required term per topology, one `In [value]` expression per segment.
std::optional<api::VolumeNodeAffinity> VolumeNodeAffinity(const std::vector<disk::Topology>& topologies);

}  // namespace snapsim::csi::provisioner
