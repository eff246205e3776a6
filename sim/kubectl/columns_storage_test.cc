// Storage kinds. Golden tables marked "real" are kubectl output copied from published
// transcripts of the named cluster versions; the others are derived by the printer rules.
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

api::Value Pvc(std::string ns, std::string name, std::int64_t age, std::string volume,
               std::string capacity, std::string mode, std::string cls, std::string phase) {
  std::string text = Sub(R"(apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: @NAME@
  namespace: @NS@
  creationTimestamp: "@AGE@"
spec:
  accessModes: [@MODE@]
  resources:
    requests:
      storage: @CAP@
  storageClassName: @CLASS@
  volumeMode: Filesystem
status:
  phase: @PHASE@
)",
                         {{"NAME", name},
                          {"NS", ns},
                          {"AGE", Ago(age)},
                          {"MODE", mode},
                          {"CAP", capacity},
                          {"CLASS", cls},
                          {"PHASE", phase}});
  api::Value pvc = Yaml(text);
  if (!volume.empty()) {
    pvc["spec"]["volumeName"] = volume;
    pvc["status"]["accessModes"] = Yaml("[" + mode + "]");
    pvc["status"]["capacity"]["storage"] = capacity;
  }
  return pvc;
}

TEST(PvcTable, AllNamespacesWithVolumeAttributesClass) {
  // Real: k3s v1.31, `kubectl get pvc -A`.
  std::vector<api::Value> pvcs = {
      Pvc("mysql-dev", "data-mysql-0", 36, "pvc-5f1de3f4-2179-441a-9b61-f9fcb6bf8d20", "8Gi",
          "ReadWriteOnce", "local-path", "Bound"),
      Pvc("mysql-dev", "mysql-backups", 37, "", "1Gi", "ReadWriteOnce", "local-path", "Pending"),
  };
  TableOptions opts;
  opts.kube_minor = 31;
  opts.with_namespace = true;
  EXPECT_EQ(Print("PersistentVolumeClaim", pvcs, opts),
            "NAMESPACE   NAME            STATUS    VOLUME                                     CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE\n"
            "mysql-dev   data-mysql-0    Bound     pvc-5f1de3f4-2179-441a-9b61-f9fcb6bf8d20   8Gi        RWO            local-path     <unset>                 36s\n"
            "mysql-dev   mysql-backups   Pending                                                                        local-path     <unset>                 37s\n");
}

TEST(PvcTable, PendingOnly) {
  // Real: a WaitForFirstConsumer claim on a 1.29+ cluster.
  std::vector<api::Value> pvcs = {
      Pvc("production-webapp", "web-data", 0, "", "1Gi", "ReadWriteOnce", "standard", "Pending")};
  EXPECT_EQ(Print("PersistentVolumeClaim", pvcs),
            "NAME       STATUS    VOLUME   CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE\n"
            "web-data   Pending                                      standard       <unset>                 0s\n");
}

TEST(PvcTable, WideShowsVolumeMode) {
  // Real: Trident NFS claim, `kubectl get pvc -o wide`.
  std::vector<api::Value> pvcs = {Pvc("default", "pvc-nfs-rwm", 267,
                                      "pvc-76520289-76f0-498a-8165-f358829750c3", "1Gi",
                                      "ReadWriteMany", "storage-class-nfs", "Bound")};
  TableOptions opts;
  opts.wide = true;
  EXPECT_EQ(Print("PersistentVolumeClaim", pvcs, opts),
            "NAME          STATUS   VOLUME                                     CAPACITY   ACCESS MODES   STORAGECLASS        VOLUMEATTRIBUTESCLASS   AGE     VOLUMEMODE\n"
            "pvc-nfs-rwm   Bound    pvc-76520289-76f0-498a-8165-f358829750c3   1Gi        RWX            storage-class-nfs   <unset>                 4m27s   Filesystem\n");
}

