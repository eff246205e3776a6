#include "src/fake_apiserver/apiserver.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "src/api/kinds_core.h"
#include "src/api/kinds_snapshot.h"
#include "src/api/registry.h"

namespace snapsim::apiserver {
namespace {

using api::VolumeSnapshot;
using api::VolumeSnapshotClass;
using api::VolumeSnapshotContent;

class ApiServerTest : public ::testing::Test {
 protected:
  ApiServerTest() : rng_(1), server_(loop_, rng_, {.kube_minor = 30}), base_(server_.resource_version()) {}
  // resourceVersion n writes after the fixture's start (the system namespaces come first).
  std::string Rv(int n) const { return std::to_string(base_ + n); }

  std::shared_ptr<VolumeSnapshotClass> Class(std::string name) {
    auto c = std::make_shared<VolumeSnapshotClass>();
    c->metadata.name = std::move(name);
    c->driver = "diskplugin.csi.alibabacloud.com";
    c->deletion_policy = "Delete";
    return c;
  }
  std::shared_ptr<VolumeSnapshot> Snapshot(std::string name, std::string pvc) {
    auto s = std::make_shared<VolumeSnapshot>();
    s->metadata.name = std::move(name);
    s->metadata.namespace_ = "default";
    s->spec.source.persistent_volume_claim_name = std::move(pvc);
    return s;
  }

  engine::EventLoop loop_;
  engine::Rng rng_;
  ApiServer server_;
  std::int64_t base_;
};

TEST_F(ApiServerTest, CreateAssignsServerFields) {
  loop_.RunUntil(36 * engine::kSecond);
  auto r = server_.Create(Class("gold"));
  ASSERT_TRUE(r.ok()) << r.error().message();
  const auto& m = (*r)->metadata;
  EXPECT_EQ(m.uid.size(), 36u);
  EXPECT_EQ(m.resource_version, Rv(1));
  EXPECT_EQ(m.generation, 1);
  EXPECT_EQ(m.creation_timestamp.value(), "2026-01-01T00:00:36Z");
  auto dup = server_.Create(Class("gold"));
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().message(), "volumesnapshotclasses.snapshot.storage.k8s.io \"gold\" already exists");
  EXPECT_EQ(dup.error().ReasonName(), "AlreadyExists");
}

TEST_F(ApiServerTest, GenerateNameAddsFiveCharacters) {
  auto c = Class("");
  c->metadata.generate_name = "snap-";
  auto r = server_.Create(c);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)->metadata.name.size(), 10u);
  EXPECT_EQ((*r)->metadata.name.substr(0, 5), "snap-");
}

TEST_F(ApiServerTest, StaleResourceVersionConflicts) {
  auto created = server_.Create(Class("gold"));
  auto a = api::CloneAs<VolumeSnapshotClass>(*created);
  auto b = api::CloneAs<VolumeSnapshotClass>(*created);
  a->parameters["x"] = "1";
  ASSERT_TRUE(server_.Update(a).ok());
  b->parameters["x"] = "2";
  auto r = server_.Update(b);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), 409);
  EXPECT_EQ(r.error().message(),
            "Operation cannot be fulfilled on volumesnapshotclasses.snapshot.storage.k8s.io \"gold\": the object has "
            "been modified; please apply your changes to the latest version and try again");
}

TEST_F(ApiServerTest, CustomResourcesNeedAResourceVersionToUpdate) {
  auto created = server_.Create(Class("gold"));
  auto a = api::CloneAs<VolumeSnapshotClass>(*created);
  a->metadata.resource_version.clear();
  auto r = server_.Update(a);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message(),
            "VolumeSnapshotClass.snapshot.storage.k8s.io \"gold\" is invalid: metadata.resourceVersion: Invalid "
            "value: 0x0: must be specified for an update");
}

TEST_F(ApiServerTest, NoOpUpdateIsNotAWrite) {
  auto created = server_.Create(Class("gold"));
  auto same = api::CloneAs<VolumeSnapshotClass>(*created);
  auto r = server_.Update(same);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)->metadata.resource_version, Rv(1));
  EXPECT_EQ(server_.resource_version(), base_ + 1);
}

