#include "src/fake_apiserver/apply_patch.h"

#include <string>
#include <utility>

#include "src/api/json.h"
#include "src/fake_apiserver/patch_merge.h"
#include "src/fake_apiserver/strategic_diff.h"

namespace snapsim::apiserver {

using api::Value;

Result<ApplyPatch> ComputeApplyPatch(const Value& last_applied, const Value& modified,
                                     const Value& live, bool strategic,
                                     const StrategicSchema* schema) {
  ApplyPatch out;
  if (strategic) {
    static const StrategicSchema kEmpty;
    SNAPSIM_ASSIGN_OR_RETURN(
        out.patch, CreateThreeWayStrategicMergePatch(last_applied, modified, live,
                                                     schema != nullptr ? *schema : kEmpty));
    out.content_type = std::string(kStrategicMergePatchContentType);
  } else {
    SNAPSIM_ASSIGN_OR_RETURN(out.patch, CreateThreeWayJsonMergePatch(last_applied, modified, live));
    const Value* meta = out.patch.Find("metadata");
    if (out.patch.Find("apiVersion") != nullptr || out.patch.Find("kind") != nullptr ||
        (meta != nullptr && meta->Find("name") != nullptr)) {
      return Status::InvalidArgument("At least one of apiVersion, kind and name was changed");
    }
    out.content_type = std::string(kMergePatchContentType);
  }
  out.empty = out.patch.size() == 0;
  return out;
}

Value ModifiedConfiguration(const Value& manifest) {
  const Value* existing = manifest.Find("metadata");
  if (!manifest.is_object() || (existing != nullptr && !existing->is_object())) return manifest;
  Value obj = manifest;
  Value& metadata = obj["metadata"];
  Value annotations = Value::EmptyObject();
  if (const Value* a = metadata.Find("annotations"); a != nullptr && a->is_object())
    annotations = *a;
  annotations.Erase(kLastAppliedConfigAnnotation);
  metadata["annotations"] = annotations;
  std::string json = api::ToJson(obj, {.indent = "", .escape_html = true}) + "\n";
  metadata["annotations"][kLastAppliedConfigAnnotation] = std::move(json);
  return obj;
}

Result<Value> OriginalConfiguration(const Value& live, bool strategic) {
  const Value* meta = live.Find("metadata");
  const Value* annotations = meta == nullptr ? nullptr : meta->Find("annotations");
  const Value* original =
      annotations == nullptr ? nullptr : annotations->Find(kLastAppliedConfigAnnotation);
  if (original == nullptr || !original->is_string() || original->as_string().empty())
    return Value();
  auto parsed = api::ParseJson(original->as_string());
  if (parsed.ok() && (parsed->is_null() || parsed->is_object())) return *parsed;
  return Status::InvalidArgument(strategic ? "invalid JSON document" : "Invalid JSON Document");
}

}  // namespace snapsim::apiserver
