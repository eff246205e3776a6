// The ECS call log: one record per API call, in call order. Tests read it, and later
// the trace and the invariants ("exactly one CreateSnapshot took effect").
#pragma once

#include <string>

#include "sim/engine/time.h"
#include "src/fake_ecs/types.h"

namespace snapsim::ecs {

struct CallRecord {
  engine::Nanos time = 0;  // virtual time of the call
  std::string caller;      // CallContext::caller
  std::string action;
  Params params;  // as sent
  std::string request_id;
  // What the caller got: "OK" or the error code; "" while the call is in flight.
  std::string outcome;
  bool took_effect = false;  // the backend applied the call (also when its reply was lost)
  bool fault = false;        // a fault rule fired on this call
};

}  // namespace snapsim::ecs
