// ExternalProvisioner: restore from a VolumeSnapshot — a numbered table of the checks of
// getSnapshotSource (reference snapshot-controller-semantics.md §5), the source-protection
// finalizer, and the success path (the disk is created from the ECS snapshot).
#include <gtest/gtest.h>

#include <cctype>
#include <functional>

#include "src/csi/provisioner/provisioner_test_util.h"
#include "src/csi/util/snapshot_names.h"

namespace snapsim::csi::provisioner::testing {
namespace {

constexpr std::string_view kFinalizer = "provisioner.storage.kubernetes.io/volumesnapshot-as-source-protection";

// Knobs for the VolumeSnapshot / VolumeSnapshotContent pair the restore reads.
struct SnapshotSetup {
  bool bound = true;             // vs.status.boundVolumeSnapshotContentName
  bool content_exists = true;
  bool content_points_back = true;
  std::string driver = "diskplugin.csi.alibabacloud.com";
  bool ready = true;
  bool handle = true;
  std::int64_t restore_gib = 20;
  std::optional<std::string> source_volume_mode = "Filesystem";
  std::optional<std::string> allow_mode_change;  // the content annotation
  bool being_deleted = false;
};

struct RestoreCase {
  std::string name;
  std::function<void(SnapshotSetup&)> setup;
  std::string claim_size = "20Gi";
  std::string claim_extra;         // more of the claim's spec
  std::string want_error;          // "" = success
};

class RestoreTest : public ProvisionerTest {
 protected:
  RestoreTest() { AddStorageClass("alicloud-disk-ssd", "Immediate"); }
  explicit RestoreTest(ProvisionerOptions o) : ProvisionerTest(30, o) {
    AddStorageClass("alicloud-disk-ssd", "Immediate");
  }

  // A real ECS snapshot of a 20 GiB data disk.
  std::string MakeEcsSnapshot() {
    ecs::CreateDiskRequest cd;
    cd.region_id = "cn-hangzhou";
    cd.zone_id = "cn-hangzhou-g";
    cd.disk_category = "cloud_ssd";
    cd.size = 20;
    auto disk = ecs_->CreateDiskSync(cd);
    EXPECT_TRUE(disk.ok());
    loop_.Settle(engine::kMinute);
    EXPECT_TRUE(ecs_->AttachDiskSync({.region_id = "cn-hangzhou", .instance_id = "i-node-0",
                                      .disk_id = disk->disk_id})
                    .ok());
    loop_.Settle(engine::kMinute);
    ecs::CreateSnapshotRequest cs;
    cs.region_id = "cn-hangzhou";
    cs.disk_id = disk->disk_id;
    auto snap = ecs_->CreateSnapshotSync(cs);
    EXPECT_TRUE(snap.ok());
    loop_.Settle(engine::kHour);
    return snap.ok() ? snap->snapshot_id : "";
  }

