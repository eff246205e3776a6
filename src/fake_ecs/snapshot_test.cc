// Snapshots: preconditions, the cut, instant access, progress, retention, deletion.
#include <gtest/gtest.h>

#include "src/fake_ecs/ecs_test_util.h"

namespace snapsim::ecs::testing {
namespace {

using SnapshotTest = EcsTest;

constexpr engine::Nanos kMs = engine::kMillisecond;

TEST_F(SnapshotTest, EssdSnapshotIsCutThenInstantlyAvailableThenAccomplished) {
  std::string d = UsedDisk(20, "cloud_essd");
  engine::Nanos t0 = Now();
  auto resp = Snapshot(d, {.snapshot_name = "snap-1", .retention_days = 7});
  ASSERT_TRUE(resp.ok()) << resp.error().ToString();
  const std::string& id = resp->snapshot_id;
  EXPECT_EQ(id.substr(0, 5), "s-bp1");
  EXPECT_EQ(id.size(), 22u);
  engine::Nanos effect = t0 + 25 * kMs;

  SnapshotInfo s = *Snap(id);
  EXPECT_EQ(s.status, "progressing");
  EXPECT_EQ(s.progress, "0%");
  EXPECT_EQ(s.creation_time, "");  // not cut yet
  EXPECT_FALSE(s.available);
  EXPECT_EQ(s.source_disk_id, d);
  EXPECT_EQ(s.source_disk_size, "20");
  EXPECT_EQ(s.source_disk_type, "data");
  EXPECT_EQ(s.snapshot_name, "snap-1");
  EXPECT_EQ(s.retention_days, 7);
  EXPECT_EQ(s.usage, "none");

  loop_->RunUntil(effect + 2 * kS);  // the cut
  s = *Snap(id);
  EXPECT_FALSE(s.creation_time.empty());
  EXPECT_FALSE(s.available);
  // Instant access: Available 1..3 s after the cut (seeded).
  engine::Nanos available_at = -1;
  while (!Snap(id)->available) {
    ASSERT_TRUE(loop_->Step());
    available_at = Now();
  }
  EXPECT_GE(available_at, effect + 3 * kS);
  EXPECT_LE(available_at, effect + 5 * kS);
  s = *Snap(id);
  EXPECT_TRUE(s.instant_access);
  EXPECT_EQ(s.status, "progressing");
  // Upload: 30 s + 20 GiB * 1 s, linear progress.
  loop_->RunUntil(effect + 2 * kS + 25 * kS);
  EXPECT_EQ(Snap(id)->progress, "50%");
  EXPECT_EQ(Snap(id)->remain_time, 25);
  loop_->RunUntil(effect + 2 * kS + 50 * kS - 1);
  EXPECT_EQ(Snap(id)->status, "progressing");
  EXPECT_EQ(Snap(id)->progress, "99%");
  loop_->RunUntil(effect + 2 * kS + 50 * kS);
  s = *Snap(id);
  EXPECT_EQ(s.status, "accomplished");
  EXPECT_EQ(s.progress, "100%");
  EXPECT_EQ(s.remain_time, 0);
  EXPECT_TRUE(s.available);
}

TEST_F(SnapshotTest, NonEssdSnapshotIsAvailableOnlyWhenAccomplished) {
  std::string d = UsedDisk(40, "cloud_efficiency");
  auto resp = Snapshot(d);
  ASSERT_TRUE(resp.ok());
  Advance(2 * kS + 229 * kS);  // cut + (30 + 40*5) s - a bit
  SnapshotInfo s = *Snap(resp->snapshot_id);
  EXPECT_EQ(s.status, "progressing");
  EXPECT_FALSE(s.available);
  EXPECT_FALSE(s.instant_access);
  Settle();
  s = *Snap(resp->snapshot_id);
  EXPECT_EQ(s.status, "accomplished");
  EXPECT_TRUE(s.available);
  EXPECT_FALSE(s.instant_access);
}

TEST_F(SnapshotTest, RefusesNeverAttachedNeverUsedAndMissingDisks) {
  std::string fresh = NewDisk();
  EXPECT_ECS_ERROR(Snapshot(fresh), "IncorrectDiskStatus.NeverAttached",
                   "The specified disk has never been attached to any instance.", 403);
  ASSERT_TRUE(ecs_->AttachDiskSync({.instance_id = i1_, .disk_id = fresh}).ok());
  EXPECT_ECS_ERROR(Snapshot(fresh), "IncorrectDiskStatus.NeverUsed",
                   "The specified disk has never been used after creating.", 403);
  Settle();
  EXPECT_TRUE(Snapshot(fresh).ok());
  EXPECT_ECS_ERROR(Snapshot("d-bp1nothere"), "InvalidDiskId.NotFound",
                   "The specified DiskId does not exist.", 404);
  CreateSnapshotRequest none;
  auto missing = ecs_->CreateSnapshotSync(none);
  EXPECT_ECS_ERROR(missing, "InvalidDiskId.NotFound", "The specified DiskId does not exist.", 404);
}

TEST_F(SnapshotTest, DetachedDiskThatWasAttachedOnceCanBeSnapshotted) {
  std::string d = UsedDisk();
  Detach(d, i1_);
  EXPECT_TRUE(Snapshot(d).ok());
}

TEST_F(SnapshotTest, OneSnapshotInProgressPerDisk) {
  std::string d = UsedDisk(20, "cloud_ssd");
  ASSERT_TRUE(Snapshot(d).ok());
  Advance(10 * kS);
  EXPECT_ECS_ERROR(Snapshot(d), "IncorrectDiskStatus.CreatingSnapshot",
                   "A previous snapshot creation is in process.", 403);
  Settle();
  EXPECT_TRUE(Snapshot(d).ok());
}

TEST_F(SnapshotTest, QuotaOf256ManualSnapshotsPerDisk) {
  std::string d = UsedDisk(1, "cloud_auto");
  for (int i = 0; i < 256; ++i) {
    ASSERT_TRUE(Snapshot(d).ok()) << i;
    Settle();
  }
  EXPECT_ECS_ERROR(Snapshot(d), "QuotaExceed.Snapshot", "The snapshot quota exceeds.", 403);
  // Deleting one frees a slot.
  DescribeSnapshotsRequest q;
  q.disk_id = d;
  q.paging.page_size = 1;
  auto one = ecs_->DescribeSnapshotsSync(q);
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->total_count, 256);
  ASSERT_TRUE(ecs_->DeleteSnapshotSync({.snapshot_id = one->snapshots[0].snapshot_id}).ok());
  EXPECT_TRUE(Snapshot(d).ok());
}

TEST_F(SnapshotTest, NameRules) {
  std::string d = UsedDisk();
  for (const char* bad : {"autosnap", "a", "1abc", "http://x", "has space"}) {
    EXPECT_ECS_ERROR(Snapshot(d, {.snapshot_name = bad}), "InvalidSnapshotName.Malformed",
                     "The specified SnapshotName is wrongly formed.", 400);
  }
  EXPECT_ECS_ERROR(Snapshot(d, {.retention_days = 0}), "InvalidParameter",
                   "The specified parameter \"RetentionDays\" is not valid.", 400);
  EXPECT_TRUE(Snapshot(d, {.snapshot_name = "snapshot-0a1b:c_d.e"}).ok());
}

TEST_F(SnapshotTest, RetentionDaysReleaseTheSnapshot) {
  std::string d = UsedDisk();
  auto resp = Snapshot(d, {.retention_days = 3});
  ASSERT_TRUE(resp.ok());
  Advance(3 * engine::kDay - kS);
  EXPECT_TRUE(Snap(resp->snapshot_id));
  Advance(kS);
  EXPECT_FALSE(Snap(resp->snapshot_id));
  DescribeSnapshotsRequest q;
  q.snapshot_ids = std::vector<std::string>{resp->snapshot_id};
  auto listed = ecs_->DescribeSnapshotsSync(q);
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed->total_count, 0);
  EXPECT_ECS_ERROR(ecs_->DeleteSnapshotSync({.snapshot_id = resp->snapshot_id}),
                   "InvalidSnapshotId.NotFound", "The specified snapshot is not found", 404);
}

