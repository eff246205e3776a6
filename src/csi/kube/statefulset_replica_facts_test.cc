#include "src/csi/kube/statefulset_replica_facts.h"

#include <gtest/gtest.h>

#include "src/csi/kube/kube_names.h"
#include "src/csi/kube/kube_test_fixture.h"

namespace snapsim::csi::kube {
namespace {

std::shared_ptr<api::Pod> MakePod(const std::string& ns, const std::string& name,
                                  const std::string& owner_uid) {
  return testing::BarePod(ns, name, owner_uid);
}

void SetReady(api::Pod& pod, const std::string& since) {
  api::PodCondition ready;
  ready.type = "Ready";
  ready.status = "True";
  ready.last_transition_time = since;
  pod.status.conditions.push_back(ready);
}

std::vector<std::string> Keys(const ReplicaFactsTable::ByKey* owned) {
  std::vector<std::string> out;
  if (owned == nullptr) return out;
  for (const auto& [key, facts] : *owned) out.push_back(key);
  return out;
}

TEST(ReplicaFactsTest, ReadsWhatASyncAsksOfAPod) {
  auto pod = MakePod("default", "web-12", "set-uid");
  pod->status.phase = "Running";
  pod->metadata.labels[std::string(kStatefulSetRevisionLabel)] = "web-7d9f";
  SetReady(*pod, "2026-11-25T10:00:00Z");
  ReplicaFacts f = ReplicaFacts::Of(pod);
  EXPECT_EQ(f.controller_uid, "set-uid");
  EXPECT_EQ(f.ordinal, 12);
  EXPECT_TRUE(f.created);
  EXPECT_FALSE(f.terminating);
  EXPECT_TRUE(f.running_and_ready);
  EXPECT_TRUE(f.Healthy());
  EXPECT_EQ(f.revision, "web-7d9f");
  const std::int64_t since = f.ready_since.value_or(0);
  EXPECT_TRUE(f.Available(0, 0));
  EXPECT_FALSE(f.Available(10, since + 9));  // minReadySeconds not yet passed
  EXPECT_TRUE(f.Available(10, since + 10));

  ReplicaFacts bare = ReplicaFacts::Of(MakePod("default", "loose", ""));
  EXPECT_EQ(bare.controller_uid, "");
  EXPECT_EQ(bare.ordinal, -1);
  EXPECT_FALSE(bare.created);
  EXPECT_FALSE(bare.Available(0, 0));
  EXPECT_EQ(bare.revision, "");
}

TEST(ReplicaFactsTest, ATableListsAControllersPodsByKeyAndForgetsReplacedObjects) {
  ReplicaFactsTable table;
  table.Put(MakePod("default", "web-1", "set-uid"));
  table.Put(MakePod("default", "web-0", "set-uid"));
  table.Put(MakePod("default", "job-0", "job-uid"));
  table.Put(MakePod("default", "loose", ""));
  EXPECT_EQ(Keys(table.ControlledBy("set-uid")), (std::vector<std::string>{"default/web-0", "default/web-1"}));

  table.Find("default/web-0")->settled = true;
  table.Put(table.Find("default/web-0")->pod);  // the same object again (a resync)
  EXPECT_TRUE(table.Find("default/web-0")->settled);
  auto replaced = MakePod("default", "web-0", "set-uid");
  replaced->status.phase = "Pending";
  table.Put(replaced);
  EXPECT_EQ(table.Find("default/web-0")->pod, replaced);
  EXPECT_FALSE(table.Find("default/web-0")->settled);  // a new object starts unsettled

  table.Put(MakePod("default", "web-1", "other-uid"));  // adopted by another controller
  EXPECT_EQ(Keys(table.ControlledBy("set-uid")), (std::vector<std::string>{"default/web-0"}));
  EXPECT_EQ(Keys(table.ControlledBy("other-uid")), (std::vector<std::string>{"default/web-1"}));

  table.Remove("default/web-0");
  EXPECT_EQ(table.ControlledBy("set-uid"), nullptr);
  EXPECT_EQ(table.Find("default/web-0"), nullptr);
  table.Clear();
  EXPECT_EQ(table.Find("default/job-0"), nullptr);
  EXPECT_EQ(table.ControlledBy("job-uid"), nullptr);
}

}  // namespace
}  // namespace snapsim::csi::kube
