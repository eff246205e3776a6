// One chaos case: a ChaosPlan run on a fresh host, judged, and (on failure) shrunk.
//
// A case fails when the runner fails a step (an invariant violated after a settle, an
// expectation not met after faults were lifted, a command that failed) or, with
// `check_liveness`, when after the final `fault: {clear: all}` settled the objects are
// not live (ScenarioHost::CheckLiveness: "invariant/liveness/..."; judged at rest or not,
// since a controller may rightly retry for ever; what is still in flight is added to the
// detail). Every failure has a signature — "invariant/<name>", "expect/<original step
// index>", "step/<kind>" or "error" — and shrinking keeps a smaller plan only while it
// fails with the same signature. Deterministic: the outcome is a function of (plan, host factory).
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "sim/chaos/transform.h"
#include "sim/scenario/host.h"
#include "sim/scenario/runner.h"

namespace snapsim::chaos {

struct CaseOutcome {
  bool failed = false;
  // A failure that is a known defect of a real component snapsim reproduces on purpose
  // (invariant/driver-leak and invariant/upstream-leak, see invariants.h), not of our
  // controllers' deviations from upstream: reported,
  // never counted as a failed seed, never shrunk.
  bool known = false;
  std::string signature;  // see above; "" when passed
  std::string invariant;  // the headline's first part: an invariant name, "expect", ...
  std::string detail;     // one line
  scenario::ScenarioResult result;
  std::string state;           // the host's DumpState() after the run
  std::uint64_t digest = 0;    // FNV-1a of state and transcript
};

struct CaseOptions {
  bool check_liveness = true;
  bool dump_state = false;
};

CaseOutcome RunPlan(const ChaosPlan& plan, const scenario::HostFactory& factory, const CaseOptions& options);

struct ShrinkResult {
  ChaosPlan plan;
  CaseOutcome outcome;
  int runs = 0;  // plans tried
};

// Delta debugging: drops the seeded interleaving (cluster.scheduleSeed) if the failure
// does not need it, then chunks of inserted steps (halving the chunk size down to one),
// then — for invariant and liveness failures only; an expectation depends on what the
// steps before it built — the scenario's own steps the same way, keeping each removal
// while the plan still fails with `failing.signature`; finally drops the clears that
// lift nothing. `max_runs` bounds the work.
ShrinkResult Shrink(const ChaosPlan& plan, const CaseOutcome& failing, const scenario::HostFactory& factory,
                    const CaseOptions& options, int max_runs = 400);

std::uint64_t Fnv1a(std::string_view text, std::uint64_t h = 1469598103934665603ULL);

}  // namespace snapsim::chaos