  void MakeSnapshot(const SnapshotSetup& s, const std::string& handle_id, const std::string& ns = "default") {
    auto vs = std::make_shared<api::VolumeSnapshot>();
    vs->metadata.name = "vs1";
    vs->metadata.namespace_ = ns;
    vs->spec.source.volume_snapshot_content_name = "snapcontent-vs1";
    if (s.being_deleted) vs->metadata.finalizers.push_back("snapshot.storage.kubernetes.io/volumesnapshot-bound-protection");
    auto created = server_.Create(vs);
    ASSERT_TRUE(created.ok()) << created.error().message();
    const std::string uid = (*created)->metadata.uid;
    if (s.content_exists) {
      auto c = std::make_shared<api::VolumeSnapshotContent>();
      c->metadata.name = "snapcontent-vs1";
      c->spec.volume_snapshot_ref.name = s.content_points_back ? "vs1" : "other";
      c->spec.volume_snapshot_ref.namespace_ = ns;
      c->spec.volume_snapshot_ref.uid = s.content_points_back ? uid : "0000";
      c->spec.deletion_policy = "Retain";
      c->spec.driver = s.driver;
      c->spec.source.snapshot_handle = handle_id;
      c->spec.source_volume_mode = s.source_volume_mode;
      if (s.allow_mode_change) {
        c->metadata.annotations[std::string(kAllowVolumeModeChangeAnnotation)] = *s.allow_mode_change;
      }
      auto cc = server_.Create(c);
      ASSERT_TRUE(cc.ok()) << cc.error().message();
      auto cs = api::CloneAs<api::VolumeSnapshotContent>(*cc);
      cs->status.emplace();
      if (s.handle) cs->status->snapshot_handle = handle_id;
      cs->status->ready_to_use = s.ready;
      cs->status->restore_size = s.restore_gib * kGiB;
      ASSERT_TRUE(server_.UpdateStatus(cs).ok());
    }
    auto st = api::CloneAs<api::VolumeSnapshot>(*created);
    st->status.emplace();
    if (s.bound) st->status->bound_volume_snapshot_content_name = "snapcontent-vs1";
    st->status->ready_to_use = s.ready;
    st->status->restore_size = api::Quantity::FromBytes(s.restore_gib * kGiB);
    auto updated = server_.UpdateStatus(st);
    ASSERT_TRUE(updated.ok()) << updated.error().message();
    if (s.being_deleted) {
      ASSERT_TRUE(server_.Delete(api::VolumeSnapshot::Info(), ns, "vs1").ok());
    }
  }

  std::shared_ptr<const api::VolumeSnapshot> Vs() { return Get<api::VolumeSnapshot>("vs1"); }

