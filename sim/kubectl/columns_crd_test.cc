// Custom resources (external-snapshotter v1 CRD printer columns) and
// CustomResourceDefinition objects. Golden tables marked "real" are kubectl output copied
// from published transcripts; the others are derived by the printer rules.
#include <gtest/gtest.h>

#include "sim/kubectl/columns.h"
#include "sim/kubectl/table_printer.h"
#include "sim/kubectl/table_test_util.h"

namespace snapsim::kubectl {
namespace {

using testing::Ago;
using testing::Print;
using testing::Sub;
using testing::Yaml;

TEST(VolumeSnapshotTable, Real) {
  // Real: ceph-csi CephFS, `kubectl get volumesnapshot`.
  api::Value vs = Yaml(Sub(R"(apiVersion: snapshot.storage.k8s.io/v1
kind: VolumeSnapshot
metadata:
  name: cephfs-pvc-snapshot
  namespace: default
  creationTimestamp: "@AGE@"
spec:
  volumeSnapshotClassName: csi-cephfsplugin-snapclass
  source:
    persistentVolumeClaimName: csi-cephfs-pvc
status:
  boundVolumeSnapshotContentName: snapcontent-34476204-a14a-4d59-bfbc-2bbba695652c
  creationTime: "@CT@"
  readyToUse: true
  restoreSize: 1Gi
)",
                           {{"AGE", Ago(6)}, {"CT", Ago(3)}}));
  EXPECT_EQ(Print("VolumeSnapshot", {vs}),
            "NAME                  READYTOUSE   SOURCEPVC        SOURCESNAPSHOTCONTENT   RESTORESIZE   SNAPSHOTCLASS                SNAPSHOTCONTENT                                    CREATIONTIME   AGE\n"
            "cephfs-pvc-snapshot   true         csi-cephfs-pvc                           1Gi           csi-cephfsplugin-snapclass   snapcontent-34476204-a14a-4d59-bfbc-2bbba695652c   3s             6s\n");
}

TEST(VolumeSnapshotTable, AllNamespaces) {
  // Real: Velero with the OpenEBS local CSI driver, `kubectl get volumesnapshot -A`.
  api::Value vs = Yaml(Sub(R"(apiVersion: snapshot.storage.k8s.io/v1
kind: VolumeSnapshot
metadata:
  name: velero-local-pvc-bdbw8
  namespace: default
  creationTimestamp: "@AGE@"
spec:
  volumeSnapshotClassName: csi-local-snapclass
  source:
    persistentVolumeClaimName: local-pvc
status:
  boundVolumeSnapshotContentName: snapcontent-93903201-f07a-405c-92d9-2c0b6bafd6a1
  creationTime: "@CT@"
  readyToUse: true
  restoreSize: 30Mi
)",
                           {{"AGE", Ago(118)}, {"CT", Ago(117)}}));
  TableOptions opts;
  opts.with_namespace = true;
  EXPECT_EQ(Print("VolumeSnapshot", {vs}, opts),
            "NAMESPACE   NAME                     READYTOUSE   SOURCEPVC   SOURCESNAPSHOTCONTENT   RESTORESIZE   SNAPSHOTCLASS         SNAPSHOTCONTENT                                    CREATIONTIME   AGE\n"
            "default     velero-local-pvc-bdbw8   true         local-pvc                           30Mi          csi-local-snapclass   snapcontent-93903201-f07a-405c-92d9-2c0b6bafd6a1   117s           118s\n");
}

TEST(VolumeSnapshotTable, PreProvisionedWithoutClass) {
  // Real: Trident snapshot import; the missing class and source PVC print as empty cells.
  api::Value vs = Yaml(Sub(R"(apiVersion: snapshot.storage.k8s.io/v1
kind: VolumeSnapshot
metadata:
  name: volumesnap
  namespace: ghost
  creationTimestamp: "@AGE@"
spec:
  source:
    volumeSnapshotContentName: vsc-import
status:
  boundVolumeSnapshotContentName: vsc-import
  creationTime: "@CT@"
  readyToUse: true
  restoreSize: 756Ki
)",
                           {{"AGE", Ago(48 * 60 + 10)}, {"CT", Ago(57 * 60 + 1)}}));
  EXPECT_EQ(Print("VolumeSnapshot", {vs}),
            "NAME         READYTOUSE   SOURCEPVC   SOURCESNAPSHOTCONTENT   RESTORESIZE   SNAPSHOTCLASS   SNAPSHOTCONTENT   CREATIONTIME   AGE\n"
            "volumesnap   true                     vsc-import              756Ki                         vsc-import        57m            48m\n");
}

TEST(VolumeSnapshotTable, JustCreated) {
  // A snapshot the controller has not handled yet: every status column is an empty cell,
  // and -o wide adds nothing (all CRD columns have priority 0).
  api::Value vs = Yaml(Sub(R"(apiVersion: snapshot.storage.k8s.io/v1
kind: VolumeSnapshot
metadata:
  name: new-snapshot-demo
  namespace: default
  creationTimestamp: "@AGE@"
spec:
  volumeSnapshotClassName: default-snapclass
  source:
    persistentVolumeClaimName: disk-ssd-web-0
)",
                           {{"AGE", Ago(1)}}));
  TableOptions opts;
  opts.wide = true;
  EXPECT_EQ(Print("VolumeSnapshot", {vs}, opts),
            "NAME                READYTOUSE   SOURCEPVC        SOURCESNAPSHOTCONTENT   RESTORESIZE   SNAPSHOTCLASS       SNAPSHOTCONTENT   CREATIONTIME   AGE\n"
            "new-snapshot-demo                disk-ssd-web-0                                         default-snapclass                                    1s\n");
}

