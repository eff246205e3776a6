// Disks: CreateDisk rules, the state machine and its timings, attach/detach/delete.
#include <gtest/gtest.h>

#include "src/fake_ecs/ecs_test_util.h"

namespace snapsim::ecs::testing {
namespace {

using DiskTest = EcsTest;

TEST_F(DiskTest, CreateDiskGoesCreatingToAvailableAfterTheConfiguredTime) {
  CreateDiskRequest r;
  r.zone_id = "cn-hangzhou-g";
  r.disk_category = "cloud_essd";
  r.size = 20;
  r.tags = {{"k", "v"}};
  auto resp = ecs_->CreateDiskSync(r);
  ASSERT_TRUE(resp.ok()) << resp.error().ToString();
  EXPECT_EQ(Now(), 50 * engine::kMillisecond);  // the reply arrives after api_latency
  const std::string& id = resp->disk_id;
  EXPECT_EQ(id.size(), 22u);
  EXPECT_EQ(id.substr(0, 5), "d-bp1");
  EXPECT_EQ(resp->request_id.size(), 36u);
  auto d = PeekDisk(id);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->status, "Creating");
  EXPECT_EQ(d->performance_level, "PL1");
  EXPECT_EQ(d->serial_number, id.substr(2));
  EXPECT_EQ(d->type, "data");
  EXPECT_TRUE(d->portable);
  ASSERT_EQ(d->tags.size(), 1u);
  EXPECT_EQ(d->tags[0].tag_key, "k");
  EXPECT_EQ(d->tags[0].key, "k");
  EXPECT_EQ(d->tags[0].tag_value, "v");
  EXPECT_EQ(d->tags[0].value, "v");
  // The effect happened at 25ms; Creating lasts 2s.
  loop_->RunUntil(25 * engine::kMillisecond + 2 * kS - 1);
  EXPECT_EQ(PeekDisk(id)->status, "Creating");
  loop_->RunUntil(25 * engine::kMillisecond + 2 * kS);
  EXPECT_EQ(PeekDisk(id)->status, "Available");
  EXPECT_EQ(PeekDisk(id)->creation_time, "2026-01-01T00:00:00Z");
}

TEST_F(DiskTest, AttachAndDetachWalkTheStateMachine) {
  std::string id = NewDisk();
  auto resp = ecs_->AttachDiskSync({.instance_id = i1_, .disk_id = id});
  ASSERT_TRUE(resp.ok());
  DiskInfo d = *PeekDisk(id);
  EXPECT_EQ(d.status, "Attaching");
  EXPECT_EQ(d.instance_id, i1_);
  EXPECT_TRUE(d.attachments.empty());
  Advance(3 * kS);
  d = *PeekDisk(id);
  EXPECT_EQ(d.status, "In_use");
  ASSERT_EQ(d.attachments.size(), 1u);
  EXPECT_EQ(d.attachments[0].instance_id, i1_);
  EXPECT_EQ(d.attachments[0].device, "/dev/xvdb");
  EXPECT_EQ(d.device, "/dev/xvdb");
  EXPECT_FALSE(d.attached_time.empty());

  ASSERT_TRUE(ecs_->DetachDiskSync({.instance_id = i1_, .disk_id = id}).ok());
  EXPECT_EQ(PeekDisk(id)->status, "Detaching");
  EXPECT_EQ(PeekDisk(id)->instance_id, i1_);
  Advance(3 * kS);
  d = *PeekDisk(id);
  EXPECT_EQ(d.status, "Available");
  EXPECT_EQ(d.instance_id, "");
  EXPECT_TRUE(d.attachments.empty());
  EXPECT_FALSE(d.detached_time.empty());
  ASSERT_TRUE(ecs_->DeleteDiskSync({.disk_id = id}).ok());
  EXPECT_FALSE(PeekDisk(id));
}

TEST_F(DiskTest, JitterStaysWithinTheConfiguredBoundsAndIsSeeded) {
  EcsConfig c = DefaultConfig();
  c.jitter = 0.2;
  std::vector<engine::Nanos> runs;
  for (int run = 0; run < 2; ++run) {
    Reset(c);
    CreateDiskRequest r;
    r.zone_id = "cn-hangzhou-g";
    r.size = 20;
    auto resp = ecs_->CreateDiskSync(r);
    ASSERT_TRUE(resp.ok());
    while (PeekDisk(resp->disk_id)->status == "Creating") loop_->Step();
    engine::Nanos took = Now() - 25 * engine::kMillisecond;
    EXPECT_GE(took, 1600 * engine::kMillisecond);
    EXPECT_LE(took, 2400 * engine::kMillisecond);
    runs.push_back(took);
  }
  EXPECT_EQ(runs[0], runs[1]);
}

TEST_F(DiskTest, CreateDiskParameterErrors) {
  CreateDiskRequest r;
  r.size = 20;
  EXPECT_ECS_ERROR(
      ecs_->CreateDiskSync(r), "MissingParameter",
      "The input parameter \"ZoneId\" that is mandatory for processing this request is "
      "not supplied.",
      400);
  r.zone_id = "cn-hangzhou-z";
  EXPECT_ECS_ERROR(ecs_->CreateDiskSync(r), "InvalidZoneId.NotFound",
                   "The specified zone does not exist.", 404);
  r.zone_id = "cn-hangzhou-g";
  r.region_id = "cn-mars";
  EXPECT_ECS_ERROR(ecs_->CreateDiskSync(r), "InvalidRegionId.NotFound",
                   "The specified RegionId does not exist.", 404);
  r.region_id = "";
  r.size.reset();
  EXPECT_ECS_ERROR(ecs_->CreateDiskSync(r), "MissingParameter",
                   "The input parameter either \"SnapshotId\" or \"Size\" should be specified.",
                   400);
  r.size = 20;
  r.disk_category = "cloud_foo";
  EXPECT_ECS_ERROR(ecs_->CreateDiskSync(r), "InvalidDiskCategory.ValueNotSupported",
                   "The specified parameter \"DiskCategory\" is not valid.", 400);
  r.disk_category = "cloud_essd";
  r.performance_level = "PL9";
  EXPECT_ECS_ERROR(ecs_->CreateDiskSync(r), "InvalidPerformanceLevel.Malformed",
                   "The specified parameter PerformanceLevel is not valid.", 400);
  r.performance_level = "PL2";
  r.size = 100;
  EXPECT_ECS_ERROR(ecs_->CreateDiskSync(r), "OperationDenied.PerformanceLevelNotMatch",
                   "The specified PerformanceLevel and disk size do not match.", 403);
  r.performance_level.reset();
  r.disk_category = "cloud_ssd";
  r.size = 10;
  EXPECT_ECS_ERROR(ecs_->CreateDiskSync(r), "InvalidDiskSize.NotSupported",
                   "disk size is not supported.", 403);
  r.size = 20;
  r.kms_key_id = "key-1";
  EXPECT_ECS_ERROR(ecs_->CreateDiskSync(r), "InvalidParameter.EncryptedIllegal",
                   "The specified parameter Encrypted must be true when kmsKeyId is not empty.",
                   400);
  r.kms_key_id.reset();
  r.disk_name = "1bad";
  EXPECT_ECS_ERROR(ecs_->CreateDiskSync(r), "InvalidDiskName.Malformed",
                   "The specified disk name is wrongly formed.", 400);
  r.disk_name.reset();
  r.tags = {{"a", "1"}, {"a", "2"}};
  EXPECT_ECS_ERROR(ecs_->CreateDiskSync(r), "Duplicate.TagKey",
                   "The Tag.N.Key contain duplicate key.", 400);
  r.tags = {{"aliyun.x", "1"}};
  EXPECT_ECS_ERROR(ecs_->CreateDiskSync(r), "InvalidTagKey.Malformed",
                   "The specified Tag.n.Key is not valid.", 400);
  r.tags.clear();
  r.multi_attach = "Enabled";
  auto e = ecs_->CreateDiskSync(r);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().code, "snapsim.Unsupported");
  EXPECT_EQ(e.error().message, "unsupported: snapsim does not model multi-attach disks");
  EXPECT_TRUE(ecs_->AllDisks().size() == 2);  // only the two system disks
}

