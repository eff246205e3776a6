#include <gtest/gtest.h>

#include "sim/kubectl/kubectl_test_fixture.h"

namespace snapsim::kubectl {
namespace {

constexpr std::string_view kLabelPod = R"(apiVersion: v1
kind: Pod
metadata:
  name: web-0
  labels: {app: nginx}
  annotations: {note: first}
spec:
  containers:
  - name: nginx
    image: nginx
)";

constexpr std::string_view kLabelSnapshot = R"(apiVersion: snapshot.storage.k8s.io/v1
kind: VolumeSnapshot
metadata:
  name: new-snapshot-demo
spec:
  source:
    persistentVolumeClaimName: disk-ssd-web-0
)";

class LabelTest : public KubectlTest {
 protected:
  api::ObjectPtr Pod() { return server_.Peek(api::Pod::Info(), "default", "web-0"); }
};

TEST_F(LabelTest, AddsALabel) {
  Create(kLabelPod);
  auto r = Run({"label", "pods", "web-0", "tier=web"});
  EXPECT_EQ(r.out, "pod/web-0 labeled\n");
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(Pod()->metadata.labels.at("tier"), "web");
}

TEST_F(LabelTest, CustomResourceByTypeSlashName) {
  Create(kLabelSnapshot);
  auto r = Run({"label", "vs/new-snapshot-demo", "backup=daily"});
  EXPECT_EQ(r.out, "volumesnapshot.snapshot.storage.k8s.io/new-snapshot-demo labeled\n");
  EXPECT_EQ(server_.Peek(api::VolumeSnapshot::Info(), "default", "new-snapshot-demo")
                ->metadata.labels.at("backup"),
            "daily");
}

TEST_F(LabelTest, ExistingKeyNeedsOverwrite) {
  Create(kLabelPod);
  auto r = Run({"label", "pod", "web-0", "app=db"});
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "error: 'app' already has a value (nginx), and --overwrite is false\n");
  EXPECT_EQ(r.exit_code, 1);
  r = Run({"label", "pod", "web-0", "app=db", "--overwrite"});
  EXPECT_EQ(r.out, "pod/web-0 labeled\n");
  EXPECT_EQ(Pod()->metadata.labels.at("app"), "db");
  r = Run({"label", "pod", "web-0", "app=db"});
  EXPECT_EQ(r.out, "pod/web-0 not labeled\n");
  EXPECT_EQ(r.exit_code, 0);
}

TEST_F(LabelTest, RemovesALabel) {
  Create(kLabelPod);
  auto r = Run({"label", "pod", "web-0", "app-"});
  EXPECT_EQ(r.out, "pod/web-0 unlabeled\n");
  EXPECT_EQ(Pod()->metadata.labels.count("app"), 0u);
}

TEST_F(LabelTest, RemovingAMissingLabel) {
  Create(kLabelPod);
  auto r = Run({"label", "pod", "web-0", "nope-"});
  EXPECT_EQ(r.out, "label \"nope\" not found.\npod/web-0 not labeled\n");
  EXPECT_EQ(r.exit_code, 0);
}

TEST_F(LabelTest, InvalidValueIsRejectedByKubectl) {
  Create(kLabelPod);
  auto r = Run({"label", "pod", "web-0", "tier=web!"});
  EXPECT_EQ(r.err,
            "error: invalid label value: \"tier=web!\": a valid label must be an empty string or "
            "consist of "
            "alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric "
            "character (e.g. "
            "'MyValue',  or 'my_value',  or '12345', regex used for validation is "
            "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')\n");
  EXPECT_EQ(r.exit_code, 1);
  r = Run({"label", "pod", "web-0", "a=b=c"});
  EXPECT_EQ(r.err, "error: invalid label spec: a=b=c\n");
}

TEST_F(LabelTest, InvalidKeyIsRejectedByTheServer) {
  Create(kLabelPod);
  auto r = Run({"label", "pod", "web-0", "bad_=x"});
  EXPECT_EQ(r.err,
            "The Pod \"web-0\" is invalid: metadata.labels: Invalid value: \"bad_\": name part "
            "must consist of "
            "alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric "
            "character (e.g. "
            "'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
            "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')\n");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(Pod()->metadata.labels.count("bad_"), 0u);
}

TEST_F(LabelTest, UsageErrors) {
  Create(kLabelPod);
  auto r = Run({"label", "pod", "web-0"});
  EXPECT_EQ(r.err, "error: at least one label update is required\n");
  r = Run({"label", "a=b"});
  EXPECT_EQ(
      r.err,
      "error: one or more resources must be specified as <resource> <name> or <resource>/<name>\n");
  r = Run({"label", "pod", "a=b", "web-0"});
  EXPECT_EQ(r.err, "error: all resources must be specified before label changes: web-0\n");
  r = Run({"label", "pod", "web-0", "a=b", "a-"});
  EXPECT_EQ(r.err, "error: can not both modify and remove a label in the same command\n");
  r = Run({"label", "pods", "x=y"});
  EXPECT_EQ(r.err, "error: resource(s) were provided, but no name was specified\n");
  r = Run({"label", "pods", "--all", "-l", "app=nginx", "x=y"});
  EXPECT_EQ(r.err, "error: cannot set --all and --selector at the same time\n");
  EXPECT_EQ(r.exit_code, 1);
}

