#include "src/fake_apiserver/event_recorder.h"

#include <gtest/gtest.h>

#include "src/api/kinds_core.h"
#include "src/api/kinds_snapshot.h"

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

}  // namespace
}  // namespace snapsim::apiserver