TEST_F(SnapshotTest, DescribeByIdsListsEachNamedSnapshotOnceNewestFirst) {
  std::string d = UsedDisk();
  auto first = Snapshot(d);
  ASSERT_TRUE(first.ok());
  Settle();
  auto second = Snapshot(d);
  ASSERT_TRUE(second.ok());
  Settle();
  ASSERT_TRUE(Snapshot(d).ok());  // not named: not listed
  DescribeSnapshotsRequest q;
  q.snapshot_ids = std::vector<std::string>{first->snapshot_id, "s-missing", second->snapshot_id,
                                            first->snapshot_id};
  auto listed = ecs_->DescribeSnapshotsSync(q);
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed->total_count, 2);
  ASSERT_EQ(listed->snapshots.size(), 2u);
  EXPECT_EQ(listed->snapshots[0].snapshot_id, second->snapshot_id);
  EXPECT_EQ(listed->snapshots[1].snapshot_id, first->snapshot_id);
}

TEST_F(SnapshotTest, RetentionIsABackgroundEventThatDoesNotKeepTheLoopBusy) {
  std::string d = UsedDisk();
  ASSERT_TRUE(Snapshot(d, {.retention_days = 3}).ok());
  auto r = loop_->Settle(engine::kHour);
  EXPECT_TRUE(r.at_rest);
  EXPECT_LT(r.elapsed, 2 * engine::kMinute);
}

