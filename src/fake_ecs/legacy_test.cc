// Instant access before and after 2023-10-12 (EcsConfig::legacy_instant_access).
#include <gtest/gtest.h>

#include "src/fake_ecs/ecs_test_util.h"

namespace snapsim::ecs::testing {
namespace {

class LegacyTest : public EcsTest {
 protected:
  LegacyTest() {
    EcsConfig c = DefaultConfig();
    c.legacy_instant_access = true;
    Reset(c);
  }
};

TEST_F(LegacyTest, InstantAccessOnEssdIsAvailableRightAfterTheCutAndExpiresIntoANormalSnapshot) {
  std::string d = UsedDisk(20, "cloud_essd");
  auto snap = Snapshot(d, {.instant_access = true, .instant_access_retention_days = 1});
  ASSERT_TRUE(snap.ok());
  const std::string& id = snap->snapshot_id;
  EXPECT_FALSE(Snap(id)->available);
  Advance(2 * kS);  // the cut (effect at +25 ms, cut 2 s later; we are at +50 ms + 2 s)
  SnapshotInfo s = *Snap(id);
  EXPECT_TRUE(s.available);
  EXPECT_TRUE(s.instant_access);
  EXPECT_EQ(s.instant_access_retention_days, 1);
  EXPECT_EQ(s.status, "progressing");
  Settle();
  EXPECT_EQ(Snap(id)->status, "accomplished");
  EXPECT_TRUE(Snap(id)->instant_access);
  Advance(engine::kDay);
  s = *Snap(id);
  EXPECT_FALSE(s.instant_access);  // converted to a normal snapshot, still there
  EXPECT_TRUE(s.available);        // Available follows Status: accomplished
}

TEST_F(LegacyTest, ExpiryBeforeAccomplishedLeavesItUnavailableUntilDone) {
  EcsConfig c = DefaultConfig();
  c.legacy_instant_access = true;
  c.snapshot.per_gib_essd = 10 * engine::kMinute;  // a very slow upload: 20 GiB = 200 min
  Reset(c);
  std::string d = UsedDisk(20, "cloud_essd");
  auto snap = Snapshot(d, {.instant_access = true});
  ASSERT_TRUE(snap.ok());
  Advance(3 * kS);
  EXPECT_TRUE(Snap(snap->snapshot_id)->available);
  ASSERT_TRUE(ecs_->ModifySnapshotAttributeSync(
                      {.snapshot_id = snap->snapshot_id, .disable_instant_access = true})
                  .ok());
  EXPECT_FALSE(Snap(snap->snapshot_id)->available);
  EXPECT_FALSE(Snap(snap->snapshot_id)->instant_access);
  Settle();
  EXPECT_TRUE(Snap(snap->snapshot_id)->available);
}

TEST_F(LegacyTest, InstantAccessIsIgnoredOnNonEssdDisks) {
  std::string d = UsedDisk(20, "cloud_ssd");
  auto snap = Snapshot(d, {.instant_access = true, .instant_access_retention_days = 1});
  ASSERT_TRUE(snap.ok());
  Advance(10 * kS);
  SnapshotInfo s = *Snap(snap->snapshot_id);
  EXPECT_FALSE(s.instant_access);
  EXPECT_FALSE(s.available);
  EXPECT_EQ(s.instant_access_retention_days, 0);
}

TEST_F(LegacyTest, EssdWithoutInstantAccessWaitsForAccomplished) {
  std::string d = UsedDisk(20, "cloud_essd");
  auto snap = Snapshot(d);
  Advance(10 * kS);
  EXPECT_FALSE(Snap(snap->snapshot_id)->available);
  Settle();
  EXPECT_TRUE(Snap(snap->snapshot_id)->available);
  EXPECT_FALSE(Snap(snap->snapshot_id)->instant_access);
}

using ModernTest = EcsTest;

TEST_F(ModernTest, InstantAccessParametersAreIgnored) {
  std::string d = UsedDisk(20, "cloud_ssd");
  auto snap = Snapshot(d, {.instant_access = true, .instant_access_retention_days = 1});
  ASSERT_TRUE(snap.ok());
  Advance(10 * kS);
  EXPECT_FALSE(Snap(snap->snapshot_id)->available);
  std::string e = UsedDisk(20, "cloud_essd");
  auto essd = Snapshot(e, {.instant_access = false});
  Advance(6 * kS);
  EXPECT_TRUE(Snap(essd->snapshot_id)->available);  // IA is automatic
  EXPECT_EQ(Snap(essd->snapshot_id)->instant_access_retention_days, 0);
  ASSERT_TRUE(ecs_->ModifySnapshotAttributeSync(
                      {.snapshot_id = essd->snapshot_id, .disable_instant_access = true})
                  .ok());
  EXPECT_TRUE(Snap(essd->snapshot_id)->available);  // cannot be disabled any more
}

}  // namespace
}  // namespace snapsim::ecs::testing
