// Snapshots at scale on a whole simulated cluster: a StatefulSet of P replicas on
// alicloud-disk-essd (Parallel pod management) is brought up once per run, then S
// VolumeSnapshots spread round-robin over the P claims are created (through the API
// server, as many clients would), made ready by snapshot-controller + csi-snapshotter +
// the driver + ECS, and deleted again (Delete policy: every ECS snapshot gone).
// Reports wall time per snapshot for the snapshot phases (not the StatefulSet's boot),
// the virtual time they took, and the ECS calls made.
//
//   build/bench/snapshot_scale_bench     (1,000 and 10,000 over 100 in both shapes, 100,000 over 1,000 in rounds)
//   build/bench/snapshot_scale_bench --benchmark_filter='claims:100/snapshots:1000/'
#include <benchmark/benchmark.h>

#include <fmt/format.h>

#include <string>

#include "sim/bench/workloads.h"

namespace snapsim {
namespace {

void BM_Snapshots(benchmark::State& state) {
  const int claims = static_cast<int>(state.range(0));
  const int snapshots = static_cast<int>(state.range(1));
  const auto shape = state.range(2) == 0 ? bench::ScaleShape::kBurst : bench::ScaleShape::kRounds;
  state.SetLabel(std::string(bench::ScaleShapeName(shape)));
  double wall_seconds = 0;
  double virtual_seconds = 0;
  double ecs_calls = 0;
  for (auto _ : state) {
    // The workload times its own measured phase (the StatefulSet's boot is not in it).
    state.PauseTiming();
    auto r = bench::SnapshotScale(claims, snapshots, shape);
    state.ResumeTiming();
    if (!r.ok()) {
      state.SkipWithError(r.status().message().c_str());
      return;
    }
    state.SetIterationTime(r->wall_seconds);
    wall_seconds += r->wall_seconds;
    virtual_seconds += r->virtual_seconds;
    ecs_calls += static_cast<double>(r->ecs_calls);
  }
  double runs = static_cast<double>(state.iterations());
  state.counters["us_per_snapshot"] = wall_seconds / runs / snapshots * 1e6;
  state.counters["virtual_s"] = virtual_seconds / runs;
  state.counters["ecs_calls"] = ecs_calls / runs;
  state.SetItemsProcessed(state.iterations() * snapshots);
}

// 100 snapshots per claim at most: ECS refuses a 257th manual snapshot of a disk
// (QuotaExceed.Snapshot), and one disk snapshots one at a time (the rest are refused with
// IncorrectDiskStatus.CreatingSnapshot and retried by csi-snapshotter with backoff), so
// the work per snapshot depends on snapshots per claim: compare runs of equal density.
// The third argument is the shape: 0 all at once (burst), 1 one snapshot a claim a round.
BENCHMARK(BM_Snapshots)
    ->ArgNames({"claims", "snapshots", "rounds"})
    ->Args({100, 1000, 0})
    ->Args({100, 1000, 1})
    ->Args({100, 10000, 0})
    ->Args({100, 10000, 1})
    ->Args({1000, 100000, 1})
    ->Unit(benchmark::kMillisecond)
    ->UseManualTime()
    ->Iterations(1);

}  // namespace
}  // namespace snapsim

BENCHMARK_MAIN();