// A kind with a status subresource: a status write compares only the status (its
// body is the stored one), an update only the body and metadata (its status is).
TEST_F(ApiServerTest, NoOpWritesOfAKindWithStatusAreNotWrites) {
  auto created = server_.Create(Snapshot("s", "pvc"));
  ASSERT_TRUE(created.ok()) << created.error().message();
  const std::int64_t base = server_.resource_version();
  auto st = api::CloneAs<VolumeSnapshot>(*created);
  st->metadata.labels["ignored"] = "by a status write";
  auto r = server_.UpdateStatus(st);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(server_.resource_version(), base);  // same status: nothing written
  st = api::CloneAs<VolumeSnapshot>(*r);
  st->status.emplace().ready_to_use = false;
  r = server_.UpdateStatus(st);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(server_.resource_version(), base + 1);
  auto upd = api::CloneAs<VolumeSnapshot>(*r);
  upd->status->ready_to_use = true;  // ignored by an update
  r = server_.Update(upd);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(server_.resource_version(), base + 1);
  EXPECT_FALSE(api::As<VolumeSnapshot>(*r)->status->ready_to_use.value());
  upd = api::CloneAs<VolumeSnapshot>(*r);
  upd->spec.volume_snapshot_class_name = "gold";
  r = server_.Update(upd);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(server_.resource_version(), base + 2);
  EXPECT_EQ((*r)->metadata.generation, 2);
}

TEST_F(ApiServerTest, StatusSubresourceSeparatesSpecAndStatus) {
  auto created = server_.Create(Snapshot("s", "pvc"));
  ASSERT_TRUE(created.ok()) << created.error().message();
  // Status on a main-resource update is ignored.
  auto upd = api::CloneAs<VolumeSnapshot>(*created);
  upd->status.emplace().ready_to_use = true;
  upd->metadata.labels["a"] = "b";
  auto r = server_.Update(upd);
  ASSERT_TRUE(r.ok()) << r.error().message();
  auto vs = api::As<VolumeSnapshot>(*r);
  EXPECT_FALSE(vs->status.has_value());
  EXPECT_EQ(vs->metadata.labels.at("a"), "b");
  EXPECT_EQ(vs->metadata.generation, 1);  // metadata-only change
  // A status update takes only the status.
  auto st = api::CloneAs<VolumeSnapshot>(*r);
  st->status.emplace().ready_to_use = true;
  st->metadata.labels.clear();
  r = server_.UpdateStatus(st);
  ASSERT_TRUE(r.ok());
  vs = api::As<VolumeSnapshot>(*r);
  EXPECT_TRUE(vs->status->ready_to_use.value());
  EXPECT_EQ(vs->metadata.labels.at("a"), "b");
}

TEST_F(ApiServerTest, GenerationCountsSpecChanges) {
  auto created = server_.Create(Class("gold"));
  auto a = api::CloneAs<VolumeSnapshotClass>(*created);
  a->deletion_policy = "Retain";
  auto r = server_.Update(a);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)->metadata.generation, 2);
}

TEST_F(ApiServerTest, FinalizersHoldDeletionUntilRemoved) {
  auto c = Class("gold");
  c->metadata.finalizers = {"example.com/hold"};
  ASSERT_TRUE(server_.Create(c).ok());
  loop_.RunUntil(5 * engine::kSecond);
  auto d = server_.Delete(VolumeSnapshotClass::Info(), "", "gold");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ((*d)->metadata.deletion_timestamp.value(), "2026-01-01T00:00:05Z");
  ASSERT_NE(server_.Peek(VolumeSnapshotClass::Info(), "", "gold"), nullptr);

  // No new finalizer on an object being deleted.
  auto add = api::CloneAs<VolumeSnapshotClass>(*d);
  add->metadata.finalizers.push_back("example.com/late");
  auto r = server_.Update(add);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message(),
            "VolumeSnapshotClass.snapshot.storage.k8s.io \"gold\" is invalid: metadata.finalizers: Forbidden: no new "
            "finalizers can be added if the object is being deleted, found new finalizers []string{\"example.com/late\"}");

  auto release = api::CloneAs<VolumeSnapshotClass>(*d);
  release->metadata.finalizers.clear();
  ASSERT_TRUE(server_.Update(release).ok());
  EXPECT_EQ(server_.Peek(VolumeSnapshotClass::Info(), "", "gold"), nullptr);
}

