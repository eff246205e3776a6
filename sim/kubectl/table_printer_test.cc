// kubectl-side decoration and printing: -A, -L, --show-labels, --no-headers, cell text.
#include "sim/kubectl/table_printer.h"

#include <gtest/gtest.h>

#include "sim/kubectl/columns.h"
#include "sim/kubectl/table_test_util.h"

namespace snapsim::kubectl {
namespace {

using testing::Ago;
using testing::Print;
using testing::Sub;
using testing::Yaml;

api::Value Ns(std::string name, std::int64_t age, std::string labels_yaml = "") {
  return Yaml(Sub("kind: Namespace\nmetadata:\n  name: @N@\n  creationTimestamp: \"@A@\"\n@L@"
                  "status:\n  phase: Active\n",
                  {{"N", name}, {"A", Ago(age)}, {"L", labels_yaml}}));
}

api::Value Cm(std::string ns, std::string name, std::string labels_yaml = "") {
  return Yaml(Sub("kind: ConfigMap\nmetadata:\n  name: @N@\n  namespace: @NS@\n"
                  "  creationTimestamp: \"@A@\"\n@L@data:\n  k: v\n",
                  {{"N", name}, {"NS", ns}, {"A", Ago(60)}, {"L", labels_yaml}}));
}

TEST(PrintTable, EmptyListPrintsNothing) {
  TableOptions opts;
  Result<std::string> out = PrintTable("Pod", {}, opts);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(*out, "");
}

TEST(PrintTable, UnknownKindIsUnsupported) {
  TableOptions opts;
  Result<std::string> out = PrintTable("Deployment", {}, opts);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), Status::Code::kUnsupported);
  EXPECT_EQ(out.status().message(),
            "kubectl get: snapsim has no table printer for kind \"Deployment\"");
  EXPECT_FALSE(ColumnHeaders("Deployment", opts).ok());
  EXPECT_FALSE(IsTableKind("Deployment"));
}

TEST(PrintTable, NoHeaders) {
  TableOptions opts;
  opts.no_headers = true;
  EXPECT_EQ(Print("Namespace", {Ns("default", 790), Ns("kube-system", 790)}, opts),
            "default       Active   13m\n"
            "kube-system   Active   13m\n");
}

TEST(PrintTable, LongNamesWidenTheirColumn) {
  std::string long_name(70, 'x');
  EXPECT_EQ(Print("Namespace", {Ns("a", 5), Ns(long_name, 86400 * 400)}),
            "NAME" + std::string(69, ' ') + "STATUS   AGE\n" + "a" + std::string(72, ' ') +
                "Active   5s\n" + long_name + "   Active   400d\n");
}

TEST(PrintTable, LabelColumnsAndShowLabels) {
  std::vector<api::Value> cms = {
      Cm("default", "app-config", "  labels:\n    app.kubernetes.io/name: web\n    tier: front\n"),
      Cm("default", "other"),
  };
  TableOptions opts;
  opts.label_columns = {"app.kubernetes.io/name", "tier", "missing"};
  opts.show_labels = true;
  EXPECT_EQ(Print("ConfigMap", cms, opts),
            "NAME         DATA   AGE   NAME   TIER    MISSING   LABELS\n"
            "app-config   1      60s   web    front             app.kubernetes.io/name=web,tier=front\n"
            "other        1      60s                            <none>\n");
  Result<std::vector<std::string>> headers = ColumnHeaders("ConfigMap", opts);
  ASSERT_TRUE(headers.ok());
  EXPECT_EQ(*headers,
            (std::vector<std::string>{"NAME", "DATA", "AGE", "NAME", "TIER", "MISSING", "LABELS"}));
}

TEST(PrintTable, AllNamespacesPutsNamespaceFirst) {
  TableOptions opts;
  opts.with_namespace = true;
  opts.show_labels = true;
  EXPECT_EQ(Print("ConfigMap", {Cm("kube-system", "coredns"), Cm("default", "x")}, opts),
            "NAMESPACE     NAME      DATA   AGE   LABELS\n"
            "kube-system   coredns   1      60s   <none>\n"
            "default       x         1      60s   <none>\n");
}

