// Chaos transformation: (typed Scenario, seed) -> a ChaosPlan: the original steps with
// random fault and crash steps inserted between them, drawn from engine::Rng(seed).
//
// Rules (the contract the tests check):
// - The original steps keep their order, commands and expectations (durations in them
//   relaxed, see relax_timing.h); inserted steps have no expectation. cluster.seed = the seed.
// - Before every original step with an `expect`, faults are lifted: a `fault: {clear:
//   all}` (which settles to rest) is inserted in front of it, or in front of the chain of
//   steps with a short settle (`settle: 2s` / `false`) that leads to it, and nothing is
//   inserted inside that chain (the scenario looks at an intermediate state on purpose).
// - While the scenario's own fault rules are in force (from its `fault:` step to its
//   `fault: {clear: all}`), nothing is inserted: the scenario is testing those faults;
//   before its own `fault:` step inserted faults are lifted.
// - 0..max_per_step random steps go before each other original step and after the
//   last; each settles only 0..10s when another inserted step follows, and the
//   original step before a group may settle only 0..10s too (`short_settle`), so
//   faults land while work is in flight; the group's last step settles to rest.
// - The plan ends with `fault: {clear: all}`, which settles to rest: the liveness check.
// - With FaultKind::kSchedule among the kinds, cluster.scheduleSeed = the seed: the run
//   also explores one interleaving of the work due at each instant.
// Same (scenario, seed, options) -> the same plan.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/chaos/fault_menu.h"
#include "sim/scenario/scenario.h"

namespace snapsim::chaos {

struct ChaosOptions {
  std::vector<FaultKind> kinds{kDefaultFaultKinds.begin(), kDefaultFaultKinds.end()};
  int max_per_step = 2;  // random steps inserted per gap: 0..max_per_step
  // Expected AGE-like durations match any duration (relax_timing.h): faults make time pass.
  bool relax_timing = true;
};

enum class Origin { kOriginal, kInserted, kClear };

struct PlanStep {
  scenario::Step step;
  Origin origin = Origin::kOriginal;
  int index = -1;  // the original step's 0-based index; for inserted steps an id within the plan
  // kOriginal: the settle to use when the next step is inserted (work left in flight).
  // kInserted: the settle to use when the next step is inserted too.
  std::optional<engine::Nanos> short_settle;
};

struct ChaosPlan {
  scenario::Scenario base;  // the original, without steps
  std::uint64_t seed = 0;
  std::vector<PlanStep> steps;

  std::size_t InsertedCount() const;
  std::size_t OriginalCount() const;
};

ChaosPlan Transform(const scenario::Scenario& s, std::uint64_t seed, const ChaosOptions& options);

// The plan as a runnable Scenario (settles resolved as described above).
scenario::Scenario Materialize(const ChaosPlan& plan);

// The control-plane components a scenario's cluster runs (cluster.components, or all).
std::vector<std::string> RunningComponents(const scenario::ClusterConfig& c);

bool HasExpect(const scenario::Step& step);

}  // namespace snapsim::chaos
