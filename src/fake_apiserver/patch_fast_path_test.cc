#include "src/fake_apiserver/patch_fast_path.h"

#include <gtest/gtest.h>

#include "src/api/kinds_core.h"
#include "src/api/kinds_snapshot.h"
#include "src/fake_apiserver/decode.h"
#include "src/fake_apiserver/patch_json.h"
#include "src/fake_apiserver/patch_merge.h"
#include "src/fake_apiserver/patch_test_util.h"

namespace snapsim::apiserver {
namespace {

using testing::Compact;
using testing::J;

// A stored content as csi-snapshotter sees it mid-creation.
api::MutableObjectPtr StoredContent(bool with_annotations) {
  auto obj = DecodeBody(J(R"({"apiVersion": "snapshot.storage.k8s.io/v1", "kind": "VolumeSnapshotContent",
    "metadata": {"name": "snapcontent-1", "uid": "u-1", "resourceVersion": "7",
                 "creationTimestamp": "2026-11-24T10:00:00Z",
                 "finalizers": ["snapshot.storage.kubernetes.io/volumesnapshotcontent-bound-protection", "x/y"]},
    "spec": {"deletionPolicy": "Delete", "driver": "diskplugin.csi.alibabacloud.com",
             "source": {"volumeHandle": "d-1"}, "volumeSnapshotClassName": "essd",
             "volumeSnapshotRef": {"name": "s", "namespace": "default", "uid": "v-1"}},
    "status": {"readyToUse": false, "error": {"message": "boom", "time": "2026-11-24T10:00:01Z"}}})"),
                        api::VolumeSnapshotContent::Info(), "v1");
  EXPECT_TRUE(obj.ok());
  if (with_annotations) {
    (*obj)->metadata.annotations = {{"a/b", "1"}, {"snapshot.storage.kubernetes.io/volumesnapshot-being-created", "yes"}};
  }
  return *obj;
}

enum class Engine { kJsonPatch, kMergePatch };

// What ApiServer::Patch's general path makes of `patch`: encode, patch, decode.
api::MutableObjectPtr GeneralPath(const api::Object& current, const api::Value& patch,
                                  FieldValidation validation = FieldValidation::kStrict,
                                  std::vector<std::string>* warnings = nullptr,
                                  Engine engine = Engine::kJsonPatch) {
  auto patched = engine == Engine::kJsonPatch ? ApplyJsonPatch(current.ToValue(), patch)
                                              : ApplyMergePatch(current.ToValue(), patch);
  if (!patched.ok()) return nullptr;
  auto obj = DecodeBody(*patched, current.kind_info(), "v1", validation, warnings);
  return obj.ok() ? *obj : nullptr;
}

// A stored content without any status yet.
api::MutableObjectPtr WithoutStatus() {
  auto c = StoredContent(false);
  c->ResetStatus();
  return c;
}

struct FastCase {
  const char* name;
  bool with_annotations;
  const char* patch;  // a JSON patch's operations, or a merge patch
};

// The fast result equals the general path's, and the stored object is left as it was.
void ExpectSameAsGeneralPath(const api::MutableObjectPtr& fast, const api::Object& current,
                             const api::Value& patch, bool with_annotations, Engine engine) {
  auto general = GeneralPath(current, patch, FieldValidation::kStrict, nullptr, engine);
  ASSERT_NE(fast, nullptr);
  ASSERT_NE(general, nullptr);
  EXPECT_EQ(Compact(fast->ToValue()), Compact(general->ToValue()));
  EXPECT_EQ(Compact(current.ToValue()), Compact(StoredContent(with_annotations)->ToValue()))
      << "the stored object must not change";
}

class MetadataFastPathTest : public ::testing::TestWithParam<FastCase> {};

TEST_P(MetadataFastPathTest, GivesWhatTheGeneralPathGives) {
  auto current = StoredContent(GetParam().with_annotations);
  api::Value ops = J(GetParam().patch);
  ExpectSameAsGeneralPath(TryMetadataJsonPatch(*current, ops), *current, ops, GetParam().with_annotations,
                          Engine::kJsonPatch);
}

INSTANTIATE_TEST_SUITE_P(
    Handled, MetadataFastPathTest,
    ::testing::Values(
        FastCase{"SetAnnotationsWhereThereWereNone", false,
                 R"([{"op": "replace", "path": "/metadata/annotations",
                      "value": {"snapshot.storage.kubernetes.io/volumesnapshot-being-created": "yes"}}])"},
        FastCase{"ReplaceAnnotations", true,
                 R"([{"op": "replace", "path": "/metadata/annotations", "value": {"a/b": "2", "c": ""}}])"},
        FastCase{"EmptyAnnotations", true, R"([{"op": "replace", "path": "/metadata/annotations", "value": {}}])"},
        FastCase{"RemoveAnEscapedAnnotation", true,
                 R"([{"op": "remove", "path": "/metadata/annotations/snapshot.storage.kubernetes.io~1volumesnapshot-being-created"}])"},
        FastCase{"RemoveTheLastTwoAnnotations", true,
                 R"([{"op": "remove", "path": "/metadata/annotations/a~1b"},
                     {"op": "remove", "path": "/metadata/annotations/snapshot.storage.kubernetes.io~1volumesnapshot-being-created"}])"},
        FastCase{"ReplaceFinalizers", false, R"([{"op": "replace", "path": "/metadata/finalizers", "value": ["x/y"]}])"},
        FastCase{"NoFinalizersLeft", true, R"([{"op": "replace", "path": "/metadata/finalizers", "value": []}])"},
        FastCase{"AnnotationsThenFinalizers", true,
                 R"([{"op": "replace", "path": "/metadata/annotations", "value": {"k": "v"}},
                     {"op": "replace", "path": "/metadata/finalizers", "value": ["a", "b", "a"]}])"}),
    [](const ::testing::TestParamInfo<FastCase>& i) { return std::string(i.param.name); });

