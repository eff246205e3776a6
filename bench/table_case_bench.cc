// Google Benchmark view of BENCHMARKS.md item (6): one snapshot-controller or
// csi-snapshotter sync of an upstream-style table row, timed alone (sim/bench/table_cases.h
// says which rows, how each world is built untimed and how the effect is checked).
// Target: <= 10 us per sync; upstream's Go framework spends ~0.9 ms per common-controller
// case and 0.3-0.4 ms per sidecar case, whole case included.
//
// Profile one kind of sync with callgrind, collecting only inside the timed call:
//   valgrind --tool=callgrind --toggle-collect='*TimedSnapshotSync*'
//     build/bench/table_case_bench --benchmark_filter=BM_DynamicCreate  (one command line)
// (TimedContentSync for the csi-snapshotter rows).
#include <benchmark/benchmark.h>

#include "sim/bench/table_cases.h"

namespace snapsim::bench {
namespace {

// Iterations per benchmark: each one builds a whole world (~0.1 ms, untimed).
constexpr int kIterations = 3000;

void RunCase(benchmark::State& state, TableCase c) {
  for (auto _ : state) {
    auto t = TimeTableCase(c, 1);
    if (!t.ok()) {
      state.SkipWithError(t.status().message().c_str());
      break;
    }
    state.SetIterationTime(t->front());
  }
  state.SetLabel(TableCaseRow(c));
}

void BM_DynamicCreate(benchmark::State& state) { RunCase(state, TableCase::kDynamicCreate); }
void BM_DynamicDelete(benchmark::State& state) { RunCase(state, TableCase::kDynamicDelete); }
void BM_SidecarCreate(benchmark::State& state) { RunCase(state, TableCase::kSidecarCreate); }
void BM_SidecarDelete(benchmark::State& state) { RunCase(state, TableCase::kSidecarDelete); }

BENCHMARK(BM_DynamicCreate)->UseManualTime()->Iterations(kIterations)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_DynamicDelete)->UseManualTime()->Iterations(kIterations)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_SidecarCreate)->UseManualTime()->Iterations(kIterations)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_SidecarDelete)->UseManualTime()->Iterations(kIterations)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace snapsim::bench

BENCHMARK_MAIN();