TEST_F(SnapshotTest, DeleteSnapshotUsedByDisksNeedsForce) {
  std::string d = UsedDisk();
  auto snap = Snapshot(d);
  ASSERT_TRUE(snap.ok());
  Settle();
  CreateDiskRequest r;
  r.zone_id = "cn-hangzhou-g";
  r.disk_category = "cloud_essd";
  r.snapshot_id = snap->snapshot_id;
  auto restored = ecs_->CreateDiskSync(r);
  ASSERT_TRUE(restored.ok()) << restored.error().ToString();
  EXPECT_EQ(PeekDisk(restored->disk_id)->size, 20);
  EXPECT_EQ(PeekDisk(restored->disk_id)->source_snapshot_id, snap->snapshot_id);
  EXPECT_EQ(Snap(snap->snapshot_id)->usage, "disk");
  EXPECT_ECS_ERROR(ecs_->DeleteSnapshotSync({.snapshot_id = snap->snapshot_id}),
                   "SnapshotCreatedDisk", "The snapshot has been used to create disk(s).", 403);
  EXPECT_TRUE(ecs_->DeleteSnapshotSync({.snapshot_id = snap->snapshot_id, .force = true}).ok());
  EXPECT_FALSE(Snap(snap->snapshot_id));
  EXPECT_TRUE(PeekDisk(restored->disk_id));  // the disk stays
}

TEST_F(SnapshotTest, UsageFallsBackToNoneWhenTheRestoredDiskIsDeleted) {
  std::string d = UsedDisk();
  auto snap = Snapshot(d);
  Settle();
  CreateDiskRequest r;
  r.zone_id = "cn-hangzhou-g";
  r.disk_category = "cloud_essd";
  r.snapshot_id = snap->snapshot_id;
  auto restored = ecs_->CreateDiskSync(r);
  Settle();
  ASSERT_TRUE(ecs_->DeleteDiskSync({.disk_id = restored->disk_id}).ok());
  EXPECT_EQ(Snap(snap->snapshot_id)->usage, "none");
  EXPECT_TRUE(ecs_->DeleteSnapshotSync({.snapshot_id = snap->snapshot_id}).ok());
}

TEST_F(SnapshotTest, SourceDiskIdSurvivesTheDisk) {
  std::string d = UsedDisk();
  auto snap = Snapshot(d);
  Settle();
  Detach(d, i1_);
  ASSERT_TRUE(ecs_->DeleteDiskSync({.disk_id = d}).ok());
  SnapshotInfo s = *Snap(snap->snapshot_id);
  EXPECT_EQ(s.source_disk_id, d);
  EXPECT_EQ(s.source_disk_size, "20");
  DescribeSnapshotsRequest q;
  q.disk_id = d;
  EXPECT_EQ(ecs_->DescribeSnapshotsSync(q)->total_count, 1);
}

TEST_F(SnapshotTest, DeletingAProgressingSnapshotCancelsIt) {
  std::string d = UsedDisk(20, "cloud_ssd");
  auto snap = Snapshot(d);
  Advance(5 * kS);
  ASSERT_TRUE(ecs_->DeleteSnapshotSync({.snapshot_id = snap->snapshot_id}).ok());
  EXPECT_FALSE(Snap(snap->snapshot_id));
  EXPECT_TRUE(Snapshot(d).ok());  // no longer "in progress"
  for (const auto& label : loop_->PendingLabels()) {
    EXPECT_EQ(label.find(snap->snapshot_id), std::string::npos) << label;
  }
}