TEST(PvcTable, BeforeVolumeAttributesClassAndTerminating) {
  // 1.28: no VOLUMEATTRIBUTESCLASS. A claim being deleted shows Terminating; capacity is
  // canonicalised ("1024Mi" -> "1Gi"); a beta class annotation wins over the field.
  api::Value bound = Pvc("default", "disk-ssd-web-0", 7200, "d-bp1abc", "1024Mi",
                         "ReadWriteOnce", "alicloud-disk-ssd", "Bound");
  bound["metadata"]["deletionTimestamp"] = Ago(-30);
  api::Value legacy = Pvc("default", "old", 90000, "", "20Gi", "ReadWriteOnce", "x", "Pending");
  legacy["metadata"]["annotations"]["volume.beta.kubernetes.io/storage-class"] = "legacy";
  TableOptions opts;
  opts.kube_minor = 28;
  EXPECT_EQ(Print("PersistentVolumeClaim", {bound, legacy}, opts),
            "NAME             STATUS        VOLUME     CAPACITY   ACCESS MODES   STORAGECLASS        AGE\n"
            "disk-ssd-web-0   Terminating   d-bp1abc   1Gi        RWO            alicloud-disk-ssd   120m\n"
            "old              Pending                                            legacy              25h\n");
}

api::Value Pv(std::string name, std::int64_t age, std::string capacity, std::string claim_ns,
              std::string claim, std::string cls, std::string phase) {
  std::string text = Sub(R"(apiVersion: v1
kind: PersistentVolume
metadata:
  name: @NAME@
  creationTimestamp: "@AGE@"
spec:
  accessModes: [ReadWriteOnce]
  capacity:
    storage: @CAP@
  persistentVolumeReclaimPolicy: Delete
  storageClassName: @CLASS@
  volumeMode: Filesystem
status:
  phase: @PHASE@
)",
                         {{"NAME", name},
                          {"AGE", Ago(age)},
                          {"CAP", capacity},
                          {"CLASS", cls},
                          {"PHASE", phase}});
  api::Value pv = Yaml(text);
  if (!claim.empty()) {
    pv["spec"]["claimRef"]["namespace"] = claim_ns;
    pv["spec"]["claimRef"]["name"] = claim;
  }
  return pv;
}

TEST(PvTable, WithVolumeAttributesClass) {
  // Real: k3s v1.31, `kubectl get pv`. The empty REASON cell is padded like any other.
  std::vector<api::Value> pvs = {Pv("pvc-5f1de3f4-2179-441a-9b61-f9fcb6bf8d20", 23, "8Gi",
                                    "mysql-dev", "data-mysql-0", "local-path", "Bound")};
  TableOptions opts;
  opts.kube_minor = 31;
  EXPECT_EQ(Print("PersistentVolume", pvs, opts),
            "NAME                                       CAPACITY   ACCESS MODES   RECLAIM POLICY   STATUS   CLAIM                    STORAGECLASS   VOLUMEATTRIBUTESCLASS   REASON   AGE\n"
            "pvc-5f1de3f4-2179-441a-9b61-f9fcb6bf8d20   8Gi        RWO            Delete           Bound    mysql-dev/data-mysql-0   local-path     <unset>                          23s\n");
}

TEST(PvTable, OldVersionWideAndClusterScoped) {
  // 1.22, -A -o wide: PVs are cluster-scoped, so no NAMESPACE column; VOLUMEMODE is wide.
  api::Value released = Pv("d-bp1xyz", 3 * 86400 + 5 * 3600, "40Gi", "default", "data-0",
                           "alicloud-disk-essd", "Released");
  released["spec"]["accessModes"] = Yaml("[ReadWriteOnce, ReadOnlyMany, ReadWriteOncePod]");
  api::Value available = Pv("static-pv", 45, "1Ti", "", "", "", "Available");
  available["spec"].Erase("volumeMode");
  TableOptions opts;
  opts.kube_minor = 22;
  opts.wide = true;
  opts.with_namespace = true;
  EXPECT_EQ(Print("PersistentVolume", {released, available}, opts),
            "NAME        CAPACITY   ACCESS MODES   RECLAIM POLICY   STATUS      CLAIM            STORAGECLASS         REASON   AGE    VOLUMEMODE\n"
            "d-bp1xyz    40Gi       RWO,ROX,RWOP   Delete           Released    default/data-0   alicloud-disk-essd            3d5h   Filesystem\n"
            "static-pv   1Ti        RWO            Delete           Available                                                  45s    <unset>\n");
}

