#include <gtest/gtest.h>

#include "sim/kubectl/kubectl_test_fixture.h"

namespace snapsim::kubectl {
namespace {

constexpr std::string_view kStatefulSet = R"(apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  selector: {matchLabels: {app: nginx}}
  serviceName: nginx
  replicas: 2
  template:
    metadata: {labels: {app: nginx}}
    spec:
      containers: [{name: nginx, image: nginx}]
)";

class ScaleTest : public KubectlTest {
 protected:
  std::int32_t Replicas() {
    auto sts = api::As<api::StatefulSet>(server_.Peek(api::StatefulSet::Info(), "default", "web"));
    return sts->spec.replicas.value_or(-1);
  }
};

TEST_F(ScaleTest, ScalesAStatefulSet) {
  Create(kStatefulSet);
  auto r = Run({"scale", "sts/web", "--replicas=3"});
  EXPECT_EQ(r.out, "statefulset.apps/web scaled\n");
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(Replicas(), 3);
  r = Run({"scale", "--replicas", "0", "statefulset", "web", "-o", "name"});
  EXPECT_EQ(r.out, "statefulset.apps/web\n");
  EXPECT_EQ(Replicas(), 0);
}

TEST_F(ScaleTest, CurrentReplicasPrecondition) {
  Create(kStatefulSet);
  auto r = Run({"scale", "sts/web", "--replicas=3", "--current-replicas=1"});
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "error: Expected replicas to be 1, was 2\n");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(Replicas(), 2);
  r = Run({"scale", "sts/web", "--replicas=3", "--current-replicas=2"});
  EXPECT_EQ(r.out, "statefulset.apps/web scaled\n");
  EXPECT_EQ(Replicas(), 3);
}

TEST_F(ScaleTest, ResourceVersionPrecondition) {
  Create(kStatefulSet);
  auto r = Run({"scale", "sts/web", "--replicas=3", "--resource-version=1"});
  std::string rv =
      server_.Peek(api::StatefulSet::Info(), "default", "web")->metadata.resource_version;
  EXPECT_EQ(r.err, "error: Expected resource version to be 1, was " + rv + "\n");
  EXPECT_EQ(r.exit_code, 1);
}

TEST_F(ScaleTest, KindsWithoutAScaleSubresource) {
  Create(R"(apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: disk-ssd-web-0}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 20Gi}}
)");
  auto r = Run({"scale", "pvc", "disk-ssd-web-0", "--replicas=1"});
  EXPECT_EQ(r.err,
            "Error from server (NotFound): the server could not find the requested resource (patch "
            "persistentvolumeclaims disk-ssd-web-0)\n");
  EXPECT_EQ(r.exit_code, 1);
  Create(R"(apiVersion: snapshot.storage.k8s.io/v1
kind: VolumeSnapshot
metadata: {name: new-snapshot-demo}
spec:
  source: {persistentVolumeClaimName: disk-ssd-web-0}
)");
  r = Run({"scale", "vs/new-snapshot-demo", "--replicas=1"});
  EXPECT_EQ(r.err,
            "Error from server (NotFound): volumesnapshots.snapshot.storage.k8s.io "
            "\"new-snapshot-demo\" not found\n");
  EXPECT_EQ(r.exit_code, 1);
}

TEST_F(ScaleTest, UsageErrors) {
  Create(kStatefulSet);
  auto r = Run({"scale", "sts/web"});
  EXPECT_EQ(r.err, "error: required flag(s) \"replicas\" not set\n");
  EXPECT_EQ(r.exit_code, 1);
  r = Run({"scale", "sts/web", "--replicas=-1"});
  EXPECT_EQ(r.err,
            "error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal "
            "to 0\n");
  r = Run({"scale", "sts/nope", "--replicas=1"});
  EXPECT_EQ(r.err, "error: no objects passed to scale\n");
  r = Run({"scale", "sts/web", "--replicas=x"});
  EXPECT_EQ(r.err,
            "error: invalid argument \"x\" for \"--replicas\" flag: strconv.ParseInt: parsing "
            "\"x\": invalid syntax\n"
            "See 'kubectl scale --help' for usage.\n");
}

TEST_F(ScaleTest, TimeoutWaitsForStatusReplicas) {
  Create(kStatefulSet);
  auto r = Run({"scale", "sts/web", "--replicas=3", "--timeout=30s"});
  EXPECT_EQ(r.err, "error: timed out waiting for \"web\" to be synced\n");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(loop_.Now(), 30 * engine::kSecond);
}

}  // namespace
}  // namespace snapsim::kubectl
