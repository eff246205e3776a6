#include "sim/scenario/expect.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace snapsim::scenario {
namespace {

using ::testing::ElementsAre;

Pattern P(const std::string& re) { return Pattern::Compile(re); }

std::string Summary(const Expect& e, const CommandOutput& out) {
  auto m = CheckExpect(e, out);
  return m ? m->summary : "<pass>";
}

TEST(ExpectTest, EachKeyPassesAndFails) {
  CommandOutput out{"lost+found  test\n", "warning: x\n", 0};
  Expect e;
  EXPECT_EQ(Summary(e, out), "<pass>");

  e = {};
  e.stdout_exact = "lost+found  test\n";
  EXPECT_EQ(Summary(e, out), "<pass>");
  e.stdout_exact = "lost+found  test";
  EXPECT_EQ(Summary(e, out), "stdout differs from expect.stdout");

  e = {};
  e.stderr_exact = "warning: x\n";
  EXPECT_EQ(Summary(e, out), "<pass>");
  e.stderr_exact = "";
  EXPECT_EQ(Summary(e, out), "stderr differs from expect.stderr");

  e = {};
  e.stdout_contains = "found  te";
  EXPECT_EQ(Summary(e, out), "<pass>");
  e.stdout_contains = "missing\t";
  EXPECT_EQ(Summary(e, out), "stdout does not contain \"missing\\t\" (expect.stdoutContains)");

  e = {};
  e.stderr_contains = "warning";
  EXPECT_EQ(Summary(e, out), "<pass>");
  e.stderr_contains = "error";
  EXPECT_EQ(Summary(e, out), "stderr does not contain \"error\" (expect.stderrContains)");

  e = {};
  e.stdout_matches = P("test$");  // searched, multiline-free: $ is the end of input
  EXPECT_EQ(Summary(e, out), "stdout does not match /test$/ (expect.stdoutMatches)");
  e.stdout_matches = P("l.st\\+found\\s+test");
  EXPECT_EQ(Summary(e, out), "<pass>");

  e = {};
  e.stderr_matches = P("^warning: [a-z]$");
  EXPECT_EQ(Summary(e, out), "stderr does not match /^warning: [a-z]$/ (expect.stderrMatches)");
  e.stderr_matches = P("warn");
  EXPECT_EQ(Summary(e, out), "<pass>");

  e = {};
  e.exit_code = 0;
  EXPECT_EQ(Summary(e, out), "<pass>");
  e.exit_code = 1;
  EXPECT_EQ(Summary(e, out), "exit code 0, expected 1 (expect.exitCode)");
}

TEST(ExpectTest, NonZeroExitFailsUnlessExpected) {
  CommandOutput out{"", "Error from server (NotFound): x\n", 1};
  auto m = CheckExpect(Expect{}, out);
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->summary,
            "command failed with exit code 1 (set expect.exitCode to expect a failure)");
  EXPECT_THAT(m->detail,
              ElementsAre("actual stderr (1 line):", "  Error from server (NotFound): x"));
  Expect e;
  e.exit_code = 1;
  e.stdout_exact = "";
  EXPECT_FALSE(CheckExpect(e, out).has_value());
}

TEST(ExpectTest, ExitCodeIsCheckedBeforeOutput) {
  Expect e;
  e.exit_code = 0;
  e.stdout_exact = "a";
  EXPECT_EQ(Summary(e, CommandOutput{"b", "", 2}), "exit code 2, expected 0 (expect.exitCode)");
}

TEST(ExpectTest, FirstLineDiff) {
  EXPECT_THAT(FirstLineDiff("a\nb\nc\n", "a\nB\nc\n", "stdout"),
              ElementsAre("--- expected stdout", "+++ actual stdout", "@@ -2 +2 @@", " a", "-b",
                          "+B"));
  EXPECT_THAT(FirstLineDiff("true", "true\n", "stdout"),
              ElementsAre("--- expected stdout", "+++ actual stdout", "@@ -1 +1 @@", "-true",
                          "\\ No newline at end of expected stdout", "+true"));
  EXPECT_THAT(FirstLineDiff("x\n", "x", "stderr"),
              ElementsAre("--- expected stderr", "+++ actual stderr", "@@ -1 +1 @@", "-x", "+x",
                          "\\ No newline at end of actual stderr"));
  EXPECT_THAT(FirstLineDiff("a\nb\n", "a\n", "stdout"),
              ElementsAre("--- expected stdout", "+++ actual stdout", "@@ -2 +2 @@", " a", "-b",
                          "\\ actual stdout ends after line 1"));
  EXPECT_THAT(FirstLineDiff("", "x\n", "stdout"),
              ElementsAre("--- expected stdout", "+++ actual stdout", "@@ -1 +1 @@",
                          "\\ expected stdout ends after line 0", "+x"));
  EXPECT_THAT(FirstLineDiff("a b\n", "a\tb\n", "stdout"),
              ElementsAre("--- expected stdout", "+++ actual stdout", "@@ -1 +1 @@", "-a b",
                          "+a\tb", "(expected \"a b\", actual \"a\\tb\")"));
}

TEST(ExpectTest, ShowsActualOutputCapped) {
  std::string many;
  for (int i = 1; i <= 25; ++i) many += "line " + std::to_string(i) + "\n";
  Expect e;
  e.stdout_contains = "nope";
  auto m = CheckExpect(e, CommandOutput{many, "", 0});
  ASSERT_TRUE(m.has_value());
  ASSERT_EQ(m->detail.size(), 22u);
  EXPECT_EQ(m->detail.front(), "actual stdout (25 lines):");
  EXPECT_EQ(m->detail.back(), "  ... (5 more lines)");
  m = CheckExpect(e, CommandOutput{"", "", 0});
  EXPECT_THAT(m->detail, ElementsAre("actual stdout: (empty)"));
}

}  // namespace
}  // namespace snapsim::scenario
