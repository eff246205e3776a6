// End to end: the attach/detach controller, the external attacher and the disk
// driver on a fake ECS, with the kubelet's volumesInUse played by the test.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "src/csi/attacher/attacher_util.h"
#include "src/csi/attacher/external_attacher.h"
#include "src/csi/kube/attach_detach_controller.h"
#include "src/csi/kube/kube_test_fixture.h"
#include "src/fake_ecs/ecs.h"

namespace snapsim::csi::attacher {
namespace {

class AttachFlowTest : public kube::testing::KubeTestBase {
 protected:
  AttachFlowTest() : ecs_rng_(7) {
    ecs::EcsConfig c;
    c.zones = {"cn-hangzhou-g"};
    c.jitter = 0;
    ecs_ = std::make_unique<ecs::Ecs>(loop_, ecs_rng_, c);
    EXPECT_TRUE(ecs_->AddInstance("i-node-0", "cn-hangzhou-g", "node-0").ok());
    driver_ = std::make_unique<disk::ControllerServer>(loop_, *ecs_);
    AddNode("node-0", "cn-hangzhou-g");  // CSINode nodeID "i-node-0"
  }

  engine::Rng ecs_rng_;
  std::unique_ptr<ecs::Ecs> ecs_;
  std::unique_ptr<disk::ControllerServer> driver_;
};

TEST_F(AttachFlowTest, PodVolumeIsAttachedThenDetached) {
  ecs::CreateDiskRequest r;
  r.zone_id = "cn-hangzhou-g";
  r.disk_category = "cloud_essd";
  r.size = 20;
  auto d = ecs_->CreateDiskSync(r);
  ASSERT_TRUE(d.ok());
  loop_.Settle(engine::kMinute);
  const std::string handle = d->disk_id;

  auto claim = std::make_shared<api::PersistentVolumeClaim>();
  claim->metadata.name = "claim-a";
  claim->metadata.namespace_ = "default";
  claim->spec.access_modes = {"ReadWriteOnce"};
  claim->spec.resources.requests["storage"] = *api::Quantity::Parse("20Gi");
  claim->spec.volume_name = "pv-a";
  claim->spec.storage_class_name = "";
  auto c = server_.Create(claim);
  ASSERT_TRUE(c.ok());
  auto cs = api::CloneAs<api::PersistentVolumeClaim>(*c);
  cs->status.phase = "Bound";
  ASSERT_TRUE(server_.UpdateStatus(cs).ok());
  auto pv = std::make_shared<api::PersistentVolume>();
  pv->metadata.name = "pv-a";
  pv->spec.capacity["storage"] = *api::Quantity::Parse("20Gi");
  pv->spec.access_modes = {"ReadWriteOnce"};
  api::CSIPersistentVolumeSource csi;
  csi.driver = std::string(disk::kDriverName);
  csi.volume_handle = handle;
  pv->spec.csi = csi;
  ASSERT_TRUE(server_.Create(pv).ok());
  Apply(R"(apiVersion: v1
kind: Pod
metadata:
  name: pod-a
  namespace: default
spec:
  nodeName: node-0
  containers:
  - name: c
    image: nginx
  volumes:
  - name: data
    persistentVolumeClaim:
      claimName: claim-a
)");

  kube::AttachDetachController adc(server_);
  ExternalAttacher attacher(server_, *driver_);
  adc.Start();
  attacher.Start();
  EXPECT_TRUE(loop_.Settle(engine::kHour).at_rest);

  const std::string unique = kube::AttachDetachController::UniqueVolumeName(disk::kDriverName, handle);
  const std::string va_name = kube::AttachDetachController::AttachmentName(handle, disk::kDriverName, "node-0");
  auto va = Get<api::VolumeAttachment>(va_name);
  ASSERT_NE(va, nullptr);
  EXPECT_TRUE(va->status.attached);
  EXPECT_EQ(va->status.attachment_metadata.count("serialNumber"), 1u);
  auto node = Get<api::Node>("node-0");
  ASSERT_EQ(node->status.volumes_attached.size(), 1u);
  EXPECT_EQ(node->status.volumes_attached[0].name, unique);
  EXPECT_EQ(EventCount("Pod", "pod-a", "SuccessfulAttachVolume"), 1);

  // The kubelet mounts, then the pod goes and the kubelet unmounts.
  auto n = api::CloneAs<api::Node>(node);
  n->status.volumes_in_use = {unique};
  ASSERT_TRUE(server_.UpdateStatus(n, {.client = "kubelet"}).ok());
  ASSERT_TRUE(server_.Delete(api::Pod::Info(), "default", "pod-a").ok());
  FinishDeletion("pod-a");
  Settle();
  EXPECT_NE(Get<api::VolumeAttachment>(va_name), nullptr);
  n = api::CloneAs<api::Node>(Get<api::Node>("node-0"));
  n->status.volumes_in_use.clear();
  ASSERT_TRUE(server_.UpdateStatus(n, {.client = "kubelet"}).ok());
  EXPECT_TRUE(loop_.Settle(engine::kHour).at_rest);
  EXPECT_EQ(Get<api::VolumeAttachment>(va_name), nullptr);
  EXPECT_TRUE(Get<api::Node>("node-0")->status.volumes_attached.empty());
  for (const auto& disk : ecs_->AllDisks()) {
    if (disk.disk_id == handle) {
      EXPECT_EQ(disk.status, "Available");
    }
  }
  // The PV keeps the attacher's finalizer until it is deleted; then it goes.
  EXPECT_TRUE(Get<api::PersistentVolume>("pv-a")->metadata.HasFinalizer(FinalizerName(disk::kDriverName)));
}

}  // namespace
}  // namespace snapsim::csi::attacher
