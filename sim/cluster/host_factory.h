// The scenario runner's view of a simulated cluster: a ScenarioHost backed by
// a real Cluster. `snapsim run` uses NewHostFactory().
#pragma once

#include "sim/scenario/host.h"

namespace snapsim::cluster {

scenario::HostFactory NewHostFactory();

}  // namespace snapsim::cluster
