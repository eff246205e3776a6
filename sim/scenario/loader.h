// Scenario loader: a scenario file (SCENARIOS.md) -> a typed, immutable Scenario.
//
// Decodes once, strictly: unknown keys, wrong types, bad durations, regexes, jsonpaths,
// command-line quoting and ${VAR} syntax are all load errors, each reported as
//   <path>:<line>:<col>: <what was expected>
// with the 1-based position of the offending node (or of the scenario's first line for
// a missing key). Nothing here runs anything; undefined variables and fault rule
// contents are checked later (by the runner and the host). Thread-safe.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "sim/engine/status.h"
#include "sim/scenario/scenario.h"

namespace snapsim::scenario {

// Keys under `cluster:` that the loader does not type itself but passes through, as
// written, in ClusterConfig::extra for the host to validate. Any other unknown cluster
// key is a load error. Extend this list when the host learns a new cluster setting.
inline constexpr std::array<std::string_view, 0> kHostClusterKeys = {};

// Reads and decodes the file at `path` (messages and relative `-f` files use `path`
// as given).
Result<Scenario> LoadScenarioFile(const std::string& path);

// Decodes `text` as if read from `path`.
Result<Scenario> LoadScenarioText(std::string_view text, const std::string& path);

}  // namespace snapsim::scenario
