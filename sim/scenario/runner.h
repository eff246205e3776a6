// Runner: replays one Scenario on a fresh host, step by step, and judges it.
//
// For each step: substitute ${VAR}s and run the command (kubectl, aliyun, sleep, fault,
// crash); settle the cluster (Settle(1h) unless the step says `settle: DURATION` or
// `settle: false`); check `expect`; apply `saveStdout` / `save`; check invariants. The
// first failing step ends the run. The transcript format is described in transcript.h.
//
// RunScenario only reads the Scenario, so many runs (different seeds, threads) may share
// one. It calls the factory once, from the calling thread, and never throws.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/scenario/host.h"
#include "sim/scenario/scenario.h"

namespace snapsim::scenario {

struct RunOptions {
  std::optional<std::uint64_t> seed;  // overrides cluster.seed (--seed)
};

struct Failure {
  std::size_t step = 0;   // 1-based; 0 = not tied to a step (cluster creation, load error)
  std::string location;   // "path:line" of the step (or of cluster:), "" if unknown
  std::string command;    // the step as run, e.g. "kubectl get pv" or "sleep 36m"
  std::string summary;    // one line: what was expected vs what happened
  std::vector<std::string> detail;  // further lines (a diff, the output), unindented
};

struct ScenarioResult {
  std::string name;        // the scenario's name (the path for a load error)
  std::string path;
  std::uint64_t seed = 0;
  bool passed = false;
  bool load_error = false;  // the file could not be loaded (or its name is a duplicate)
  std::string transcript;  // the session, without the verdict
  std::string verdict;     // "PASS <name>\n", or "FAIL <name>\n" and indented failure lines
  std::optional<Failure> failure;
  engine::Nanos virtual_time = 0;  // the host's clock when the run ended

  std::string Text() const { return transcript + verdict; }
};

ScenarioResult RunScenario(const Scenario& scenario, const HostFactory& factory,
                           const RunOptions& options = {});

// The verdict block for a failure: "FAIL <name>\n" then the failure, indented by two.
std::string FailVerdict(std::string_view name, const Failure& failure);

}  // namespace snapsim::scenario
