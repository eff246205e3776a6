#include "sim/kubectl/jsonpath.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sim/kubectl/jsonpath_format.h"
#include "sim/kubectl/jsonpath_parser.h"
#include "src/api/json.h"

namespace snapsim::kubectl {
namespace {

using api::Value;

// `kubectl get pvc -o json` as kubectl hands it to the jsonpath printer.
constexpr char kPvcList[] = R"json({
  "apiVersion": "v1",
  "kind": "List",
  "metadata": {"resourceVersion": ""},
  "items": [
    {
      "apiVersion": "v1",
      "kind": "PersistentVolumeClaim",
      "metadata": {
        "name": "disk-ssd-web-0",
        "namespace": "default",
        "labels": {"app": "nginx"},
        "annotations": {
          "pv.kubernetes.io/bind-completed": "yes",
          "volume.kubernetes.io/storage-provisioner": "diskplugin.csi.alibabacloud.com"
        }
      },
      "spec": {
        "accessModes": ["ReadWriteOnce"],
        "resources": {"requests": {"storage": "20Gi"}},
        "storageClassName": "alicloud-disk-ssd",
        "volumeMode": "Filesystem",
        "volumeName": "d-2ze3mt1dh6bxrpwqxqx1"
      },
      "status": {"accessModes": ["ReadWriteOnce"], "capacity": {"storage": "20Gi"}, "phase": "Bound"}
    },
    {
      "apiVersion": "v1",
      "kind": "PersistentVolumeClaim",
      "metadata": {
        "name": "disk-ssd-web-1",
        "namespace": "default",
        "labels": {"app": "nginx"},
        "annotations": {"pv.kubernetes.io/bind-completed": "yes"}
      },
      "spec": {
        "accessModes": ["ReadWriteOnce"],
        "resources": {"requests": {"storage": "20Gi"}},
        "storageClassName": "alicloud-disk-ssd",
        "volumeMode": "Filesystem",
        "volumeName": "d-2ze3mt1dh6bxrpwqxqx2"
      },
      "status": {"accessModes": ["ReadWriteOnce"], "capacity": {"storage": "20Gi"}, "phase": "Bound"}
    },
    {
      "apiVersion": "v1",
      "kind": "PersistentVolumeClaim",
      "metadata": {"name": "new-disk-ssd-web-0", "namespace": "default", "labels": {"app": "nginx-restore"}},
      "spec": {
        "accessModes": ["ReadWriteOnce"],
        "dataSource": {"apiGroup": "snapshot.storage.k8s.io", "kind": "VolumeSnapshot", "name": "new-snapshot-demo"},
        "resources": {"requests": {"storage": "20Gi"}},
        "storageClassName": "alicloud-disk-ssd",
        "volumeMode": "Filesystem"
      },
      "status": {"phase": "Pending"}
    }
  ]
})json";

constexpr char kJsonSnapshot[] = R"json({
  "apiVersion": "snapshot.storage.k8s.io/v1",
  "kind": "VolumeSnapshot",
  "metadata": {
    "name": "new-snapshot-demo",
    "namespace": "default",
    "generation": 1,
    "finalizers": [
      "snapshot.storage.kubernetes.io/volumesnapshot-as-source-protection",
      "snapshot.storage.kubernetes.io/volumesnapshot-bound-protection"
    ]
  },
  "spec": {
    "source": {"persistentVolumeClaimName": "disk-ssd-web-0"},
    "volumeSnapshotClassName": "alibabacloud-disk-snapshot"
  },
  "status": {
    "boundVolumeSnapshotContentName": "snapcontent-0b1c2d3e",
    "creationTime": "2024-05-06T07:08:09Z",
    "readyToUse": true,
    "restoreSize": "20Gi"
  }
})json";

constexpr char kSnapshotClass[] = R"json({
  "apiVersion": "snapshot.storage.k8s.io/v1",
  "kind": "VolumeSnapshotClass",
  "metadata": {
    "name": "alibabacloud-disk-snapshot",
    "annotations": {"snapshot.storage.kubernetes.io/is-default-class": "true"}
  },
  "driver": "diskplugin.csi.alibabacloud.com",
  "deletionPolicy": "Delete",
  "parameters": {"instantAccess": "true", "instantAccessRetentionDays": "1"}
})json";

constexpr char kEcsResponse[] =
    R"json({"RequestId": "0D5F1F3C-6C8E-4F57-A8A6-3B0A2D1E9F00", "SnapshotId": "s-bp1c0doj0taqyzzl3xyz"})json";

constexpr char kScalars[] = R"json({
  "size": 20, "ratio": 0.5, "whole": 3.0, "big": 1234567.5, "tiny": 0.00001, "neg": -2.5,
  "huge": 1e21, "n": null, "arr": [1, null, "x"], "html": {"q": "<b>&"}, "s": "ab",
  "m": {"a": 1, "b": "x"}, "nums": {"a": 0.5, "b": 3.0},
  "disks": [
    {"id": "d-1", "size": 20, "ratio": 0.5, "encrypted": true, "tags": {"k": "v"}, "zones": ["a"]},
    {"id": "d-2", "size": 40, "ratio": 0.75, "encrypted": false, "tags": {}, "zones": ["a", "b"]}
  ]
})json";

