#include "src/csi/kube/scheduler_cache.h"

#include <gtest/gtest.h>

#include "src/csi/kube/kube_test_fixture.h"

namespace snapsim::csi::kube {
namespace {

PodPtr MakePod(const std::string& name, const std::string& node, const std::string& cpu = "",
               const std::string& owner_uid = "", const std::string& phase = "Running") {
  auto pod = testing::BarePod("default", name, owner_uid);
  pod->metadata.uid = "uid-" + name;
  pod->spec.node_name = node;
  pod->status.phase = phase;
  api::Container c;
  c.name = "c";
  if (!cpu.empty()) c.resources.requests["cpu"] = *api::Quantity::Parse(cpu);
  pod->spec.containers.push_back(c);
  return pod;
}

std::vector<std::string> Names(const NodePods& on) {
  std::vector<std::string> out;
  for (const auto& p : on.pods) out.push_back(p->metadata.name);
  return out;
}

TEST(SchedulerCacheTest, BoundPodsCountAgainstTheirNodeInKeyOrderWithTheirRequests) {
  SchedulerCache cache;
  cache.SetPod("default/web-1", MakePod("web-1", "node-a", "250m"));
  cache.SetPod("default/web-0", MakePod("web-0", "node-a", "1"));
  cache.SetPod("default/other", MakePod("other", "node-b", "100m"));
  cache.SetPod("default/pending", MakePod("pending", ""));
  EXPECT_EQ(Names(*cache.On("node-a")), (std::vector<std::string>{"web-0", "web-1"}));
  EXPECT_EQ(cache.On("node-a")->requested.milli_cpu, 1250);
  EXPECT_EQ(Names(*cache.On("node-b")), (std::vector<std::string>{"other"}));
  EXPECT_TRUE(cache.On("node-c")->pods.empty());
}

TEST(SchedulerCacheTest, AnAssumedPodCountsUntilTheInformerHasItBound) {
  SchedulerCache cache;
  PodPtr pending = MakePod("web-0", "");
  cache.SetPod("default/web-0", pending);
  cache.Assume("default/web-0", MakePod("web-0", "node-a"));
  EXPECT_TRUE(cache.IsAssumed("default/web-0"));
  EXPECT_EQ(Names(*cache.On("node-a")), (std::vector<std::string>{"web-0"}));

  PodPtr bound = MakePod("web-0", "node-a");
  cache.SetPod("default/web-0", bound);
  EXPECT_EQ(cache.On("node-a")->pods.front(), bound);  // the informer's object wins
  cache.Unassume("default/web-0");
  EXPECT_FALSE(cache.IsAssumed("default/web-0"));
  EXPECT_EQ(cache.On("node-a")->pods.front(), bound);

  cache.SetPod("default/web-1", MakePod("web-1", ""));
  cache.Assume("default/web-1", MakePod("web-1", "node-b"));
  cache.Unassume("default/web-1");  // the binding failed
  EXPECT_TRUE(cache.On("node-b")->pods.empty());
}

TEST(SchedulerCacheTest, FinishedDeletedAndUninformedPodsCountNowhere) {
  SchedulerCache cache;
  cache.SetPod("default/done", MakePod("done", "node-a", "", "", "Succeeded"));
  cache.SetPod("default/failed", MakePod("failed", "node-a", "", "", "Failed"));
  cache.SetPod("default/gone", MakePod("gone", "node-a"));
  cache.SetPod("default/gone", nullptr);
  cache.Assume("default/never-seen", MakePod("never-seen", "node-a"));
  EXPECT_TRUE(cache.On("node-a")->pods.empty());

  cache.SetPod("default/moving", MakePod("moving", "node-a"));
  cache.SetPod("default/moving", MakePod("moving", "node-b"));
  EXPECT_TRUE(cache.On("node-a")->pods.empty());
  EXPECT_EQ(Names(*cache.On("node-b")), (std::vector<std::string>{"moving"}));
}

TEST(SchedulerCacheTest, AReadNodeStaysAsItWasAfterLaterChanges) {
  SchedulerCache cache;
  cache.SetPod("default/a", MakePod("a", "node-a", "1"));
  auto before = cache.On("node-a");
  EXPECT_EQ(cache.On("node-a"), before);  // no change: the same object
  cache.SetPod("default/b", MakePod("b", "node-a", "1"));
  EXPECT_EQ(Names(*before), (std::vector<std::string>{"a"}));
  EXPECT_EQ(before->requested.milli_cpu, 1000);
  EXPECT_EQ(Names(*cache.On("node-a")), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(cache.On("node-a")->requested.milli_cpu, 2000);
}

TEST(SchedulerCacheTest, SameControllerCountsSiblingsButNotPodsNamedLikeThePod) {
  SchedulerCache cache;
  cache.SetPod("default/web-0", MakePod("web-0", "node-a", "", "set-uid"));
  cache.SetPod("default/web-1", MakePod("web-1", "node-a", "", "set-uid"));
  cache.SetPod("default/job-0", MakePod("job-0", "node-a", "", "job-uid"));
  cache.SetPod("default/bare", MakePod("bare", "node-a"));
  auto on = cache.On("node-a");
  EXPECT_EQ(on->SameController(*MakePod("web-2", "", "", "set-uid")), 2);
  // A terminating web-1 still on the node does not count against its replacement.
  EXPECT_EQ(on->SameController(*MakePod("web-1", "", "", "set-uid")), 1);
  EXPECT_EQ(on->SameController(*MakePod("job-1", "", "", "job-uid")), 1);
  EXPECT_EQ(on->SameController(*MakePod("loose", "")), 0);
}

TEST(SchedulerCacheTest, ClearForgetsEverything) {
  SchedulerCache cache;
  cache.SetPod("default/a", MakePod("a", ""));
  cache.Assume("default/a", MakePod("a", "node-a"));
  cache.Clear();
  EXPECT_FALSE(cache.IsAssumed("default/a"));
  EXPECT_TRUE(cache.On("node-a")->pods.empty());
}

}  // namespace
}  // namespace snapsim::csi::kube
