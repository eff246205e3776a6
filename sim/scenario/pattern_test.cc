#include "sim/scenario/pattern.h"

#include <gtest/gtest.h>

#include <array>
#include <random>
#include <string>
#include <vector>

namespace snapsim::scenario {
namespace {

TEST(PatternTest, AnalyzeFindsTheAnchorAndTheLiteralPrefix) {
  auto hints = [](std::string_view s) {
    PatternHints h = AnalyzePattern(s);
    return std::string(h.anchored ? "^" : "") + "[" + h.literal_prefix + "]";
  };
  EXPECT_EQ(hints("^NAME +AGE\n$"), "^[]");
  EXPECT_EQ(hints(R"("InstantAccess": false,[\s\S]*"Status")"), R"(["InstantAccess": false,])");
  EXPECT_EQ(hints("\ndisk-0   Bound    pvc-[0-9a-f-]{36}"), "[\ndisk-0   Bound    pvc-]");
  EXPECT_EQ(hints(R"(patched \(no change\)\n$)"), "[patched (no change)\n]");
  // A quantified character is not part of the prefix; neither is anything after an operator.
  EXPECT_EQ(hints("abc*d"), "[ab]");
  EXPECT_EQ(hints("abc{2}"), "[ab]");
  EXPECT_EQ(hints("ab?"), "[a]");
  EXPECT_EQ(hints(R"(a\.+)"), "[a]");
  EXPECT_EQ(hints("a.b"), "[a]");
  EXPECT_EQ(hints(R"(x\d)"), "[x]");
  EXPECT_EQ(hints(R"(\bword)"), "[]");
  EXPECT_EQ(hints("(ab)c"), "[]");
  // A top-level alternation gives nothing: the anchor or prefix is one branch's only.
  EXPECT_EQ(hints("^a|b"), "[]");
  EXPECT_EQ(hints("ab|cd"), "[]");
  // ... but `|` inside a group or a bracket expression, or escaped, is not top-level.
  EXPECT_EQ(hints("^(a|b)"), "^[]");
  EXPECT_EQ(hints("ab[|]c"), "[ab]");
  EXPECT_EQ(hints(R"(ab\|c)"), "[ab|c]");
  EXPECT_EQ(hints(R"([\]|]x)"), "[]");
  // POSIX classes inside brackets are read whole: their `]` does not end the bracket.
  EXPECT_EQ(hints("^[[:alpha:](]|b"), "[]");
  EXPECT_EQ(hints("^[[:alpha:]|]b"), "^[]");
}

TEST(PatternTest, LazyQuantifiersRewritesEveryQuantifierOnce) {
  EXPECT_EQ(LazyQuantifiers(R"(a[\s\S]*b+c?d{2}e{1,}f{1,3})"), R"(a[\s\S]*?b+?c??d{2}?e{1,}?f{1,3}?)");
  EXPECT_EQ(LazyQuantifiers("a*?b+?"), "a*?b+?");               // already lazy
  EXPECT_EQ(LazyQuantifiers(R"([*+?]\*\?(?:a)(?=b))"), std::nullopt);  // no quantifier
  EXPECT_EQ(LazyQuantifiers("x[0-9a-f-]{36}y?"), std::nullopt);     // bounded only
  EXPECT_EQ(LazyQuantifiers("x{2,}"), "x{2,}?");
  EXPECT_EQ(LazyQuantifiers(R"((a)*\1)"), std::nullopt);         // a backreference
  EXPECT_EQ(LazyQuantifiers("a{x}"), std::nullopt);
  EXPECT_EQ(LazyQuantifiers("x[[:digit:]+]y*"), "x[[:digit:]+]y*?");  // the + is in the class
  EXPECT_EQ(LazyQuantifiers("x[[:digit:]+]"), std::nullopt);
}

TEST(PatternTest, SearchSkipsWhereNoMatchCanStart) {
  Pattern p = Pattern::Compile(R"("Status": "accomplished",[\s\S]*"TotalCount": 1\n)");
  EXPECT_TRUE(p.Search("{\n  \"Status\": \"accomplished\",\n  \"TotalCount\": 1\n}"));
  EXPECT_FALSE(p.Search("{\n  \"Status\": \"progressing\",\n  \"TotalCount\": 1\n}"));
  // The byte before a candidate is seen by \b and ^.
  Pattern word = Pattern::Compile(R"(ab\b)");
  EXPECT_FALSE(word.Search("abc"));
  EXPECT_TRUE(word.Search("abc ab"));
  Pattern anchored = Pattern::Compile("^ab");
  EXPECT_TRUE(anchored.Search("abc"));
  EXPECT_FALSE(anchored.Search("cab"));
  EXPECT_FALSE(anchored.Search("c\nab"));  // ECMAScript ^ is not multiline
}

// Random patterns of 1..max_tokens `tokens`, each searched in `texts` random texts of
// up to max_len bytes of `alphabet`: Search must answer exactly as std::regex_search
// with a std::regex (the default traits, in the classic locale), and a pattern must
// fail to compile exactly when std::regex fails. Returns {patterns compiled, checks}.
std::pair<int, int> CheckAgainstRegexSearch(const std::vector<std::string_view>& tokens,
                                            int max_tokens, std::string_view alphabet, int max_len,
                                            int patterns, int texts, std::uint32_t seed) {
  std::mt19937 rng(seed);
  int compiled = 0, checked = 0;
  for (int i = 0; i < patterns; ++i) {
    std::string source;
    int n = 1 + static_cast<int>(rng() % max_tokens);
    for (int k = 0; k < n; ++k) source += tokens[rng() % tokens.size()];
    std::regex reference;
    try {
      reference = std::regex(source, std::regex::ECMAScript);
    } catch (const std::regex_error&) {
      EXPECT_THROW(Pattern::Compile(source), std::regex_error) << "pattern /" << source << "/";
      continue;
    }
    Pattern p = Pattern::Compile(source);
    ++compiled;
    for (int t = 0; t < texts; ++t) {
      std::string text;
      int len = static_cast<int>(rng() % max_len);
      for (int k = 0; k < len; ++k) text += alphabet[rng() % alphabet.size()];
      EXPECT_EQ(p.Search(text), std::regex_search(text, reference))
          << "pattern /" << source << "/ text \"" << text << "\"";
      ++checked;
    }
  }
  return {compiled, checked};
}

// Structure: groups, alternation, anchors, assertions, lazy and greedy quantifiers,
// backreferences, bracket expressions.
TEST(PatternTest, SearchAgreesWithRegexSearch) {
  auto [compiled, checked] = CheckAgainstRegexSearch(
      {"a", "b", "ab", "ba", " ", "\n", "^", "$", ".", "|", "(", ")", "(?:", "[ab]", "[^a]", "[|]",
       "*", "+", "?", "{1,2}", "{2}", "\\b", "\\B", "\\.", "\\s", "\\d", "\\n", "\\(", "\\)", "\\|",
       "(?=a)", "a*?", "(?!b)", "\\1", "(a+)", "{1,}", "[\\]*]", "[\\s\\S]*", "[]", "]", "}", "{",
       "[[:alpha:]+]", "[[:digit:](]", "[[.a.]|]", "[[=b=]*]", "[^[:space:]]"},
      6, "ab \n.()|1+?*", 10, 4000, 12, 20261124);
  EXPECT_GT(compiled, 1000);
  EXPECT_GT(checked, 12000);
}

// What ClassicRegexTraits answers itself: character classes, ranges and equivalence
// classes over upper and lower case, digits, `_` and punctuation.
TEST(PatternTest, ClassesAgreeWithRegexSearch) {
  auto [compiled, checked] = CheckAgainstRegexSearch(
      {"a", "B", "_", "[[=B=]]", "[[=a=]]", "[a-c]", "[^A-Z]", "\\w", "\\W", "[[:w:]]", "[_[:punct:]]",
       "[[:alpha:]]", "[[:upper:]]", "\\s", "\\d", "[^[:alnum:]]", "[[:xdigit:]]", "*", "?", "."},
      4, "abAB_ 1.-F\n", 6, 3000, 8, 20261125);
  EXPECT_GT(compiled, 2000);
  EXPECT_GT(checked, 16000);
}

}  // namespace
}  // namespace snapsim::scenario
