#include "src/csi/kube/statefulset_controller.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "src/csi/kube/kube_test_fixture.h"
#include "src/csi/kube/object_store.h"
#include "src/csi/kube/statefulset_identity.h"

namespace snapsim::csi::kube {
namespace {

using ::testing::ElementsAre;
using testing::KubeTestBase;

class StatefulSetTest : public KubeTestBase, public ::testing::WithParamInterface<int> {
 protected:
  StatefulSetTest() : KubeTestBase(GetParam()), ctrl_(server_) { ctrl_.Start(); }

  void Scale(int replicas, const std::string& policy = "") {
    auto set =
        api::CloneAs<api::StatefulSet>(server_.Peek(api::StatefulSet::Info(), "default", "web"));
    set->spec.replicas = replicas;
    if (!policy.empty()) set->spec.pod_management_policy = policy;
    ASSERT_TRUE(server_.Update(set).ok());
  }
  std::vector<std::string> PodNames() {
    std::vector<std::string> out;
    for (const auto& p : server_.PeekAll(api::Pod::Info())) out.push_back(p->metadata.name);
    return out;
  }
  std::vector<std::string> ClaimNames() {
    std::vector<std::string> out;
    for (const auto& p : server_.PeekAll(api::PersistentVolumeClaim::Info()))
      out.push_back(p->metadata.name);
    return out;
  }
  void ScheduleTo(const std::string& pod, const std::string& node) {
    auto clone = api::CloneAs<api::Pod>(Get<api::Pod>(pod));
    clone->spec.node_name = node;
    ASSERT_TRUE(server_.Update(clone).ok());
  }

