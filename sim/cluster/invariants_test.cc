// The invariants and liveness checks over hand-made states: a cluster with the API
// server and ECS alone (no component acts), objects written directly, ECS calls made
// as the driver.
#include "sim/cluster/invariants.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sim/cluster/cluster.h"
#include "src/api/kinds_snapshot.h"

namespace snapsim::cluster {
namespace {

class InvariantsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ClusterOptions o;
    o.components = std::vector<std::string>{};
    auto c = Cluster::Create(o);
    ASSERT_TRUE(c.ok()) << c.status().message();
    cluster_ = std::move(*c);
  }

  apiserver::ApiServer& server() { return cluster_->server(); }

  std::shared_ptr<const api::VolumeSnapshot> Snapshot(const std::string& name, std::optional<std::string> bound,
                                                      std::vector<std::string> finalizers = {}) {
    auto vs = std::make_shared<api::VolumeSnapshot>();
    vs->metadata.name = name;
    vs->metadata.namespace_ = "default";
    vs->metadata.finalizers = std::move(finalizers);
    vs->spec.source.volume_snapshot_content_name = "static-" + name;
    auto created = server().Create(vs);
    EXPECT_TRUE(created.ok()) << created.error().message();
    auto typed = api::As<api::VolumeSnapshot>(*created);
    if (!bound) return typed;
    auto copy = api::CloneAs<api::VolumeSnapshot>(*created);
    copy->status = api::VolumeSnapshotStatus{.bound_volume_snapshot_content_name = *bound};
    auto updated = server().UpdateStatus(copy);
    EXPECT_TRUE(updated.ok()) << updated.error().message();
    return api::As<api::VolumeSnapshot>(*updated);
  }

  void Content(const std::string& name, const api::ObjectReference& ref, std::string handle,
               std::string policy = "Delete", bool dynamic = false, std::vector<std::string> finalizers = {}) {
    auto c = std::make_shared<api::VolumeSnapshotContent>();
    c->metadata.name = name;
    c->metadata.finalizers = std::move(finalizers);
    c->spec.driver = "diskplugin.csi.alibabacloud.com";
    c->spec.deletion_policy = std::move(policy);
    c->spec.volume_snapshot_ref = ref;
    if (dynamic) {
      c->spec.source.volume_handle = "d-1";
      // csi-snapshotter marks a content before its first CreateSnapshot call.
      if (handle.empty()) c->metadata.annotations["snapshot.storage.kubernetes.io/volumesnapshot-being-created"] = "yes";
      auto created = server().Create(c);
      ASSERT_TRUE(created.ok()) << created.error().message();
      auto copy = api::CloneAs<api::VolumeSnapshotContent>(*created);
      copy->status = api::VolumeSnapshotContentStatus{.snapshot_handle = handle};
      ASSERT_TRUE(server().UpdateStatus(copy).ok());
    } else {
      c->spec.source.snapshot_handle = handle;
      ASSERT_TRUE(server().Create(c).ok());
    }
  }

  static api::ObjectReference Ref(const api::VolumeSnapshot& vs, std::string uid = "") {
    api::ObjectReference r;
    r.name = vs.metadata.name;
    r.namespace_ = vs.metadata.namespace_;
    r.uid = uid.empty() ? vs.metadata.uid : uid;
    return r;
  }

  // An ECS snapshot of node-0's system disk, made as the driver.
  std::string DriverSnapshot(const std::string& name) {
    std::string disk = cluster_->ecs().AllDisks().front().disk_id;
    ecs::CreateSnapshotRequest r;
    r.disk_id = disk;
    r.snapshot_name = name;
    cluster_->Settle(engine::kHour);  // one snapshot at a time per disk
    auto s = cluster_->ecs().CreateSnapshotSync(r, {.caller = "csi-plugin"});
    EXPECT_TRUE(s.ok()) << s.error().code;
    return s.ok() ? s->snapshot_id : "";
  }

  std::vector<std::string> Names(const std::vector<InvariantViolation>& v) {
    std::vector<std::string> out;
    for (const auto& x : v) out.push_back(x.invariant);
    return out;
  }

  std::unique_ptr<Cluster> cluster_;
};

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST_F(InvariantsTest, ConsistentBindingPasses) {
  auto vs = Snapshot("a", "static-a");
  Content("static-a", Ref(*vs), "s-1");
  EXPECT_THAT(cluster_->CheckInvariants(), IsEmpty());
}

TEST_F(InvariantsTest, ContentPointingElsewhereBreaksTwoWayBinding) {
  auto vs = Snapshot("a", "static-a");
  Content("static-a", Ref(*vs, "0000-other-uid"), "s-1");
  auto v = cluster_->CheckInvariants();
  ASSERT_THAT(Names(v), ElementsAre("binding/two-way"));
  EXPECT_NE(v[0].detail.find("VolumeSnapshot default/a"), std::string::npos) << v[0].detail;
}

