// ExternalProvisioner: provisioning (Immediate, WaitForFirstConsumer), failures, the
// reclaim policies, the PV finalizer of 1.31+, and crashes mid-CreateVolume.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "src/csi/provisioner/provisioner_test_util.h"
#include "src/csi/provisioner/topology.h"

namespace snapsim::csi::provisioner::testing {
namespace {

std::string Zone(const api::PersistentVolume& pv) {
  return pv.spec.node_affinity->required->node_selector_terms.at(0).match_expressions.at(0).values.at(0);
}

TEST_F(ProvisionerTest, ImmediateProvisionsPvWithExactFields) {
  AddStorageClass("alicloud-disk-ssd", "Immediate");
  ApplyClaim("data", "alicloud-disk-ssd", "20Gi");
  Settle();
  auto pvc = Get<api::PersistentVolumeClaim>("data");
  ASSERT_EQ(pvc->status.phase, "Bound");
  auto pv = PvFor("data");
  ASSERT_NE(pv, nullptr);
  EXPECT_EQ(pvc->spec.volume_name, pv->metadata.name);
  EXPECT_EQ(pv->metadata.annotations,
            (std::map<std::string, std::string>{
                {"pv.kubernetes.io/provisioned-by", "diskplugin.csi.alibabacloud.com"},
                {"volume.kubernetes.io/provisioner-deletion-secret-name", ""},
                {"volume.kubernetes.io/provisioner-deletion-secret-namespace", ""}}));
  EXPECT_TRUE(pv->metadata.finalizers.empty() ||
              pv->metadata.finalizers == std::vector<std::string>{"kubernetes.io/pv-protection"});
  EXPECT_EQ(pv->spec.capacity.at("storage").ToString(), "20Gi");
  EXPECT_EQ(pv->spec.access_modes, std::vector<std::string>{"ReadWriteOnce"});
  ASSERT_TRUE(pv->spec.claim_ref);
  EXPECT_EQ(pv->spec.claim_ref->kind, "PersistentVolumeClaim");
  EXPECT_EQ(pv->spec.claim_ref->api_version, "v1");
  EXPECT_EQ(pv->spec.claim_ref->namespace_, "default");
  EXPECT_EQ(pv->spec.claim_ref->name, "data");
  EXPECT_EQ(pv->spec.claim_ref->uid, pvc->metadata.uid);
  EXPECT_FALSE(pv->spec.claim_ref->resource_version.empty());
  EXPECT_EQ(pv->spec.persistent_volume_reclaim_policy, "Delete");
  EXPECT_EQ(pv->spec.storage_class_name, "alicloud-disk-ssd");
  EXPECT_EQ(pv->spec.volume_mode.value_or(""), "Filesystem");
  ASSERT_TRUE(pv->spec.csi);
  EXPECT_EQ(pv->spec.csi->driver, "diskplugin.csi.alibabacloud.com");
  EXPECT_EQ(pv->spec.csi->fs_type, "ext4");
  auto disk = Disk(pv->spec.csi->volume_handle);
  ASSERT_TRUE(disk);
  EXPECT_EQ(disk->category, "cloud_ssd");
  EXPECT_EQ(disk->size, 20);
  EXPECT_EQ(disk->disk_name, pv->metadata.name);
  EXPECT_EQ(pv->spec.csi->volume_attributes,
            (std::map<std::string, std::string>{
                {"storage.kubernetes.io/csiProvisionerIdentity",
                 "1767225600000-1-diskplugin.csi.alibabacloud.com"},
                {"type", "cloud_ssd"},
                {"csi.alibabacloud.com/label-prefix/csi.alibabacloud.com/disktype", "cloud_ssd"}}))
      << "volume_context as the driver answers";
  // Immediate: every node's zone is requisite; the preferred one (rotated by the claim
  // name's hash) is where the disk is made, and the PV is pinned there.
  auto [hash, offset] = ClaimNameHashAndOffset("data");
  std::string preferred = (hash + offset) % 2 == 0 ? "cn-hangzhou-g" : "cn-hangzhou-h";
  EXPECT_EQ(disk->zone_id, preferred);
  EXPECT_EQ(Zone(*pv), preferred);
  const auto& term = pv->spec.node_affinity->required->node_selector_terms.at(0);
  EXPECT_EQ(term.match_expressions.at(0).key, "topology.diskplugin.csi.alibabacloud.com/zone");
  EXPECT_EQ(term.match_expressions.at(0).operator_, "In");
  EXPECT_THAT(EventsFor("PersistentVolumeClaim", "data"),
              ::testing::IsSupersetOf(
                  {std::string("Normal Provisioning External provisioner is provisioning volume "
                               "for claim \"default/data\""),
                   "Normal ProvisioningSucceeded Successfully provisioned volume " +
                       pv->metadata.name}));
  // The event source names the driver and the (deterministic) host.
  bool found = false;
  for (const auto& o : server_.PeekAll(api::Event::Info())) {
    auto e = api::As<api::Event>(o);
    if (e->reason == "ProvisioningSucceeded") {
      EXPECT_EQ(e->source.component, "diskplugin.csi.alibabacloud.com_csi-provisioner-0");
      found = true;
    }
  }
  EXPECT_TRUE(found);
}

TEST_F(ProvisionerTest, WaitForFirstConsumerWaitsForSelectedNode) {
  AddStorageClass("alicloud-disk-topology", "WaitForFirstConsumer");
  ApplyClaim("data", "alicloud-disk-topology", "25Gi");
  Settle();
  EXPECT_EQ(PvFor("data"), nullptr);
  EXPECT_EQ(Calls("CreateDisk"), 0);
  SelectNode("data", "node-1");
  Settle();
  auto pv = PvFor("data");
  ASSERT_NE(pv, nullptr);
  EXPECT_EQ(Get<api::PersistentVolumeClaim>("data")->status.phase, "Bound");
  EXPECT_EQ(Zone(*pv), "cn-hangzhou-h");
  EXPECT_EQ(pv->spec.capacity.at("storage").ToString(), "25Gi");
  auto disk = Disk(pv->spec.csi->volume_handle);
  ASSERT_TRUE(disk);
  EXPECT_EQ(disk->zone_id, "cn-hangzhou-h");
  // The driver got the selected node (its WaitForFirstConsumer parameter) and the
  // extra create metadata, which it turns into tags.
  EXPECT_EQ(pv->spec.csi->volume_attributes.at("volume.kubernetes.io/selected-node"), "node-1");
  std::map<std::string, std::string> tags;
  for (const auto& t : disk->tags) tags[t.key] = t.value;
  EXPECT_EQ(tags["kubernetes.io/created-for/pvc/name"], "data");
  EXPECT_EQ(tags["kubernetes.io/created-for/pvc/namespace"], "default");
  EXPECT_EQ(tags["kubernetes.io/created-for/pv/name"], pv->metadata.name);
}

TEST_F(ProvisionerTest, SizeBelowCategoryMinimumFailsAndRetries) {
  AddStorageClass("alicloud-disk-ssd", "Immediate");
  ApplyClaim("small", "alicloud-disk-ssd", "10Gi");
  Settle(600);
  EXPECT_EQ(PvFor("small"), nullptr);
  EXPECT_EQ(Get<api::PersistentVolumeClaim>("small")->status.phase, "Pending");
  const std::string msg =
      "failed to provision volume with StorageClass \"alicloud-disk-ssd\": rpc error: code = "
      "InvalidArgument desc = all attempts failed: cloud_ssd: requested size 10GiB is less than "
      "minimum 20GiB";
  EXPECT_GT(EventCountFor("PersistentVolumeClaim", "small", msg), 3) << "retried with backoff";
  EXPECT_EQ(Calls("CreateDisk"), 0);
}

TEST_F(ProvisionerTest, MissingSelectedNodeReschedules) {
  AddStorageClass("alicloud-disk-topology", "WaitForFirstConsumer");
  ApplyClaim("data", "alicloud-disk-topology", "20Gi");
  Settle();
  SelectNode("data", "node-9");
  Settle(30);
  auto pvc = Get<api::PersistentVolumeClaim>("data");
  EXPECT_EQ(pvc->metadata.Annotation("volume.kubernetes.io/selected-node"), nullptr);
  EXPECT_EQ(EventCountFor("PersistentVolumeClaim", "data", "node \"node-9\" not found"), 1);
}

TEST_F(ProvisionerTest, ReclaimDeleteRemovesDiskAndPv) {
  AddStorageClass("alicloud-disk-ssd", "Immediate");
  ApplyClaim("data", "alicloud-disk-ssd", "20Gi");
  Settle();
  auto pv = PvFor("data");
  ASSERT_NE(pv, nullptr);
  std::string disk_id = pv->spec.csi->volume_handle;
  ASSERT_TRUE(Disk(disk_id));
  DeleteClaim("data");
  Settle();
  EXPECT_EQ(Get<api::PersistentVolume>(pv->metadata.name, ""), nullptr);
  EXPECT_FALSE(Disk(disk_id));
}

TEST_F(ProvisionerTest, ReclaimRetainKeepsDiskAndPv) {
  AddStorageClass("alicloud-disk-ssd-retain", "Immediate", "Retain");
  ApplyClaim("data", "alicloud-disk-ssd-retain", "20Gi");
  Settle();
  auto pv = PvFor("data");
  ASSERT_NE(pv, nullptr);
  EXPECT_EQ(pv->spec.persistent_volume_reclaim_policy, "Retain");
  DeleteClaim("data");
  Settle();
  auto after = Get<api::PersistentVolume>(pv->metadata.name, "");
  ASSERT_NE(after, nullptr);
  EXPECT_EQ(after->status.phase, "Released");
  EXPECT_TRUE(Disk(pv->spec.csi->volume_handle));
  EXPECT_EQ(Calls("DeleteDisk"), 0);
}

TEST_F(ProvisionerTest, DeleteFailureEmitsVolumeFailedDeleteAndRetries) {
  AddStorageClass("alicloud-disk-ssd", "Immediate");
  ApplyClaim("data", "alicloud-disk-ssd", "20Gi");
  Settle();
  auto pv = PvFor("data");
  ASSERT_NE(pv, nullptr);
  ecs::FaultRule rule;
  rule.api = "DeleteDisk";
  rule.error = *ecs::ErrorForCode("OperationConflict");
  rule.times = 1;
  ecs_->AddFault(rule);
  DeleteClaim("data");
  Settle();
  EXPECT_EQ(Get<api::PersistentVolume>(pv->metadata.name, ""), nullptr);
  EXPECT_FALSE(Disk(pv->spec.csi->volume_handle));
  int failed = 0;
  for (const auto& o : server_.PeekAll(api::Event::Info())) {
    auto e = api::As<api::Event>(o);
    if (e->reason == "VolumeFailedDelete") {
      ++failed;
      EXPECT_EQ(e->involved_object.name, pv->metadata.name);
      EXPECT_EQ(e->message.rfind("rpc error: code = Internal desc = DeleteVolume: Delete disk with error: ", 0), 0u)
          << e->message;
    }
  }
  EXPECT_EQ(failed, 1);
}

TEST_F(ProvisionerTest, CrashMidCreateVolumeConvergesOnOneDisk) {
  AddStorageClass("alicloud-disk-ssd", "Immediate");
  ApplyClaim("data", "alicloud-disk-ssd", "20Gi");
  // Run until the driver's CreateDisk is on its way, then crash the provisioner.
  while (Calls("CreateDisk") == 0 && loop_.Step()) {
  }
  ASSERT_EQ(Calls("CreateDisk"), 1);
  provisioner_->Crash();
  Settle();
  auto pv = PvFor("data");
  ASSERT_NE(pv, nullptr);
  EXPECT_EQ(Get<api::PersistentVolumeClaim>("data")->status.phase, "Bound");
  EXPECT_EQ(DataDisks(), 1) << "the retry reuses the disk through its ClientToken";
  EXPECT_GE(Calls("CreateDisk"), 2);
  EXPECT_EQ(pv->spec.csi->volume_attributes.at("storage.kubernetes.io/csiProvisionerIdentity"),
            provisioner_->identity());
  EXPECT_EQ(provisioner_->identity().substr(provisioner_->identity().find('-')),
            "-2-diskplugin.csi.alibabacloud.com");
}

TEST_F(ProvisionerTest, CreateVolumeTimeoutRetriesInBackground) {
  AddStorageClass("alicloud-disk-ssd", "Immediate");
  // Throttling keeps the driver busy longer than the provisioner's 10s deadline.
  ecs::FaultRule rule;
  rule.api = "CreateDisk";
  rule.error = *ecs::ErrorForCode("Throttling");
  rule.times = 5;
  ecs_->AddFault(rule);
  ApplyClaim("data", "alicloud-disk-ssd", "20Gi");
  Settle();
  ASSERT_NE(PvFor("data"), nullptr);
  EXPECT_EQ(DataDisks(), 1);
  EXPECT_GE(EventCountFor("PersistentVolumeClaim", "data",
                          "failed to provision volume with StorageClass \"alicloud-disk-ssd\": rpc "
                          "error: code = DeadlineExceeded desc = context deadline exceeded"),
            1);
}

TEST_F(ProvisionerTest, ClaimDeletedWhileInBackgroundStillProvisions) {
  AddStorageClass("alicloud-disk-ssd", "Immediate");
  ecs::FaultRule rule;
  rule.api = "CreateDisk";
  rule.error = *ecs::ErrorForCode("Throttling");
  rule.times = 5;
  ecs_->AddFault(rule);
  ApplyClaim("data", "alicloud-disk-ssd", "20Gi");
  std::string uid = Get<api::PersistentVolumeClaim>("data")->metadata.uid;
  Settle(11);  // the first CreateVolume timed out: provisioning continues in background
  DeleteClaim("data");
  Settle();
  // The volume was finished, released and deleted: nothing leaks.
  EXPECT_EQ(Get<api::PersistentVolume>("pvc-" + uid, ""), nullptr);
  EXPECT_EQ(DataDisks(), 0);
}

TEST_F(ProvisionerTest, UnknownReservedParameterIsFinal) {
  auto sc = std::make_shared<api::StorageClass>();
  sc->metadata.name = "bad";
  sc->provisioner = "diskplugin.csi.alibabacloud.com";
  sc->parameters = {{"type", "cloud_ssd"}, {"csi.storage.k8s.io/foo", "x"}};
  ASSERT_TRUE(server_.Create(sc).ok());
  ApplyClaim("data", "bad", "20Gi");
  Settle(5);
  EXPECT_GE(EventCountFor("PersistentVolumeClaim", "data",
                          "failed to provision volume with StorageClass \"bad\": failed to strip CSI "
                          "Parameters of prefixed keys: found unknown parameter key "
                          "\"csi.storage.k8s.io/foo\" with reserved namespace csi.storage.k8s.io/"),
            1);
  EXPECT_EQ(Calls("CreateDisk"), 0);
}

TEST_F(ProvisionerTest, ClaimForAnotherProvisionerIsIgnored) {
  auto sc = std::make_shared<api::StorageClass>();
  sc->metadata.name = "nas";
  sc->provisioner = "nasplugin.csi.alibabacloud.com";
  ASSERT_TRUE(server_.Create(sc).ok());
  ApplyClaim("data", "nas", "20Gi");
  Settle(30);
  EXPECT_EQ(PvFor("data"), nullptr);
  EXPECT_TRUE(EventCountFor("PersistentVolumeClaim", "data",
                            "External provisioner is provisioning volume for claim \"default/data\"") == 0);
}

class Provisioner131Test : public ProvisionerTest {
 protected:
  Provisioner131Test() : ProvisionerTest(31) {}
};

TEST_F(Provisioner131Test, PvFinalizerAddedAndRemovedOnDelete) {
  AddStorageClass("alicloud-disk-ssd", "Immediate");
  ApplyClaim("data", "alicloud-disk-ssd", "20Gi");
  Settle();
  auto pv = PvFor("data");
  ASSERT_NE(pv, nullptr);
  EXPECT_TRUE(pv->metadata.HasFinalizer("external-provisioner.volume.kubernetes.io/finalizer"));
  std::string disk_id = pv->spec.csi->volume_handle;
  DeleteClaim("data");
  Settle();
  EXPECT_EQ(Get<api::PersistentVolume>(pv->metadata.name, ""), nullptr);
  EXPECT_FALSE(Disk(disk_id));
}

TEST_F(Provisioner131Test, RetainHasNoFinalizer) {
  AddStorageClass("alicloud-disk-ssd-retain", "Immediate", "Retain");
  ApplyClaim("data", "alicloud-disk-ssd-retain", "20Gi");
  Settle();
  auto pv = PvFor("data");
  ASSERT_NE(pv, nullptr);
  EXPECT_FALSE(pv->metadata.HasFinalizer("external-provisioner.volume.kubernetes.io/finalizer"));
}

TEST(TopologyTest, StatefulSetClaimsRotateAcrossZones) {
  auto [h0, o0] = ClaimNameHashAndOffset("disk-ssd-web-0");
  auto [h1, o1] = ClaimNameHashAndOffset("disk-ssd-web-1");
  EXPECT_EQ(h0, h1) << "only the StatefulSet name is hashed";
  EXPECT_EQ(o0, 0u);
  EXPECT_EQ(o1, 1u);
  auto [h, o] = ClaimNameHashAndOffset("data");
  EXPECT_EQ(o, 0u);
  EXPECT_EQ(h, 0x74cb23bdu);  // FNV-1 32 of "data"
}

}  // namespace
}  // namespace snapsim::csi::provisioner::testing
