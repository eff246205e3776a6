// `snapsim bench [--quick] [--runs N] [--jobs J]`: runs the workloads of workloads.h and
// prints one table - each measure, its value (a median where several runs are cheap),
// the target from BENCHMARKS.md and whether it is met - headed by the machine's core
// count. `--quick` shrinks every workload so the whole table takes seconds (CI runs it
// only to prove the benchmarks still run; nothing asserts a speed). Exit: 0 when every
// workload ran (met or missed targets alike), 1 when one failed, 2 for a usage error.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace snapsim::bench {

// `self` is the path of the snapsim binary (for the process-start measure).
int BenchCommandMain(const std::vector<std::string>& args, const std::string& self, std::ostream& out,
                     std::ostream& err);

std::string BenchUsage();

}  // namespace snapsim::bench