  StatefulSetController ctrl_;
};

TEST_P(StatefulSetTest, AckDocumentStatefulSetGetsItsClaimThenItsPod) {
  auto set = Apply(testing::kWebStatefulSet);
  Settle();
  auto claim = Get<api::PersistentVolumeClaim>("disk-ssd-web-0");
  auto pod = Get<api::Pod>("web-0");
  ASSERT_NE(claim, nullptr);
  ASSERT_NE(pod, nullptr);
  EXPECT_LT(ResourceVersionNumber(claim->metadata.resource_version),
            ResourceVersionNumber(pod->metadata.resource_version));
  // The claim: the template's spec, the selector's labels, no owner under Retain.
  EXPECT_THAT(claim->metadata.labels,
              ElementsAre(std::pair<const std::string, std::string>("app", "nginx")));
  EXPECT_TRUE(claim->metadata.owner_references.empty());
  EXPECT_EQ(*claim->spec.storage_class_name, "alicloud-disk-ssd");
  EXPECT_EQ(claim->spec.resources.requests.at("storage").ToString(), "20Gi");
  // The pod: template + identity + storage + revision.
  std::string revision = RevisionName(*api::As<api::StatefulSet>(set));
  EXPECT_THAT(revision, ::testing::MatchesRegex("web-[bcdfghjklmnpqrstvwxz2456789]+"));
  std::map<std::string, std::string> labels = {{"app", "nginx"},
                                               {"controller-revision-hash", revision},
                                               {"statefulset.kubernetes.io/pod-name", "web-0"}};
  if (GetParam() >= 28) labels["apps.kubernetes.io/pod-index"] = "0";
  EXPECT_EQ(pod->metadata.labels, labels);
  EXPECT_EQ(pod->metadata.generate_name, "web-");
  ASSERT_EQ(pod->metadata.owner_references.size(), 1u);
  const auto& ref = pod->metadata.owner_references[0];
  EXPECT_EQ(ref.api_version, "apps/v1");
  EXPECT_EQ(ref.kind, "StatefulSet");
  EXPECT_EQ(ref.name, "web");
  EXPECT_EQ(ref.uid, set->metadata.uid);
  EXPECT_TRUE(*ref.controller);
  EXPECT_TRUE(*ref.block_owner_deletion);
  EXPECT_EQ(pod->spec.hostname, "web-0");
  EXPECT_EQ(pod->spec.subdomain, "nginx");
  ASSERT_FALSE(pod->spec.volumes.empty());
  EXPECT_EQ(pod->spec.volumes[0].name, "disk-ssd");
  EXPECT_EQ(pod->spec.volumes[0].persistent_volume_claim->claim_name, "disk-ssd-web-0");
  EXPECT_THAT(
      EventsFor("StatefulSet", "web"),
      ElementsAre("Normal SuccessfulCreate create Claim disk-ssd-web-0 Pod web-0 in StatefulSet "
                  "web success",
                  "Normal SuccessfulCreate create Pod web-0 in StatefulSet web successful"));
  auto st = Get<api::StatefulSet>("web")->status;
  EXPECT_EQ(st.observed_generation, 1);
  EXPECT_EQ(st.replicas, 1);
  EXPECT_EQ(st.ready_replicas, 0);
  EXPECT_EQ(st.current_replicas, 1);
  EXPECT_EQ(st.updated_replicas, 1);
  EXPECT_EQ(st.current_revision, revision);
  EXPECT_EQ(st.update_revision, revision);
  EXPECT_EQ(st.collision_count, 0);

  MarkRunningReady("web-0");
  Settle();
  st = Get<api::StatefulSet>("web")->status;
  EXPECT_EQ(st.ready_replicas, 1);
  EXPECT_EQ(st.available_replicas, GetParam() >= 23 ? 1 : 0);
}

TEST_P(StatefulSetTest, OrderedReadyCreatesOnePodAtATime) {
  Apply(testing::kWebStatefulSet);
  Settle();
  MarkRunningReady("web-0");
  Scale(3);
  Settle();
  EXPECT_THAT(PodNames(), ElementsAre("web-0", "web-1"));
  MarkRunningReady("web-1", /*ready=*/false);
  Settle();
  EXPECT_THAT(PodNames(), ElementsAre("web-0", "web-1"));  // web-1 runs but is not Ready
  MarkRunningReady("web-1");
  Settle();
  EXPECT_THAT(PodNames(), ElementsAre("web-0", "web-1", "web-2"));
  EXPECT_THAT(ClaimNames(), ElementsAre("disk-ssd-web-0", "disk-ssd-web-1", "disk-ssd-web-2"));
}

TEST_P(StatefulSetTest, ParallelCreatesAllPodsAtOnce) {
  std::string yaml(testing::kWebStatefulSet);
  yaml.replace(yaml.find("replicas: 1"), 11, "replicas: 3\n  podManagementPolicy: Parallel");
  Apply(yaml);
  Settle();
  EXPECT_THAT(PodNames(), ElementsAre("web-0", "web-1", "web-2"));
}

TEST_P(StatefulSetTest, ScaleDownDeletesTheHighestOrdinalFirstAndKeepsClaims) {
  std::string yaml(testing::kWebStatefulSet);
  yaml.replace(yaml.find("replicas: 1"), 11, "replicas: 3\n  podManagementPolicy: Parallel");
  Apply(yaml);
  Settle();
  for (const char* p : {"web-0", "web-1", "web-2"}) {
    ScheduleTo(p, "node-0");  // scheduled pods are deleted gracefully
    MarkRunningReady(p);
  }
  Scale(1, "OrderedReady");
  Settle();
  EXPECT_TRUE(Get<api::Pod>("web-2")->metadata.being_deleted());
  EXPECT_FALSE(Get<api::Pod>("web-1")->metadata.being_deleted());  // waits for web-2 to go
  FinishDeletion("web-2");
  Settle();
  EXPECT_TRUE(Get<api::Pod>("web-1")->metadata.being_deleted());
  FinishDeletion("web-1");
  Settle();
  EXPECT_THAT(PodNames(), ElementsAre("web-0"));
  EXPECT_THAT(ClaimNames(), ElementsAre("disk-ssd-web-0", "disk-ssd-web-1", "disk-ssd-web-2"));
  auto events = EventsFor("StatefulSet", "web");
  EXPECT_THAT(
      std::vector<std::string>(events.end() - 2, events.end()),
      ElementsAre("Normal SuccessfulDelete delete Pod web-2 in StatefulSet web successful",
                  "Normal SuccessfulDelete delete Pod web-1 in StatefulSet web successful"));
  auto st = Get<api::StatefulSet>("web")->status;
  EXPECT_EQ(st.replicas, 1);
  EXPECT_EQ(st.ready_replicas, 1);
}

TEST_P(StatefulSetTest, DeletedPodIsRecreatedWithItsClaim) {
  Apply(testing::kWebStatefulSet);
  Settle();
  std::string uid = Get<api::Pod>("web-0")->metadata.uid;
  ASSERT_TRUE(server_.Delete(api::Pod::Info(), "default", "web-0").ok());
  Settle();
  auto pod = Get<api::Pod>("web-0");
  ASSERT_NE(pod, nullptr);
  EXPECT_NE(pod->metadata.uid, uid);
  EXPECT_EQ(pod->spec.volumes[0].persistent_volume_claim->claim_name, "disk-ssd-web-0");
  EXPECT_THAT(ClaimNames(), ElementsAre("disk-ssd-web-0"));
  EXPECT_THAT(
      EventsFor("StatefulSet", "web"),
      ElementsAre("Normal SuccessfulCreate create Claim disk-ssd-web-0 Pod web-0 in StatefulSet "
                  "web success",
                  "Normal SuccessfulCreate create Pod web-0 in StatefulSet web successful"));
  EXPECT_EQ(EventCountFor("StatefulSet", "web", "create Pod web-0 in StatefulSet web successful"),
            2);
}

TEST_P(StatefulSetTest, FailedWritesAreReportedAndRetried) {
  int failures = 1;
  server_.SetFaultHook([&](const apiserver::Request& r) -> std::optional<apiserver::FaultDecision> {
    if (r.verb == apiserver::Verb::kCreate && r.kind == &api::Pod::Info() && failures > 0) {
      --failures;
      return apiserver::FaultDecision{
          apiserver::ApiError::InternalError("etcdserver: request timed out")};
    }
    return std::nullopt;
  });
  Apply(testing::kWebStatefulSet);
  Settle();
  EXPECT_NE(Get<api::Pod>("web-0"), nullptr);
  EXPECT_THAT(
      EventsFor("StatefulSet", "web"),
      ElementsAre(
          "Normal SuccessfulCreate create Claim disk-ssd-web-0 Pod web-0 in StatefulSet web "
          "success",
          "Warning FailedCreate create Pod web-0 in StatefulSet web failed error: etcdserver: "
          "request timed out",
          "Normal SuccessfulCreate create Pod web-0 in StatefulSet web successful"));
}

TEST_P(StatefulSetTest, CrashAfterTheClaimStillCreatesThePod) {
  Apply(testing::kWebStatefulSet);
  while (Get<api::PersistentVolumeClaim>("disk-ssd-web-0") == nullptr) ASSERT_TRUE(loop_.Step());
  ctrl_.Crash();
  Settle();
  EXPECT_THAT(PodNames(), ElementsAre("web-0"));
  EXPECT_THAT(ClaimNames(), ElementsAre("disk-ssd-web-0"));
}

TEST_P(StatefulSetTest, RetentionPolicyDeleteOwnsTheClaims) {
  if (GetParam() < 27) GTEST_SKIP() << "StatefulSetAutoDeletePVC is on from 1.27";
  std::string yaml(testing::kWebStatefulSet);
  yaml.replace(
      yaml.find("replicas: 1"), 11,
      "replicas: 2\n  podManagementPolicy: Parallel\n  persistentVolumeClaimRetentionPolicy:\n"
      "    whenDeleted: Delete\n    whenScaled: Delete");
  auto set = Apply(yaml);
  Settle();
  auto claim = Get<api::PersistentVolumeClaim>("disk-ssd-web-1");
  ASSERT_EQ(claim->metadata.owner_references.size(), 1u);
  EXPECT_EQ(claim->metadata.owner_references[0].kind, "StatefulSet");
  EXPECT_EQ(claim->metadata.owner_references[0].uid, set->metadata.uid);
  MarkRunningReady("web-0");
  MarkRunningReady("web-1");
  Scale(1);
  Settle();
  EXPECT_THAT(PodNames(), ElementsAre("web-0"));
  // web-1's claim goes with its pod (the garbage collector deletes it; pvc-protection then lets it
  // go).
  auto condemned = Get<api::PersistentVolumeClaim>("disk-ssd-web-1");
  ASSERT_NE(condemned, nullptr);
  EXPECT_TRUE(condemned->metadata.being_deleted());
  ASSERT_EQ(condemned->metadata.owner_references.size(), 1u);
  EXPECT_EQ(condemned->metadata.owner_references[0].kind, "Pod");
  EXPECT_FALSE(Get<api::PersistentVolumeClaim>("disk-ssd-web-0")->metadata.being_deleted());
}

// A replica found settled is skipped by later syncs only while its claims stay as they
// were: a claim that loses its owner is mended at the next sync.
TEST_P(StatefulSetTest, ASettledReplicaIsRevisitedWhenItsClaimChanges) {
  if (GetParam() < 27) GTEST_SKIP() << "StatefulSetAutoDeletePVC is on from 1.27";
  std::string yaml(testing::kWebStatefulSet);
  yaml.replace(yaml.find("replicas: 1"), 11,
               "replicas: 2\n  podManagementPolicy: Parallel\n  persistentVolumeClaimRetentionPolicy:\n"
               "    whenDeleted: Delete\n    whenScaled: Retain");
  auto set = Apply(yaml);
  Settle();
  MarkRunningReady("web-0");
  MarkRunningReady("web-1");
  Settle();
  auto orphan = api::CloneAs<api::PersistentVolumeClaim>(Get<api::PersistentVolumeClaim>("disk-ssd-web-0"));
  ASSERT_EQ(orphan->metadata.owner_references.size(), 1u);
  orphan->metadata.owner_references.clear();
  ASSERT_TRUE(server_.Update(orphan).ok());
  Settle();
  // Claims are not watched for syncs (as upstream): a pod change brings the next one.
  auto touched = api::CloneAs<api::Pod>(Get<api::Pod>("web-1"));
  touched->metadata.annotations["touched"] = "yes";
  ASSERT_TRUE(server_.Update(touched).ok());
  Settle();
  auto mended = Get<api::PersistentVolumeClaim>("disk-ssd-web-0");
  ASSERT_EQ(mended->metadata.owner_references.size(), 1u);
  EXPECT_EQ(mended->metadata.owner_references[0].kind, "StatefulSet");
  EXPECT_EQ(mended->metadata.owner_references[0].uid, set->metadata.uid);
}

TEST_P(StatefulSetTest, TemplateChangeRollsPodsFromTheHighestOrdinal) {
  std::string yaml(testing::kWebStatefulSet);
  yaml.replace(yaml.find("replicas: 1"), 11, "replicas: 2");
  auto set = Apply(yaml);
  Settle();
  MarkRunningReady("web-0");
  Settle();
  MarkRunningReady("web-1");
  Settle();
  std::string old_revision = RevisionName(*api::As<api::StatefulSet>(set));
  auto changed = api::CloneAs<api::StatefulSet>(Get<api::StatefulSet>("web"));
  changed->spec.template_.spec.containers[0].image = "nginx:1.25";
  ASSERT_TRUE(server_.Update(changed).ok());
  Settle();
  std::string new_revision = RevisionName(*Get<api::StatefulSet>("web"));
  ASSERT_NE(new_revision, old_revision);
  // web-1 went first and came back at the new revision; web-0 waits for it to be ready.
  EXPECT_EQ(Get<api::Pod>("web-1")->metadata.labels.at("controller-revision-hash"), new_revision);
  EXPECT_EQ(Get<api::Pod>("web-0")->metadata.labels.at("controller-revision-hash"), old_revision);
  auto st = Get<api::StatefulSet>("web")->status;
  EXPECT_EQ(st.current_revision, old_revision);
  EXPECT_EQ(st.update_revision, new_revision);
  EXPECT_EQ(st.observed_generation, 2);
  MarkRunningReady("web-1");
  Settle();
  MarkRunningReady("web-0");
  Settle();
  EXPECT_EQ(Get<api::Pod>("web-0")->spec.containers[0].image, "nginx:1.25");
  st = Get<api::StatefulSet>("web")->status;
  EXPECT_EQ(st.current_revision, new_revision);
  EXPECT_EQ(st.current_replicas, 2);
  EXPECT_EQ(st.updated_replicas, 2);
}

INSTANTIATE_TEST_SUITE_P(Versions, StatefulSetTest, ::testing::Values(22, 27, 28, 30),
                         [](const auto& info) { return "v1_" + std::to_string(info.param); });

TEST(StatefulSetIdentityTest, NamesAndHashes) {
  EXPECT_EQ(ParentNameAndOrdinal("web-12"), std::make_pair(std::string("web"), 12));
  EXPECT_EQ(ParentNameAndOrdinal("my-web-0"), std::make_pair(std::string("my-web"), 0));
  EXPECT_EQ(ParentNameAndOrdinal("web"), std::make_pair(std::string(""), -1));
  EXPECT_EQ(ParentNameAndOrdinal("web-x"), std::make_pair(std::string(""), -1));
  api::StatefulSet set;
  set.metadata.name = "web";
  set.metadata.namespace_ = "default";
  api::EmbeddedPersistentVolumeClaim tmpl;
  tmpl.metadata.name = "data";
  set.spec.volume_claim_templates = {tmpl};
  EXPECT_EQ(StatefulPodName(set, 12), "web-12");
  EXPECT_EQ(StatefulClaimName(set, tmpl, 12), "data-web-12");
  api::Pod pod = NewStatefulSetPod(set, 12, "web-abc", 30);
  EXPECT_TRUE(IdentityMatches(set, pod));
  EXPECT_TRUE(StorageMatches(set, pod));
  for (const char* name : {"web-012", "web-1", "web-12x", "webx-12", "web"}) {
    api::Pod other = pod;
    other.metadata.name = name;
    EXPECT_FALSE(IdentityMatches(set, other)) << name;
  }
  for (const char* claim : {"data-web-1", "data-web-120", "data-webx-12", "datax-web-12", "data-web-"}) {
    api::Pod other = pod;
    other.spec.volumes[0].persistent_volume_claim->claim_name = claim;
    EXPECT_FALSE(StorageMatches(set, other)) << claim;
  }
  // apimachinery's SafeEncodeString maps each byte into its consonant/digit alphabet.
  EXPECT_EQ(SafeEncodeString("0123456789"), "456789bcdf");
  EXPECT_EQ(Fnv1Hash32(""), 2166136261u);
  EXPECT_EQ(Fnv1Hash32("a"), 0x050c5d7eu);  // FNV-1, not FNV-1a
}

}  // namespace
}  // namespace snapsim::csi::kube
