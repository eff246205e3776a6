// FlatPattern: the regular expressions a scenario writes most — a flat sequence of
// literal text and quantified character sets, optionally anchored by a leading `^` and
// a trailing `$` — searched without std::regex.
//
// Parse accepts only ECMAScript that libstdc++'s std::regex compiles and reads the same
// way; anything else (groups, `|`, assertions such as \b, backreferences, \x \u \c
// escapes, POSIX classes, a `-` that is not plainly a range or a literal, quantifiers
// above 1000) gives nullopt, and the caller uses std::regex. Search(text) answers exactly
// what std::regex_search(text, regex) answers.
//
// A search is a depth-first walk over (item, position) that remembers each failure. A
// `[\s\S]*` (a set matching every byte, repeated without bound) jumps to the next
// occurrence of the literal after it with string_view::find, and once it fails from a
// position it fails from every later one; an unanchored pattern is searched as if it
// began with `[\s\S]*`. The document's DescribeSnapshots checks cost a few thousand
// instructions this way, against 85 thousand in std::regex. The walk has a budget of
// steps proportional to the text; a pattern that exhausts it (`a*a*a*b` on a long run of
// a's) is answered by dynamic programming over every (item, position) instead, so no
// search takes more than items x text length steps, where libstdc++'s backtracking can
// take exponential time.
#pragma once

#include <bitset>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace snapsim::scenario {

class FlatPattern {
 public:
  static std::optional<FlatPattern> Parse(std::string_view source);

  bool Search(std::string_view text) const;

  // The dynamic-programming answer alone, whatever the text (exposed for tests).
  bool SearchByTable(std::string_view text) const { return Table(text); }

 private:
  static constexpr std::uint32_t kUnbounded = UINT32_MAX;

  // Either literal text (matched once) or a set of bytes repeated min..max times.
  struct Item {
    std::string literal;  // non-empty: this item is the literal
    std::bitset<256> set;
    std::uint32_t min = 1;
    std::uint32_t max = 1;
    bool universal = false;  // every byte, any number of times (at least min)
  };

  class Walk;  // the state of one depth-first search
  // The answer by dynamic programming over every (item, position): for texts on which
  // the depth-first search runs out of steps.
  bool Table(std::string_view text) const;

  bool anchored_end_ = false;
  std::vector<Item> items_;  // an unanchored pattern starts with an implicit universal item
};

}  // namespace snapsim::scenario
