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

// Search must answer exactly as std::regex_search for any pattern and text: random
// patterns from regex tokens, random texts over the bytes they mention.
TEST(PatternTest, SearchAgreesWithRegexSearch) {
  const std::array<std::string_view, 47> tokens = {
      "a", "b", "ab", "ba", " ", "\n", "^", "$", ".", "|", "(", ")", "(?:", "[ab]", "[^a]", "[|]",
      "*", "+", "?", "{1,2}", "{2}", "\\b", "\\B", "\\.", "\\s", "\\d", "\\n", "\\(", "\\)", "\\|",
      "(?=a)", "a*?", "(?!b)", "\\1", "(a+)", "{1,}", "[\\]*]", "[\\s\\S]*", "[]", "]", "}", "{",
      "[[:alpha:]+]", "[[:digit:](]", "[[.a.]|]", "[[=b=]*]", "[^[:space:]]"};
  const std::string alphabet = "ab \n.()|1+?*";
  std::mt19937 rng(20261124);
  int compiled = 0, checked = 0;
  for (int i = 0; i < 4000; ++i) {
    std::string source;
    int n = 1 + static_cast<int>(rng() % 6);
    for (int k = 0; k < n; ++k) source += tokens[rng() % tokens.size()];
    Pattern p;
    try {
      p = Pattern::Compile(source);
    } catch (const std::regex_error&) {
      continue;
    }
    ++compiled;
    for (int t = 0; t < 12; ++t) {
      std::string text;
      int len = static_cast<int>(rng() % 10);
      for (int k = 0; k < len; ++k) text += alphabet[rng() % alphabet.size()];
      ASSERT_EQ(p.Search(text), std::regex_search(text, p.regex))
          << "pattern /" << source << "/ text \"" << text << "\"";
      ++checked;
    }
  }
  EXPECT_GT(compiled, 1000);
  EXPECT_GT(checked, 12000);
}

}  // namespace
}  // namespace snapsim::scenario