// Everything else goes the general way, which owns the exact errors and quirks.
TEST(MetadataFastPathTest, DeclinesWhatItDoesNotModel) {
  auto current = StoredContent(true);
  for (const char* ops : {
           R"([])",
           R"({"op": "remove", "path": "/metadata/annotations/a~1b"})",
           R"([{"op": "remove", "path": "/metadata/annotations/missing"}])",
           R"([{"op": "remove", "path": "/metadata/annotations/a~2b"}])",
           R"([{"op": "remove", "path": "/metadata/annotations/a/b"}])",
           R"([{"op": "remove", "path": "/metadata/annotations"}])",
           R"([{"op": "add", "path": "/metadata/annotations/k", "value": "v"}])",
           R"([{"op": "replace", "path": "/metadata/annotations", "value": {"k": 1}}])",
           R"([{"op": "replace", "path": "/metadata/annotations", "value": null}])",
           R"([{"op": "replace", "path": "/metadata/finalizers", "value": ["a", 2]}])",
           R"([{"op": "replace", "path": "/metadata/labels", "value": {"k": "v"}}])",
           R"([{"op": "replace", "path": "/status/readyToUse", "value": true}])",
           R"([{"op": "test", "path": "/metadata/name", "value": "snapcontent-1"}])",
           R"([{"op": "replace", "path": "/metadata/finalizers", "value": [], "from": "/x"}])",
           R"([{"op": "replace", "path": "/metadata/finalizers", "value": []},
               {"op": "replace", "path": "/spec/deletionPolicy", "value": "Retain"}])",
       }) {
    EXPECT_EQ(TryMetadataJsonPatch(*current, J(ops)), nullptr) << ops;
  }
}

struct StatusCase {
  const char* name;
  bool has_status;
  const char* ops;
};

class StatusFastPathTest : public ::testing::TestWithParam<StatusCase> {};

TEST_P(StatusFastPathTest, GivesWhatTheGeneralPathGives) {
  auto current = GetParam().has_status ? StoredContent(true) : WithoutStatus();
  api::Value ops = J(GetParam().ops);
  auto fast = TryStatusJsonPatch(*current, ops, FieldValidation::kStrict, nullptr);
  auto general = GeneralPath(*current, ops);
  ASSERT_NE(fast, nullptr);
  ASSERT_NE(general, nullptr);
  EXPECT_EQ(Compact(fast->ToValue()), Compact(general->ToValue()));
}

