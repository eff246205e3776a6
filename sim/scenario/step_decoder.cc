#include "sim/scenario/step_decoder.h"

#include <algorithm>
#include <charconv>
#include <optional>

#include <fmt/format.h>

#include "sim/kubectl/jsonpath.h"
#include "sim/scenario/shell_words.h"
#include "sim/scenario/variables.h"
#include "src/api/yaml.h"

namespace snapsim::scenario {
namespace {

constexpr std::string_view kActionList = "kubectl, aliyun, sleep, fault, crash";
constexpr std::string_view kOptionList = "expect, save, saveStdout, settle";
constexpr std::string_view kExpectList =
    "stdout, stderr, stdoutContains, stderrContains, stdoutMatches, stderrMatches, exitCode";

bool IsAction(std::string_view k) {
  return k == "kubectl" || k == "aliyun" || k == "sleep" || k == "fault" || k == "crash";
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n')) s.remove_suffix(1);
  return s;
}

Result<CommandLine> DecodeCommand(const YamlDecoder& d, std::string_view tool,
                                  std::string_view example, const yaml::Node& value) {
  std::string expected = fmt::format("a {} command line such as \"{}\"", tool, example);
  SNAPSIM_ASSIGN_OR_RETURN(std::string text, d.Scalar(value, tool, expected));
  if (auto err = FindVariableSyntaxError(text)) {
    return d.ErrorAt(d.PosInScalar(value, err->offset), fmt::format("{}: {}", tool, err->message));
  }
  auto split = SplitShellWords(text);
  if (auto* err = std::get_if<ShellSplitError>(&split)) {
    return d.ErrorAt(d.PosInScalar(value, err->offset), fmt::format("{}: {}", tool, err->message));
  }
  CommandLine line;
  line.args = std::move(std::get<std::vector<std::string>>(split));
  line.text = std::string(Trim(text));
  if (line.args.empty()) {
    return d.Error(value, fmt::format("{}: expected {}, got an empty command line", tool, expected));
  }
  if (line.args[0] == tool) {
    return d.Error(value, fmt::format("{}: write the command line without the leading \"{}\", "
                                      "e.g. {}: {}",
                                      tool, tool, tool, example));
  }
  return line;
}

Result<Action> DecodeAction(const YamlDecoder& d, std::string_view kind, const yaml::Node& value) {
  if (kind == "kubectl") {
    SNAPSIM_ASSIGN_OR_RETURN(CommandLine line, DecodeCommand(d, "kubectl", "get pods", value));
    return Action(KubectlStep{std::move(line)});
  }
  if (kind == "aliyun") {
    SNAPSIM_ASSIGN_OR_RETURN(
        CommandLine line,
        DecodeCommand(d, "aliyun", "ecs DescribeDisks --RegionId cn-hangzhou", value));
    return Action(AliyunStep{std::move(line)});
  }
  if (kind == "sleep") {
    SNAPSIM_ASSIGN_OR_RETURN(std::string text,
                             d.Scalar(value, "sleep", "a duration such as 90s, 5m, 2h or 3d"));
    auto duration = engine::ParseDuration(text);
    if (!duration.ok()) return d.Error(value, fmt::format("sleep: {}", duration.status().message()));
    return Action(SleepStep{*duration, text});
  }
  if (kind == "fault") {
    if (!value.IsMap() || value.size() == 0) {
      return d.Error(value, fmt::format("fault: expected a rule (a map) such as {{ecs: {{api: "
                                        "CreateSnapshot, error: Throttling, times: 2}}}} or "
                                        "{{clear: all}}, got {}",
                                        value.IsMap() ? "an empty map" : YamlDecoder::Describe(value)));
    }
    SNAPSIM_ASSIGN_OR_RETURN(api::Value rule, d.ToValue(value));
    return Action(FaultStep{std::move(rule)});
  }
  // crash
  std::string components;
  for (auto c : kCrashableComponents) {
    if (!components.empty()) components += ", ";
    components += c;
  }
  SNAPSIM_ASSIGN_OR_RETURN(std::string component,
                           d.Scalar(value, "crash", fmt::format("one of: {}", components)));
  if (std::find(kCrashableComponents.begin(), kCrashableComponents.end(), component) ==
      kCrashableComponents.end()) {
    return d.Error(value, fmt::format("crash: unknown component \"{}\"; expected one of: {}",
                                      component, components));
  }
  return Action(CrashStep{std::move(component)});
}

Result<std::string> DecodeVariableName(const YamlDecoder& d, const yaml::Node& node,
                                       std::string_view what) {
  SNAPSIM_ASSIGN_OR_RETURN(std::string name, d.Scalar(node, what, "a variable name"));
  if (!IsVariableName(name)) {
    return d.Error(node, fmt::format("{}: invalid variable name \"{}\"; expected letters, digits "
                                     "and _, not starting with a digit",
                                     what, name));
  }
  return name;
}

Status DecodeSave(const YamlDecoder& d, const yaml::Node& value, std::vector<SaveRule>& save) {
  if (!value.IsMap()) {
    return d.Error(value, fmt::format("save: expected a map from variable name to jsonpath such as "
                                      "{{SNAPSHOT_ID: \"{{.SnapshotId}}\"}}, got {}",
                                      YamlDecoder::Describe(value)));
  }
  SNAPSIM_ASSIGN_OR_RETURN(auto members, d.Members(value, "save"));
  for (const auto& [key, path_node] : members) {
    SNAPSIM_ASSIGN_OR_RETURN(std::string name, DecodeVariableName(d, key, "save"));
    std::string what = fmt::format("save: {}", name);
    bool plain_non_string = path_node.IsScalar() && path_node.Tag() == "?" &&
                            api::PlainScalarIsNonString(path_node.Scalar());
    if (!path_node.IsScalar() || plain_non_string) {
      std::string got = plain_non_string ? fmt::format("\"{}\"", path_node.Scalar())
                                         : std::string(YamlDecoder::Describe(path_node));
      std::string hint = path_node.IsMap() ? " (quote it: a bare {...} is a YAML map)" : "";
      return d.Error(path_node, fmt::format("{}: expected a jsonpath string such as "
                                            "\"{{.SnapshotId}}\"{}, got {}",
                                            what, hint, got));
    }
    auto parsed = kubectl::JsonPath::Parse(path_node.Scalar());
    if (!parsed.ok()) {
      return d.Error(path_node, fmt::format("{}: invalid jsonpath \"{}\": {}", what,
                                            path_node.Scalar(), parsed.status().message()));
    }
    save.push_back(SaveRule{std::move(name), path_node.Scalar(), std::move(*parsed)});
  }
  return Status::Ok();
}

Result<std::optional<std::string>> TextExpectation(const YamlDecoder& d, const yaml::Node& node,
                                                   std::string_view what) {
  SNAPSIM_ASSIGN_OR_RETURN(std::string s,
                           d.Scalar(node, what, "a string (use \"\" for no output)"));
  return std::optional<std::string>(std::move(s));
}

Result<std::optional<Pattern>> PatternExpectation(const YamlDecoder& d, const yaml::Node& node,
                                                  std::string_view what) {
  SNAPSIM_ASSIGN_OR_RETURN(std::string source,
                           d.Scalar(node, what, "a regular expression (ECMAScript)"));
  try {
    return std::optional<Pattern>(Pattern::Compile(source));
  } catch (const std::regex_error& e) {
    return d.Error(node, fmt::format("{}: invalid regular expression \"{}\": {}", what, source,
                                     e.what()));
  }
}

}  // namespace

Result<Expect> DecodeExpect(const YamlDecoder& d, const yaml::Node& key, const yaml::Node& value) {
  if (!value.IsMap()) {
    return d.Error(value, fmt::format("expect: expected a map such as {{stdout: \"...\"}}, got {}",
                                      YamlDecoder::Describe(value)));
  }
  Expect e;
  e.pos = YamlDecoder::PosOf(key);
  SNAPSIM_ASSIGN_OR_RETURN(auto members, d.Members(value, "expect"));
  for (const auto& [k_node, v] : members) {
    const std::string& k = k_node.Scalar();
    std::string what = "expect." + k;
    if (k == "stdout") {
      SNAPSIM_ASSIGN_OR_RETURN(e.stdout_exact, TextExpectation(d, v, what));
    } else if (k == "stderr") {
      SNAPSIM_ASSIGN_OR_RETURN(e.stderr_exact, TextExpectation(d, v, what));
    } else if (k == "stdoutContains") {
      SNAPSIM_ASSIGN_OR_RETURN(e.stdout_contains, TextExpectation(d, v, what));
    } else if (k == "stderrContains") {
      SNAPSIM_ASSIGN_OR_RETURN(e.stderr_contains, TextExpectation(d, v, what));
    } else if (k == "stdoutMatches") {
      SNAPSIM_ASSIGN_OR_RETURN(e.stdout_matches, PatternExpectation(d, v, what));
    } else if (k == "stderrMatches") {
      SNAPSIM_ASSIGN_OR_RETURN(e.stderr_matches, PatternExpectation(d, v, what));
    } else if (k == "exitCode") {
      SNAPSIM_ASSIGN_OR_RETURN(std::string s, d.Scalar(v, what, "an exit code from 0 to 255"));
      int code = -1;
      auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), code);
      if (ec != std::errc() || p != s.data() + s.size() || code < 0 || code > 255) {
        return d.Error(v, fmt::format("{}: expected an exit code from 0 to 255, got \"{}\"", what, s));
      }
      e.exit_code = code;
    } else {
      return d.Error(k_node, fmt::format("expect: unknown key \"{}\"; expected one of: {}", k,
                                         kExpectList));
    }
  }
  return e;
}

