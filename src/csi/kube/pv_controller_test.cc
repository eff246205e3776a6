#include "src/csi/kube/pv_controller.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "src/csi/kube/kube_test_fixture.h"
#include "src/csi/kube/pv_protection_controller.h"
#include "src/csi/kube/pvc_protection_controller.h"

namespace snapsim::csi::kube {
namespace {

using ::testing::ElementsAre;
using testing::FakeProvisioner;
using testing::KubeTestBase;

constexpr std::string_view kPvClaim = R"(apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: disk-ssd-web-0
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: alicloud-disk-ssd
  resources:
    requests:
      storage: 20Gi
)";

class PvControllerTest : public KubeTestBase, public ::testing::WithParamInterface<int> {
 protected:
  PvControllerTest() : KubeTestBase(GetParam()) {
    AddNode("node-0", "cn-hangzhou-i");
    AddStorageClass("alicloud-disk-ssd", "Immediate");
    AddStorageClass("alicloud-disk-topology-alltype", "WaitForFirstConsumer");
    AddStorageClass("retain-ssd", "Immediate", "Retain");
  }

  // Every PV/PVC write, as "<kind> <ADDED|MODIFIED|DELETED> <what changed>", in commit order.
  void RecordWrites() {
    for (const api::KindInfo* kind :
         {&api::PersistentVolume::Info(), &api::PersistentVolumeClaim::Info()}) {
      server_.Watch(
          *kind,
          [this](const apiserver::WatchEvent& e) {
            std::string what;
            if (auto pv = api::As<api::PersistentVolume>(e.object)) {
              what = "PV phase=" + pv->status.phase;
            } else if (auto pvc = api::As<api::PersistentVolumeClaim>(e.object)) {
              what = "PVC phase=" + pvc->status.phase + " volumeName=" + pvc->spec.volume_name +
                     " annotations=" + std::to_string(pvc->metadata.annotations.size());
            }
            writes_.push_back(std::string(apiserver::WatchEventTypeName(e.type)) + " " + what);
          },
          {.client = "test"});
    }
  }

