#include "src/fake_apiserver/strategic_diff.h"

#include <fmt/format.h>

#include <string>
#include <tuple>
#include <utility>

#include "src/fake_apiserver/patch_util.h"
#include "src/fake_apiserver/strategic_internal.h"

namespace snapsim::apiserver {
namespace strategic_internal {
namespace {

struct DiffOptions {
  bool set_element_order = false;             // generate $setElementOrder lists
  bool ignore_changes_and_additions = false;  // keep only deletions
  bool ignore_deletions = false;              // keep only changes and additions
  bool build_retain_keys_directive = false;   // emit $retainKeys (retainKeys fields)
};

struct ListDiff {
  Value::Array patch;
  Value::Array deletions;  // $deleteFromPrimitiveList values
  Value::Array order;      // $setElementOrder list
};

Result<Value::Object> DiffMaps(const Value::Object& original, const Value::Object& modified,
                               const Node& schema, DiffOptions options);

void ReplaceIfNotEqual(const std::string& key, const Value& original, const Value& modified,
                       Value::Object& patch, const DiffOptions& options) {
  if (options.ignore_changes_and_additions || GoDeepEqual(original, modified)) return;
  patch[key] = modified;
}

// Element `i` of a list of maps and its merge key value.
Result<std::pair<const Value*, const Value*>> MapAndKey(const Value::Array& l, std::size_t i,
                                                        std::string_view merge_key) {
  if (!l[i].is_object()) return ErrBadArgType("map[string]interface {}", l[i]);
  const Value* key = l[i].Find(merge_key);
  if (key == nullptr) return ErrNoMergeKey(l[i], merge_key);
  return std::pair<const Value*, const Value*>{&l[i], key};
}

// diffListsOfMaps: changed/added items, and delete directives for removed ones.
Status DiffListsOfMaps(const Value::Array& original, const Value::Array& modified,
                       const Node& schema, std::string_view merge_key, const DiffOptions& options,
                       ListDiff& out) {
  SNAPSIM_ASSIGN_OR_RETURN(Value::Array orig, SortMergeListByKey(original, merge_key));
  SNAPSIM_ASSIGN_OR_RETURN(Value::Array mod, SortMergeListByKey(modified, merge_key));
  std::size_t oi = 0, mi = 0;
  while (oi < orig.size() || mi < mod.size()) {
    const Value *o = nullptr, *ok = nullptr, *m = nullptr, *mk = nullptr;
    std::string os, ms;
    if (oi < orig.size()) {
      SNAPSIM_ASSIGN_OR_RETURN(std::tie(o, ok), MapAndKey(orig, oi, merge_key));
      os = GoString(*ok);
    }
    if (mi < mod.size()) {
      SNAPSIM_ASSIGN_OR_RETURN(std::tie(m, mk), MapAndKey(mod, mi, merge_key));
      ms = GoString(*mk);
    }
    bool both = o != nullptr && m != nullptr;
    if (both && os == ms) {
      SNAPSIM_ASSIGN_OR_RETURN(Value::Object pv,
                               DiffMaps(o->as_object(), m->as_object(), schema, options));
      if (!pv.empty()) {
        pv[std::string(merge_key)] = *mk;
        out.patch.push_back(Value(std::move(pv)));
      }
      ++oi;
      ++mi;
    } else if (o == nullptr || (both && os > ms)) {
      if (!options.ignore_changes_and_additions) out.patch.push_back(*m);
      ++mi;
    } else {
      if (!options.ignore_deletions) {
        Value del = Value::EmptyObject();
        del[merge_key] = *ok;
        del[kDirectiveMarker] = std::string(kDeleteDirective);
        out.deletions.push_back(std::move(del));
      }
      ++oi;
    }
  }
  return Status::Ok();
}

// diffListsOfScalars: added values and (deduplicated) removed values.
void DiffListsOfScalars(const Value::Array& sorted_original, const Value::Array& modified,
                        const DiffOptions& options, ListDiff& out) {
  Value::Array mod = SortScalars(modified);
  std::size_t oi = 0, mi = 0;
  Value::Array deletions;
  while (oi < sorted_original.size() || mi < mod.size()) {
    bool o_in = oi < sorted_original.size(), m_in = mi < mod.size();
    std::string os = o_in ? GoString(sorted_original[oi]) : "";
    std::string ms = m_in ? GoString(mod[mi]) : "";
    if (o_in && m_in && os == ms) {
      ++oi;
      ++mi;
    } else if (!o_in || (m_in && os > ms)) {
      if (!options.ignore_changes_and_additions) out.patch.push_back(mod[mi]);
      ++mi;
    } else {
      if (!options.ignore_deletions) deletions.push_back(sorted_original[oi]);
      ++oi;
    }
  }
  out.deletions = DeduplicateScalars(std::move(deletions));
}

Result<ListDiff> DiffLists(const Value::Array& original, const Value::Array& modified,
                           const Node& schema, std::string_view merge_key,
                           const DiffOptions& options) {
  ListDiff out;
  if (original.empty()) {
    if (!modified.empty() && !options.ignore_changes_and_additions) out.patch = modified;
    return out;
  }
  SNAPSIM_ASSIGN_OR_RETURN(Value::Type t, SliceElementType({&original, &modified}));
  if (t == Value::Type::kArray) return ErrNoListOfLists();
  if (t == Value::Type::kObject) {
    SNAPSIM_RETURN_IF_ERROR(DiffListsOfMaps(original, modified, schema, merge_key, options, out));
    SNAPSIM_ASSIGN_OR_RETURN(out.patch,
                             NormalizeSliceOrder(std::move(out.patch), modified, merge_key, true));
    bool order_same = original.size() == modified.size();
    for (std::size_t i = 0; order_same && i < modified.size(); ++i) {
      SNAPSIM_ASSIGN_OR_RETURN(order_same, MergeKeyValueEqual(original[i], modified[i], merge_key));
    }
    for (Value& d : out.deletions) out.patch.push_back(std::move(d));
    out.deletions.clear();
    bool changed = !out.patch.empty();
    if (options.set_element_order &&
        ((!options.ignore_changes_and_additions && (changed || !order_same)) ||
         (!options.ignore_deletions && changed))) {
      for (const Value& v : modified) {
        Value item = Value::EmptyObject();
        const Value* key = v.Find(merge_key);
        item[merge_key] = key == nullptr ? Value() : *key;
        out.order.push_back(std::move(item));
      }
    }
    return out;
  }
  // Upstream sorts the original list in place here and compares the sorted copy
  // with the new config below.
  Value::Array sorted_original = SortScalars(original);
  DiffListsOfScalars(sorted_original, modified, options, out);
  SNAPSIM_ASSIGN_OR_RETURN(out.patch,
                           NormalizeSliceOrder(std::move(out.patch), modified, merge_key, false));
  if (options.set_element_order && ((!options.ignore_deletions && !out.deletions.empty()) ||
                                    (!options.ignore_changes_and_additions &&
                                     !GoDeepEqual(Value(sorted_original), Value(modified))))) {
    out.order = modified;
  }
  return out;
}

Status HandleMapDiff(const std::string& key, const Value& original, const Value& modified,
                     Value::Object& patch, const Node& schema, DiffOptions options) {
  auto [subschema, meta] = schema.Lookup(key);
  SNAPSIM_ASSIGN_OR_RETURN(auto strategy, ExtractRetainKeysPatchStrategy(meta));
  options.build_retain_keys_directive = strategy.first;
  if (strategy.second == kReplaceDirective) {
    if (!options.ignore_changes_and_additions) patch[key] = modified;
    return Status::Ok();
  }
  SNAPSIM_ASSIGN_OR_RETURN(
      Value::Object pv, DiffMaps(original.as_object(), modified.as_object(), subschema, options));
  if (!pv.empty()) patch[key] = Value(std::move(pv));
  return Status::Ok();
}

Status HandleSliceDiff(const std::string& key, const Value& original, const Value& modified,
                       Value::Object& patch, const Node& schema, DiffOptions options) {
  auto [subschema, meta] = schema.Lookup(key);
  SNAPSIM_ASSIGN_OR_RETURN(auto strategy, ExtractRetainKeysPatchStrategy(meta));
  if (strategy.second != kMergeDirective) {
    ReplaceIfNotEqual(key, original, modified, patch, options);
    return Status::Ok();
  }
  options.build_retain_keys_directive = strategy.first;
  SNAPSIM_ASSIGN_OR_RETURN(ListDiff d, DiffLists(original.as_array(), modified.as_array(),
                                                 subschema, meta.merge_key, options));
  if (!d.patch.empty()) patch[key] = Value(std::move(d.patch));
  if (!d.deletions.empty()) {
    patch[fmt::format("{}/{}", kDeleteFromPrimitiveListPrefix, key)] =
        Value(std::move(d.deletions));
  }
  if (!d.order.empty())
    patch[fmt::format("{}/{}", kSetElementOrderPrefix, key)] = Value(std::move(d.order));
  return Status::Ok();
}

Result<Value::Object> DiffMaps(const Value::Object& original, const Value::Object& modified,
                               const Node& schema, DiffOptions options) {
  Value::Object patch;
  Value::Array retain_keys;
  for (const auto& [key, mv] : modified) {
    if (options.build_retain_keys_directive && !mv.is_null()) retain_keys.push_back(key);
    auto it = original.find(key);
    if (it == original.end()) {
      if (!options.ignore_changes_and_additions) patch[key] = mv;
      continue;
    }
    const Value& ov = it->second;
    if (key == kDirectiveMarker) {
      if (!ov.is_string() || !mv.is_string())
        return Err(fmt::format("invalid value for special key: {}", key));
      if (ov.as_string() != mv.as_string()) patch[key] = mv;
      continue;
    }
    if (ov.type() != mv.type()) {
      if (!options.ignore_changes_and_additions) patch[key] = mv;
      continue;
    }
    if (ov.is_object()) {
      SNAPSIM_RETURN_IF_ERROR(HandleMapDiff(key, ov, mv, patch, schema, options));
    } else if (ov.is_array()) {
      SNAPSIM_RETURN_IF_ERROR(HandleSliceDiff(key, ov, mv, patch, schema, options));
    } else {
      ReplaceIfNotEqual(key, ov, mv, patch, options);
    }
  }
  if (!options.ignore_deletions) {
    for (const auto& [key, ov] : original) {
      if (modified.find(key) == modified.end()) patch[key] = Value();
    }
  }
  bool additional_field = false;
  for (const auto& [key, ov] : original) {
    if (!ov.is_null() && modified.find(key) == modified.end()) additional_field = true;
  }
  if (!retain_keys.empty() && (!patch.empty() || additional_field)) {
    patch[std::string(kRetainKeysDirective)] = Value(SortScalars(std::move(retain_keys)));
  }
  return patch;
}

Result<Value::Object> AsObject(const Value& v) {
  if (v.is_null()) return Value::Object{};
  if (!v.is_object()) return ErrBadJsonDoc();
  return v.as_object();
}

}  // namespace
}  // namespace strategic_internal

Result<api::Value> CreateTwoWayStrategicMergePatch(const api::Value& original,
                                                   const api::Value& modified,
                                                   const StrategicSchema& schema) {
  using namespace strategic_internal;  // NOLINT(build/namespaces)
  SNAPSIM_ASSIGN_OR_RETURN(Value::Object o, AsObject(original));
  SNAPSIM_ASSIGN_OR_RETURN(Value::Object m, AsObject(modified));
  SNAPSIM_ASSIGN_OR_RETURN(Value::Object patch,
                           DiffMaps(o, m, schema.Root(), {.set_element_order = true}));
  return api::Value(std::move(patch));
}

Result<api::Value> CreateThreeWayStrategicMergePatch(const api::Value& original,
                                                     const api::Value& modified,
                                                     const api::Value& current,
                                                     const StrategicSchema& schema) {
  using namespace strategic_internal;  // NOLINT(build/namespaces)
  SNAPSIM_ASSIGN_OR_RETURN(Value::Object o, AsObject(original));
  SNAPSIM_ASSIGN_OR_RETURN(Value::Object m, AsObject(modified));
  SNAPSIM_ASSIGN_OR_RETURN(Value::Object c, AsObject(current));
  SNAPSIM_ASSIGN_OR_RETURN(
      Value::Object delta,
      DiffMaps(c, m, schema.Root(), {.set_element_order = true, .ignore_deletions = true}));
  SNAPSIM_ASSIGN_OR_RETURN(
      Value::Object deletions,
      DiffMaps(o, m, schema.Root(),
               {.set_element_order = true, .ignore_changes_and_additions = true}));
  MergeOptions merge{.merge_parallel_list = false, .ignore_unmatched_nulls = false};
  SNAPSIM_ASSIGN_OR_RETURN(Value::Object patch,
                           MergeMap(std::move(deletions), std::move(delta), schema.Root(), merge));
  return api::Value(std::move(patch));
}

}  // namespace snapsim::apiserver
