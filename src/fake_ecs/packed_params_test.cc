#include "src/fake_ecs/packed_params.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace snapsim::ecs {
namespace {

TEST(PackedParamsTest, KeepsEveryEntryInKeyOrder) {
  const Params params = {{"Tag.1.Key", "k"}, {"DiskId", "d-1"}, {"Description", ""}, {"Tag.10.Key", "x"},
                         {"SnapshotName", std::string("a\0b", 3)}};
  PackedParams packed(params);
  EXPECT_EQ(packed.size(), 5u);
  EXPECT_EQ(packed.Unpack(), params);
  std::vector<std::string> keys;
  for (const auto& [key, value] : packed) keys.emplace_back(key);
  EXPECT_EQ(keys, (std::vector<std::string>{"Description", "DiskId", "SnapshotName", "Tag.1.Key", "Tag.10.Key"}));
  EXPECT_EQ(packed.at("SnapshotName"), std::string_view("a\0b", 3));  // any bytes
  EXPECT_EQ(packed.at("Description"), "");
  EXPECT_EQ(packed.count("Description"), 1u);
  EXPECT_EQ(packed.count("Tag.2.Key"), 0u);
  EXPECT_EQ(packed.Find("Zone"), std::nullopt);
  EXPECT_EQ(packed.Find("A"), std::nullopt);
  EXPECT_THROW((void)packed.at("Size"), std::out_of_range);
}

TEST(PackedParamsTest, EqualExactlyWhenTheMapsAre) {
  const Params a = {{"DiskId", "d-1"}, {"Size", "20"}};
  EXPECT_EQ(PackedParams(a), PackedParams(a));
  EXPECT_TRUE(PackedParams(a).Equals(a));
  for (const Params& b : std::vector<Params>{{{"DiskId", "d-1"}},
                                             {{"DiskId", "d-1"}, {"Size", "2"}},
                                             {{"DiskId", "d-1"}, {"Size", "20"}, {"Zone", ""}},
                                             {{"DiskId", "d-1"}, {"Siz", "e20"}},
                                             {{"DiskId", "d-1Size"}, {"", "20"}}}) {
    EXPECT_FALSE(PackedParams(a) == PackedParams(b));
    EXPECT_FALSE(PackedParams(a).Equals(b));
    EXPECT_FALSE(PackedParams(b).Equals(a));
  }
  EXPECT_TRUE(PackedParams().empty());
  EXPECT_TRUE(PackedParams().Equals({}));
  EXPECT_EQ(PackedParams().begin(), PackedParams().end());
}

}  // namespace
}  // namespace snapsim::ecs