TEST_F(DiskTest, CategoryNotSoldInTheZone) {
  EcsConfig c = DefaultConfig();
  c.zone_categories["cn-hangzhou-g"] = {"cloud_ssd", "cloud_efficiency"};
  Reset(c);
  CreateDiskRequest r;
  r.zone_id = "cn-hangzhou-g";
  r.disk_category = "cloud_essd";
  r.size = 20;
  EXPECT_ECS_ERROR(ecs_->CreateDiskSync(r), "InvalidDataDiskCategory.NotSupported",
                   "Specified disk category is not supported.", 403);
  r.disk_category = "cloud_ssd";
  EXPECT_TRUE(ecs_->CreateDiskSync(r).ok());
  r.zone_id = "cn-hangzhou-h";  // not listed: sells everything
  r.disk_category = "cloud_essd";
  EXPECT_TRUE(ecs_->CreateDiskSync(r).ok());
}

TEST_F(DiskTest, AttachErrors) {
  std::string d = NewDisk();
  EXPECT_ECS_ERROR(ecs_->AttachDiskSync({.instance_id = "i-nope", .disk_id = d}),
                   "InvalidInstanceId.NotFound", "The specified InstanceId does not exist.", 404);
  EXPECT_ECS_ERROR(ecs_->AttachDiskSync({.instance_id = i1_, .disk_id = "d-nope"}),
                   "InvalidDiskId.NotFound", "The specified disk does not exist.", 404);
  EXPECT_ECS_ERROR(ecs_->AttachDiskSync({.instance_id = i2_, .disk_id = d}),
                   "ResourcesNotInSameZone",
                   "The specified instance and disk are not in the same zone.", 403);
  ASSERT_TRUE(ecs_->AttachDiskSync({.instance_id = i1_, .disk_id = d}).ok());
  // Attaching, then In_use: either way not Available.
  EXPECT_ECS_ERROR(ecs_->AttachDiskSync({.instance_id = i1_, .disk_id = d}), "IncorrectDiskStatus",
                   "The operation is not supported in this status.", 403);
  Settle();
  EXPECT_ECS_ERROR(ecs_->AttachDiskSync({.instance_id = i1_, .disk_id = d}), "IncorrectDiskStatus",
                   "The operation is not supported in this status.", 403);
  // Detach from the wrong instance; the system disk.
  EXPECT_ECS_ERROR(ecs_->DetachDiskSync({.instance_id = i2_, .disk_id = d}), "IncorrectDiskStatus",
                   "The current disk status does not support this operation.", 403);
  std::string sys;
  for (const auto& info : ecs_->AllDisks()) {
    if (info.type == "system" && info.instance_id == i1_) sys = info.disk_id;
  }
  EXPECT_ECS_ERROR(ecs_->DetachDiskSync({.instance_id = i1_, .disk_id = sys}), "DiskTypeViolation",
                   "The specified disk is a system disk and cannot support the operation.", 403);
  EXPECT_ECS_ERROR(ecs_->DeleteDiskSync({.disk_id = sys}), "IncorrectDiskStatus",
                   "The current disk status does not support this operation.", 403);
}