TEST_F(ApiServerTest, SystemNamespacesExistAtStart) {
  const api::KindInfo* ns = api::FindKind("", "Namespace");
  ASSERT_NE(ns, nullptr);
  for (const char* name : {"default", "kube-node-lease", "kube-public", "kube-system"}) {
    EXPECT_NE(server_.Peek(*ns, "", name), nullptr) << name;
  }
  auto vs = Snapshot("s", "pvc");
  vs->metadata.namespace_ = "nope";
  auto r = server_.Create(vs);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message(), "namespaces \"nope\" not found");
}

TEST_F(ApiServerTest, DeleteOfAMissingObjectIsNotFound) {
  auto r = server_.Delete(VolumeSnapshot::Info(), "default", "x");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message(), "volumesnapshots.snapshot.storage.k8s.io \"x\" not found");
}

TEST_F(ApiServerTest, WatchersSeeEventsInCommitOrderThroughTheLoop) {
  std::vector<std::string> seen;
  server_.Watch(
      VolumeSnapshotClass::Info(),
      [&](const WatchEvent& e) {
        seen.push_back(std::string(WatchEventTypeName(e.type)) + " " + e.object->metadata.name + " rv=" +
                       e.object->metadata.resource_version);
      },
      {.client = "test", .delay = 2 * engine::kSecond});
  auto a = server_.Create(Class("a"));
  auto upd = api::CloneAs<VolumeSnapshotClass>(*a);
  upd->deletion_policy = "Retain";
  ASSERT_TRUE(server_.Update(upd).ok());
  ASSERT_TRUE(server_.Delete(VolumeSnapshotClass::Info(), "", "a").ok());
  EXPECT_TRUE(seen.empty());  // informers lag the store
  loop_.Settle(engine::kHour);
  EXPECT_EQ(seen, (std::vector<std::string>{"ADDED a rv=" + Rv(1), "MODIFIED a rv=" + Rv(2), "DELETED a rv=" + Rv(3)}));
  EXPECT_EQ(loop_.Now(), 2 * engine::kSecond);
}

TEST_F(ApiServerTest, EventsAreKeptPackedAndReadBackWhole) {
  std::vector<api::ObjectPtr> heard;
  server_.Watch(api::Event::Info(), [&](const WatchEvent& e) { heard.push_back(e.object); }, {.client = "test"});
  auto ev = std::make_shared<api::Event>();
  ev->metadata.name = "snap-1.17d2a3b4c5d6e7f8";
  ev->metadata.namespace_ = "default";
  ev->metadata.labels = {{"app", "db"}};
  ev->involved_object = {"snapshot.storage.k8s.io/v1", "VolumeSnapshot", "default", "snap-1", "u-1", "41", ""};
  ev->reason = "CreatingSnapshot";
  ev->message = "Waiting for a snapshot default/snap-1 to be created by the CSI driver.";
  ev->count = 1;
  auto created = server_.Create(ev);
  ASSERT_TRUE(created.ok());

  // Each read unpacks a fresh copy of exactly what was committed.
  api::ObjectPtr a = server_.Peek(api::Event::Info(), "default", ev->metadata.name);
  api::ObjectPtr b = server_.Peek(api::Event::Info(), "default", ev->metadata.name);
  ASSERT_NE(a, nullptr);
  EXPECT_NE(a, b);
  EXPECT_EQ(a->ToValue(), (*created)->ToValue());
  EXPECT_EQ(b->ToValue(), (*created)->ToValue());
  EXPECT_TRUE(server_.Contains(api::Event::Info(), "default", ev->metadata.name));
  EXPECT_FALSE(server_.Contains(api::Event::Info(), "default", "other"));

  // An update through a private copy; the stored version is the updated one.
  auto copy = std::static_pointer_cast<api::Event>(server_.PeekCopy(api::Event::Info(), "default", ev->metadata.name));
  copy->count = 2;
  ASSERT_TRUE(server_.Update(copy).ok());
  auto listed = server_.List(api::Event::Info(), {.namespace_ = "default"});
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(api::As<api::Event>((*listed)[0])->count, 2);
  EXPECT_EQ((*listed)[0]->metadata.labels.at("app"), "db");
  EXPECT_EQ(api::As<api::Event>(a)->count, 1);  // an earlier read is not changed under its holder

  // Watchers hear the committed objects themselves.
  loop_.Settle(engine::kHour);
  ASSERT_EQ(heard.size(), 2u);
  EXPECT_EQ(heard[0], *created);
  EXPECT_EQ(api::As<api::Event>(heard[1])->count, 2);
  ASSERT_TRUE(server_.Delete(api::Event::Info(), "default", ev->metadata.name).ok());
  EXPECT_EQ(server_.Peek(api::Event::Info(), "default", ev->metadata.name), nullptr);
}

