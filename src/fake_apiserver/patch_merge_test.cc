#include "src/fake_apiserver/patch_merge.h"

#include <gtest/gtest.h>

#include "src/fake_apiserver/patch_test_util.h"
#include "src/fake_apiserver/patch_util.h"

namespace snapsim::apiserver {
namespace {

using testing::Compact;
using testing::J;

struct MergeCase {
  const char* name;
  const char* doc;
  const char* patch;
  const char* want;  // compact JSON, or the error message
  bool error = false;
};

class ApplyMergePatchTest : public ::testing::TestWithParam<MergeCase> {};

TEST_P(ApplyMergePatchTest, Applies) {
  const MergeCase& c = GetParam();
  auto got = ApplyMergePatch(J(c.doc), J(c.patch));
  if (c.error) {
    ASSERT_FALSE(got.ok());
    EXPECT_EQ(got.status().message(), c.want);
    EXPECT_EQ(PatchErrorHttpCode(got.status()), 400);
  } else {
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    EXPECT_EQ(Compact(*got), c.want);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Rfc7386, ApplyMergePatchTest,
    ::testing::Values(
        MergeCase{"replaces_scalar", R"({"a":"b"})", R"({"a":"c"})", R"({"a":"c"})"},
        MergeCase{"adds_member", R"({"a":"b"})", R"({"b":"c"})", R"({"a":"b","b":"c"})"},
        MergeCase{"null_deletes", R"({"a":"b","b":"c"})", R"({"a":null})", R"({"b":"c"})"},
        MergeCase{"null_for_missing_is_noop", R"({"a":"b"})", R"({"x":null})", R"({"a":"b"})"},
        MergeCase{"arrays_replace_whole", R"({"a":[1,2,3]})", R"({"a":[4]})", R"({"a":[4]})"},
        MergeCase{"objects_merge_recursively", R"({"m":{"a":1,"b":{"c":2,"d":3}}})",
                  R"({"m":{"b":{"c":null,"e":4}}})", R"({"m":{"a":1,"b":{"d":3,"e":4}}})"},
        MergeCase{"object_over_scalar_prunes_nulls", R"({"a":"x"})", R"({"a":{"b":null,"c":1}})",
                  R"({"a":{"c":1}})"},
        MergeCase{"added_object_prunes_nested_nulls", R"({})", R"({"a":{"b":{"c":null,"d":1}}})",
                  R"({"a":{"b":{"d":1}}})"},
        MergeCase{"null_array_elements_stay", R"({})", R"({"a":[null,{"b":null}]})",
                  R"({"a":[null,{}]})"},
        MergeCase{"scalar_replaces_object", R"({"a":{"b":1}})", R"({"a":"s"})", R"({"a":"s"})"},
        MergeCase{"array_patch_replaces_document", R"({"a":1})", R"([1,{"b":null}])", R"([1,{}])"},
        MergeCase{"scalar_patch_is_invalid", R"({"a":1})", R"("x")", "Invalid JSON Patch", true},
        MergeCase{"null_patch_is_invalid", R"({"a":1})", "null", "Invalid JSON Patch", true},
        MergeCase{"null_document_is_invalid", "null", R"({"a":1})", "Invalid JSON Document", true}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(CreateMergePatchTest, DiffsObjects) {
  struct Case {
    const char* original;
    const char* modified;
    const char* want;
  } cases[] = {
      {R"({"a":1,"b":2})", R"({"a":1,"b":2})", "{}"},
      {R"({"a":1,"b":2})", R"({"a":1,"b":3,"c":4})", R"({"b":3,"c":4})"},
      {R"({"a":1,"b":2})", R"({"a":1})", R"({"b":null})"},
      {R"({"m":{"x":1,"y":2}})", R"({"m":{"x":1}})", R"({"m":{"y":null}})"},
      {R"({"l":[1,2]})", R"({"l":[1,2,3]})", R"({"l":[1,2,3]})"},
      {R"({"l":[1,2]})", R"({"l":[1,2]})", "{}"},
      {R"({"n":1})", R"({"n":1.0})", "{}"},  // Go decodes both as float64
      {R"({"t":"1"})", R"({"t":1})", R"({"t":1})"},
  };
  for (const auto& c : cases) {
    auto got = CreateMergePatch(J(c.original), J(c.modified));
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    EXPECT_EQ(Compact(*got), c.want) << c.original << " -> " << c.modified;
    auto applied = ApplyMergePatch(J(c.original), *got);
    ASSERT_TRUE(applied.ok());
    EXPECT_EQ(*applied, J(c.modified));
  }
  EXPECT_EQ(CreateMergePatch(J("[]"), J("{}")).status().message(), "Invalid JSON Document");
}

TEST(ThreeWayJsonMergePatchTest, KeepsLiveOnlyFieldsAndDeletesDroppedOnes) {
  // last-applied had labels a and b; the new config drops b and changes a; the
  // live object carries status and a label c set by someone else.
  auto original = J(R"({"metadata":{"labels":{"a":"1","b":"2"}},"spec":{"x":1}})");
  auto modified = J(R"({"metadata":{"labels":{"a":"9"}},"spec":{"x":1}})");
  auto current =
      J(R"({"metadata":{"labels":{"a":"1","b":"2","c":"3"}},"spec":{"x":1},"status":{"s":true}})");
  auto patch = CreateThreeWayJsonMergePatch(original, modified, current);
  ASSERT_TRUE(patch.ok()) << patch.status().ToString();
  EXPECT_EQ(Compact(*patch), R"({"metadata":{"labels":{"a":"9","b":null}}})");
  auto result = ApplyMergePatch(current, *patch);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(Compact(*result),
            R"({"metadata":{"labels":{"a":"9","c":"3"}},"spec":{"x":1},"status":{"s":true}})");
}

TEST(ThreeWayJsonMergePatchTest, NullOriginalAndExplicitEmptyMap) {
  auto patch =
      CreateThreeWayJsonMergePatch(api::Value(), J(R"({"a":{},"b":1})"), J(R"({"b":1,"c":2})"));
  ASSERT_TRUE(patch.ok());
  EXPECT_EQ(Compact(*patch), R"({"a":{}})");  // explicitly set empty maps are kept
  auto same = CreateThreeWayJsonMergePatch(J(R"({"b":1})"), J(R"({"b":1})"), J(R"({"b":1,"c":2})"));
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(Compact(*same), "{}");
}

}  // namespace
}  // namespace snapsim::apiserver
