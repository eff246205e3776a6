#include <gtest/gtest.h>

#include "sim/kubectl/kubectl_test_fixture.h"

namespace snapsim::kubectl {
namespace {

constexpr std::string_view kPatchSnapshot = R"(apiVersion: snapshot.storage.k8s.io/v1
kind: VolumeSnapshot
metadata:
  name: new-snapshot-demo
spec:
  volumeSnapshotClassName: alicloud-disk-snapshot
  source:
    persistentVolumeClaimName: disk-ssd-web-0
)";

constexpr std::string_view kPatchPod = R"(apiVersion: v1
kind: Pod
metadata:
  name: web-0
  labels: {app: nginx}
spec:
  containers:
  - name: nginx
    image: nginx
)";

class PatchTest : public KubectlTest {
 protected:
  api::ObjectPtr Snapshot() {
    return server_.Peek(api::VolumeSnapshot::Info(), "default", "new-snapshot-demo");
  }
};

TEST_F(PatchTest, MergePatchOfACustomResource) {
  Create(kPatchSnapshot);
  auto r = Run({"patch", "vs", "new-snapshot-demo", "--type", "merge", "-p",
                R"({"metadata":{"labels":{"a":"b"}}})"});
  EXPECT_EQ(r.out, "volumesnapshot.snapshot.storage.k8s.io/new-snapshot-demo patched\n");
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(Snapshot()->metadata.labels.at("a"), "b");
}

TEST_F(PatchTest, UnchangedObjectIsPatchedWithNoChange) {
  Create(kPatchSnapshot);
  std::string rv = Snapshot()->metadata.resource_version;
  auto r = Run({"patch", "vs/new-snapshot-demo", "--type=merge", "-p",
                R"({"spec":{"volumeSnapshotClassName":"alicloud-disk-snapshot"}})"});
  EXPECT_EQ(r.out,
            "volumesnapshot.snapshot.storage.k8s.io/new-snapshot-demo patched (no change)\n");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(Snapshot()->metadata.resource_version, rv);
}

TEST_F(PatchTest, StrategicPatchOfACustomResourceIsRejected) {
  Create(kPatchSnapshot);
  auto r = Run({"patch", "vs", "new-snapshot-demo", "-p", R"({"metadata":{"labels":{"a":"b"}}})"});
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(
      r.err,
      "error: application/strategic-merge-patch+json is not supported by "
      "snapshot.storage.k8s.io/v1, "
      "Kind=VolumeSnapshot: the body of the request was in an unknown format - accepted media "
      "types include: "
      "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml\n");
  EXPECT_EQ(r.exit_code, 1);
}

TEST_F(PatchTest, StrategicPatchOfAPodMergesContainersByName) {
  Create(kPatchPod);
  auto r = Run({"patch", "pod", "web-0", "-p",
                R"({"spec":{"containers":[{"name":"nginx","image":"nginx:1.25"}]}})"});
  EXPECT_EQ(r.out, "pod/web-0 patched\n");
  EXPECT_EQ(r.exit_code, 0);
  auto pod = api::As<api::Pod>(server_.Peek(api::Pod::Info(), "default", "web-0"));
  ASSERT_EQ(pod->spec.containers.size(), 1u);
  EXPECT_EQ(pod->spec.containers[0].image, "nginx:1.25");
}

TEST_F(PatchTest, JsonPatchAndYamlPatchText) {
  Create(kPatchPod);
  auto r = Run({"patch", "pod", "web-0", "--type=json", "-p",
                R"([{"op":"replace","path":"/metadata/labels/app","value":"db"}])"});
  EXPECT_EQ(r.out, "pod/web-0 patched\n");
  r = Run({"patch", "pod", "web-0", "--type", "merge", "-p", "metadata:\n  labels:\n    tier: x\n",
           "-o", "name"});
  EXPECT_EQ(r.out, "pod/web-0\n");
  auto pod = server_.Peek(api::Pod::Info(), "default", "web-0");
  EXPECT_EQ(pod->metadata.labels.at("app"), "db");
  EXPECT_EQ(pod->metadata.labels.at("tier"), "x");
}

TEST_F(PatchTest, PatchFileIsReadThroughTheFileReader) {
  Create(kPatchSnapshot);
  files_["patch.yaml"] = "metadata:\n  annotations:\n    note: hi\n";
  auto r =
      Run({"patch", "vs", "new-snapshot-demo", "--type", "merge", "--patch-file", "patch.yaml"});
  EXPECT_EQ(r.out, "volumesnapshot.snapshot.storage.k8s.io/new-snapshot-demo patched\n");
  EXPECT_EQ(Snapshot()->metadata.annotations.at("note"), "hi");
  r = Run({"patch", "vs", "new-snapshot-demo", "--type", "merge", "--patch-file", "missing.yaml"});
  EXPECT_EQ(r.err,
            "error: unable to read patch file: open missing.yaml: no such file or directory\n");
  EXPECT_EQ(r.exit_code, 1);
}

