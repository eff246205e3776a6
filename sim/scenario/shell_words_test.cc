#include "sim/scenario/shell_words.h"

#include <gtest/gtest.h>

namespace snapsim::scenario {
namespace {

std::vector<std::string> Words(std::string_view line) {
  auto r = SplitShellWords(line);
  if (auto* e = std::get_if<ShellSplitError>(&r)) {
    ADD_FAILURE() << "offset " << e->offset << ": " << e->message;
    return {};
  }
  return std::get<std::vector<std::string>>(r);
}

ShellSplitError Error(std::string_view line) {
  auto r = SplitShellWords(line);
  if (auto* e = std::get_if<ShellSplitError>(&r)) return *e;
  ADD_FAILURE() << "split succeeded";
  return {};
}

using V = std::vector<std::string>;

TEST(ShellWordsTest, SplitsOnBlanks) {
  EXPECT_EQ(Words("  get   pods\t-n\nkube-system "), (V{"get", "pods", "-n", "kube-system"}));
  EXPECT_EQ(Words(""), V{});
  EXPECT_EQ(Words("   "), V{});
}

TEST(ShellWordsTest, Quotes) {
  EXPECT_EQ(Words("sh -c 'echo \"hi\" > /f'"), (V{"sh", "-c", "echo \"hi\" > /f"}));
  EXPECT_EQ(Words("\"a \\\"b\\\" \\\\ \\$ \\x\""), (V{"a \"b\" \\ $ \\x"}));
  EXPECT_EQ(Words("a'b'\"c\"d"), (V{"abcd"}));
  EXPECT_EQ(Words("'' \"\" x"), (V{"", "", "x"}));
  EXPECT_EQ(Words("'it'\\''s'"), (V{"it's"}));
  EXPECT_EQ(Words("jsonpath='{.items[*].metadata.name}'"), (V{"jsonpath={.items[*].metadata.name}"}));
  EXPECT_EQ(Words("--SnapshotIds '[\"s-1\"]'"), (V{"--SnapshotIds", "[\"s-1\"]"}));
}

TEST(ShellWordsTest, Backslashes) {
  EXPECT_EQ(Words("a\\ b c"), (V{"a b", "c"}));
  EXPECT_EQ(Words("a \\\n b"), (V{"a", "b"}));
  EXPECT_EQ(Words("\\|"), (V{"|"}));
  EXPECT_EQ(Words("\"a\\\nb\""), (V{"ab"}));
}

TEST(ShellWordsTest, Errors) {
  EXPECT_EQ(Error("ls 'abc").offset, 3u);
  EXPECT_EQ(Error("ls 'abc").message, "unterminated single quote");
  EXPECT_EQ(Error("ls x\"abc").offset, 4u);
  EXPECT_EQ(Error("ls x\"abc").message, "unterminated double quote");
  EXPECT_EQ(Error("ls \\").message, "backslash at the end of the line escapes nothing");
  for (char op : std::string("|&;<>()`")) {
    std::string line = std::string("get pods ") + op + " x";
    EXPECT_EQ(Error(line).offset, 9u) << line;
  }
  EXPECT_EQ(Error("a > b").message,
            "unquoted '>': a step runs one command, without pipes, redirections or command "
            "lists; quote it to pass it as an argument");
}

TEST(ShellWordsTest, QuoteRoundTrips) {
  for (std::string w : {"plain", "", "a b", "it's", "x|y", "\"q\"", "back\\slash"}) {
    EXPECT_EQ(Words(QuoteShellWord(w)), V{w}) << w;
  }
  EXPECT_EQ(QuoteShellWord("plain"), "plain");
  EXPECT_EQ(QuoteShellWord("a b"), "'a b'");
}

}  // namespace
}  // namespace snapsim::scenario
