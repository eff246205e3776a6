// Scenario: a scenario file decoded once into typed, immutable steps.
//
// The loader (loader.h) is the only producer; the runner (runner.h) and chaos re-run
// the same Scenario any number of times (per seed, concurrently) without re-parsing
// YAML, so everything here is a plain value: copyable, no references into YAML nodes,
// and safe to read from several threads at once (std::regex matching is const).
// Positions are 1-based lines and columns in the scenario file (`path`).
#pragma once

#include <array>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "sim/engine/time.h"
#include "sim/kubectl/jsonpath.h"
#include "sim/scenario/host.h"
#include "sim/scenario/pattern.h"
#include "src/api/value.h"

namespace snapsim::scenario {

// The components a `crash:` step may name (SCENARIOS.md).
inline constexpr std::array<std::string_view, 8> kCrashableComponents = {
    "snapshot-controller", "csi-snapshotter",         "csi-provisioner", "csi-attacher",
    "csi-plugin",          "kube-controller-manager", "kube-scheduler",  "kubelet"};

// Settle limit when a step gives no `settle:` (DESIGN.md: one virtual hour).
inline constexpr engine::Nanos kDefaultSettleLimit = engine::kHour;

struct SourcePos {
  int line = 0;    // 1-based; 0 = unknown
  int column = 0;  // 1-based
};

// A kubectl or aliyun command line: the text as written and its shell words. ${VAR}
// references are kept verbatim in both and substituted at run time.
struct CommandLine {
  std::string text;
  std::vector<std::string> args;
};

struct KubectlStep {
  CommandLine command;
};
struct AliyunStep {
  CommandLine command;
};
struct SleepStep {
  engine::Nanos duration = 0;
  std::string text;  // as written, e.g. "36m"
};
struct FaultStep {
  api::Value rule;  // a map, verbatim (string leaves get ${VAR} substitution at run time)
};
struct CrashStep {
  std::string component;  // one of kCrashableComponents
};
using Action = std::variant<KubectlStep, AliyunStep, SleepStep, FaultStep, CrashStep>;

struct Expect {
  std::optional<std::string> stdout_exact;
  std::optional<std::string> stderr_exact;
  std::optional<std::string> stdout_contains;
  std::optional<std::string> stderr_contains;
  std::optional<Pattern> stdout_matches;
  std::optional<Pattern> stderr_matches;
  std::optional<int> exit_code;
  SourcePos pos;  // of the `expect:` key; unknown when the step has none
};

// `save: {VAR: "{.jsonpath}"}`: one entry, in file order.
struct SaveRule {
  std::string variable;
  std::string jsonpath;   // as written
  kubectl::JsonPath path;  // parsed
};

struct Step {
  Action action;
  Expect expect;
  std::vector<SaveRule> save;
  std::string save_stdout;  // "" = none
  bool settle = true;       // false: `settle: false`
  engine::Nanos settle_limit = kDefaultSettleLimit;
  std::string settle_text = "1h";  // as written, for the transcript
  SourcePos pos;                   // of the step's `- ` item
};

struct Scenario {
  std::string name;
  std::string description;
  ClusterConfig cluster;
  std::map<std::string, std::string> files;  // inline files by name, raw (before ${VAR})
  std::vector<Step> steps;
  // `chaos: false`: the scenario pins exact virtual times (timestamps, sleeps to the
  // second), so `snapsim chaos` skips it rather than judge it under faults.
  bool chaos = true;
  // `liveness: true`: after the last step the cluster settles and must be live
  // (ScenarioHost::CheckLiveness: nothing stuck terminating that must go, every valid
  // snapshot ready), as `snapsim chaos` judges it. Chaos reproducers of liveness
  // failures carry it so that `snapsim run` fails the same way.
  bool liveness = false;
  std::string path;  // as given to the loader; error messages and the runner use it
  SourcePos name_pos;
  SourcePos cluster_pos;  // of `cluster:`, or of `name:` when absent
};

// "kubectl", "aliyun", "sleep", "fault" or "crash".
std::string_view ActionName(const Action& action);

}  // namespace snapsim::scenario
