// CreateSnapshot of the legacy driver era (<= v1.5; reference §1.8, §1.10; behaviour
// cases 10-13, 20) against the fake ECS in its pre-2023-10-12 instant-access mode.
#include <gtest/gtest.h>

#include "src/csi/diskplugin/diskplugin_test_util.h"

namespace snapsim::csi::disk::testing {
namespace {

class LegacySnapshotTest : public DiskPluginTest {
 protected:
  LegacySnapshotTest() { UseEra(SnapshotEra::kLegacy); }

  void UseEra(SnapshotEra era) {
    auto c = DefaultConfig();
    c.legacy_instant_access = era == SnapshotEra::kLegacy;
    ControllerOptions o;
    o.snapshot_era = era;
    Reset(c, o);
  }
  CsiResult<CreateSnapshotResponse> Snap(const std::string& disk, const std::string& name,
                                         std::map<std::string, std::string> params = {}) {
    CreateSnapshotRequest r{.source_volume_id = disk, .name = name, .parameters = std::move(params)};
    return Run<CreateSnapshotResponse>([&](auto done) { controller_->CreateSnapshot(r, done); });
  }
  // A 20 GiB disk of `category`, attached to i1.
  std::string UsedDisk(const std::string& name, const std::string& category) {
    auto v = Create(VolumeRequest(name, 20, {{"type", category}}));
    EXPECT_TRUE(v.ok()) << (v.ok() ? "" : v.error().ToString());
    Settle();
    EXPECT_TRUE(Publish(v->volume.volume_id, i1_).ok());
    return v->volume.volume_id;
  }
  std::optional<ecs::SnapshotInfo> EcsSnap(const std::string& id) {
    for (auto& s : ecs_->AllSnapshots()) {
      if (s.snapshot_id == id) return s;
    }
    return std::nullopt;
  }
};

TEST_F(LegacySnapshotTest, InstantAccessOnEssdIsReadyAtOnceAndExpiresIntoANormalSnapshot) {  // case 11
  std::string d = UsedDisk("pvc-1", "cloud_essd");
  auto r = Snap(d, "snapshot-uid1", {{"snapshotType", "InstantAccess"}, {"instantAccessRetentionDays", "1"}});
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_TRUE(r->snapshot.ready_to_use);  // answered without a describe
  EXPECT_EQ(r->snapshot.size_bytes, 20 * kGiB);
  EXPECT_EQ(Calls("DescribeSnapshots"), 1);  // the name lookup only
  const auto* call = LastCall("CreateSnapshot");
  ASSERT_NE(call, nullptr);
  EXPECT_EQ(call->params->at("InstantAccess"), "true");
  EXPECT_EQ(call->params->at("InstantAccessRetentionDays"), "1");
  EXPECT_EQ(call->params->count("ClientToken"), 0u);
  Settle();
  EXPECT_TRUE(EcsSnap(r->snapshot.snapshot_id)->instant_access);
  loop_->RunUntil(loop_->Now() + engine::kDay + engine::kHour);
  auto s = EcsSnap(r->snapshot.snapshot_id);
  ASSERT_TRUE(s.has_value());  // converted, not released
  EXPECT_FALSE(s->instant_access);
}

TEST_F(LegacySnapshotTest, InstantAccessOnCloudSsdIsSilentlyANormalSnapshot) {  // case 12
  std::string d = UsedDisk("pvc-1", "cloud_ssd");
  auto r = Snap(d, "snapshot-uid1", {{"snapshotType", "InstantAccess"}, {"instantAccessRetentionDays", "1"}});
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_FALSE(r->snapshot.ready_to_use);
  EXPECT_EQ(LastCall("CreateSnapshot")->params->count("InstantAccess"), 0u);
  Settle();
  EXPECT_FALSE(EcsSnap(r->snapshot.snapshot_id)->instant_access);
}

TEST_F(LegacySnapshotTest, OnlyTheExactStringInstantAccessCounts) {  // case 13
  std::string d = UsedDisk("pvc-1", "cloud_essd");
  for (std::string type : {"InstantAcces", "xxx", "normal", "instantaccess"}) {
    auto r = Snap(d, "snapshot-" + type, {{"snapshotType", type}});
    ASSERT_TRUE(r.ok()) << type << ": " << r.error().ToString();
    EXPECT_FALSE(r->snapshot.ready_to_use) << type;
    EXPECT_EQ(LastCall("CreateSnapshot")->params->count("InstantAccess"), 0u) << type;
    Settle();  // one snapshot of a disk at a time
  }
}

TEST_F(LegacySnapshotTest, TheNameLookupAnswersRepeatsAndReportsAccomplishedAsReady) {
  std::string d = UsedDisk("pvc-1", "cloud_ssd");
  auto first = Snap(d, "snapshot-uid1");
  ASSERT_TRUE(first.ok());
  EXPECT_FALSE(first->snapshot.ready_to_use);
  loop_->RunUntil(loop_->Now() + 5 * engine::kSecond);  // cut, still progressing
  auto again = Snap(d, "snapshot-uid1");
  ASSERT_TRUE(again.ok()) << again.error().ToString();
  EXPECT_EQ(again->snapshot.snapshot_id, first->snapshot.snapshot_id);
  EXPECT_FALSE(again->snapshot.ready_to_use);
  Settle();
  auto done = Snap(d, "snapshot-uid1");
  ASSERT_TRUE(done.ok());
  EXPECT_TRUE(done->snapshot.ready_to_use);  // accomplished
  EXPECT_EQ(Calls("CreateSnapshot"), 1);
}

TEST_F(LegacySnapshotTest, SameNameOnAnotherDiskIsAlreadyExists) {  // case 20 (legacy)
  std::string d = UsedDisk("pvc-1", "cloud_essd");
  ASSERT_TRUE(Snap(d, "snapshot-x").ok());
  Settle();
  std::string e = UsedDisk("pvc-2", "cloud_essd");
  EXPECT_GRPC(Snap(e, "snapshot-x"), GrpcCode::kAlreadyExists,
              "snapshot with the same name: snapshot-x but with different SourceVolumeId already exist");
}

TEST_F(LegacySnapshotTest, ARepeatWithinTheRequestIntervalIsRefused) {
  std::string d = UsedDisk("pvc-1", "cloud_essd");
  AddFault("CreateSnapshot", "InternalError", 1);
  auto failed = Snap(d, "snapshot-x");
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, GrpcCode::kInternal);
  EXPECT_EQ(failed.error().message.rfind("failed create snapshot: SDK.ServerError\nErrorCode: InternalError", 0), 0u)
      << failed.error().message;
  EXPECT_GRPC(Snap(d, "snapshot-x"), GrpcCode::kUnknown, "CreateSnapshot: snapshot create request limit snapshot-x");
  loop_->RunUntil(loop_->Now() + 10 * engine::kSecond);
  EXPECT_TRUE(Snap(d, "snapshot-x").ok());
}

TEST_F(LegacySnapshotTest, BadInstantAccessRetentionDaysIsInvalidArgument) {
  std::string d = UsedDisk("pvc-1", "cloud_essd");
  EXPECT_GRPC(Snap(d, "snapshot-x", {{"snapshotType", "InstantAccess"}, {"instantAccessRetentionDays", "x"}}),
              GrpcCode::kInvalidArgument,
              "CreateSnapshot:: failed to parse instantAccessRetentionDays: strconv.Atoi: parsing \"x\": invalid "
              "syntax");
  EXPECT_EQ(Calls("CreateSnapshot"), 0);
}

TEST_F(LegacySnapshotTest, IaDaysDefaultToRetentionDays) {
  std::string d = UsedDisk("pvc-1", "cloud_essd");
  ASSERT_TRUE(Snap(d, "snapshot-x", {{"snapshotType", "InstantAccess"}, {"retentionDays", "7"}}).ok());
  EXPECT_EQ(LastCall("CreateSnapshot")->params->at("InstantAccessRetentionDays"), "7");
  EXPECT_EQ(LastCall("CreateSnapshot")->params->at("RetentionDays"), "7");
}

TEST_F(LegacySnapshotTest, HeadIgnoresInstantAccessParameters) {  // case 10
  UseEra(SnapshotEra::kHead);
  std::string d = UsedDisk("pvc-1", "cloud_ssd");
  auto r = Snap(d, "snapshot-uid1", {{"snapshotType", "InstantAccess"}, {"instantAccessRetentionDays", "1"}});
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_FALSE(r->snapshot.ready_to_use);
  const auto* call = LastCall("CreateSnapshot");
  EXPECT_EQ(call->params->count("InstantAccess"), 0u);
  EXPECT_EQ(call->params->count("InstantAccessRetentionDays"), 0u);
  EXPECT_EQ(call->params->at("ClientToken"), "n:snapshot-uid1");
}

}  // namespace
}  // namespace snapsim::csi::disk::testing
