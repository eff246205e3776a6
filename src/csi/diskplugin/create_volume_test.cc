// CreateVolume: behaviour cases §5 1–7 and 26, 45 (throttling), plus parsing helpers.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "src/csi/diskplugin/diskplugin_test_util.h"
#include "src/csi/diskplugin/volume_options.h"

namespace snapsim::csi::disk::testing {
namespace {

using CreateVolumeTest = DiskPluginTest;

TEST_F(CreateVolumeTest, EssdHappyPath) {  // case 1
  auto r = Create(VolumeRequest(
      "pvc-1", 20, {{"type", "cloud_essd"}, {"csi.storage.k8s.io/pvc/name", "data-web-0"}}));
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  const Volume& v = r->volume;
  EXPECT_EQ(v.capacity_bytes, 20 * kGiB);
  EXPECT_EQ(v.volume_context.at("type"), "cloud_essd");
  EXPECT_EQ(v.volume_context.at(std::string(kDiskTypeLabel)), "cloud_essd.PL1");
  EXPECT_EQ(v.volume_context.count("csi.storage.k8s.io/pvc/name"), 0u);
  EXPECT_EQ(v.volume_context.count("performanceLevel"), 0u);
  ASSERT_EQ(v.accessible_topology.size(), 1u);
  EXPECT_EQ(v.accessible_topology[0].segments.at(std::string(kTopologyZoneKey)), "cn-hangzhou-g");
  const auto* call = LastCall("CreateDisk");
  ASSERT_NE(call, nullptr);
  EXPECT_EQ(call->params->at("ClientToken"), "n:pvc-1");
  EXPECT_EQ(call->params->at("ZoneId"), "cn-hangzhou-g");
  EXPECT_EQ(call->params->at("DiskCategory"), "cloud_essd");
  EXPECT_EQ(call->params->at("Size"), "20");
  EXPECT_EQ(call->params->count("PerformanceLevel"), 0u);
  EXPECT_EQ(call->params->at("DiskName"), "pvc-1");
  auto d = PeekDisk(v.volume_id);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->status, "Creating");  // the driver does not wait
  bool has_name_tag = false;
  for (const auto& t : d->tags)
    has_name_tag |= t.tag_key == kVolumeNameTag && t.tag_value == "pvc-1";
  EXPECT_TRUE(has_name_tag);
}

TEST_F(CreateVolumeTest, BelowTheCategoryMinimum) {  // case 2
  EXPECT_GRPC(Create(VolumeRequest("pvc-x", 10, {{"type", "cloud_ssd"}})),
              GrpcCode::kInvalidArgument,
              "all attempts failed: cloud_ssd: requested size 10GiB is less than minimum 20GiB");
  EXPECT_GRPC(
      Create(VolumeRequest("pvc-x", 100, {{"type", "cloud_essd"}, {"performanceLevel", "PL2"}})),
      GrpcCode::kInvalidArgument,
      "all attempts failed: cloud_essd.PL2: requested size 100GiB is less than minimum 461GiB");
  EXPECT_EQ(Calls("CreateDisk"), 0);
  auto r = Create(
      VolumeRequest("pvc-x", 10, {{"type", "cloud_ssd"}, {"volumeSizeAutoAvailable", "true"}}));
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->volume.capacity_bytes, 20 * kGiB);
  EXPECT_EQ(PeekDisk(r->volume.volume_id)->size, 20);
}

TEST_F(CreateVolumeTest, FallsBackToTheNextCategory) {  // case 3
  auto c = DefaultConfig();
  c.zone_categories["cn-hangzhou-g"] = {"cloud_ssd", "cloud_efficiency"};
  Reset(c);
  auto r = Create(VolumeRequest("pvc-1", 20, {{"type", "cloud_essd,cloud_ssd,cloud_efficiency"}}));
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->volume.volume_context.at("type"), "cloud_ssd");
  EXPECT_EQ(r->volume.volume_context.at(std::string(kDiskTypeLabel)), "cloud_ssd");
  EXPECT_EQ(Calls("CreateDisk"), 2);
}

TEST_F(CreateVolumeTest, AllAttemptsRejected) {  // case 4
  auto c = DefaultConfig();
  c.zone_categories["cn-hangzhou-g"] = {"cloud"};
  Reset(c);
  EXPECT_GRPC(
      Create(VolumeRequest("pvc-1", 20, {{"type", "cloud_essd,cloud_ssd,cloud_efficiency"}})),
      GrpcCode::kInvalidArgument,
      "all attempts failed: cloud_essd: not supported in zone: cn-hangzhou-g; cloud_ssd: not "
      "supported in zone: cn-hangzhou-g; cloud_efficiency: not supported in zone: cn-hangzhou-g");
}

TEST_F(CreateVolumeTest, BadParametersMakeNoEcsCall) {  // case 5
  EXPECT_GRPC(Create(VolumeRequest("pvc-x", 20, {{"type", "cloud_foo"}})),
              GrpcCode::kInvalidArgument,
              "Invalid parameters from input: pvc-x, with error: illegal required parameter type: "
              "cloud_foo");
  EXPECT_GRPC(
      Create(VolumeRequest("pvc-x", 20, {{"type", "cloud_essd"}, {"performanceLevel", "PL9"}})),
      GrpcCode::kInvalidArgument,
      "Invalid parameters from input: pvc-x, with error: illegal performance level type: PL9");
  auto no_cap = VolumeRequest("pvc-x", 20, {});
  no_cap.capacity_range.reset();
  EXPECT_GRPC(Create(no_cap), GrpcCode::kInvalidArgument,
              "Invalid parameters from input: pvc-x, with error: capacity range is required");
  auto clone = VolumeRequest("pvc-x", 20, {});
  clone.volume_content_source = VolumeContentSource{.volume_id = "d-1"};
  EXPECT_GRPC(
      Create(clone), GrpcCode::kInvalidArgument,
      "CreateVolume: unsupported volumeContentSource type: *csi.VolumeContentSource_Volume");
  EXPECT_EQ(Calls("CreateDisk"), 0);
}

