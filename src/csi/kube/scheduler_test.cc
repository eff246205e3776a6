#include "src/csi/kube/scheduler.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "src/csi/kube/kube_test_fixture.h"
#include "src/csi/kube/pv_controller.h"

namespace snapsim::csi::kube {
namespace {

using ::testing::ElementsAre;
using testing::FakeProvisioner;
using ::testing::HasSubstr;
using testing::KubeTestBase;

std::string ClaimYaml(const std::string& name, const std::string& sc) {
  return fmt::format(R"(apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: {}
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: {}
  resources:
    requests:
      storage: 20Gi
)",
                     name, sc);
}

// A pod whose one container mounts `claim`; with no claim, a pod with no volumes
// (which fits every ready node).
std::string PodYaml(const std::string& name, const std::string& claim = "") {
  std::string yaml = fmt::format(R"(apiVersion: v1
kind: Pod
metadata:
  name: {}
spec:
  containers:
  - name: nginx
    image: nginx
)",
                                 name);
  if (claim.empty()) return yaml;
  return yaml + fmt::format(R"(    volumeMounts:
    - name: data
      mountPath: /data
  volumes:
  - name: data
    persistentVolumeClaim:
      claimName: {}
)",
                            claim);
}

class SchedulerTest : public KubeTestBase, public ::testing::WithParamInterface<int> {
 protected:
  SchedulerTest() : KubeTestBase(GetParam()), scheduler_(server_), pv_controller_(server_) {
    AddStorageClass("alicloud-disk-ssd", "Immediate");
    AddStorageClass("alicloud-disk-topology-alltype", "WaitForFirstConsumer");
    AddStorageClass("zone-k-only", "WaitForFirstConsumer", "Delete", {"cn-hangzhou-k"});
  }
  // node-0 (CSI volume limit `limit`) with pod "first" on it, whose claim "x" does
  // not exist yet; bound claims "b" and "c" in the node's zone; the scheduler started.
  void StartWithFirstOnNodeBeforeItsClaim(int limit) {
    AddNode("node-0", "cn-hangzhou-i");
    SetCsiVolumeLimit("node-0", limit);
    BoundClaimInZone("b", "cn-hangzhou-i");
    BoundClaimInZone("c", "cn-hangzhou-i");
    scheduler_.Start();
    std::string placed = PodYaml("first", "x");
    placed.replace(placed.find("spec:\n"), 6, "spec:\n  nodeName: node-0\n");
    Apply(placed);
  }
  const api::PodCondition* Scheduled(const std::string& pod) {
    auto p = Get<api::Pod>(pod);
    return p ? p->status.FindCondition("PodScheduled") : nullptr;
  }
  // The bound claim's volume in `zone`.
  void BoundClaimInZone(const std::string& claim, const std::string& zone) {
    FakeProvisioner provisioner(server_, zone);
    provisioner.Start();
    pv_controller_.Start();
    Apply(ClaimYaml(claim, "alicloud-disk-ssd"));
    Settle();
    provisioner.Stop();
    ASSERT_EQ(Get<api::PersistentVolumeClaim>(claim)->status.phase, "Bound");
  }
  void SetCsiVolumeLimit(const std::string& node, int count) {
    auto csinode = api::CloneAs<api::CSINode>(server_.Peek(api::CSINode::Info(), "", node));
    csinode->spec.drivers[0].allocatable->count = count;
    ASSERT_TRUE(server_.Update(csinode).ok());
  }
  std::string Preemption(int nodes) {
    if (GetParam() < 24) return "";
    return fmt::format(
        " preemption: 0/{0} nodes are available: {0} Preemption is not helpful for scheduling.{1}",
        nodes, GetParam() >= 27 && GetParam() <= 29 ? "." : "");
  }

  Scheduler scheduler_;
  PersistentVolumeController pv_controller_;
};

TEST_P(SchedulerTest, PodGoesToTheZoneOfItsBoundVolume) {
  AddNode("node-0", "cn-hangzhou-i");
  AddNode("node-1", "cn-hangzhou-k");
  BoundClaimInZone("data", "cn-hangzhou-k");
  scheduler_.Start();
  Apply(PodYaml("web-0", "data"));
  Settle();
  EXPECT_EQ(Get<api::Pod>("web-0")->spec.node_name, "node-1");
  const api::PodCondition* c = Scheduled("web-0");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->status, "True");
  EXPECT_EQ(c->last_transition_time, server_.NowRfc3339());
  EXPECT_THAT(EventsFor("Pod", "web-0"),
              ElementsAre("Normal Scheduled Successfully assigned default/web-0 to node-1"));
  auto event = api::As<api::Event>(server_.PeekAll(api::Event::Info()).back());
  EXPECT_EQ(event->source.component, "default-scheduler");
}

