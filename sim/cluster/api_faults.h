// Fault rules for the fake API server, from the scenario step
//   fault: { apiserver: { verb: update, resource: volumesnapshotcontents,
//                         error: Conflict, times: 1 } }
//
// Keys: verb (get|list|watch|create|update|patch|delete|*), resource (plural,
// optionally "plural.group" or ".../status" for the status subresource only;
// "*" or absent = all), component (the client, e.g. csi-snapshotter; absent =
// any), error (an API reason: Conflict, InternalError, ServerTimeout, ...),
// times (how many matching requests fail; absent = every one), probability
// (0..1, drawn from the simulation's generator), afterEffect (the write happens
// but the caller gets the error — the lost reply).
// Rules are consulted in the order installed; the first that fires wins.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/engine/rng.h"
#include "sim/engine/status.h"
#include "src/api/value.h"
#include "src/fake_apiserver/apiserver.h"

namespace snapsim::cluster {

struct ApiFaultRule {
  std::string verb = "*";
  std::string resource = "*";  // plural; "" group means any group
  bool status_only = false;
  std::string component;       // "" = any client
  std::string error;
  int times = -1;              // -1 = unlimited
  double probability = 1.0;
  bool after_effect = false;
};

// Parses the value under `apiserver:`. Errors name the key and what was expected.
Result<ApiFaultRule> ParseApiFaultRule(const api::Value& v);

class ApiFaultInjector {
 public:
  explicit ApiFaultInjector(engine::Rng& rng) : rng_(rng) {}
  void Add(ApiFaultRule rule) { rules_.push_back(std::move(rule)); }
  void Clear() { rules_.clear(); }
  std::optional<apiserver::FaultDecision> Check(const apiserver::Request& r);

 private:
  engine::Rng& rng_;
  std::vector<ApiFaultRule> rules_;
};

}  // namespace snapsim::cluster