TEST_F(ApiServerTest, WatchersOfAKindHearInWatchOrderAndAStoppedWatcherHearsNothing) {
  std::vector<std::string> heard;
  auto listen = [&](const api::KindInfo& kind, std::string who) {
    return server_.Watch(kind, [&heard, who](const WatchEvent&) { heard.push_back(who); }, {.client = "t"});
  };
  listen(VolumeSnapshotClass::Info(), "class-1");
  listen(VolumeSnapshot::Info(), "snapshot-1");
  WatchId stopped = listen(VolumeSnapshotClass::Info(), "class-2");
  listen(VolumeSnapshotClass::Info(), "class-3");
  server_.StopWatch(stopped);
  server_.StopWatch(stopped);  // a second stop is a no-op
  ASSERT_TRUE(server_.Create(Class("a")).ok());
  loop_.Settle(engine::kHour);
  EXPECT_EQ(heard, (std::vector<std::string>{"class-1", "class-3"}));
}

TEST_F(ApiServerTest, AFilteredWatchHearsObjectsEnterAsAddedAndLeaveAsDeleted) {
  std::vector<std::string> heard;
  server_.Watch(
      VolumeSnapshotClass::Info(),
      [&](const WatchEvent& e) {
        auto c = api::As<VolumeSnapshotClass>(e.object);
        heard.push_back(fmt::format("{} {} {} rv={}", WatchEventTypeName(e.type), c->metadata.name,
                                    c->deletion_policy, c->metadata.resource_version));
      },
      {.client = "t", .filter = [](const api::Object& o) {
         return static_cast<const VolumeSnapshotClass&>(o).deletion_policy == "Retain";
       }});
  auto write = [&](const std::string& name, const std::string& policy, const std::string& label = "") {
    auto c = api::CloneAs<VolumeSnapshotClass>(server_.Peek(VolumeSnapshotClass::Info(), "", name));
    c->deletion_policy = policy;
    if (!label.empty()) c->metadata.labels["touched"] = label;
    ASSERT_TRUE(server_.Update(c).ok());
  };
  ASSERT_TRUE(server_.Create(Class("outside")).ok());  // rv 1: never heard of
  auto inside = Class("inside");
  inside->deletion_policy = "Retain";
  ASSERT_TRUE(server_.Create(inside).ok());  // rv 2
  write("outside", "Retain");                // rv 3: enters
  write("inside", "Delete");                 // rv 4: leaves, as its last state inside
  write("inside", "Delete", "yes");          // rv 5: a change outside
  ASSERT_TRUE(server_.Delete(VolumeSnapshotClass::Info(), "", "inside").ok());   // rv 6: outside
  ASSERT_TRUE(server_.Delete(VolumeSnapshotClass::Info(), "", "outside").ok());  // rv 7: inside
  loop_.Settle(engine::kHour);
  EXPECT_EQ(heard, (std::vector<std::string>{
                       "ADDED inside Retain rv=" + Rv(2),
                       "ADDED outside Retain rv=" + Rv(3),
                       "DELETED inside Retain rv=" + Rv(4),
                       "DELETED outside Retain rv=" + Rv(7),
                   }));
  ListOptions retained{.filter = [](const api::Object& o) {
    return static_cast<const VolumeSnapshotClass&>(o).deletion_policy == "Retain";
  }};
  ASSERT_TRUE(server_.Create(Class("a")).ok());
  auto b = Class("b");
  b->deletion_policy = "Retain";
  ASSERT_TRUE(server_.Create(b).ok());
  auto listed = server_.List(VolumeSnapshotClass::Info(), retained);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0]->metadata.name, "b");
}

TEST_F(ApiServerTest, DroppedWatchLosesPendingEvents) {
  int seen = 0;
  WatchId id = server_.Watch(VolumeSnapshotClass::Info(), [&](const WatchEvent&) { ++seen; }, {.client = "t"});
  ASSERT_TRUE(server_.Create(Class("a")).ok());
  server_.DropPendingEvents(id);
  ASSERT_TRUE(server_.Create(Class("b")).ok());
  loop_.Settle(engine::kHour);
  EXPECT_EQ(seen, 1);
}

