#include "src/api/kinds_apiext.h"

#include <gtest/gtest.h>

#include "src/api/defaults.h"
#include "src/api/manifest_test_util.h"
#include "src/api/registry.h"
#include "src/api/yaml.h"

namespace snapsim::api {
namespace {

using testing_util::IssuePaths;
using testing_util::MustDecode;

// external-snapshotter client/config/crd/snapshot.storage.k8s.io_volumesnapshotclasses.yaml,
// abridged schema.
constexpr std::string_view kClassCrd = R"(
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  annotations:
    api-approved.kubernetes.io: "https://github.com/kubernetes-csi/external-snapshotter/pull/814"
    controller-gen.kubebuilder.io/version: v0.12.0
  creationTimestamp: null
  name: volumesnapshotclasses.snapshot.storage.k8s.io
spec:
  group: snapshot.storage.k8s.io
  names:
    kind: VolumeSnapshotClass
    listKind: VolumeSnapshotClassList
    plural: volumesnapshotclasses
    shortNames:
    - vsclass
    - vsclasses
    singular: volumesnapshotclass
  scope: Cluster
  versions:
  - additionalPrinterColumns:
    - jsonPath: .driver
      name: Driver
      type: string
    - description: Determines whether a VolumeSnapshotContent created through the VolumeSnapshotClass should be deleted when its bound VolumeSnapshot is deleted.
      jsonPath: .deletionPolicy
      name: DeletionPolicy
      type: string
    - jsonPath: .metadata.creationTimestamp
      name: Age
      type: date
    name: v1
    schema:
      openAPIV3Schema:
        properties:
          deletionPolicy:
            enum:
            - Delete
            - Retain
            type: string
          driver:
            type: string
        required:
        - deletionPolicy
        - driver
        type: object
    served: true
    storage: true
    subresources: {}
  - name: v1beta1
    deprecated: true
    deprecationWarning: snapshot.storage.k8s.io/v1beta1 VolumeSnapshotClass is deprecated; use snapshot.storage.k8s.io/v1 VolumeSnapshotClass
    schema:
      openAPIV3Schema:
        type: object
        x-kubernetes-preserve-unknown-fields: true
    served: false
    storage: false
status:
  acceptedNames:
    kind: ""
    plural: ""
  conditions: []
  storedVersions: []
)";

TEST(CustomResourceDefinitionKindTest, DecodesTheSnapshotClassCrd) {
  auto m = MustDecode(kClassCrd);
  ASSERT_TRUE(m.issues.empty()) << ::testing::PrintToString(IssuePaths(m));
  auto crd = std::static_pointer_cast<CustomResourceDefinition>(m.object);
  EXPECT_EQ(crd->spec.group, "snapshot.storage.k8s.io");
  EXPECT_EQ(crd->spec.names.short_names, (std::vector<std::string>{"vsclass", "vsclasses"}));
  ASSERT_EQ(crd->spec.versions.size(), 2u);
  EXPECT_EQ(crd->spec.versions[0].additional_printer_columns[2].type, "date");
  EXPECT_TRUE(crd->spec.versions[0].schema["openAPIV3Schema"].is_object());
  EXPECT_TRUE(crd->spec.versions[1].deprecated);
  EXPECT_FALSE(crd->spec.versions[1].served);
  // Empty lists stay empty lists (not null) and versions keep served/storage false.
  Value v = m.object->ToValue();
  EXPECT_EQ(v["status"]["conditions"], Value::EmptyArray());
  EXPECT_EQ(*v["spec"]["versions"].as_array()[1].Find("storage"), Value(false));
  EXPECT_EQ(*v["spec"]["versions"].as_array()[0].Find("subresources"), Value::EmptyObject());
  EXPECT_EQ(v, ParseYaml(kClassCrd).value());
}

TEST(CustomResourceDefinitionKindTest, DefaultsNamesConversionAndStoredVersions) {
  auto m = MustDecode(R"(
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  names: {kind: Widget, plural: widgets}
  scope: Namespaced
  versions:
  - {name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object}}}
)");
  ASSERT_TRUE(m.issues.empty());
  Value before = m.object->ToValue();
  EXPECT_TRUE(before["status"]["conditions"].is_null());
  EXPECT_TRUE(before["status"]["storedVersions"].is_null());
  EXPECT_EQ(before["status"]["acceptedNames"], Value(Value::Object{{"kind", ""}, {"plural", ""}}));
  ApplyDefaults(*m.object, 30);
  auto crd = std::static_pointer_cast<CustomResourceDefinition>(m.object);
  EXPECT_EQ(crd->spec.names.singular, "widget");
  EXPECT_EQ(crd->spec.names.list_kind, "WidgetList");
  EXPECT_EQ(ToYaml(crd->spec.conversion), "strategy: None\n");
  EXPECT_EQ(crd->status.stored_versions, std::vector<std::string>{"v1"});
}

TEST(CustomResourceDefinitionKindTest, UnknownFieldsInTypedPartsAreReported) {
  auto m = MustDecode(R"(
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  names: {kind: Widget, plural: widgets, shortname: [w]}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    additionalPrinterColumns: [{name: A, type: string, jsonpath: .a}]
)");
  EXPECT_EQ(IssuePaths(m),
            (std::vector<std::string>{"spec.names.shortname",
                                      "spec.versions[0].additionalPrinterColumns[0].jsonpath"}));
  EXPECT_EQ(ResolveResource("crd"), &CustomResourceDefinition::Info());
  EXPECT_EQ(ResolveResource("crds"), &CustomResourceDefinition::Info());
  EXPECT_EQ(CustomResourceDefinition::Info().Resource(),
            "customresourcedefinitions.apiextensions.k8s.io");
}

}  // namespace
}  // namespace snapsim::api