TEST_P(SchedulerTest, VolumeInAnotherZoneMakesThePodUnschedulable) {
  AddNode("node-0", "cn-hangzhou-i");
  BoundClaimInZone("data", "cn-hangzhou-k");
  scheduler_.Start();
  Apply(PodYaml("web-0", "data"));
  Settle();
  std::string msg =
      "0/1 nodes are available: 1 node(s) had volume node affinity conflict." + Preemption(1);
  EXPECT_THAT(EventsFor("Pod", "web-0"), ElementsAre("Warning FailedScheduling " + msg));
  const api::PodCondition* c = Scheduled("web-0");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->status, "False");
  EXPECT_EQ(c->reason, "Unschedulable");
  EXPECT_EQ(c->message, msg);
  EXPECT_TRUE(Get<api::Pod>("web-0")->spec.node_name.empty());
  // A node in the volume's zone appears: the pod is retried and bound there.
  AddNode("node-1", "cn-hangzhou-k");
  Settle();
  EXPECT_EQ(Get<api::Pod>("web-0")->spec.node_name, "node-1");
}

// isPodUpdated: an unschedulable pod is retried at once when its spec or metadata
// changes, but not for a change of status or resourceVersion alone.
TEST_P(SchedulerTest, ParkedPodIsRetriedWhenItsSpecOrMetadataChanges) {
  AddNode("node-0", "cn-hangzhou-i");
  BoundClaimInZone("data", "cn-hangzhou-k");
  scheduler_.Start();
  Apply(PodYaml("web-0", "data"));
  Settle();
  ASSERT_EQ(EventCount("Pod", "web-0", "FailedScheduling"), 1);
  auto pod = api::CloneAs<api::Pod>(server_.Peek(api::Pod::Info(), "default", "web-0"));
  pod->status.conditions.push_back({.type = "Example", .status = "True"});
  ASSERT_TRUE(server_.UpdateStatus(pod).ok());
  Settle();
  EXPECT_EQ(EventCount("Pod", "web-0", "FailedScheduling"), 1);
  pod = api::CloneAs<api::Pod>(server_.Peek(api::Pod::Info(), "default", "web-0"));
  pod->metadata.labels["tier"] = "web";
  ASSERT_TRUE(server_.Update(pod).ok());
  Settle();
  EXPECT_EQ(EventCount("Pod", "web-0", "FailedScheduling"), 2);
}

TEST_P(SchedulerTest, UnboundImmediateClaimBlocksUntilBound) {
  AddNode("node-0", "cn-hangzhou-i");
  AddNode("node-1", "cn-hangzhou-k");
  scheduler_.Start();
  Apply(ClaimYaml("data", "alicloud-disk-ssd"));
  Apply(PodYaml("web-0", "data"));
  Settle();
  std::string msg =
      GetParam() >= 27
          ? "0/2 nodes are available: pod has unbound immediate PersistentVolumeClaims."
          : "0/2 nodes are available: 2 pod has unbound immediate PersistentVolumeClaims.";
  msg += Preemption(2);
  EXPECT_THAT(EventsFor("Pod", "web-0"), ElementsAre("Warning FailedScheduling " + msg));
  FakeProvisioner provisioner(server_, "cn-hangzhou-i");
  provisioner.Start();
  pv_controller_.Start();
  Settle();
  EXPECT_EQ(Get<api::Pod>("web-0")->spec.node_name, "node-0");
  EXPECT_EQ(EventsFor("Pod", "web-0").back(),
            "Normal Scheduled Successfully assigned default/web-0 to node-0");
}

TEST_P(SchedulerTest, WaitForFirstConsumerFollowsAllowedTopologies) {
  AddNode("node-0", "cn-hangzhou-i");
  AddNode("node-1", "cn-hangzhou-k");
  FakeProvisioner provisioner(server_, "cn-hangzhou-i");
  provisioner.Start();
  pv_controller_.Start();
  scheduler_.Start();
  Apply(ClaimYaml("data", "zone-k-only"));
  Apply(PodYaml("web-0", "data"));
  Settle();
  auto claim = Get<api::PersistentVolumeClaim>("data");
  EXPECT_EQ(claim->metadata.annotations.at("volume.kubernetes.io/selected-node"), "node-1");
  EXPECT_EQ(claim->status.phase, "Bound");
  auto pv = Get<api::PersistentVolume>(claim->spec.volume_name);
  EXPECT_EQ(pv->spec.node_affinity->required->node_selector_terms[0].match_expressions[0].values[0],
            "cn-hangzhou-k");
  EXPECT_EQ(Get<api::Pod>("web-0")->spec.node_name, "node-1");
}