constexpr char kEmptyList[] =
    R"json({"apiVersion": "v1", "items": [], "kind": "List", "metadata": {"resourceVersion": ""}})json";

// client-go's TestKubernetes input.
constexpr char kNodes[] = R"json({
  "kind": "List",
  "items": [
    {"kind": "None",
     "metadata": {"name": "127.0.0.1", "labels": {"kubernetes.io/hostname": "127.0.0.1"}},
     "status": {"capacity": {"cpu": "4"}, "ready": true,
                "addresses": [{"type": "LegacyHostIP", "address": "127.0.0.1"}]}},
    {"kind": "None",
     "metadata": {"name": "127.0.0.2", "labels": {"kubernetes.io/hostname": "127.0.0.2"}},
     "status": {"capacity": {"cpu": "8"}, "ready": false,
                "addresses": [{"type": "LegacyHostIP", "address": "127.0.0.2"},
                              {"type": "another", "address": "127.0.0.3"}]}}
  ],
  "users": [
    {"name": "myself", "user": {}},
    {"name": "e2e", "user": {"username": "admin", "password": "secret"}}
  ]
})json";

// client-go's TestNestedRanges / TestNegativeIndex shapes.
constexpr char kPods[] = R"json({
  "items": [
    {"metadata": {"name": "pod1"},
     "spec": {"containers": [{"name": "foo", "another": [{"name": "value1"}, {"name": "value2"}]},
                             {"name": "bar", "another": [{"name": "value1"}, {"name": "value2"}]}]}},
    {"metadata": {"name": "pod2"},
     "spec": {"containers": [{"name": "baz", "another": [{"name": "value1"}, {"name": "value2"}]}]}}
  ],
  "spec": {"containers": [{"name": "fake0"}, {"name": "fake1"}, {"name": "fake2"}, {"name": "fake3"}]}
})json";

Value Json(const char* text) {
  auto v = api::ParseJson(text);
  EXPECT_TRUE(v.ok()) << v.status().ToString();
  return v.ok() ? *v : Value();
}

struct Case {
  const char* name;
  const char* tmpl;
  const char* data;
  std::string want;  // output, or the error message when `error` is set
  bool error = false;
  bool allow_missing = true;
};

void RunCases(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.name) + ": " + c.tmpl);
    auto path = JsonPath::Parse(c.tmpl);
    ASSERT_TRUE(path.ok()) << path.status().ToString();
    Value data = Json(c.data);
    auto out = path->Execute(data, c.allow_missing);
    if (c.error) {
      ASSERT_FALSE(out.ok()) << "output: " << *out;
      EXPECT_EQ(out.status().message(), c.want);
    } else {
      ASSERT_TRUE(out.ok()) << out.status().ToString();
      EXPECT_EQ(*out, c.want);
    }
  }
}

TEST(JsonPathTest, FieldsIndexesAndSlices) {
  RunCases({
      {"field", "{.metadata.name}", kJsonSnapshot, "new-snapshot-demo"},
      {"bool", "{.status.readyToUse}", kJsonSnapshot, "true"},
      {"int", "{.metadata.generation}", kJsonSnapshot, "1"},
      {"ecs save", "{.SnapshotId}", kEcsResponse, "s-bp1c0doj0taqyzzl3xyz"},
      {"root $", "{$.kind}", kPvcList, "List"},
      {"current @", "{@.kind}", kPvcList, "List"},
      {"index", "{.items[0].metadata.name}", kPvcList, "disk-ssd-web-0"},
      {"negative index", "{.items[-1].metadata.name}", kPvcList, "new-disk-ssd-web-0"},
      {"slice", "{.items[0:2].metadata.name}", kPvcList, "disk-ssd-web-0 disk-ssd-web-1"},
      {"slice open start", "{.items[:2].status.phase}", kPvcList, "Bound Bound"},
      {"slice open end", "{.items[1:].metadata.name}", kPvcList,
       "disk-ssd-web-1 new-disk-ssd-web-0"},
      {"slice negative end", "{.items[0:-1].metadata.name}", kPvcList,
       "disk-ssd-web-0 disk-ssd-web-1"},
      {"step", "{.items[::2].metadata.name}", kPvcList, "disk-ssd-web-0 new-disk-ssd-web-0"},
      {"empty slice", "{.items[1:1].metadata.name}", kPvcList, ""},
      {"[] is [0] upstream", "{.items[].metadata.name}", kPvcList, "disk-ssd-web-0"},
      {"wildcard index", "{.items[*].metadata.name}", kPvcList,
       "disk-ssd-web-0 disk-ssd-web-1 new-disk-ssd-web-0"},
      {"wildcard field", "{.items[0].metadata.labels.*}", kPvcList, "nginx"},
      {"wildcard nested arrays", "{.items[*].status.accessModes[*]}", kPvcList,
       "ReadWriteOnce ReadWriteOnce"},
      {"missing in some items", "{.items[*].spec.volumeName}", kPvcList,
       "d-2ze3mt1dh6bxrpwqxqx1 d-2ze3mt1dh6bxrpwqxqx2", false, false},
      {"recursive descent", "{..name}", kPvcList,
       "disk-ssd-web-0 disk-ssd-web-1 new-disk-ssd-web-0 new-snapshot-demo"},
      {"recursive descent ...", "{...storage}", kPvcList, "20Gi 20Gi 20Gi 20Gi 20Gi"},
      {"recursive then index", "{..finalizers[1]}", kJsonSnapshot,
       "snapshot.storage.kubernetes.io/volumesnapshot-bound-protection"},
  });
}

