#include "src/fake_apiserver/patch_json.h"

#include <gtest/gtest.h>

#include "src/fake_apiserver/patch_test_util.h"
#include "src/fake_apiserver/patch_util.h"

namespace snapsim::apiserver {
namespace {

using testing::Compact;
using testing::J;

struct JsonPatchCase {
  const char* name;
  const char* doc;
  const char* ops;
  const char* want;  // compact JSON result, or the exact error message
  int http = 200;    // expected HTTP class of the error
};

class ApplyJsonPatchTest : public ::testing::TestWithParam<JsonPatchCase> {};

TEST_P(ApplyJsonPatchTest, MatchesEvanphxV4) {
  const JsonPatchCase& c = GetParam();
  auto got = ApplyJsonPatch(J(c.doc), J(c.ops));
  if (c.http != 200) {
    ASSERT_FALSE(got.ok()) << Compact(*got);
    EXPECT_EQ(got.status().message(), c.want);
    EXPECT_EQ(PatchErrorHttpCode(got.status()), c.http);
  } else {
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    EXPECT_EQ(Compact(*got), c.want);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Operations, ApplyJsonPatchTest,
    ::testing::Values(
        JsonPatchCase{"add_member", R"({"foo":"bar"})",
                      R"([{"op":"add","path":"/baz","value":"qux"}])",
                      R"({"baz":"qux","foo":"bar"})"},
        JsonPatchCase{"add_inserts_in_array", R"({"foo":["bar","baz"]})",
                      R"([{"op":"add","path":"/foo/1","value":"qux"}])",
                      R"({"foo":["bar","qux","baz"]})"},
        JsonPatchCase{"add_dash_appends", R"({"spec":{"args":["a"]}})",
                      R"([{"op":"add","path":"/spec/args/-","value":"b"}])",
                      R"({"spec":{"args":["a","b"]}})"},
        JsonPatchCase{"add_negative_index", R"({"a":[1,2]})",
                      R"([{"op":"add","path":"/a/-1","value":9}])",
                      R"({"a":[1,2,9]})"},  // -1 is the new last slot
        JsonPatchCase{"remove_member", R"({"a":1,"b":2})", R"([{"op":"remove","path":"/a"}])",
                      R"({"b":2})"},
        JsonPatchCase{"remove_element", R"({"a":[1,2,3]})", R"([{"op":"remove","path":"/a/0"}])",
                      R"({"a":[2,3]})"},
        JsonPatchCase{"replace_member", R"({"spec":{"replicas":1}})",
                      R"([{"op":"replace","path":"/spec/replicas","value":3}])",
                      R"({"spec":{"replicas":3}})"},
        JsonPatchCase{"replace_missing_member_adds_it_v4", R"({"a":1})",
                      R"([{"op":"replace","path":"/b","value":2}])", R"({"a":1,"b":2})"},
        JsonPatchCase{"replace_whole_document", R"({"a":1})",
                      R"([{"op":"replace","path":"","value":{"b":2}}])", R"({"b":2})"},
        JsonPatchCase{"move", R"({"a":{"x":1},"b":{}})",
                      R"([{"op":"move","from":"/a/x","path":"/b/y"}])", R"({"a":{},"b":{"y":1}})"},
        JsonPatchCase{"copy", R"({"a":[1]})", R"([{"op":"copy","from":"/a/0","path":"/a/-"}])",
                      R"({"a":[1,1]})"},
        JsonPatchCase{
            "escapes_tilde_and_slash", R"({"metadata":{"labels":{"a/b":"1","c~d":"2"}}})",
            R"([{"op":"remove","path":"/metadata/labels/a~1b"},{"op":"remove","path":"/metadata/labels/c~0d"}])",
            R"({"metadata":{"labels":{}}})"},
        JsonPatchCase{
            "test_passes", R"({"a":{"b":[1,"x"]}})",
            R"([{"op":"test","path":"/a/b","value":[1,"x"]},{"op":"add","path":"/c","value":true}])",
            R"({"a":{"b":[1,"x"]},"c":true})"},
        JsonPatchCase{"test_missing_against_null_passes", R"({"a":1})",
                      R"([{"op":"test","path":"/zz","value":null}])", R"({"a":1})"},
        JsonPatchCase{"null_ops_is_empty_patch", R"({"a":1})", "null", R"({"a":1})"},
        // Errors, with evanphx/json-patch v4's exact text.
        JsonPatchCase{
            "add_missing_parent", R"({"spec":{}})",
            R"([{"op":"add","path":"/spec/x/y","value":1}])",
            R"(add operation does not apply: doc is missing path: "/spec/x/y": missing value)",
            422},
        JsonPatchCase{"remove_missing_member", R"({"a":{"b":{"d":1}}})",
                      R"([{"op":"remove","path":"/a/b/c"}])",
                      "error in remove for path: '/a/b/c': Unable to remove nonexistent key: c: "
                      "missing value",
                      422},
        JsonPatchCase{
            "remove_missing_parent", R"({"spec":{}})", R"([{"op":"remove","path":"/spec/x/y"}])",
            R"(remove operation does not apply: doc is missing path: "/spec/x/y": missing value)",
            422},
        JsonPatchCase{"test_fails", R"({"a":"b"})", R"([{"op":"test","path":"/a","value":"c"}])",
                      "testing value /a failed: test failed", 422},
        JsonPatchCase{"test_type_mismatch_fails", R"({"foo":{}})",
                      R"([{"op":"test","path":"/foo","value":null}])",
                      "testing value /foo failed: test failed", 422},
        JsonPatchCase{"replace_out_of_range", R"({"foo":["bar","baz"]})",
                      R"([{"op":"replace","path":"/foo/2","value":"bum"}])",
                      "replace operation does not apply: doc is missing key: /foo/2: missing value",
                      422},
        JsonPatchCase{
            "replace_missing_parent", R"({"name":{}})",
            R"([{"op":"replace","path":"/foo/bar","value":1}])",
            "replace operation does not apply: doc is missing path: /foo/bar: missing value", 422},
        JsonPatchCase{"add_index_out_of_range", R"({"foo":["bar"]})",
                      R"([{"op":"add","path":"/foo/2","value":1}])",
                      "error in add for path: '/foo/2': Unable to access invalid index: 2: invalid "
                      "index referenced",
                      422},
        JsonPatchCase{"add_bad_index", R"({"foo":[]})",
                      R"([{"op":"add","path":"/foo/x","value":1}])",
                      "error in add for path: '/foo/x': value was not a proper array index: 'x': "
                      "strconv.Atoi: "
                      "parsing \"x\": invalid syntax",
                      422},
        JsonPatchCase{
            "remove_dash", R"({"foo":[]})", R"([{"op":"remove","path":"/foo/-"}])",
            "error in remove for path: '/foo/-': strconv.Atoi: parsing \"-\": invalid syntax", 422},
        JsonPatchCase{
            "move_from_missing_member", R"({"a":{}})",
            R"([{"op":"move","from":"/a/x","path":"/a/y"}])",
            "error in move for path: 'x': Unable to remove nonexistent key: x: missing value", 422},
        JsonPatchCase{"missing_path_field", R"({})", R"([{"op":"add","pathz":"/a","value":1}])",
                      "add operation failed to decode path: missing value", 422},
        JsonPatchCase{"unknown_op", R"({})", R"([{"op":"frob","path":"/a"}])",
                      "Unexpected kind: frob", 422},
        JsonPatchCase{"add_to_root_path", R"({})", R"([{"op":"add","path":"","value":1}])",
                      R"(add operation does not apply: doc is missing path: "": missing value)",
                      422},
        JsonPatchCase{"ops_not_a_list", R"({})", R"({"op":"add"})",
                      "json: cannot unmarshal object into Go value of type jsonpatch.Patch", 400},
        JsonPatchCase{"op_not_an_object", R"({})", R"(["add"])",
                      "json: cannot unmarshal string into Go value of type jsonpatch.Operation",
                      400}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(ApplyJsonPatchTest, FailingOperationLeavesNoPartialResult) {
  auto doc = J(R"({"a":1})");
  auto got = ApplyJsonPatch(
      doc, J(R"([{"op":"add","path":"/b","value":2},{"op":"test","path":"/a","value":5}])"));
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().message(), "testing value /a failed: test failed");
  EXPECT_EQ(Compact(doc), R"({"a":1})");
}

}  // namespace
}  // namespace snapsim::apiserver
