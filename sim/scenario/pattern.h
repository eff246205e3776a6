// Pattern: a regular expression from stdoutMatches/stderrMatches — ECMAScript, searched
// (a match may start anywhere) — compiled once when the scenario is decoded.
//
// Search(text) answers exactly what std::regex_search(text, regex) answers, faster:
//  - it skips the start positions where no match can begin: a pattern anchored by a
//    leading `^` (with no top-level `|`) is tried at the start only, and one whose every
//    match begins with the same literal text (its literal prefix) only where that text
//    occurs (libstdc++ retries the whole match at every byte);
//  - it searches with every quantifier made lazy (`*` -> `*?`) when the pattern has no
//    backreference. Whether a match exists does not depend on greediness (backtracking
//    tries every choice; only a backreference can see which one a lookahead kept), and
//    the lazy form is far cheaper for the `[\s\S]*` a scenario writes between the parts of
//    a long output: libstdc++ runs a greedy one to the end of the text and backs off
//    one byte at a time (0.6 ms for one DescribeSnapshots reply, 33 us lazy).
//
// Safe to share between threads once built (matching is const).
#pragma once

#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <string_view>

namespace snapsim::scenario {

struct Pattern {
  std::string source;
  std::regex regex;
  bool anchored = false;       // every match starts at the text's start
  std::string literal_prefix;  // every match starts with these bytes ("" = unknown)

  // Compiles `source` (ECMAScript); throws std::regex_error as std::regex does.
  static Pattern Compile(std::string source);

  // Whether the regex matches somewhere in `text`.
  bool Search(std::string_view text) const;

 private:
  // The lazy form, compiled at the first search (compiling costs about as much as a
  // search, and a scenario decoded for one run searches each pattern once); shared by
  // copies, thread-safe.
  struct Lazy;
  std::shared_ptr<Lazy> lazy_;  // null: search with `regex`
  const std::regex& SearchRegex() const;
};

// What Search may skip, from a pattern's source alone (exposed for tests): whether it is
// anchored at the start, and the literal text every match begins with.
struct PatternHints {
  bool anchored = false;
  std::string literal_prefix;
};
PatternHints AnalyzePattern(std::string_view source);
// `source` with every greedy quantifier made lazy; nullopt if it has a backreference or
// a `{` that is not a quantifier (then greediness may matter, or the text is unusual), or
// no unbounded quantifier (`*`, `+`, `{n,}`: only those back off far enough to matter).
std::optional<std::string> LazyQuantifiers(std::string_view source);

}  // namespace snapsim::scenario
