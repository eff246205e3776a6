#include "src/fake_apiserver/uid_index.h"

#include <gtest/gtest.h>

#include <string>

#include "src/api/kinds_core.h"

namespace snapsim::apiserver {
namespace {

TEST(UidIndexTest, FindsExactlyTheUidTextsPut) {
  const std::string a_key = "default/a", b_key = "b";
  UidIndex index;
  index.Put("1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e", {&api::Event::Info(), a_key});  // as the server assigns
  index.Put("not-a-uuid", {&api::Node::Info(), b_key});                               // any other text
  const UidIndex::Entry* a = index.Find("1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->kind, &api::Event::Info());
  EXPECT_EQ(a->key, "default/a");
  ASSERT_NE(index.Find("not-a-uuid"), nullptr);
  EXPECT_EQ(index.Find("not-a-uuid")->key, "b");
  // Other spellings of the same UUID are other uids, as their texts differ.
  EXPECT_FALSE(index.Contains("1B2C3D4E-5F6A-4B7C-8D9E-0F1A2B3C4D5E"));
  EXPECT_FALSE(index.Contains("1b2c3d4e5f6a4b7c8d9e0f1a2b3c4d5e"));
  EXPECT_FALSE(index.Contains("1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5f"));
  EXPECT_FALSE(index.Contains("0b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e"));
  EXPECT_FALSE(index.Contains(""));
  index.Erase("1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e");
  index.Erase("not-a-uuid");
  index.Erase("never-put");
  EXPECT_FALSE(index.Contains("1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e"));
  EXPECT_FALSE(index.Contains("not-a-uuid"));
}

}  // namespace
}  // namespace snapsim::apiserver