TEST_P(SchedulerTest, VolumeBindingTimesOutWithoutAProvisioner) {
  AddNode("node-0", "cn-hangzhou-i");
  pv_controller_.Start();
  scheduler_.Start();
  Apply(ClaimYaml("data", "alicloud-disk-topology-alltype"));
  Apply(PodYaml("web-0", "data"));
  loop_.RunUntil(loop_.Now() + 601 * engine::kSecond);
  std::string msg =
      std::string("running PreBind plugin \"VolumeBinding\": binding volumes: ") +
      (GetParam() >= 27 ? "context deadline exceeded" : "timed out waiting for the condition");
  EXPECT_THAT(EventsFor("Pod", "web-0"), ElementsAre("Warning FailedScheduling " + msg));
  EXPECT_EQ(Scheduled("web-0")->reason, "SchedulerError");
  EXPECT_EQ(Get<api::PersistentVolumeClaim>("data")->metadata.annotations.at(
                "volume.kubernetes.io/selected-node"),
            "node-0");
}

TEST_P(SchedulerTest, NotReadyNodeIsTainted) {
  AddNode("node-0", "cn-hangzhou-i", /*ready=*/false);
  scheduler_.Start();
  Apply(R"(apiVersion: v1
kind: Pod
metadata:
  name: plain
spec:
  containers:
  - name: nginx
    image: nginx
)");
  Settle();
  std::string taint =
      GetParam() >= 25
          ? "1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }"
          : "1 node(s) had taint {node.kubernetes.io/not-ready: }, that the pod didn't "
            "tolerate";
  EXPECT_THAT(EventsFor("Pod", "plain"),
              ElementsAre("Warning FailedScheduling 0/1 nodes are available: " + taint + "." +
                          Preemption(1)));
}

TEST_P(SchedulerTest, CrashWhileWaitingForTheVolumeStillBinds) {
  AddNode("node-0", "cn-hangzhou-i");
  AddNode("node-1", "cn-hangzhou-k");
  pv_controller_.Start();
  scheduler_.Start();
  Apply(ClaimYaml("data", "alicloud-disk-topology-alltype"));
  Apply(PodYaml("web-0", "data"));
  Settle(1);
  ASSERT_EQ(Get<api::PersistentVolumeClaim>("data")->metadata.annotations.count(
                "volume.kubernetes.io/selected-node"),
            1u);
  scheduler_.Crash();
  FakeProvisioner provisioner(server_, "cn-hangzhou-i");
  provisioner.Start();
  Settle();
  auto claim = Get<api::PersistentVolumeClaim>("data");
  EXPECT_EQ(claim->status.phase, "Bound");
  EXPECT_EQ(Get<api::Pod>("web-0")->spec.node_name,
            claim->metadata.annotations.at("volume.kubernetes.io/selected-node"));
}

TEST_P(SchedulerTest, CsiVolumeLimitOfTheNode) {
  AddNode("node-0", "cn-hangzhou-i");
  SetCsiVolumeLimit("node-0", 1);
  BoundClaimInZone("a", "cn-hangzhou-i");
  BoundClaimInZone("b", "cn-hangzhou-i");
  scheduler_.Start();
  Apply(PodYaml("first", "a"));
  Settle();
  Apply(PodYaml("second", "b"));
  Settle();
  EXPECT_EQ(Get<api::Pod>("first")->spec.node_name, "node-0");
  std::string msg = "0/1 nodes are available: 1 node(s) exceed max volume count.";
  if (GetParam() >= 24) {
    msg += " preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.";
    if (GetParam() >= 27 && GetParam() <= 29) msg += ".";
  }
  EXPECT_THAT(EventsFor("Pod", "second"), ElementsAre("Warning FailedScheduling " + msg));
}

// The volumes of the pods already on a node are remembered between cycles; a claim
// that appears (or changes) later must count from then on.
TEST_P(SchedulerTest, CsiVolumeLimitCountsAClaimThatAppearedAfterItsPod) {
  StartWithFirstOnNodeBeforeItsClaim(2);
  Apply(PodYaml("second", "b"));
  Settle();
  ASSERT_EQ(Get<api::Pod>("second")->spec.node_name, "node-0");  // first counted nothing
  BoundClaimInZone("x", "cn-hangzhou-i");
  Apply(PodYaml("third", "c"));
  Settle();
  EXPECT_EQ(Get<api::Pod>("third")->spec.node_name, "");  // x and b fill the node
  EXPECT_THAT(EventsFor("Pod", "third"),
              ElementsAre(HasSubstr("1 node(s) exceed max volume count")));
}