INSTANTIATE_TEST_SUITE_P(
    Handled, StatusFastPathTest,
    ::testing::Values(
        StatusCase{"WriteTheFirstStatus", false,
                   R"([{"op": "replace", "path": "/status",
                        "value": {"snapshotHandle": "s-1", "readyToUse": true, "creationTime": 1700000000000000000,
                                  "restoreSize": 21474836480}}])"},
        StatusCase{"FirstErrorStatus", false,
                   R"([{"op": "replace", "path": "/status",
                        "value": {"readyToUse": false, "error": {"message": "m", "time": "2026-11-24T10:00:02Z"}}}])"},
        StatusCase{"ReplaceTheError", true,
                   R"([{"op": "replace", "path": "/status/error", "value": {"message": "again", "time": "2026-11-24T10:00:03Z"}},
                       {"op": "replace", "path": "/status/readyToUse", "value": false}])"},
        StatusCase{"ReplaceTheWholeStatus", true,
                   R"([{"op": "replace", "path": "/status", "value": {"snapshotHandle": "s-2", "readyToUse": true}}])"},
        StatusCase{"RemoveTheError", true, R"([{"op": "remove", "path": "/status/error"}])"},
        StatusCase{"RemoveTheStatus", true, R"([{"op": "remove", "path": "/status"}])"},
        StatusCase{"TestThenAdd", true,
                   R"([{"op": "test", "path": "/status/readyToUse", "value": false},
                       {"op": "add", "path": "/status/snapshotHandle", "value": "s-3"}])"}),
    [](const ::testing::TestParamInfo<StatusCase>& i) { return std::string(i.param.name); });

TEST(StatusFastPathTest, DeclinesWhatDoesNotApplyOrDecode) {
  auto current = StoredContent(true);
  auto bare = WithoutStatus();
  for (const char* ops : {
           R"([])",
           R"([{"op": "replace", "path": "/statusx", "value": 1}])",
           R"([{"op": "replace", "path": "/spec/deletionPolicy", "value": "Retain"}])",
           R"([{"op": "move", "from": "/status/error", "path": "/status/x"}])",
           R"([{"op": "copy", "from": "/spec", "path": "/status/x"}])",
           R"([{"op": "test", "path": "/status/readyToUse", "value": true}])",
           R"([{"op": "remove", "path": "/status/snapshotHandle"}])",
           R"([{"op": "replace", "path": "/status/readyToUse", "value": "yes"}])",
           R"([{"op": "replace", "path": "/status/unknownField", "value": 1}])",
           R"([{"op": "replace", "path": "/status/readyToUse", "value": true},
               {"op": "replace", "path": "/metadata/finalizers", "value": []}])",
       }) {
    EXPECT_EQ(TryStatusJsonPatch(*current, J(ops), FieldValidation::kStrict, nullptr), nullptr) << ops;
    // The general path refuses these too, or (the non-status ones) is the only one to take them.
  }
  EXPECT_EQ(TryStatusJsonPatch(*bare, J(R"([{"op": "replace", "path": "/status/error/message", "value": "m"}])"),
                               FieldValidation::kStrict, nullptr),
            nullptr);
}

TEST(StatusFastPathTest, WarnsAboutUnknownFieldsAsTheGeneralPathDoes) {
  auto current = StoredContent(true);
  api::Value ops = J(R"([{"op": "replace", "path": "/status/unknownField", "value": 1}])");
  std::vector<std::string> fast_warnings, general_warnings;
  auto fast = TryStatusJsonPatch(*current, ops, FieldValidation::kWarn, &fast_warnings);
  auto general = GeneralPath(*current, ops, FieldValidation::kWarn, &general_warnings);
  ASSERT_NE(fast, nullptr);
  ASSERT_NE(general, nullptr);
  EXPECT_EQ(Compact(fast->ToValue()), Compact(general->ToValue()));
  EXPECT_EQ(fast_warnings, general_warnings);
  EXPECT_EQ(fast_warnings, std::vector<std::string>{"unknown field \"status.unknownField\""});
}

