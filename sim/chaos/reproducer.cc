#include "sim/chaos/reproducer.h"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace snapsim::chaos {
namespace {

// The `-f NAME` arguments of kubectl steps (NAME may hold ${VAR}s: then it is skipped).
std::vector<std::string> FileArgs(const scenario::Scenario& s) {
  std::vector<std::string> out;
  for (const auto& step : s.steps) {
    const auto* k = std::get_if<scenario::KubectlStep>(&step.action);
    if (k == nullptr) continue;
    const auto& args = k->command.args;
    for (std::size_t i = 0; i < args.size(); ++i) {
      std::string_view a = args[i];
      if ((a == "-f" || a == "--filename") && i + 1 < args.size()) {
        out.push_back(args[i + 1]);
      } else if (a.rfind("--filename=", 0) == 0) {
        out.emplace_back(a.substr(11));
      } else if (a.rfind("-f=", 0) == 0) {
        out.emplace_back(a.substr(3));
      }
    }
  }
  return out;
}

}  // namespace

scenario::Scenario ReproducerScenario(const ChaosPlan& plan, const CaseOutcome& outcome) {
  scenario::Scenario s = Materialize(plan);
  s.name = fmt::format("{}/chaos-seed-{}", plan.base.name, plan.seed);
  // `snapsim run` judges liveness only when asked: a liveness failure must fail there too.
  if (outcome.signature.rfind("invariant/liveness/", 0) == 0) s.liveness = true;
  s.description = fmt::format(
      "Chaos reproducer for {} ({}), seed {}: {}: {}\nReplay: snapsim run <this file>\n", plan.base.name,
      plan.base.path, plan.seed, outcome.invariant, outcome.detail);
  for (const std::string& name : FileArgs(s)) {
    std::string key = name.rfind("./", 0) == 0 ? name.substr(2) : name;
    if (key.empty() || s.files.count(key) || name.find("${") != std::string::npos) continue;
    std::filesystem::path p(name);
    if (p.is_relative()) p = std::filesystem::path(plan.base.path).parent_path() / p;
    std::ifstream in(p, std::ios::binary);
    if (!in.is_open()) continue;
    std::ostringstream text;
    text << in.rdbuf();
    if (text.str().find("${") != std::string::npos) continue;  // would be substituted inline
    s.files.emplace(key, text.str());
  }
  return s;
}

}  // namespace snapsim::chaos
