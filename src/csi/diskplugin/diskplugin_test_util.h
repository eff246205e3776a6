// Test fixture for the disk driver: a real EventLoop, Rng and fake ECS (jitter off) with
// three instances — i1 and i3 in cn-hangzhou-g, i2 in cn-hangzhou-h — a ControllerServer,
// a NodeServer per instance, and Run() which drives an asynchronous RPC to its answer.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>

#include "sim/engine/event_loop.h"
#include "sim/engine/rng.h"
#include "src/csi/diskplugin/controller_server.h"
#include "src/csi/diskplugin/node_server.h"
#include "src/fake_ecs/ecs.h"

namespace snapsim::csi::disk::testing {

inline constexpr std::int64_t kGiB = std::int64_t{1} << 30;

class DiskPluginTest : public ::testing::Test {
 protected:
  DiskPluginTest() { Reset(DefaultConfig()); }

  static ecs::EcsConfig DefaultConfig() {
    ecs::EcsConfig c;
    c.zones = {"cn-hangzhou-g", "cn-hangzhou-h"};
    c.jitter = 0;
    return c;
  }

  void Reset(ecs::EcsConfig config, ControllerOptions copts = {}, int i1_disk_limit = 0) {
    nodes_.clear();
    controller_.reset();
    ecs_.reset();
    loop_ = std::make_unique<engine::EventLoop>();
    rng_ = std::make_unique<engine::Rng>(7);
    ecs_ = std::make_unique<ecs::Ecs>(*loop_, *rng_, std::move(config));
    ASSERT_TRUE(ecs_->AddInstance(i1_, "cn-hangzhou-g", "node-0", i1_disk_limit).ok());
    ASSERT_TRUE(ecs_->AddInstance(i2_, "cn-hangzhou-h", "node-1").ok());
    ASSERT_TRUE(ecs_->AddInstance(i3_, "cn-hangzhou-g", "node-2").ok());
    controller_ = std::make_unique<ControllerServer>(*loop_, *ecs_, copts);
    nodes_[i1_] = std::make_unique<NodeServer>(
        *ecs_, NodeOptions{.instance_id = i1_, .zone = "cn-hangzhou-g"});
    nodes_[i2_] = std::make_unique<NodeServer>(
        *ecs_, NodeOptions{.instance_id = i2_, .zone = "cn-hangzhou-h"});
    nodes_[i3_] = std::make_unique<NodeServer>(
        *ecs_, NodeOptions{.instance_id = i3_, .zone = "cn-hangzhou-g"});
  }

  // Starts an RPC with a reply callback and runs the loop until the answer arrives.
  template <class Resp, class Start>
  CsiResult<Resp> Run(Start start) {
    std::optional<CsiResult<Resp>> out;
    start([&out](CsiResult<Resp> r) { out.emplace(std::move(r)); });
    while (!out && loop_->Step()) {
    }
    if (!out) return GrpcStatus{GrpcCode::kDeadlineExceeded, "the loop ran dry without an answer"};
    return std::move(*out);
  }

  CsiResult<CreateVolumeResponse> Create(const CreateVolumeRequest& r) {
    return Run<CreateVolumeResponse>([&](auto done) { controller_->CreateVolume(r, done); });
  }
  CsiResult<ControllerPublishVolumeResponse> Publish(const std::string& vol,
                                                     const std::string& node) {
    ControllerPublishVolumeRequest r{.volume_id = vol, .node_id = node};
    return Run<ControllerPublishVolumeResponse>(
        [&](auto done) { controller_->ControllerPublishVolume(r, done); });
  }
  CsiResult<Empty> Unpublish(const std::string& vol, const std::string& node) {
    ControllerUnpublishVolumeRequest r{.volume_id = vol, .node_id = node};
    return Run<Empty>([&](auto done) { controller_->ControllerUnpublishVolume(r, done); });
  }
  CsiResult<Empty> Delete(const std::string& vol) {
    DeleteVolumeRequest r{.volume_id = vol};
    return Run<Empty>([&](auto done) { controller_->DeleteVolume(r, done); });
  }

  static CreateVolumeRequest VolumeRequest(std::string name, std::int64_t gib,
                                           std::map<std::string, std::string> params,
                                           std::string zone = "cn-hangzhou-g") {
    CreateVolumeRequest r;
    r.name = std::move(name);
    r.capacity_range = CapacityRange{.required_bytes = gib * kGiB};
    r.volume_capabilities = {VolumeCapability{}};
    r.parameters = std::move(params);
    Topology t;
    t.segments[std::string(kTopologyZoneKey)] = std::move(zone);
    r.accessibility_requirements = TopologyRequirement{.requisite = {t}, .preferred = {t}};
    return r;
  }

  // A fresh volume created by the driver and Available.
  std::string NewVolume(std::string name, std::int64_t gib = 20,
                        std::string zone = "cn-hangzhou-g") {
    auto r = Create(VolumeRequest(std::move(name), gib, {{"type", "cloud_essd"}}, std::move(zone)));
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().ToString());
    Settle();
    return r.ok() ? r->volume.volume_id : "";
  }

  std::optional<ecs::DiskInfo> PeekDisk(const std::string& id) {
    for (auto& d : ecs_->AllDisks()) {
      if (d.disk_id == id) return d;
    }
    return std::nullopt;
  }
  int Calls(std::string_view action) {
    int n = 0;
    for (const auto& c : ecs_->CallLog()) n += c.action == action;
    return n;
  }
  const ecs::CallRecord* LastCall(std::string_view action) {
    const ecs::CallRecord* last = nullptr;
    for (const auto& c : ecs_->CallLog()) {
      if (c.action == action) last = &c;
    }
    return last;
  }
  void AddFault(std::string api, std::string code, int times) {
    ecs::FaultRule rule;
    rule.api = std::move(api);
    auto e = ecs::ErrorForCode(code);
    ASSERT_TRUE(e.ok()) << code;
    rule.error = *e;
    rule.times = times;
    ecs_->AddFault(rule);
  }

  void Settle() { loop_->Settle(engine::kDay); }

  std::unique_ptr<engine::EventLoop> loop_;
  std::unique_ptr<engine::Rng> rng_;
  std::unique_ptr<ecs::Ecs> ecs_;
  std::unique_ptr<ControllerServer> controller_;
  std::map<std::string, std::unique_ptr<NodeServer>> nodes_;
  std::string i1_ = "i-bp1instance00000001";
  std::string i2_ = "i-bp1instance00000002";
  std::string i3_ = "i-bp1instance00000003";
};

#define EXPECT_GRPC(result, want_code, want_message)                   \
  do {                                                                 \
    auto&& _r = (result);                                              \
    ASSERT_FALSE(_r.ok()) << "expected " << GrpcCodeName(want_code);   \
    EXPECT_EQ(GrpcCodeName(_r.error().code), GrpcCodeName(want_code)); \
    EXPECT_EQ(_r.error().message, (want_message));                     \
  } while (0)

}  // namespace snapsim::csi::disk::testing
