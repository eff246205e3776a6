// The workloads `snapsim bench` measures (BENCHMARKS.md): each runs real clusters and
// returns what it measured. Wall and CPU clocks are read here and only here - a bench
// is the one place snapsim looks at real time - and nothing in a simulation depends on
// them. Workloads fail with a Status when the simulation does not do what it must (a
// scenario that fails, snapshots that do not become ready), so a number is never
// reported for broken behaviour.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/engine/status.h"

namespace snapsim::bench {

// The ACK document's dynamic flow (scenarios/ack-doc/dynamic-snapshot.yaml): CPU seconds
// per run, one sample per run.
struct FlowSamples {
  std::vector<double> with_parsing;  // read + parse + run
  std::vector<double> parsed_once;   // run the typed scenario again (another seed)
};
Result<FlowSamples> AckFlow(const std::string& scenarios_dir, int runs);

// Chaos on that flow: `seeds` seeds on `jobs` threads (default fault kinds).
struct ChaosThroughput {
  std::uint64_t seeds = 0;
  std::uint64_t failed = 0;
  double wall_seconds = 0;
  double SeedsPerSecond() const { return wall_seconds > 0 ? static_cast<double>(seeds) / wall_seconds : 0; }
};
Result<ChaosThroughput> ChaosOnAckFlow(const std::string& scenarios_dir, std::uint64_t seeds, int jobs);

// `snapshots` VolumeSnapshots round-robin over the claims of a `claims`-replica
// StatefulSet: created through the API server, made ready, deleted (every ECS snapshot
// gone). The StatefulSet's boot is not measured.
//
// Two shapes of the same work:
//  - kBurst creates every snapshot at once. ECS cuts one snapshot of a disk at a time and
//    refuses the others (IncorrectDiskStatus.CreatingSnapshot), so with 10 snapshots a
//    claim 9 of 10 CreateSnapshot calls are refused and retried by csi-snapshotter with
//    backoff: this shape measures the retry storm as much as the snapshots.
//  - kRounds creates one snapshot of every claim, waits until the cluster is at rest,
//    and repeats (the shape of a scheduled backup); nothing is refused.
// Every snapshot is ready before the first is deleted. kBurst then deletes them all at
// once; kRounds deletes them a round at a time (the oldest first), as a backup schedule's
// retention does, coming to rest after each round.
enum class ScaleShape { kBurst, kRounds };
std::string_view ScaleShapeName(ScaleShape shape);

struct ScaleResult {
  ScaleShape shape = ScaleShape::kBurst;
  int claims = 0;
  int snapshots = 0;
  double wall_seconds = 0;
  double virtual_seconds = 0;
  std::uint64_t events = 0;     // event-loop events run (syncs, deliveries, replies)
  std::uint64_t ecs_calls = 0;
  // Of the whole process, from the workload's start (VmHWM reset) to its end: includes the
  // StatefulSet's boot and what the allocator still holds of earlier work in the process;
  // profile_driver runs one workload per process for a clean figure.
  double peak_rss_mib = 0;
  // The same peak up to the moment every snapshot is ready, before the deletions start:
  // what holding `snapshots` ready snapshots costs, without the deletion's transient.
  double held_rss_mib = 0;
  double EventsPerSecond() const { return wall_seconds > 0 ? static_cast<double>(events) / wall_seconds : 0; }
};
// `around.before` runs just before the measured phase, `around.after` just after it (a
// profiler's start and stop; the boot is not measured).
struct Around {
  std::function<void()> before;
  std::function<void()> after;
};
Result<ScaleResult> SnapshotScale(int claims, int snapshots, ScaleShape shape, const Around& around = {});

// The API server alone with `objects` ConfigMaps: operations per second for create,
// get, update and list (one list of everything per 1,000 objects), and watch events
// delivered per second to `watchers` watchers of the kind.
struct ApiServerThroughput {
  int objects = 0;
  int watchers = 0;
  double create_per_s = 0;
  double get_per_s = 0;
  double update_per_s = 0;
  double list_items_per_s = 0;
  double watch_events_per_s = 0;
};
Result<ApiServerThroughput> ApiServerOps(int objects, int watchers);

// Process start to the first step of `snapsim run` on a one-step scenario: the wall time
// of the whole child process (`snapsim_binary run FILE`), seconds per sample.
Result<std::vector<double>> ProcessStart(const std::string& snapsim_binary, int runs);

// A whole file, for the bench programs (bench/) as well; NotFound names the path.
Result<std::string> ReadFile(const std::string& path);

double Median(std::vector<double> v);
// The process's peak resident set (VmHWM) since it started or since the last
// ResetPeakRss; where /proc cannot reset it (or is missing), since the start.
double PeakRssMiB();
void ResetPeakRss();

}  // namespace snapsim::bench