TEST(StorageClassTable, DefaultMarker) {
  // Real: `kubectl get storageclass` on k3s with an NFS class added.
  api::Value local = Yaml(Sub(R"(apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: local-path
  creationTimestamp: "@AGE@"
  annotations:
    storageclass.kubernetes.io/is-default-class: "true"
provisioner: rancher.io/local-path
reclaimPolicy: Delete
volumeBindingMode: WaitForFirstConsumer
)",
                              {{"AGE", Ago(26 * 3600 + 1200)}}));
  api::Value nfs = Yaml(Sub(R"(apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: nfs-csi
  creationTimestamp: "@AGE@"
provisioner: nfs.csi.k8s.io
allowVolumeExpansion: true
)",
                            {{"AGE", Ago(8 * 60 + 29)}}));
  EXPECT_EQ(Print("StorageClass", {local, nfs}),
            "NAME                   PROVISIONER             RECLAIMPOLICY   VOLUMEBINDINGMODE      ALLOWVOLUMEEXPANSION   AGE\n"
            "local-path (default)   rancher.io/local-path   Delete          WaitForFirstConsumer   false                  26h\n"
            "nfs-csi                nfs.csi.k8s.io          Delete          Immediate              true                   8m29s\n");
  // The annotation must be exactly "true"; the beta annotation counts too.
  local["metadata"]["annotations"]["storageclass.kubernetes.io/is-default-class"] = "True";
  nfs["metadata"]["annotations"]["storageclass.beta.kubernetes.io/is-default-class"] = "true";
  Result<ServerTable> t = ConvertToTable("StorageClass", {local, nfs}, 30, testing::kNow);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->rows[0][0], api::Value("local-path"));
  EXPECT_EQ(t->rows[1][0], api::Value("nfs-csi (default)"));
}

TEST(VolumeAttachmentTable, Real) {
  // Real: rook-ceph on minikube, `kubectl get volumeattachment`.
  api::Value va = Yaml(Sub(R"(apiVersion: storage.k8s.io/v1
kind: VolumeAttachment
metadata:
  name: csi-75903d8a902744853900d188f12137ea1cafb6c6f922ebc1c116fd58e950fc92
  creationTimestamp: "@AGE@"
spec:
  attacher: rook-ceph.cephfs.csi.ceph.com
  nodeName: minikube
  source:
    persistentVolumeName: pvc-5c547d2a-fdb8-4cb2-b7fe-e0f30b88d454
status:
  attached: true
)",
                           {{"AGE", Ago(266)}}));
  EXPECT_EQ(Print("VolumeAttachment", {va}),
            "NAME                                                                   ATTACHER                        PV                                         NODE       ATTACHED   AGE\n"
            "csi-75903d8a902744853900d188f12137ea1cafb6c6f922ebc1c116fd58e950fc92   rook-ceph.cephfs.csi.ceph.com   pvc-5c547d2a-fdb8-4cb2-b7fe-e0f30b88d454   minikube   true       4m26s\n");
  // Before the attacher reports, ATTACHED is false.
  va.Erase("status");
  Result<ServerTable> t = ConvertToTable("VolumeAttachment", {va}, 30, testing::kNow);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->rows[0][4], api::Value(false));
}

TEST(CsiNodeTable, Real) {
  // Real: vSphere CSI, `kubectl get csinode`.
  api::Value node = Yaml(Sub(R"(apiVersion: storage.k8s.io/v1
kind: CSINode
metadata:
  name: k8s
  creationTimestamp: "@AGE@"
spec:
  drivers:
  - name: csi.vsphere.vmware.com
    nodeID: k8s
)",
                             {{"AGE", Ago(16 * 3600 + 100)}}));
  EXPECT_EQ(Print("CSINode", {node}),
            "NAME   DRIVERS   AGE\n"
            "k8s    1         16h\n");
}