TEST_F(DiskTest, InstanceDiskLimitExceeded) {
  EcsConfig c = DefaultConfig();
  Reset(c);
  ASSERT_TRUE(ecs_->AddInstance("i-bp1small000000000003", "cn-hangzhou-g", "node-2", 2).ok());
  std::string a = NewDisk(), b = NewDisk(), x = NewDisk();
  Attach(a, "i-bp1small000000000003");
  Attach(b, "i-bp1small000000000003");
  EXPECT_ECS_ERROR(ecs_->AttachDiskSync({.instance_id = "i-bp1small000000000003", .disk_id = x}),
                   "InstanceDiskLimitExceeded",
                   "The amount of the disk on instance in question reach its limits.", 403);
  EXPECT_EQ(PeekDisk(b)->device, "/dev/xvdc");
}

TEST_F(DiskTest, DeleteDiskRules) {
  CreateDiskRequest r;
  r.zone_id = "cn-hangzhou-g";
  r.size = 20;
  auto created = ecs_->CreateDiskSync(r);
  ASSERT_TRUE(created.ok());
  EXPECT_ECS_ERROR(ecs_->DeleteDiskSync({.disk_id = created->disk_id}),
                   "IncorrectDiskStatus.Initializing", "The specified disk is initializing.", 403);
  Settle();
  Attach(created->disk_id, i1_);
  EXPECT_ECS_ERROR(ecs_->DeleteDiskSync({.disk_id = created->disk_id}), "IncorrectDiskStatus",
                   "The current disk status does not support this operation.", 403);
  EXPECT_ECS_ERROR(ecs_->DeleteDiskSync({.disk_id = "d-bp1missing"}), "InvalidDiskId.NotFound",
                   "The specified disk does not exist.", 404);
  // A snapshot in progress blocks deletion even once detached.
  ASSERT_TRUE(Snapshot(created->disk_id).ok());
  ASSERT_TRUE(ecs_->DetachDiskSync({.instance_id = i1_, .disk_id = created->disk_id}).ok());
  Advance(4 * kS);
  EXPECT_ECS_ERROR(
      ecs_->DeleteDiskSync({.disk_id = created->disk_id}), "DiskCreatingSnapshot",
      "The operation is denied due to a snapshot of the specified disk is not completed yet.", 403);
  Settle();
  EXPECT_TRUE(ecs_->DeleteDiskSync({.disk_id = created->disk_id}).ok());
}