TEST(PrintTable, CellTextIsCutAtLineBreaksAndEscaped) {
  api::Value e = Yaml(Sub(R"(kind: Event
metadata:
  name: e1
  namespace: default
involvedObject:
  kind: VolumeSnapshot
  name: s1
reason: SnapshotFailed
message: "first line\nsecond line"
lastTimestamp: "@T@"
type: Warning
)",
                          {{"T", Ago(5)}}));
  EXPECT_EQ(Print("Event", {e}),
            "LAST SEEN   TYPE      REASON           OBJECT              MESSAGE\n"
            "5s          Warning   SnapshotFailed   volumesnapshot/s1   first line...\n");
  e["message"] = "bell\x1b[31mred";
  EXPECT_EQ(Print("Event", {e}),
            "LAST SEEN   TYPE      REASON           OBJECT              MESSAGE\n"
            "5s          Warning   SnapshotFailed   volumesnapshot/s1   bell^[[31mred\n");
}

TEST(ColumnHeaders, WideNamespaceAndScope) {
  TableOptions opts;
  opts.wide = true;
  opts.with_namespace = true;
  opts.kube_minor = 21;
  Result<std::vector<std::string>> pod = ColumnHeaders("Pod", opts);
  ASSERT_TRUE(pod.ok());
  EXPECT_EQ(*pod, (std::vector<std::string>{"NAMESPACE", "NAME", "READY", "STATUS", "RESTARTS",
                                            "AGE", "IP", "NODE", "NOMINATED NODE",
                                            "READINESS GATES"}));
  opts.wide = false;
  Result<std::vector<std::string>> pv = ColumnHeaders("PersistentVolume", opts);
  ASSERT_TRUE(pv.ok());
  EXPECT_EQ(*pv, (std::vector<std::string>{"NAME", "CAPACITY", "ACCESS MODES", "RECLAIM POLICY",
                                           "STATUS", "CLAIM", "STORAGECLASS", "REASON", "AGE"}));
}

TEST(Scope, ClusterScopedKinds) {
  for (const char* kind : {"PersistentVolume", "StorageClass", "VolumeAttachment", "CSINode",
                           "CSIDriver", "Namespace", "Node", "CustomResourceDefinition",
                           "VolumeSnapshotContent", "VolumeSnapshotClass"}) {
    EXPECT_TRUE(IsClusterScopedKind(kind)) << kind;
  }
  for (const char* kind : {"Pod", "PersistentVolumeClaim", "Service", "Event", "StatefulSet",
                           "Secret", "ConfigMap", "VolumeSnapshot", "Unknown"}) {
    EXPECT_FALSE(IsClusterScopedKind(kind)) << kind;
  }
}

TEST(PrintTable, MalformedObjectsNeverCrash) {
  // Wrong JSON types anywhere read as zero values; only timestamps are checked.
  std::vector<api::Value> junk = {
      api::Value(42),
      api::Value(api::Value::Array{api::Value("x")}),
      Yaml("metadata: x\nspec: [1, 2]\nstatus: 7\n"),
      Yaml("metadata:\n  name: [a]\n  labels: [b]\nspec:\n  containers: {a: 1}\n"
           "  ports: x\n  capacity: {storage: lots}\n  accessModes: [1, RWO]\n"
           "status:\n  containerStatuses: [1, {state: 2, lastState: {terminated: 3}}]\n"
           "  conditions: [x]\n  addresses: {a: b}\n"),
  };
  for (const char* kind :
       {"Pod", "PersistentVolumeClaim", "PersistentVolume", "StorageClass", "VolumeAttachment",
        "CSINode", "CSIDriver", "Namespace", "Node", "Service", "Event", "StatefulSet", "Secret",
        "ConfigMap", "CustomResourceDefinition", "VolumeSnapshot", "VolumeSnapshotContent",
        "VolumeSnapshotClass"}) {
    ASSERT_TRUE(IsTableKind(kind)) << kind;
    TableOptions opts;
    opts.now_unix_seconds = testing::kNow;
    opts.wide = true;
    opts.with_namespace = true;
    opts.show_labels = true;
    opts.label_columns = {"app"};
    Result<std::string> out = PrintTable(kind, junk, opts);
    EXPECT_TRUE(out.ok()) << kind << ": " << out.status().ToString();
  }
}

TEST(PrintTable, VirtualTimeOutOfRange) {
  TableOptions opts;
  opts.now_unix_seconds = 99'000'000'000LL;
  Result<std::string> out = PrintTable("Namespace", {Ns("a", 1)}, opts);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), Status::Code::kInvalidArgument);
}

}  // namespace
}  // namespace snapsim::kubectl
