// Splits a command line into words the way a POSIX shell would for a simple command.
//
// Rules: words are separated by unquoted blanks (space, tab, newline); '...' keeps
// everything literally; "..." keeps everything except that a backslash escapes
// \ " $ ` and newline (other backslashes stay); outside quotes a backslash escapes the
// next character and backslash-newline is a line continuation; '' and "" make an empty
// word. Nothing is expanded: ${VAR} stays in the words (the scenario substitutes it
// later), globs and braces are literal. Unquoted shell operators (| & ; < > ( ) and `)
// are rejected — a scenario step runs one command, with no pipes or redirections.
// Pure and thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace snapsim::scenario {

struct ShellSplitError {
  std::size_t offset = 0;  // byte offset in the input where the problem is
  std::string message;     // e.g. "unterminated single quote"
};

// Returns the words, or where and why the line cannot be split.
std::variant<std::vector<std::string>, ShellSplitError> SplitShellWords(std::string_view line);

// Quotes `word` for display so that SplitShellWords would read it back as one word:
// unchanged when it needs no quoting, else in single quotes.
std::string QuoteShellWord(std::string_view word);

}  // namespace snapsim::scenario
