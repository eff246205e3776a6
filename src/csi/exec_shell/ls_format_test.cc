// GNU ls column layout, quoting, dates and human sizes; expectations taken from GNU
// coreutils 9.1 `ls -C --width=W` run on the same names.
#include "src/csi/exec_shell/ls_format.h"

#include <gtest/gtest.h>

#include "src/csi/exec_shell/human_size.h"

namespace snapsim::csi::shell {
namespace {

std::vector<std::string> Names(int n, const std::string& prefix = "file") {
  std::vector<std::string> v;
  for (int i = 0; i < n; ++i) v.push_back(prefix + (i < 10 ? "0" : "") + std::to_string(i));
  return v;
}

TEST(LsFormatTest, TwoNamesOnOneLine) {
  EXPECT_EQ(FormatColumns({"lost+found", "test"}, 80), "lost+found  test\n");
  EXPECT_EQ(FormatColumns({"lost+found"}, 80), "lost+found\n");
  EXPECT_EQ(FormatColumns({}, 80), "");
}

TEST(LsFormatTest, GapsUseTabsToEightColumnStops) {
  EXPECT_EQ(FormatColumns({"abcdefghij", "lost+found_not", "x", "yy"}, 80),
            "abcdefghij  lost+found_not  x  yy\n");
  EXPECT_EQ(FormatColumns({"abcdefghij", "lost+found_not", "x", "yy"}, 20),
            "abcdefghij\tx\nlost+found_not\tyy\n");
}

TEST(LsFormatTest, FillsColumnsTopToBottom) {
  // Columns of 6 + 2 = 8 land on tab stops: ls writes a tab, not two spaces.
  EXPECT_EQ(FormatColumns(Names(12), 40),
            "file00\tfile03\tfile06\tfile09\n"
            "file01\tfile04\tfile07\tfile10\n"
            "file02\tfile05\tfile08\tfile11\n");
  EXPECT_EQ(FormatColumns(Names(12), 80),
            "file00\tfile02\tfile04\tfile06\tfile08\tfile10\n"
            "file01\tfile03\tfile05\tfile07\tfile09\tfile11\n");
  EXPECT_EQ(FormatColumns(Names(3), 10), "file00\nfile01\nfile02\n");
  EXPECT_EQ(FormatColumns({"a", "file00", "file01", "file02"}, 10),
            "a\nfile00\nfile01\nfile02\n");
}

TEST(LsFormatTest, Quoting) {
  EXPECT_FALSE(NeedsQuotes("lost+found"));
  EXPECT_EQ(TtyName("b c"), "'b c'");
  EXPECT_EQ(TtyName("it's"), "\"it's\"");
  EXPECT_EQ(TtyName("a$'b"), "'a$'\\''b'");
  EXPECT_EQ(TtyName("x~"), "x~");
  EXPECT_EQ(TtyName("~x"), "'~x'");
}

TEST(LsFormatTest, Dates) {
  EXPECT_EQ(LsDate(1767225600), "Jan  1 00:00");
  EXPECT_EQ(LsDate(1767225600 + 45 * 86400 + 13 * 3600 + 7 * 60), "Feb 15 13:07");
}

TEST(HumanSizeTest, RoundsUpLikeCoreutils) {
  EXPECT_EQ(HumanSize(0), "0");
  EXPECT_EQ(HumanSize(512), "512");
  EXPECT_EQ(HumanSize(1023), "1023");
  EXPECT_EQ(HumanSize(1024), "1.0K");
  EXPECT_EQ(HumanSize(1025), "1.1K");
  EXPECT_EQ(HumanSize(4096), "4.0K");
  EXPECT_EQ(HumanSize(10241), "11K");
  EXPECT_EQ(HumanSize(1048575), "1.0M");
  EXPECT_EQ(HumanSize(std::uint64_t{20} << 30), "20G");
  EXPECT_EQ(HumanSize((std::uint64_t{95} << 30) / 10), "9.5G");
}

}  // namespace
}  // namespace snapsim::csi::shell
