#include "sim/scenario/transcript.h"

#include <fmt/format.h>

#include "sim/scenario/expect.h"
#include "sim/scenario/shell_words.h"
#include "src/api/yaml.h"

namespace snapsim::scenario {
namespace {

void AppendLines(std::string& out, std::string_view prefix, std::string_view text) {
  for (std::string_view line : SplitLines(text)) {
    out += prefix;
    out += line;
    out += '\n';
  }
}

bool NeedsQuotes(std::string_view s) {
  if (s.empty() || api::PlainScalarIsNonString(s)) return true;
  if (s.front() == ' ' || s.back() == ' ' || s.front() == '-' || s.front() == '?') return true;
  for (unsigned char c : s) {
    if (c < 0x20 || std::string_view(":{}[],#&*!|>'\"%@`\\").find(static_cast<char>(c)) !=
                        std::string_view::npos) {
      return true;
    }
  }
  return false;
}

}  // namespace

void Transcript::Header(std::string_view name, std::string_view path, std::uint64_t seed) {
  text_ += fmt::format("=== {} ({}, seed {})\n", name, path, seed);
}

void Transcript::Command(std::string_view tool, std::string_view text) {
  text_ += fmt::format("$ {} {}\n", tool, text);
}

void Transcript::Output(const CommandOutput& out) {
  AppendLines(text_, "", out.out);
  AppendLines(text_, "! ", out.err);
  if (out.exit_code != 0) text_ += fmt::format("# exit code {}\n", out.exit_code);
}

void Transcript::Note(std::string_view text) { AppendLines(text_, "# ", text); }

void Transcript::NotAtRest(std::string_view limit_text, const std::vector<std::string>& in_flight) {
  if (in_flight.empty()) {
    text_ += fmt::format("# not at rest after {}\n", limit_text);
    return;
  }
  text_ += fmt::format("# not at rest after {}; still in flight:\n", limit_text);
  for (const auto& item : in_flight) AppendLines(text_, "#   ", item);
}

void Transcript::Saved(std::string_view variable, std::string_view value) {
  text_ += fmt::format("# {}={}\n", variable, value.empty() ? "''" : QuoteShellWord(value));
}

std::string FlowYaml(const api::Value& v) {
  switch (v.type()) {
    case api::Value::Type::kNull: return "null";
    case api::Value::Type::kBool: return v.as_bool() ? "true" : "false";
    case api::Value::Type::kInt: return fmt::format("{}", v.as_int());
    case api::Value::Type::kDouble: return fmt::format("{}", v.as_double());
    case api::Value::Type::kString:
      return NeedsQuotes(v.as_string()) ? CQuote(v.as_string()) : v.as_string();
    case api::Value::Type::kArray: {
      std::string out = "[";
      for (const auto& item : v.as_array()) {
        if (out.size() > 1) out += ", ";
        out += FlowYaml(item);
      }
      return out + "]";
    }
    case api::Value::Type::kObject: {
      std::string out = "{";
      for (const auto& [k, member] : v.as_object()) {
        if (out.size() > 1) out += ", ";
        out += NeedsQuotes(k) ? CQuote(k) : k;
        out += ": ";
        out += FlowYaml(member);
      }
      return out + "}";
    }
  }
  return "";
}

}  // namespace snapsim::scenario
