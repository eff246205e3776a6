// Node service: case 44 (fresh volume -> lost+found), 22/23/28/29 (restores), NodeGetInfo,
// and the full flow stage -> write -> ECS snapshot -> restore -> stage on another node.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "src/csi/diskplugin/diskplugin_test_util.h"

namespace snapsim::csi::disk::testing {
namespace {

class NodeServerTest : public DiskPluginTest {
 protected:
  CsiResult<Empty> Stage(const std::string& node, const std::string& vol, std::string fs = "") {
    NodeStageVolumeRequest r;
    r.volume_id = vol;
    r.staging_target_path = "/var/lib/kubelet/plugins/kubernetes.io/csi/pv/" + vol + "/globalmount";
    r.volume_capability.fs_type = std::move(fs);
    return Run<Empty>([&](auto done) { nodes_[node]->NodeStageVolume(r, done); });
  }
  CsiResult<Empty> PublishAt(const std::string& node, const std::string& vol,
                             const std::string& target) {
    NodePublishVolumeRequest r;
    r.volume_id = vol;
    r.staging_target_path = "/var/lib/kubelet/plugins/kubernetes.io/csi/pv/" + vol + "/globalmount";
    r.target_path = target;
    return Run<Empty>([&](auto done) { nodes_[node]->NodePublishVolume(r, done); });
  }
  std::vector<std::string> Ls(const std::string& node, const std::string& target) {
    auto m = nodes_[node]->Mounted(target);
    EXPECT_TRUE(m.ok()) << m.status().ToString();
    if (!m.ok()) return {};
    auto entries = m->device.List("/");
    EXPECT_TRUE(entries.ok());
    std::vector<std::string> names;
    if (entries.ok()) {
      for (const auto& e : *entries) names.push_back(e.name);
    }
    return names;
  }
  std::string Restore(const std::string& name, const std::string& snapshot, std::int64_t gib,
                      const std::string& zone) {
    auto r = VolumeRequest(name, gib, {{"type", "cloud_essd"}}, zone);
    r.volume_content_source = VolumeContentSource{.snapshot_id = snapshot};
    auto resp = Create(r);
    EXPECT_TRUE(resp.ok()) << (resp.ok() ? "" : resp.error().ToString());
    if (!resp.ok()) return "";
    EXPECT_EQ(resp->volume.content_source->snapshot_id, snapshot);
    Settle();
    return resp->volume.volume_id;
  }
  // A volume on i1 with /test written, snapshotted through ECS; returns the snapshot id.
  std::string SnapshotWithFile(std::int64_t gib = 20) {
    std::string d = NewVolume("pvc-src", gib);
    EXPECT_TRUE(Publish(d, i1_).ok());
    EXPECT_TRUE(Stage(i1_, d).ok());
    EXPECT_TRUE(PublishAt(i1_, d, "/pods/a/data").ok());
    auto m = nodes_[i1_]->Mounted("/pods/a/data");
    EXPECT_TRUE(m.ok());
    if (!m.ok()) return "";
    EXPECT_TRUE(m->device.Write("test", "hello\n").ok());
    auto s = ecs_->CreateSnapshotSync({.disk_id = d});
    EXPECT_TRUE(s.ok());
    Settle();
    return s.ok() ? s->snapshot_id : "";
  }
};

TEST_F(NodeServerTest, FreshVolumeIsFormattedExt4WithLostFound) {  // case 44
  std::string d = NewVolume("pvc-1");
  ASSERT_TRUE(Publish(d, i1_).ok());
  ASSERT_TRUE(Stage(i1_, d).ok());
  ASSERT_TRUE(PublishAt(i1_, d, "/pods/a/data").ok());
  EXPECT_EQ(Ls(i1_, "/pods/a/data"), std::vector<std::string>{"lost+found"});
  auto m = nodes_[i1_]->Mounted("/pods/a/data");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(*m->device.FsType(), "ext4");
  EXPECT_EQ(m->volume_id, d);
  ASSERT_TRUE(m->device.Write("test", "").ok());
  EXPECT_EQ(Ls(i1_, "/pods/a/data"), (std::vector<std::string>{"lost+found", "test"}));
  // Unpublish, unstage: the target is gone, the data stays on the disk.
  ASSERT_TRUE(Run<Empty>([&](auto done) {
                nodes_[i1_]->NodeUnpublishVolume({.volume_id = d, .target_path = "/pods/a/data"},
                                                 done);
              }).ok());
  EXPECT_FALSE(nodes_[i1_]->Mounted("/pods/a/data").ok());
  ASSERT_TRUE(Run<Empty>([&](auto done) {
                nodes_[i1_]->NodeUnstageVolume({.volume_id = d, .staging_target_path = "x"}, done);
              }).ok());
  EXPECT_FALSE(nodes_[i1_]->IsStaged(d));
  ASSERT_TRUE(Stage(i1_, d).ok());  // staged again: no mkfs
  ASSERT_TRUE(PublishAt(i1_, d, "/pods/b/data").ok());
  EXPECT_EQ(Ls(i1_, "/pods/b/data"), (std::vector<std::string>{"lost+found", "test"}));
}

TEST_F(NodeServerTest, StageNeedsTheDiskAttachedHere) {
  std::string d = NewVolume("pvc-1");
  auto r = Stage(i1_, d);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, GrpcCode::kAborted);
  EXPECT_GRPC(PublishAt(i1_, d, "/pods/a/data"), GrpcCode::kFailedPrecondition,
              fmt::format("NodePublishVolume: volume {} is not staged at "
                          "/var/lib/kubelet/plugins/kubernetes.io/csi/pv/{}/globalmount",
                          d, d));
}

TEST_F(NodeServerTest, RestoreOnAnotherNodeSeesTheFile) {  // cases 22, 28
  std::string snap = SnapshotWithFile();
  std::string r = Restore("pvc-restore", snap, 20, "cn-hangzhou-h");
  EXPECT_EQ(PeekDisk(r)->zone_id, "cn-hangzhou-h");
  ASSERT_TRUE(Publish(r, i2_).ok());
  ASSERT_TRUE(Stage(i2_, r).ok());
  ASSERT_TRUE(PublishAt(i2_, r, "/pods/c/data").ok());
  EXPECT_EQ(Ls(i2_, "/pods/c/data"), (std::vector<std::string>{"lost+found", "test"}));
  EXPECT_EQ(*nodes_[i2_]->Mounted("/pods/c/data")->device.Read("test"), "hello\n");
}

TEST_F(NodeServerTest, LargerRestoreIsGrownAtStage) {  // case 23
  std::string snap = SnapshotWithFile();
  std::string r = Restore("pvc-big", snap, 50, "cn-hangzhou-g");
  ASSERT_TRUE(Publish(r, i3_).ok());
  ASSERT_TRUE(Stage(i3_, r).ok());
  ASSERT_TRUE(PublishAt(i3_, r, "/pods/d/data").ok());
  auto m = nodes_[i3_]->Mounted("/pods/d/data");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->device.StatFs()->size_bytes, static_cast<std::uint64_t>(50 * kGiB));
  EXPECT_EQ(*m->device.Read("test"), "hello\n");
}

TEST_F(NodeServerTest, FsTypeMismatchIsAborted) {  // case 29
  std::string snap = SnapshotWithFile();
  std::string r = Restore("pvc-xfs", snap, 20, "cn-hangzhou-g");
  ASSERT_TRUE(Publish(r, i3_).ok());
  EXPECT_GRPC(
      Stage(i3_, r, "xfs"), GrpcCode::kAborted,
      "failed to mount the volume as \"xfs\", it already contains ext4. Mount error: mount failed: "
      "exit status 32");
}

TEST_F(NodeServerTest, NodeGetInfo) {
  auto info = nodes_[i2_]->NodeGetInfo();
  EXPECT_EQ(info.node_id, i2_);
  EXPECT_EQ(info.max_volumes_per_node, 15);
  EXPECT_EQ(info.accessible_topology.segments.at(std::string(kTopologyZoneKey)), "cn-hangzhou-h");
  EXPECT_EQ(info.accessible_topology.segments.at(std::string(kStandardRegionKey)), "cn-hangzhou");
  EXPECT_EQ(nodes_[i2_]->NodeGetCapabilities().capabilities.size(), 1u);
}

}  // namespace
}  // namespace snapsim::csi::disk::testing
