#include "sim/kubectl/kubectl.h"

#include <fmt/format.h>

#include "sim/kubectl/commands.h"
#include "sim/kubectl/invocation.h"

namespace snapsim::kubectl {
namespace {

using Runner = int (*)(Invocation&, const std::vector<std::string>&);

struct CommandEntry {
  std::string_view name;
  Runner run;
};

constexpr CommandEntry kCommands[] = {
    {"get", &RunGet},         {"apply", &RunApply}, {"create", &RunCreate},     {"delete", &RunDelete},
    {"describe", &RunDescribe}, {"wait", &RunWait}, {"patch", &RunPatch},       {"label", &RunLabel},
    {"annotate", &RunAnnotate}, {"scale", &RunScale}, {"exec", &RunExec},       {"version", &RunVersion},
};

// Real kubectl commands snapsim does not model: they fail loudly, never silently.
constexpr std::string_view kUnmodelled[] = {
    "edit", "replace", "rollout", "logs", "attach", "port-forward", "proxy", "cp", "auth", "debug", "events",
    "diff", "kustomize", "set", "expose", "run", "autoscale", "certificate", "cluster-info", "top", "cordon",
    "uncordon", "drain", "taint", "api-resources", "api-versions", "config", "plugin", "explain", "completion",
    "alpha",
};

// Levenshtein distance, for kubectl's "Did you mean this?" suggestion.
std::size_t Distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

}  // namespace

CommandResult RunKubectl(KubectlEnv& env, const std::vector<std::string>& args, const FileReader& files) {
  std::string command = args.empty() ? "" : args[0];
  Invocation inv(env, files, command);
  if (args.empty()) {
    inv.Err("error: snapsim's kubectl needs a command, e.g. kubectl get pods\n");
    return inv.Finish(1);
  }
  std::vector<std::string> rest(args.begin() + 1, args.end());
  for (const auto& c : kCommands) {
    if (c.name == command) return inv.Finish(c.run(inv, rest));
  }
  for (auto u : kUnmodelled) {
    if (u == command) {
      inv.Err(fmt::format("error: unsupported: snapsim does not model kubectl {}\n", command));
      return inv.Finish(1);
    }
  }
  inv.Err(fmt::format("error: unknown command \"{}\" for \"kubectl\"", command));
  std::vector<std::string_view> suggestions;
  for (const auto& c : kCommands) {
    if (Distance(c.name, command) <= 2 || (command.size() >= 2 && c.name.rfind(command, 0) == 0)) {
      suggestions.push_back(c.name);
    }
  }
  if (!suggestions.empty()) {
    inv.Err("\n\nDid you mean this?\n");
    for (auto s : suggestions) inv.Err(fmt::format("\t{}\n", s));
  } else {
    inv.Err("\n");
  }
  return inv.Finish(1);
}

}  // namespace snapsim::kubectl
