#include "sim/scenario/expect.h"

#include <fmt/format.h>

namespace snapsim::scenario {
namespace {

constexpr std::size_t kMaxShownLines = 20;

// "actual stdout (N lines):" followed by the lines, indented; capped.
void AppendOutput(std::vector<std::string>& detail, std::string_view stream, std::string_view text) {
  auto lines = SplitLines(text);
  if (lines.empty()) {
    detail.push_back(fmt::format("actual {}: (empty)", stream));
    return;
  }
  detail.push_back(fmt::format("actual {} ({} line{}):", stream, lines.size(),
                               lines.size() == 1 ? "" : "s"));
  for (std::size_t i = 0; i < lines.size() && i < kMaxShownLines; ++i) {
    detail.push_back(fmt::format("  {}", lines[i]));
  }
  if (lines.size() > kMaxShownLines) {
    detail.push_back(fmt::format("  ... ({} more lines)", lines.size() - kMaxShownLines));
  }
}

bool HasInvisible(std::string_view s) {
  if (!s.empty() && (s.back() == ' ' || s.back() == '\t')) return true;
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7f) return true;
  }
  return false;
}

std::optional<Mismatch> CheckStream(std::string_view stream, std::string_view actual,
                                    const std::optional<std::string>& exact,
                                    const std::optional<std::string>& contains,
                                    const std::optional<Pattern>& matches) {
  std::string key(stream);  // "stdout" / "stderr"
  if (exact && *exact != actual) {
    Mismatch m{fmt::format("{} differs from expect.{}", stream, key), {}};
    m.detail = FirstLineDiff(*exact, actual, stream);
    return m;
  }
  if (contains && actual.find(*contains) == std::string_view::npos) {
    Mismatch m{fmt::format("{} does not contain {} (expect.{}Contains)", stream, CQuote(*contains),
                           key),
               {}};
    AppendOutput(m.detail, stream, actual);
    return m;
  }
  if (matches) {
    bool found = false;
    try {
      found = matches->Search(actual);
    } catch (const std::regex_error& e) {
      return Mismatch{fmt::format("expect.{}Matches: regex search failed: {}", key, e.what()), {}};
    }
    if (!found) {
      Mismatch m{fmt::format("{} does not match /{}/ (expect.{}Matches)", stream, matches->source,
                             key),
                 {}};
      AppendOutput(m.detail, stream, actual);
      return m;
    }
  }
  return std::nullopt;
}

}  // namespace

std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) {
      lines.push_back(text.substr(start));
      break;
    }
    lines.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return lines;
}

std::string CQuote(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      case '\\': out += "\\\\"; break;
      case '"': out += "\\\""; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          out += fmt::format("\\x{:02x}", c);
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

std::vector<std::string> FirstLineDiff(std::string_view expected, std::string_view actual,
                                       std::string_view stream) {
  auto exp = SplitLines(expected);
  auto act = SplitLines(actual);
  std::size_t i = 0;
  while (i < exp.size() && i < act.size() && exp[i] == act[i]) ++i;
  std::vector<std::string> out;
  out.push_back(fmt::format("--- expected {}", stream));
  out.push_back(fmt::format("+++ actual {}", stream));
  if (i == exp.size() && i == act.size()) {
    // Same lines: only the final newline differs.
    if (exp.empty()) return out;  // both empty: not a difference (see REQUIRES)
    std::size_t last = exp.size() - 1;
    bool exp_nl = expected.back() == '\n';
    out.push_back(fmt::format("@@ -{} +{} @@", last + 1, last + 1));
    out.push_back(fmt::format("-{}", exp[last]));
    if (!exp_nl) out.push_back("\\ No newline at end of expected " + std::string(stream));
    out.push_back(fmt::format("+{}", act[last]));
    if (exp_nl) out.push_back("\\ No newline at end of actual " + std::string(stream));
    return out;
  }
  out.push_back(fmt::format("@@ -{} +{} @@", i + 1, i + 1));
  if (i > 0) out.push_back(fmt::format(" {}", exp[i - 1]));
  if (i < exp.size()) {
    out.push_back(fmt::format("-{}", exp[i]));
  } else {
    out.push_back(fmt::format("\\ expected {} ends after line {}", stream, i));
  }
  if (i < act.size()) {
    out.push_back(fmt::format("+{}", act[i]));
  } else {
    out.push_back(fmt::format("\\ actual {} ends after line {}", stream, i));
  }
  if (i < exp.size() && i < act.size() && (HasInvisible(exp[i]) || HasInvisible(act[i]))) {
    out.push_back(fmt::format("(expected {}, actual {})", CQuote(exp[i]), CQuote(act[i])));
  }
  return out;
}

std::optional<Mismatch> CheckExpect(const Expect& e, const CommandOutput& out) {
  if (e.exit_code && *e.exit_code != out.exit_code) {
    Mismatch m{fmt::format("exit code {}, expected {} (expect.exitCode)", out.exit_code,
                           *e.exit_code),
               {}};
    AppendOutput(m.detail, "stderr", out.err);
    return m;
  }
  if (!e.exit_code && out.exit_code != 0) {
    Mismatch m{fmt::format("command failed with exit code {} (set expect.exitCode to expect a "
                           "failure)",
                           out.exit_code),
               {}};
    AppendOutput(m.detail, "stderr", out.err);
    return m;
  }
  if (auto m = CheckStream("stdout", out.out, e.stdout_exact, e.stdout_contains, e.stdout_matches)) {
    return m;
  }
  return CheckStream("stderr", out.err, e.stderr_exact, e.stderr_contains, e.stderr_matches);
}

}  // namespace snapsim::scenario
