// ControllerServer::Restart: the plugin process dies with RPCs in flight.
#include <gtest/gtest.h>

#include "src/csi/diskplugin/diskplugin_test_util.h"

namespace snapsim::csi::disk {
namespace {

class RestartTest : public testing::DiskPluginTest {};

TEST_F(RestartTest, InFlightRpcFailsUnavailableAndTheEcsCallStillTakesEffect) {
  ecs::FaultRule slow;
  slow.api = "CreateDisk";
  slow.latency = 30 * engine::kSecond;
  ecs_->AddFault(slow);
  std::optional<CsiResult<CreateVolumeResponse>> reply;
  int replies = 0;
  controller_->CreateVolume(VolumeRequest("pvc-1", 20, {{"type", "cloud_essd"}}),
                            [&](CsiResult<CreateVolumeResponse> r) {
                              ++replies;
                              reply.emplace(std::move(r));
                            });
  loop_->RunUntil(loop_->Now() + 20 * engine::kSecond);  // CreateDisk took effect; its reply is due at 30s
  ASSERT_FALSE(reply.has_value());
  EXPECT_EQ(controller_->InFlight(), 1u);

  controller_->Restart();
  loop_->RunUntil(loop_->Now() + engine::kSecond);
  ASSERT_TRUE(reply.has_value());
  ASSERT_FALSE(reply->ok());
  EXPECT_EQ(reply->error(), (GrpcStatus{GrpcCode::kUnavailable, "error reading from server: EOF"}));
  EXPECT_EQ(controller_->InFlight(), 0u);

  loop_->Settle(engine::kHour);
  EXPECT_EQ(replies, 1);                  // the late ECS reply is dropped
  EXPECT_EQ(ecs_->AllDisks().size(), 4u);  // three system disks and the new one

  // The caller retries under the same name: ClientToken finds the disk.
  auto again = Create(VolumeRequest("pvc-1", 20, {{"type", "cloud_essd"}}));
  ASSERT_TRUE(again.ok()) << again.error().ToString();
  EXPECT_EQ(ecs_->AllDisks().size(), 4u);
}

TEST_F(RestartTest, NothingInFlightIsANoOp) {
  controller_->Restart();
  EXPECT_EQ(controller_->InFlight(), 0u);
  auto r = Create(VolumeRequest("pvc-2", 20, {{"type", "cloud_essd"}}));
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(controller_->InFlight(), 0u);
}

}  // namespace
}  // namespace snapsim::csi::disk
