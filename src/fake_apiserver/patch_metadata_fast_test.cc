#include "src/fake_apiserver/patch_metadata_fast.h"

#include <gtest/gtest.h>

#include "src/api/kinds_snapshot.h"
#include "src/fake_apiserver/decode.h"
#include "src/fake_apiserver/patch_json.h"
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

// What ApiServer::Patch's general path makes of `ops`: encode, patch, decode.
api::MutableObjectPtr GeneralPath(const api::Object& current, const api::Value& ops) {
  auto patched = ApplyJsonPatch(current.ToValue(), ops);
  if (!patched.ok()) return nullptr;
  auto obj = DecodeBody(*patched, current.kind_info(), "v1");
  return obj.ok() ? *obj : nullptr;
}

struct FastCase {
  const char* name;
  bool with_annotations;
  const char* ops;
};

class MetadataFastPathTest : public ::testing::TestWithParam<FastCase> {};

TEST_P(MetadataFastPathTest, GivesWhatTheGeneralPathGives) {
  auto current = StoredContent(GetParam().with_annotations);
  api::Value ops = J(GetParam().ops);
  auto fast = TryMetadataJsonPatch(*current, ops);
  auto general = GeneralPath(*current, ops);
  ASSERT_NE(fast, nullptr);
  ASSERT_NE(general, nullptr);
  EXPECT_EQ(Compact(fast->ToValue()), Compact(general->ToValue()));
  EXPECT_EQ(Compact(current->ToValue()), Compact(StoredContent(GetParam().with_annotations)->ToValue()))
      << "the stored object must not change";
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

}  // namespace
}  // namespace snapsim::apiserver