Result<Step> DecodeStep(const YamlDecoder& d, const yaml::Node& node) {
  if (!node.IsMap()) {
    return d.Error(node, fmt::format("expected a step such as \"- kubectl: get pods\", got {}",
                                     YamlDecoder::Describe(node)));
  }
  SNAPSIM_ASSIGN_OR_RETURN(auto members, d.Members(node, "step"));
  bool has_action = std::any_of(members.begin(), members.end(),
                                [](const auto& kv) { return IsAction(kv.first.Scalar()); });
  Step step;
  step.pos = YamlDecoder::PosOf(node);
  std::string action_kind;
  for (const auto& [key, value] : members) {
    const std::string& k = key.Scalar();
    if (IsAction(k)) {
      if (!action_kind.empty()) {
        return d.Error(key, fmt::format("step has two commands, \"{}\" and \"{}\"; write one "
                                        "command per step",
                                        action_kind, k));
      }
      action_kind = k;
      SNAPSIM_ASSIGN_OR_RETURN(step.action, DecodeAction(d, k, value));
    } else if (k == "expect") {
      SNAPSIM_ASSIGN_OR_RETURN(step.expect, DecodeExpect(d, key, value));
    } else if (k == "save") {
      SNAPSIM_RETURN_IF_ERROR(DecodeSave(d, value, step.save));
    } else if (k == "saveStdout") {
      SNAPSIM_ASSIGN_OR_RETURN(step.save_stdout, DecodeVariableName(d, value, "saveStdout"));
    } else if (k == "settle") {
      SNAPSIM_ASSIGN_OR_RETURN(std::string text,
                               d.Scalar(value, "settle", "a duration such as 2s, or false"));
      if (text == "false") {
        step.settle = false;
      } else {
        auto limit = engine::ParseDuration(text);
        if (!limit.ok()) {
          return d.Error(value, fmt::format("settle: expected a duration such as 2s, or false; "
                                            "got \"{}\"",
                                            text));
        }
        step.settle_limit = *limit;
        step.settle_text = text;
      }
    } else {
      return d.Error(key, fmt::format("unknown step key \"{}\"; expected one of: {}", k,
                                      has_action ? kOptionList : kActionList));
    }
  }
  if (action_kind.empty()) {
    return d.Error(node, fmt::format("step has no command; expected one of: {}", kActionList));
  }
  for (const auto& rule : step.save) {
    if (rule.variable == step.save_stdout) {
      return d.Error(node, fmt::format("variable {} is set by both save and saveStdout in this step",
                                       rule.variable));
    }
  }
  return step;
}

}  // namespace snapsim::scenario