TEST(JsonPathTest, KeysWithDotsAndBrackets) {
  RunCases({
      {"escaped dots",
       R"({.metadata.annotations.snapshot\.storage\.kubernetes\.io/is-default-class})",
       kSnapshotClass, "true"},
      {"escaped dots in list",
       R"({.items[0].metadata.annotations.pv\.kubernetes\.io/bind-completed})", kPvcList, "yes"},
      {"bracket key", "{.metadata['name']}", kSnapshotClass, "alibabacloud-disk-snapshot"},
      {"bracket key is a path upstream", "{['metadata.name']}", kSnapshotClass,
       "alibabacloud-disk-snapshot"},
      {"bracket key after wildcard", "{.items[*]['metadata.name']}", kPvcList,
       "disk-ssd-web-0 disk-ssd-web-1 new-disk-ssd-web-0"},
      {"bracket key with escaped dots",
       R"({.metadata.annotations['snapshot\.storage\.kubernetes\.io/is-default-class']})",
       kSnapshotClass, "true"},
      {"unescaped dotted bracket key misses", "{.metadata.annotations['a.b']}", kSnapshotClass, ""},
      {"slash and dash need no escape", "{.parameters.instantAccessRetentionDays}", kSnapshotClass,
       "1"},
  });
}

TEST(JsonPathTest, UnionsAndRanges) {
  RunCases({
      {"index union", "{.items[0,2].metadata.name}", kPvcList, "disk-ssd-web-0 new-disk-ssd-web-0"},
      {"key union", "{.items[0]['metadata.name','status.phase']}", kPvcList,
       "disk-ssd-web-0 Bound"},
      {"key union over all", "{.items[*]['metadata.name', 'status.phase']}", kPvcList,
       "disk-ssd-web-0 disk-ssd-web-1 new-disk-ssd-web-0 Bound Bound Pending"},
      {"range", R"({range .items[*]}{.metadata.name}{"\t"}{.status.phase}{"\n"}{end})", kPvcList,
       "disk-ssd-web-0\tBound\ndisk-ssd-web-1\tBound\nnew-disk-ssd-web-0\tPending\n"},
      {"range then text", "{range .items[*]}{.metadata.name}, {end}{.kind}", kPvcList,
       "disk-ssd-web-0, disk-ssd-web-1, new-disk-ssd-web-0, List"},
      {"nested range",
       "{range .items[*]}{.metadata.name}:{range .spec.accessModes[*]}{@},{end};{end}", kPvcList,
       "disk-ssd-web-0:ReadWriteOnce,;disk-ssd-web-1:ReadWriteOnce,;new-disk-ssd-web-0:"
       "ReadWriteOnce,;"},
      {"$ is the range element", "{range .items[*]}{$.metadata.name} {end}", kPvcList,
       "disk-ssd-web-0 disk-ssd-web-1 new-disk-ssd-web-0 "},
      {"range over a filter",
       R"({range .items[?(@.status.phase=="Bound")]}{.spec.volumeName}{"\n"}{end})", kPvcList,
       "d-2ze3mt1dh6bxrpwqxqx1\nd-2ze3mt1dh6bxrpwqxqx2\n"},
      {"empty range", "{range .items[*]}{.metadata.name}{end}", kEmptyList, ""},
      {"range over nulls", "{range .arr[*]}[{@}]{end}", kScalars, "[1][<no value>][x]"},
      {"two nested ranges (upstream)",
       R"({range .items[*]}{.metadata.name}{"~"}{range @.spec.containers[*]}{.name}{":"}{range @.another[*]}{.name}{","}{end}{"+"}{end}{"#"}{end})",
       kPods, "pod1~foo:value1,value2,+bar:value1,value2,+#pod2~baz:value1,value2,+#"},
      {"sibling ranges (upstream)",
       R"({range .items[*]}{.metadata.name}{"\t"}{range @.spec.containers[*]}{.name}{" "}{end}{"\t"}{range @.spec.containers[*]}{.name}{" "}{end}{"\n"}{end})",
       kPods, "pod1\tfoo bar \tfoo bar \npod2\tbaz \tbaz \n"},
      {"double range (upstream)",
       "{range .items[*]}{range .status.addresses[*]}{.address}, {end}{end}", kNodes,
       "127.0.0.1, 127.0.0.2, 127.0.0.3, "},
      {"union capacity (upstream)", "{.items[*]['metadata.name', 'status.capacity']}", kNodes,
       R"(127.0.0.1 127.0.0.2 {"cpu":"4"} {"cpu":"8"})"},
      {"range with brackets (upstream)",
       "{range .items[*]}[{.metadata.name}, {.status.capacity}] {end}", kNodes,
       R"([127.0.0.1, {"cpu":"4"}] [127.0.0.2, {"cpu":"8"}] )"},
  });
}

