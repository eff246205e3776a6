// Reproducer: a failing chaos plan as a standalone scenario (Scenario, then text by
// WriteScenario). Named "<name>/chaos-seed-<n>", described with the seed and the broken
// invariant, cluster.seed = the seed; files the steps read with `-f` from beside the
// original scenario are inlined, so the reproducer runs from any folder with
// `snapsim run FILE` and fails the same way (a liveness failure through `liveness:
// true`, which makes the runner judge liveness after the last step).
#pragma once

#include <string>

#include "sim/chaos/chaos_run.h"

namespace snapsim::chaos {

scenario::Scenario ReproducerScenario(const ChaosPlan& plan, const CaseOutcome& outcome);

}  // namespace snapsim::chaos
