#include "src/fake_apiserver/event_recorder.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "src/api/kinds_core.h"
#include "src/api/kinds_snapshot.h"
#include "src/fake_apiserver/lru_cache.h"

namespace snapsim::apiserver {
namespace {

TEST(EventRecorderTest, AggregatesRepeatsIntoOneEvent) {
  engine::EventLoop loop;
  engine::Rng rng(3);
  ApiServer server(loop, rng, {.kube_minor = 30});
  auto vs = std::make_shared<api::VolumeSnapshot>();
  vs->metadata.name = "new-snapshot-demo";
  vs->spec.source.persistent_volume_claim_name = "pvc";
  auto created = server.Create(vs);
  ASSERT_TRUE(created.ok());
  EventRecorder rec(server, "snapshot-controller");
  rec.Warning(**created, "SnapshotContentCreationFailed", "Failed to create snapshot content with error x");
  loop.RunUntil(engine::kMinute);
  rec.Warning(**created, "SnapshotContentCreationFailed", "Failed to create snapshot content with error x");
  rec.Normal(**created, "CreatingSnapshot", "Waiting for a snapshot default/new-snapshot-demo to be created by the CSI driver.");
  auto events = server.PeekAll(api::Event::Info());
  ASSERT_EQ(events.size(), 2u);
  auto first = api::As<api::Event>(events[0]);
  EXPECT_EQ(first->metadata.name, "new-snapshot-demo.18867251edfa0000");
  EXPECT_EQ(first->count, 2);
  EXPECT_EQ(first->first_timestamp.value(), "2026-01-01T00:00:00Z");
  EXPECT_EQ(first->last_timestamp.value(), "2026-01-01T00:01:00Z");
  EXPECT_EQ(first->source.component, "snapshot-controller");
  EXPECT_EQ(first->involved_object.kind, "VolumeSnapshot");
  EXPECT_EQ(first->involved_object.api_version, "snapshot.storage.k8s.io/v1");
  EXPECT_EQ(first->involved_object.uid, (*created)->metadata.uid);
}

TEST(EventRecorderTest, ClusterScopedObjectsReportIntoDefault) {
  engine::EventLoop loop;
  engine::Rng rng(3);
  ApiServer server(loop, rng, {.kube_minor = 30});
  auto c = std::make_shared<api::VolumeSnapshotClass>();
  c->metadata.name = "gold";
  c->driver = "d";
  c->deletion_policy = "Delete";
  auto created = server.Create(c);
  EventRecorder rec(server, "x");
  rec.Normal(**created, "A", "a");
  rec.Normal(**created, "B", "b");  // same instant: distinct names
  auto events = server.PeekAll(api::Event::Info());
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0]->metadata.namespace_, "default");
  EXPECT_NE(events[0]->metadata.name, events[1]->metadata.name);
}

// A snapshot to report about, and the Events of the server sorted by name.
struct Reporter {
  engine::EventLoop loop;
  engine::Rng rng{3};
  ApiServer server{loop, rng, {.kube_minor = 30}};
  api::ObjectPtr vs;
  Reporter() {
    auto s = std::make_shared<api::VolumeSnapshot>();
    s->metadata.name = "snap";
    s->spec.source.persistent_volume_claim_name = "pvc";
    vs = *server.Create(s);
  }
  std::vector<std::shared_ptr<const api::Event>> Events() {
    std::vector<std::shared_ptr<const api::Event>> out;
    for (const auto& o : server.PeekAll(api::Event::Info())) out.push_back(api::As<api::Event>(o));
    return out;
  }
};

