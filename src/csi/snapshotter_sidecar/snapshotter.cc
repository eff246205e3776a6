#include "src/csi/snapshotter_sidecar/snapshotter.h"

#include <algorithm>

namespace snapsim::csi {

bool DriverSnapshotter::SupportsListSnapshots() {
  auto caps = driver_.ControllerGetCapabilities().capabilities;
  return std::find(caps.begin(), caps.end(), disk::ControllerCapability::kListSnapshots) != caps.end();
}

}  // namespace snapsim::csi