TEST(JsonPathTest, Filters) {
  RunCases({
      {"string ==", R"({.items[?(@.status.phase=="Bound")].metadata.name})", kPvcList,
       "disk-ssd-web-0 disk-ssd-web-1"},
      {"string !=", R"({.items[?(@.status.phase!="Bound")].metadata.name})", kPvcList,
       "new-disk-ssd-web-0"},
      {"single quotes and spaces", "{.items[?( @.metadata.labels.app == 'nginx' )].metadata.name}",
       kPvcList, "disk-ssd-web-0 disk-ssd-web-1"},
      {"exists", "{.items[?(@.spec.dataSource)].metadata.name}", kPvcList, "new-disk-ssd-web-0"},
      {"exists without @", "{.items[?(.spec.volumeName)].metadata.name}", kPvcList,
       "disk-ssd-web-0 disk-ssd-web-1"},
      {"escaped key in filter",
       R"({.items[?(@.metadata.annotations.pv\.kubernetes\.io/bind-completed=="yes")].metadata.name})",
       kPvcList, "disk-ssd-web-0 disk-ssd-web-1"},
      {"int >=", "{.disks[?(@.size>=40)].id}", kScalars, "d-2"},
      {"int >", "{.disks[?(@.size>20)].id}", kScalars, "d-2"},
      {"int <", "{.disks[?(@.size<40)].id}", kScalars, "d-1"},
      {"int <=", "{.disks[?(@.size<=40)].id}", kScalars, "d-1 d-2"},
      {"float <", "{.disks[?(@.ratio<0.6)].id}", kScalars, "d-1"},
      {"bool ==", "{.disks[?(@.encrypted==true)].id}", kScalars, "d-1"},
      {"bool != ", "{.disks[?(@.encrypted!=true)].id}", kScalars, "d-2"},
      {"string <", R"({.disks[?(@.id<"d-2")].id})", kScalars, "d-1"},
      {"filter then field", R"({.users[?(@.name=="e2e")].user.password})", kNodes, "secret"},
      {"recursive in filter (upstream)", "{.items[?(@..ready==true)].metadata.name}", kNodes,
       "127.0.0.1"},
      {"filter on a plain list", R"({.items[0].spec.accessModes[?(@=="ReadWriteOnce")]})", kPvcList,
       "ReadWriteOnce"},
      {"missing keys allowed",
       R"({.items[?(@.spec.dataSource.kind=="VolumeSnapshot")].metadata.name})", kPvcList,
       "new-disk-ssd-web-0"},
      {"missing keys not allowed",
       R"({.items[?(@.spec.dataSource.kind=="VolumeSnapshot")].metadata.name})", kPvcList,
       "dataSource is not found", true, false},
      {"paren in quotes", R"jp({.items[?(@.metadata.name=="a(b)")].kind})jp", kPvcList, ""},
  });
}

