#include "src/csi/attacher/external_attacher.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "sim/engine/event_loop.h"
#include "sim/engine/rng.h"
#include "src/api/kinds.h"
#include "src/csi/attacher/attacher_util.h"
#include "src/csi/diskplugin/controller_server.h"
#include "src/fake_apiserver/apiserver.h"
#include "src/fake_ecs/ecs.h"

namespace snapsim::csi::attacher {
namespace {

constexpr std::string_view kFinalizer = "external-attacher/diskplugin-csi-alibabacloud-com";

// A real fake ECS (i1, i3 in cn-hangzhou-g; i2 in cn-hangzhou-h), the disk driver's
// controller service and an API server with one CSINode per instance.
class ExternalAttacherTest : public ::testing::Test {
 protected:
  ExternalAttacherTest() : rng_(3), ecs_rng_(7), server_(loop_, rng_, {.kube_minor = 30}) {
    ecs::EcsConfig c;
    c.zones = {"cn-hangzhou-g", "cn-hangzhou-h"};
    c.jitter = 0;
    ecs_ = std::make_unique<ecs::Ecs>(loop_, ecs_rng_, c);
    EXPECT_TRUE(ecs_->AddInstance(i1_, "cn-hangzhou-g", "node-0").ok());
    EXPECT_TRUE(ecs_->AddInstance(i2_, "cn-hangzhou-h", "node-1").ok());
    EXPECT_TRUE(ecs_->AddInstance(i3_, "cn-hangzhou-g", "node-2").ok());
    driver_ = std::make_unique<disk::ControllerServer>(loop_, *ecs_);
    AddCsiNode("node-0", i1_);
    AddCsiNode("node-1", i2_);
    attacher_ = std::make_unique<ExternalAttacher>(server_, *driver_);
  }

  void AddCsiNode(const std::string& node, const std::string& instance) {
    auto n = std::make_shared<api::CSINode>();
    n->metadata.name = node;
    api::CSINodeDriver d;
    d.name = std::string(disk::kDriverName);
    d.node_id = instance;
    n->spec.drivers.push_back(d);
    ASSERT_TRUE(server_.Create(n).ok());
  }

  std::string NewDisk(const std::string& zone) {
    ecs::CreateDiskRequest r;
    r.zone_id = zone;
    r.disk_category = "cloud_essd";
    r.size = 20;
    auto d = ecs_->CreateDiskSync(r);
    EXPECT_TRUE(d.ok());
    loop_.Settle(engine::kMinute);
    return d.ok() ? d->disk_id : "";
  }

  void AddPv(const std::string& name, const std::string& handle) {
    auto pv = std::make_shared<api::PersistentVolume>();
    pv->metadata.name = name;
    pv->spec.capacity["storage"] = *api::Quantity::Parse("20Gi");
    pv->spec.access_modes = {"ReadWriteOnce"};
    pv->spec.persistent_volume_reclaim_policy = "Delete";
    api::CSIPersistentVolumeSource csi;
    csi.driver = std::string(disk::kDriverName);
    csi.volume_handle = handle;
    csi.fs_type = "ext4";
    pv->spec.csi = csi;
    auto r = server_.Create(pv);
    ASSERT_TRUE(r.ok()) << r.error().message();
  }

  void AddVa(const std::string& name, const std::string& pv, const std::string& node) {
    auto va = std::make_shared<api::VolumeAttachment>();
    va->metadata.name = name;
    va->spec.attacher = std::string(disk::kDriverName);
    va->spec.node_name = node;
    va->spec.source.persistent_volume_name = pv;
    auto r = server_.Create(va, {.client = "kube-controller-manager"});
    ASSERT_TRUE(r.ok()) << r.error().message();
  }

