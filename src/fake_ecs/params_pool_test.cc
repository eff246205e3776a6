#include "src/fake_ecs/params_pool.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace snapsim::ecs {
namespace {

TEST(ParamsPoolTest, EqualMapsShareOneCopyAndOthersDoNot) {
  ParamsPool pool;
  auto a = pool.Intern({{"DiskId", "d-1"}, {"SnapshotName", "snapshot-1"}});
  auto b = pool.Intern({{"DiskId", "d-1"}, {"SnapshotName", "snapshot-1"}});
  auto c = pool.Intern({{"DiskId", "d-2"}, {"SnapshotName", "snapshot-1"}});
  auto d = pool.Intern({{"DiskId", "d-1"}});
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  EXPECT_NE(a, d);
  EXPECT_EQ(a->at("SnapshotName"), "snapshot-1");
  EXPECT_EQ(c->at("DiskId"), "d-2");
}

TEST(ParamsPoolTest, AMapNoLongerInUseIsForgottenAndItsEntryDropped) {
  ParamsPool pool;
  std::vector<std::shared_ptr<const PackedParams>> kept;
  for (int i = 0; i < 3000; ++i) {
    auto p = pool.Intern({{"DiskId", "d-" + std::to_string(i)}});
    if (i % 100 == 0) kept.push_back(p);
  }
  EXPECT_LT(pool.size(), 2048u);  // swept as it grew: only the kept maps are held
  auto again = pool.Intern({{"DiskId", "d-100"}});
  EXPECT_EQ(again, kept[1]);
  auto fresh = pool.Intern({{"DiskId", "d-101"}});  // released earlier: a new copy
  EXPECT_EQ(fresh->at("DiskId"), "d-101");
  EXPECT_EQ(fresh.use_count(), 1);
}

}  // namespace
}  // namespace snapsim::ecs