TEST(JsonPathTest, PrintsLikeKubectl) {
  RunCases({
      {"object as JSON", "{.items[0].metadata.labels}", kPvcList, R"({"app":"nginx"})"},
      {"array as JSON", "{.items[0].spec.accessModes}", kPvcList, R"(["ReadWriteOnce"])"},
      {"nested object", "{.status}", kJsonSnapshot,
       R"({"boundVolumeSnapshotContentName":"snapcontent-0b1c2d3e","creationTime":"2024-05-06T07:08:09Z","readyToUse":true,"restoreSize":"20Gi"})"},
      {"several objects", "{.items[*].spec.resources}", kPvcList,
       R"({"requests":{"storage":"20Gi"}} {"requests":{"storage":"20Gi"}} {"requests":{"storage":"20Gi"}})"},
      {"numbers", "{.size} {.ratio} {.whole} {.big} {.tiny} {.neg} {.huge}", kScalars,
       "20 0.5 3 1.2345675e+06 1e-05 -2.5 1e+21"},
      {"numbers inside JSON", "{.nums}", kScalars, R"({"a":0.5,"b":3})"},
      {"null", "{.n}", kScalars, "null"},
      {"null in array", "{.arr}", kScalars, R"([1,null,"x"])"},
      {"null element", "{.arr[*]}", kScalars, "1 null x"},
      {"JSON is HTML-escaped", "{.html}", kScalars, R"({"q":"\u003cb\u003e\u0026"})"},
      {"strings are raw", "{.html.q}", kScalars, "<b>&"},
      {"string bytes via wildcard", "{.s.*}", kScalars, "97 98"},
      {"whole object", "{$}", kEcsResponse,
       R"({"RequestId":"0D5F1F3C-6C8E-4F57-A8A6-3B0A2D1E9F00","SnapshotId":"s-bp1c0doj0taqyzzl3xyz"})"},
      {"plain text", "hello jsonpath", kPvcList, "hello jsonpath"},
      {"text around", "kind={.kind};", kPvcList, "kind=List;"},
      {"quoted brace", R"({"{"})", kPvcList, "{"},
      {"single-quoted text", "{'x'}", kPvcList, "x"},
      {"escapes", R"({"a\tb\u00e9\x41"})", kPvcList, "a\tb\u00e9A"},
      {"literals", "{1} {2.5} {true}", kPvcList, "1 2.5 true"},
      {"missing allowed", "before-{.nope}after", kPvcList, "before-after"},
  });
}

TEST(JsonPathTest, ExecutionErrors) {
  RunCases({
      {"missing key", "{.status.missing}", kJsonSnapshot, "missing is not found", true, false},
      {"missing root key", "{.hello}", kPvcList, "hello is not found", true, false},
      {"index of empty list", "{.items[0].metadata.name}", kEmptyList,
       "array index out of bounds: index 0, length 0", true},
      {"index past end", "{.items[5].metadata.name}", kPvcList,
       "array index out of bounds: index 5, length 3", true},
      {"negative past start", "{.items[-4]}", kPvcList,
       "array index out of bounds: index -1, length 3", true},
      {"end past length", "{.items[1:9]}", kPvcList, "array index out of bounds: index 8, length 3",
       true},
      {"start after end", "{.items[2:1]}", kPvcList,
       "starting index 2 is greater than ending index 1", true},
      {"zero step", "{.items[0:3:0]}", kPvcList, "step must be > 0", true},
      {"index of object", "{.metadata[0]}", kPvcList,
       "map[string]interface {} is not array or slice", true},
      {"index of string", "{.kind[0]}", kPvcList, "string is not array or slice", true},
      {"filter of object", "{.m[?(@.a)]}", kScalars,
       "map[a:1 b:x] is not array or slice and cannot be filtered", true},
      {"filter of null", "{.n[?(@.a)]}", kScalars,
       "<nil> is not array or slice and cannot be filtered", true},
      {"unknown identifier", "{hello}", kPvcList, "unrecognized identifier hello", true},
      {"space splits a field", "{.metadata name}", kPvcList, "unrecognized identifier name", true},
      {"redundant end", "{range .items[*]}{@.kind}{end}{end}", kPvcList,
       "not in range, nothing to end", true},
      {"bad operator", R"({.items[?(@.status.phase<>"Bound")]})", kPvcList,
       "unrecognized filter operator <>", true},
      {"int vs string", R"({.disks[?(@.size=="20")].id})", kScalars,
       "incompatible types for comparison", true},
      {"int vs float", "{.disks[?(@.size==20.0)].id}", kScalars,
       "incompatible types for comparison", true},
      {"bool ordering", "{.disks[?(@.encrypted<true)].id}", kScalars, "invalid type for comparison",
       true},
      {"null comparison", "{.arr[?(@==1)]}", kScalars, "invalid type for comparison", true},
      {"object comparison", "{.disks[?(@.tags==1)].id}", kScalars, "invalid type for comparison",
       true},
      {"several values compared", R"({.disks[?(@.zones[*]=="a")].id})", kScalars,
       "can only compare one element at a time", true},
      {"empty range, missing keys not allowed (upstream quirk)",
       "{range .items[*]}{.metadata.name}{end}", kEmptyList, "metadata is not found", true, false},
  });
}

TEST(JsonPathTest, UpstreamIndexAndStepCases) {
  RunCases({
      {"[0:-1]", "{.spec.containers[0:-1].name}", kPods, "fake0 fake1 fake2"},
      {"[-2:]", "{.spec.containers[-2:].name}", kPods, "fake2 fake3"},
      {"[-4]", "{.spec.containers[-4].name}", kPods, "fake0"},
      {"[5:5]", "{.spec.containers[5:5].name}", kPods, ""},
      {"[-5:-5]", "{.spec.containers[-5:-5].name}", kPods, ""},
      {"[-1:0]", "{.spec.containers[-1:0].name}", kPods,
       "starting index 3 is greater than ending index 0", true},
      {"[-5]", "{.spec.containers[-5].name}", kPods,
       "array index out of bounds: index -1, length 4", true},
      {"[1:4:2]", "{.spec.containers[1:4:2].name}", kPods, "fake1 fake3"},
      {"[0:4:3]", "{.spec.containers[0:4:3].name}", kPods, "fake0 fake3"},
      {"[0:6:-1]", "{.spec.containers[0:4:-1].name}", kPods, "step must be > 0", true},
      {"hostname (upstream)", R"({.items[0].metadata.labels.kubernetes\.io/hostname})", kNodes,
       "127.0.0.1"},
      {"hostname filter (upstream)",
       R"({.items[?(@.metadata.labels.kubernetes\.io/hostname=="127.0.0.1")].kind})", kNodes,
       "None"},
      {"allfields (upstream, sorted keys)",
       R"({range .items[*].status.addresses[*]}{ "{" }{ @.* }{ "} " }{end})", kNodes,
       "{127.0.0.1 LegacyHostIP} {127.0.0.2 LegacyHostIP} {127.0.0.3 another} "},
  });
}

struct ParseErrorCase {
  const char* tmpl;
  const char* want;
};

TEST(JsonPathTest, ParseErrorsCarryClientGoMessages) {
  const std::vector<ParseErrorCase> cases = {
      {"{.hello", "unclosed action"},
      {"{", "unclosed action"},
      {"{.a\n}", "unclosed action"},
      {"{*}", "unrecognized character in action: U+002A '*'"},
      {"{.a,.b}", "unrecognized character in action: U+002C ','"},
      {"{{.a}}", "unrecognized character in action: U+007B '{'"},
      {"{\t.a}", "unrecognized character in action: U+0009"},
      {"{\xE2\x86\x92}", "unrecognized character in action: U+2192 '\xE2\x86\x92'"},
      {"{+12.3.0}", "cannot parse number +12.3.0"},
      {"{-}", "cannot parse number -"},
      {"{[1}", "unterminated array"},
      {"{.items[x]}", "invalid array index x"},
      {"{.items[\"a\"]}", "invalid array index \"a\""},
      {"{.items[1:-]}", "array index - is not a number"},
      {"{.items[0,x]}", "invalid array index x"},
      {"{[?(.price]}", "unterminated filter"},
      {R"({.items[?(@.a=="b")})", "unclosed array expect ]"},
      {"{........}", "invalid multiple recursive descent"},
      {R"({"abc})", "unterminated quoted string"},
      {R"({"a\\"})", "unterminated quoted string"},
      {R"({"\q"})", R"(unquote string "\q" error invalid syntax)"},
      {R"({"a\'b"})", R"(unquote string "a\'b" error invalid syntax)"},
      {"{.a[?(=1)]}", "unrecognized character in action: U+003D '='"},
  };
  for (const ParseErrorCase& c : cases) {
    SCOPED_TRACE(c.tmpl);
    auto path = JsonPath::Parse(c.tmpl);
    ASSERT_FALSE(path.ok());
    EXPECT_EQ(path.status().code(), Status::Code::kInvalidArgument);
    EXPECT_EQ(path.status().message(), c.want);
  }
}

TEST(JsonPathTest, ParseTreesMatchUpstream) {
  using jsonpath_internal::DebugString;
  using jsonpath_internal::ParseTemplate;
  struct TreeCase {
    const char* tmpl;
    const char* want;
  };
  const std::vector<TreeCase> cases = {
      {"hello {.jsonpath}", "NodeText: hello \nNodeList\nNodeField: jsonpath\n"},
      {"hello {['jsonpath']}", "NodeText: hello \nNodeList\nNodeField: jsonpath\n"},
      {"{[1:3]}", "NodeList\nNodeArray: [{1 true false} {3 true false} {0 false false}]\n"},
      {"{[-1]}", "NodeList\nNodeArray: [{-1 true false} {0 true true} {0 false false}]\n"},
      {"{.book[*].author}",
       "NodeList\nNodeField: book\nNodeArray: [{0 false false} {0 false false} {0 false false}]\n"
       "NodeField: author\n"},
      {"{.bicycle.*}", "NodeList\nNodeField: bicycle\nNodeWildcard\n"},
      {"{[?(@.price<3)]}",
       "NodeList\nNodeFilter: NodeList < NodeList\nNodeList\nNodeField: price\nNodeList\n"
       "NodeInt: 3\n"},
      {"{..price}", "NodeList\nNodeRecursive\nNodeField: price\n"},
      {"{['book.price']}", "NodeList\nNodeField: book\nNodeField: price\n"},
      {"{['bicycle.price', 3, 'book.price']}",
       "NodeList\nNodeUnion\nNodeList\nNodeField: bicycle\nNodeField: price\nNodeList\n"
       "NodeArray: [{3 true false} {4 true true} {0 false false}]\nNodeList\nNodeField: book\n"
       "NodeField: price\n"},
      {"{range .items}{.name},{end}",
       "NodeList\nNodeIdentifier: range\nNodeField: items\nNodeList\nNodeField: name\n"
       "NodeText: ,\nNodeList\nNodeIdentifier: end\n"},
      {R"jp({[?(@.status.nodeInfo.osImage == "(\"\")")]})jp",
       "NodeList\nNodeFilter: NodeList == NodeList\nNodeList\nNodeField: status\n"
       "NodeField: nodeInfo\nNodeField: osImage\nNodeList\nNodeText: (\"\")\n"},
      {R"({[?(@.test == "())(")]})",
       "NodeList\nNodeFilter: NodeList == NodeList\nNodeList\nNodeField: test\nNodeList\n"
       "NodeText: ())(\n"},
      {R"({[?(@.x == "{[()]}")]})",
       "NodeList\nNodeFilter: NodeList == NodeList\nNodeList\nNodeField: x\nNodeList\n"
       "NodeText: {[()]}\n"},
      {R"({[?(@.x == '\\\'')]})",
       "NodeList\nNodeFilter: NodeList == NodeList\nNodeList\nNodeField: x\nNodeList\n"
       "NodeText: \\'\n"},
      {"{1.5 true}", "NodeList\nNodeFloat: 1.500000\nNodeBool: true\n"},
  };
  for (const TreeCase& c : cases) {
    SCOPED_TRACE(c.tmpl);
    auto nodes = ParseTemplate(c.tmpl);
    ASSERT_TRUE(nodes.ok()) << nodes.status().ToString();
    EXPECT_EQ(DebugString(*nodes), c.want);
  }
}

