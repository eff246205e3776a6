// Pattern: a regular expression from stdoutMatches/stderrMatches — ECMAScript, searched
// (a match may start anywhere) — compiled once when the scenario is decoded.
//
// Search(text) answers exactly what std::regex_search(text, regex) answers, faster:
//  - a flat pattern (literal text and quantified character sets between an optional `^`
//    and `$`: most of what scenarios write) is never given to std::regex; FlatPattern
//    parses and searches it (flat_pattern.h);
//  - for the others, it skips the start positions where no match can begin: a pattern
//    anchored by a leading `^` (with no top-level `|`) is tried at the start only, and one
//    whose every match begins with the same literal text (its literal prefix) only where
//    that text occurs (libstdc++ retries the whole match at every byte);
//  - and it searches with every quantifier made lazy (`*` -> `*?`) when the pattern has
//    no backreference. Whether a match exists does not depend on greediness
//    (backtracking tries every choice; only a backreference can see which one a lookahead
//    kept), and the lazy form is far cheaper for the `[\s\S]*` a scenario writes between
//    the parts of a long output: libstdc++ runs a greedy one to the end of the text and
//    backs off one byte at a time (0.6 ms for one DescribeSnapshots reply, 33 us lazy).
//
// The regex uses ClassicRegexTraits: std::regex_traits<char> answering as in the classic
// "C" locale without a round trip through the locale's facets — transform_primary (what
// equivalence classes like [[=a=]] compare) is ASCII lowercase, as the C locale's tolower
// and collation give, and isctype ([[:alpha:]], \s, \w ...) reads the classic ctype
// table. libstdc++ calls both for each of the 256 bytes of every bracket expression it
// compiles: those round trips were most of a scenario's compile time. snapsim never
// changes the global locale, so the regex's locale is always the classic one.
//
// Safe to share between threads once built (matching is const).
#pragma once

#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <string_view>

#include "sim/scenario/flat_pattern.h"

namespace snapsim::scenario {

struct ClassicRegexTraits : std::regex_traits<char> {
  template <typename It>
  string_type transform_primary(It first, It last) const {
    string_type s(first, last);
    for (char& c : s) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return s;
  }
#if defined(__GLIBCXX__)  // the mask's parts are libstdc++'s; elsewhere, the base's isctype
  bool isctype(char c, char_class_type f) const {
    const std::ctype_base::mask* table = std::ctype<char>::classic_table();
    return (table[static_cast<unsigned char>(c)] & f._M_base) != 0 ||
           ((f._M_extended & char_class_type::_S_under) != 0 && c == '_');  // [[:w:]]
  }
#endif
};
using Regex = std::basic_regex<char, ClassicRegexTraits>;

struct Pattern {
  std::string source;

  // Compiles `source` (ECMAScript); throws std::regex_error as std::regex does.
  static Pattern Compile(std::string source);

  // Whether the regex matches somewhere in `text`.
  bool Search(std::string_view text) const;

  // Whether Search runs without std::regex (exposed for tests).
  bool IsFlat() const { return flat_ != nullptr; }

 private:
  std::shared_ptr<const FlatPattern> flat_;  // set: searched by it, and `regex` is empty
  Regex regex;
  bool anchored = false;       // every match starts at the text's start
  std::string literal_prefix;  // every match starts with these bytes ("" = unknown)

  // The lazy form, compiled at the first search (compiling costs about as much as a
  // search, and a scenario decoded for one run searches each pattern once); shared by
  // copies, thread-safe.
  struct Lazy;
  std::shared_ptr<Lazy> lazy_;  // null: search with `regex`
  const Regex& SearchRegex() const;
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
