// `snapsim chaos FILE|DIR --seeds N [--jobs J] [--faults LIST] [--seed-start S] [--out DIR]
//                [--upstream-bugs LIST] [--max-failures N]`
//
// Loads every scenario once, runs a baseline (the scenario as written, plus a final
// settle, on the correct build) to learn whether it passes and ends live (else liveness
// is not judged for it), then runs scenarios x seeds
// (seed-start .. seed-start+N-1) as chaos plans (transform.h) on J threads. A failure
// prints "FAIL <scenario> seed <n>: <invariant>: <detail>", is shrunk (chaos_run.h),
// written to <out>/<stem>-seed-<n>.yaml (reproducer.h) and the replay command printed;
// a known real-component defect (CaseOutcome::known) prints "KNOWN ..." and is not a
// failure. --max-failures N stops after the Nth failure in job order.
// Progress: "\r[chaos] done/total seeds  R seeds/s  F failures" on stderr when it is a
// terminal, else one summary line at the end (the wall clock is used only for R).
// Results and stdout are the same for any J. Exit: 0 all passed, 1 a failure (or a
// scenario that does not load or fails without faults), 2 usage error.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "sim/scenario/host.h"

namespace snapsim::chaos {

int ChaosCommandMain(const std::vector<std::string>& args, const scenario::HostFactory& factory,
                     std::ostream& out, std::ostream& err, bool err_is_tty = false);

std::string ChaosUsage();

}  // namespace snapsim::chaos