TEST_F(ApiServerTest, GarbageCollectorDeletesOrphanedDependents) {
  auto owner = server_.Create(Class("owner"));
  auto dep = Class("dep");
  dep->metadata.owner_references.push_back(
      {"snapshot.storage.k8s.io/v1", "VolumeSnapshotClass", "owner", (*owner)->metadata.uid, true, true});
  ASSERT_TRUE(server_.Create(dep).ok());
  ASSERT_TRUE(server_.Delete(VolumeSnapshotClass::Info(), "", "owner").ok());
  EXPECT_NE(server_.Peek(VolumeSnapshotClass::Info(), "", "dep"), nullptr);  // background: not yet
  loop_.Settle(engine::kHour);
  EXPECT_EQ(server_.Peek(VolumeSnapshotClass::Info(), "", "dep"), nullptr);
}

TEST_F(ApiServerTest, OrphanPropagationKeepsDependents) {
  auto owner = server_.Create(Class("owner"));
  auto dep = Class("dep");
  dep->metadata.owner_references.push_back(
      {"snapshot.storage.k8s.io/v1", "VolumeSnapshotClass", "owner", (*owner)->metadata.uid, true, true});
  ASSERT_TRUE(server_.Create(dep).ok());
  ASSERT_TRUE(server_.Delete(VolumeSnapshotClass::Info(), "", "owner", {.propagation_policy = "Orphan"}).ok());
  loop_.Settle(engine::kHour);
  auto kept = server_.Peek(VolumeSnapshotClass::Info(), "", "dep");
  ASSERT_NE(kept, nullptr);
  EXPECT_TRUE(kept->metadata.owner_references.empty());
}

TEST_F(ApiServerTest, FaultHookFailsBeforeOrAfterTheEffect) {
  int calls = 0;
  server_.SetFaultHook([&](const Request& r) -> std::optional<FaultDecision> {
    if (r.verb != Verb::kCreate) return std::nullopt;
    ++calls;
    return FaultDecision{ApiError::InternalError("boom"), /*after_effect=*/calls == 2};
  });
  auto r = server_.Create(Class("a"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(server_.Peek(VolumeSnapshotClass::Info(), "", "a"), nullptr);
  r = server_.Create(Class("a"));
  ASSERT_FALSE(r.ok());  // the lost reply: the write happened
  EXPECT_NE(server_.Peek(VolumeSnapshotClass::Info(), "", "a"), nullptr);
}

// --- snapshot validation (reference §1.4) -----------------------------------

TEST_F(ApiServerTest, CelRulesRejectBothSources) {
  auto vs = Snapshot("s", "pvc");
  vs->spec.source.volume_snapshot_content_name = "c";
  auto r = server_.Create(vs);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message(),
            "VolumeSnapshot.snapshot.storage.k8s.io \"s\" is invalid: spec.source: Invalid value: \"object\": exactly "
            "one of volumeSnapshotContentName and persistentVolumeClaimName must be set");
}

TEST_F(ApiServerTest, CelRulesKeepSourcesImmutable) {
  auto created = server_.Create(Snapshot("s", "pvc"));
  auto vs = api::CloneAs<VolumeSnapshot>(*created);
  vs->spec.source.persistent_volume_claim_name = "other";
  auto r = server_.Update(vs);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message(),
            "VolumeSnapshot.snapshot.storage.k8s.io \"s\" is invalid: spec.source.persistentVolumeClaimName: Invalid "
            "value: \"string\": persistentVolumeClaimName is immutable");
}

TEST(ApiServerWebhookTest, WebhookEraDeniesEmptyClassName) {
  engine::EventLoop loop;
  engine::Rng rng(1);
  ApiServer server(loop, rng, {.kube_minor = 22});
  auto vs = std::make_shared<VolumeSnapshot>();
  vs->metadata.name = "s";
  vs->spec.source.persistent_volume_claim_name = "pvc";
  vs->spec.volume_snapshot_class_name = "";
  auto r = server.Create(vs);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().ReasonName(), "");  // webhooks answer without a reason
  EXPECT_EQ(r.error().code(), 400);
  EXPECT_EQ(r.error().message(),
            "admission webhook \"validation-webhook.snapshot.storage.k8s.io\" denied the request: "
            "Spec.VolumeSnapshotClassName must not be the empty string");
}

}  // namespace
}  // namespace snapsim::apiserver