TEST(EventRecorderTest, TheTenthDistinctMessageWithin600sIsCombined) {
  Reporter r;
  EventRecorder rec(r.server, "csi-snapshotter diskplugin.csi.alibabacloud.com");
  for (int i = 1; i <= 9; ++i) {
    rec.Warning(*r.vs, "SnapshotCreationFailed", "failed, RequestId: " + std::to_string(i));
    r.loop.RunUntil(r.loop.Now() + 30 * engine::kSecond);
  }
  ASSERT_EQ(r.Events().size(), 9u);  // nine distinct messages: nine events
  rec.Warning(*r.vs, "SnapshotCreationFailed", "failed, RequestId: 10");
  r.loop.RunUntil(r.loop.Now() + 30 * engine::kSecond);
  rec.Warning(*r.vs, "SnapshotCreationFailed", "failed, RequestId: 11");
  auto events = r.Events();
  ASSERT_EQ(events.size(), 10u);  // the 10th and the 11th count on one combined event
  auto combined = events.back();
  EXPECT_EQ(combined->message, "(combined from similar events): failed, RequestId: 11");
  EXPECT_EQ(combined->count, 2);
  EXPECT_EQ(combined->reason, "SnapshotCreationFailed");
  EXPECT_EQ(combined->source.component, "csi-snapshotter diskplugin.csi.alibabacloud.com");
  // Another reason is another group.
  rec.Normal(*r.vs, "SnapshotCreated", "Snapshot default/snap was successfully created by the CSI driver.");
  EXPECT_EQ(r.Events().size(), 11u);
}

TEST(EventRecorderTest, AGroupQuietFor600sStartsAgain) {
  Reporter r;
  EventRecorder rec(r.server, "snapshot-controller");
  for (int i = 1; i <= 9; ++i) rec.Warning(*r.vs, "Failed", "m" + std::to_string(i));
  r.loop.RunUntil(r.loop.Now() + 601 * engine::kSecond);
  rec.Warning(*r.vs, "Failed", "m10");
  auto events = r.Events();
  ASSERT_EQ(events.size(), 10u);
  for (const auto& e : events) EXPECT_EQ(e->message.rfind("(combined", 0), std::string::npos) << e->message;
}

TEST(EventRecorderTest, RepeatsOfOneMessageAreNeverCombined) {
  Reporter r;
  EventRecorder rec(r.server, "snapshot-controller");
  for (int i = 0; i < 30; ++i) rec.Warning(*r.vs, "Failed", "the same");
  auto events = r.Events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]->count, 30);
  EXPECT_EQ(events[0]->message, "the same");
}

TEST(LruCacheTest, ForgetsTheLeastRecentlyUsed) {
  LruCache<int, std::string> c(2);
  c.Put(1, "a");
  c.Put(2, "b");
  ASSERT_NE(c.Get(1), nullptr);  // 1 is now the most recent
  c.Put(3, "c");                 // evicts 2
  EXPECT_EQ(c.Get(2), nullptr);
  ASSERT_NE(c.Get(1), nullptr);
  EXPECT_EQ(*c.Get(1), "a");
  EXPECT_EQ(*c.Get(3), "c");
  c.Put(3, "d");
  EXPECT_EQ(*c.Get(3), "d");
  EXPECT_EQ(c.size(), 2u);
  c.Erase(1);
  EXPECT_EQ(c.size(), 1u);
  c.Put(2, "b again");  // an evicted key comes back as a new entry
  c.Put(4, "e");        // evicts 3, the least recent
  EXPECT_EQ(c.Get(3), nullptr);
  EXPECT_EQ(*c.Get(2), "b again");
  EXPECT_EQ(*c.Get(4), "e");
  c.Clear();
  EXPECT_EQ(c.size(), 0u);
  EXPECT_EQ(c.Get(2), nullptr);
}

TEST(LruCacheTest, TupleKeysAreComparedWhole) {
  LruCache<std::tuple<std::string, std::string, bool>, int> c(4);
  c.Put({"uid", "msg", false}, 1);
  c.Put({"uid", "msg", true}, 2);
  c.Put({"uidm", "sg", false}, 3);
  EXPECT_EQ(*c.Get({"uid", "msg", false}), 1);
  EXPECT_EQ(*c.Get({"uid", "msg", true}), 2);
  EXPECT_EQ(*c.Get({"uidm", "sg", false}), 3);
  EXPECT_EQ(c.Get({"uid", "ms", false}), nullptr);
}

}  // namespace
}  // namespace snapsim::apiserver