  static constexpr std::string_view kDataSource = R"(  dataSource:
    apiGroup: snapshot.storage.k8s.io
    kind: VolumeSnapshot
    name: vs1
)";
};

std::string Failed(const std::string& err) {
  return "failed to provision volume with StorageClass \"alicloud-disk-ssd\": error getting handle "
         "for DataSource Type VolumeSnapshot by Name vs1: " + err;
}

const std::vector<RestoreCase>& Cases() {
  static const std::vector<RestoreCase> cases = {
      {"R-1 not ready", [](SnapshotSetup& s) { s.ready = false; }, "20Gi", "",
       Failed("snapshot vs1 is not Ready")},
      {"R-2 not bound", [](SnapshotSetup& s) { s.bound = false; }, "20Gi", "",
       Failed("snapshot vs1 not bound")},
      {"R-3 content missing", [](SnapshotSetup& s) { s.content_exists = false; }, "20Gi", "",
       Failed("error getting snapshotcontent snapcontent-vs1 for snapshot vs1")},
      {"R-4 content bound to another snapshot", [](SnapshotSetup& s) { s.content_points_back = false; },
       "20Gi", "", Failed("snapshotcontent snapcontent-vs1 for snapshot vs1 is bound to a different snapshot")},
      {"R-5 wrong driver", [](SnapshotSetup& s) { s.driver = "nasplugin.csi.alibabacloud.com"; }, "20Gi",
       "", Failed("snapshotcontent snapcontent-vs1 for snapshot vs1 is not handled by CSI driver of "
                  "StorageClass alicloud-disk-ssd")},
      {"R-6 handle missing", [](SnapshotSetup& s) { s.handle = false; }, "20Gi", "",
       Failed("snapshot handle vs1 is not available")},
      {"R-7 too small", [](SnapshotSetup&) {}, "10Gi", "",
       Failed("requested volume size 10737418240 is less than the size 21474836480 for the source "
              "snapshot vs1")},
      {"R-8 volume mode change refused (no annotation)", [](SnapshotSetup&) {}, "20Gi",
       "  volumeMode: Block\n",
       Failed("requested volume default/restored modifies the mode of the source volume but does "
              "not have permission to do so. snapshot.storage.kubernetes.io/allow-volume-mode-change "
              "annotation is not present on snapshotcontent snapcontent-vs1")},
      {"R-9 volume mode change refused (annotation false)",
       [](SnapshotSetup& s) { s.allow_mode_change = "false"; }, "20Gi", "  volumeMode: Block\n",
       Failed("requested volume default/restored modifies the mode of the source volume but does "
              "not have permission to do so. snapshot.storage.kubernetes.io/allow-volume-mode-change "
              "is set to false on snapshotcontent snapcontent-vs1")},
      {"R-10 volume mode change allowed", [](SnapshotSetup& s) { s.allow_mode_change = "true"; },
       "20Gi", "  volumeMode: Block\n", ""},
      {"R-11 success from the snapshot", [](SnapshotSetup&) {}, "20Gi", "", ""},
      {"R-12 larger claim than the snapshot", [](SnapshotSetup&) {}, "50Gi", "", ""},
      {"R-13 snapshot being deleted", [](SnapshotSetup& s) { s.being_deleted = true; }, "20Gi", "",
       Failed("snapshot vs1 is being deleted")},
  };
  return cases;
}

class RestoreTableTest : public RestoreTest, public ::testing::WithParamInterface<RestoreCase> {};

TEST_P(RestoreTableTest, Case) {
  {
    const RestoreCase& c = GetParam();
    SCOPED_TRACE(c.name);
    SnapshotSetup s;
    c.setup(s);
    std::string snap_id = MakeEcsSnapshot();
    MakeSnapshot(s, snap_id);
    ApplyClaim("restored", "alicloud-disk-ssd", c.claim_size, std::string(kDataSource) + c.claim_extra);
    Settle(120);
    auto pv = PvFor("restored");
    if (!c.want_error.empty()) {
      EXPECT_EQ(pv, nullptr);
      EXPECT_GE(EventCountFor("PersistentVolumeClaim", "restored", c.want_error), 1)
          << ::testing::PrintToString(EventsFor("PersistentVolumeClaim", "restored"));
      EXPECT_EQ(Calls("CreateDisk"), 1) << "only the source disk: no CSI CreateVolume";
      auto vs = Vs();
      if (vs != nullptr) {
        EXPECT_FALSE(vs->metadata.HasFinalizer(kFinalizer));
      }
      return;
    }
    ASSERT_NE(pv, nullptr) << ::testing::PrintToString(EventsFor("PersistentVolumeClaim", "restored"));
    auto disk = Disk(pv->spec.csi->volume_handle);
    ASSERT_TRUE(disk);
    EXPECT_EQ(disk->source_snapshot_id, snap_id);
    EXPECT_EQ(disk->size, c.claim_size == "50Gi" ? 50 : 20);
    EXPECT_FALSE(Vs()->metadata.HasFinalizer(kFinalizer)) << "removed once provisioned";
    if (c.claim_extra.find("Block") != std::string::npos) {
      EXPECT_EQ(pv->spec.volume_mode.value_or(""), "Block");
      EXPECT_EQ(pv->spec.csi->fs_type, "");
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Restore, RestoreTableTest, ::testing::ValuesIn(Cases()),
                         [](const ::testing::TestParamInfo<RestoreCase>& info) {
                           std::string n;
                           for (char ch : info.param.name) n += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
                           return n;
                         });

TEST_F(RestoreTest, FinalizerHeldWhileCreateVolumeRuns) {
  std::string snap_id = MakeEcsSnapshot();
  MakeSnapshot({}, snap_id);
  int before = Calls("CreateDisk");
  ApplyClaim("restored", "alicloud-disk-ssd", "20Gi", std::string(kDataSource));
  while (Calls("CreateDisk") == before && loop_.Step()) {
  }
  EXPECT_TRUE(Vs()->metadata.HasFinalizer(kFinalizer)) << "added before CreateVolume";
  Settle();
  ASSERT_NE(PvFor("restored"), nullptr);
  EXPECT_FALSE(Vs()->metadata.HasFinalizer(kFinalizer));
}

TEST_F(RestoreTest, SweeperRemovesOrphanedFinalizer) {
  std::string snap_id = MakeEcsSnapshot();
  MakeSnapshot({}, snap_id);
  // A provisioner crashed after adding its finalizer; the claim is gone.
  auto vs = api::CloneAs<api::VolumeSnapshot>(server_.Peek(api::VolumeSnapshot::Info(), "default", "vs1"));
  vs->metadata.finalizers.push_back(std::string(kFinalizer));
  ASSERT_TRUE(server_.Update(vs).ok());
  loop_.RunUntil(loop_.Now() + 5 * engine::kMinute + engine::kSecond);
  EXPECT_FALSE(Vs()->metadata.HasFinalizer(kFinalizer));
}

TEST_F(RestoreTest, SweeperKeepsFinalizerOfSnapshotAPendingClaimUses) {
  std::string snap_id = MakeEcsSnapshot();
  SnapshotSetup s;
  s.ready = false;  // the claim stays Pending
  MakeSnapshot(s, snap_id);
  auto vs = api::CloneAs<api::VolumeSnapshot>(server_.Peek(api::VolumeSnapshot::Info(), "default", "vs1"));
  vs->metadata.finalizers.push_back(std::string(kFinalizer));
  ASSERT_TRUE(server_.Update(vs).ok());
  ApplyClaim("restored", "alicloud-disk-ssd", "20Gi", std::string(kDataSource));
  loop_.RunUntil(loop_.Now() + 11 * engine::kMinute);
  EXPECT_TRUE(Vs()->metadata.HasFinalizer(kFinalizer));
  EXPECT_EQ(Get<api::PersistentVolumeClaim>("restored")->status.phase, "Pending");
}

TEST_F(RestoreTest, CrossNamespaceRefusedWithGateOff) {
  ApplyClaim("restored", "alicloud-disk-ssd", "20Gi", R"(  dataSourceRef:
    apiGroup: snapshot.storage.k8s.io
    kind: VolumeSnapshot
    name: vs1
    namespace: other
)");
  Settle(30);
  EXPECT_EQ(PvFor("restored"), nullptr);
  EXPECT_GE(EventCountFor("PersistentVolumeClaim", "restored",
                          "failed to provision volume with StorageClass \"alicloud-disk-ssd\": "
                          "dataSourceRef namespace specified but the CrossNamespaceVolumeDataSource "
                          "feature is disabled"),
            1);
}

class RestoreCrossNamespaceTest : public RestoreTest {
 protected:
  RestoreCrossNamespaceTest() : RestoreTest(ProvisionerOptions{.cross_namespace_volume_data_source = true}) {}
};

TEST_F(RestoreCrossNamespaceTest, CrossNamespaceNotGrantedWithoutReferenceGrant) {
  ApplyClaim("restored", "alicloud-disk-ssd", "20Gi", R"(  dataSourceRef:
    apiGroup: snapshot.storage.k8s.io
    kind: VolumeSnapshot
    name: vs1
    namespace: other
)");
  Settle(30);
  EXPECT_EQ(PvFor("restored"), nullptr);
  EXPECT_GE(EventCountFor("PersistentVolumeClaim", "restored",
                          "failed to provision volume with StorageClass \"alicloud-disk-ssd\": "
                          "accessing other/vs1 of VolumeSnapshot dataSource from default/restored "
                          "isn't allowed"),
            1);
}

TEST_F(RestoreTest, PvcCloneIsNotSupportedByTheDriver) {
  ApplyClaim("src", "alicloud-disk-ssd", "20Gi");
  Settle();
  ApplyClaim("clone", "alicloud-disk-ssd", "20Gi", R"(  dataSource:
    kind: PersistentVolumeClaim
    name: src
)");
  Settle(30);
  EXPECT_EQ(PvFor("clone"), nullptr);
  EXPECT_GE(EventCountFor("PersistentVolumeClaim", "clone",
                          "failed to provision volume with StorageClass \"alicloud-disk-ssd\": CSI "
                          "driver does not support clone operations: controller CLONE_VOLUME "
                          "capability is not reported"),
            1);
}

}  // namespace
}  // namespace snapsim::csi::provisioner::testing
