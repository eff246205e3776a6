#include <gtest/gtest.h>

#include "sim/kubectl/kubectl_test_fixture.h"

namespace snapsim::kubectl {
namespace {

constexpr std::string_view kWaitSnapshot = R"(apiVersion: snapshot.storage.k8s.io/v1
kind: VolumeSnapshot
metadata:
  name: new-snapshot-demo
spec:
  volumeSnapshotClassName: alicloud-disk-snapshot
  source:
    persistentVolumeClaimName: disk-ssd-web-0
)";

constexpr std::string_view kSnapshotReady = R"(apiVersion: snapshot.storage.k8s.io/v1
kind: VolumeSnapshot
metadata: {name: new-snapshot-demo}
status:
  boundVolumeSnapshotContentName: snapcontent-1
  readyToUse: true
  restoreSize: 20Gi
)";

constexpr std::string_view kWaitPod = R"(apiVersion: v1
kind: Pod
metadata:
  name: web-0
  labels: {app: nginx}
spec:
  containers:
  - name: nginx
    image: nginx
)";

constexpr std::string_view kPodReady = R"(apiVersion: v1
kind: Pod
metadata: {name: web-0}
status:
  phase: Running
  conditions:
  - {type: Ready, status: "True"}
)";

class WaitTest : public KubectlTest {};

TEST_F(WaitTest, ConditionAlreadyMet) {
  Create(kWaitPod);
  SetStatus(kPodReady);
  auto r = Run({"wait", "--for=condition=Ready", "pod/web-0"});
  EXPECT_EQ(r.out, "pod/web-0 condition met\n");
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(loop_.Now(), 0);
}

TEST_F(WaitTest, ConditionValueIsComparedCaseInsensitively) {
  Create(kWaitPod);
  SetStatus(R"(apiVersion: v1
kind: Pod
metadata: {name: web-0}
status:
  conditions:
  - {type: Ready, status: "False"}
)");
  auto r = Run({"wait", "--for", "condition=ready=false", "pod", "web-0"});
  EXPECT_EQ(r.out, "pod/web-0 condition met\n");
  EXPECT_EQ(r.exit_code, 0);
}

TEST_F(WaitTest, JsonPathWaitsInVirtualTimeUntilTheStoreChanges) {
  Create(kWaitSnapshot);
  loop_.After(90 * engine::kSecond, [this] { SetStatus(kSnapshotReady); });
  auto r = Run(
      {"wait", "--for=jsonpath={.status.readyToUse}=true", "vs/new-snapshot-demo", "--timeout=5m"});
  EXPECT_EQ(r.out, "volumesnapshot.snapshot.storage.k8s.io/new-snapshot-demo condition met\n");
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(loop_.Now(), 90 * engine::kSecond);
}

TEST_F(WaitTest, JsonPathRelaxedAndQuotedForms) {
  Create(kWaitSnapshot);
  SetStatus(kSnapshotReady);
  auto r = Run(
      {"wait", "--for=jsonpath={status.readyToUse}=true", "volumesnapshot", "new-snapshot-demo"});
  EXPECT_EQ(r.out, "volumesnapshot.snapshot.storage.k8s.io/new-snapshot-demo condition met\n");
  // Quotes the shell did not remove are part of the expression, which then has braces inside.
  r = Run({"wait", "--for=jsonpath='{.status.readyToUse}'=true", "vs/new-snapshot-demo"});
  EXPECT_EQ(r.err.rfind("error: unexpected path string", 0), 0u) << r.err;
  r = Run({"wait", "--for=jsonpath=.status.restoreSize='20Gi'", "vs", "new-snapshot-demo", "-o",
           "name"});
  EXPECT_EQ(r.out, "volumesnapshot.snapshot.storage.k8s.io/new-snapshot-demo\n");
  EXPECT_EQ(r.exit_code, 0);
}

TEST_F(WaitTest, JsonPathWithoutValueWaitsForPresence) {
  Create(kWaitSnapshot);
  loop_.After(10 * engine::kSecond, [this] { SetStatus(kSnapshotReady); });
  auto r = Run(
      {"wait", "--for=jsonpath={.status.boundVolumeSnapshotContentName}", "vs/new-snapshot-demo"});
  EXPECT_EQ(r.out, "volumesnapshot.snapshot.storage.k8s.io/new-snapshot-demo condition met\n");
  EXPECT_EQ(loop_.Now(), 10 * engine::kSecond);
}

TEST_F(WaitTest, TimeoutAdvancesVirtualTimeAndFails) {
  Create(kWaitSnapshot);
  auto r = Run({"wait", "--for=jsonpath={.status.readyToUse}=true", "vs/new-snapshot-demo"});
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "error: timed out waiting for the condition on volumesnapshots/new-snapshot-demo\n");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(loop_.Now(), 30 * engine::kSecond);
}

TEST_F(WaitTest, TwoTimeoutsShareTheDeadlineAndPrintOnePerLine) {
  Create(kWaitPod);
  Create(R"(apiVersion: v1
kind: Pod
metadata: {name: web-1, labels: {app: nginx}}
spec:
  containers: [{name: nginx, image: nginx}]
)");
  auto r = Run({"wait", "--for=condition=Ready", "pods", "-l", "app=nginx", "--timeout=10s"});
  EXPECT_EQ(r.err,
            "timed out waiting for the condition on pods/web-0\n"
            "timed out waiting for the condition on pods/web-1\n");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(loop_.Now(), 10 * engine::kSecond);
}

