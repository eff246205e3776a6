// End to end: the real snapshot-controller and csi-snapshotter on one API server,
// the disk driver's ControllerServer and the fake ECS. A VolumeSnapshot of a bound
// PVC (PV and PVC written directly, on a real ECS disk) becomes ready; deleting it
// deletes the ECS snapshot and both objects. Virtual time only.
#include <gtest/gtest.h>

#include <optional>

#include "sim/engine/event_loop.h"
#include "sim/engine/rng.h"
#include "src/api/kinds_core.h"
#include "src/api/kinds_snapshot.h"
#include "src/csi/diskplugin/controller_server.h"
#include "src/csi/snapshot_controller/snapshot_controller.h"
#include "src/csi/snapshotter_sidecar/snapshotter_sidecar.h"
#include "src/csi/util/snapshot_names.h"
#include "src/fake_apiserver/apiserver.h"
#include "src/fake_ecs/ecs.h"

namespace snapsim::csi {
namespace {

constexpr std::string_view kInstance = "i-bp1instance00000001";

class SidecarEndToEndTest : public ::testing::Test {
 protected:
  SidecarEndToEndTest() : server_(loop_, rng_, apiserver::ApiServerConfig{.check_typed_patches = true}), ecs_(loop_, rng_, EcsConfig()) {
    EXPECT_TRUE(ecs_.AddInstance(kInstance, "cn-hangzhou-g", "node-0").ok());
    driver_ = std::make_unique<disk::ControllerServer>(loop_, ecs_);
  }
  ~SidecarEndToEndTest() override {
    sidecar_.reset();
    controller_.reset();
  }

  static ecs::EcsConfig EcsConfig() {
    ecs::EcsConfig c;
    c.zones = {"cn-hangzhou-g"};
    c.jitter = 0;
    return c;
  }

  template <class Resp, class Start>
  disk::CsiResult<Resp> Run(Start start) {
    std::optional<disk::CsiResult<Resp>> out;
    start([&out](disk::CsiResult<Resp> r) { out.emplace(std::move(r)); });
    while (!out && loop_.Step()) {
    }
    if (!out) return disk::GrpcStatus{disk::GrpcCode::kDeadlineExceeded, "no answer"};
    return std::move(*out);
  }

  // An ESSD disk created by the driver and attached to the instance (snapshottable).
  std::string UsedDisk() {
    disk::CreateVolumeRequest r;
    r.name = "pvc-e2e";
    r.capacity_range = disk::CapacityRange{.required_bytes = 20LL << 30};
    r.volume_capabilities = {disk::VolumeCapability{}};
    r.parameters = {{"type", "cloud_essd"}};
    disk::Topology t;
    t.segments[std::string(disk::kTopologyZoneKey)] = "cn-hangzhou-g";
    r.accessibility_requirements = disk::TopologyRequirement{.requisite = {t}, .preferred = {t}};
    auto v = Run<disk::CreateVolumeResponse>([&](auto done) { driver_->CreateVolume(r, done); });
    EXPECT_TRUE(v.ok());
    if (!v.ok()) return "";
    loop_.Settle(engine::kMinute);
    disk::ControllerPublishVolumeRequest p{.volume_id = v->volume.volume_id, .node_id = std::string(kInstance)};
    auto pub = Run<disk::ControllerPublishVolumeResponse>([&](auto done) { driver_->ControllerPublishVolume(p, done); });
    EXPECT_TRUE(pub.ok());
    loop_.Settle(engine::kMinute);
    return v->volume.volume_id;
  }

  void Create(api::MutableObjectPtr o) {
    auto r = server_.Create(o, {.client = "test-setup"});
    ASSERT_TRUE(r.ok()) << r.error().message();
  }

  void SeedClaim(const std::string& disk_id) {
    auto cls = std::make_shared<api::VolumeSnapshotClass>();
    cls->metadata.name = "alibabacloud-disk-snapshot";
    cls->driver = std::string(disk::kDriverName);
    cls->deletion_policy = "Delete";
    Create(cls);
    auto pv = std::make_shared<api::PersistentVolume>();
    pv->metadata.name = "pv-1";
    pv->spec.capacity["storage"] = *api::Quantity::Parse("20Gi");
    pv->spec.access_modes = {"ReadWriteOnce"};
    pv->spec.persistent_volume_reclaim_policy = "Delete";
    pv->spec.csi = api::CSIPersistentVolumeSource{};
    pv->spec.csi->driver = std::string(disk::kDriverName);
    pv->spec.csi->volume_handle = disk_id;
    api::ObjectReference ref;
    ref.api_version = "v1";
    ref.kind = "PersistentVolumeClaim";
    ref.namespace_ = "default";
    ref.name = "claim-1";
    pv->spec.claim_ref = ref;
    Create(pv);
    auto pvc = std::make_shared<api::PersistentVolumeClaim>();
    pvc->metadata.name = "claim-1";
    pvc->metadata.namespace_ = "default";
    pvc->spec.access_modes = {"ReadWriteOnce"};
    pvc->spec.resources.requests["storage"] = *api::Quantity::Parse("20Gi");
    pvc->spec.volume_name = "pv-1";
    Create(pvc);
    auto stored = server_.Peek(api::PersistentVolumeClaim::Info(), "default", "claim-1");
    auto copy = api::CloneAs<api::PersistentVolumeClaim>(api::As<api::PersistentVolumeClaim>(stored));
    copy->status.phase = "Bound";
    ASSERT_TRUE(server_.UpdateStatus(copy, {.client = "test-setup"}).ok());
  }

