// ScenarioHost: the one interface between the scenario runner and a simulated cluster.
//
// The runner (sim/scenario/runner.h) drives exactly one fresh host per scenario run,
// from one thread, step by step; hosts made by the same factory share nothing, so a
// HostFactory may be called concurrently from several threads (`snapsim run --jobs`).
// sim/cluster/ implements it for the real simulated cluster; tests use a scripted fake
// (sim/scenario/fake_host.h).
//
// Contract for implementations:
// - Kubectl/Aliyun return what the real tool would print, and its exit code; they never
//   abort on bad input (a bad command is exit code 1 or 2 with the tool's message).
// - Kubectl resolves `-f NAME` only through `files` (inline scenario files after ${VAR}
//   substitution, then files relative to the scenario's folder); a resolver error is
//   the message kubectl would print after "error: ".
// - Fault gets the step's value verbatim (shape checked by the loader, contents by the
//   host); Crash gets one of kCrashableComponents (sim/scenario/scenario.h).
// - Everything is deterministic for a given ClusterConfig (including seed).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/engine/status.h"
#include "sim/engine/time.h"
#include "src/api/value.h"

namespace snapsim::scenario {

struct CommandOutput {
  std::string out;
  std::string err;
  int exit_code = 0;
};

struct ClusterConfig {
  std::string kubernetes_version = "1.22";
  std::string region = "cn-hangzhou";
  std::vector<std::string> zones = {"cn-hangzhou-i"};
  int nodes = 1;
  std::uint64_t seed = 1;
  std::string disk_driver_version;  // "" = current
  // The control-plane components to run (names as for `crash:`); nullopt = all of
  // them, an empty list = the API server and ECS alone.
  std::optional<std::vector<std::string>> components;
  // Fixed upstream bugs to put back ("1388", "#292", ...; src/csi/util/upstream_bugs.h).
  std::vector<std::string> upstream_bugs;
  // When set, events due at the same virtual instant run in an order drawn from this
  // seed (each watch stream, work queue and ECS call keeps its own order): one seed,
  // one interleaving. Chaos sets it; a reproducer keeps it.
  std::optional<std::uint64_t> schedule_seed;
  api::Value extra;                 // other keys under cluster:, validated by the host
};

struct SettleReport {
  bool at_rest = true;
  engine::Nanos elapsed = 0;
  std::vector<std::string> in_flight;  // one line each, e.g. "ECS snapshot s-1 progressing"
};

struct Violation {
  std::string invariant;
  std::string detail;
};

// Resolves `kubectl apply -f NAME`: the scenario's inline `files` first (after ${VAR}
// substitution), then paths relative to the scenario file's folder.
using FileResolver = std::function<Result<std::string>(std::string_view name)>;

class ScenarioHost {  // one fresh simulated cluster
 public:
  virtual ~ScenarioHost() = default;
  // args without "kubectl".
  virtual CommandOutput Kubectl(const std::vector<std::string>& args,
                                const FileResolver& files) = 0;
  // args without "aliyun", e.g. {"ecs","DescribeDisks","--RegionId","cn-hangzhou"}.
  virtual CommandOutput Aliyun(const std::vector<std::string>& args) = 0;
  virtual void Sleep(engine::Nanos d) = 0;
  virtual SettleReport Settle(engine::Nanos limit) = 0;
  // The step's value, e.g. {ecs: {api: CreateSnapshot, ...}} or {clear: all}.
  virtual Status Fault(const api::Value& rule) = 0;
  virtual Status Crash(std::string_view component) = 0;
  virtual std::vector<Violation> CheckInvariants() = 0;
  virtual engine::Nanos Now() const = 0;
  // A canonical text of the whole simulated state (API objects, cloud resources), for
  // determinism checks (`snapsim chaos`); "" when the host has none.
  virtual std::string DumpState() { return {}; }
  // Liveness violations once faults are lifted and the cluster is at rest (chaos calls it
  // after its final settle); none by default.
  virtual std::vector<Violation> CheckLiveness() { return {}; }
  // After a failed run: when the cluster is stuck in a state a real component is known to
  // reach by itself (an upstream race), a one-line explanation, once the host has shown
  // it heals as upstream's does (it may run the clock forward: the run is over). nullopt
  // otherwise, and by default.
  virtual std::optional<std::string> ExplainAsKnownRace() { return std::nullopt; }
};

using HostFactory = std::function<Result<std::unique_ptr<ScenarioHost>>(const ClusterConfig&)>;

}  // namespace snapsim::scenario
