// A fixed-work driver for instruction-count profiling (valgrind --tool=callgrind):
// Google Benchmark picks its iteration count from wall time, which makes Ir counts
// vary; this runs exactly N iterations of one workload and instruments only them
// (run callgrind with --instr-atstart=no).
//
//   profile_driver flow [N] [parse]        the ACK dynamic-snapshot flow N times
//   profile_driver snapshots CLAIMS SNAPS [burst|rounds]
//                                          the snapshot_scale_bench workload once
#include <valgrind/callgrind.h>

#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <string>

#include "sim/bench/workloads.h"
#include "sim/cluster/cluster.h"
#include "sim/cluster/host_factory.h"
#include "sim/scenario/loader.h"
#include "sim/scenario/runner.h"
#include "src/api/kinds_snapshot.h"

namespace snapsim {
namespace {

int Flow(int n, bool parse) {
  std::string path = std::string(SNAPSIM_SOURCE_DIR) + "/scenarios/ack-doc/dynamic-snapshot.yaml";
  auto read = bench::ReadFile(path);
  if (!read.ok()) {
    fmt::print(stderr, "{}\n", read.status().message());
    return 1;
  }
  const std::string& text = *read;
  auto once = scenario::LoadScenarioText(text, path);
  if (!once.ok()) return 1;
  auto factory = cluster::NewHostFactory();
  auto start = std::chrono::steady_clock::now();
  CALLGRIND_START_INSTRUMENTATION;
  for (int i = 0; i < n; ++i) {
    scenario::ScenarioResult r;
    if (parse) {
      auto s = scenario::LoadScenarioText(text, path);
      r = scenario::RunScenario(*s, factory, {.seed = static_cast<std::uint64_t>(i + 1)});
    } else {
      r = scenario::RunScenario(*once, factory, {.seed = static_cast<std::uint64_t>(i + 1)});
    }
    if (!r.passed) {
      fmt::print(stderr, "failed: {}\n", r.verdict);
      return 1;
    }
  }
  CALLGRIND_STOP_INSTRUMENTATION;
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  fmt::print("{} runs, {:.1f} us per run\n", n, s / n * 1e6);
  return 0;
}

int Snapshots(int claims, int snapshots, bench::ScaleShape shape) {
  auto r = bench::SnapshotScale(claims, snapshots, shape,
                                {[] { CALLGRIND_START_INSTRUMENTATION; }, [] { CALLGRIND_STOP_INSTRUMENTATION; }});
  if (!r.ok()) {
    fmt::print(stderr, "failed: {}\n", r.status().message());
    return 1;
  }
  fmt::print("{} {} snapshots over {} claims: {:.3f} s, {:.1f} us per snapshot, {} ECS calls, {} events, {:.0f} s virtual, peak RSS {:.0f} MiB ({:.0f} MiB holding every snapshot ready)\n",
             bench::ScaleShapeName(shape), snapshots, claims, r->wall_seconds, r->wall_seconds / snapshots * 1e6, r->ecs_calls, r->events,
             r->virtual_seconds, r->peak_rss_mib, r->held_rss_mib);
  return 0;
}

}  // namespace
}  // namespace snapsim

int main(int argc, char** argv) {
  std::string mode = argc > 1 ? argv[1] : "flow";
  if (mode == "flow") {
    int n = argc > 2 ? std::atoi(argv[2]) : 10;
    bool parse = argc > 3 && std::string(argv[3]) == "parse";
    return snapsim::Flow(n, parse);
  }
  if (mode == "snapshots") {
    int claims = argc > 2 ? std::atoi(argv[2]) : 100;
    int snaps = argc > 3 ? std::atoi(argv[3]) : 1000;
    std::string shape = argc > 4 ? argv[4] : "burst";
    if (shape != "burst" && shape != "rounds") {
      fmt::print(stderr, "profile_driver: shape must be burst or rounds, not {:?}\n", shape);
      return 2;
    }
    return snapsim::Snapshots(claims, snaps, shape == "burst" ? snapsim::bench::ScaleShape::kBurst
                                                              : snapsim::bench::ScaleShape::kRounds);
  }
  return 2;
}
