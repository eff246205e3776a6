#include "src/fake_apiserver/patch_fast_path.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "src/fake_apiserver/patch_json.h"
#include "src/fake_apiserver/patch_merge.h"

namespace snapsim::apiserver {
namespace {

constexpr std::string_view kAnnotations = "/metadata/annotations";
constexpr std::string_view kFinalizers = "/metadata/finalizers";

// One operation with exactly the members op, path and (optionally) value, all well typed.
struct ParsedOp {
  std::string_view op;
  std::string_view path;
  const api::Value* value;  // nullptr when absent
};
std::optional<ParsedOp> ParseOp(const api::Value& v) {
  if (!v.is_object()) return std::nullopt;
  const api::Value* op = v.Find("op");
  const api::Value* path = v.Find("path");
  const api::Value* value = v.Find("value");
  if (op == nullptr || !op->is_string() || path == nullptr || !path->is_string()) return std::nullopt;
  if (v.size() != (value != nullptr ? 3u : 2u)) return std::nullopt;  // from, or anything else
  return ParsedOp{op->as_string(), path->as_string(), value};
}

// The annotation key a remove path names: the one segment after "/metadata/annotations/",
// unescaped as the patch engine does; nullopt for any other path.
std::optional<std::string> AnnotationKey(std::string_view path) {
  if (path.size() <= kAnnotations.size() + 1 || path.substr(0, kAnnotations.size()) != kAnnotations ||
      path[kAnnotations.size()] != '/') {
    return std::nullopt;
  }
  std::string_view segment = path.substr(kAnnotations.size() + 1);
  if (segment.find('/') != std::string_view::npos) return std::nullopt;  // a deeper path
  return UnescapePointerSegment(segment);
}

// Applies one operation to `meta`; false when it is not one the fast path handles.
bool ApplyOne(const ParsedOp& op, api::ObjectMeta& meta) {
  if (op.op == "replace" && op.value != nullptr) {
    if (op.path == kAnnotations) {
      if (!op.value->is_object()) return false;
      std::map<std::string, std::string> out;
      for (const auto& [k, v] : op.value->as_object()) {
        if (!v.is_string()) return false;
        out.emplace(k, v.as_string());
      }
      meta.annotations = std::move(out);
      return true;
    }
    if (op.path == kFinalizers) {
      if (!op.value->is_array()) return false;
      std::vector<std::string> out;
      out.reserve(op.value->as_array().size());
      for (const auto& v : op.value->as_array()) {
        if (!v.is_string()) return false;
        out.push_back(v.as_string());
      }
      meta.finalizers = std::move(out);
      return true;
    }
    return false;
  }
  if (op.op == "remove" && op.value == nullptr) {
    auto key = AnnotationKey(op.path);
    return key && meta.annotations.erase(*key) == 1;
  }
  return false;
}

// An operation the status path takes: add, remove, replace or test at "/status" or below.
bool IsStatusOp(const ParsedOp& op) {
  if (op.op != "add" && op.op != "remove" && op.op != "replace" && op.op != "test") return false;
  return op.path == "/status" || op.path.substr(0, 8) == "/status/";
}

// The stored object with its status replaced by the one `patched` holds ({"status": ...}
// or {}), decoded as DecodeBody would; nullptr if it does not decode.
api::MutableObjectPtr WithPatchedStatus(const api::Object& current, const api::Value& patched,
                                        FieldValidation validation, std::vector<std::string>* warnings) {
  const api::KindInfo& kind = current.kind_info();
  std::vector<std::string> status_warnings;
  auto decoded = DecodeBody(patched, kind, kind.storage_version, validation, &status_warnings);
  if (!decoded.ok()) return nullptr;
  api::MutableObjectPtr copy = current.Clone();
  copy->CopyStatusFrom(**decoded);
  if (warnings != nullptr) warnings->insert(warnings->end(), status_warnings.begin(), status_warnings.end());
  return copy;
}

// The document as the general path sees it, but for the members a status patch cannot
// reach.
api::Value EncodedStatusOnly(const api::Object& current) {
  api::Value doc = api::Value::EmptyObject();
  if (auto status = current.EncodedMember("status")) doc["status"] = std::move(*status);
  return doc;
}

// A status merge patch a member at a time: each member `members` names is encoded,
// merged and decoded back into a clone; the rest of the status is copied as it is (a
// Node's status is mostly images, node info and conditions no controller's patch
// touches). nullptr for the general path: `members` not a non-empty object ({} may
// create an absent status), an unknown member or a bad value (the general path words it).
api::MutableObjectPtr WithStatusMembersMerged(const api::Object& current, const api::Value& members) {
  if (!members.is_object() || members.size() == 0) return nullptr;
  api::MutableObjectPtr copy = current.Clone();
  for (const auto& [name, member_patch] : members.as_object()) {
    // The merge of {name: now} and {name: patch}: upstream's semantics (nulls pruned
    // from what is added) on this member alone.
    api::Value doc = api::Value::EmptyObject();
    if (std::optional<api::Value> now = current.EncodedStatusMember(name)) doc[name] = std::move(*now);
    api::Value one = api::Value::EmptyObject();
    one[name] = member_patch;
    auto merged = ApplyMergePatch(doc, one);
    if (!merged.ok()) return nullptr;
    const api::Value* value = merged->Find(name);  // absent: the member is removed
    if (!copy->SetStatusMember(name, value != nullptr ? *value : api::Value())) return nullptr;
  }
  return copy;
}

// Applies one member of a metadata merge patch to `meta`; false when it is not one the
// fast path handles.
bool MergeOne(std::string_view key, const api::Value& value, api::ObjectMeta& meta) {
  if (key == "finalizers") {
    if (value.is_null()) {
      meta.finalizers.clear();
      return true;
    }
    if (!value.is_array()) return false;
    std::vector<std::string> out;
    out.reserve(value.as_array().size());
    for (const auto& v : value.as_array()) {
      if (!v.is_string()) return false;
      out.push_back(v.as_string());
    }
    meta.finalizers = std::move(out);
    return true;
  }
  if (key == "annotations") {
    if (value.is_null()) {
      meta.annotations.clear();
      return true;
    }
    if (!value.is_object()) return false;
    for (const auto& [k, v] : value.as_object()) {
      if (v.is_null()) {
        meta.annotations.erase(k);
      } else if (v.is_string()) {
        meta.annotations[k] = v.as_string();
      } else {
        return false;
      }
    }
    return true;
  }
  return false;
}

}  // namespace

api::MutableObjectPtr TryMetadataJsonPatch(const api::Object& current, const api::Value& ops) {
  if (!ops.is_array() || ops.as_array().empty()) return nullptr;
  api::MutableObjectPtr copy = current.Clone();
  for (const api::Value& v : ops.as_array()) {
    auto op = ParseOp(v);
    if (!op || !ApplyOne(*op, copy->metadata)) return nullptr;
  }
  return copy;
}

api::MutableObjectPtr TryStatusJsonPatch(const api::Object& current, const api::Value& ops,
                                         FieldValidation validation, std::vector<std::string>* warnings) {
  if (!current.kind_info().has_status || !ops.is_array() || ops.as_array().empty()) return nullptr;
  for (const api::Value& v : ops.as_array()) {
    auto op = ParseOp(v);
    if (!op || !IsStatusOp(*op)) return nullptr;
  }
  auto patched = ApplyJsonPatch(EncodedStatusOnly(current), ops);
  if (!patched.ok()) return nullptr;
  return WithPatchedStatus(current, *patched, validation, warnings);
}

api::MutableObjectPtr TryMetadataMergePatch(const api::Object& current, const api::Value& patch) {
  if (!patch.is_object() || patch.size() != 1) return nullptr;
  const api::Value* meta = patch.Find("metadata");
  if (meta == nullptr || !meta->is_object() || meta->size() == 0) return nullptr;
  api::MutableObjectPtr copy = current.Clone();
  for (const auto& [key, value] : meta->as_object()) {
    if (!MergeOne(key, value, copy->metadata)) return nullptr;
  }
  return copy;
}

api::MutableObjectPtr TryStatusMergePatch(const api::Object& current, const api::Value& patch,
                                          FieldValidation validation, std::vector<std::string>* warnings) {
  if (!current.kind_info().has_status || !patch.is_object() || patch.size() != 1 ||
      patch.Find("status") == nullptr) {
    return nullptr;
  }
  if (auto copy = WithStatusMembersMerged(current, *patch.Find("status"))) return copy;
  auto patched = ApplyMergePatch(EncodedStatusOnly(current), patch);
  if (!patched.ok()) return nullptr;
  return WithPatchedStatus(current, *patched, validation, warnings);
}

}  // namespace snapsim::apiserver
