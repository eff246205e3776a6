#include "sim/scenario/runner.h"

#include <exception>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <type_traits>

#include <fmt/format.h>

#include "sim/scenario/expect.h"
#include "sim/scenario/transcript.h"
#include "sim/scenario/variables.h"
#include "src/api/json.h"

namespace snapsim::scenario {
namespace {

std::string_view TrimSpace(std::string_view s) {
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// Substitutes ${VAR}s in every string leaf (and key) of a fault rule.
Result<api::Value> SubstituteValue(const api::Value& v, const Variables& vars) {
  if (v.is_string()) {
    SNAPSIM_ASSIGN_OR_RETURN(std::string s, Substitute(v.as_string(), vars));
    return api::Value(std::move(s));
  }
  if (v.is_array()) {
    api::Value::Array items;
    for (const auto& item : v.as_array()) {
      SNAPSIM_ASSIGN_OR_RETURN(api::Value s, SubstituteValue(item, vars));
      items.push_back(std::move(s));
    }
    return api::Value(std::move(items));
  }
  if (v.is_object()) {
    api::Value::Object members;
    for (const auto& [k, member] : v.as_object()) {
      SNAPSIM_ASSIGN_OR_RETURN(api::Value s, SubstituteValue(member, vars));
      members.emplace(k, std::move(s));
    }
    return api::Value(std::move(members));
  }
  return v;
}

// One run of one scenario on one host.
class Run {
 public:
  Run(const Scenario& s, ScenarioHost& host, Transcript& transcript)
      : s_(s), host_(host), t_(transcript) {}

  // Runs every step; returns the first failure.
  std::optional<Failure> Steps() {
    for (std::size_t i = 0; i < s_.steps.size(); ++i) {
      if (auto f = RunStep(s_.steps[i])) {
        f->step = i + 1;
        f->location = fmt::format("{}:{}", s_.path, s_.steps[i].pos.line);
        return f;
      }
    }
    if (s_.liveness && !s_.steps.empty()) {
      if (auto f = Liveness()) {
        f->step = s_.steps.size();
        f->location = fmt::format("{}:{}", s_.path, s_.steps.back().pos.line);
        return f;
      }
    }
    return std::nullopt;
  }

 private:
  // `liveness: true`, after the last step: the cluster settles, then nothing may be stuck
  // (judged on the objects: a controller may rightly retry for ever). No step number.
  std::optional<Failure> Liveness() {
    const std::string command = "liveness";
    SettleReport report = host_.Settle(kDefaultSettleLimit);
    if (!report.at_rest) t_.NotAtRest("the last step (liveness)", report.in_flight);
    std::vector<Violation> stuck = host_.CheckLiveness();
    if (stuck.empty()) return std::nullopt;
    Failure f{0, "", command, fmt::format("invariant {} violated: {}", stuck[0].invariant, stuck[0].detail), {}};
    for (std::size_t i = 1; i < stuck.size(); ++i) {
      f.detail.push_back(fmt::format("invariant {} violated: {}", stuck[i].invariant, stuck[i].detail));
    }
    return f;
  }

  // Returns a failure without step number or location (Steps fills them in).
  std::optional<Failure> RunStep(const Step& step) {
    CommandOutput out;
    std::string command;
    if (auto f = Execute(step.action, out, command)) return f;
    if (step.settle) {
      SettleReport report = host_.Settle(step.settle_limit);
      if (!report.at_rest) t_.NotAtRest(step.settle_text, report.in_flight);
    }
    auto fail = [&](std::string summary, std::vector<std::string> detail = {}) {
      return Failure{0, "", command, std::move(summary), std::move(detail)};
    };
    if (auto m = CheckExpect(step.expect, out)) return fail(m->summary, m->detail);
    if (!step.save_stdout.empty()) {
      std::string value(TrimSpace(out.out));
      t_.Saved(step.save_stdout, value);
      vars_[step.save_stdout] = std::move(value);
    }
    if (!step.save.empty()) {
      auto json = api::ParseJson(out.out);
      if (!json.ok()) {
        return fail(fmt::format("save: stdout is not JSON: {}", json.status().message()));
      }
      for (const auto& rule : step.save) {
        auto value = rule.path.Execute(*json, /*allow_missing_keys=*/false);
        if (!value.ok()) {
          return fail(fmt::format("save: {}: jsonpath {} over stdout: {}", rule.variable,
                                  rule.jsonpath, value.status().message()));
        }
        t_.Saved(rule.variable, *value);
        vars_[rule.variable] = std::move(*value);
      }
    }
    std::vector<Violation> violations = host_.CheckInvariants();
    if (!violations.empty()) {
      Failure f = fail(fmt::format("invariant {} violated: {}", violations[0].invariant,
                                   violations[0].detail));
      for (std::size_t i = 1; i < violations.size(); ++i) {
        f.detail.push_back(fmt::format("invariant {} violated: {}", violations[i].invariant,
                                       violations[i].detail));
      }
      return f;
    }
    return std::nullopt;
  }

  // Runs the action, appending to the transcript; `command` gets its one-line form.
  std::optional<Failure> Execute(const Action& action, CommandOutput& out, std::string& command) {
    if (const auto* k = std::get_if<KubectlStep>(&action)) {
      return RunCommand("kubectl", k->command, out, command);
    }
    if (const auto* a = std::get_if<AliyunStep>(&action)) {
      return RunCommand("aliyun", a->command, out, command);
    }
    if (const auto* sleep = std::get_if<SleepStep>(&action)) {
      command = fmt::format("sleep {}", sleep->text);
      t_.Note(command);
      host_.Sleep(sleep->duration);
      return std::nullopt;
    }
    if (const auto* fault = std::get_if<FaultStep>(&action)) {
      auto rule = SubstituteValue(fault->rule, vars_);
      command = fmt::format("fault {}", FlowYaml(rule.ok() ? *rule : fault->rule));
      t_.Note(command);
      if (!rule.ok()) return Failure{0, "", command, rule.status().message(), {}};
      StatusToOutput(host_.Fault(*rule), out);
      return std::nullopt;
    }
    const auto& crash = std::get<CrashStep>(action);
    command = fmt::format("crash {}", crash.component);
    t_.Note(command);
    StatusToOutput(host_.Crash(crash.component), out);
    return std::nullopt;
  }

  void StatusToOutput(const Status& status, CommandOutput& out) {
    if (status.ok()) return;
    out.err = status.message() + "\n";
    out.exit_code = 1;
    t_.Output(out);
  }

  std::optional<Failure> RunCommand(std::string_view tool, const CommandLine& line,
                                    CommandOutput& out, std::string& command) {
    auto text = Substitute(line.text, vars_);
    command = fmt::format("{} {}", tool, text.ok() ? *text : line.text);
    t_.Command(tool, text.ok() ? *text : line.text);
    if (!text.ok()) return Failure{0, "", command, text.status().message(), {}};
    std::vector<std::string> args;
    for (const auto& arg : line.args) {
      auto a = Substitute(arg, vars_);
      if (!a.ok()) return Failure{0, "", command, a.status().message(), {}};
      args.push_back(std::move(*a));
    }
    file_error_.reset();
    if (tool == "kubectl") {
      out = host_.Kubectl(args, [this](std::string_view name) { return ResolveFile(name); });
    } else {
      out = host_.Aliyun(args);
    }
    t_.Output(out);
    if (file_error_) return Failure{0, "", command, *file_error_, {}};
    return std::nullopt;
  }

  Result<std::string> ResolveFile(std::string_view name) {
    std::string_view key = name;
    if (key.substr(0, 2) == "./") key.remove_prefix(2);
    auto inline_file = s_.files.find(std::string(key));
    if (inline_file != s_.files.end()) {
      auto text = Substitute(inline_file->second, vars_);
      if (!text.ok()) {
        std::string msg = fmt::format("file {}: {}", inline_file->first, text.status().message());
        if (!file_error_) file_error_ = msg;
        return Status::InvalidArgument(msg);
      }
      return std::move(*text);
    }
    std::filesystem::path p(name);
    if (p.is_relative()) p = std::filesystem::path(s_.path).parent_path() / p;
    std::error_code ec;
    if (name.empty() || !std::filesystem::is_regular_file(p, ec)) {
      return Status::NotFound(fmt::format("the path \"{}\" does not exist", name));
    }
    std::ifstream in(p, std::ios::binary);
    if (!in.is_open()) {
      return Status::NotFound(fmt::format("the path \"{}\" cannot be read", name));
    }
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }

  const Scenario& s_;
  ScenarioHost& host_;
  Transcript& t_;
  Variables vars_;
  std::optional<std::string> file_error_;  // a ${VAR} error in an inline file this step
};

}  // namespace

std::string FailVerdict(std::string_view name, const Failure& f) {
  std::string out = fmt::format("FAIL {}\n", name);
  if (f.step > 0) out += fmt::format("  step {} ({}): {}\n", f.step, f.location, f.command);
  bool first = true;
  for (std::string_view line : SplitLines(f.summary)) {
    if (first && f.step == 0 && !f.location.empty()) {
      out += fmt::format("  {}: {}\n", f.location, line);
    } else {
      out += fmt::format("  {}\n", line);
    }
    first = false;
  }
  for (const auto& line : f.detail) out += fmt::format("  {}\n", line);
  return out;
}

ScenarioResult RunScenario(const Scenario& scenario, const HostFactory& factory,
                           const RunOptions& options) {
  ScenarioResult result;
  result.name = scenario.name;
  result.path = scenario.path;
  ClusterConfig config = scenario.cluster;
  if (options.seed) config.seed = *options.seed;
  result.seed = config.seed;
  Transcript t;
  t.Header(scenario.name, scenario.path, config.seed);
  std::optional<Failure> failure;
  try {
    auto host = factory(config);
    if (!host.ok()) {
      failure = Failure{0, fmt::format("{}:{}", scenario.path, scenario.cluster_pos.line), "",
                        fmt::format("cannot create the cluster: {}", host.status().message()),
                        {}};
    } else {
      Run run(scenario, **host, t);
      failure = run.Steps();
      result.virtual_time = (*host)->Now();
    }
  } catch (const std::exception& e) {  // a host bug must not take the whole suite down
    failure = Failure{0, scenario.path, "", fmt::format("internal error: {}", e.what()), {}};
  }
  result.transcript = t.text();
  result.passed = !failure.has_value();
  result.failure = std::move(failure);
  result.verdict = result.passed ? fmt::format("PASS {}\n", scenario.name)
                                 : FailVerdict(scenario.name, *result.failure);
  return result;
}

}  // namespace snapsim::scenario