TEST(JsonPathTest, FindResultsAndSelect) {
  Value pvcs = Json(kPvcList);
  auto one = JsonPath::Parse("{.items[0].status.phase}");
  ASSERT_TRUE(one.ok());
  auto r = one->FindResults(pvcs);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->size(), 1u);
  ASSERT_EQ((*r)[0].size(), 1u);
  EXPECT_EQ((*r)[0][0], Value("Bound"));

  auto ranged = JsonPath::Parse("x{range .items[*]}{.status.phase}{end}");
  ASSERT_TRUE(ranged.ok());
  r = ranged->FindResults(pvcs);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->size(), 4u);  // the text, then one list per iteration
  EXPECT_EQ((*r)[0], std::vector<Value>{Value("x")});
  EXPECT_EQ((*r)[3], std::vector<Value>{Value("Pending")});

  auto all = JsonPath::Parse("{.items[*].status.phase}");
  ASSERT_TRUE(all.ok());
  auto sel = all->Select(pvcs);
  ASSERT_TRUE(sel.ok());
  EXPECT_EQ(*sel, (std::vector<Value>{Value("Bound"), Value("Bound"), Value("Pending")}));

  auto obj = JsonPath::Parse("{.items[0].metadata.labels}");
  ASSERT_TRUE(obj.ok());
  sel = obj->Select(pvcs);
  ASSERT_TRUE(sel.ok());
  ASSERT_EQ(sel->size(), 1u);
  EXPECT_EQ((*sel)[0], Json(R"({"app":"nginx"})"));

  auto missing = JsonPath::Parse("{.status.nothing}");
  ASSERT_TRUE(missing.ok());
  sel = missing->Select(Json(kJsonSnapshot));
  ASSERT_TRUE(sel.ok());
  EXPECT_TRUE(sel->empty());
  auto strict = missing->FindResults(Json(kJsonSnapshot), /*allow_missing_keys=*/false);
  ASSERT_FALSE(strict.ok());
  EXPECT_EQ(strict.status().code(), Status::Code::kNotFound);
}

