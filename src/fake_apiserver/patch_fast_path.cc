#include "src/fake_apiserver/patch_fast_path.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "src/fake_apiserver/patch_json.h"

namespace snapsim::apiserver {
namespace {

constexpr std::string_view kAnnotations = "/metadata/annotations";
constexpr std::string_view kFinalizers = "/metadata/finalizers";

// The one JSON pointer segment after "/metadata/annotations/", unescaped; nullopt if
// the path is not exactly that or the escapes are not ~0 / ~1.
std::optional<std::string> AnnotationKey(std::string_view path) {
  if (path.size() <= kAnnotations.size() + 1 || path.substr(0, kAnnotations.size()) != kAnnotations ||
      path[kAnnotations.size()] != '/') {
    return std::nullopt;
  }
  std::string_view seg = path.substr(kAnnotations.size() + 1);
  std::string key;
  key.reserve(seg.size());
  for (std::size_t i = 0; i < seg.size(); ++i) {
    char c = seg[i];
    if (c == '/') return std::nullopt;  // a deeper path
    if (c == '~') {
      if (i + 1 == seg.size()) return std::nullopt;
      char e = seg[++i];
      if (e == '0') {
        key += '~';
      } else if (e == '1') {
        key += '/';
      } else {
        return std::nullopt;
      }
    } else {
      key += c;
    }
  }
  return key;
}

// Applies one operation to `meta`; false when it is not one the fast path handles.
bool ApplyOne(const api::Value& op, api::ObjectMeta& meta) {
  if (!op.is_object() || op.size() > 3) return false;
  const api::Value* kind = op.Find("op");
  const api::Value* path = op.Find("path");
  if (kind == nullptr || !kind->is_string() || path == nullptr || !path->is_string()) return false;
  const std::string& p = path->as_string();
  const api::Value* value = op.Find("value");
  if (kind->as_string() == "replace" && value != nullptr && op.size() == 3) {
    if (p == kAnnotations) {
      if (!value->is_object()) return false;
      std::map<std::string, std::string> out;
      for (const auto& [k, v] : value->as_object()) {
        if (!v.is_string()) return false;
        out.emplace(k, v.as_string());
      }
      meta.annotations = std::move(out);
      return true;
    }
    if (p == kFinalizers) {
      if (!value->is_array()) return false;
      std::vector<std::string> out;
      out.reserve(value->as_array().size());
      for (const auto& v : value->as_array()) {
        if (!v.is_string()) return false;
        out.push_back(v.as_string());
      }
      meta.finalizers = std::move(out);
      return true;
    }
    return false;
  }
  if (kind->as_string() == "remove" && value == nullptr && op.size() == 2) {
    auto key = AnnotationKey(p);
    if (!key) return false;
    return meta.annotations.erase(*key) == 1;
  }
  return false;
}

}  // namespace

api::MutableObjectPtr TryMetadataJsonPatch(const api::Object& current, const api::Value& ops) {
  if (!ops.is_array() || ops.as_array().empty()) return nullptr;
  api::MutableObjectPtr copy = current.Clone();
  for (const api::Value& op : ops.as_array()) {
    if (!ApplyOne(op, copy->metadata)) return nullptr;
  }
  return copy;
}

namespace {

// An operation the status path takes: add/remove/replace/test at "/status" or below, and
// no other member than op, path and value.
bool IsStatusOp(const api::Value& op) {
  if (!op.is_object()) return false;
  const api::Value* kind = op.Find("op");
  const api::Value* path = op.Find("path");
  if (kind == nullptr || !kind->is_string() || path == nullptr || !path->is_string()) return false;
  const std::string& k = kind->as_string();
  if (k != "add" && k != "remove" && k != "replace" && k != "test") return false;
  const std::size_t members = op.Find("value") != nullptr ? 3 : 2;
  if (op.size() != members) return false;
  std::string_view p = path->as_string();
  return p == "/status" || p.substr(0, 8) == "/status/";
}

}  // namespace

api::MutableObjectPtr TryStatusJsonPatch(const api::Object& current, const api::Value& ops,
                                         FieldValidation validation, std::vector<std::string>* warnings) {
  if (!current.kind_info().has_status || !ops.is_array() || ops.as_array().empty()) return nullptr;
  for (const api::Value& op : ops.as_array()) {
    if (!IsStatusOp(op)) return nullptr;
  }
  // The document as the general path sees it, but for the members the paths cannot reach.
  api::Value doc = api::Value::EmptyObject();
  if (auto status = current.EncodedMember("status")) doc["status"] = std::move(*status);
  auto patched = ApplyJsonPatch(std::move(doc), ops);
  if (!patched.ok()) return nullptr;
  const api::KindInfo& kind = current.kind_info();
  std::vector<std::string> status_warnings;
  auto decoded = DecodeBody(*patched, kind, kind.storage_version, validation, &status_warnings);
  if (!decoded.ok()) return nullptr;
  api::MutableObjectPtr copy = current.Clone();
  copy->CopyStatusFrom(**decoded);
  if (warnings != nullptr) warnings->insert(warnings->end(), status_warnings.begin(), status_warnings.end());
  return copy;
}

}  // namespace snapsim::apiserver
