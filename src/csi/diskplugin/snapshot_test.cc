// CreateSnapshot / DeleteSnapshot / ListSnapshots: behaviour cases §5 8, 14, 16, 19, 20,
// 32, 35, 36.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "src/csi/diskplugin/diskplugin_test_util.h"

namespace snapsim::csi::disk::testing {
namespace {

class SnapshotRpcTest : public DiskPluginTest {
 protected:
  CsiResult<CreateSnapshotResponse> Snap(const std::string& disk, const std::string& name,
                                         std::map<std::string, std::string> params = {}) {
    CreateSnapshotRequest r{
        .source_volume_id = disk, .name = name, .parameters = std::move(params)};
    return Run<CreateSnapshotResponse>([&](auto done) { controller_->CreateSnapshot(r, done); });
  }
  CsiResult<ListSnapshotsResponse> List(ListSnapshotsRequest r) {
    return Run<ListSnapshotsResponse>([&](auto done) { controller_->ListSnapshots(r, done); });
  }
  CsiResult<Empty> DeleteSnap(const std::string& id) {
    return Run<Empty>([&](auto done) { controller_->DeleteSnapshot({.snapshot_id = id}, done); });
  }
  std::string UsedVolume(const std::string& name) {
    std::string d = NewVolume(name);
    EXPECT_TRUE(Publish(d, i1_).ok());
    return d;
  }
};

TEST_F(SnapshotRpcTest, EssdSnapshotWaitsForTheCutThenBecomesReady) {  // case 8
  std::string d = UsedVolume("pvc-1");
  auto r = Snap(d, "snapshot-uid1",
                {{"csi.storage.k8s.io/volumesnapshot/name", "vs1"},
                 {"csi.storage.k8s.io/volumesnapshot/namespace", "default"}});
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->snapshot.size_bytes, 21474836480);
  EXPECT_EQ(r->snapshot.source_volume_id, d);
  EXPECT_GT(r->snapshot.creation_time_unix_seconds, 1767225600);
  const auto* call = LastCall("CreateSnapshot");
  ASSERT_NE(call, nullptr);
  EXPECT_EQ(call->params->at("ClientToken"), "n:snapshot-uid1");
  EXPECT_EQ(call->params->at("SnapshotName"), "snapshot-uid1");
  EXPECT_EQ(call->params->count("InstantAccess"), 0u);
  Settle();
  auto again = Snap(d, "snapshot-uid1",
                    {{"csi.storage.k8s.io/volumesnapshot/name", "vs1"},
                     {"csi.storage.k8s.io/volumesnapshot/namespace", "default"}});
  ASSERT_TRUE(again.ok()) << again.error().ToString();
  EXPECT_EQ(again->snapshot.snapshot_id, r->snapshot.snapshot_id);
  EXPECT_TRUE(again->snapshot.ready_to_use);
}

TEST_F(SnapshotRpcTest, ErrorsMapToTheDriversCodes) {  // cases 14, 19, 20
  std::string d = UsedVolume("pvc-1");
  EXPECT_GRPC(Snap(d, "snapshot-x", {{"retentionDays", "abc"}}), GrpcCode::kInvalidArgument,
              "get volumesnapshot config failed: parse snapshot parameters failed: failed to parse "
              "retentionDays: strconv.Atoi: parsing \"abc\": invalid syntax");
  EXPECT_EQ(Calls("CreateSnapshot"), 0);
  EXPECT_GRPC(Snap("d-bp1doesnotexist00000", "snapshot-x"), GrpcCode::kInternal,
              "CreateSnapshot:: failed to get disk from sourceVolumeID: d-bp1doesnotexist00000");
  ASSERT_TRUE(Snap(d, "snapshot-x").ok());
  Settle();
  std::string e = UsedVolume("pvc-2");
  auto r = Snap(e, "snapshot-x");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, GrpcCode::kAlreadyExists);
  EXPECT_EQ(r.error().message.rfind("already created but parameter mismatch (RequestID: ", 0), 0u)
      << r.error().message;
}

TEST_F(SnapshotRpcTest, QuotaIsResourceExhausted) {  // case 16
  auto c = DefaultConfig();
  c.snapshot_quota_per_disk = 1;
  Reset(c);
  std::string d = UsedVolume("pvc-1");
  ASSERT_TRUE(Snap(d, "snapshot-a").ok());
  Settle();
  auto r = Snap(d, "snapshot-b");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, GrpcCode::kResourceExhausted);
  EXPECT_EQ(r.error().message.rfind(
                "snapshot quota exceeded: SDK.ServerError\nErrorCode: QuotaExceed.Snapshot\n", 0),
            0u);
}

TEST_F(SnapshotRpcTest, DeleteTwiceSucceeds) {  // case 32
  std::string d = UsedVolume("pvc-1");
  auto s = Snap(d, "snapshot-a");
  ASSERT_TRUE(s.ok());
  ASSERT_TRUE(DeleteSnap(s->snapshot.snapshot_id).ok());
  EXPECT_EQ(LastCall("DeleteSnapshot")->params->at("Force"), "true");
  ASSERT_TRUE(DeleteSnap(s->snapshot.snapshot_id).ok());
  EXPECT_EQ(Calls("DeleteSnapshot"), 1);
}

TEST_F(SnapshotRpcTest, ListByIdFilterAndPaging) {  // cases 35, 36
  std::string d = UsedVolume("pvc-1");
  std::string first;
  for (int i = 0; i < 25; ++i) {
    auto s = Snap(d, fmt::format("snapshot-{}", i));
    ASSERT_TRUE(s.ok()) << s.error().ToString();
    if (i == 0) first = s->snapshot.snapshot_id;
    Settle();
  }
  auto one = List({.snapshot_id = first});
  ASSERT_TRUE(one.ok());
  ASSERT_EQ(one->entries.size(), 1u);
  EXPECT_TRUE(one->entries[0].ready_to_use);
  auto none = List({.snapshot_id = "s-bp1doesnotexist0000"});
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->entries.empty());

  auto page = List({.max_entries = 3});
  ASSERT_TRUE(page.ok()) << page.error().ToString();
  EXPECT_EQ(page->entries.size(), 3u);
  EXPECT_EQ(page->next_token, "3@");
  std::size_t total = page->entries.size();
  std::string token = page->next_token;
  for (int guard = 0; !token.empty() && guard < 20; ++guard) {
    auto next = List({.max_entries = 3, .starting_token = token});
    ASSERT_TRUE(next.ok()) << next.error().ToString();
    total += next->entries.size();
    token = next->next_token;
  }
  EXPECT_EQ(total, 25u);
  EXPECT_GRPC(List({.max_entries = 3, .starting_token = "abc"}), GrpcCode::kAborted,
              "Invalid StartingToken abc: @ not found in token");

  ControllerOptions no_cluster;
  no_cluster.cluster_id = "";
  Reset(DefaultConfig(), no_cluster);
  EXPECT_GRPC(List({}), GrpcCode::kInvalidArgument,
              "At least one of snapshot ID, volume ID, cluster ID must be specified");
}

}  // namespace
}  // namespace snapsim::csi::disk::testing
