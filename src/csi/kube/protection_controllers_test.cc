#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "src/csi/kube/kube_test_fixture.h"
#include "src/csi/kube/pv_protection_controller.h"
#include "src/csi/kube/pvc_protection_controller.h"

namespace snapsim::csi::kube {
namespace {

using ::testing::ElementsAre;
using testing::KubeTestBase;

constexpr std::string_view kProtectedClaim = R"(apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: alicloud-disk-ssd
  resources:
    requests:
      storage: 20Gi
)";

constexpr std::string_view kPod = R"(apiVersion: v1
kind: Pod
metadata:
  name: user
spec:
  nodeName: node-0
  containers:
  - name: nginx
    image: nginx
  volumes:
  - name: data
    persistentVolumeClaim:
      claimName: data
)";

class ProtectionTest : public KubeTestBase {
 protected:
  ProtectionTest() : KubeTestBase(30), pvc_protection_(server_), pv_protection_(server_) {
    pvc_protection_.Start();
    pv_protection_.Start();
  }
  PvcProtectionController pvc_protection_;
  PvProtectionController pv_protection_;
};

TEST_F(ProtectionTest, ClaimInUseByAScheduledPodWaitsForThePod) {
  Apply(kProtectedClaim);
  Apply(kPod);
  Settle();
  ASSERT_TRUE(server_.Delete(api::PersistentVolumeClaim::Info(), "default", "data").ok());
  Settle();
  auto claim = Get<api::PersistentVolumeClaim>("data");
  ASSERT_NE(claim, nullptr);
  EXPECT_THAT(claim->metadata.finalizers, ElementsAre("kubernetes.io/pvc-protection"));
  // Finished pods still hold the claim until they are deleted (upstream checks nodeName only).
  auto done = api::CloneAs<api::Pod>(Get<api::Pod>("user"));
  done->status.phase = "Succeeded";
  ASSERT_TRUE(server_.UpdateStatus(done).ok());
  Settle();
  EXPECT_NE(Get<api::PersistentVolumeClaim>("data"), nullptr);
  ASSERT_TRUE(
      server_.Delete(api::Pod::Info(), "default", "user", {.grace_period_seconds = 0}).ok());
  Settle();
  EXPECT_EQ(Get<api::PersistentVolumeClaim>("data"), nullptr);
}

TEST_F(ProtectionTest, UnscheduledPodDoesNotHoldTheClaim) {
  Apply(kProtectedClaim);
  std::string pod(kPod);
  pod.erase(pod.find("  nodeName: node-0\n"), 19);
  Apply(pod);
  Settle();
  ASSERT_TRUE(server_.Delete(api::PersistentVolumeClaim::Info(), "default", "data").ok());
  Settle();
  EXPECT_EQ(Get<api::PersistentVolumeClaim>("data"), nullptr);
}

TEST_F(ProtectionTest, MissingFinalizerIsAddedBack) {
  auto claim = Apply(kProtectedClaim);
  auto clone = api::CloneAs<api::PersistentVolumeClaim>(claim);
  clone->metadata.finalizers.clear();
  ASSERT_TRUE(server_.Update(clone).ok());
  Settle();
  EXPECT_THAT(Get<api::PersistentVolumeClaim>("data")->metadata.finalizers,
              ElementsAre("kubernetes.io/pvc-protection"));
}

TEST_F(ProtectionTest, BoundVolumeWaitsUntilItIsNoLongerBound) {
  auto pv = Apply(R"(apiVersion: v1
kind: PersistentVolume
metadata:
  name: disk
spec:
  capacity:
    storage: 20Gi
  accessModes: [ReadWriteOnce]
  csi:
    driver: diskplugin.csi.alibabacloud.com
    volumeHandle: d-1
)");
  auto bound = api::CloneAs<api::PersistentVolume>(pv);
  bound->status.phase = "Bound";
  ASSERT_TRUE(server_.UpdateStatus(bound).ok());
  ASSERT_TRUE(server_.Delete(api::PersistentVolume::Info(), "", "disk").ok());
  Settle();
  ASSERT_NE(Get<api::PersistentVolume>("disk"), nullptr);
  auto released = api::CloneAs<api::PersistentVolume>(Get<api::PersistentVolume>("disk"));
  released->status.phase = "Released";
  ASSERT_TRUE(server_.UpdateStatus(released).ok());
  Settle();
  EXPECT_EQ(Get<api::PersistentVolume>("disk"), nullptr);
}

}  // namespace
}  // namespace snapsim::csi::kube
