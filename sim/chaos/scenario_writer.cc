#include "sim/chaos/scenario_writer.h"

#include <fmt/format.h>

#include "sim/scenario/transcript.h"
#include "src/api/json.h"
#include "src/api/yaml.h"

namespace snapsim::chaos {
namespace {

using scenario::Step;

bool PlainSafe(const std::string& s) {
  if (s.empty() || s.front() == ' ' || s.back() == ' ' || s.back() == ':') return false;
  if (api::PlainScalarIsNonString(s)) return false;
  static constexpr std::string_view kFirstBad = "-?:,[]{}#&*!|>'\"%@`=~";
  if (kFirstBad.find(s.front()) != std::string_view::npos) return false;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              std::string_view(" ._/-=:,+").find(c) != std::string_view::npos;
    if (!ok) return false;
  }
  if (s.find(": ") != std::string::npos || s.find(" #") != std::string::npos) return false;
  return true;
}

std::string Quoted(const std::string& s) {
  std::string out;
  api::AppendJsonString(out, s);
  return out;
}

// True when a literal block can hold `text` exactly.
bool BlockSafe(const std::string& text) {
  if (text.find('\n') == std::string::npos) return false;
  for (unsigned char c : text) {
    if (c == '\t') continue;
    if (c == '\n') continue;
    if (c < 0x20 || c == 0x7f) return false;
  }
  // A trailing line of spaces only would be read as (more-indented) content or dropped.
  std::size_t end = text.find_last_not_of('\n');
  if (end == std::string::npos) return false;
  std::size_t line_start = text.rfind('\n', end);
  line_start = line_start == std::string::npos ? 0 : line_start + 1;
  if (text.find_first_not_of(' ', line_start) > end) return false;
  return true;
}

std::string Block(const std::string& text, int indent) {
  std::size_t last = text.find_last_not_of('\n');
  std::size_t trailing = text.size() - last - 1;
  std::string header = "|";
  // An explicit indentation indicator whenever the content starts with a space or
  // begins with blank lines (auto-detection would misread both).
  if (text.front() == ' ' || text.front() == '\n') header += "2";
  if (trailing == 0) header += "-";
  if (trailing > 1) header += "+";
  std::string pad(static_cast<std::size_t>(indent + 2), ' ');
  std::string out = header + "\n";
  std::size_t pos = 0;
  std::string body = text.substr(0, last + 1);
  while (pos <= body.size()) {
    std::size_t nl = body.find('\n', pos);
    std::string line = body.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
    out += line.empty() ? "\n" : pad + line + "\n";
    if (nl == std::string::npos) break;
    pos = nl + 1;
  }
  for (std::size_t i = 1; i < trailing; ++i) out += "\n";
  out.pop_back();  // the caller ends the line
  return out;
}

std::string DurationText(const std::string& text) { return PlainSafe(text) ? text : Quoted(text); }

void WriteExpect(std::string& out, const scenario::Expect& e) {
  auto text = [&](std::string_view key, const std::optional<std::string>& v) {
    if (v) out += fmt::format("      {}: {}\n", key, YamlString(*v, 6));
  };
  auto pattern = [&](std::string_view key, const std::optional<scenario::Pattern>& p) {
    if (p) out += fmt::format("      {}: {}\n", key, Quoted(p->source));
  };
  if (!e.stdout_exact && !e.stderr_exact && !e.stdout_contains && !e.stderr_contains &&
      !e.stdout_matches && !e.stderr_matches && !e.exit_code) {
    return;
  }
  out += "    expect:\n";
  text("stdout", e.stdout_exact);
  text("stderr", e.stderr_exact);
  text("stdoutContains", e.stdout_contains);
  text("stderrContains", e.stderr_contains);
  pattern("stdoutMatches", e.stdout_matches);
  pattern("stderrMatches", e.stderr_matches);
  if (e.exit_code) out += fmt::format("      exitCode: {}\n", *e.exit_code);
}

void WriteStep(std::string& out, const Step& step) {
  using namespace scenario;
  if (const auto* k = std::get_if<KubectlStep>(&step.action)) {
    out += fmt::format("  - kubectl: {}\n", YamlString(k->command.text, 4));
  } else if (const auto* a = std::get_if<AliyunStep>(&step.action)) {
    out += fmt::format("  - aliyun: {}\n", YamlString(a->command.text, 4));
  } else if (const auto* s = std::get_if<SleepStep>(&step.action)) {
    out += fmt::format("  - sleep: {}\n", DurationText(s->text));
  } else if (const auto* f = std::get_if<FaultStep>(&step.action)) {
    out += fmt::format("  - fault: {}\n", FlowYaml(f->rule));
  } else {
    out += fmt::format("  - crash: {}\n", std::get<CrashStep>(step.action).component);
  }
  WriteExpect(out, step.expect);
  if (!step.save.empty()) {
    out += "    save:\n";
    for (const auto& rule : step.save) out += fmt::format("      {}: {}\n", rule.variable, Quoted(rule.jsonpath));
  }
  if (!step.save_stdout.empty()) out += fmt::format("    saveStdout: {}\n", step.save_stdout);
  if (!step.settle) {
    out += "    settle: false\n";
  } else if (step.settle_limit != kDefaultSettleLimit || step.settle_text != "1h") {
    out += fmt::format("    settle: {}\n", DurationText(step.settle_text));
  }
}

}  // namespace

