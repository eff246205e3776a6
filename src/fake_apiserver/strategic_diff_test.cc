#include "src/fake_apiserver/strategic_diff.h"

#include <gtest/gtest.h>

#include "src/fake_apiserver/patch_test_util.h"
#include "src/fake_apiserver/strategic_merge.h"

namespace snapsim::apiserver {
namespace {

using testing::Compact;
using testing::J;

struct TwoWayCase {
  const char* name;
  const char* kind;
  const char* original;
  const char* modified;
  const char* want_patch;
};

class TwoWayStrategicPatchTest : public ::testing::TestWithParam<TwoWayCase> {};

// The patch is what upstream computes, and applying it yields `modified`.
TEST_P(TwoWayStrategicPatchTest, DiffsAndRoundTrips) {
  const TwoWayCase& c = GetParam();
  const StrategicSchema& schema = StrategicSchemaFor(c.kind);
  auto patch = CreateTwoWayStrategicMergePatch(J(c.original), J(c.modified), schema);
  ASSERT_TRUE(patch.ok()) << patch.status().ToString();
  EXPECT_EQ(Compact(*patch), c.want_patch);
  auto applied = ApplyStrategicMergePatch(J(c.original), *patch, schema);
  ASSERT_TRUE(applied.ok()) << applied.status().ToString();
  EXPECT_EQ(Compact(*applied), Compact(J(c.modified)));
}

INSTANTIATE_TEST_SUITE_P(
    Upstream, TwoWayStrategicPatchTest,
    ::testing::Values(
        TwoWayCase{"identical", "Pod", R"({"spec":{"containers":[{"name":"a"}]}})",
                   R"({"spec":{"containers":[{"name":"a"}]}})", "{}"},
        TwoWayCase{
            "changed_image", "Pod", R"({"spec":{"containers":[{"name":"a","image":"x:1"}]}})",
            R"({"spec":{"containers":[{"name":"a","image":"x:2"}]}})",
            R"({"spec":{"$setElementOrder/containers":[{"name":"a"}],"containers":[{"image":"x:2","name":"a"}]}})"},
        TwoWayCase{"removed_container", "Pod",
                   R"({"spec":{"containers":[{"name":"a"},{"name":"b"}]}})",
                   R"({"spec":{"containers":[{"name":"a"}]}})",
                   R"({"spec":{"$setElementOrder/containers":[{"name":"a"}],)"
                   R"("containers":[{"$patch":"delete","name":"b"}]}})"},
        TwoWayCase{"reordered_containers", "Pod",
                   R"({"spec":{"containers":[{"name":"a"},{"name":"b"}]}})",
                   R"({"spec":{"containers":[{"name":"b"},{"name":"a"}]}})",
                   R"({"spec":{"$setElementOrder/containers":[{"name":"b"},{"name":"a"}]}})"},
        TwoWayCase{
            "removed_finalizer", "PersistentVolumeClaim",
            R"({"metadata":{"finalizers":["a","b"]}})", R"({"metadata":{"finalizers":["a"]}})",
            R"({"metadata":{"$deleteFromPrimitiveList/finalizers":["b"],"$setElementOrder/finalizers":["a"]}})"},
        TwoWayCase{
            "removed_label_and_atomic_list", "PersistentVolumeClaim",
            R"({"metadata":{"labels":{"a":"1","b":"2"}},"spec":{"accessModes":["ReadWriteOnce"]}})",
            R"({"metadata":{"labels":{"a":"1"}},"spec":{"accessModes":["ReadWriteMany"]}})",
            R"({"metadata":{"labels":{"b":null}},"spec":{"accessModes":["ReadWriteMany"]}})"},
        TwoWayCase{
            "volume_source_change_builds_retain_keys", "Pod",
            R"({"spec":{"volumes":[{"name":"v","emptyDir":{}}]}})",
            R"({"spec":{"volumes":[{"name":"v","hostPath":{"path":"/x"}}]}})",
            R"({"spec":{"$setElementOrder/volumes":[{"name":"v"}],"volumes":[{"$retainKeys":["hostPath","name"],)"
            R"("emptyDir":null,"hostPath":{"path":"/x"},"name":"v"}]}})"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(ThreeWayStrategicPatchTest, KeepsServerSideFieldsAndItems) {
  // last-applied: containers a, b; config now: a (new image); live adds a
  // defaulted field and a server-side item to a merged list.
  auto original = J(R"({"spec":{"containers":[{"name":"a","image":"x:1"},{"name":"b"}]}})");
  auto modified = J(R"({"spec":{"containers":[{"name":"a","image":"x:2"}]}})");
  auto current =
      J(R"({"spec":{"containers":[{"name":"a","image":"x:1","imagePullPolicy":"IfNotPresent"},)"
        R"({"name":"b"},{"name":"injected"}]}})");
  const StrategicSchema& schema = StrategicSchemaFor("Pod");
  auto patch = CreateThreeWayStrategicMergePatch(original, modified, current, schema);
  ASSERT_TRUE(patch.ok()) << patch.status().ToString();
  EXPECT_EQ(Compact(*patch),
            R"({"spec":{"$setElementOrder/containers":[{"name":"a"}],)"
            R"("containers":[{"image":"x:2","name":"a"},{"$patch":"delete","name":"b"}]}})");
  auto result = ApplyStrategicMergePatch(current, *patch, schema);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(Compact(*result),
            R"({"spec":{"containers":[{"image":"x:2","imagePullPolicy":"IfNotPresent","name":"a"},)"
            R"({"name":"injected"}]}})");
}

TEST(ThreeWayStrategicPatchTest, UnsortedPrimitiveListAlwaysCarriesOrder) {
  // Upstream compares the new config with a sorted copy of the live list.
  const StrategicSchema& schema = StrategicSchemaFor("PersistentVolumeClaim");
  auto cfg = J(R"({"metadata":{"finalizers":["b.io/x","a.io/y"]}})");
  auto patch = CreateThreeWayStrategicMergePatch(cfg, cfg, cfg, schema);
  ASSERT_TRUE(patch.ok());
  EXPECT_EQ(Compact(*patch), R"({"metadata":{"$setElementOrder/finalizers":["b.io/x","a.io/y"]}})");
  auto sorted = J(R"({"metadata":{"finalizers":["a.io/y","b.io/x"]}})");
  auto none = CreateThreeWayStrategicMergePatch(sorted, sorted, sorted, schema);
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(Compact(*none), "{}");
}

TEST(ThreeWayStrategicPatchTest, RejectsNonObjects) {
  auto patch =
      CreateThreeWayStrategicMergePatch(J("[1]"), J("{}"), J("{}"), StrategicSchemaFor("Pod"));
  ASSERT_FALSE(patch.ok());
  EXPECT_EQ(patch.status().message(), "invalid JSON document");
}

}  // namespace
}  // namespace snapsim::apiserver
