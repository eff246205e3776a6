#include "sim/chaos/relax_timing.h"

#include <regex>

namespace snapsim::chaos {
namespace {

constexpr std::string_view kAnyDuration = "[0-9]+[smhdy][0-9smh]*";

bool IsDurationToken(std::string_view t) {
  static const std::regex kToken("^[0-9]+[smhdy]([0-9]+[smh])*$");
  return std::regex_match(t.begin(), t.end(), kToken);
}

std::string Escape(std::string_view t) {
  std::string out;
  for (char c : t) {
    if (std::string_view("\\^$.|?*+()[]{}").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

// An exact text with a duration token -> an anchored regex source; nullopt otherwise.
std::optional<std::string> RelaxExact(const std::string& text) {
  std::string out = "^";
  bool any = false;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == ' ') {
      std::size_t j = text.find_first_not_of(' ', i);
      if (j == std::string::npos) j = text.size();
      out += j - i >= 2 ? " +" : " ";
      i = j;
    } else if (text[i] == '\n') {
      out += "\\n";
      ++i;
    } else {
      std::size_t j = text.find_first_of(" \n", i);
      if (j == std::string::npos) j = text.size();
      std::string_view token(text.data() + i, j - i);
      if (IsDurationToken(token)) {
        out += kAnyDuration;
        any = true;
      } else {
        out += Escape(token);
      }
      i = j;
    }
  }
  if (!any) return std::nullopt;
  return out + "$";
}

std::optional<std::string> RelaxRegex(const std::string& source) {
  static const std::regex kPiece(
      R"((^|[ ]|\n)([0-9]+[smhd]|\[0-9\]\+\[?[smhd]+\]?|\[0-9[smhd]+\]\+)(?=[ ]|\n|\\n|\$|$))");
  std::string relaxed = std::regex_replace(source, kPiece, "$1" + std::string(kAnyDuration));
  if (relaxed == source) return std::nullopt;
  static const std::regex kSpaces("  +");
  return std::regex_replace(relaxed, kSpaces, " +");
}

bool Relax(std::optional<std::string>& exact, std::optional<scenario::Pattern>& matches) {
  bool changed = false;
  if (matches) {
    if (auto r = RelaxRegex(matches->source)) {
      matches = scenario::Pattern::Compile(*r);
      changed = true;
    }
  }
  if (exact && !matches) {
    if (auto r = RelaxExact(*exact)) {
      matches = scenario::Pattern::Compile(*r);
      exact.reset();
      changed = true;
    }
  }
  return changed;
}

}  // namespace

bool RelaxTiming(scenario::Expect& e) {
  bool a = Relax(e.stdout_exact, e.stdout_matches);
  bool b = Relax(e.stderr_exact, e.stderr_matches);
  return a || b;
}

}  // namespace snapsim::chaos