TEST_F(LabelTest, AllAndSelectorLabelEveryMatch) {
  Create(kLabelPod);
  Create(R"(apiVersion: v1
kind: Pod
metadata: {name: web-1, labels: {app: nginx}}
spec:
  containers: [{name: nginx, image: nginx}]
)");
  auto r = Run({"label", "pods", "-l", "app=nginx", "tier=web"});
  EXPECT_EQ(r.out, "pod/web-0 labeled\npod/web-1 labeled\n");
  r = Run({"label", "pods", "--all", "tier-"});
  EXPECT_EQ(r.out, "pod/web-0 unlabeled\npod/web-1 unlabeled\n");
}

TEST_F(LabelTest, ListShowsLabels) {
  Create(kLabelPod);
  auto r = Run({"label", "pod", "web-0", "--list"});
  EXPECT_EQ(r.out, "app=nginx\n");
  r = Run({"label", "pods", "--all", "--list"});
  EXPECT_EQ(r.out, "Listing labels for Pod./web-0:\n app=nginx\n");
  r = Run({"label", "pod", "web-0", "--list", "-o", "name"});
  EXPECT_EQ(r.err, "error: --list and --output may not be specified together\n");
}

TEST_F(LabelTest, ResourceVersionPrecondition) {
  Create(kLabelPod);
  std::string rv = Pod()->metadata.resource_version;
  auto r = Run({"label", "pod", "web-0", "a=b", "--resource-version", "1"});
  EXPECT_EQ(r.err,
            "Error from server (Conflict): Operation cannot be fulfilled on pods \"web-0\": the "
            "object has been "
            "modified; please apply your changes to the latest version and try again\n");
  EXPECT_EQ(r.exit_code, 1);
  r = Run({"label", "pod", "web-0", "a=b", "--resource-version", rv});
  EXPECT_EQ(r.out, "pod/web-0 labeled\n");
  r = Run({"label", "pods", "--all", "c=d", "--resource-version", rv});
  EXPECT_EQ(r.err, "error: --resource-version may only be used with a single resource\n");
}

TEST_F(LabelTest, MissingObjectsDoNotStopTheOthers) {
  Create(kLabelPod);
  auto r = Run({"label", "pods", "nope", "web-0", "x=y"});
  EXPECT_EQ(r.out, "pod/web-0 labeled\n");
  EXPECT_EQ(r.err, "Error from server (NotFound): pods \"nope\" not found\n");
  EXPECT_EQ(r.exit_code, 1);
}

TEST_F(LabelTest, AnnotateAddsOverwritesAndRemoves) {
  Create(kLabelPod);
  auto r = Run({"annotate", "pod", "web-0", "description=my frontend"});
  EXPECT_EQ(r.out, "pod/web-0 annotated\n");
  EXPECT_EQ(Pod()->metadata.annotations.at("description"), "my frontend");
  r = Run({"annotate", "pod", "web-0", "note=second"});
  EXPECT_EQ(r.err,
            "error: --overwrite is false but found the following declared annotation(s): 'note' "
            "already has a value "
            "(first)\n");
  EXPECT_EQ(r.exit_code, 1);
  r = Run({"annotate", "pod", "web-0", "note=second", "--overwrite"});
  EXPECT_EQ(r.out, "pod/web-0 annotated\n");
  EXPECT_EQ(Pod()->metadata.annotations.at("note"), "second");
  r = Run({"annotate", "pod/web-0", "note-", "missing-"});
  EXPECT_EQ(r.out, "pod/web-0 annotated\n");
  EXPECT_EQ(Pod()->metadata.annotations.count("note"), 0u);
}

TEST_F(LabelTest, AnnotateUsageErrors) {
  Create(kLabelPod);
  auto r = Run({"annotate", "pod", "web-0", "a=1", "a-"});
  EXPECT_EQ(
      r.err,
      "error: can not both modify and remove the following annotation(s) in the same command: a\n");
  r = Run({"annotate", "pod", "web-0"});
  EXPECT_EQ(r.err, "error: at least one annotation update is required\n");
  r = Run({"annotate", "pod", "web-0", "a=1", "x", "=y"});
  EXPECT_EQ(r.err, "error: all resources must be specified before annotation changes: x\n");
  r = Run({"annotate", "pod", "web-0", "--list"});
  EXPECT_EQ(r.out, "note=first\n");
}

}  // namespace
}  // namespace snapsim::kubectl
