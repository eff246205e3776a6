#include "sim/scenario/variables.h"

#include <gtest/gtest.h>

namespace snapsim::scenario {
namespace {

TEST(VariablesTest, Substitutes) {
  Variables vars{{"A", "1"}, {"DISK_ID", "d-bp1"}};
  EXPECT_EQ(*Substitute("x ${A} ${DISK_ID}${A}", vars), "x 1 d-bp11");
  EXPECT_EQ(*Substitute("no vars", vars), "no vars");
  EXPECT_EQ(*Substitute("$5 $A $ {A} $", vars), "$5 $A $ {A} $");
  EXPECT_EQ(*Substitute("$${A} $$${A}", vars), "${A} $${A}");  // read left to right
}

TEST(VariablesTest, Errors) {
  Variables vars{{"A", "1"}};
  auto undefined = Substitute("${A} ${B} ${C}", vars);
  ASSERT_FALSE(undefined.ok());
  EXPECT_EQ(undefined.status().message(),
            "undefined variable ${B}: no earlier step saved it (save: or saveStdout:)");
  auto bad = Substitute("${A-x}", vars);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(),
            "invalid variable reference \"${A-x}\": expected ${NAME} with NAME made of letters, "
            "digits and _ (write $${ for a literal ${)");
}

TEST(VariablesTest, SyntaxErrorsHaveOffsets) {
  EXPECT_FALSE(FindVariableSyntaxError("ok ${A_1} $${x-y} $").has_value());
  auto e = FindVariableSyntaxError("abc ${}");
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->offset, 4u);
  e = FindVariableSyntaxError("ab ${X");
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->offset, 3u);
  EXPECT_EQ(e->message, "unterminated ${: expected ${NAME} (write $${ for a literal ${)");
}

TEST(VariablesTest, Names) {
  EXPECT_TRUE(IsVariableName("SNAPSHOT_ID"));
  EXPECT_TRUE(IsVariableName("_x9"));
  EXPECT_FALSE(IsVariableName(""));
  EXPECT_FALSE(IsVariableName("9x"));
  EXPECT_FALSE(IsVariableName("a-b"));
}

}  // namespace
}  // namespace snapsim::scenario
