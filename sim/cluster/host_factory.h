// The scenario runner's view of a simulated cluster: a ScenarioHost backed by
// a real Cluster. `snapsim run` uses NewHostFactory().
#pragma once

#include "sim/scenario/host.h"

namespace snapsim::cluster {

// `check_typed_patches`: tests' check of the API server's typed patches (ClusterOptions).
scenario::HostFactory NewHostFactory(bool check_typed_patches = false);

}  // namespace snapsim::cluster
