// The data plane: access only while attached, formatting, point-in-time snapshots,
// restores with exactly the snapshot's contents.
#include "src/fake_ecs/device.h"

#include <gtest/gtest.h>

#include <memory>

#include "src/fake_ecs/ecs_test_util.h"

namespace snapsim::ecs::testing {
namespace {

using DeviceTest = EcsTest;

std::string Ls(const Device& dev, std::string_view dir = "/") {
  auto l = dev.List(dir);
  if (!l.ok()) return "error: " + l.status().message();
  std::string out;
  for (const auto& e : *l) out += (out.empty() ? "" : " ") + e.name;
  return out;
}

TEST_F(DeviceTest, OnlyWhileAttachedToThatInstance) {
  std::string d = NewDisk();
  auto not_yet = ecs_->OpenDevice(d, i1_);
  ASSERT_FALSE(not_yet.ok());
  EXPECT_EQ(not_yet.status().message(), "disk " + d + " is not attached to instance " + i1_);
  ASSERT_TRUE(ecs_->AttachDiskSync({.instance_id = i1_, .disk_id = d}).ok());
  EXPECT_FALSE(ecs_->OpenDevice(d, i1_).ok());  // still Attaching
  Settle();
  auto dev = ecs_->OpenDevice(d, i1_);
  ASSERT_TRUE(dev.ok());
  EXPECT_FALSE(ecs_->OpenDevice(d, i2_).ok());
  EXPECT_EQ(*dev->DevicePath(), "/dev/xvdb");
  EXPECT_EQ(*dev->SizeBytes(), 20ull << 30);
  ASSERT_TRUE(ecs_->DetachDiskSync({.instance_id = i1_, .disk_id = d}).ok());
  EXPECT_FALSE(dev->FsType().ok());  // Detaching: gone from the node
  EXPECT_FALSE(ecs_->OpenDevice("d-nope", i1_).ok());
}

TEST_F(DeviceTest, FreshDiskIsUnformattedUntilMkfs) {
  std::string d = UsedDisk();
  auto dev = *ecs_->OpenDevice(d, i1_);
  EXPECT_EQ(*dev.FsType(), "");
  EXPECT_EQ(dev.List("/").status().message(), "disk " + d + " has no filesystem");
  ASSERT_TRUE(dev.Format("ext4").ok());
  EXPECT_EQ(*dev.FsType(), "ext4");
  EXPECT_EQ(Ls(dev), "lost+found");
  ASSERT_TRUE(dev.Write("test", "").ok());
  EXPECT_EQ(Ls(dev), "lost+found test");
  FsStats s = *dev.StatFs();
  EXPECT_EQ(s.size_bytes, 20ull << 30);
  EXPECT_EQ(s.used_bytes, 2 * 4096u);
  EXPECT_EQ(s.avail_bytes, (20ull << 30) - 8192);
  EXPECT_FALSE(dev.Format("btrfs").ok());
  ASSERT_TRUE(dev.Format("xfs").ok());
  EXPECT_EQ(Ls(dev), "");  // mkfs.xfs makes no lost+found
}

TEST_F(DeviceTest, SnapshotHoldsThePointInTimeOfTheCutAndRestoresExactly) {
  std::string d = UsedDisk(20, "cloud_essd");
  auto dev = *ecs_->OpenDevice(d, i1_);
  ASSERT_TRUE(dev.Format("ext4").ok());
  ASSERT_TRUE(dev.Write("test", "before\n").ok());
  auto snap = Snapshot(d);
  ASSERT_TRUE(snap.ok());
  ASSERT_TRUE(dev.Write("early", "written before the cut\n").ok());  // cut is 2 s after the call
  Advance(3 * kS);                                                   // the cut happened
  ASSERT_TRUE(dev.Write("test", "after\n").ok());
  ASSERT_TRUE(dev.Write("late", "x").ok());
  Settle();

  CreateDiskRequest r;
  r.zone_id = "cn-hangzhou-g";
  r.disk_category = "cloud_essd";
  r.snapshot_id = snap->snapshot_id;
  r.size = 50;
  auto restored = ecs_->CreateDiskSync(r);
  ASSERT_TRUE(restored.ok());
  Settle();
  Attach(restored->disk_id, i2_ == "" ? i1_ : i1_);
  auto copy = *ecs_->OpenDevice(restored->disk_id, i1_);
  EXPECT_EQ(*copy.FsType(), "ext4");
  EXPECT_EQ(Ls(copy), "early lost+found test");
  EXPECT_EQ(*copy.Read("test"), "before\n");
  // The filesystem keeps the snapshot's size until grown.
  EXPECT_EQ(copy.StatFs()->size_bytes, 20ull << 30);
  ASSERT_TRUE(copy.GrowFs().ok());
  EXPECT_EQ(copy.StatFs()->size_bytes, 50ull << 30);
  // Writes to the copy touch neither the source nor the snapshot.
  ASSERT_TRUE(copy.Write("test", "copy\n").ok());
  EXPECT_EQ(*dev.Read("test"), "after\n");
  auto again = ecs_->CreateDiskSync(r);
  Settle();
  Attach(again->disk_id, i1_);
  EXPECT_EQ(*ecs_->OpenDevice(again->disk_id, i1_)->Read("test"), "before\n");
}

TEST_F(DeviceTest, UnformattedSnapshotRestoresUnformatted) {
  std::string d = UsedDisk();
  auto snap = Snapshot(d);
  Settle();
  CreateDiskRequest r;
  r.zone_id = "cn-hangzhou-g";
  r.disk_category = "cloud_essd";
  r.snapshot_id = snap->snapshot_id;
  auto restored = ecs_->CreateDiskSync(r);
  Settle();
  Attach(restored->disk_id, i1_);
  EXPECT_EQ(*ecs_->OpenDevice(restored->disk_id, i1_)->FsType(), "");
}

TEST_F(DeviceTest, NoSpaceLeftOnDevice) {
  std::string d = UsedDisk(1, "cloud_auto");
  auto dev = *ecs_->OpenDevice(d, i1_);
  ASSERT_TRUE(dev.Format("ext4").ok());
  // 1 GiB of bytes the device never reads (it refuses before copying): no page is touched.
  std::unique_ptr<char[]> big(new char[1 << 30]);
  EXPECT_EQ(dev.Write("huge", std::string_view(big.get(), 1 << 30)).message(),
            "No space left on device");
  EXPECT_FALSE(dev.Stat("huge").ok());
  ASSERT_TRUE(dev.Mkdir("a/b", true).ok());
  ASSERT_TRUE(dev.Append("a/b/f", "1").ok());
  ASSERT_TRUE(dev.Append("a/b/f", "2").ok());
  EXPECT_EQ(*dev.Read("a/b/f"), "12");
  ASSERT_TRUE(dev.Remove("a", true).ok());
  EXPECT_EQ(Ls(dev), "lost+found");
}

}  // namespace
}  // namespace snapsim::ecs::testing