TEST(VolumeSnapshotTable, CellTyping) {
  // Values of the wrong JSON type print empty for boolean/integer columns and as text for
  // string columns; a bad date prints <invalid>, an empty one <unknown>.
  api::Value vs = Yaml(R"(metadata:
  name: odd
  creationTimestamp: ""
spec:
  volumeSnapshotClassName: 7
status:
  readyToUse: "true"
  restoreSize: 1073741824
  creationTime: soon
)");
  Result<ServerTable> t = ConvertToTable("VolumeSnapshot", {vs}, 30, testing::kNow);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  const auto& r = t->rows[0];
  EXPECT_TRUE(r[1].is_null());
  EXPECT_EQ(r[4], api::Value("1073741824"));
  EXPECT_EQ(r[5], api::Value("7"));
  EXPECT_EQ(r[7], api::Value("<invalid>"));
  EXPECT_EQ(r[8], api::Value("<unknown>"));
}

api::Value Content(std::string name, std::int64_t age, std::string driver, std::string cls,
                   std::string vs, std::string vs_ns, std::int64_t size) {
  api::Value c = Yaml(Sub(R"(apiVersion: snapshot.storage.k8s.io/v1
kind: VolumeSnapshotContent
metadata:
  name: @NAME@
  creationTimestamp: "@AGE@"
spec:
  deletionPolicy: Delete
  driver: @DRIVER@
  source:
    volumeHandle: vol-1
  volumeSnapshotRef:
    kind: VolumeSnapshot
    name: @VS@
    namespace: @NS@
status:
  readyToUse: true
  restoreSize: @SIZE@
  snapshotHandle: snap-1
)",
                          {{"NAME", name},
                           {"AGE", Ago(age)},
                           {"DRIVER", driver},
                           {"VS", vs},
                           {"NS", vs_ns},
                           {"SIZE", std::to_string(size)}}));
  if (!cls.empty()) c["spec"]["volumeSnapshotClassName"] = cls;
  return c;
}

TEST(VolumeSnapshotContentTable, Real) {
  // Real: Velero with the OpenEBS local CSI driver, `kubectl get volumesnapshotcontent`.
  EXPECT_EQ(Print("VolumeSnapshotContent",
                  {Content("snapcontent-93903201-f07a-405c-92d9-2c0b6bafd6a1", 158,
                           "local.csi.openebs.io", "csi-local-snapclass",
                           "velero-local-pvc-bdbw8", "default", 31457280)}),
            "NAME                                               READYTOUSE   RESTORESIZE   DELETIONPOLICY   DRIVER                 VOLUMESNAPSHOTCLASS   VOLUMESNAPSHOT           VOLUMESNAPSHOTNAMESPACE   AGE\n"
            "snapcontent-93903201-f07a-405c-92d9-2c0b6bafd6a1   true         31457280      Delete           local.csi.openebs.io   csi-local-snapclass   velero-local-pvc-bdbw8   default                   2m38s\n");
  // Real: Trident import without a class; cluster-scoped, so -A adds no NAMESPACE column.
  TableOptions opts;
  opts.with_namespace = true;
  EXPECT_EQ(Print("VolumeSnapshotContent",
                  {Content("vsc-import", 39 * 60, "csi.trident.netapp.io", "", "volumesnap",
                           "ghost", 774144)},
                  opts),
            "NAME         READYTOUSE   RESTORESIZE   DELETIONPOLICY   DRIVER                  VOLUMESNAPSHOTCLASS   VOLUMESNAPSHOT   VOLUMESNAPSHOTNAMESPACE   AGE\n"
            "vsc-import   true         774144        Delete           csi.trident.netapp.io                         volumesnap       ghost                     39m\n");
}

TEST(VolumeSnapshotClassTable, Real) {
  // Real: ceph-csi, `kubectl get volumesnapshotclass`.
  api::Value cls = Yaml(Sub(R"(apiVersion: snapshot.storage.k8s.io/v1
kind: VolumeSnapshotClass
metadata:
  name: csi-cephfsplugin-snapclass
  creationTimestamp: "@AGE@"
driver: cephfs.csi.ceph.com
deletionPolicy: Delete
parameters:
  clusterID: abc
)",
                            {{"AGE", Ago(24 * 60 + 30)}}));
  EXPECT_EQ(Print("VolumeSnapshotClass", {cls}),
            "NAME                         DRIVER                DELETIONPOLICY   AGE\n"
            "csi-cephfsplugin-snapclass   cephfs.csi.ceph.com   Delete           24m\n");
}

TEST(CustomResourceDefinitionTable, NameAndCreatedAt) {
  api::Value a = Yaml(
      "metadata:\n  name: volumesnapshotclasses.snapshot.storage.k8s.io\n"
      "  creationTimestamp: \"2026-01-01T00:00:00Z\"\n");
  api::Value b = Yaml(
      "metadata:\n  name: volumesnapshots.snapshot.storage.k8s.io\n"
      "  creationTimestamp: \"2026-01-01T08:00:05+08:00\"\n");
  EXPECT_EQ(Print("CustomResourceDefinition", {a, b}),
            "NAME                                            CREATED AT\n"
            "volumesnapshotclasses.snapshot.storage.k8s.io   2026-01-01T00:00:00Z\n"
            "volumesnapshots.snapshot.storage.k8s.io         2026-01-01T00:00:05Z\n");
}

}  // namespace
}  // namespace snapsim::kubectl
