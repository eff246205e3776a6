#include "src/fake_apiserver/watch_route.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <array>
#include <memory>
#include <string>
#include <vector>

#include "src/api/kinds_snapshot.h"
#include "src/fake_apiserver/apiserver.h"

namespace snapsim::apiserver {
namespace {

using api::VolumeSnapshotClass;

TEST(RouteValuesTest, CountsEachValueAndTellsListenersWhenOneEntersOrLeaves) {
  RouteValues values;
  std::vector<std::string> heard;
  auto token = values.Listen([&](std::string_view v, bool present) { heard.push_back(fmt::format("{}{}", present ? "+" : "-", v)); });
  values.Add("default/a");
  values.Add("default/a");  // a second pod mounting the same claim
  values.Add("default/b");
  values.Remove("default/a");
  EXPECT_TRUE(values.Contains("default/a"));
  values.Remove("default/a");
  EXPECT_FALSE(values.Contains("default/a"));
  values.Remove("default/never");  // ignored
  values.Clear();
  EXPECT_EQ(values.size(), 0u);
  values.Unlisten(token);
  values.Add("default/c");
  EXPECT_EQ(heard, (std::vector<std::string>{"+default/a", "+default/b", "-default/a", "-default/b"}));
}

// The deletion policy is the value both the filters and the routes of this test look at.
std::string_view PolicyOf(const api::Object& o, std::string&) {
  return static_cast<const VolumeSnapshotClass&>(o).deletion_policy;
}
std::string_view NameOf(const api::Object& o, std::string& scratch) {
  scratch.assign("class/").append(o.metadata.name);  // a value built in the scratch buffer
  return scratch;
}

TEST(RouteFilterTest, PassesExactlyTheObjectsWhoseValueTheRouteHolds) {
  auto values = std::make_shared<RouteValues>();
  auto filter = RouteFilter({&NameOf, values});  // NameOf builds its value in the scratch
  VolumeSnapshotClass a, b;
  a.metadata.name = "a";
  b.metadata.name = "b";
  EXPECT_FALSE(filter(a));
  values->Add("class/a");
  EXPECT_TRUE(filter(a));
  EXPECT_FALSE(filter(b));
  values->Remove("class/a");
  EXPECT_FALSE(filter(a));
}

// Replays one seeded script of class writes and route-value changes against watchers with
// filters, with or without routes, and returns everything delivered, in delivery order.
std::vector<std::string> Replay(std::uint64_t seed, bool routed) {
  engine::EventLoop loop;
  engine::Rng server_rng(1);
  ApiServer server(loop, server_rng, {.kube_minor = 30});
  std::vector<std::string> log;
  const std::array<std::string, 3> policies = {"Delete", "Retain", "Other"};
  auto by_policy = std::make_shared<RouteValues>();
  auto by_name = std::make_shared<RouteValues>();
  auto policy_filter = [by_policy](const api::Object& o) { return by_policy->Contains(static_cast<const VolumeSnapshotClass&>(o).deletion_policy); };
  auto name_filter = [by_name](const api::Object& o) { return by_name->Contains("class/" + o.metadata.name); };
  auto watch = [&](std::string who, ObjectFilter filter, WatchRoute route) {
    server.Watch(
        VolumeSnapshotClass::Info(),
        [&log, who](const WatchEvent& e) {
          auto c = api::As<VolumeSnapshotClass>(e.object);
          log.push_back(fmt::format("{}: {} {} {} rv={}", who, WatchEventTypeName(e.type), c->metadata.name,
                                    c->deletion_policy, c->metadata.resource_version));
        },
        {.client = who, .filter = std::move(filter), .route = routed ? std::move(route) : WatchRoute{}});
  };
  watch("all", nullptr, {});
  watch("policy", policy_filter, {&PolicyOf, by_policy});
  watch("retain", [](const api::Object& o) { return static_cast<const VolumeSnapshotClass&>(o).deletion_policy == "Retain"; },
        {&PolicyOf, std::make_shared<RouteValues>("Retain")});
  watch("name", name_filter, {&NameOf, by_name});
  watch("policy-again", policy_filter, {&PolicyOf, by_policy});  // a second watcher on the same values

  engine::Rng rng(seed);
  for (int step = 0; step < 300; ++step) {
    const std::string name = fmt::format("c{}", rng.Uniform(6));
    const std::string& policy = policies[rng.Uniform(policies.size())];
    auto existing = server.Peek(VolumeSnapshotClass::Info(), "", name);
    switch (rng.Uniform(6)) {
      case 0:
        by_policy->Add(policy);
        break;
      case 1:
        by_policy->Remove(policy);
        break;
      case 2:
        if (rng.OneIn(2)) {
          by_name->Add("class/" + name);
        } else {
          by_name->Remove("class/" + name);
        }
        break;
      case 3:
        if (existing != nullptr) (void)server.Delete(VolumeSnapshotClass::Info(), "", name);
        break;
      default:
        if (existing == nullptr) {
          auto c = std::make_shared<VolumeSnapshotClass>();
          c->metadata.name = name;
          c->driver = "diskplugin.csi.alibabacloud.com";
          c->deletion_policy = policy;
          (void)server.Create(c);
        } else {
          auto c = api::CloneAs<VolumeSnapshotClass>(existing);
          c->deletion_policy = policy;
          (void)server.Update(c);
        }
    }
    if (rng.OneIn(4)) loop.Settle(engine::kHour);
  }
  loop.Settle(engine::kHour);
  return log;
}

TEST(WatchRouteTest, RoutedWatchersHearExactlyWhatTheirFiltersPassInTheSameOrder) {
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    auto plain = Replay(seed, false);
    auto routed = Replay(seed, true);
    ASSERT_GT(plain.size(), 100u) << "seed " << seed;  // the script exercises the watchers
    ASSERT_EQ(routed, plain) << "seed " << seed;
  }
}

TEST(WatchRouteTest, AStoppedRoutedWatchHearsNothingMoreAndOutlivingValuesAreSafe) {
  auto values = std::make_shared<RouteValues>("Retain");
  std::vector<std::string> heard;
  {
    engine::EventLoop loop;
    engine::Rng rng(1);
    ApiServer server(loop, rng, {.kube_minor = 30});
    auto retain = [](const api::Object& o) { return static_cast<const VolumeSnapshotClass&>(o).deletion_policy == "Retain"; };
    WatchId id = server.Watch(VolumeSnapshotClass::Info(), [&](const WatchEvent& e) { heard.push_back(e.object->metadata.name); },
                              {.client = "t", .filter = retain, .route = {&PolicyOf, values}});
    server.Watch(VolumeSnapshotClass::Info(), [&](const WatchEvent&) {},
                 {.client = "t", .filter = retain, .route = {&PolicyOf, values}});  // still watching at the end
    auto c = std::make_shared<VolumeSnapshotClass>();
    c->metadata.name = "a";
    c->driver = "d";
    c->deletion_policy = "Retain";
    ASSERT_TRUE(server.Create(c).ok());
    loop.Settle(engine::kHour);
    server.StopWatch(id);
    values->Add("Delete");  // the stopped watch's listener is gone
    auto d = api::CloneAs<VolumeSnapshotClass>(server.Peek(VolumeSnapshotClass::Info(), "", "a"));
    d->metadata.labels["x"] = "y";
    ASSERT_TRUE(server.Update(d).ok());
    loop.Settle(engine::kHour);
  }
  values->Add("Other");  // the server is gone: no listener may be left pointing into it
  EXPECT_EQ(heard, (std::vector<std::string>{"a"}));
}

}  // namespace
}  // namespace snapsim::apiserver