  std::shared_ptr<const api::VolumeAttachment> Va(const std::string& name) {
    return api::As<api::VolumeAttachment>(server_.Peek(api::VolumeAttachment::Info(), "", name));
  }
  std::shared_ptr<const api::PersistentVolume> Pv(const std::string& name) {
    return api::As<api::PersistentVolume>(server_.Peek(api::PersistentVolume::Info(), "", name));
  }
  std::optional<ecs::DiskInfo> Disk(const std::string& id) {
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
  void Settle(engine::Nanos limit = engine::kHour) { loop_.Settle(limit); }

  engine::EventLoop loop_;
  engine::Rng rng_;
  engine::Rng ecs_rng_;
  apiserver::ApiServer server_;
  std::unique_ptr<ecs::Ecs> ecs_;
  std::unique_ptr<disk::ControllerServer> driver_;
  std::unique_ptr<ExternalAttacher> attacher_;
  std::string i1_ = "i-bp1instance00000001";
  std::string i2_ = "i-bp1instance00000002";
  std::string i3_ = "i-bp1instance00000003";
};

TEST(AttacherUtilTest, FinalizerAndAccessModes) {
  EXPECT_EQ(FinalizerName("diskplugin.csi.alibabacloud.com"), kFinalizer);
  EXPECT_EQ(SanitizeDriverName("a.b_"), "a-b-X");
  using Mode = disk::VolumeCapability::AccessMode;
  EXPECT_EQ(*ToCsiAccessMode({"ReadWriteOnce"}, false), Mode::kSingleNodeWriter);
  EXPECT_EQ(*ToCsiAccessMode({"ReadOnlyMany"}, false), Mode::kMultiNodeReaderOnly);
  EXPECT_EQ(*ToCsiAccessMode({"ReadWriteMany", "ReadWriteOnce"}, false), Mode::kMultiNodeMultiWriter);
  EXPECT_EQ(ToCsiAccessMode({"ReadOnlyMany", "ReadWriteOnce"}, false).status().message(),
            "CSI does not support ReadOnlyMany and ReadWriteOnce on the same PersistentVolume");
  api::PersistentVolumeSpec spec;
  spec.access_modes = {"ReadWriteOnce"};
  spec.csi.emplace();
  spec.mount_options = {"noatime"};
  auto cap = VolumeCapabilityFor(spec, false);
  ASSERT_TRUE(cap.ok());
  EXPECT_EQ(cap->fs_type, "ext4");
  EXPECT_EQ(cap->mount_flags, std::vector<std::string>{"noatime"});
  spec.volume_mode = "Block";
  EXPECT_TRUE(VolumeCapabilityFor(spec, false)->block);
}

TEST_F(ExternalAttacherTest, PublishesAndReportsAttached) {
  std::string disk = NewDisk("cn-hangzhou-g");
  AddPv("pv-a", disk);
  AddVa("csi-a", "pv-a", "node-0");
  attacher_->Start();
  Settle();
  auto va = Va("csi-a");
  ASSERT_NE(va, nullptr);
  EXPECT_TRUE(va->status.attached);
  EXPECT_FALSE(va->status.attach_error.has_value());
  ASSERT_EQ(va->status.attachment_metadata.count("serialNumber"), 1u);
  EXPECT_EQ(va->status.attachment_metadata.at("serialNumber"), Disk(disk)->serial_number);
  EXPECT_TRUE(va->metadata.HasFinalizer(kFinalizer));
  EXPECT_EQ(*va->metadata.Annotation(kNodeIdAnnotation), i1_);
  EXPECT_TRUE(Pv("pv-a")->metadata.HasFinalizer(kFinalizer));
  EXPECT_EQ(Disk(disk)->status, "In_use");
  EXPECT_EQ(Disk(disk)->instance_id, i1_);
  EXPECT_EQ(attacher_->rpcs(), 1);
  // At rest: a resync does not publish again.
  loop_.RunUntil(loop_.Now() + 11 * engine::kMinute);
  EXPECT_EQ(attacher_->rpcs(), 1);
}

TEST_F(ExternalAttacherTest, IgnoresOtherAttachers) {
  std::string disk = NewDisk("cn-hangzhou-g");
  AddPv("pv-a", disk);
  auto va = std::make_shared<api::VolumeAttachment>();
  va->metadata.name = "other";
  va->spec.attacher = "ebs.csi.aws.com";
  va->spec.node_name = "node-0";
  va->spec.source.persistent_volume_name = "pv-a";
  ASSERT_TRUE(server_.Create(va).ok());
  attacher_->Start();
  Settle();
  EXPECT_FALSE(Va("other")->status.attached);
  EXPECT_TRUE(Va("other")->metadata.finalizers.empty());
  EXPECT_EQ(attacher_->rpcs(), 0);
}

TEST_F(ExternalAttacherTest, MissingCsiNodeIsReportedThenRetried) {
  std::string disk = NewDisk("cn-hangzhou-g");
  AddPv("pv-a", disk);
  AddVa("csi-a", "pv-a", "node-2");
  attacher_->Start();
  loop_.RunUntil(loop_.Now() + 500 * engine::kMillisecond);
  auto va = Va("csi-a");
  ASSERT_TRUE(va->status.attach_error.has_value());
  EXPECT_EQ(va->status.attach_error->message, "csinode.storage.k8s.io \"node-2\" not found");
  EXPECT_TRUE(va->status.attach_error->time.has_value());
  EXPECT_FALSE(va->metadata.HasFinalizer(kFinalizer));  // checked before the VA finalizer
  EXPECT_TRUE(Pv("pv-a")->metadata.HasFinalizer(kFinalizer));

  // A CSINode without the driver.
  auto n = std::make_shared<api::CSINode>();
  n->metadata.name = "node-2";
  ASSERT_TRUE(server_.Create(n).ok());
  loop_.RunUntil(loop_.Now() + 1500 * engine::kMillisecond);  // the 1s retry
  EXPECT_EQ(Va("csi-a")->status.attach_error->message,
            "CSINode node-2 does not contain driver diskplugin.csi.alibabacloud.com");
  EXPECT_EQ(attacher_->rpcs(), 0);

  // The driver registers: the next retry (2s backoff) publishes.
  auto fixed = api::CloneAs<api::CSINode>(server_.Peek(api::CSINode::Info(), "", "node-2"));
  api::CSINodeDriver d;
  d.name = std::string(disk::kDriverName);
  d.node_id = i3_;
  fixed->spec.drivers.push_back(d);
  ASSERT_TRUE(server_.Update(fixed).ok());
  Settle();
  va = Va("csi-a");
  EXPECT_TRUE(va->status.attached);
  EXPECT_FALSE(va->status.attach_error.has_value());  // cleared with the success
  EXPECT_EQ(Disk(disk)->instance_id, i3_);
}

TEST_F(ExternalAttacherTest, EcsErrorThenRetrySucceeds) {
  std::string disk = NewDisk("cn-hangzhou-g");
  AddPv("pv-a", disk);
  AddVa("csi-a", "pv-a", "node-0");
  ecs::FaultRule rule;
  rule.api = "AttachDisk";
  rule.error = *ecs::ErrorForCode("InternalError");
  rule.times = 1;
  ecs_->AddFault(rule);
  attacher_->Start();
  // Run until the failure is recorded.
  for (int i = 0; i < 100 && !Va("csi-a")->status.attach_error; ++i) loop_.Step();
  auto va = Va("csi-a");
  ASSERT_TRUE(va->status.attach_error.has_value());
  EXPECT_EQ(va->status.attach_error->message.rfind("rpc error: code = ", 0), 0u) << va->status.attach_error->message;
  EXPECT_FALSE(va->status.attached);
  EXPECT_TRUE(va->metadata.HasFinalizer(kFinalizer));
  Settle();
  va = Va("csi-a");
  EXPECT_TRUE(va->status.attached);
  EXPECT_FALSE(va->status.attach_error.has_value());
  EXPECT_EQ(attacher_->rpcs(), 2);
}

TEST_F(ExternalAttacherTest, ZoneMismatchIsTheDriversError) {
  std::string disk = NewDisk("cn-hangzhou-g");
  AddPv("pv-a", disk);
  AddVa("csi-a", "pv-a", "node-1");  // i2 is in cn-hangzhou-h
  attacher_->Start();
  loop_.Settle(30 * engine::kSecond);
  auto va = Va("csi-a");
  ASSERT_TRUE(va->status.attach_error.has_value());
  EXPECT_FALSE(va->status.attached);
  const std::string& msg = va->status.attach_error->message;
  EXPECT_EQ(msg.rfind("rpc error: code = ", 0), 0u) << msg;
  EXPECT_NE(msg.find("ResourcesNotInSameZone"), std::string::npos) << msg;
  EXPECT_EQ(Disk(disk)->status, "Available");
  // Retries back off exponentially: 1s, 2s, 4s, 8s, ... — a handful of RPCs in 30s.
  EXPECT_GE(attacher_->rpcs(), 4);
  EXPECT_LE(attacher_->rpcs(), 6);
}

TEST_F(ExternalAttacherTest, DetachOnDeletionRemovesFinalizers) {
  std::string disk = NewDisk("cn-hangzhou-g");
  AddPv("pv-a", disk);
  AddVa("csi-a", "pv-a", "node-0");
  attacher_->Start();
  Settle();
  ASSERT_TRUE(Va("csi-a")->status.attached);

  ASSERT_TRUE(server_.Delete(api::VolumeAttachment::Info(), "", "csi-a").ok());
  ASSERT_TRUE(server_.Delete(api::PersistentVolume::Info(), "", "pv-a").ok());
  // The PV waits while the VA still names it.
  loop_.RunUntil(loop_.Now() + 100 * engine::kMillisecond);
  ASSERT_NE(Pv("pv-a"), nullptr);
  EXPECT_TRUE(Pv("pv-a")->metadata.being_deleted());
  Settle();
  EXPECT_EQ(Va("csi-a"), nullptr);
  // Our finalizer is gone; kubernetes.io/pv-protection (no controller here) remains.
  ASSERT_NE(Pv("pv-a"), nullptr);
  EXPECT_EQ(Pv("pv-a")->metadata.finalizers, std::vector<std::string>{"kubernetes.io/pv-protection"});
  EXPECT_EQ(Disk(disk)->status, "Available");
  EXPECT_EQ(Calls("DetachDisk"), 1);
}

TEST_F(ExternalAttacherTest, DetachUsesTheAnnotationWhenTheCsiNodeIsGone) {
  std::string disk = NewDisk("cn-hangzhou-g");
  AddPv("pv-a", disk);
  AddVa("csi-a", "pv-a", "node-0");
  attacher_->Start();
  Settle();
  ASSERT_TRUE(server_.Delete(api::CSINode::Info(), "", "node-0").ok());
  ASSERT_TRUE(server_.Delete(api::VolumeAttachment::Info(), "", "csi-a").ok());
  Settle();
  EXPECT_EQ(Va("csi-a"), nullptr);
  EXPECT_EQ(Disk(disk)->status, "Available");
  EXPECT_TRUE(Pv("pv-a")->metadata.HasFinalizer(kFinalizer));  // the PV is not being deleted
}

TEST_F(ExternalAttacherTest, CrashMidPublishConverges) {
  std::string disk = NewDisk("cn-hangzhou-g");
  AddPv("pv-a", disk);
  AddVa("csi-a", "pv-a", "node-0");
  attacher_->Start();
  loop_.RunUntil(loop_.Now() + 300 * engine::kMillisecond);  // AttachDisk issued, reply pending
  ASSERT_EQ(attacher_->rpcs(), 1);
  ASSERT_FALSE(Va("csi-a")->status.attached);
  attacher_->Crash();
  Settle();
  auto va = Va("csi-a");
  EXPECT_TRUE(va->status.attached);
  EXPECT_FALSE(va->status.attach_error.has_value());
  EXPECT_EQ(Disk(disk)->instance_id, i1_);
  EXPECT_EQ(Calls("AttachDisk"), 1);  // the restarted attacher found the disk attaching / attached
  EXPECT_GE(attacher_->rpcs(), 2);
}

TEST_F(ExternalAttacherTest, StopDropsInFlightWork) {
  std::string disk = NewDisk("cn-hangzhou-g");
  AddPv("pv-a", disk);
  AddVa("csi-a", "pv-a", "node-0");
  attacher_->Start();
  loop_.RunUntil(loop_.Now() + 300 * engine::kMillisecond);
  attacher_->Stop();
  Settle();
  EXPECT_FALSE(Va("csi-a")->status.attached);  // the late reply was ignored
  EXPECT_EQ(Disk(disk)->instance_id, i1_);      // though ECS did attach
}

}  // namespace
}  // namespace snapsim::csi::attacher