TEST(JsonPathTest, ExecuteJsonIsJsonpathAsJson) {
  auto path = JsonPath::Parse("{.items[*].metadata.name}");
  ASSERT_TRUE(path.ok());
  auto out = path->ExecuteJson(Json(kPvcList));
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(*out,
            "[\n    \"disk-ssd-web-0\",\n    \"disk-ssd-web-1\",\n    \"new-disk-ssd-web-0\"\n]\n");
  auto none = JsonPath::Parse("{.nothing}");
  ASSERT_TRUE(none.ok());
  out = none->ExecuteJson(Json(kPvcList));
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(*out, "[]\n");
}

TEST(JsonPathTest, ExecuteIsRepeatableAndDefaultIsEmpty) {
  auto path = JsonPath::Parse("{range .items[*]}{.metadata.name};{end}{.kind}");
  ASSERT_TRUE(path.ok());
  Value pvcs = Json(kPvcList);
  auto first = path->Execute(pvcs);
  auto second = path->Execute(pvcs);
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(*first, "disk-ssd-web-0;disk-ssd-web-1;new-disk-ssd-web-0;List");
  EXPECT_EQ(*first, *second);
  EXPECT_EQ(path->text(), "{range .items[*]}{.metadata.name};{end}{.kind}");

  JsonPath empty;
  auto out = empty.Execute(pvcs);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(*out, "");
}