  std::shared_ptr<const api::VolumeSnapshot> Vs() {
    return api::As<api::VolumeSnapshot>(server_.Peek(api::VolumeSnapshot::Info(), "default", "vs1"));
  }

  engine::EventLoop loop_;
  engine::Rng rng_{3};
  apiserver::ApiServer server_;
  ecs::Ecs ecs_;
  std::unique_ptr<disk::ControllerServer> driver_;
  std::unique_ptr<SnapshotController> controller_;
  std::unique_ptr<SnapshotterSidecar> sidecar_;
};

TEST_F(SidecarEndToEndTest, SnapshotOfABoundClaimBecomesReadyAndDeletionRemovesTheEcsSnapshot) {
  std::string disk_id = UsedDisk();
  ASSERT_FALSE(disk_id.empty());
  SeedClaim(disk_id);
  controller_ = std::make_unique<SnapshotController>(server_);
  sidecar_ = std::make_unique<SnapshotterSidecar>(server_, *driver_);
  controller_->Start();
  sidecar_->Start();
  EXPECT_EQ(sidecar_->driver_name(), disk::kDriverName);

  auto vs = std::make_shared<api::VolumeSnapshot>();
  vs->metadata.name = "vs1";
  vs->metadata.namespace_ = "default";
  vs->spec.source.persistent_volume_claim_name = "claim-1";
  vs->spec.volume_snapshot_class_name = "alibabacloud-disk-snapshot";
  Create(vs);
  engine::SettleResult settled = loop_.Settle(engine::kHour);
  ASSERT_TRUE(settled.at_rest);

  auto got = Vs();
  ASSERT_NE(got, nullptr);
  ASSERT_TRUE(got->status.has_value());
  EXPECT_TRUE(got->status->ready_to_use.value_or(false));
  std::string content_name = "snapcontent-" + got->metadata.uid;
  EXPECT_EQ(got->status->bound_volume_snapshot_content_name.value_or(""), content_name);
  auto vsc = api::As<api::VolumeSnapshotContent>(server_.Peek(api::VolumeSnapshotContent::Info(), "", content_name));
  ASSERT_NE(vsc, nullptr);
  ASSERT_TRUE(vsc->status && vsc->status->snapshot_handle);
  EXPECT_EQ(vsc->status->restore_size.value_or(0), 20LL << 30);
  EXPECT_EQ(vsc->metadata.Annotation(kBeingCreatedAnnotation), nullptr);
  EXPECT_TRUE(vsc->metadata.HasFinalizer(kVolumeSnapshotContentFinalizer));
  std::string handle = *vsc->status->snapshot_handle;
  auto snaps = ecs_.AllSnapshots();
  ASSERT_EQ(snaps.size(), 1u);
  EXPECT_EQ(snaps[0].snapshot_id, handle);
  EXPECT_EQ(snaps[0].snapshot_name, "snapshot-" + got->metadata.uid);
  EXPECT_TRUE(snaps[0].available);
  // The VS is ready with the restore size of the 20 GiB disk.
  ASSERT_TRUE(got->status->restore_size.has_value());

  ASSERT_TRUE(server_.Delete(api::VolumeSnapshot::Info(), "default", "vs1", {}, {.client = "kubectl"}).ok());
  settled = loop_.Settle(engine::kHour);
  ASSERT_TRUE(settled.at_rest);
  EXPECT_EQ(Vs(), nullptr);
  EXPECT_EQ(server_.Peek(api::VolumeSnapshotContent::Info(), "", content_name), nullptr);
  EXPECT_TRUE(ecs_.AllSnapshots().empty());
  // The source claim lost its pvc-as-source finalizer once the snapshot was ready.
  auto pvc = server_.Peek(api::PersistentVolumeClaim::Info(), "default", "claim-1");
  ASSERT_NE(pvc, nullptr);
  EXPECT_FALSE(pvc->metadata.HasFinalizer(kPvcAsSourceFinalizer));
}

TEST_F(SidecarEndToEndTest, CrashWhileCreatingStillEndsReadyWithOneEcsSnapshot) {
  std::string disk_id = UsedDisk();
  SeedClaim(disk_id);
  controller_ = std::make_unique<SnapshotController>(server_);
  sidecar_ = std::make_unique<SnapshotterSidecar>(server_, *driver_);
  controller_->Start();
  sidecar_->Start();
  auto vs = std::make_shared<api::VolumeSnapshot>();
  vs->metadata.name = "vs1";
  vs->metadata.namespace_ = "default";
  vs->spec.source.persistent_volume_claim_name = "claim-1";
  vs->spec.volume_snapshot_class_name = "alibabacloud-disk-snapshot";
  Create(vs);
  // Run until csi-snapshotter has a CreateSnapshot in flight, then crash it.
  for (int guard = 0; guard < 100000 && sidecar_->InFlight() == 0; ++guard) {
    if (!loop_.Step()) break;
  }
  ASSERT_EQ(sidecar_->InFlight(), 1u);
  sidecar_->Crash();
  ASSERT_TRUE(loop_.Settle(engine::kHour).at_rest);
  EXPECT_TRUE(Vs()->status->ready_to_use.value_or(false));
  EXPECT_EQ(ecs_.AllSnapshots().size(), 1u);  // ClientToken idempotency: the retry found the same snapshot
}

}  // namespace
}  // namespace snapsim::csi