TEST_P(SchedulerTest, CsiVolumeLimitRecountsANodeWhoseFilterAnswerWasKept) {
  StartWithFirstOnNodeBeforeItsClaim(1);
  std::string two = PodYaml("second", "b");
  two += "  - name: more\n    persistentVolumeClaim:\n      claimName: c\n";
  Apply(two);  // two volumes against a limit of one: the node's count is worked out, nothing moves
  Settle();
  ASSERT_EQ(Get<api::Pod>("second")->spec.node_name, "");
  BoundClaimInZone("x", "cn-hangzhou-i");  // first's volume now counts, on an unchanged node
  Apply(PodYaml("third", "b"));
  Settle();
  EXPECT_EQ(Get<api::Pod>("third")->spec.node_name, "");
  EXPECT_THAT(EventsFor("Pod", "third"),
              ElementsAre(HasSubstr("1 node(s) exceed max volume count")));
}

TEST_P(SchedulerTest, MissingClaimIsReported) {
  AddNode("node-0", "cn-hangzhou-i");
  scheduler_.Start();
  Apply(PodYaml("web-0", "nope"));
  Settle();
  std::string msg = GetParam() >= 27
                        ? "0/1 nodes are available: persistentvolumeclaim \"nope\" not found."
                        : "0/1 nodes are available: 1 persistentvolumeclaim \"nope\" not found.";
  EXPECT_THAT(EventsFor("Pod", "web-0"),
              ElementsAre("Warning FailedScheduling " + msg + Preemption(1)));
}

// 200 nodes: a cycle stops after 100 fitting nodes (49% of 200 is 98, below the
// minimum of 100), and the next cycle goes on from the node after the last one looked at.
TEST_P(SchedulerTest, LargeClusterCycleLooksAtEnoughNodesFromWhereTheLastStopped) {
  for (int i = 0; i < 200; ++i) AddNode(fmt::format("node-{:03}", i), "cn-hangzhou-i");
  scheduler_.Start();
  for (const char* pod : {"a", "b", "c"}) {
    Apply(PodYaml(pod));
    Settle();
  }
  EXPECT_EQ(Get<api::Pod>("a")->spec.node_name, "node-000");  // nodes 0..99 looked at
  EXPECT_EQ(Get<api::Pod>("b")->spec.node_name, "node-100");  // nodes 100..199
  EXPECT_EQ(Get<api::Pod>("c")->spec.node_name, "node-001");  // 0..99 again; node-000 has a pod
  // A restarted scheduler starts from the first node again.
  scheduler_.Stop();
  scheduler_.Start();
  Apply(PodYaml("d"));
  Settle();
  EXPECT_EQ(Get<api::Pod>("d")->spec.node_name, "node-002");
}

TEST_P(SchedulerTest, SmallClusterCycleLooksAtEveryNode) {
  for (int i = 0; i < 99; ++i) AddNode(fmt::format("node-{:02}", i), "cn-hangzhou-i");
  scheduler_.Start();
  for (const char* pod : {"a", "b"}) {
    Apply(PodYaml(pod));
    Settle();
  }
  EXPECT_EQ(Get<api::Pod>("a")->spec.node_name, "node-00");
  EXPECT_EQ(Get<api::Pod>("b")->spec.node_name, "node-01");
}

TEST(NumFeasibleNodesToFindTest, AdaptivePercentageWithAFloorOf100Nodes) {
  EXPECT_EQ(NumFeasibleNodesToFind(1, 0), 1u);
  EXPECT_EQ(NumFeasibleNodesToFind(99, 0), 99u);
  EXPECT_EQ(NumFeasibleNodesToFind(100, 0), 100u);     // 50%, raised to 100
  EXPECT_EQ(NumFeasibleNodesToFind(200, 0), 100u);     // 49% = 98, raised to 100
  EXPECT_EQ(NumFeasibleNodesToFind(1000, 0), 420u);    // 42%
  EXPECT_EQ(NumFeasibleNodesToFind(5000, 0), 500u);    // 10%
  EXPECT_EQ(NumFeasibleNodesToFind(6000, 0), 300u);    // 2%, raised to 5%
  EXPECT_EQ(NumFeasibleNodesToFind(10000, 0), 500u);   // 5%
  EXPECT_EQ(NumFeasibleNodesToFind(1000, 30), 300u);   // configured
  EXPECT_EQ(NumFeasibleNodesToFind(1000, 5), 100u);    // configured, raised to 100
  EXPECT_EQ(NumFeasibleNodesToFind(1000, 100), 1000u);
  EXPECT_EQ(NumFeasibleNodesToFind(50, 10), 50u);      // below 100 nodes: all of them
}

INSTANTIATE_TEST_SUITE_P(Versions, SchedulerTest, ::testing::Values(22, 24, 28, 30),
                         [](const auto& info) { return "v1_" + std::to_string(info.param); });

}  // namespace
}  // namespace snapsim::csi::kube
