#include "src/fake_apiserver/strategic_merge.h"

#include <gtest/gtest.h>

#include "src/fake_apiserver/patch_test_util.h"
#include "src/fake_apiserver/patch_util.h"

namespace snapsim::apiserver {
namespace {

using testing::Compact;
using testing::J;

struct SmpCase {
  const char* name;
  const char* kind;
  const char* doc;
  const char* patch;
  const char* want;  // compact JSON result, or the exact error message
  int http = 200;
};

class ApplyStrategicMergePatchTest : public ::testing::TestWithParam<SmpCase> {};

TEST_P(ApplyStrategicMergePatchTest, MatchesUpstream) {
  const SmpCase& c = GetParam();
  auto got = ApplyStrategicMergePatchForKind(J(c.doc), J(c.patch), c.kind);
  if (c.http != 200) {
    ASSERT_FALSE(got.ok()) << Compact(*got);
    EXPECT_EQ(got.status().message(), c.want);
    EXPECT_EQ(PatchErrorHttpCode(got.status()), c.http);
  } else {
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    EXPECT_EQ(Compact(*got), c.want);
  }
}

INSTANTIATE_TEST_SUITE_P(
    BuiltinKinds, ApplyStrategicMergePatchTest,
    ::testing::Values(
        SmpCase{
            "containers_merge_by_name", "Pod",
            R"({"spec":{"containers":[{"name":"a","image":"a:1"},{"name":"b","image":"b:1","tty":true}]}})",
            R"({"spec":{"containers":[{"name":"b","image":"b:2"}]}})",
            R"({"spec":{"containers":[{"image":"a:1","name":"a"},{"image":"b:2","name":"b","tty":true}]}})"},
        SmpCase{"new_item_without_order_goes_first", "Pod",
                R"({"spec":{"containers":[{"name":"a"}]}})",
                R"({"spec":{"containers":[{"name":"c"}]}})",
                R"({"spec":{"containers":[{"name":"c"},{"name":"a"}]}})"},
        SmpCase{
            "set_element_order_places_new_item", "Pod", R"({"spec":{"containers":[{"name":"a"}]}})",
            R"({"spec":{"$setElementOrder/containers":[{"name":"a"},{"name":"c"}],"containers":[{"name":"c"}]}})",
            R"({"spec":{"containers":[{"name":"a"},{"name":"c"}]}})"},
        SmpCase{"env_and_mounts_merge_inside_container", "Pod",
                R"({"spec":{"containers":[{"name":"a","env":[{"name":"X","value":"1"}],)"
                R"("volumeMounts":[{"mountPath":"/data","name":"d"}]}]}})",
                R"({"spec":{"containers":[{"name":"a","env":[{"name":"X","value":"2"}],)"
                R"("volumeMounts":[{"mountPath":"/data","readOnly":true}]}]}})",
                R"({"spec":{"containers":[{"env":[{"name":"X","value":"2"}],"name":"a",)"
                R"("volumeMounts":[{"mountPath":"/data","name":"d","readOnly":true}]}]}})"},
        SmpCase{"delete_directive_removes_item", "Pod",
                R"({"spec":{"containers":[{"name":"a"},{"name":"b"}]}})",
                R"({"spec":{"containers":[{"name":"b","$patch":"delete"}]}})",
                R"({"spec":{"containers":[{"name":"a"}]}})"},
        SmpCase{"replace_directive_replaces_list", "Pod",
                R"({"spec":{"containers":[{"name":"a"},{"name":"b"}]}})",
                R"({"spec":{"containers":[{"name":"z"},{"$patch":"replace"}]}})",
                R"({"spec":{"containers":[{"name":"z"}]}})"},
        SmpCase{"replace_directive_replaces_map", "Pod",
                R"({"metadata":{"labels":{"a":"1","b":"2"}}})",
                R"({"metadata":{"labels":{"$patch":"replace","c":"3"}}})",
                R"({"metadata":{"labels":{"c":"3"}}})"},
        SmpCase{"delete_directive_empties_map", "Pod",
                R"({"spec":{"securityContext":{"runAsUser":1}}})",
                R"({"spec":{"securityContext":{"$patch":"delete"}}})",
                R"({"spec":{"securityContext":{}}})"},
        SmpCase{"null_deletes_field", "PersistentVolumeClaim",
                R"({"metadata":{"labels":{"a":"1","b":"2"}}})",
                R"({"metadata":{"labels":{"a":null,"z":null}}})",
                R"({"metadata":{"labels":{"b":"2"}}})"},
        SmpCase{
            "finalizers_merge_as_set", "PersistentVolumeClaim",
            R"({"metadata":{"finalizers":["kubernetes.io/pvc-protection"]}})",
            R"({"metadata":{"finalizers":["example.com/hold","kubernetes.io/pvc-protection"]}})",
            R"({"metadata":{"finalizers":["example.com/hold","kubernetes.io/pvc-protection"]}})"},
        SmpCase{"finalizers_delete_from_primitive_list", "PersistentVolumeClaim",
                R"({"metadata":{"finalizers":["a.io/x","kubernetes.io/pvc-protection","b.io/y"]}})",
                R"({"metadata":{"$deleteFromPrimitiveList/finalizers":["a.io/x","not-there"]}})",
                R"({"metadata":{"finalizers":["kubernetes.io/pvc-protection","b.io/y"]}})"},
        SmpCase{"finalizers_set_element_order", "PersistentVolumeClaim",
                R"({"metadata":{"finalizers":["a","c"]}})",
                R"({"metadata":{"$setElementOrder/finalizers":["a","b","c"],"finalizers":["b"]}})",
                R"({"metadata":{"finalizers":["a","b","c"]}})"},
        SmpCase{
            "owner_references_merge_by_uid", "PersistentVolumeClaim",
            R"({"metadata":{"ownerReferences":[{"uid":"1","name":"x"},{"uid":"2","name":"y"}]}})",
            R"({"metadata":{"ownerReferences":[{"uid":"2","name":"z"}]}})",
            R"({"metadata":{"ownerReferences":[{"name":"x","uid":"1"},{"name":"z","uid":"2"}]}})"},
        SmpCase{"access_modes_are_atomic", "PersistentVolumeClaim",
                R"({"spec":{"accessModes":["ReadWriteOnce","ReadOnlyMany"]}})",
                R"({"spec":{"accessModes":["ReadWriteMany"]}})",
                R"({"spec":{"accessModes":["ReadWriteMany"]}})"},
        SmpCase{"tolerations_are_atomic", "Pod",
                R"({"spec":{"tolerations":[{"key":"a"},{"key":"b"}]}})",
                R"({"spec":{"tolerations":[{"key":"c"}]}})",
                R"({"spec":{"tolerations":[{"key":"c"}]}})"},
        SmpCase{"retain_keys_clears_other_volume_source", "Pod",
                R"({"spec":{"volumes":[{"name":"v","emptyDir":{}}]}})",
                R"({"spec":{"volumes":[{"name":"v","$retainKeys":["name","persistentVolumeClaim"],)"
                R"("persistentVolumeClaim":{"claimName":"c"}}]}})",
                R"({"spec":{"volumes":[{"name":"v","persistentVolumeClaim":{"claimName":"c"}}]}})"},
        SmpCase{
            "sts_template_containers_merge", "StatefulSet",
            R"({"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.14","ports":[{"containerPort":80}]}]}}}})",
            R"({"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.15"}]}}}})",
            R"({"spec":{"template":{"spec":{"containers":[{"image":"nginx:1.15","name":"nginx",)"
            R"("ports":[{"containerPort":80}]}]}}}})"},
        SmpCase{
            "sts_volume_claim_templates_are_atomic", "StatefulSet",
            R"({"spec":{"volumeClaimTemplates":[{"metadata":{"name":"a"}},{"metadata":{"name":"b"}}]}})",
            R"({"spec":{"volumeClaimTemplates":[{"metadata":{"name":"c"}}]}})",
            R"({"spec":{"volumeClaimTemplates":[{"metadata":{"name":"c"}}]}})"},
        SmpCase{
            "service_ports_merge_by_port", "Service",
            R"({"spec":{"ports":[{"port":80,"name":"http"},{"port":443,"name":"https"}]}})",
            R"({"spec":{"ports":[{"port":443,"targetPort":8443}]}})",
            R"({"spec":{"ports":[{"name":"http","port":80},{"name":"https","port":443,"targetPort":8443}]}})"},
        SmpCase{"status_conditions_merge_by_type", "PersistentVolumeClaim",
                R"({"status":{"conditions":[{"type":"Resizing","status":"True"}]}})",
                R"({"status":{"conditions":[{"type":"FileSystemResizePending","status":"True"}]}})",
                R"({"status":{"conditions":[{"status":"True","type":"FileSystemResizePending"},)"
                R"({"status":"True","type":"Resizing"}]}})"},
        SmpCase{"null_patch_is_noop", "Pod", R"({"a":1})", "null", R"({"a":1})"},
        // Errors: upstream's text and the apiserver's HTTP class.
        SmpCase{"missing_merge_key", "Pod", R"({"spec":{"containers":[{"name":"a"}]}})",
                R"({"spec":{"containers":[{"image":"x"}]}})",
                "map: map[image:x] does not contain declared merge key: name", 500},
        SmpCase{"merge_directive_in_list", "Pod", R"({"spec":{"containers":[{"name":"a"}]}})",
                R"({"spec":{"containers":[{"$patch":"merge"}]}})",
                "merging lists cannot yet be specified in the patch", 500},
        SmpCase{"merge_directive_on_map", "Pod", R"({"metadata":{"labels":{}}})",
                R"({"metadata":{"labels":{"$patch":"merge","a":"1"}}})",
                "unknown patch type: merge in map: map[$patch:merge a:1]", 500},
        SmpCase{"retain_keys_not_a_list", "Pod", R"({"spec":{"volumes":[{"name":"v"}]}})",
                R"({"spec":{"volumes":[{"name":"v","$retainKeys":"name"}]}})",
                "invalid patch format of retainKeys", 400},
        SmpCase{"patch_field_outside_retain_keys", "Pod", R"({"spec":{"volumes":[{"name":"v"}]}})",
                R"({"spec":{"volumes":[{"name":"v","$retainKeys":["name"],"emptyDir":{}}]}})",
                "invalid patch format of retainKeys", 400},
        SmpCase{"bad_delete_from_primitive_list_key", "Pod", R"({"metadata":{"finalizers":["a"]}})",
                R"({"metadata":{"$deleteFromPrimitiveListfinalizers":["a"]}})",
                "invalid patch format of primitive list", 400},
        SmpCase{"list_of_lists", "Pod", R"({"metadata":{"finalizers":[["a"]]}})",
                R"({"metadata":{"finalizers":[["b"]]}})", "lists of lists are not supported", 422},
        SmpCase{"set_element_order_mismatch", "Pod",
                R"({"spec":{"containers":[{"name":"a"},{"name":"b"}]}})",
                R"({"spec":{"$setElementOrder/containers":[{"name":"a"},{"name":"b"}],)"
                R"("containers":[{"name":"b"},{"name":"a"}]}})",
                "The order in patch list:\n[map[name:b] map[name:a]]\n doesn't match "
                "$setElementOrder list:\n"
                "[map[name:a] map[name:b]]\n",
                500},
        SmpCase{"patch_not_an_object", "Pod", R"({})", "[1]",
                "json: cannot unmarshal array into Go value of type map[string]interface {}", 400},
        SmpCase{"custom_resource_unsupported", "VolumeSnapshot", R"({})",
                R"({"metadata":{"labels":{"a":"b"}}})",
                "the body of the request was in an unknown format - accepted media types include: "
                "application/json-patch+json, application/merge-patch+json, "
                "application/apply-patch+yaml",
                415}),
    [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace snapsim::apiserver
