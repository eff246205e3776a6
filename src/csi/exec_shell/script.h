// Script: the parsed form of a shell script (sh -c '...'), the subset of the POSIX
// shell grammar the exec shell runs:
//   list      := and_or { (';' | '&' | newline) and_or }
//   and_or    := pipeline { ('&&' | '||') newline* pipeline }
//   pipeline  := ['!'] command { '|' newline* command }
//   command   := { word | redirect }+   redirect := [n]> [n]>> [n]< [n]>&m
// Words keep their raw text (quotes, backslashes, $) — the interpreter expands them.
// '#' starts a comment at the beginning of a word. '&' is run as ';' (no jobs).
// ParseScript fails with a ParseError the interpreter prints in its shell's words.
#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace snapsim::csi::shell {

struct Redirect {
  int fd = 1;             // the descriptor redirected
  enum Kind { kOut, kAppend, kIn, kDup } kind = kOut;
  std::string target;     // raw word: a file, or the fd for kDup ("1", "2")
};

struct SimpleCommand {
  std::vector<std::string> words;  // raw
  std::vector<Redirect> redirects;
  int line = 1;
};

struct Pipeline {
  bool negate = false;
  std::vector<SimpleCommand> commands;
};

struct AndOr {
  std::vector<Pipeline> pipelines;
  std::vector<bool> and_ops;  // between pipelines[i] and [i+1]: true '&&', false '||'
};

struct Script {
  std::vector<AndOr> items;
};

struct ParseError {
  enum Kind { kUnterminatedQuote, kUnexpected, kEndOfFile } kind = kUnexpected;
  std::string token;  // the unexpected token ("newline" for a line end), or the quote
  int line = 1;
};

// A Script, or the first syntax error.
std::variant<Script, ParseError> ParseScript(std::string_view source);

}  // namespace snapsim::csi::shell
