#include "src/fake_apiserver/patch_util.h"

#include <gtest/gtest.h>

#include "src/fake_apiserver/patch_test_util.h"

namespace snapsim::apiserver {
namespace {

TEST(PatchUtilTest, GoFormatting) {
  using testing::J;
  EXPECT_EQ(GoString(J(R"({"b":[1,"x",null,true],"a":{}})")), "map[a:map[] b:[1 x <nil> true]]");
  EXPECT_EQ(GoString(J("1.5")), "1.5");
  EXPECT_EQ(GoString(J("1000000.0")), "1e+06");
  EXPECT_EQ(GoString(J("123456.0")), "123456");
  EXPECT_EQ(GoString(J("0.00001")), "1e-05");
  EXPECT_EQ(GoTypeName(J("{}")), "map[string]interface {}");
  EXPECT_EQ(GoTypeName(J("[]")), "[]interface {}");
  EXPECT_EQ(GoTypeName(J("1")), "int64");
  EXPECT_FALSE(GoDeepEqual(J("1"), J("1.0")));
  EXPECT_TRUE(GoDeepEqual(J(R"({"a":[1,{"b":2}]})"), J(R"({"a":[1,{"b":2}]})")));
  EXPECT_EQ(PatchErrorHttpCode(Status::Unsupported("x")), 415);
  EXPECT_EQ(PatchErrorHttpCode(Status::Internal("x")), 500);
}

}  // namespace
}  // namespace snapsim::apiserver
