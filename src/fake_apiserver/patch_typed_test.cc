// ApiServer::PatchTyped: the typed effect where the caller gives one, the JSON patch
// (and its errors) where it does not, and the test-time check that the two agree.
#include <gtest/gtest.h>

#include "src/api/kinds_snapshot.h"
#include "src/fake_apiserver/apiserver.h"

namespace snapsim::apiserver {
namespace {

using api::VolumeSnapshotClass;

class PatchTypedTest : public ::testing::Test {
 protected:
  explicit PatchTypedTest(bool check = false) : rng_(1), server_(loop_, rng_, {.check_typed_patches = check}) {
    auto c = std::make_shared<VolumeSnapshotClass>();
    c->metadata.name = "gold";
    c->metadata.annotations = {{"a", "1"}};
    c->driver = "diskplugin.csi.alibabacloud.com";
    c->deletion_policy = "Delete";
    EXPECT_TRUE(server_.Create(c).ok());
  }
  // A remove of annotation `key`, typed: false (the JSON's turn) when it is not there.
  ApiResult<api::ObjectPtr> RemoveAnnotation(const std::string& key, std::string_view typed_key) {
    return server_.PatchTyped(
        VolumeSnapshotClass::Info(), "", "gold", ApiServer::PatchType::kJson,
        [&](api::Object& o) { return o.metadata.annotations.erase(std::string(typed_key)) == 1; },
        [&] {
          api::Value op = api::Value::EmptyObject();
          op["op"] = "remove";
          op["path"] = "/metadata/annotations/" + key;
          return api::Value(api::Value::Array{op});
        });
  }

  engine::EventLoop loop_;
  engine::Rng rng_;
  ApiServer server_;
};

class CheckedPatchTypedTest : public PatchTypedTest {
 protected:
  CheckedPatchTypedTest() : PatchTypedTest(/*check=*/true) {}
};

TEST_F(PatchTypedTest, TypedEffectIsWrittenAsAPatchWould) {
  auto r = RemoveAnnotation("a", "a");
  ASSERT_TRUE(r.ok()) << r.error().message();
  EXPECT_TRUE((*r)->metadata.annotations.empty());
  EXPECT_NE((*r)->metadata.resource_version, "");
  // The key is gone: the typed side declines, and the JSON patch's error is the answer.
  auto again = RemoveAnnotation("a", "a");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().message(), "the server rejected our request due to an error in our request");
  auto missing = server_.PatchTyped(
      VolumeSnapshotClass::Info(), "", "silver", ApiServer::PatchType::kJson, [](api::Object&) { return true; },
      [] { return api::Value(api::Value::Array{}); });
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().message(), "volumesnapshotclasses.snapshot.storage.k8s.io \"silver\" not found");
}

TEST_F(CheckedPatchTypedTest, ATypedEffectThatDiffersFromItsJsonIsAnError) {
  auto wrong = RemoveAnnotation("b", "a");  // the JSON removes "b", which is not there
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().message(), "typed patch of VolumeSnapshotClass gold is not what its JSON patch gives");
  EXPECT_EQ(server_.Peek(VolumeSnapshotClass::Info(), "", "gold")->metadata.annotations.size(), 1u);
  auto right = RemoveAnnotation("a", "a");
  EXPECT_TRUE(right.ok());
}

}  // namespace
}  // namespace snapsim::apiserver
