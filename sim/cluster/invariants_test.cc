// The invariants and liveness checks over hand-made states: a cluster with the API
// server and ECS alone (no component acts), objects written directly, ECS calls made
// as the driver.
#include "sim/cluster/invariants.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sim/cluster/cluster.h"
#include "src/api/kinds_snapshot.h"
#include "src/api/kinds_storage.h"
#include "src/fake_ecs/errors.h"

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

  // data/restore-matches-cut: disks on node-0's instance, through the data plane.
  std::string Instance() { return cluster_->ecs().AllInstances().front().instance_id; }

  // A disk (from `snapshot`, or empty and then formatted ext4), attached to node-0.
  std::string AttachedDisk(std::optional<std::string> snapshot = std::nullopt) {
    ecs::Ecs& ecs = cluster_->ecs();
    ecs::CreateDiskRequest r;
    r.zone_id = ecs.AllInstances().front().zone_id;
    r.disk_category = "cloud_essd";
    r.size = 20;
    r.snapshot_id = snapshot;
    auto d = ecs.CreateDiskSync(r, {.caller = "aliyun"});
    EXPECT_TRUE(d.ok()) << d.error().code;
    if (!d.ok()) return "";
    cluster_->Settle(engine::kHour);
    ecs::AttachDiskRequest a;
    a.instance_id = Instance();
    a.disk_id = d->disk_id;
    auto attached = ecs.AttachDiskSync(a, {.caller = "aliyun"});
    EXPECT_TRUE(attached.ok()) << attached.error().code;
    cluster_->Settle(engine::kHour);
    if (!snapshot) {
      EXPECT_TRUE(Device(d->disk_id).Format("ext4").ok());
    }
    return d->disk_id;
  }

  ecs::Device Device(const std::string& disk) {
    auto dev = cluster_->ecs().OpenDevice(disk, Instance());
    EXPECT_TRUE(dev.ok()) << dev.status().message();
    return *dev;
  }

  void Write(const std::string& disk, const std::string& path, const std::string& data) {
    auto st = Device(disk).Write(path, data);
    EXPECT_TRUE(st.ok()) << st.message();
  }

  // A user's ECS snapshot of `disk` (not the driver's: no-leak stays out of it). The
  // call returns before the cut (cut_delay later); `settle` runs until it is usable.
  std::string TakeSnapshot(const std::string& disk, bool settle = true) {
    ecs::CreateSnapshotRequest r;
    r.disk_id = disk;
    auto s = cluster_->ecs().CreateSnapshotSync(r, {.caller = "aliyun"});
    EXPECT_TRUE(s.ok()) << s.error().code;
    if (settle) cluster_->Settle(engine::kHour);
    return s.ok() ? s->snapshot_id : "";
  }

  // VolumeSnapshot `vs` bound to a static content of ECS snapshot `handle`.
  void BoundSnapshot(const std::string& vs, const std::string& handle) {
    auto snap = Snapshot(vs, "static-" + vs);
    Content("static-" + vs, Ref(*snap), handle, "Retain");
  }

  // Claim `name` restoring from VolumeSnapshot `vs`, Bound to PV pv-<name> on `disk`,
  // made by the provisioner (or, with provisioned = false, an existing volume).
  void RestoredClaim(const std::string& name, const std::string& vs, const std::string& disk,
                     bool provisioned = true) {
    auto pvc = std::make_shared<api::PersistentVolumeClaim>();
    pvc->metadata.name = name;
    pvc->metadata.namespace_ = "default";
    pvc->spec.access_modes = {"ReadWriteOnce"};
    pvc->spec.resources.requests["storage"] = *api::Quantity::Parse("20Gi");
    pvc->spec.storage_class_name = "alicloud-disk-essd";
    pvc->spec.volume_name = "pv-" + name;
    pvc->spec.data_source = api::TypedLocalObjectReference{"snapshot.storage.k8s.io", "VolumeSnapshot", vs};
    auto claim = server().Create(pvc);
    ASSERT_TRUE(claim.ok()) << claim.error().message();

    auto pv = std::make_shared<api::PersistentVolume>();
    pv->metadata.name = "pv-" + name;
    if (provisioned) pv->metadata.annotations["pv.kubernetes.io/provisioned-by"] = "diskplugin.csi.alibabacloud.com";
    pv->spec.capacity["storage"] = *api::Quantity::Parse("20Gi");
    pv->spec.csi = api::CSIPersistentVolumeSource{.driver = "diskplugin.csi.alibabacloud.com", .volume_handle = disk};
    pv->spec.access_modes = {"ReadWriteOnce"};
    pv->spec.claim_ref = api::ObjectReference{.kind = "PersistentVolumeClaim", .namespace_ = "default", .name = name,
                                              .uid = (*claim)->metadata.uid};
    pv->spec.persistent_volume_reclaim_policy = "Delete";
    pv->spec.storage_class_name = "alicloud-disk-essd";
    auto created = server().Create(pv);
    ASSERT_TRUE(created.ok()) << created.error().message();
    auto pv_bound = api::CloneAs<api::PersistentVolume>(*created);
    pv_bound->status.phase = "Bound";
    ASSERT_TRUE(server().UpdateStatus(pv_bound).ok());
    auto claim_bound = api::CloneAs<api::PersistentVolumeClaim>(*claim);
    claim_bound->status.phase = "Bound";
    auto updated = server().UpdateStatus(claim_bound);
    ASSERT_TRUE(updated.ok()) << updated.error().message();
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
using ::testing::UnorderedElementsAre;

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

// A leak the driver caused is told apart from one of the controllers': after ECS made the
// snapshot, the driver's wait for the cut failed (HEAD answers Internal, a final code).
TEST_F(InvariantsTest, LeakAfterTheDriversFailedWaitForTheCutIsADriverLeak) {
  std::string id = DriverSnapshot("snapshot-1111");
  ecs::DescribeSnapshotsRequest d;
  d.snapshot_ids = std::vector<std::string>{id};
  cluster_->ecs().AddFault(ecs::FaultRule{.api = "DescribeSnapshots", .error = ecs::errors::InternalError(), .times = 1});
  EXPECT_FALSE(cluster_->ecs().DescribeSnapshotsSync(d, {.caller = "csi-plugin"}).ok());
  auto v = cluster_->CheckInvariants();
  ASSERT_THAT(Names(v), ElementsAre("driver-leak"));
  EXPECT_NE(v[0].detail.find("its wait for the cut failed"), std::string::npos) << v[0].detail;
  // The same failure by someone else (a person's aliyun call) proves nothing.
  std::string other = DriverSnapshot("snapshot-2222");
  d.snapshot_ids = std::vector<std::string>{other};
  cluster_->ecs().AddFault(ecs::FaultRule{.api = "DescribeSnapshots", .error = ecs::errors::InternalError(), .times = 1});
  EXPECT_FALSE(cluster_->ecs().DescribeSnapshotsSync(d, {.caller = "aliyun"}).ok());
  EXPECT_THAT(Names(cluster_->CheckInvariants()), UnorderedElementsAre("driver-leak", "no-leak"));
}

// A content removed while being created and before snapshot-controller protected it
// with its finalizer: the race of the upstream design (upstream-leak).
TEST_F(InvariantsTest, ContentRemovedBeforeItsFinalizerIsAnUpstreamLeak) {
  auto vs = Snapshot("a", std::nullopt);
  std::string name = "snapcontent-" + vs->metadata.uid;
  Content(name, Ref(*vs), "", "Delete", true);  // being-created, no finalizer
  DriverSnapshot("snapshot-" + vs->metadata.uid);
  ASSERT_TRUE(server().Delete(api::VolumeSnapshotContent::Info(), "", name, {}, {.client = "snapshot-controller"}).ok());
  auto v = cluster_->CheckInvariants();
  ASSERT_THAT(Names(v), ElementsAre("upstream-leak"));
  EXPECT_NE(v[0].detail.find(name), std::string::npos) << v[0].detail;
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

TEST_F(InvariantsTest, RestoreHoldingTheFilesAtTheCutPasses) {
  std::string source = AttachedDisk();
  Write(source, "before", "1");
  std::string snap = TakeSnapshot(source, /*settle=*/false);
  // The call took effect, the cut is cut_delay later: this write is in the snapshot.
  Write(source, "between", "2");
  cluster_->Settle(engine::kHour);
  Write(source, "after", "3");  // after the cut: not in it
  Write(source, "before", "changed");
  BoundSnapshot("snap", snap);
  std::string restored = AttachedDisk(snap);
  EXPECT_EQ(*Device(restored).Read("between"), "2");
  EXPECT_FALSE(Device(restored).Read("after").ok());
  RestoredClaim("restored", "snap", restored);
  EXPECT_THAT(cluster_->CheckInvariants(), IsEmpty());
}

TEST_F(InvariantsTest, RestoreFromAnotherSnapshotOrEmptyIsReported) {
  std::string source = AttachedDisk();
  Write(source, "a", "1");
  std::string first = TakeSnapshot(source);
  Write(source, "b", "2");
  std::string second = TakeSnapshot(source);
  BoundSnapshot("snap", first);
  std::string wrong = AttachedDisk(second);
  RestoredClaim("wrong", "snap", wrong);
  auto v = cluster_->CheckInvariants();
  ASSERT_THAT(Names(v), ElementsAre("data/restore-matches-cut"));
  for (const std::string& part : {std::string("PersistentVolumeClaim default/wrong"),
                                  std::string("VolumeSnapshot default/snap"), first, wrong,
                                  "created from ECS snapshot " + second, std::string("/b (only in the restored disk)")}) {
    EXPECT_NE(v[0].detail.find(part), std::string::npos) << part << " not in: " << v[0].detail;
  }
  EXPECT_THAT(cluster_->CheckInvariants(), IsEmpty());  // judged once

  std::string empty = AttachedDisk();
  RestoredClaim("empty", "snap", empty);
  v = cluster_->CheckInvariants();
  ASSERT_THAT(Names(v), ElementsAre("data/restore-matches-cut"));
  EXPECT_NE(v[0].detail.find("created empty"), std::string::npos) << v[0].detail;
  EXPECT_NE(v[0].detail.find("/a (missing from the restored disk)"), std::string::npos) << v[0].detail;

  // The source itself was not created from the snapshot either.
  RestoredClaim("source", "snap", source);
  EXPECT_THAT(Names(cluster_->CheckInvariants()), ElementsAre("data/restore-matches-cut"));
}

TEST_F(InvariantsTest, WritesToTheSourceAfterTheCutAreNotExpected) {
  std::string source = AttachedDisk();
  Write(source, "kept", "1");
  std::string snap = TakeSnapshot(source);
  Write(source, "later", "2");
  ASSERT_TRUE(Device(source).Remove("kept").ok());
  std::string restored = AttachedDisk(snap);
  Write(source, "even-later", "3");
  BoundSnapshot("snap", snap);
  RestoredClaim("restored", "snap", restored);
  EXPECT_THAT(cluster_->CheckInvariants(), IsEmpty());
}

TEST_F(InvariantsTest, WritesToTheRestoredDiskAreTheUsersBusiness) {
  std::string source = AttachedDisk();
  Write(source, "f", "1");
  std::string snap = TakeSnapshot(source);
  BoundSnapshot("snap", snap);
  std::string restored = AttachedDisk(snap);
  Write(restored, "f", "rewritten");
  Write(restored, "new", "x");
  RestoredClaim("restored", "snap", restored);
  EXPECT_THAT(cluster_->CheckInvariants(), IsEmpty());
}

TEST_F(InvariantsTest, RestoreJudgedOnceSoALaterSnapshotDeletionIsFine) {
  std::string source = AttachedDisk();
  Write(source, "f", "1");
  std::string snap = TakeSnapshot(source);
  BoundSnapshot("snap", snap);
  std::string restored = AttachedDisk(snap);
  RestoredClaim("restored", "snap", restored);
  EXPECT_THAT(cluster_->CheckInvariants(), IsEmpty());
  // The snapshot goes and a namesake of another snapshot takes its name.
  ASSERT_TRUE(server().Delete(api::VolumeSnapshot::Info(), "default", "snap").ok());
  ASSERT_TRUE(server().Delete(api::VolumeSnapshotContent::Info(), "", "static-snap").ok());
  Write(source, "g", "2");
  BoundSnapshot("snap", TakeSnapshot(source));
  EXPECT_THAT(cluster_->CheckInvariants(), IsEmpty());
}

TEST_F(InvariantsTest, NamesakeNewerThanTheRestoreIsNotJudged) {
  std::string source = AttachedDisk();
  Write(source, "f", "1");
  std::string snap = TakeSnapshot(source);
  BoundSnapshot("snap", snap);
  std::string restored = AttachedDisk(snap);
  // Before the claim is first seen Bound, the snapshot is replaced by a namesake of
  // another ECS snapshot: not the one the provisioner restored from.
  ASSERT_TRUE(server().Delete(api::VolumeSnapshot::Info(), "default", "snap").ok());
  ASSERT_TRUE(server().Delete(api::VolumeSnapshotContent::Info(), "", "static-snap").ok());
  Write(source, "g", "2");
  BoundSnapshot("snap", TakeSnapshot(source));
  RestoredClaim("restored", "snap", restored);
  EXPECT_THAT(cluster_->CheckInvariants(), IsEmpty());
  // A snapshot first made after the disk cannot be what the disk was restored from.
  BoundSnapshot("late", TakeSnapshot(source));
  RestoredClaim("late", "late", restored);
  EXPECT_THAT(Names(cluster_->CheckInvariants()), ElementsAre("data/restore-matches-cut"));
}

TEST_F(InvariantsTest, RestoreJudgedAlongTheChainSeenWhenThePVWasCreated) {
  std::string source = AttachedDisk();
  Write(source, "a", "1");
  std::string first = TakeSnapshot(source);
  Write(source, "b", "2");
  std::string second = TakeSnapshot(source);
  BoundSnapshot("snap", first);
  std::string wrong = AttachedDisk(second);
  RestoredClaim("wrong", "snap", wrong);
  // The snapshot is gone before the first check: the chain recorded with the PV still
  // names it.
  ASSERT_TRUE(server().Delete(api::VolumeSnapshot::Info(), "default", "snap").ok());
  ASSERT_TRUE(server().Delete(api::VolumeSnapshotContent::Info(), "", "static-snap").ok());
  auto v = cluster_->CheckInvariants();
  ASSERT_THAT(Names(v), ElementsAre("data/restore-matches-cut"));
  EXPECT_NE(v[0].detail.find("VolumeSnapshot default/snap (ECS snapshot " + first + ")"), std::string::npos)
      << v[0].detail;
}

TEST_F(InvariantsTest, ClaimBoundToAnExistingVolumeIsNotARestore) {
  std::string source = AttachedDisk();
  Write(source, "f", "1");
  std::string snap = TakeSnapshot(source);
  BoundSnapshot("snap", snap);
  RestoredClaim("static", "snap", AttachedDisk(), /*provisioned=*/false);
  EXPECT_THAT(cluster_->CheckInvariants(), IsEmpty());
}

}  // namespace
}  // namespace snapsim::cluster