TEST_F(DiskTest, DescribeDisksFiltersAndPages) {
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(NewDisk());
  Attach(ids[1], i1_);
  DescribeDisksRequest r;
  r.disk_type = "data";
  auto all = ecs_->DescribeDisksSync(r);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->total_count, 5);
  EXPECT_EQ(all->page_number, 1);
  EXPECT_EQ(all->page_size, 10);
  ASSERT_EQ(all->disks.size(), 5u);
  EXPECT_EQ(all->disks[0].disk_id, ids[4]);  // newest first

  r.instance_id = i1_;
  auto on_i1 = ecs_->DescribeDisksSync(r);
  ASSERT_EQ(on_i1->disks.size(), 1u);
  EXPECT_EQ(on_i1->disks[0].disk_id, ids[1]);

  DescribeDisksRequest by_ids;
  by_ids.disk_ids = std::vector<std::string>{ids[0], "d-unknown"};
  auto known = ecs_->DescribeDisksSync(by_ids);
  ASSERT_EQ(known->disks.size(), 1u);  // unknown ids are simply absent
  EXPECT_EQ(known->total_count, 1);

  DescribeDisksRequest paged;
  paged.disk_type = "data";
  paged.paging.page_size = 2;
  paged.paging.page_number = 3;
  auto p3 = ecs_->DescribeDisksSync(paged);
  ASSERT_EQ(p3->disks.size(), 1u);
  EXPECT_EQ(p3->disks[0].disk_id, ids[0]);

  DescribeDisksRequest tokens;
  tokens.disk_type = "data";
  tokens.paging.max_results = 3;
  auto t1 = ecs_->DescribeDisksSync(tokens);
  ASSERT_EQ(t1->disks.size(), 3u);
  ASSERT_TRUE(t1->next_token);
  EXPECT_EQ(t1->next_token->size(), 32u);
  tokens.paging.next_token = *t1->next_token;
  auto t2 = ecs_->DescribeDisksSync(tokens);
  ASSERT_EQ(t2->disks.size(), 2u);
  EXPECT_EQ(*t2->next_token, "");

  DescribeDisksRequest bad;
  bad.status = "Sleeping";
  EXPECT_ECS_ERROR(ecs_->DescribeDisksSync(bad), "InvalidParameter",
                   "The specified parameter \"Status\" is not valid.", 400);
  bad.status.reset();
  bad.paging.page_size = 101;
  EXPECT_ECS_ERROR(ecs_->DescribeDisksSync(bad), "InvalidParameter",
                   "The specified parameter \"PageSize\" is not valid.", 400);
}

TEST_F(DiskTest, ResizeDiskGrowsTheDiskButNotTheFilesystem) {
  std::string d = UsedDisk(20);
  EXPECT_ECS_ERROR(ecs_->ResizeDiskSync({.disk_id = d, .new_size = 20}), "InvalidDiskSize.TooSmall",
                   "Specified new disk size is less than the original disk size.", 403);
  ASSERT_TRUE(ecs_->ResizeDiskSync({.disk_id = d, .new_size = 50}).ok());
  EXPECT_EQ(PeekDisk(d)->size, 50);
}

TEST_F(DiskTest, DescribeInstancesListsRegisteredInstances) {
  auto resp = ecs_->DescribeInstancesSync({});
  ASSERT_TRUE(resp.ok());
  ASSERT_EQ(resp->instances.size(), 2u);
  EXPECT_EQ(resp->instances[0].instance_id, i1_);
  EXPECT_EQ(resp->instances[0].zone_id, "cn-hangzhou-g");
  EXPECT_EQ(resp->instances[0].status, "Running");
  EXPECT_EQ(resp->instances[0].host_name, "node-0");
  EXPECT_EQ(resp->instances[0].creation_time, "2026-01-01T00:00Z");
  EXPECT_FALSE(ecs_->AddInstance("i-bp1x", "cn-hangzhou-q", "n", 0).ok());
  EXPECT_FALSE(ecs_->AddInstance(i1_, "cn-hangzhou-g", "n", 0).ok());
}

}  // namespace
}  // namespace snapsim::ecs::testing
