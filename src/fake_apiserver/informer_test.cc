#include "src/fake_apiserver/informer.h"

#include <gtest/gtest.h>

#include "src/api/kinds_snapshot.h"

namespace snapsim::apiserver {
namespace {

using api::VolumeSnapshotClass;

class InformerTest : public ::testing::Test {
 protected:
  InformerTest() : rng_(7), server_(loop_, rng_, {.kube_minor = 30}) {}

  void CreateClass(const std::string& name, const std::string& policy = "Delete") {
    auto c = std::make_shared<VolumeSnapshotClass>();
    c->metadata.name = name;
    c->driver = "d";
    c->deletion_policy = policy;
    ASSERT_TRUE(server_.Create(c).ok());
  }
  void Record(Informer& inf) {
    inf.AddHandlers({[this](const api::ObjectPtr& o) { log_.push_back("add " + o->metadata.name); },
                     [this](const api::ObjectPtr& a, const api::ObjectPtr& b) {
                       log_.push_back("update " + b->metadata.name + (a == b ? " (resync)" : ""));
                     },
                     [this](const api::ObjectPtr& o) { log_.push_back("delete " + o->metadata.name); }});
  }

  engine::EventLoop loop_;
  engine::Rng rng_;
  ApiServer server_;
  std::vector<std::string> log_;
};

TEST_F(InformerTest, ListsThenFollowsTheWatchWithLag) {
  CreateClass("a");
  Informer inf(server_, VolumeSnapshotClass::Info(), {.client = "c", .watch_delay = 3 * engine::kSecond});
  Record(inf);
  inf.Start();
  EXPECT_TRUE(inf.HasSynced());
  EXPECT_EQ(log_, std::vector<std::string>{"add a"});
  CreateClass("b");
  EXPECT_EQ(inf.Get("", "b"), nullptr);  // the cache lags the store
  loop_.RunUntil(3 * engine::kSecond);
  EXPECT_NE(inf.Get("", "b"), nullptr);
  ASSERT_TRUE(server_.Delete(VolumeSnapshotClass::Info(), "", "a").ok());
  loop_.Settle(engine::kHour);
  EXPECT_EQ(log_, (std::vector<std::string>{"add a", "add b", "delete a"}));
  EXPECT_EQ(inf.Size(), 1u);
}

TEST_F(InformerTest, ResyncRedeliversOnABackgroundTimer) {
  CreateClass("a");
  Informer inf(server_, VolumeSnapshotClass::Info(), {.client = "c", .resync_period = 15 * engine::kMinute});
  Record(inf);
  inf.Start();
  auto settled = loop_.Settle(engine::kHour);
  EXPECT_TRUE(settled.at_rest);  // resync does not keep the cluster busy
  loop_.RunUntil(31 * engine::kMinute);
  EXPECT_EQ(log_, (std::vector<std::string>{"add a", "update a (resync)", "update a (resync)"}));
}

TEST_F(InformerTest, RelistAfterALostWatchCatchesUp) {
  CreateClass("a");
  CreateClass("b");
  Informer inf(server_, VolumeSnapshotClass::Info(), {.client = "c", .watch_delay = engine::kSecond});
  Record(inf);
  inf.Start();
  log_.clear();
  ASSERT_TRUE(server_.Delete(VolumeSnapshotClass::Info(), "", "a").ok());
  CreateClass("c");
  inf.Relist();  // the pending delete/add are dropped and recovered by the list
  loop_.Settle(engine::kHour);
  EXPECT_EQ(log_, (std::vector<std::string>{"delete a", "update b (resync)", "add c"}));
}

TEST_F(InformerTest, AFilteredInformerCachesOnlyWhatPassesItsSelector) {
  CreateClass("kept", "Retain");
  CreateClass("other", "Delete");
  Informer inf(server_, VolumeSnapshotClass::Info(),
               {.client = "c", .filter = [](const api::Object& o) {
                  return static_cast<const VolumeSnapshotClass&>(o).deletion_policy == "Retain";
                }});
  Record(inf);
  inf.Start();
  auto set_policy = [&](const std::string& name, const std::string& policy) {
    auto c = api::CloneAs<VolumeSnapshotClass>(server_.Peek(VolumeSnapshotClass::Info(), "", name));
    c->deletion_policy = policy;
    ASSERT_TRUE(server_.Update(c).ok());
  };
  set_policy("other", "Retain");  // enters the selector: an add
  set_policy("kept", "Delete");   // leaves it: a delete
  loop_.Settle(engine::kHour);
  EXPECT_EQ(log_, (std::vector<std::string>{"add kept", "add other", "delete kept"}));
  EXPECT_EQ(inf.Get("", "kept"), nullptr);
  EXPECT_NE(inf.Get("", "other"), nullptr);
  log_.clear();
  set_policy("other", "Delete");
  set_policy("kept", "Retain");
  inf.Relist();  // the list applies the selector too
  loop_.Settle(engine::kHour);
  EXPECT_EQ(log_, (std::vector<std::string>{"delete other", "add kept"}));
  EXPECT_EQ(inf.Size(), 1u);
}

TEST_F(InformerTest, IndexFollowsAddsUpdatesDeletesAndRelists) {
  CreateClass("a", "Delete");
  CreateClass("b", "Retain");
  Informer inf(server_, VolumeSnapshotClass::Info(), {.client = "c"});
  inf.AddIndexer("policy", [](const api::Object& o) {
    return std::vector<std::string>{static_cast<const VolumeSnapshotClass&>(o).deletion_policy};
  });
  auto names = [&](std::string_view policy) {
    std::vector<std::string> out;
    for (const auto& o : inf.ByIndex("policy", policy)) out.push_back(o->metadata.name);
    return out;
  };
  inf.Start();
  CreateClass("c", "Delete");
  loop_.Settle(engine::kHour);
  EXPECT_EQ(names("Delete"), (std::vector<std::string>{"a", "c"}));
  EXPECT_EQ(names("Retain"), (std::vector<std::string>{"b"}));
  auto a = api::CloneAs<VolumeSnapshotClass>(server_.Peek(VolumeSnapshotClass::Info(), "", "a"));
  a->deletion_policy = "Retain";
  ASSERT_TRUE(server_.Update(a).ok());
  ASSERT_TRUE(server_.Delete(VolumeSnapshotClass::Info(), "", "b").ok());
  loop_.Settle(engine::kHour);
  EXPECT_EQ(names("Delete"), (std::vector<std::string>{"c"}));
  EXPECT_EQ(names("Retain"), (std::vector<std::string>{"a"}));
  EXPECT_TRUE(inf.ByIndex("nope", "Retain").empty());
  inf.Stop();
  EXPECT_TRUE(names("Delete").empty());
  inf.Start();
  EXPECT_EQ(names("Delete"), (std::vector<std::string>{"c"}));
}

TEST_F(InformerTest, FailedListIsRetried) {
  int failures = 2;
  server_.SetFaultHook([&](const Request& r) -> std::optional<FaultDecision> {
    if (r.verb == Verb::kList && failures > 0) {
      --failures;
      return FaultDecision{ApiError::InternalError("etcd unavailable"), false};
    }
    return std::nullopt;
  });
  CreateClass("a");
  Informer inf(server_, VolumeSnapshotClass::Info(), {.client = "c"});
  Record(inf);
  inf.Start();
  EXPECT_FALSE(inf.HasSynced());
  loop_.Settle(engine::kHour);
  EXPECT_TRUE(inf.HasSynced());
  EXPECT_EQ(loop_.Now(), 2 * engine::kSecond);
  EXPECT_EQ(log_, std::vector<std::string>{"add a"});
}

TEST_F(InformerTest, StopForgetsEverything) {
  CreateClass("a");
  Informer inf(server_, VolumeSnapshotClass::Info(), {.client = "c"});
  Record(inf);
  inf.Start();
  inf.Stop();
  EXPECT_EQ(inf.Size(), 0u);
  CreateClass("b");
  loop_.Settle(engine::kHour);
  EXPECT_EQ(log_, std::vector<std::string>{"add a"});
  inf.Start();
  EXPECT_EQ(log_, (std::vector<std::string>{"add a", "add a", "add b"}));
}

}  // namespace
}  // namespace snapsim::apiserver
