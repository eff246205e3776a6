#include "sim/scenario/flat_pattern.h"

#include <gtest/gtest.h>

#include <random>
#include <regex>
#include <string>
#include <vector>

namespace snapsim::scenario {
namespace {

bool IsFlat(std::string_view source) { return FlatPattern::Parse(source).has_value(); }

bool Search(std::string_view source, std::string_view text) {
  auto p = FlatPattern::Parse(source);
  EXPECT_TRUE(p.has_value()) << "pattern /" << source << "/";
  return p && p->Search(text);
}

TEST(FlatPatternTest, TakesWhatScenariosWriteAndLeavesTheRestToStdRegex) {
  // The ACK document's checks are flat.
  EXPECT_TRUE(IsFlat(R"("InstantAccess": false,[\s\S]*"SnapshotName": "snapshot-[0-9a-f-]{36}",[\s\S]*"TotalCount": 1\n)"));
  EXPECT_TRUE(IsFlat("^volumesnapshotcontent.snapshot.storage.k8s.io/snapcontent-[0-9a-f-]{36} patched \\(no change\\)\n$"));
  EXPECT_TRUE(IsFlat("\nweb-restore-0   1/1     Running   0          [0-9]+s\n$"));
  EXPECT_TRUE(IsFlat(R"(x\d+?\S*\w{2,}\.[^a-z_]{0,3}[-a]b[a-]c[]d[^])"));
  EXPECT_TRUE(IsFlat(""));
  EXPECT_TRUE(IsFlat(R"("TotalCount": 1\n}\n$)"));  // libstdc++ reads a lone } or ] as itself
  EXPECT_TRUE(IsFlat("a]"));
  // Groups, alternation, assertions, backreferences, other escapes and POSIX classes.
  for (const char* source : {"(ab)", "(?:a)", "a|b", R"(a\b)", R"(\B)", R"((a)\1)", R"(\x41)", R"(\u0041)",
                             R"(\cA)", R"(\0)", "[[:alpha:]]", "[[.a.]]", "[[=a=]]", "a(?=b)"}) {
    EXPECT_FALSE(IsFlat(source)) << source;
  }
  // What std::regex rejects or reads some other way is left to it.
  for (const char* source : {"*a", "a**", "a{2,1}", "a{x}", "a{,2}", "a{1001}", "a^", "a$b", "a\\",
                             "[a", "[z-a]", "[\\w-z]", "[a-b-c]", "[\\n-z]", R"(\q)", "[\\b]", "a{2}{3}"}) {
    EXPECT_FALSE(IsFlat(source)) << source;
  }
}

TEST(FlatPatternTest, SearchFollowsAnchorsSetsAndCounts) {
  EXPECT_TRUE(Search("b+c", "aabbbcd"));
  EXPECT_FALSE(Search("^b+c", "aabbbcd"));
  EXPECT_TRUE(Search("cd$", "aabbbcd"));
  EXPECT_FALSE(Search("c$", "aabbbcd"));
  EXPECT_FALSE(Search("^a$", "a\n"));  // ECMAScript ^ and $ are not multiline
  EXPECT_TRUE(Search("^$", ""));
  EXPECT_TRUE(Search("x[0-9a-f-]{4}y", "x-9fay"));
  EXPECT_FALSE(Search("x[0-9a-f-]{4}y", "x-9fgy"));
  EXPECT_FALSE(Search("a.b", "a\nb"));
  EXPECT_TRUE(Search(R"(a[\s\S]b)", "a\nb"));
  EXPECT_TRUE(Search("a[^]b", "a\nb"));
  EXPECT_FALSE(Search("a[]b", "ab"));
  EXPECT_TRUE(Search("x{2,3}y", "axxxy"));
  EXPECT_FALSE(Search("ax{2,3}y", "axxxxy"));
}

// The search remembers failures: patterns on which backtracking takes exponential time
// answer after a bounded amount of work (counted here, never timed).
TEST(FlatPatternTest, RepeatedSetsDoNotBacktrackExponentially) {
  std::string text(3000, 'a');
  EXPECT_FALSE(Search("a*a*a*a*a*a*a*a*b", text));
  EXPECT_FALSE(Search(R"([\s\S]*a[\s\S]*a[\s\S]*b)", text));
  EXPECT_TRUE(Search(R"(^a*a*a*a*a*a*a*a*$)", text));
  EXPECT_TRUE(Search("a*a*a*a*a*a*a*a*b", text + "b"));
  EXPECT_TRUE(Search("^a*a*a*a*a*a*a*a*b$", text + "b"));
}

// Random patterns of tokens the parser reads, and some it must refuse, against
// std::regex (default traits, classic locale): a pattern that Parse accepts must compile
// and be searched exactly as std::regex_search does.
TEST(FlatPatternTest, AgreesWithStdRegex) {
  const std::vector<std::string_view> tokens = {
      "a", "b", "ab", "\n", " ", "-", "_", ".", "\xc3", "[ab]", "[^a]", "[a-c]", "[0-9a-f-]", "[\\s\\S]",
      "[^]", "[]", "[-a]", "[a-]", "[\\]]", "[a^]", "[\\w\\n]", "[^\\S]", "[\\-b]", "[\\w-]", "[a\\-c]",
      "\\s", "\\S", "\\d", "\\D", "\\w", "\\W", "\\.", "\\-", "\\_", "\\ ", "\\n", "\\r", "\\t", "\\^",
      "\\$", "\\[", "\\{", "*", "+", "?", "*?", "+?", "??", "{2}", "{1,3}", "{0,}", "{2,1}", "{2}?",
      "{", "}", "]", "^", "$", "\\q", "(", "|", "\\/", "\\\"", "\\,", "\\#", "\\~", "\\(", "\\]",
      "\\}", "\\|", "\\*", "\\\\", "[\\(\\]\\\\]", "[\\.\\/]"};
  const std::string alphabet = "ab \n-_.9\r\xc3^$[(]\\/\"";
  std::mt19937 rng(20261125);
  int flat = 0, checked = 0;
  for (int i = 0; i < 6000; ++i) {
    std::string source;
    int n = 1 + static_cast<int>(rng() % 6);
    for (int k = 0; k < n; ++k) source += tokens[rng() % tokens.size()];
    auto parsed = FlatPattern::Parse(source);
    std::regex reference;
    try {
      reference = std::regex(source, std::regex::ECMAScript);
    } catch (const std::regex_error&) {
      EXPECT_FALSE(parsed.has_value()) << "std::regex rejects /" << source << "/";
      continue;
    }
    if (!parsed) continue;
    ++flat;
    for (int t = 0; t < 10; ++t) {
      std::string text;
      int len = static_cast<int>(rng() % 12);
      for (int k = 0; k < len; ++k) text += alphabet[rng() % alphabet.size()];
      bool want = std::regex_search(text, reference);
      EXPECT_EQ(parsed->Search(text), want) << "pattern /" << source << "/ text \"" << text << "\"";
      EXPECT_EQ(parsed->SearchByTable(text), want) << "table: pattern /" << source << "/ text \"" << text << "\"";
      ++checked;
    }
  }
  EXPECT_GT(flat, 1500);
  EXPECT_GT(checked, 15000);
}

}  // namespace
}  // namespace snapsim::scenario
