// ControllerPublish / Unpublish and DeleteVolume: behaviour cases §5 37–43.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "src/csi/diskplugin/diskplugin_test_util.h"

namespace snapsim::csi::disk::testing {
namespace {

using PublishTest = DiskPluginTest;

bool StartsWith(const std::string& s, std::string_view p) { return s.rfind(p, 0) == 0; }
bool EndsWith(const std::string& s, std::string_view p) {
  return s.size() >= p.size() && s.compare(s.size() - p.size(), p.size(), p) == 0;
}

TEST_F(PublishTest, AttachWaitsUntilInUseAndRepublishIsANoOp) {  // case 37
  std::string d = NewVolume("pvc-1");
  auto r = Publish(d, i1_);
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->publish_context.at("serialNumber"), d.substr(2));
  EXPECT_EQ(PeekDisk(d)->status, "In_use");
  EXPECT_EQ(Calls("AttachDisk"), 1);
  ASSERT_TRUE(Publish(d, i1_).ok());
  EXPECT_EQ(Calls("AttachDisk"), 1);
}

TEST_F(PublishTest, RwoStealDetachesFromTheOtherInstance) {  // case 38
  std::string d = NewVolume("pvc-1");
  ASSERT_TRUE(Publish(d, i1_).ok());
  auto r = Publish(d, i3_);
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(PeekDisk(d)->instance_id, i3_);
  EXPECT_EQ(Calls("DetachDisk"), 1);

  ControllerOptions no_force;
  no_force.force_detach = false;
  Reset(DefaultConfig(), no_force);
  d = NewVolume("pvc-1");
  ASSERT_TRUE(Publish(d, i1_).ok());
  EXPECT_GRPC(
      Publish(d, i3_), GrpcCode::kAborted,
      fmt::format(
          "AttachDisk: Disk {} is already attached to instance {}, env DISK_FORCE_DETACHED is "
          "false reject force detach",
          d, i1_));
}

TEST_F(PublishTest, AttachingElsewhereIsAborted) {  // case 39
  std::string d = NewVolume("pvc-1");
  ASSERT_TRUE(ecs_->AttachDiskSync({.instance_id = i3_, .disk_id = d}).ok());
  EXPECT_GRPC(Publish(d, i1_), GrpcCode::kAborted,
              fmt::format("AttachDisk: Disk {} is attaching to {}", d, i3_));
}

TEST_F(PublishTest, ZoneMismatchIsAborted) {  // case 40
  std::string d = NewVolume("pvc-1");
  auto r = Publish(d, i2_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, GrpcCode::kAborted);
  EXPECT_TRUE(StartsWith(
      r.error().message,
      fmt::format("error happens to attach disk {} to instance {}, SDK.ServerError\nErrorCode: "
                  "ResourcesNotInSameZone\n",
                  d, i2_)))
      << r.error().message;
}

TEST_F(PublishTest, MissingDiskInstanceOrSlot) {  // case 41
  EXPECT_GRPC(
      Publish("d-bp1doesnotexist00000", i1_), GrpcCode::kNotFound,
      "AttachDisk: csi can't find disk: d-bp1doesnotexist00000 in region: cn-hangzhou, Please "
      "check if "
      "the cloud disk exists, if the region is correct, or if the csi permissions are correct");
  std::string d = NewVolume("pvc-1");
  auto r = Publish(d, "i-bp1instance00000404");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, GrpcCode::kNotFound);
  EXPECT_TRUE(StartsWith(r.error().message, "Node(i-bp1instance00000404) not found, request ID: "))
      << r.error().message;
  EXPECT_EQ(r.error().message.size(),
            std::string("Node(i-bp1instance00000404) not found, request ID: ").size() + 36);

