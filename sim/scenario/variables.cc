#include "sim/scenario/variables.h"

#include <fmt/format.h>

namespace snapsim::scenario {
namespace {

bool IsNameStart(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
bool IsNameChar(char c) { return IsNameStart(c) || (c >= '0' && c <= '9'); }

// Walks `text`, calling on_literal(piece) and on_reference(name); stops at the first
// syntax error and returns it.
template <class Literal, class Reference>
std::optional<VariableSyntaxError> Walk(std::string_view text, Literal on_literal,
                                        Reference on_reference) {
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t dollar = text.find('$', i);
    if (dollar == std::string_view::npos) {
      on_literal(text.substr(i));
      break;
    }
    on_literal(text.substr(i, dollar - i));
    if (text.substr(dollar, 3) == "$${") {  // escape
      on_literal("${");
      i = dollar + 3;
      continue;
    }
    if (text.substr(dollar, 2) != "${") {
      on_literal("$");
      i = dollar + 1;
      continue;
    }
    std::size_t close = text.find('}', dollar + 2);
    if (close == std::string_view::npos) {
      return VariableSyntaxError{
          dollar, "unterminated ${: expected ${NAME} (write $${ for a literal ${)"};
    }
    std::string_view name = text.substr(dollar + 2, close - dollar - 2);
    if (!IsVariableName(name)) {
      return VariableSyntaxError{
          dollar, fmt::format("invalid variable reference \"${{{}}}\": expected ${{NAME}} with "
                              "NAME made of letters, digits and _ (write $${{ for a literal ${{)",
                              name)};
    }
    on_reference(name);
    i = close + 1;
  }
  return std::nullopt;
}

}  // namespace

bool IsVariableName(std::string_view name) {
  if (name.empty() || !IsNameStart(name[0])) return false;
  for (char c : name) {
    if (!IsNameChar(c)) return false;
  }
  return true;
}

std::optional<VariableSyntaxError> FindVariableSyntaxError(std::string_view text) {
  return Walk(
      text, [](std::string_view) {}, [](std::string_view) {});
}

Result<std::string> Substitute(std::string_view text, const Variables& vars) {
  if (text.find('$') == std::string_view::npos) return std::string(text);
  std::string out;
  std::string missing;
  auto error = Walk(
      text, [&](std::string_view piece) { out.append(piece); },
      [&](std::string_view name) {
        auto it = vars.find(name);
        if (it == vars.end()) {
          if (missing.empty()) missing = std::string(name);
          return;
        }
        out.append(it->second);
      });
  if (error) return Status::InvalidArgument(error->message);
  if (!missing.empty()) {
    return Status::InvalidArgument(fmt::format(
        "undefined variable ${{{}}}: no earlier step saved it (save: or saveStdout:)", missing));
  }
  return out;
}

}  // namespace snapsim::scenario
