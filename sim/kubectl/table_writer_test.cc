// kubectl's tabwriter settings (minwidth 6, padding 3, spaces) and Go's column blocks.
#include "sim/kubectl/table_writer.h"

#include <gtest/gtest.h>

namespace snapsim::kubectl {
namespace {

TEST(TabAlign, MinWidthAndPadding) {
  EXPECT_EQ(TabAlign("a\tb\n"), "a     b\n");  // 1 + 3 < 6: minwidth wins
  EXPECT_EQ(TabAlign("NAME\tAGE\nweb-0\t5m\n"), "NAME    AGE\nweb-0   5m\n");
  EXPECT_EQ(TabAlign("a-long-name\tx\tlast\nb\tyy\tz\n"),
            "a-long-name   x     last\nb             yy    z\n");
}

TEST(TabAlign, LastCellIsNeverPadded) {
  EXPECT_EQ(TabAlign("a\tlong-last-cell\nbb\tc\n"), "a     long-last-cell\nbb    c\n");
  // A trailing empty cell leaves the padding of the cells before it.
  EXPECT_EQ(TabAlign("a\tb\t\n"), "a     b     \n");
}

TEST(TabAlign, EmptyCellsArePadded) {
  EXPECT_EQ(TabAlign("A\tB\tC\nx\t\tz\n"), "A     B     C\nx           z\n");
}

TEST(TabAlign, WidthCountsCodePoints) {
  EXPECT_EQ(TabAlign("\xc3\xa9t\xc3\xa9-2026\tx\nab\ty\n"),
            "\xc3\xa9t\xc3\xa9-2026   x\nab         y\n");  // 8 code points: 11 columns
}

TEST(TabAlign, ColumnBlocks) {
  // A line without a cell in a column ends that column's block.
  EXPECT_EQ(TabAlign("aaaaaaaaaa\tb\nx\nc\td\n"), "aaaaaaaaaa   b\nx\nc     d\n");
  EXPECT_EQ(TabAlign("a\tbbbbbbbb\tc\naa\tbb\n"), "a     bbbbbbbb   c\naa    bb\n");
}

TEST(TabAlign, UnterminatedLastLine) {
  EXPECT_EQ(TabAlign("a\tb"), "a     b");
  EXPECT_EQ(TabAlign(""), "");
}

}  // namespace
}  // namespace snapsim::kubectl
