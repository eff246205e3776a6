// ClientToken idempotency and lost replies.
#include <gtest/gtest.h>

#include "src/fake_ecs/ecs_test_util.h"

namespace snapsim::ecs::testing {
namespace {

using IdempotencyTest = EcsTest;

TEST_F(IdempotencyTest, SameTokenSameParametersReturnsTheSameSnapshot) {
  std::string d = UsedDisk(20, "cloud_ssd");
  CreateSnapshotRequest r{.snapshot_name = "snapshot-x", .client_token = "n:snapshot-x"};
  auto first = Snapshot(d, r);
  ASSERT_TRUE(first.ok());
  auto again = Snapshot(d, r);  // even while the first is still progressing
  ASSERT_TRUE(again.ok()) << again.error().ToString();
  EXPECT_EQ(again->snapshot_id, first->snapshot_id);
  EXPECT_NE(again->request_id, first->request_id);
  EXPECT_EQ(ecs_->AllSnapshots().size(), 1u);
}

TEST_F(IdempotencyTest, SameTokenDifferentParametersIsAMismatch) {
  std::string a = UsedDisk(), b = UsedDisk();
  ASSERT_TRUE(Snapshot(a, {.snapshot_name = "snapshot-x", .client_token = "tok"}).ok());
  EXPECT_ECS_ERROR(Snapshot(b, {.snapshot_name = "snapshot-x", .client_token = "tok"}),
                   "IdempotentParameterMismatch", "The specified clientToken is used.", 403);
  EXPECT_ECS_ERROR(Snapshot(a, {.snapshot_name = "snapshot-y", .client_token = "tok"}),
                   "IdempotentParameterMismatch", "The specified clientToken is used.", 403);
}

TEST_F(IdempotencyTest, CreateDiskTokens) {
  CreateDiskRequest r;
  r.zone_id = "cn-hangzhou-g";
  r.disk_category = "cloud_essd";
  r.size = 20;
  r.client_token = "n:pvc-1";
  auto first = ecs_->CreateDiskSync(r);
  auto second = ecs_->CreateDiskSync(r);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(first->disk_id, second->disk_id);
  r.size = 30;
  EXPECT_ECS_ERROR(ecs_->CreateDiskSync(r), "IdempotentParameterMismatch",
                   "The specified clientToken is used.", 403);
  // Tokens are per action: the same token on CreateSnapshot is independent.
  std::string d = UsedDisk();
  EXPECT_TRUE(Snapshot(d, {.client_token = "n:pvc-1"}).ok());
  EXPECT_ECS_ERROR(
      ecs_->CreateDiskSync(
          {.zone_id = "cn-hangzhou-g", .size = 20, .client_token = std::string(65, 'x')}),
      "InvalidParameter", "The specified parameter \"ClientToken\" is not valid.", 400);
}

TEST_F(IdempotencyTest, RetryWhileTheFirstReplyIsStillOnItsWayIsProcessing) {
  std::string d = UsedDisk();
  FaultRule slow;
  slow.api = "CreateSnapshot";
  slow.latency = 10 * kS;
  slow.times = 1;
  ecs_->AddFault(slow);
  CreateSnapshotRequest r{.disk_id = d, .client_token = "tok"};
  std::optional<Result<CreateSnapshotResponse, EcsError>> first;
  ecs_->CreateSnapshot(r, [&](auto res) { first.emplace(std::move(res)); });
  Advance(kS);  // the first took effect; its reply is 10 s late
  ASSERT_FALSE(first);
  EXPECT_ECS_ERROR(ecs_->CreateSnapshotSync(r), "IdempotentProcessing",
                   "The previous idempotent request(s) is still processing.", 400);
  Advance(10 * kS);
  ASSERT_TRUE(first && first->ok());
  auto again = ecs_->CreateSnapshotSync(r);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->snapshot_id, (*first)->snapshot_id);
}

TEST_F(IdempotencyTest, LostReplyThenRetryLeavesExactlyOneSnapshot) {
  std::string d = UsedDisk();
  FaultRule lost;
  lost.api = "CreateSnapshot";
  lost.error = errors::InternalError();
  lost.after_effect = true;
  lost.times = 1;
  ecs_->AddFault(lost);
  CreateSnapshotRequest r{
      .disk_id = d, .snapshot_name = "snapshot-uid", .client_token = "n:snapshot-uid"};
  auto first = ecs_->CreateSnapshotSync(r, {.caller = "csi-plugin"});
  EXPECT_ECS_ERROR(first, "InternalError",
                   "The request processing has failed due to some unknown error.", 500);
  ASSERT_EQ(ecs_->AllSnapshots().size(), 1u);  // it happened anyway
  auto retry = ecs_->CreateSnapshotSync(r, {.caller = "csi-plugin"});
  ASSERT_TRUE(retry.ok()) << retry.error().ToString();
  EXPECT_EQ(ecs_->AllSnapshots().size(), 1u);
  EXPECT_EQ(retry->snapshot_id, ecs_->AllSnapshots()[0].snapshot_id);

  const auto& log = ecs_->CallLog();
  ASSERT_GE(log.size(), 2u);
  const CallRecord& a = log[log.size() - 2];
  const CallRecord& b = log[log.size() - 1];
  EXPECT_EQ(a.action, "CreateSnapshot");
  EXPECT_EQ(a.caller, "csi-plugin");
  EXPECT_EQ(a.outcome, "InternalError");
  EXPECT_TRUE(a.took_effect);
  EXPECT_TRUE(a.fault);
  EXPECT_EQ(a.request_id, first.error().request_id);
  EXPECT_EQ(a.params->at("ClientToken"), "n:snapshot-uid");
  EXPECT_EQ(b.outcome, "OK");
  EXPECT_FALSE(b.fault);
}

TEST_F(IdempotencyTest, LostReplyWithoutTokenRetryMakesASecondSnapshotAttempt) {
  std::string d = UsedDisk(20, "cloud_ssd");
  FaultRule lost;
  lost.api = "CreateSnapshot";
  lost.error = errors::InternalError();
  lost.after_effect = true;
  lost.times = 1;
  ecs_->AddFault(lost);
  EXPECT_FALSE(Snapshot(d).ok());
  // Without a token the retry is a new request — refused because the first is progressing.
  EXPECT_ECS_ERROR(Snapshot(d), "IncorrectDiskStatus.CreatingSnapshot",
                   "A previous snapshot creation is in process.", 403);
  EXPECT_EQ(ecs_->AllSnapshots().size(), 1u);
}

}  // namespace
}  // namespace snapsim::ecs::testing
