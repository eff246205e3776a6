// Test fixture for the external-provisioner: kube's KubeTestBase (EventLoop, Rng,
// ApiServer, nodes node-0 in cn-hangzhou-g and node-1 in cn-hangzhou-h with CSINodes,
// StorageClass helpers), the persistentvolume-binder, a fake ECS (jitter off) with one
// instance per node and the disk driver's ControllerServer (reading node labels from
// the API server), the PV/PVC protection controllers, and the provisioner under test.
// Test-only.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "src/csi/diskplugin/controller_server.h"
#include "src/csi/kube/kube_test_fixture.h"
#include "src/csi/kube/pv_controller.h"
#include "src/csi/kube/pv_protection_controller.h"
#include "src/csi/kube/pvc_protection_controller.h"
#include "src/csi/provisioner/provisioner.h"
#include "src/fake_ecs/ecs.h"

namespace snapsim::csi::provisioner::testing {

inline constexpr std::int64_t kGiB = std::int64_t{1} << 30;

class ProvisionerTest : public kube::testing::KubeTestBase {
 protected:
  explicit ProvisionerTest(int minor = 30, ProvisionerOptions options = {})
      : kube::testing::KubeTestBase(minor), ecs_rng_(7) {
    ecs::EcsConfig c;
    c.zones = {"cn-hangzhou-g", "cn-hangzhou-h"};
    c.jitter = 0;
    ecs_ = std::make_unique<ecs::Ecs>(loop_, ecs_rng_, c);
    EXPECT_TRUE(ecs_->AddInstance("i-node-0", "cn-hangzhou-g", "node-0").ok());
    EXPECT_TRUE(ecs_->AddInstance("i-node-1", "cn-hangzhou-h", "node-1").ok());
    AddNode("node-0", "cn-hangzhou-g");
    AddNode("node-1", "cn-hangzhou-h");
    disk::ControllerOptions copts;
    copts.default_zone = "cn-hangzhou-g";
    copts.node_labels = [this](std::string_view name)
        -> Result<std::map<std::string, std::string>> {
      api::ObjectPtr node = server_.Peek(api::Node::Info(), "", name);
      if (node == nullptr) return Status::NotFound(fmt::format("nodes \"{}\" not found", name));
      return node->metadata.labels;
    };
    driver_ = std::make_unique<disk::ControllerServer>(loop_, *ecs_, copts);
    pv_controller_ = std::make_unique<kube::PersistentVolumeController>(server_);
    provisioner_ = std::make_unique<ExternalProvisioner>(server_, *driver_, options);
    pvc_protection_ = std::make_unique<kube::PvcProtectionController>(server_);
    pv_protection_ = std::make_unique<kube::PvProtectionController>(server_);
    pv_controller_->Start();
    pvc_protection_->Start();
    pv_protection_->Start();
    provisioner_->Start();
  }

  api::ObjectPtr ApplyClaim(const std::string& name, const std::string& sc, const std::string& size,
                            const std::string& extra_spec = "") {
    return Apply(fmt::format(R"(apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: {}
  namespace: default
spec:
  accessModes: ["ReadWriteOnce"]
  storageClassName: {}
  resources:
    requests:
      storage: {}
{})",
                             name, sc, size, extra_spec));
  }

  // Sets the scheduler's choice on a claim.
  void SelectNode(const std::string& claim, const std::string& node) {
    auto pvc = Get<api::PersistentVolumeClaim>(claim);
    ASSERT_NE(pvc, nullptr);
    auto clone = api::CloneAs<api::PersistentVolumeClaim>(pvc);
    clone->metadata.annotations["volume.kubernetes.io/selected-node"] = node;
    ASSERT_TRUE(server_.Update(clone, {.client = "kube-scheduler"}).ok());
  }

  std::shared_ptr<const api::PersistentVolume> PvFor(const std::string& claim) {
    auto pvc = Get<api::PersistentVolumeClaim>(claim);
    if (pvc == nullptr) return nullptr;
    return Get<api::PersistentVolume>("pvc-" + pvc->metadata.uid, "");
  }

  std::optional<ecs::DiskInfo> Disk(const std::string& id) {
    for (auto& d : ecs_->AllDisks()) {
      if (d.disk_id == id) return d;
    }
    return std::nullopt;
  }
  int DataDisks() {
    int n = 0;
    for (auto& d : ecs_->AllDisks()) n += d.type == "data";
    return n;
  }
  int Calls(std::string_view action) {
    int n = 0;
    for (const auto& c : ecs_->CallLog()) n += c.action == action;
    return n;
  }
  void DeleteClaim(const std::string& name) {
    ASSERT_TRUE(server_.Delete(api::PersistentVolumeClaim::Info(), "default", name).ok());
  }

  engine::Rng ecs_rng_;
  std::unique_ptr<ecs::Ecs> ecs_;
  std::unique_ptr<disk::ControllerServer> driver_;
  std::unique_ptr<kube::PersistentVolumeController> pv_controller_;
  std::unique_ptr<kube::PvcProtectionController> pvc_protection_;
  std::unique_ptr<kube::PvProtectionController> pv_protection_;
  std::unique_ptr<ExternalProvisioner> provisioner_;
};

}  // namespace snapsim::csi::provisioner::testing
