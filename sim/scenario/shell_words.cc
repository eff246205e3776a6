#include "sim/scenario/shell_words.h"

#include <fmt/format.h>

namespace snapsim::scenario {
namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool IsOperator(char c) {
  return c == '|' || c == '&' || c == ';' || c == '<' || c == '>' || c == '(' || c == ')' ||
         c == '`';
}

}  // namespace

std::variant<std::vector<std::string>, ShellSplitError> SplitShellWords(std::string_view line) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;  // true once the current word has started (even if empty: '')
  std::size_t i = 0;
  while (i < line.size()) {
    char c = line[i];
    if (IsBlank(c)) {
      if (in_word) words.push_back(std::move(word));
      word.clear();
      in_word = false;
      ++i;
    } else if (c == '\'') {
      std::size_t close = line.find('\'', i + 1);
      if (close == std::string_view::npos) return ShellSplitError{i, "unterminated single quote"};
      word.append(line.substr(i + 1, close - i - 1));
      in_word = true;
      i = close + 1;
    } else if (c == '"') {
      std::size_t open = i++;
      bool closed = false;
      while (i < line.size()) {
        char d = line[i];
        if (d == '"') {
          closed = true;
          ++i;
          break;
        }
        if (d == '\\' && i + 1 < line.size()) {
          char e = line[i + 1];
          if (e == '\n') {
            i += 2;
            continue;
          }
          if (e == '\\' || e == '"' || e == '$' || e == '`') {
            word += e;
            i += 2;
            continue;
          }
        }
        word += d;
        ++i;
      }
      if (!closed) return ShellSplitError{open, "unterminated double quote"};
      in_word = true;
    } else if (c == '\\') {
      if (i + 1 >= line.size()) {
        return ShellSplitError{i, "backslash at the end of the line escapes nothing"};
      }
      if (line[i + 1] != '\n') {
        word += line[i + 1];
        in_word = true;
      }
      i += 2;
    } else if (IsOperator(c)) {
      return ShellSplitError{
          i, fmt::format("unquoted '{}': a step runs one command, without pipes, redirections or "
                         "command lists; quote it to pass it as an argument",
                         c)};
    } else {
      word += c;
      in_word = true;
      ++i;
    }
  }
  if (in_word) words.push_back(std::move(word));
  return words;
}

std::string QuoteShellWord(std::string_view word) {
  bool plain = !word.empty();
  for (char c : word) {
    if (IsBlank(c) || IsOperator(c) || c == '\'' || c == '"' || c == '\\') plain = false;
  }
  if (plain) return std::string(word);
  std::string out = "'";
  for (char c : word) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

}  // namespace snapsim::scenario
