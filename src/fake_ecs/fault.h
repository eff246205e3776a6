// Fault rules for the fake ECS, as data.
//
// A rule fires on a call when the action matches (`api`, or "*"), every `match`
// parameter equals the call's parameter of that name (as on the wire: "cloud_essd",
// "true", '["d-1"]'), and the caller matches `component` (if set); then, subject to
// `probability` (drawn from the simulation's generator) and while `times` remain:
//   - `error`: the caller gets that real ECS error (exact code, message, HTTP status);
//     without `afterEffect` the call has no effect, with it the call takes effect and
//     only the reply is lost (the caller still sees the error);
//   - `latency`: the reply arrives that much later (the effect is not delayed);
//   - `snapshotStatus: failed` (CreateSnapshot only): the call succeeds, and the
//     snapshot later ends "failed" instead of "accomplished".
// Rules are consulted in the order installed; the first that fires wins.
//
// ParseFaultRule reads the generic key/value shape the cluster builds from the scenario
// step `fault: { ecs: {...} }` (SCENARIOS.md): scalar values as their YAML text, and
// the nested map `match: {DiskCategory: cloud_essd}` flattened as "match.DiskCategory".
//   api            an action snapsim models (CreateSnapshot, ...) or "*"   default "*"
//   error          a real ECS code known to ErrorForCode (errors.h)
//   latency        a duration ("30s", "1m")                             default 0
//   times          a whole number >= 1                                 default unlimited
//   probability    a number in (0, 1]                                  default 1
//   afterEffect    true | false                                        default false
//   component      the caller, e.g. csi-plugin                         default any
//   snapshotStatus failed
//   match.<Param>  the parameter value to match
// At least one of error, latency, snapshotStatus is required.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/engine/rng.h"
#include "sim/engine/status.h"
#include "sim/engine/time.h"
#include "src/fake_ecs/errors.h"
#include "src/fake_ecs/types.h"

namespace snapsim::ecs {

struct FaultRule {
  std::string api = "*";
  std::map<std::string, std::string> match;
  std::string component;  // "" = any caller
  std::optional<EcsError> error;
  engine::Nanos latency = 0;
  int times = -1;  // -1 = unlimited
  double probability = 1.0;
  bool after_effect = false;
  bool fail_snapshot = false;
};

Result<FaultRule> ParseFaultRule(const std::map<std::string, std::string>& fields);

// What the rules decided for one call.
struct FaultDecision {
  bool fired = false;
  std::optional<EcsError> error;
  engine::Nanos latency = 0;
  bool after_effect = false;
  bool fail_snapshot = false;
};

class FaultInjector {
 public:
  explicit FaultInjector(engine::Rng& rng) : rng_(rng) {}
  void Add(FaultRule rule) { rules_.push_back(std::move(rule)); }
  void Clear() { rules_.clear(); }
  const std::vector<FaultRule>& rules() const { return rules_; }
  // Consults the rules for one call (consuming `times` and drawing probabilities).
  FaultDecision Check(std::string_view action, const Params& params, std::string_view caller);

 private:
  engine::Rng& rng_;
  std::vector<FaultRule> rules_;
};

}  // namespace snapsim::ecs