TEST_F(PatchTest, StatusSubresource) {
  Create(kPatchSnapshot);
  auto r = Run({"patch", "vs", "new-snapshot-demo", "--subresource=status", "--type=merge", "-p",
                R"({"status":{"readyToUse":true}})"});
  EXPECT_EQ(r.out, "volumesnapshot.snapshot.storage.k8s.io/new-snapshot-demo patched\n");
  auto vs = api::As<api::VolumeSnapshot>(Snapshot());
  ASSERT_TRUE(vs->status.has_value());
  EXPECT_EQ(vs->status->ready_to_use, true);
  r = Run({"patch", "vs", "new-snapshot-demo", "--subresource=foo", "--type=merge", "-p", "{}"});
  EXPECT_EQ(r.err, "error: invalid subresource value: \"foo\". Must be one of [status scale]\n");
}

TEST_F(PatchTest, OutputYamlPrintsThePatchedObject) {
  Create(kPatchSnapshot);
  auto r = Run({"patch", "vs", "new-snapshot-demo", "--type=merge", "-p",
                R"({"metadata":{"labels":{"a":"b"}}})", "-o", "yaml"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(
      r.out.rfind("apiVersion: snapshot.storage.k8s.io/v1\nkind: VolumeSnapshot\nmetadata:\n", 0),
      0u)
      << r.out;
  EXPECT_NE(r.out.find("  labels:\n    a: b\n"), std::string::npos) << r.out;
}

TEST_F(PatchTest, UsageErrors) {
  Create(kPatchSnapshot);
  auto r = Run({"patch", "vs", "new-snapshot-demo"});
  EXPECT_EQ(r.err,
            "error: must specify --patch or --patch-file containing the contents of the patch\n");
  EXPECT_EQ(r.exit_code, 1);
  files_["p.json"] = "{}";
  r = Run({"patch", "vs", "new-snapshot-demo", "-p", "{}", "--patch-file", "p.json"});
  EXPECT_EQ(r.err, "error: cannot specify --patch and --patch-file together\n");
  r = Run({"patch", "vs", "new-snapshot-demo", "-p", "{}", "--type", "apply"});
  EXPECT_EQ(r.err, "error: --type must be one of [json merge strategic], not \"apply\"\n");
  r = Run({"patch", "vs", "new-snapshot-demo", "--type=merge", "-p", "{\"spec\": "});
  EXPECT_EQ(r.err.rfind("error: unable to parse \"{\\\"spec\\\": \": yaml: ", 0), 0u) << r.err;
  EXPECT_EQ(r.exit_code, 1);
}

TEST_F(PatchTest, NotFound) {
  auto r = Run({"patch", "vs", "nope", "--type=merge", "-p", "{}"});
  EXPECT_EQ(
      r.err,
      "Error from server (NotFound): volumesnapshots.snapshot.storage.k8s.io \"nope\" not found\n");
  EXPECT_EQ(r.exit_code, 1);
}

TEST_F(PatchTest, LocalStrategicPatchOfACustomResourceFailsInKubectl) {
  files_["vs.yaml"] = std::string(kPatchSnapshot);
  auto r = Run({"patch", "--local", "-f", "vs.yaml", "-p", R"({"metadata":{"labels":{"a":"b"}}})"});
  EXPECT_EQ(r.err,
            "error: strategic merge patch is not supported for snapshot.storage.k8s.io/v1, "
            "Kind=VolumeSnapshot "
            "locally, try --type merge\n");
  r = Run({"patch", "--local", "-f", "vs.yaml", "--type=merge", "-p",
           R"({"metadata":{"labels":{"a":"b"}}})", "-o", "name"});
  EXPECT_EQ(r.out, "volumesnapshot.snapshot.storage.k8s.io/new-snapshot-demo\n");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(Snapshot(), nullptr);
}

class PatchOldKubectlTest : public KubectlTest {
 protected:
  PatchOldKubectlTest() : KubectlTest(25) {}
};

TEST_F(PatchOldKubectlTest, StrategicPatchOfACustomResourceShowsTheServerError) {
  Create(kPatchSnapshot);
  auto r = Run({"patch", "vs", "new-snapshot-demo", "-p", "{}"});
  EXPECT_EQ(r.err,
            "Error from server (UnsupportedMediaType): the body of the request was in an unknown "
            "format - accepted "
            "media types include: application/json-patch+json, application/merge-patch+json, "
            "application/apply-patch+yaml\n");
  EXPECT_EQ(r.exit_code, 1);
}

}  // namespace
}  // namespace snapsim::kubectl
