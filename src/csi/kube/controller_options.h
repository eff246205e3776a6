// Options common to the built-in controllers of src/csi/kube: how late their
// informers see the API server's writes (a fault knob; 0 by default).
#pragma once

#include "sim/engine/time.h"

namespace snapsim::csi::kube {

struct ControllerOptions {
  engine::Nanos watch_delay = 0;
};

}  // namespace snapsim::csi::kube
