#include "src/api/kinds_snapshot.h"

#include <gtest/gtest.h>

#include "src/api/manifest_test_util.h"
#include "src/api/registry.h"
#include "src/api/yaml.h"

namespace snapsim::api {
namespace {

using testing_util::MustDecode;

TEST(SnapshotKindsTest, DecodesTheAckDocumentClass) {
  auto m = MustDecode(R"(
apiVersion: snapshot.storage.k8s.io/v1beta1
kind: VolumeSnapshotClass
metadata:
  name: default-snapclass
driver: diskplugin.csi.alibabacloud.com
parameters:
   snapshotType: "xxx"
   instantAccessRetentionDays: "1"
deletionPolicy: Delete
)");
  EXPECT_TRUE(m.issues.empty());
  EXPECT_EQ(m.api_version, "snapshot.storage.k8s.io/v1beta1");
  auto cls = std::static_pointer_cast<VolumeSnapshotClass>(m.object);
  EXPECT_EQ(cls->metadata.name, "default-snapclass");
  EXPECT_EQ(cls->driver, "diskplugin.csi.alibabacloud.com");
  EXPECT_EQ(cls->parameters.at("instantAccessRetentionDays"), "1");
  EXPECT_EQ(cls->deletion_policy, "Delete");
}

TEST(SnapshotKindsTest, RoundTripsAVolumeSnapshotWithStatus) {
  auto m = MustDecode(R"(
apiVersion: snapshot.storage.k8s.io/v1
kind: VolumeSnapshot
metadata:
  name: new-snapshot-demo
  namespace: default
spec:
  volumeSnapshotClassName: default-snapclass
  source:
    persistentVolumeClaimName: disk-ssd-web-0
status:
  readyToUse: false
  restoreSize: 20Gi
)");
  ASSERT_TRUE(m.issues.empty());
  Value v = m.object->ToValue();
  EXPECT_EQ(ToYaml(v), R"(apiVersion: snapshot.storage.k8s.io/v1
kind: VolumeSnapshot
metadata:
  creationTimestamp: null
  name: new-snapshot-demo
  namespace: default
spec:
  source:
    persistentVolumeClaimName: disk-ssd-web-0
  volumeSnapshotClassName: default-snapclass
status:
  readyToUse: false
  restoreSize: 20Gi
)");
}

TEST(SnapshotKindsTest, CollectsEveryUnknownFieldAndTypeError) {
  auto m = MustDecode(R"(
apiVersion: snapshot.storage.k8s.io/v1
kind: VolumeSnapshotClass
metadata:
  name: c
  labelz: {}
driver: d
foo: 1
parameters:
  days: 1
deletionPolicy: Delete
)");
  ASSERT_EQ(m.issues.size(), 3u);
  EXPECT_EQ(m.issues[0].kind, DecodeIssue::Kind::kUnknownField);
  EXPECT_EQ(m.issues[0].path, "foo");
  EXPECT_EQ(m.issues[1].path, "metadata.labelz");
  EXPECT_EQ(m.issues[2].kind, DecodeIssue::Kind::kWrongType);
  EXPECT_EQ(m.issues[2].path, "parameters.days");
  EXPECT_EQ(m.issues[2].got, "integer");
  EXPECT_EQ(m.issues[2].schema_type, "string");
}

TEST(SnapshotKindsTest, RejectsMissingKindAndUnknownVersions) {
  auto v = ParseYaml("apiVersion: v1\nmetadata: {name: x}\n");
  auto m = DecodeManifest(*v);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().message(), "error validating data: kind not set");
  v = ParseYaml("apiVersion: snapshot.storage.k8s.io/v2\nkind: VolumeSnapshot\n");
  m = DecodeManifest(*v);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().message(),
            "no matches for kind \"VolumeSnapshot\" in version \"snapshot.storage.k8s.io/v2\"");
}

TEST(RegistryTest, ResolvesKubectlResourceNames) {
  for (std::string_view name : {"vs", "volumesnapshot", "volumesnapshots", "VolumeSnapshot",
                                "volumesnapshots.snapshot.storage.k8s.io", "volumesnapshot.v1.snapshot.storage.k8s.io"}) {
    EXPECT_EQ(ResolveResource(name), &VolumeSnapshot::Info()) << name;
  }
  EXPECT_EQ(ResolveResource("VolumeSnapshotContent"), &VolumeSnapshotContent::Info());
  EXPECT_EQ(ResolveResource("vsclass"), &VolumeSnapshotClass::Info());
  EXPECT_EQ(ResolveResource("nope"), nullptr);
}

}  // namespace
}  // namespace snapsim::api