TEST(StatusFastPathTest, KindsWithoutAStatusSubresourceTakeTheGeneralPath) {
  auto cm = DecodeBody(J(R"({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}})"),
                       api::ConfigMap::Info(), "v1");
  ASSERT_TRUE(cm.ok());
  EXPECT_EQ(TryStatusJsonPatch(**cm, J(R"([{"op": "add", "path": "/status", "value": {}}])"),
                               FieldValidation::kStrict, nullptr),
            nullptr);
}

class MergeFastPathTest : public ::testing::TestWithParam<FastCase> {};

TEST_P(MergeFastPathTest, GivesWhatTheGeneralPathGives) {
  auto current = StoredContent(GetParam().with_annotations);
  api::Value patch = J(GetParam().patch);
  auto fast = TryMetadataMergePatch(*current, patch);
  if (fast == nullptr) fast = TryStatusMergePatch(*current, patch, FieldValidation::kStrict, nullptr);
  ExpectSameAsGeneralPath(fast, *current, patch, GetParam().with_annotations, Engine::kMergePatch);
}

INSTANTIATE_TEST_SUITE_P(
    Handled, MergeFastPathTest,
    ::testing::Values(
        FastCase{"AddAFinalizer", false, R"({"metadata": {"finalizers": ["x/y", "external-attacher/diskplugin"]}})"},
        FastCase{"NoFinalizersLeft", true, R"({"metadata": {"finalizers": []}})"},
        FastCase{"NullFinalizers", true, R"({"metadata": {"finalizers": null}})"},
        FastCase{"AnnotationWhereThereWereNone", false, R"({"metadata": {"annotations": {"csi.alpha/node": "i-1"}}})"},
        FastCase{"MergeAnnotations", true, R"({"metadata": {"annotations": {"a/b": "2", "c": "3"}}})"},
        FastCase{"RemoveAnAnnotation", true, R"({"metadata": {"annotations": {"a/b": null}}})"},
        FastCase{"RemoveAMissingAnnotation", false, R"({"metadata": {"annotations": {"a/b": null}}})"},
        FastCase{"NullAnnotations", true, R"({"metadata": {"annotations": null}})"},
        FastCase{"FinalizersAndAnnotations", true,
                  R"({"metadata": {"finalizers": ["a", "a"], "annotations": {"k": "v", "a/b": null}}})"},
        FastCase{"SetStatusMembers", true, R"({"status": {"readyToUse": true, "snapshotHandle": "s-1"}})"},
        FastCase{"ClearTheError", true, R"({"status": {"error": null}})"},
        FastCase{"MergeIntoTheError", true, R"({"status": {"error": {"message": "again"}}})"},
        FastCase{"NullStatus", true, R"({"status": null})"},
        FastCase{"EmptyStatusPatch", true, R"({"status": {}})"}),
    [](const ::testing::TestParamInfo<FastCase>& i) { return std::string(i.param.name); });

TEST(MergeFastPathTest, DeclinesWhatItDoesNotModel) {
  auto current = StoredContent(true);
  for (const char* patch : {
           R"({})",
           R"([])",
           R"({"metadata": {}})",
           R"({"metadata": null})",
           R"({"metadata": {"labels": {"k": "v"}}})",
           R"({"metadata": {"finalizers": ["a", 2]}})",
           R"({"metadata": {"finalizers": "a"}})",
           R"({"metadata": {"annotations": {"k": 1}}})",
           R"({"metadata": {"annotations": ["k"]}})",
           R"({"metadata": {"finalizers": []}, "spec": {"deletionPolicy": "Retain"}})",
           R"({"metadata": {"finalizers": []}, "status": {"readyToUse": true}})",
       }) {
    EXPECT_EQ(TryMetadataMergePatch(*current, J(patch)), nullptr) << patch;
  }
  for (const char* patch : {
           R"({})",
           R"({"status": {"readyToUse": "yes"}})",
           R"({"status": {"unknownField": 1}})",
           R"({"status": {"readyToUse": true}, "metadata": {"finalizers": []}})",
           R"({"spec": {"deletionPolicy": "Retain"}})",
       }) {
    EXPECT_EQ(TryStatusMergePatch(*current, J(patch), FieldValidation::kStrict, nullptr), nullptr) << patch;
  }
  auto cm = DecodeBody(J(R"({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}})"),
                       api::ConfigMap::Info(), "v1");
  ASSERT_TRUE(cm.ok());
  EXPECT_EQ(TryStatusMergePatch(**cm, J(R"({"status": {}})"), FieldValidation::kStrict, nullptr), nullptr);
}

