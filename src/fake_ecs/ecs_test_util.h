// Test fixture for the fake ECS: a loop, a seeded generator, two instances in two zones
// of cn-hangzhou, and helpers that drive the API synchronously. Jitter is off unless a
// test turns it on, so durations are exact.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "sim/engine/event_loop.h"
#include "sim/engine/rng.h"
#include "src/fake_ecs/ecs.h"

namespace snapsim::ecs::testing {

inline constexpr engine::Nanos kS = engine::kSecond;

class EcsTest : public ::testing::Test {
 protected:
  EcsTest() { Reset(DefaultConfig()); }

  static EcsConfig DefaultConfig() {
    EcsConfig c;
    c.zones = {"cn-hangzhou-g", "cn-hangzhou-h"};
    c.jitter = 0;
    return c;
  }

  void Reset(EcsConfig config) {
    ecs_.reset();
    loop_ = std::make_unique<engine::EventLoop>();
    rng_ = std::make_unique<engine::Rng>(7);
    ecs_ = std::make_unique<Ecs>(*loop_, *rng_, std::move(config));
    i1_ = "i-bp1instance00000001";
    i2_ = "i-bp1instance00000002";
    ASSERT_TRUE(ecs_->AddInstance(i1_, "cn-hangzhou-g", "node-0").ok());
    ASSERT_TRUE(ecs_->AddInstance(i2_, "cn-hangzhou-h", "node-1").ok());
  }

  engine::Nanos Now() const { return loop_->Now(); }
  void Settle() { loop_->Settle(30 * engine::kDay); }
  void Advance(engine::Nanos d) { loop_->RunUntil(loop_->Now() + d); }

  // Creates a disk and waits until it is Available.
  std::string NewDisk(std::int64_t size = 20, std::string category = "cloud_essd",
                      std::string zone = "cn-hangzhou-g") {
    CreateDiskRequest r;
    r.zone_id = zone;
    r.disk_category = category;
    r.size = size;
    auto resp = ecs_->CreateDiskSync(r);
    EXPECT_TRUE(resp.ok()) << resp.error().ToString();
    if (!resp.ok()) return "";
    Settle();
    return resp->disk_id;
  }

  void Attach(const std::string& disk, const std::string& instance) {
    auto resp = ecs_->AttachDiskSync({.instance_id = instance, .disk_id = disk});
    ASSERT_TRUE(resp.ok()) << resp.error().ToString();
    Settle();
  }

  void Detach(const std::string& disk, const std::string& instance) {
    auto resp = ecs_->DetachDiskSync({.instance_id = instance, .disk_id = disk});
    ASSERT_TRUE(resp.ok()) << resp.error().ToString();
    Settle();
  }

  // A disk attached to i1 (zone g), ready to be snapshotted.
  std::string UsedDisk(std::int64_t size = 20, std::string category = "cloud_essd") {
    std::string d = NewDisk(size, category);
    Attach(d, i1_);
    return d;
  }

  DiskInfo Disk(const std::string& id) {
    DescribeDisksRequest r;
    r.disk_ids = std::vector<std::string>{id};
    auto resp = ecs_->DescribeDisksSync(r);
    EXPECT_TRUE(resp.ok());
    EXPECT_EQ(resp->disks.size(), 1u) << id;
    return resp->disks.empty() ? DiskInfo{} : resp->disks[0];
  }

  // Looks a snapshot up without an API call (no time passes).
  std::optional<SnapshotInfo> Snap(const std::string& id) {
    for (auto& s : ecs_->AllSnapshots()) {
      if (s.snapshot_id == id) return s;
    }
    return std::nullopt;
  }
  std::optional<DiskInfo> PeekDisk(const std::string& id) {
    for (auto& d : ecs_->AllDisks()) {
      if (d.disk_id == id) return d;
    }
    return std::nullopt;
  }

  Result<CreateSnapshotResponse, EcsError> Snapshot(const std::string& disk,
                                                    CreateSnapshotRequest r = {}) {
    r.disk_id = disk;
    return ecs_->CreateSnapshotSync(r);
  }

  std::unique_ptr<engine::EventLoop> loop_;
  std::unique_ptr<engine::Rng> rng_;
  std::unique_ptr<Ecs> ecs_;
  std::string i1_;
  std::string i2_;
};

// Asserts that `result` failed with exactly this code, message and HTTP status.
#define EXPECT_ECS_ERROR(result, want_code, want_message, want_status) \
  do {                                                                 \
    auto&& _r = (result);                                              \
    ASSERT_FALSE(_r.ok()) << "expected " << (want_code);               \
    EXPECT_EQ(_r.error().code, (want_code));                           \
    EXPECT_EQ(_r.error().message, (want_message));                     \
    EXPECT_EQ(_r.error().http_status, (want_status));                  \
    EXPECT_EQ(_r.error().request_id.size(), 36u);                      \
  } while (0)

}  // namespace snapsim::ecs::testing
