// End to end: every built-in controller of src/csi/kube together, with the
// external provisioner and the kubelet stood in by the test (kube_test_fixture.h),
// on the ACK document's StatefulSet.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "src/api/kinds.h"
#include "src/api/yaml.h"
#include "src/csi/kube/kube_test_fixture.h"
#include "src/csi/kube/pv_controller.h"
#include "src/csi/kube/pv_protection_controller.h"
#include "src/csi/kube/pvc_protection_controller.h"
#include "src/csi/kube/scheduler.h"
#include "src/csi/kube/statefulset_controller.h"

namespace snapsim::csi::kube {
namespace {

using ::testing::ElementsAre;
using testing::FakeProvisioner;
using testing::KubeTestBase;

class KubeFlowTest : public KubeTestBase, public ::testing::WithParamInterface<int> {
 protected:
  KubeFlowTest()
      : KubeTestBase(GetParam()),
        pv_(server_),
        pvc_protection_(server_),
        pv_protection_(server_),
        sts_(server_),
        scheduler_(server_),
        provisioner_(server_, "cn-hangzhou-k") {
    AddNode("node-0", "cn-hangzhou-i");
    AddNode("node-1", "cn-hangzhou-k");
    AddStorageClass("alicloud-disk-ssd", "Immediate");
    AddStorageClass("alicloud-disk-topology-alltype", "WaitForFirstConsumer");
    for (Component* c : components()) c->Start();
    provisioner_.Start();
  }
  std::vector<Component*> components() {
    return {&pv_, &pvc_protection_, &pv_protection_, &sts_, &scheduler_};
  }
  std::string ZoneOfVolume(const std::string& claim) {
    auto pvc = Get<api::PersistentVolumeClaim>(claim);
    auto pv = Get<api::PersistentVolume>(pvc->spec.volume_name);
    return pv->spec.node_affinity->required->node_selector_terms[0].match_expressions[0].values[0];
  }
  std::vector<std::string> Names(const api::KindInfo& kind) {
    std::vector<std::string> out;
    for (const auto& o : server_.PeekAll(kind)) out.push_back(o->metadata.name);
    return out;
  }
  void Scale(int replicas) {
    auto set =
        api::CloneAs<api::StatefulSet>(server_.Peek(api::StatefulSet::Info(), "default", "web"));
    set->spec.replicas = replicas;
    ASSERT_TRUE(server_.Update(set).ok());
  }