TEST_F(WaitTest, ZeroTimeoutChecksOnce) {
  Create(kWaitPod);
  auto r = Run({"wait", "--for=condition=Ready", "pod/web-0", "--timeout=0"});
  EXPECT_EQ(r.err, "error: condition not met for pods/web-0\n");
  EXPECT_EQ(r.exit_code, 1);
}

TEST_F(WaitTest, DeleteOfAnAbsentObjectSucceedsSilently) {
  auto r = Run({"wait", "--for=delete", "vs/gone"});
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.exit_code, 0);
}

TEST_F(WaitTest, DeleteWaitsForFinalizersToGo) {
  Create(R"(apiVersion: snapshot.storage.k8s.io/v1
kind: VolumeSnapshot
metadata:
  name: new-snapshot-demo
  finalizers: [snapshot.storage.kubernetes.io/volumesnapshot-bound-protection]
spec:
  source: {persistentVolumeClaimName: disk-ssd-web-0}
)");
  ASSERT_TRUE(server_.Delete(api::VolumeSnapshot::Info(), "default", "new-snapshot-demo").ok());
  loop_.After(20 * engine::kSecond, [this] {
    auto live = server_.Peek(api::VolumeSnapshot::Info(), "default", "new-snapshot-demo");
    auto copy = live->Clone();
    copy->metadata.finalizers.clear();
    ASSERT_TRUE(server_.Update(copy).ok());
  });
  auto r = Run({"wait", "--for=delete", "volumesnapshot/new-snapshot-demo", "--timeout=60s"});
  EXPECT_EQ(r.out, "volumesnapshot.snapshot.storage.k8s.io/new-snapshot-demo condition met\n");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(loop_.Now(), 20 * engine::kSecond);
}

TEST_F(WaitTest, NotFoundForAConditionIsAnError) {
  auto r = Run({"wait", "--for=condition=Ready", "pod/nope"});
  EXPECT_EQ(r.err, "Error from server (NotFound): pods \"nope\" not found\n");
  EXPECT_EQ(r.exit_code, 1);
}

TEST_F(WaitTest, NoMatchingResources) {
  auto r = Run({"wait", "--for=condition=Ready", "pods", "-l", "app=none"});
  EXPECT_EQ(r.err, "error: no matching resources found\n");
  EXPECT_EQ(r.exit_code, 1);
  r = Run({"wait", "--for=delete", "pods", "--all"});
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.exit_code, 0);
}

TEST_F(WaitTest, BadForFlags) {
  Create(kWaitPod);
  auto r = Run({"wait", "--for=foo", "pod/web-0"});
  EXPECT_EQ(r.err, "error: unrecognized condition: \"foo\"\n");
  EXPECT_EQ(r.exit_code, 1);
  r = Run({"wait", "pod/web-0"});
  EXPECT_EQ(r.err, "error: unrecognized condition: \"\"\n");
  r = Run({"wait", "--for=jsonpath={.status.phase}=", "pod/web-0"});
  EXPECT_EQ(r.err,
            "error: jsonpath wait has to have a value after equal sign, like "
            "--for=jsonpath='{.status.readyReplicas}'=3\n");
  r = Run({"wait", "--for=jsonpath={.a}{.b}=1", "pod/web-0"});
  EXPECT_EQ(r.err,
            "error: unexpected path string, expected a 'name1.name2' or '.name1.name2' or "
            "'{name1.name2}' or "
            "'{.name1.name2}'\n");
  r = Run({"wait", "--for=jsonpath={.metadata}=x", "pod/web-0"});
  EXPECT_EQ(r.err, "error: jsonpath leads to a nested object or list which is not supported\n");
}

TEST_F(WaitTest, BadTimeoutIsAFlagError) {
  auto r = Run({"wait", "--for=delete", "pod/web-0", "--timeout=3d"});
  EXPECT_EQ(r.err,
            "error: invalid argument \"3d\" for \"--timeout\" flag: time: unknown unit \"d\" in "
            "duration \"3d\"\n"
            "See 'kubectl wait --help' for usage.\n");
  EXPECT_EQ(r.exit_code, 1);
}

TEST_F(WaitTest, TypeWithoutNameNeedsAll) {
  auto r = Run({"wait", "--for=condition=Ready", "pods"});
  EXPECT_EQ(r.err, "error: resource(s) were provided, but no name was specified\n");
  EXPECT_EQ(r.exit_code, 1);
}

class WaitOldKubectlTest : public KubectlTest {
 protected:
  WaitOldKubectlTest() : KubectlTest(22) {}
};

TEST_F(WaitOldKubectlTest, JsonPathIsUnknownBefore123) {
  auto r = Run({"wait", "--for=jsonpath={.status.phase}=Running", "pod/web-0"});
  EXPECT_EQ(r.err, "error: unrecognized condition: \"jsonpath={.status.phase}=Running\"\n");
}

}  // namespace
}  // namespace snapsim::kubectl