TEST_F(SnapshotTest, RestoreRulesAgainstTheSnapshot) {
  std::string d = UsedDisk(20, "cloud_essd");
  auto snap = Snapshot(d);
  CreateDiskRequest r;
  r.zone_id = "cn-hangzhou-g";
  r.disk_category = "cloud_essd";
  r.snapshot_id = snap->snapshot_id;
  // Not yet available (before the cut).
  EXPECT_ECS_ERROR(ecs_->CreateDiskSync(r), "InvalidSnapshotId.NotReady",
                   "The specified snapshot has not completed yet.", 403);
  Advance(5 * kS);  // instant access: available, still uploading
  ASSERT_TRUE(Snap(snap->snapshot_id)->available);
  ASSERT_EQ(Snap(snap->snapshot_id)->status, "progressing");
  r.disk_category = "cloud_ssd";  // only ESSD-series disks from an uploading snapshot
  EXPECT_ECS_ERROR(ecs_->CreateDiskSync(r), "InvalidSnapshotId.NotReady",
                   "The specified snapshot has not completed yet.", 403);
  r.disk_category = "cloud_essd";
  r.size = 10;
  EXPECT_ECS_ERROR(ecs_->CreateDiskSync(r), "InvalidDiskSize.TooSmall",
                   "Specified disk size is less than the size of snapshot.", 403);
  r.size = 50;
  auto big = ecs_->CreateDiskSync(r);
  ASSERT_TRUE(big.ok());
  EXPECT_EQ(PeekDisk(big->disk_id)->size, 50);
  r.snapshot_id = "s-bp1missing";
  EXPECT_ECS_ERROR(ecs_->CreateDiskSync(r), "InvalidSnapshotId.NotFound",
                   "The specified SnapshotId does not exist.", 404);
}

TEST_F(SnapshotTest, ModifySnapshotAttributeRenamesAndRetimesRetention) {
  std::string d = UsedDisk();
  auto snap = Snapshot(d, {.retention_days = 1});
  ASSERT_TRUE(
      ecs_->ModifySnapshotAttributeSync(
              {.snapshot_id = snap->snapshot_id, .snapshot_name = "renamed", .retention_days = 5})
          .ok());
  Advance(2 * engine::kDay);
  ASSERT_TRUE(Snap(snap->snapshot_id));
  EXPECT_EQ(Snap(snap->snapshot_id)->snapshot_name, "renamed");
  EXPECT_EQ(Snap(snap->snapshot_id)->retention_days, 5);
  Advance(3 * engine::kDay);
  EXPECT_FALSE(Snap(snap->snapshot_id));
}

TEST_F(SnapshotTest, DescribeSnapshotsFilters) {
  std::string a = UsedDisk(20, "cloud_essd");
  std::string b = UsedDisk(20, "cloud_essd");
  auto sa = Snapshot(a, {.snapshot_name = "alpha", .tags = {{"team", "x"}}});
  auto sb = Snapshot(b, {.snapshot_name = "beta"});
  DescribeSnapshotsRequest q;
  q.status = "progressing";
  EXPECT_EQ(ecs_->DescribeSnapshotsSync(q)->total_count, 2);
  Settle();
  EXPECT_EQ(ecs_->DescribeSnapshotsSync(q)->total_count, 0);
  DescribeSnapshotsRequest by_tag;
  by_tag.tags = {{"team", "x"}};
  auto tagged = ecs_->DescribeSnapshotsSync(by_tag);
  ASSERT_EQ(tagged->snapshots.size(), 1u);
  EXPECT_EQ(tagged->snapshots[0].snapshot_id, sa->snapshot_id);
  DescribeSnapshotsRequest by_instance;
  by_instance.instance_id = i1_;
  EXPECT_EQ(ecs_->DescribeSnapshotsSync(by_instance)->total_count, 2);
  DescribeSnapshotsRequest by_name;
  by_name.snapshot_name = "beta";
  EXPECT_EQ(ecs_->DescribeSnapshotsSync(by_name)->snapshots[0].snapshot_id, sb->snapshot_id);
  DescribeSnapshotsRequest bad;
  bad.status = "done";
  EXPECT_ECS_ERROR(ecs_->DescribeSnapshotsSync(bad), "InvalidParameter",
                   "The specified parameter \"Status\" is not valid.", 400);
}

}  // namespace
}  // namespace snapsim::ecs::testing