  PersistentVolumeController pv_;
  PvcProtectionController pvc_protection_;
  PvProtectionController pv_protection_;
  StatefulSetController sts_;
  Scheduler scheduler_;
  FakeProvisioner provisioner_;
};

TEST_P(KubeFlowTest, AckDocumentStatefulSetComesUp) {
  Apply(testing::kWebStatefulSet);
  Settle();
  auto pvc = Get<api::PersistentVolumeClaim>("disk-ssd-web-0");
  ASSERT_NE(pvc, nullptr);
  EXPECT_EQ(pvc->status.phase, "Bound");
  EXPECT_EQ(pvc->metadata.annotations.at("volume.beta.kubernetes.io/storage-provisioner"),
            "diskplugin.csi.alibabacloud.com");
  EXPECT_EQ(EventsFor("PersistentVolumeClaim", "disk-ssd-web-0").size(),
            1u);  // ExternalProvisioning
  EXPECT_EQ(EventsFor("PersistentVolumeClaim", "disk-ssd-web-0")[0].rfind(
                "Normal ExternalProvisioning ", 0),
            0u);
  // The volume was provisioned in zone k: the pod goes to node-1, after one try before the claim
  // was bound.
  EXPECT_EQ(ZoneOfVolume("disk-ssd-web-0"), "cn-hangzhou-k");
  EXPECT_EQ(Get<api::Pod>("web-0")->spec.node_name, "node-1");
  std::string unbound =
      GetParam() >= 27
          ? "0/2 nodes are available: pod has unbound immediate PersistentVolumeClaims. "
            "preemption: 0/2 nodes are "
            "available: 2 Preemption is not helpful for scheduling."
          : "0/2 nodes are available: 2 pod has unbound immediate PersistentVolumeClaims.";
  if (GetParam() >= 27 && GetParam() <= 29) unbound += ".";
  EXPECT_THAT(EventsFor("Pod", "web-0"),
              ElementsAre("Warning FailedScheduling " + unbound,
                          "Normal Scheduled Successfully assigned default/web-0 to node-1"));
  MarkRunningReady("web-0");
  Settle();
  auto st = Get<api::StatefulSet>("web")->status;
  EXPECT_EQ(st.replicas, 1);
  EXPECT_EQ(st.ready_replicas, 1);
  EXPECT_EQ(st.current_revision, st.update_revision);
}

TEST_P(KubeFlowTest, WaitForFirstConsumerSpreadsOverTwoZones) {
  std::string yaml(testing::kWebStatefulSet);
  yaml.replace(yaml.find("replicas: 1"), 11, "replicas: 2");
  yaml.replace(yaml.find("\"alicloud-disk-ssd\""), 19, "alicloud-disk-topology-alltype");
  Apply(yaml);
  Settle();
  EXPECT_THAT(Names(api::Pod::Info()),
              ElementsAre("web-0"));  // OrderedReady: web-1 waits for web-0
  EXPECT_EQ(Get<api::Pod>("web-0")->spec.node_name, "node-0");
  EXPECT_EQ(ZoneOfVolume("disk-ssd-web-0"), "cn-hangzhou-i");
  MarkRunningReady("web-0");
  Settle();
  EXPECT_EQ(Get<api::Pod>("web-1")->spec.node_name, "node-1");
  EXPECT_EQ(ZoneOfVolume("disk-ssd-web-1"), "cn-hangzhou-k");
  for (const char* claim : {"disk-ssd-web-0", "disk-ssd-web-1"}) {
    auto events = EventsFor("PersistentVolumeClaim", claim);
    ASSERT_FALSE(events.empty());
    EXPECT_EQ(events.back().rfind("Normal ExternalProvisioning ", 0), 0u) << claim;
  }
}

TEST_P(KubeFlowTest, PodsComeAndGoClaimsStay) {
  Apply(testing::kWebStatefulSet);
  Settle();
  MarkRunningReady("web-0");
  Scale(2);
  Settle();
  MarkRunningReady("web-1");
  Settle();
  std::string volume1 = Get<api::PersistentVolumeClaim>("disk-ssd-web-1")->spec.volume_name;
  // Scale down: web-1 terminates gracefully (the kubelet finishes it), its claim stays bound.
  Scale(1);
  Settle();
  ASSERT_TRUE(Get<api::Pod>("web-1")->metadata.being_deleted());
  FinishDeletion("web-1");
  Settle();
  EXPECT_THAT(Names(api::Pod::Info()), ElementsAre("web-0"));
  EXPECT_EQ(Get<api::PersistentVolumeClaim>("disk-ssd-web-1")->spec.volume_name, volume1);
  EXPECT_EQ(Get<api::PersistentVolume>(volume1)->status.phase, "Bound");
  // A deleted pod comes back on the same claim, in the volume's zone.
  ASSERT_TRUE(server_.Delete(api::Pod::Info(), "default", "web-0").ok());
  FinishDeletion("web-0");
  Settle();
  auto pod = Get<api::Pod>("web-0");
  ASSERT_NE(pod, nullptr);
  EXPECT_EQ(pod->spec.node_name, "node-1");
  EXPECT_EQ(pod->spec.volumes[0].persistent_volume_claim->claim_name, "disk-ssd-web-0");
  // Deleting a claim no pod uses releases its volume; the provisioner deletes it (reclaim Delete).
  ASSERT_TRUE(server_.Delete(api::PersistentVolumeClaim::Info(), "default", "disk-ssd-web-1").ok());
  Settle();
  EXPECT_EQ(Get<api::PersistentVolumeClaim>("disk-ssd-web-1"), nullptr);
  EXPECT_EQ(Get<api::PersistentVolume>(volume1), nullptr);
  // A claim in use stays (pvc-protection) until its pod is gone.
  ASSERT_TRUE(server_.Delete(api::PersistentVolumeClaim::Info(), "default", "disk-ssd-web-0").ok());
  Settle();
  EXPECT_TRUE(Get<api::PersistentVolumeClaim>("disk-ssd-web-0")->metadata.being_deleted());
}

// Each component crashes in the middle of the flow: after the claim exists and
// before it is bound; the cluster still converges.
class KubeCrashTest : public KubeFlowTest {};

TEST_P(KubeCrashTest, EveryComponentCrashMidFlowStillConverges) {
  for (std::size_t victim = 0; victim < components().size(); ++victim) {
    SCOPED_TRACE(victim);
    std::string name = fmt::format("web{}", victim);
    std::string yaml(testing::kWebStatefulSet);
    yaml.replace(yaml.find("name: web"), 9, "name: " + name);
    yaml.replace(yaml.find("\"alicloud-disk-ssd\""), 19, "alicloud-disk-topology-alltype");
    Apply(yaml);
    std::string claim = "disk-ssd-" + name + "-0";
    while (Get<api::PersistentVolumeClaim>(claim) == nullptr) ASSERT_TRUE(loop_.Step());
    components()[victim]->Crash();
    Settle();
    auto pvc = Get<api::PersistentVolumeClaim>(claim);
    EXPECT_EQ(pvc->status.phase, "Bound");
    auto pod = Get<api::Pod>(name + "-0");
    ASSERT_NE(pod, nullptr);
    EXPECT_EQ(pod->spec.node_name,
              pvc->metadata.annotations.at("volume.kubernetes.io/selected-node"));
  }
}

// Same seed, same run: every object and event, byte for byte.
std::string RunTwoZoneFlow(std::uint64_t seed) {
  engine::EventLoop loop;
  engine::Rng rng(seed);
  apiserver::ApiServer server(loop, rng, {.kube_minor = 30});
  PersistentVolumeController pv(server);
  PvcProtectionController pvc_protection(server);
  PvProtectionController pv_protection(server);
  StatefulSetController sts(server);
  Scheduler scheduler(server);
  FakeProvisioner provisioner(server, "cn-hangzhou-k");
  for (auto [node, zone] :
       {std::pair{"node-0", "cn-hangzhou-i"}, std::pair{"node-1", "cn-hangzhou-k"}}) {
    auto n = std::make_shared<api::Node>();
    n->metadata.name = node;
    n->metadata.labels = {{"topology.kubernetes.io/zone", zone},
                          {std::string(testing::kDiskZoneKey), zone}};
    auto created = server.Create(n);
    auto ready = api::CloneAs<api::Node>(*created);
    ready->status.conditions.push_back(
        {"Ready", "True", std::nullopt, std::nullopt, "KubeletReady", ""});
    (void)server.UpdateStatus(ready);
  }
  auto sc = std::make_shared<api::StorageClass>();
  sc->metadata.name = "alicloud-disk-topology-alltype";
  sc->provisioner = std::string(testing::kDriver);
  sc->volume_binding_mode = "WaitForFirstConsumer";
  (void)server.Create(sc);
  for (Component* c :
       std::initializer_list<Component*>{&pv, &pvc_protection, &pv_protection, &sts, &scheduler}) {
    c->Start();
  }
  provisioner.Start();
  std::string yaml(testing::kWebStatefulSet);
  yaml.replace(yaml.find("replicas: 1"), 11, "replicas: 2\n  podManagementPolicy: Parallel");
  yaml.replace(yaml.find("\"alicloud-disk-ssd\""), 19, "alicloud-disk-topology-alltype");
  auto set = apiserver::DecodeBody(*api::ParseYaml(yaml), api::StatefulSet::Info(), "v1");
  (void)server.Create(*set);
  loop.Settle(engine::kHour);
  std::string dump;
  for (const api::KindInfo* kind : api::RegisteredKinds()) {
    for (const auto& o : server.PeekAll(*kind)) dump += api::ToYaml(o->ToValue()) + "---\n";
  }
  return dump;
}

TEST(KubeDeterminismTest, SameSeedSameCluster) {
  std::string a = RunTwoZoneFlow(42), b = RunTwoZoneFlow(42);
  EXPECT_EQ(a, b);
  EXPECT_NE(a.find("nodeName: node-1"), std::string::npos);
  EXPECT_NE(RunTwoZoneFlow(43), a);  // uids differ with the seed
}

INSTANTIATE_TEST_SUITE_P(Versions, KubeFlowTest, ::testing::Values(22, 28, 30),
                         [](const auto& info) { return "v1_" + std::to_string(info.param); });
INSTANTIATE_TEST_SUITE_P(Versions, KubeCrashTest, ::testing::Values(22, 30),
                         [](const auto& info) { return "v1_" + std::to_string(info.param); });

}  // namespace
}  // namespace snapsim::csi::kube
