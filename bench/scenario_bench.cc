// The ACK document's flows, end to end on a fresh cluster per run: once including
// scenario parsing (YAML → typed steps), once with the scenario decoded once and
// re-run per seed (what chaos campaigns do). Each run boots a cluster, replays every
// step with its settles and checks invariants. Reported per run (items = runs).
//
//   build/bench/scenario_bench [--benchmark_filter=...]
#include <benchmark/benchmark.h>

#include <string>

#include "sim/bench/workloads.h"
#include "sim/cluster/host_factory.h"
#include "sim/scenario/loader.h"
#include "sim/scenario/runner.h"

namespace snapsim {
namespace {

const char* const kScenarios[] = {
    "scenarios/ack-doc/statefulset.yaml",
    "scenarios/ack-doc/dynamic-snapshot.yaml",
};

void RunOrSkip(benchmark::State& state, bool parse_each_run) {
  std::string path = std::string(SNAPSIM_SOURCE_DIR) + "/" + kScenarios[state.range(0)];
  auto read = bench::ReadFile(path);
  std::string text = read.ok() ? *read : "";
  auto once = scenario::LoadScenarioText(text, path);
  if (!read.ok() || !once.ok()) {
    state.SkipWithError(("cannot load " + path).c_str());
    return;
  }
  auto factory = cluster::NewHostFactory();
  std::uint64_t seed = 1;
  for (auto _ : state) {
    scenario::ScenarioResult r;
    if (parse_each_run) {
      auto s = scenario::LoadScenarioText(text, path);
      r = scenario::RunScenario(*s, factory, {.seed = seed++});
    } else {
      r = scenario::RunScenario(*once, factory, {.seed = seed++});
    }
    if (!r.passed) {
      state.SkipWithError(("scenario failed: " + r.verdict).c_str());
      return;
    }
    benchmark::DoNotOptimize(r.transcript.data());
  }
  state.SetLabel(kScenarios[state.range(0)]);
  state.SetItemsProcessed(state.iterations());
}

void BM_FlowIncludingParsing(benchmark::State& state) { RunOrSkip(state, true); }
void BM_FlowParsedOnce(benchmark::State& state) { RunOrSkip(state, false); }

BENCHMARK(BM_FlowIncludingParsing)->DenseRange(0, 1)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_FlowParsedOnce)->DenseRange(0, 1)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace snapsim

BENCHMARK_MAIN();