std::string YamlString(const std::string& text, int indent) {
  if (PlainSafe(text)) return text;
  if (BlockSafe(text)) return Block(text, indent);
  return Quoted(text);
}

std::string WriteScenario(const scenario::Scenario& s) {
  std::string out;
  out += fmt::format("name: {}\n", YamlString(s.name, 0));
  if (!s.description.empty()) out += fmt::format("description: {}\n", YamlString(s.description, 0));
  if (!s.chaos) out += "chaos: false\n";
  if (s.liveness) out += "liveness: true\n";
  const auto& c = s.cluster;
  out += "cluster:\n";
  out += fmt::format("  kubernetesVersion: {}\n", Quoted(c.kubernetes_version));
  out += fmt::format("  region: {}\n", YamlString(c.region, 2));
  out += "  zones: [";
  for (std::size_t i = 0; i < c.zones.size(); ++i) out += (i ? ", " : "") + Quoted(c.zones[i]);
  out += "]\n";
  out += fmt::format("  nodes: {}\n", c.nodes);
  out += fmt::format("  seed: {}\n", c.seed);
  if (c.schedule_seed) out += fmt::format("  scheduleSeed: {}\n", *c.schedule_seed);
  if (!c.disk_driver_version.empty()) {
    out += fmt::format("  diskDriverVersion: {}\n", Quoted(c.disk_driver_version));
  }
  if (c.components) {
    out += "  components: [";
    for (std::size_t i = 0; i < c.components->size(); ++i) out += (i ? ", " : "") + (*c.components)[i];
    out += "]\n";
  }
  if (!c.upstream_bugs.empty()) {
    out += "  upstreamBugs: [";
    for (std::size_t i = 0; i < c.upstream_bugs.size(); ++i) out += (i ? ", " : "") + Quoted(c.upstream_bugs[i]);
    out += "]\n";
  }
  if (c.extra.is_object()) {
    for (const auto& [key, value] : c.extra.as_object()) {
      out += fmt::format("  {}: {}\n", key, scenario::FlowYaml(value));
    }
  }
  if (!s.files.empty()) {
    out += "files:\n";
    for (const auto& [name, text] : s.files) {
      out += fmt::format("  {}: {}\n", PlainSafe(name) ? name : Quoted(name), YamlString(text, 2));
    }
  }
  out += "steps:\n";
  for (const auto& step : s.steps) WriteStep(out, step);
  return out;
}

}  // namespace snapsim::chaos