TEST(CsiDriverTable, ColumnsBy121) {
  api::Value disk = Yaml(Sub(R"(apiVersion: storage.k8s.io/v1
kind: CSIDriver
metadata:
  name: disk.csi.azure.com
  creationTimestamp: "@AGE@"
spec:
  attachRequired: true
  podInfoOnMount: false
  volumeLifecycleModes: [Persistent]
)",
                             {{"AGE", Ago(5 * 60 + 43)}}));
  api::Value file = Yaml(Sub(R"(apiVersion: storage.k8s.io/v1
kind: CSIDriver
metadata:
  name: file.csi.azure.com
  creationTimestamp: "@AGE@"
spec:
  attachRequired: false
  podInfoOnMount: true
  tokenRequests:
  - audience: api://AzureADTokenExchange
  volumeLifecycleModes: [Persistent, Ephemeral]
)",
                             {{"AGE", Ago(5 * 60 + 42)}}));
  // Real: AKS, `kubectl get csidrivers`.
  EXPECT_EQ(Print("CSIDriver", {disk, file}),
            "NAME                 ATTACHREQUIRED   PODINFOONMOUNT   STORAGECAPACITY   TOKENREQUESTS                REQUIRESREPUBLISH   MODES                  AGE\n"
            "disk.csi.azure.com   true             false            false             <unset>                      false               Persistent             5m43s\n"
            "file.csi.azure.com   false            true             false             api://AzureADTokenExchange   false               Persistent,Ephemeral   5m42s\n");

  // Real: OpenStack Cinder on 1.20, before STORAGECAPACITY/TOKENREQUESTS/REQUIRESREPUBLISH.
  api::Value cinder = Yaml(Sub(R"(apiVersion: storage.k8s.io/v1
kind: CSIDriver
metadata:
  name: cinder.csi.openstack.org
  creationTimestamp: "@AGE@"
spec:
  attachRequired: true
  podInfoOnMount: true
  volumeLifecycleModes: [Persistent, Ephemeral]
)",
                               {{"AGE", Ago(2 * 86400 + 20 * 3600 + 5)}}));
  TableOptions opts;
  opts.kube_minor = 20;
  EXPECT_EQ(Print("CSIDriver", {cinder}, opts),
            "NAME                       ATTACHREQUIRED   PODINFOONMOUNT   MODES                  AGE\n"
            "cinder.csi.openstack.org   true             true             Persistent,Ephemeral   2d20h\n");

  // Defaults: attachRequired true, podInfoOnMount false, no modes.
  api::Value bare = Yaml("metadata:\n  name: x\n");
  Result<ServerTable> t = ConvertToTable("CSIDriver", {bare}, 30, testing::kNow);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->rows[0][1], api::Value(true));
  EXPECT_EQ(t->rows[0][2], api::Value(false));
  EXPECT_EQ(t->rows[0][6], api::Value("<none>"));
  EXPECT_EQ(t->rows[0][7], api::Value("<unknown>"));  // no creationTimestamp
}

TEST(StorageColumns, VersionHistory) {
  auto names = [](std::string_view kind, int minor) {
    std::vector<std::string> out;
    Result<std::vector<TableColumn>> cols = TableColumns(kind, minor);
    if (!cols.ok()) return out;
    for (const TableColumn& c : *cols) out.push_back(c.name);
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(names("PersistentVolumeClaim", 18),
            (V{"Name", "Status", "Volume", "Capacity", "Access Modes", "StorageClass", "Age",
               "VolumeMode"}));
  EXPECT_EQ(names("PersistentVolumeClaim", 29),
            (V{"Name", "Status", "Volume", "Capacity", "Access Modes", "StorageClass",
               "VolumeAttributesClass", "Age", "VolumeMode"}));
  EXPECT_EQ(names("PersistentVolume", 28),
            (V{"Name", "Capacity", "Access Modes", "Reclaim Policy", "Status", "Claim",
               "StorageClass", "Reason", "Age", "VolumeMode"}));
  EXPECT_EQ(names("CSIDriver", 18),
            (V{"Name", "AttachRequired", "PodInfoOnMount", "Modes", "Age"}));
  EXPECT_EQ(names("CSIDriver", 32),
            (V{"Name", "AttachRequired", "PodInfoOnMount", "StorageCapacity", "TokenRequests",
               "RequiresRepublish", "Modes", "Age"}));
}

}  // namespace
}  // namespace snapsim::kubectl