TEST_F(InvariantsTest, TwoSnapshotsNamingOneContent) {
  auto a = Snapshot("a", "static-a");
  Snapshot("b", "static-a");
  Content("static-a", Ref(*a), "s-1");
  // b is both the second claimant and not the snapshot the content points at.
  EXPECT_THAT(Names(cluster_->CheckInvariants()), ElementsAre("binding/one-to-one", "binding/two-way"));
}

TEST_F(InvariantsTest, DynamicContentNamedAfterAnotherUid) {
  auto vs = Snapshot("a", std::nullopt);
  Content("snapcontent-not-the-uid", Ref(*vs), "s-1", "Delete", /*dynamic=*/true);
  EXPECT_THAT(Names(cluster_->CheckInvariants()), ElementsAre("binding/dynamic-name"));
}

TEST_F(InvariantsTest, DriverSnapshotWithoutContentLeaks) {
  auto vs = Snapshot("a", std::nullopt);
  // Referenced by name while the handle is not stored yet: fine.
  Content("snapcontent-" + vs->metadata.uid, Ref(*vs), "", "Delete", true);
  DriverSnapshot("snapshot-" + vs->metadata.uid);
  EXPECT_THAT(cluster_->CheckInvariants(), IsEmpty());
  // Nobody references this one.
  std::string leaked = DriverSnapshot("snapshot-0000");
  auto v = cluster_->CheckInvariants();
  ASSERT_THAT(Names(v), ElementsAre("no-leak"));
  EXPECT_NE(v[0].detail.find(leaked), std::string::npos);
}

TEST_F(InvariantsTest, DriverDeletingALiveContentsSnapshot) {
  std::string id = DriverSnapshot("snapshot-x");
  auto vs = Snapshot("a", "static-a");
  Content("static-a", Ref(*vs), id, "Retain");
  EXPECT_THAT(cluster_->CheckInvariants(), IsEmpty());
  ecs::DeleteSnapshotRequest del;
  del.snapshot_id = id;
  ASSERT_TRUE(cluster_->ecs().DeleteSnapshotSync(del, {.caller = "csi-plugin"}).ok());
  EXPECT_THAT(Names(cluster_->CheckInvariants()), ElementsAre("no-wrongful-delete"));
}

TEST_F(InvariantsTest, CreateSnapshotWithoutBeingCreatedBreaksOrdering) {
  auto vs = Snapshot("a", std::nullopt);
  Content("snapcontent-" + vs->metadata.uid, Ref(*vs), "s-1", "Delete", true);  // handle stored: polling is fine
  DriverSnapshot("snapshot-" + vs->metadata.uid);
  EXPECT_THAT(cluster_->CheckInvariants(), IsEmpty());
  auto other = Snapshot("b", std::nullopt);
  auto c = std::make_shared<api::VolumeSnapshotContent>();
  c->metadata.name = "snapcontent-" + other->metadata.uid;
  c->spec.driver = "diskplugin.csi.alibabacloud.com";
  c->spec.deletion_policy = "Delete";
  c->spec.volume_snapshot_ref = Ref(*other);
  c->spec.source.volume_handle = "d-1";
  ASSERT_TRUE(server().Create(c).ok());
  DriverSnapshot("snapshot-" + other->metadata.uid);  // no handle, no annotation: #134's window
  EXPECT_THAT(Names(cluster_->CheckInvariants()), ElementsAre("ordering/being-created-before-create"));
}

TEST_F(InvariantsTest, UserDeletingASnapshotIsNotTheDriversFault) {
  std::string id = DriverSnapshot("snapshot-y");
  auto vs = Snapshot("a", "static-a");
  Content("static-a", Ref(*vs), id, "Retain");
  ecs::DeleteSnapshotRequest del;
  del.snapshot_id = id;
  ASSERT_TRUE(cluster_->ecs().DeleteSnapshotSync(del, {.caller = "aliyun"}).ok());
  EXPECT_THAT(cluster_->CheckInvariants(), IsEmpty());
}

TEST_F(InvariantsTest, LivenessFindsStuckObjects) {
  auto vs = Snapshot("a", "static-a", {"snapshot.storage.kubernetes.io/volumesnapshot-bound-protection"});
  Content("static-a", Ref(*vs), "s-1", "Delete", false,
          {"snapshot.storage.kubernetes.io/volumesnapshotcontent-bound-protection"});
  // A static snapshot bound to a content with a handle, not ready.
  // (The cluster itself skips liveness when no snapshot controllers run; ask the checker.)
  InvariantChecker checker;
  EXPECT_THAT(cluster_->CheckLiveness(), IsEmpty());
  EXPECT_THAT(Names(checker.CheckLiveness(server())), ElementsAre("liveness/snapshot-ready"));
  ASSERT_TRUE(server().Delete(api::VolumeSnapshot::Info(), "default", "a").ok());
  // The content of a live (terminating) snapshot may wait; the snapshot may not.
  ASSERT_TRUE(server().Delete(api::VolumeSnapshotContent::Info(), "", "static-a").ok());
  EXPECT_THAT(Names(checker.CheckLiveness(server())), ElementsAre("liveness/snapshot-deleted"));
}

}  // namespace
}  // namespace snapsim::cluster