  Reset(DefaultConfig(), {}, /*i1_disk_limit=*/1);
  std::string a = NewVolume("pvc-a");
  std::string b = NewVolume("pvc-b");
  ASSERT_TRUE(Publish(a, i1_).ok());
  r = Publish(b, i1_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, GrpcCode::kInternal);
  EXPECT_TRUE(
      StartsWith(r.error().message, "SDK.ServerError\nErrorCode: InstanceDiskLimitExceeded\n"));
  EXPECT_TRUE(EndsWith(r.error().message,
                       fmt::format(", Node({}) exceed the limit attachments of disk", i1_)));
}

TEST_F(PublishTest, Unpublish) {  // case 42
  std::string d = NewVolume("pvc-1");
  ASSERT_TRUE(Unpublish(d, i1_).ok());
  ASSERT_TRUE(Unpublish("d-bp1doesnotexist00000", i1_).ok());
  EXPECT_EQ(Calls("DetachDisk"), 0);
  ASSERT_TRUE(Publish(d, i1_).ok());
  ASSERT_TRUE(Unpublish(d, i3_).ok());  // attached elsewhere: nothing to do
  EXPECT_EQ(Calls("DetachDisk"), 0);
  ASSERT_TRUE(Unpublish(d, i1_).ok());
  EXPECT_EQ(Calls("DetachDisk"), 1);
  EXPECT_EQ(PeekDisk(d)->status, "Available");
  EXPECT_TRUE(PeekDisk(d)->attachments.empty());
  // Already Detaching from i1 (e.g. a retry after a lost reply): only the wait runs.
  ASSERT_TRUE(Publish(d, i1_).ok());
  ASSERT_TRUE(ecs_->DetachDiskSync({.instance_id = i1_, .disk_id = d}).ok());
  ASSERT_EQ(PeekDisk(d)->status, "Detaching");
  ASSERT_TRUE(Unpublish(d, i1_).ok());
  EXPECT_EQ(Calls("DetachDisk"), 2);
  EXPECT_EQ(PeekDisk(d)->status, "Available");
}

TEST_F(PublishTest, DeleteVolumeDetachesFirst) {  // case 43
  std::string d = NewVolume("pvc-1");
  ASSERT_TRUE(Publish(d, i1_).ok());
  auto r = Delete(d);
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_FALSE(PeekDisk(d));
  EXPECT_EQ(Calls("DetachDisk"), 1);
  EXPECT_EQ(Calls("DeleteDisk"), 1);
  ASSERT_TRUE(Delete("d-bp1doesnotexist00000").ok());
  EXPECT_EQ(Calls("DeleteDisk"), 1);
}

TEST_F(PublishTest, DeleteVolumeRetriesWhileInitializing) {  // case 43
  std::string d = NewVolume("pvc-1");
  AddFault("DeleteDisk", "IncorrectDiskStatus.Initializing", 4);
  engine::Nanos start = loop_->Now();
  ASSERT_TRUE(Delete(d).ok());
  EXPECT_EQ(Calls("DeleteDisk"), 5);
  EXPECT_GE(loop_->Now() - start, 20 * engine::kSecond);
  EXPECT_FALSE(PeekDisk(d));

  std::string e = NewVolume("pvc-2");
  AddFault("DeleteDisk", "IncorrectDiskStatus.Initializing", -1);
  auto r = Delete(e);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, GrpcCode::kInternal);
  EXPECT_TRUE(StartsWith(r.error().message,
                         "DeleteVolume: Delete disk with error: SDK.ServerError\nErrorCode: "
                         "IncorrectDiskStatus.Initializing\n"));
  EXPECT_TRUE(PeekDisk(e));
}

TEST_F(PublishTest, IdentityAndCapabilities) {
  EXPECT_EQ(controller_->GetPluginInfo().name, "diskplugin.csi.alibabacloud.com");
  EXPECT_EQ(controller_->ControllerGetCapabilities().capabilities.size(), 4u);
  EXPECT_EQ(GrpcCodeName(GrpcCode::kInvalidArgument), "INVALID_ARGUMENT");
  EXPECT_EQ((GrpcStatus{GrpcCode::kNotFound, "x"}.ToString()),
            "rpc error: code = NotFound desc = x");
}

}  // namespace
}  // namespace snapsim::csi::disk::testing