// A status merge patch is applied a member at a time; the outcome is the general path's,
// on a Node (whose status has many members the patches do not name) and on a content
// with no status yet.
TEST(MergeFastPathTest, StatusMembersOneAtATimeGiveWhatTheGeneralPathGives) {
  auto node = DecodeBody(J(R"({"apiVersion": "v1", "kind": "Node", "metadata": {"name": "n", "resourceVersion": "3"},
    "status": {"capacity": {"cpu": "4", "pods": "64"}, "allocatable": {"cpu": "3900m"},
               "conditions": [{"type": "Ready", "status": "True", "reason": "KubeletReady"}],
               "nodeInfo": {"kubeletVersion": "v1.30.1", "osImage": "Alibaba Cloud Linux"},
               "volumesInUse": ["kubernetes.io/csi/diskplugin.csi.alibabacloud.com^d-1"],
               "volumesAttached": [{"name": "kubernetes.io/csi/diskplugin.csi.alibabacloud.com^d-1",
                                    "devicePath": ""}]}})"),
                         api::Node::Info(), "v1");
  ASSERT_TRUE(node.ok());
  const std::string before = Compact((*node)->ToValue());
  for (const char* patch : {
           R"({"status": {"volumesInUse": ["a", "b"]}})",
           R"({"status": {"volumesInUse": null}})",
           R"({"status": {"volumesAttached": [{"name": "x", "devicePath": "/dev/vdb"}], "volumesInUse": []}})",
           R"({"status": {"nodeInfo": {"kubeletVersion": "v1.30.2", "osImage": null}}})",
           R"({"status": {"allocatable": {"cpu": "2", "memory": "1Gi"}}})",
           R"({"status": {"conditions": [{"type": "Ready", "status": "False", "message": null}]}})",
       }) {
    api::Value p = J(patch);
    auto fast = TryStatusMergePatch(**node, p, FieldValidation::kStrict, nullptr);
    auto general = GeneralPath(**node, p, FieldValidation::kStrict, nullptr, Engine::kMergePatch);
    ASSERT_NE(fast, nullptr) << patch;
    ASSERT_NE(general, nullptr) << patch;
    EXPECT_EQ(Compact(fast->ToValue()), Compact(general->ToValue())) << patch;
    EXPECT_EQ(Compact((*node)->ToValue()), before) << "the stored object must not change";
  }
  auto content = WithoutStatus();
  for (const char* patch : {R"({"status": {"readyToUse": true}})", R"({"status": {"error": null}})",
                            R"({"status": {}})"}) {
    api::Value p = J(patch);
    auto fast = TryStatusMergePatch(*content, p, FieldValidation::kStrict, nullptr);
    auto general = GeneralPath(*content, p, FieldValidation::kStrict, nullptr, Engine::kMergePatch);
    ASSERT_NE(fast, nullptr) << patch;
    ASSERT_NE(general, nullptr) << patch;
    EXPECT_EQ(Compact(fast->ToValue()), Compact(general->ToValue())) << patch;
  }
}

TEST(MergeFastPathTest, WarnsAboutUnknownStatusFieldsAsTheGeneralPathDoes) {
  auto current = StoredContent(true);
  api::Value patch = J(R"({"status": {"unknownField": 1, "readyToUse": true}})");
  std::vector<std::string> fast_warnings, general_warnings;
  auto fast = TryStatusMergePatch(*current, patch, FieldValidation::kWarn, &fast_warnings);
  auto general = GeneralPath(*current, patch, FieldValidation::kWarn, &general_warnings, Engine::kMergePatch);
  ASSERT_NE(fast, nullptr);
  ASSERT_NE(general, nullptr);
  EXPECT_EQ(Compact(fast->ToValue()), Compact(general->ToValue()));
  EXPECT_EQ(fast_warnings, general_warnings);
}

}  // namespace
}  // namespace snapsim::apiserver