TEST_F(CreateVolumeTest, IdempotentRetryReturnsTheSameDisk) {  // case 6
  auto a = Create(VolumeRequest("pvc-1", 20, {{"type", "cloud_essd"}}));
  auto b = Create(VolumeRequest("pvc-1", 20, {{"type", "cloud_essd"}}));
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->volume.volume_id, b->volume.volume_id);
  EXPECT_EQ(ecs_->AllDisks().size(), 4u);  // three system disks + one
}

TEST_F(CreateVolumeTest, ParameterMismatchIsAlreadyExists) {  // case 7
  ASSERT_TRUE(Create(VolumeRequest("pvc-x", 20, {{"type", "cloud_essd"}})).ok());
  EXPECT_GRPC(Create(VolumeRequest("pvc-x", 30, {{"type", "cloud_essd"}})),
              GrpcCode::kAlreadyExists,
              "volume pvc-x already created but parameter mismatch: 20GiB != requested 30GiB");
}

TEST_F(CreateVolumeTest, MissingSnapshotIsNotFound) {  // case 26
  auto r = VolumeRequest("pvc-1", 20, {{"type", "cloud_essd"}});
  r.volume_content_source = VolumeContentSource{.snapshot_id = "s-bp1doesnotexist0000"};
  EXPECT_GRPC(Create(r), GrpcCode::kNotFound, "snapshot s-bp1doesnotexist0000 not found");
}

TEST_F(CreateVolumeTest, ThrottlingIsRetriedWithBackOff) {  // case 45
  AddFault("CreateDisk", "Throttling", 5);
  auto r = Create(VolumeRequest("pvc-1", 20, {{"type", "cloud_essd"}}));
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(Calls("CreateDisk"), 6);
  EXPECT_GE(loop_->Now(), (1 + 2 + 4 + 8 + 10) * engine::kSecond);
}

TEST_F(CreateVolumeTest, SelectedNodeRestrictsCategories) {  // §1.2 steps 4-5
  ControllerOptions o;
  o.node_labels = [](std::string_view name) -> Result<std::map<std::string, std::string>> {
    if (name != "node-0") return Status::NotFound(fmt::format("nodes \"{}\" not found", name));
    return std::map<std::string, std::string>{
        {"node.csi.alibabacloud.com/disktype.cloud_ssd", "available"}};
  };
  Reset(DefaultConfig(), o);
  auto r = Create(VolumeRequest(
      "pvc-1", 20,
      {{"type", "cloud_essd,cloud_ssd"}, {"volume.kubernetes.io/selected-node", "node-0"}}));
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->volume.volume_context.at("type"), "cloud_ssd");
  EXPECT_EQ(Calls("CreateDisk"), 1);
  EXPECT_GRPC(
      Create(VolumeRequest(
          "pvc-2", 20, {{"type", "cloud_essd"}, {"volume.kubernetes.io/selected-node", "node-0"}})),
      GrpcCode::kInvalidArgument, "all attempts failed: cloud_essd: not supported by node node-0");
  EXPECT_GRPC(
      Create(VolumeRequest(
          "pvc-3", 20, {{"type", "cloud_essd"}, {"volume.kubernetes.io/selected-node", "node-9"}})),
      GrpcCode::kResourceExhausted,
      "CreateVolume:: get node info by name: node-9 failed with err: nodes \"node-9\" not found, "
      "start "
      "rescheduling");
}

TEST(VolumeOptionsTest, ClientTokenAndDiskName) {
  EXPECT_EQ(ClientToken("pvc-1"), "n:pvc-1");
  std::string long_name(63, 'a');
  std::string t = ClientToken(long_name);
  EXPECT_EQ(t.substr(0, 2), "h:");
  EXPECT_EQ(t.size(), 24u);
  EXPECT_EQ(ClientToken(long_name), t);
  EXPECT_TRUE(IsValidDiskName("pvc-1"));
  EXPECT_FALSE(IsValidDiskName("1pvc"));
  EXPECT_FALSE(IsValidDiskName("p"));
}

TEST(VolumeOptionsTest, ZoneChoice) {
  TopologyRequirement req;
  Topology h;
  h.segments[std::string(kStandardZoneKey)] = "cn-hangzhou-h";
  Topology g;
  g.segments[std::string(kTopologyZoneKey)] = "cn-hangzhou-g";
  req.preferred = {h};
  req.requisite = {g, h};
  EXPECT_EQ(ChooseZone(req, {}, "z"), "cn-hangzhou-h");
  EXPECT_EQ(ChooseZone(req, {"cn-hangzhou-g"}, "z"), "cn-hangzhou-g");
  EXPECT_EQ(ChooseZone(req, {"cn-hangzhou-k"}, "z"), "cn-hangzhou-k");
  EXPECT_EQ(ChooseZone(std::nullopt, {}, "z"), "z");
}

}  // namespace
}  // namespace snapsim::csi::disk::testing
