// Strategic merge patch: list handling (merging, deleting, ordering) and the
// small helpers shared with strategic_merge.cc and strategic_diff.cc.
#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "src/fake_apiserver/patch_util.h"
#include "src/fake_apiserver/strategic_internal.h"

namespace snapsim::apiserver::strategic_internal {

Status ErrBadJsonDoc() { return Status::InvalidArgument("invalid JSON document"); }
Status ErrBadPatchFormatForPrimitiveList() {
  return Status::InvalidArgument("invalid patch format of primitive list");
}
Status ErrBadPatchFormatForRetainKeys() {
  return Status::InvalidArgument("invalid patch format of retainKeys");
}
Status ErrBadPatchFormatForSetElementOrderList() {
  return Status::InvalidArgument("invalid patch format of setElementOrder list");
}
Status ErrNoListOfLists() { return Status::FailedPrecondition("lists of lists are not supported"); }
Status ErrBadArgType(std::string_view expected_type, const Value& actual) {
  return Status::Internal(
      fmt::format("expected a {}, but received a {}", expected_type, GoTypeName(actual)));
}
Status ErrNoMergeKey(const Value& m, std::string_view key) {
  return Status::Internal(
      fmt::format("map: {} does not contain declared merge key: {}", GoString(m), key));
}
Status ErrBadPatchType(const Value& t, const Value& m) {
  std::string ts = t.is_string() ? t.as_string()
                   : t.is_null() ? std::string("%!s(<nil>)")
                                 : fmt::format("%!s({}={})", GoTypeName(t), GoString(t));
  return Status::Internal(fmt::format("unknown patch type: {} in map: {}", ts, GoString(m)));
}
Status Err(std::string message) { return Status::Internal(std::move(message)); }

bool GoEqual(const Value& a, const Value& b) { return GoDeepEqual(a, b); }
bool HasPrefix(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

Result<std::pair<bool, std::string>> ExtractRetainKeysPatchStrategy(const PatchMeta& meta) {
  const auto& s = meta.strategies;
  auto unexpected = [&] {
    std::string list;
    for (const auto& x : s) list += (list.empty() ? "" : " ") + x;
    return Err(fmt::format("unexpected patch strategy: [{}]", list));
  };
  switch (s.size()) {
    case 0:
      return std::pair<bool, std::string>{false, ""};
    case 1:
      if (s[0] == "retainKeys") return std::pair<bool, std::string>{true, ""};
      return std::pair<bool, std::string>{false, s[0]};
    case 2:
      if (s[0] == "retainKeys") return std::pair<bool, std::string>{true, s[1]};
      if (s[1] == "retainKeys") return std::pair<bool, std::string>{true, s[0]};
      return unexpected();
    default:
      return unexpected();
  }
}

Result<Value::Type> SliceElementType(std::initializer_list<const Value::Array*> slices) {
  std::optional<Value::Type> prev;
  for (const Value::Array* s : slices) {
    for (const Value& v : *s) {
      if (!prev) {
        prev = v.type();
        if (*prev == Value::Type::kArray) return ErrNoListOfLists();
      } else if (*prev != v.type()) {
        std::string all;
        for (const Value::Array* x : slices) all += (all.empty() ? "" : " ") + GoString(Value(*x));
        return Err(fmt::format("list element types are not identical: [{}]", all));
      }
    }
  }
  if (!prev) return Err("no elements in any of the given slices");
  return *prev;
}

Value::Array SortScalars(Value::Array s) {
  std::stable_sort(s.begin(), s.end(),
                   [](const Value& a, const Value& b) { return GoString(a) < GoString(b); });
  return s;
}

Value::Array DeduplicateScalars(Value::Array s) {
  if (s.empty()) return s;
  std::size_t length = s.size() - 1;
  for (std::size_t i = 0; i < length; ++i) {
    for (std::size_t j = i + 1; j <= length; ++j) {
      if (GoEqual(s[i], s[j])) {
        s[j] = s[length];
        s.resize(length);
        --length;
        --j;
      }
    }
  }
  return s;
}

Result<Value::Array> SortMergeListByKey(Value::Array s, std::string_view merge_key) {
  if (s.empty()) return s;
  SNAPSIM_ASSIGN_OR_RETURN(Value::Type t, SliceElementType({&s}));
  if (t != Value::Type::kObject) return SortScalars(DeduplicateScalars(std::move(s)));
  auto key_text = [&](const Value& m) {
    const Value* k = m.Find(merge_key);
    return k == nullptr ? std::string("<nil>") : GoString(*k);
  };
  std::stable_sort(s.begin(), s.end(),
                   [&](const Value& a, const Value& b) { return key_text(a) < key_text(b); });
  return s;
}

long Index(const Value::Array& l, const Value& v, std::string_view merge_key, bool maps) {
  auto key_of = [&](const Value& item) -> Value {
    if (!maps) return item;
    const Value* k = item.is_object() ? item.Find(merge_key) : nullptr;
    return k == nullptr ? Value() : *k;
  };
  Value want = key_of(v);
  for (std::size_t i = 0; i < l.size(); ++i) {
    if (GoEqual(want, key_of(l[i]))) return static_cast<long>(i);
  }
  return -1;
}

Result<bool> MergeKeyValueEqual(const Value& left, const Value& right, std::string_view merge_key) {
  if (merge_key.empty()) return GoEqual(left, right);
  if (!left.is_object()) return ErrBadArgType("map[string]interface {}", left);
  if (!right.is_object()) return ErrBadArgType("map[string]interface {}", right);
  const Value* l = left.Find(merge_key);
  if (l == nullptr) return ErrNoMergeKey(left, merge_key);
  const Value* r = right.Find(merge_key);
  if (r == nullptr) return ErrNoMergeKey(right, merge_key);
  return GoEqual(*l, *r);
}

namespace {

bool IsDeleteItem(const Value& v) {
  const Value* d = v.Find(kDirectiveMarker);
  return d != nullptr && d->is_string() && d->as_string() == kDeleteDirective;
}

// Go's sort.SliceStable with upstream's comparator ("before" when both are found
// in the order list and earlier; also "before" when either is missing).
void StableSortByOrder(Value::Array& items, const Value::Array& order, std::string_view merge_key,
                       bool maps) {
  std::vector<std::pair<long, Value>> keyed;
  bool all_found = true;
  for (Value& v : items) {
    long idx = Index(order, v, merge_key, maps);
    all_found = all_found && idx >= 0;
    keyed.emplace_back(idx, std::move(v));
  }
  if (all_found) {
    std::stable_sort(keyed.begin(), keyed.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
  } else {
    auto less = [](long a, long b) { return a >= 0 && b >= 0 ? a < b : true; };
    for (std::size_t i = 1; i < keyed.size(); ++i) {
      for (std::size_t j = i; j > 0 && less(keyed[j].first, keyed[j - 1].first); --j)
        std::swap(keyed[j], keyed[j - 1]);
    }
  }
  for (std::size_t i = 0; i < items.size(); ++i) items[i] = std::move(keyed[i].second);
}

Result<std::optional<std::size_t>> FindMapInSlice(const Value::Array& m, std::string_view key,
                                                  const Value& value) {
  for (std::size_t k = 0; k < m.size(); ++k) {
    if (!m[k].is_object()) return Err(fmt::format("value for key {} is not a map", k));
    const Value* v = m[k].Find(key);
    if (v != nullptr && GoEqual(*v, value)) return std::optional<std::size_t>(k);
  }
  return std::optional<std::size_t>();
}

Value::Array MergeSortedSlice(const Value::Array& left, const Value::Array& right,
                              const Value::Array& server_order, std::string_view merge_key,
                              bool maps) {
  Value::Array s;
  std::size_t i = 0, j = 0;
  while (i < left.size() || j < right.size()) {
    if (i >= left.size()) {
      s.push_back(right[j++]);
    } else if (j >= right.size()) {
      s.push_back(left[i++]);
    } else {
      long li = Index(server_order, left[i], merge_key, maps);
      long ri = Index(server_order, right[j], merge_key, maps);
      if (li >= 0 && ri >= 0 && li < ri) {
        s.push_back(left[i++]);
      } else {
        s.push_back(right[j++]);
      }
    }
  }
  return s;
}

}  // namespace

Result<Value::Array> NormalizeSliceOrder(Value::Array to_sort, const Value::Array& order,
                                         std::string_view merge_key, bool maps) {
  Value::Array to_delete;
  if (maps) {
    for (const Value::Array* list : std::initializer_list<const Value::Array*>{&to_sort, &order}) {
      for (const Value& item : *list) {
        if (!item.is_object()) return ErrBadArgType("map[string]interface {}", item);
        if (item.Find(merge_key) == nullptr) return ErrNoMergeKey(item, merge_key);
      }
    }
    Value::Array keep;
    for (Value& v : to_sort) (IsDeleteItem(v) ? to_delete : keep).push_back(std::move(v));
    to_sort = std::move(keep);
  }
  StableSortByOrder(to_sort, order, merge_key, maps);
  for (Value& v : to_delete) to_sort.push_back(std::move(v));
  return to_sort;
}

// Splits `merged` into the items present in `by` and the others (server-only).
Result<std::pair<Value::Array, Value::Array>> Partition(const Value::Array& merged,
                                                        const Value::Array& by,
                                                        std::string_view merge_key) {
  std::pair<Value::Array, Value::Array> out;
  for (const Value& v : merged) {
    bool found = false;
    if (merge_key.empty()) {
      found = std::any_of(by.begin(), by.end(), [&](const Value& b) { return GoEqual(b, v); });
    } else {
      if (!v.is_object()) return ErrBadArgType("map[string]interface {}", v);
      const Value* key = v.Find(merge_key);
      if (key == nullptr) return ErrNoMergeKey(v, merge_key);
      SNAPSIM_ASSIGN_OR_RETURN(auto idx, FindMapInSlice(by, merge_key, *key));
      found = idx.has_value();
    }
    (found ? out.first : out.second).push_back(v);
  }
  return out;
}

// normalizeElementOrder: patch items in `patch_order`, server-only items in
// `server_order`, then interleaved.
Result<Value::Array> NormalizeElementOrder(Value::Array patch, Value::Array server_only,
                                           const Value::Array& patch_order,
                                           const Value::Array& server_order,
                                           std::string_view merge_key, bool maps) {
  SNAPSIM_ASSIGN_OR_RETURN(patch,
                           NormalizeSliceOrder(std::move(patch), patch_order, merge_key, maps));
  SNAPSIM_ASSIGN_OR_RETURN(
      server_only, NormalizeSliceOrder(std::move(server_only), server_order, merge_key, maps));
  return MergeSortedSlice(server_only, patch, server_order, merge_key, maps);
}

namespace {

Result<Value::Array> MergeSlice(Value::Array original, Value::Array patch, const Node& schema,
                                std::string_view merge_key, const MergeOptions& options,
                                bool is_delete_list) {
  if (original.empty() && patch.empty()) return original;
  SNAPSIM_ASSIGN_OR_RETURN(Value::Type t, SliceElementType({&original, &patch}));
  bool maps = t == Value::Type::kObject;
  Value::Array merged;
  if (!maps) {
    if (options.merge_parallel_list && is_delete_list) {
      Value::Array kept;
      for (Value& v : original) {
        if (std::none_of(patch.begin(), patch.end(),
                         [&](const Value& d) { return GoEqual(d, v); })) {
          kept.push_back(std::move(v));
        }
      }
      return kept;
    }
    merged = original;
    merged.insert(merged.end(), patch.begin(), patch.end());
    merged = DeduplicateScalars(std::move(merged));
  } else {
    if (merge_key.empty())
      return Err(fmt::format("cannot merge lists without merge key for {}", schema.name()));
    // Special elements ($patch: delete / replace).
    Value::Array plain;
    bool replace = false;
    for (const Value& v : patch) {
      const Value* directive = v.Find(kDirectiveMarker);
      if (directive == nullptr) {
        plain.push_back(v);
        continue;
      }
      std::string d = directive->is_string() ? directive->as_string() : "";
      if (directive->is_string() && d == kDeleteDirective) {
        const Value* key = v.Find(merge_key);
        if (key == nullptr) return ErrNoMergeKey(v, merge_key);
        for (;;) {
          SNAPSIM_ASSIGN_OR_RETURN(auto idx, FindMapInSlice(original, merge_key, *key));
          if (!idx) break;
          original.erase(original.begin() + static_cast<long>(*idx));
        }
      } else if (directive->is_string() && d == kReplaceDirective) {
        replace = true;
      } else if (directive->is_string() && d == kMergeDirective) {
        return Err("merging lists cannot yet be specified in the patch");
      } else {
        return ErrBadPatchType(*directive, v);
      }
    }
    if (replace) {
      original = std::move(plain);
      patch.clear();
    } else {
      patch = std::move(plain);
    }
    merged = original;
    for (const Value& v : patch) {
      const Value* key = v.Find(merge_key);
      if (key == nullptr) return ErrNoMergeKey(v, merge_key);
      SNAPSIM_ASSIGN_OR_RETURN(auto idx, FindMapInSlice(merged, merge_key, *key));
      if (idx) {
        SNAPSIM_ASSIGN_OR_RETURN(
            Value::Object m, MergeMap(merged[*idx].as_object(), v.as_object(), schema, options));
        merged[*idx] = Value(std::move(m));
      } else {
        merged.push_back(v);
      }
    }
  }
  SNAPSIM_ASSIGN_OR_RETURN(auto parts, Partition(merged, patch, merge_key));
  return NormalizeElementOrder(std::move(parts.first), std::move(parts.second), patch, original,
                               merge_key, maps);
}

}  // namespace

Value::Array AliasedOriginalAfterMerge(Value::Array view, const Value::Array& patch,
                                       std::string_view merge_key) {
  const std::size_t len = view.size();
  std::size_t live = len;
  auto find = [&](const Value& key) -> std::optional<std::size_t> {
    for (std::size_t i = 0; i < live; ++i) {
      const Value* k = view[i].is_object() ? view[i].Find(merge_key) : nullptr;
      if (k != nullptr && GoEqual(*k, key)) return i;
    }
    return std::nullopt;
  };
  bool replace = false;
  for (const Value& v : patch) {
    const Value* d = v.is_object() ? v.Find(kDirectiveMarker) : nullptr;
    if (d == nullptr) continue;
    if (!d->is_string()) return view;
    if (d->as_string() == kDeleteDirective) {
      const Value* key = v.Find(merge_key);
      if (key == nullptr) return view;
      while (auto i = find(*key)) {
        // append(s[:i], s[i+1:]...): shifts left in place; the last slot keeps its value.
        for (std::size_t j = *i; j + 1 < live; ++j) view[j] = view[j + 1];
        --live;
      }
    } else if (d->as_string() == kReplaceDirective) {
      replace = true;
    } else {
      return view;
    }
  }
  if (replace) return view;
  for (const Value& v : patch) {
    if (!v.is_object() || v.Find(kDirectiveMarker) != nullptr) continue;
    const Value* key = v.Find(merge_key);
    if (key == nullptr) return view;
    if (find(*key)) continue;
    if (live == len) break;  // later appends land outside the original's length
    view[live++] = v;
  }
  return view;
}

Result<Value::Array> MergeSliceHandler(Value::Array original, Value::Array patch,
                                       const Node& schema, std::string_view strategy,
                                       std::string_view merge_key, bool is_delete_list,
                                       const MergeOptions& options) {
  if (strategy == kMergeDirective || is_delete_list) {
    return MergeSlice(std::move(original), std::move(patch), schema, merge_key, options,
                      is_delete_list);
  }
  return patch;
}

}  // namespace snapsim::apiserver::strategic_internal