  std::vector<std::string> writes_;
};

TEST_P(PvControllerTest, ImmediateClaimIsHandedToTheExternalProvisioner) {
  PersistentVolumeController ctrl(server_);
  ctrl.Start();
  Apply(kPvClaim);
  Settle();
  auto pvc = Get<api::PersistentVolumeClaim>("disk-ssd-web-0");
  ASSERT_NE(pvc, nullptr);
  EXPECT_EQ(pvc->metadata.annotations.at("volume.beta.kubernetes.io/storage-provisioner"),
            "diskplugin.csi.alibabacloud.com");
  EXPECT_EQ(pvc->metadata.annotations.count("volume.kubernetes.io/storage-provisioner"),
            GetParam() >= 23 ? 1u : 0u);
  EXPECT_EQ(pvc->status.phase, "Pending");
  std::string msg =
      GetParam() >= 28
          ? "Normal ExternalProvisioning Waiting for a volume to be created either by the external "
            "provisioner "
            "'diskplugin.csi.alibabacloud.com' or manually by the system administrator. If volume "
            "creation is "
            "delayed, please verify that the provisioner is running and correctly registered."
          : "Normal ExternalProvisioning waiting for a volume to be created, either by external "
            "provisioner "
            "\"diskplugin.csi.alibabacloud.com\" or manually created by system administrator";
  EXPECT_THAT(EventsFor("PersistentVolumeClaim", "disk-ssd-web-0"), ElementsAre(msg));
  // The claim's own update syncs it again ("x2"), and so does every 15s resync;
  // repeats aggregate into one Event with a count.
  EXPECT_EQ(EventCount("PersistentVolumeClaim", "disk-ssd-web-0", "ExternalProvisioning"), 2);
  loop_.RunUntil(loop_.Now() + 31 * engine::kSecond);
  EXPECT_EQ(EventCount("PersistentVolumeClaim", "disk-ssd-web-0", "ExternalProvisioning"), 4);
  auto event = api::As<api::Event>(server_.PeekAll(api::Event::Info()).front());
  EXPECT_EQ(event->source.component, "persistentvolume-controller");
}

TEST_P(PvControllerTest, ProvisionedVolumeIsBoundInUpstreamWriteOrder) {
  PersistentVolumeController ctrl(server_);
  FakeProvisioner provisioner(server_, "cn-hangzhou-i");
  ctrl.Start();
  provisioner.Start();
  RecordWrites();
  Apply(kPvClaim);
  Settle();
  auto pvc = Get<api::PersistentVolumeClaim>("disk-ssd-web-0");
  ASSERT_NE(pvc, nullptr);
  std::string pv_name = "pvc-" + pvc->metadata.uid;
  auto pv = Get<api::PersistentVolume>(pv_name);
  ASSERT_NE(pv, nullptr);
  EXPECT_EQ(pv->status.phase, "Bound");
  EXPECT_EQ(pv->spec.claim_ref->uid, pvc->metadata.uid);
  EXPECT_EQ(pv->metadata.annotations.count("pv.kubernetes.io/bound-by-controller"),
            0u);  // the provisioner set claimRef
  EXPECT_EQ(pvc->spec.volume_name, pv_name);
  EXPECT_EQ(pvc->metadata.annotations.at("pv.kubernetes.io/bind-completed"), "yes");
  EXPECT_EQ(pvc->metadata.annotations.at("pv.kubernetes.io/bound-by-controller"), "yes");
  EXPECT_EQ(pvc->status.phase, "Bound");
  EXPECT_THAT(pvc->status.access_modes, ElementsAre("ReadWriteOnce"));
  EXPECT_EQ(pvc->status.capacity.at("storage").ToString(), "20Gi");
  std::size_t provisioner_annotations = GetParam() >= 23 ? 2 : 1;
  std::string n = std::to_string(provisioner_annotations),
              m = std::to_string(provisioner_annotations + 2);
  EXPECT_THAT(writes_,
              ElementsAre("ADDED PVC phase=Pending volumeName= annotations=0",
                          "MODIFIED PVC phase=Pending volumeName= annotations=" + n,
                          "ADDED PV phase=Pending",  //
                          "MODIFIED PV phase=Bound",
                          "MODIFIED PVC phase=Pending volumeName=" + pv_name + " annotations=" + m,
                          "MODIFIED PVC phase=Bound volumeName=" + pv_name + " annotations=" + m));
}

TEST_P(PvControllerTest, WaitForFirstConsumerWaitsForTheSelectedNode) {
  PersistentVolumeController ctrl(server_);
  ctrl.Start();
  std::string wffc(kPvClaim);
  wffc.replace(wffc.find("alicloud-disk-ssd"), 17, "alicloud-disk-topology-alltype");
  Apply(wffc);
  Settle();
  auto pvc = Get<api::PersistentVolumeClaim>("disk-ssd-web-0");
  EXPECT_EQ(pvc->metadata.annotations.count("volume.beta.kubernetes.io/storage-provisioner"), 0u);
  EXPECT_THAT(
      EventsFor("PersistentVolumeClaim", "disk-ssd-web-0"),
      ElementsAre(
          "Normal WaitForFirstConsumer waiting for first consumer to be created before binding"));
  // A pod that uses the claim, not scheduled yet: the next resync says so.
  Apply(R"(apiVersion: v1
kind: Pod
metadata:
  name: web-0
spec:
  containers:
  - name: nginx
    image: nginx
  volumes:
  - name: disk-ssd
    persistentVolumeClaim:
      claimName: disk-ssd-web-0
)");
  loop_.RunUntil(loop_.Now() + 15 * engine::kSecond);
  EXPECT_EQ(EventsFor("PersistentVolumeClaim", "disk-ssd-web-0").back(),
            "Normal WaitForPodScheduled waiting for pod web-0 to be scheduled");
  // The scheduler's choice starts provisioning.
  auto chosen = api::CloneAs<api::PersistentVolumeClaim>(pvc);
  chosen->metadata.annotations["volume.kubernetes.io/selected-node"] = "node-0";
  ASSERT_TRUE(server_.Update(chosen, {.client = "kube-scheduler"}).ok());
  Settle();
  pvc = Get<api::PersistentVolumeClaim>("disk-ssd-web-0");
  EXPECT_EQ(pvc->metadata.annotations.at("volume.beta.kubernetes.io/storage-provisioner"),
            "diskplugin.csi.alibabacloud.com");
  EXPECT_EQ(EventCount("PersistentVolumeClaim", "disk-ssd-web-0", "ExternalProvisioning"), 2);
}

// A resync re-syncs every claim and volume, unless nothing was written anywhere since
// the last one (whose syncs then did nothing, and these would find the same).
TEST_P(PvControllerTest, ResyncsSkipOnlyWhenNothingWasWrittenSinceTheLast) {
  PersistentVolumeController ctrl(server_);
  FakeProvisioner provisioner(server_, "cn-hangzhou-i");
  ctrl.Start();
  provisioner.Start();
  Apply(kPvClaim);
  Settle();
  ASSERT_EQ(Get<api::PersistentVolumeClaim>("disk-ssd-web-0")->status.phase, "Bound");
  loop_.RunUntil(loop_.Now() + 15 * engine::kSecond);  // the binding moved the version: a full resync
  std::uint64_t syncs = ctrl.syncs();
  loop_.RunUntil(loop_.Now() + 60 * engine::kSecond);
  EXPECT_EQ(ctrl.syncs(), syncs);  // four quiet resyncs
  // Any write at all (here one the controller does not watch): the next resync runs.
  auto node = api::CloneAs<api::Node>(server_.Peek(api::Node::Info(), "", "node-0"));
  node->metadata.labels["touched"] = "yes";
  ASSERT_TRUE(server_.Update(node).ok());
  loop_.RunUntil(loop_.Now() + 15 * engine::kSecond);
  EXPECT_EQ(ctrl.syncs(), syncs + 2);  // the claim and the volume
  loop_.RunUntil(loop_.Now() + 30 * engine::kSecond);
  EXPECT_EQ(ctrl.syncs(), syncs + 2);
  // A claim whose sync writes each time (an Event's count) is re-synced every period.
  Apply(R"(apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: waiting
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: no-such-class
  resources:
    requests:
      storage: 20Gi
)");
  Settle();
  const int events = EventCount("PersistentVolumeClaim", "waiting", "ProvisioningFailed");
  loop_.RunUntil(loop_.Now() + 45 * engine::kSecond);
  EXPECT_EQ(EventCount("PersistentVolumeClaim", "waiting", "ProvisioningFailed"), events + 3);
}

TEST_P(PvControllerTest, ReleasedVolumesFollowTheirReclaimPolicy) {
  PersistentVolumeController ctrl(server_);
  PvcProtectionController pvc_protection(server_);
  PvProtectionController pv_protection(server_);
  FakeProvisioner provisioner(server_, "cn-hangzhou-i");
  for (Component* c : std::initializer_list<Component*>{&ctrl, &pvc_protection, &pv_protection})
    c->Start();
  provisioner.Start();
  Apply(kPvClaim);
  std::string retained(kPvClaim);
  retained.replace(retained.find("alicloud-disk-ssd"), 17, "retain-ssd");
  retained.replace(retained.find("disk-ssd-web-0"), 14, "kept");
  Apply(retained);
  Settle();
  std::string deleted_pv = Get<api::PersistentVolumeClaim>("disk-ssd-web-0")->spec.volume_name;
  std::string kept_pv = Get<api::PersistentVolumeClaim>("kept")->spec.volume_name;
  ASSERT_FALSE(deleted_pv.empty());
  ASSERT_FALSE(kept_pv.empty());
  ASSERT_TRUE(server_.Delete(api::PersistentVolumeClaim::Info(), "default", "disk-ssd-web-0").ok());
  ASSERT_TRUE(server_.Delete(api::PersistentVolumeClaim::Info(), "default", "kept").ok());
  Settle();
  EXPECT_EQ(Get<api::PersistentVolumeClaim>("disk-ssd-web-0"), nullptr);
  EXPECT_EQ(Get<api::PersistentVolume>(deleted_pv),
            nullptr);  // Released, then deleted by its provisioner
  auto kept = Get<api::PersistentVolume>(kept_pv);
  ASSERT_NE(kept, nullptr);
  EXPECT_EQ(kept->status.phase, "Released");
  EXPECT_THAT(kept->metadata.finalizers, ElementsAre("kubernetes.io/pv-protection"));
  EXPECT_TRUE(EventsFor("PersistentVolume", kept_pv).empty());
}

TEST_P(PvControllerTest, DeleteVolumeWithoutADeleterFails) {
  PersistentVolumeController ctrl(server_);
  ctrl.Start();
  Apply(R"(apiVersion: v1
kind: PersistentVolume
metadata:
  name: static-disk
spec:
  capacity:
    storage: 20Gi
  accessModes: [ReadWriteOnce]
  persistentVolumeReclaimPolicy: Delete
  storageClassName: alicloud-disk-ssd
  claimRef:
    namespace: default
    name: gone
    uid: 11111111-2222-3333-4444-555555555555
  csi:
    driver: diskplugin.csi.alibabacloud.com
    volumeHandle: d-static
)");
  Settle();
  auto pv = Get<api::PersistentVolume>("static-disk");
  EXPECT_EQ(pv->status.phase, "Failed");
  std::string msg = std::string(GetParam() >= 23 ? "error" : "Error") +
                    " getting deleter volume plugin for volume \"static-disk\": no deletable "
                    "volume plugin matched";
  EXPECT_EQ(pv->status.message, msg);
  EXPECT_THAT(EventsFor("PersistentVolume", "static-disk"),
              ElementsAre("Warning VolumeFailedDelete " + msg));
}

TEST_P(PvControllerTest, ClaimsWithoutAUsableClassReportWhy) {
  PersistentVolumeController ctrl(server_);
  ctrl.Start();
  std::string no_class(kPvClaim), missing(kPvClaim);
  no_class.replace(no_class.find("alicloud-disk-ssd"), 17, "\"\"");
  no_class.replace(no_class.find("disk-ssd-web-0"), 14, "no-class");
  missing.replace(missing.find("alicloud-disk-ssd"), 17, "nope");
  missing.replace(missing.find("disk-ssd-web-0"), 14, "missing-class");
  Apply(no_class);
  Apply(missing);
  Settle();
  EXPECT_THAT(EventsFor("PersistentVolumeClaim", "no-class"),
              ElementsAre("Normal FailedBinding no persistent volumes available for this claim and "
                          "no storage class "
                          "is set"));
  EXPECT_THAT(
      EventsFor("PersistentVolumeClaim", "missing-class"),
      ElementsAre("Warning ProvisioningFailed storageclass.storage.k8s.io \"nope\" not found"));
}

TEST_P(PvControllerTest, CrashBetweenAnnotationAndVolumeStillBinds) {
  PersistentVolumeController ctrl(server_);
  ctrl.Start();
  Apply(kPvClaim);
  Settle();
  ctrl.Crash();
  FakeProvisioner provisioner(server_, "cn-hangzhou-i");
  provisioner.Start();
  ctrl.Stop();  // down while the volume appears
  Settle();
  auto pvc = Get<api::PersistentVolumeClaim>("disk-ssd-web-0");
  EXPECT_EQ(pvc->status.phase, "Pending");
  ctrl.Start();
  Settle();
  pvc = Get<api::PersistentVolumeClaim>("disk-ssd-web-0");
  EXPECT_EQ(pvc->status.phase, "Bound");
  EXPECT_EQ(Get<api::PersistentVolume>(pvc->spec.volume_name)->status.phase, "Bound");
}

INSTANTIATE_TEST_SUITE_P(Versions, PvControllerTest, ::testing::Values(22, 27, 30),
                         [](const auto& info) { return "v1_" + std::to_string(info.param); });

}  // namespace
}  // namespace snapsim::csi::kube
