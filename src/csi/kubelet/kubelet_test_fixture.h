// Test fixture for the kubelet: a real EventLoop/Rng/ApiServer (KubeTestBase), a fake
// ECS with node-0's instance, the disk driver's NodeServer for it and a Kubelet.
// The attach side (attach/detach controller + external-attacher) is played by the
// test: Attach() attaches the disk in ECS, writes the VolumeAttachment with
// status.attached and lists the volume in node.status.volumesAttached.
// Test-only (not part of the library).
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "src/csi/diskplugin/node_server.h"
#include "src/csi/kube/kube_test_fixture.h"
#include "src/csi/kubelet/kubelet.h"
#include "src/csi/kubelet/kubelet_messages.h"
#include "src/fake_ecs/ecs.h"

namespace snapsim::csi::kubelet::testing {

inline constexpr std::string_view kZone = "cn-hangzhou-g";
inline constexpr std::string_view kInstance = "i-bp1instance00000001";
inline constexpr std::string_view kNode = "node-0";

class KubeletTest : public kube::testing::KubeTestBase {
 protected:
  explicit KubeletTest(int minor = 30) : KubeTestBase(minor) {
    ecs::EcsConfig c;
    c.zones = {std::string(kZone)};
    c.jitter = 0;
    ecs_ = std::make_unique<ecs::Ecs>(loop_, rng_, c);
    EXPECT_TRUE(ecs_->AddInstance(kInstance, kZone, kNode).ok());
    plugin_ = std::make_unique<disk::NodeServer>(
        *ecs_, disk::NodeOptions{.instance_id = std::string(kInstance), .zone = std::string(kZone)});
    AddNode(std::string(kNode), std::string(kZone));
    auto node = api::CloneAs<api::Node>(server_.Peek(api::Node::Info(), "", kNode));
    node->status.addresses = {{"InternalIP", "192.168.0.10"}, {"Hostname", std::string(kNode)}};
    EXPECT_TRUE(server_.UpdateStatus(node).ok());
    kubelet_ = std::make_unique<Kubelet>(server_, loop_, *plugin_,
                                         KubeletOptions{.node_name = std::string(kNode), .pod_ip_prefix = "172.20.1"});
    kubelet_->Start();
  }
  ~KubeletTest() override { kubelet_.reset(); }

  // A 20 GiB disk with a Bound PV "pv-<claim>" and claim.
  std::string NewBoundClaim(const std::string& claim) {
    ecs::CreateDiskRequest r;
    r.zone_id = std::string(kZone);
    r.disk_category = "cloud_essd";
    r.size = 20;
    auto d = ecs_->CreateDiskSync(r);
    EXPECT_TRUE(d.ok());
    std::string handle = d->disk_id;
    Settle();
    auto pvc = Apply(fmt::format(R"(apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: {}
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: alicloud-disk-essd
  resources:
    requests:
      storage: 20Gi
)", claim));
    auto pv = std::make_shared<api::PersistentVolume>();
    pv->metadata.name = "pv-" + claim;
    pv->spec.capacity["storage"] = *api::Quantity::Parse("20Gi");
    pv->spec.access_modes = {"ReadWriteOnce"};
    pv->spec.persistent_volume_reclaim_policy = "Delete";
    pv->spec.storage_class_name = "alicloud-disk-essd";
    api::ObjectReference ref;
    ref.api_version = "v1";
    ref.kind = "PersistentVolumeClaim";
    ref.namespace_ = "default";
    ref.name = claim;
    ref.uid = pvc->metadata.uid;
    pv->spec.claim_ref = ref;
    api::CSIPersistentVolumeSource csi;
    csi.driver = std::string(disk::kDriverName);
    csi.volume_handle = handle;
    csi.fs_type = "ext4";
    pv->spec.csi = csi;
    EXPECT_TRUE(server_.Create(pv).ok());
    auto c = api::CloneAs<api::PersistentVolumeClaim>(server_.Peek(api::PersistentVolumeClaim::Info(), "default", claim));
    c->spec.volume_name = "pv-" + claim;
    auto updated = server_.Update(c);
    EXPECT_TRUE(updated.ok());
    c = api::CloneAs<api::PersistentVolumeClaim>(*updated);
    c->status.phase = "Bound";
    EXPECT_TRUE(server_.UpdateStatus(c).ok());
    handles_[claim] = handle;
    return handle;
  }

  // The attach/detach controller and the external-attacher, in one step.
  void Attach(const std::string& claim) {
    const std::string& handle = handles_.at(claim);
    ecs::AttachDiskRequest a;
    a.instance_id = std::string(kInstance);
    a.disk_id = handle;
    ASSERT_TRUE(ecs_->AttachDiskSync(a).ok());
    Settle();
    auto va = std::make_shared<api::VolumeAttachment>();
    va->metadata.name = VolumeAttachmentName(handle, disk::kDriverName, kNode);
    va->spec.attacher = std::string(disk::kDriverName);
    va->spec.node_name = std::string(kNode);
    va->spec.source.persistent_volume_name = "pv-" + claim;
    auto created = server_.Create(va, {.client = "kube-controller-manager"});
    ASSERT_TRUE(created.ok()) << created.error().message();
    auto st = api::CloneAs<api::VolumeAttachment>(*created);
    st->status.attached = true;
    st->status.attachment_metadata = {{"serialNumber", handle.substr(2)}};
    ASSERT_TRUE(server_.UpdateStatus(st, {.client = "csi-attacher"}).ok());
    auto node = api::CloneAs<api::Node>(server_.Peek(api::Node::Info(), "", kNode));
    node->status.volumes_attached.push_back({UniqueVolumeName(disk::kDriverName, handle), ""});
    ASSERT_TRUE(server_.UpdateStatus(node, {.client = "kube-controller-manager"}).ok());
  }

  api::ObjectPtr CreatePod(const std::string& name, const std::string& claim,
                           const std::string& extra_container = "",
                           const std::string& restart = "Always", int grace = 30) {
    std::string mounts = claim.empty() ? "" : R"(    volumeMounts:
    - name: data
      mountPath: /data
)";
    std::string volumes = claim.empty() ? "" : fmt::format(R"(  volumes:
  - name: data
    persistentVolumeClaim:
      claimName: {}
)", claim);
    return Apply(fmt::format(R"(apiVersion: v1
kind: Pod
metadata:
  name: {}
spec:
  nodeName: node-0
  restartPolicy: {}
  terminationGracePeriodSeconds: {}
  containers:
  - name: nginx
    image: nginx
{}{}{})", name, restart, grace, mounts, extra_container, volumes));
  }

  std::shared_ptr<const api::Pod> Pod(const std::string& name) { return Get<api::Pod>(name); }

  ExecResult Exec(const std::string& pod, std::vector<std::string> cmd) {
    ExecRequest r;
    r.pod = pod;
    r.command = std::move(cmd);
    return kubelet_->Exec(r);
  }

  std::vector<std::string> VolumesInUse() {
    return Get<api::Node>(std::string(kNode))->status.volumes_in_use;
  }

  std::unique_ptr<ecs::Ecs> ecs_;
  std::unique_ptr<disk::NodeServer> plugin_;
  std::unique_ptr<Kubelet> kubelet_;
  std::map<std::string, std::string> handles_;
};

}  // namespace snapsim::csi::kubelet::testing
