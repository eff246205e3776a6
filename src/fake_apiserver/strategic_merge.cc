#include "src/fake_apiserver/strategic_merge.h"

#include <fmt/format.h>

#include <string>
#include <utility>
#include <vector>

#include "src/fake_apiserver/patch_util.h"
#include "src/fake_apiserver/strategic_internal.h"

namespace snapsim::apiserver {
namespace strategic_internal {
namespace {

constexpr std::string_view kMapType = "map[string]interface {}";
constexpr std::string_view kSliceType = "[]interface {}";

void DiscardNullValues(Value& v) {
  if (v.is_object()) {
    auto& o = v.mutable_object();
    for (auto it = o.begin(); it != o.end();) {
      if (it->second.is_null()) {
        it = o.erase(it);
      } else {
        DiscardNullValues(it->second);
        ++it;
      }
    }
  } else if (v.is_array()) {
    for (Value& e : v.mutable_array()) DiscardNullValues(e);
  }
}

Result<Value::Object> HandleDirectiveInMergeMap(const Value& directive, Value::Object patch) {
  if (directive.is_string() && directive.as_string() == kReplaceDirective) {
    patch.erase(std::string(kDirectiveMarker));
    return patch;
  }
  if (directive.is_string() && directive.as_string() == kDeleteDirective) return Value::Object{};
  return ErrBadPatchType(directive, Value(std::move(patch)));
}

// extractKey: "<prefix>/<field>" -> field.
Result<std::string> ExtractKey(std::string_view s, std::string_view prefix) {
  std::size_t slash = s.find('/');
  if (slash == std::string_view::npos || s.substr(0, slash) != prefix) {
    if (prefix == kDeleteFromPrimitiveListPrefix) return ErrBadPatchFormatForPrimitiveList();
    return ErrBadPatchFormatForSetElementOrderList();
  }
  return std::string(s.substr(slash + 1));
}

Status ApplyRetainKeysDirective(Value::Object& original, Value::Object& patch,
                                const MergeOptions& options) {
  auto found = patch.find(kRetainKeysDirective);
  if (found == patch.end()) return Status::Ok();
  Value retain = std::move(found->second);
  patch.erase(found);
  if (!options.merge_parallel_list) {
    auto in_original = original.find(kRetainKeysDirective);
    if (in_original == original.end()) {
      original[std::string(kRetainKeysDirective)] = std::move(retain);
    } else if (!GoDeepEqual(in_original->second, retain)) {
      return Err(fmt::format(
          "{} and {} are not deep equal: this may happen when calculating the 3-way diff patch",
          GoString(in_original->second), GoString(retain)));
    }
    return Status::Ok();
  }
  if (!retain.is_array()) return ErrBadPatchFormatForRetainKeys();
  auto retained = [&](std::string_view k) {
    for (const Value& v : retain.as_array()) {
      if (v.is_string() && v.as_string() == k) return true;
    }
    return false;
  };
  for (const auto& [k, v] : patch) {
    if (v.is_null() || HasPrefix(k, kDeleteFromPrimitiveListPrefix) ||
        HasPrefix(k, kSetElementOrderPrefix))
      continue;
    if (!retained(k)) return ErrBadPatchFormatForRetainKeys();
  }
  for (auto it = original.begin(); it != original.end();) {
    it = retained(it->first) ? std::next(it) : original.erase(it);
  }
  return Status::Ok();
}

// validatePatchWithSetOrderList: the patch list's items appear in the
// $setElementOrder list, in the same relative order.
Status ValidatePatchWithSetOrderList(const Value::Array& patch_list, const Value::Array& set_order,
                                     std::string_view merge_key) {
  if (set_order.empty() || patch_list.empty()) return Status::Ok();
  Value::Array non_delete;
  if (!merge_key.empty()) {
    for (const Value& v : patch_list) {
      if (!v.is_object()) return ErrBadArgType(kMapType, v);
      const Value* d = v.Find(kDirectiveMarker);
      if (!(d != nullptr && d->is_string() && d->as_string() == kDeleteDirective))
        non_delete.push_back(v);
    }
  } else {
    non_delete = patch_list;
  }
  std::size_t p = 0, s = 0;
  while (p < non_delete.size() && s < set_order.size()) {
    if (non_delete[p].is_object() && non_delete[p].Find(kDirectiveMarker) != nullptr) {
      ++p;
      continue;
    }
    SNAPSIM_ASSIGN_OR_RETURN(bool equal,
                             MergeKeyValueEqual(non_delete[p], set_order[s], merge_key));
    if (equal) ++p;
    ++s;
  }
  if (p < non_delete.size() && s >= set_order.size()) {
    return Err(fmt::format("The order in patch list:\n{}\n doesn't match {} list:\n{}\n",
                           GoString(Value(patch_list)), kSetElementOrderPrefix,
                           GoString(Value(set_order))));
  }
  return Status::Ok();
}

// mergePatchIntoOriginal: handles every $setElementOrder/<f> together with list <f>.
Status MergePatchIntoOriginal(Value::Object& original, Value::Object& patch, const Node& schema,
                              const MergeOptions& options) {
  std::vector<std::string> keys;
  for (const auto& [k, v] : patch) {
    if (HasPrefix(k, kSetElementOrderPrefix)) keys.push_back(k);
  }
  for (const std::string& key : keys) {
    Value order = patch[key];
    if (!options.merge_parallel_list) {
      auto in_original = original.find(key);
      if (in_original == original.end()) {
        original[key] = order;
      } else if (!GoDeepEqual(in_original->second, order)) {
        return ErrBadPatchFormatForSetElementOrderList();
      }
    }
    patch.erase(key);
    if (!order.is_array()) return ErrBadArgType(kSliceType, order);
    SNAPSIM_ASSIGN_OR_RETURN(std::string field, ExtractKey(key, kSetElementOrderPrefix));
    auto orig_it = original.find(field);
    auto patch_it = patch.find(field);
    bool found_original = orig_it != original.end();
    bool found_patch = patch_it != patch.end();
    Value::Array original_list, patch_list;
    if (found_original) {
      if (!orig_it->second.is_array()) return ErrBadArgType(kSliceType, orig_it->second);
      original_list = orig_it->second.as_array();
    }
    if (found_patch) {
      if (!patch_it->second.is_array()) return ErrBadArgType(kSliceType, patch_it->second);
      patch_list = patch_it->second.as_array();
    }
    auto [subschema, meta] = schema.Lookup(field);
    SNAPSIM_ASSIGN_OR_RETURN(auto strategy, ExtractRetainKeysPatchStrategy(meta));
    SNAPSIM_RETURN_IF_ERROR(
        ValidatePatchWithSetOrderList(patch_list, order.as_array(), meta.merge_key));
    Value::Array merged;
    if (found_original && !found_patch) {
      merged = original_list;
    } else if (!found_original && found_patch) {
      merged = RemoveDirectives(Value(patch_list)).first.as_array();
    } else if (found_original && found_patch) {
      SNAPSIM_ASSIGN_OR_RETURN(
          merged, MergeSliceHandler(original_list, patch_list, subschema, strategy.second,
                                    meta.merge_key, false, options));
      if (strategy.second == kMergeDirective && !meta.merge_key.empty()) {
        original_list =
            AliasedOriginalAfterMerge(std::move(original_list), patch_list, meta.merge_key);
      }
    } else {
      continue;
    }
    SNAPSIM_ASSIGN_OR_RETURN(auto parts, Partition(merged, order.as_array(), meta.merge_key));
    SNAPSIM_ASSIGN_OR_RETURN(Value::Type t, SliceElementType({&original_list, &patch_list}));
    SNAPSIM_ASSIGN_OR_RETURN(
        Value::Array both,
        NormalizeElementOrder(std::move(parts.first), std::move(parts.second), order.as_array(),
                              original_list, meta.merge_key, t == Value::Type::kObject));
    original[field] = Value(std::move(both));
    patch.erase(field);
  }
  return Status::Ok();
}

// Sets original[k] to the patch value with directives removed (or drops k).
void TakePatchValue(Value::Object& original, const std::string& k, Value patch_value,
                    const MergeOptions& options) {
  if (options.ignore_unmatched_nulls) DiscardNullValues(patch_value);
  auto [v, keep] = RemoveDirectives(std::move(patch_value));
  if (keep) {
    original[k] = std::move(v);
  } else {
    original.erase(k);
  }
}

}  // namespace

std::pair<Value, bool> RemoveDirectives(Value v) {
  if (v.is_object()) {
    if (v.Find(kDirectiveMarker) != nullptr) return {Value(), false};
    auto& o = v.mutable_object();
    for (auto it = o.begin(); it != o.end();) {
      auto [nv, keep] = RemoveDirectives(std::move(it->second));
      if (keep) {
        it->second = std::move(nv);
        ++it;
      } else {
        it = o.erase(it);
      }
    }
  } else if (v.is_array()) {
    Value::Array res;
    for (Value& e : v.mutable_array()) {
      auto [nv, keep] = RemoveDirectives(std::move(e));
      if (keep) res.push_back(std::move(nv));
    }
    return {Value(std::move(res)), true};
  }
  return {std::move(v), true};
}

Result<Value::Object> MergeMap(Value::Object original, Value::Object patch, const Node& schema,
                               const MergeOptions& options) {
  if (auto d = patch.find(kDirectiveMarker); d != patch.end()) {
    Value directive = d->second;
    return HandleDirectiveInMergeMap(directive, std::move(patch));
  }
  SNAPSIM_RETURN_IF_ERROR(ApplyRetainKeysDirective(original, patch, options));
  SNAPSIM_RETURN_IF_ERROR(MergePatchIntoOriginal(original, patch, schema, options));

  for (auto& [patch_key, patch_value] : patch) {
    std::string k = patch_key;
    bool is_delete_list = false;
    if (HasPrefix(k, kDeleteFromPrimitiveListPrefix)) {
      if (!options.merge_parallel_list) {
        original[k] = patch_value;
        continue;
      }
      SNAPSIM_ASSIGN_OR_RETURN(k, ExtractKey(k, kDeleteFromPrimitiveListPrefix));
      is_delete_list = true;
    }
    if (patch_value.is_null()) {
      original.erase(k);
      if (options.ignore_unmatched_nulls) continue;
    }
    auto it = original.find(k);
    if (it == original.end() || it->second.type() != patch_value.type()) {
      if (!is_delete_list) TakePatchValue(original, k, patch_value, options);
      continue;
    }
    if (patch_value.is_object()) {
      auto [subschema, meta] = schema.Lookup(k);
      SNAPSIM_ASSIGN_OR_RETURN(auto strategy, ExtractRetainKeysPatchStrategy(meta));
      if (strategy.second == kReplaceDirective) {
        it->second = patch_value;
      } else {
        SNAPSIM_ASSIGN_OR_RETURN(
            Value::Object m,
            MergeMap(it->second.as_object(), patch_value.as_object(), subschema, options));
        it->second = Value(std::move(m));
      }
    } else if (patch_value.is_array()) {
      auto [subschema, meta] = schema.Lookup(k);
      SNAPSIM_ASSIGN_OR_RETURN(auto strategy, ExtractRetainKeysPatchStrategy(meta));
      SNAPSIM_ASSIGN_OR_RETURN(
          Value::Array merged,
          MergeSliceHandler(it->second.as_array(), patch_value.as_array(), subschema,
                            strategy.second, meta.merge_key, is_delete_list, options));
      it->second = Value(std::move(merged));
    } else {
      auto [v, keep] = RemoveDirectives(patch_value);
      if (keep) {
        it->second = std::move(v);
      } else {
        original.erase(it);
      }
    }
  }
  return original;
}

}  // namespace strategic_internal

Result<api::Value> ApplyStrategicMergePatch(const api::Value& doc, const api::Value& patch,
                                            const StrategicSchema& schema) {
  using strategic_internal::MergeOptions;
  if (!doc.is_object()) return strategic_internal::ErrBadJsonDoc();
  if (patch.is_null()) return doc;
  if (!patch.is_object()) {
    return Status::InvalidArgument(
        fmt::format("json: cannot unmarshal {} into Go value of type map[string]interface {{}}",
                    patch.TypeName()));
  }
  MergeOptions options{.merge_parallel_list = true, .ignore_unmatched_nulls = true};
  SNAPSIM_ASSIGN_OR_RETURN(
      api::Value::Object merged,
      strategic_internal::MergeMap(doc.as_object(), patch.as_object(), schema.Root(), options));
  return api::Value(std::move(merged));
}

Result<api::Value> ApplyStrategicMergePatchForKind(const api::Value& doc, const api::Value& patch,
                                                   std::string_view kind) {
  if (!SupportsStrategicMergePatch(kind))
    return Status::Unsupported(StrategicMergeUnsupportedMessage());
  return ApplyStrategicMergePatch(doc, patch, StrategicSchemaFor(kind));
}

}  // namespace snapsim::apiserver