TEST(JsonPathTest, RelaxedForms) {
  for (const char* expr : {".status.phase", "status.phase", "{.status.phase}", "{status.phase}"}) {
    EXPECT_EQ(RelaxedJsonPath(expr), "{.status.phase}") << expr;
  }
  EXPECT_EQ(RelaxedJsonPath(""), "");
  EXPECT_EQ(RelaxedJsonPath("{.a}{.b}"), "{.a}{.b}");
  auto bad = RelaxedJsonPathExpression("{.a}{.b}");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(),
            "unexpected path string, expected a 'name1.name2' or '.name1.name2' or "
            "'{name1.name2}' or '{.name1.name2}'");
  auto path = JsonPath::Parse(RelaxedJsonPath("status.readyToUse"));
  ASSERT_TRUE(path.ok());
  auto out = path->Execute(Json(kJsonSnapshot));
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(*out, "true");
}

TEST(JsonPathTest, KubectlErrorMessages) {
  auto bad = JsonPath::Parse("{.metadata.name");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(KubectlParseError("{.metadata.name", bad.status()),
            "error parsing jsonpath {.metadata.name, unclosed action");

  auto path = JsonPath::Parse("{.items[0].metadata.name}");
  ASSERT_TRUE(path.ok());
  Value data = Json(kEmptyList);
  auto out = path->Execute(data);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(KubectlExecuteError(path->text(), out.status(), data),
            "error executing jsonpath \"{.items[0].metadata.name}\": Error executing template: "
            "array index out of bounds: index 0, length 0. Printing more information for "
            "debugging the template:\n\ttemplate was:\n\t\t{.items[0].metadata.name}\n\tobject "
            "given to jsonpath engine was:\n\t\tmap[string]interface {}{\"apiVersion\":\"v1\", "
            "\"items\":[]interface {}{}, \"kind\":\"List\", \"metadata\":map[string]interface "
            "{}{\"resourceVersion\":\"\"}}\n\n\n");
}

TEST(JsonPathFormatTest, GoFloatMatchesPercentV) {
  const std::vector<std::pair<double, const char*>> cases = {
      {0.5, "0.5"},
      {3.0, "3"},
      {12.34, "12.34"},
      {123456.0, "123456"},
      {999999.0, "999999"},
      {1e6, "1e+06"},
      {1234567.0, "1.234567e+06"},
      {0.0001, "0.0001"},
      {0.00001, "1e-05"},
      {2.5e-10, "2.5e-10"},
      {1e21, "1e+21"},
      {1e100, "1e+100"},
      {0.0, "0"},
      {-0.0, "-0"},
      {-2.5, "-2.5"},
      {19.95, "19.95"},
  };
  for (const auto& [d, want] : cases) EXPECT_EQ(GoFloat(d), want) << d;
}

TEST(JsonPathFormatTest, GoValueSyntaxAndQuote) {
  Value v = Json(R"({"a": [1, "x", null, 2.5], "b": {"c": true}, "d": "q\"s"})");
  EXPECT_EQ(GoValue(v), "map[a:[1 x <nil> 2.5] b:map[c:true] d:q\"s]");
  EXPECT_EQ(GoSyntax(v),
            "map[string]interface {}{\"a\":[]interface {}{1, \"x\", interface {}(nil), 2.5}, "
            "\"b\":map[string]interface {}{\"c\":true}, \"d\":\"q\\\"s\"}");
  EXPECT_EQ(GoValue(Value()), "<nil>");
  EXPECT_EQ(GoQuote("a\"b\\c\n\x01\xC3\xA9\xFF"), "\"a\\\"b\\\\c\\n\\x01\xC3\xA9\\xff\"");
  EXPECT_EQ(GoUnicode('*'), "U+002A '*'");
  EXPECT_EQ(GoUnicode('\n'), "U+000A");
}

TEST(JsonPathTest, NeverCrashesOnTruncatedTemplates) {
  const std::vector<std::string> templates = {
      R"({range .items[?(@.status.phase=="Bound")]}{.metadata.name}{"\t"}{.spec['volumeName']}{"\n"}{end})",
      R"({.items[*]['metadata.name', 'status.phase']}{..name}{.items[-1:0:2]}{$.kind})",
      R"({.metadata.annotations.snapshot\.storage\.kubernetes\.io/is-default-class}{'a\'b'}{@.*})",
  };
  Value pvcs = Json(kPvcList);
  for (const std::string& t : templates) {
    for (std::size_t n = 0; n <= t.size(); ++n) {
      auto path = JsonPath::Parse(t.substr(0, n));
      if (!path.ok()) {
        EXPECT_FALSE(path.status().message().empty());
        continue;
      }
      (void)path->Execute(pvcs, true);
      (void)path->Execute(pvcs, false);
      (void)path->ExecuteJson(pvcs);
      (void)path->Select(Value());
    }
  }
}

}  // namespace
}  // namespace snapsim::kubectl
