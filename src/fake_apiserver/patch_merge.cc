#include "src/fake_apiserver/patch_merge.h"

#include <utility>

#include "src/api/yaml.h"
#include "src/fake_apiserver/patch_util.h"

namespace snapsim::apiserver {
namespace {

using api::Value;

constexpr const char* kBadDoc = "Invalid JSON Document";
constexpr const char* kBadPatch = "Invalid JSON Patch";

void PruneNulls(Value& v);

void PruneObjectNulls(Value::Object& o) {
  for (auto it = o.begin(); it != o.end();) {
    if (it->second.is_null()) {
      it = o.erase(it);
    } else {
      PruneNulls(it->second);
      ++it;
    }
  }
}

// Removes null members of objects, at any depth; nulls that are array elements stay.
void PruneNulls(Value& v) {
  if (v.is_object()) {
    PruneObjectNulls(v.mutable_object());
  } else if (v.is_array()) {
    for (Value& e : v.mutable_array()) {
      if (!e.is_null()) PruneNulls(e);
    }
  }
}

Value Merge(Value cur, Value patch);

void MergeObjects(Value::Object& doc, const Value::Object& patch) {
  for (const auto& [k, v] : patch) {
    if (v.is_null()) {
      doc.erase(k);
      continue;
    }
    auto it = doc.find(k);
    if (it == doc.end() || it->second.is_null()) {
      Value added = v;
      PruneNulls(added);
      doc[k] = std::move(added);
    } else {
      it->second = Merge(std::move(it->second), v);
    }
  }
}

Value Merge(Value cur, Value patch) {
  if (!cur.is_object()) {
    PruneNulls(patch);
    return patch;
  }
  if (!patch.is_object()) return patch;
  MergeObjects(cur.mutable_object(), patch.as_object());
  return cur;
}

// evanphx getDiff: the members of `b` that differ from `a`, plus null for the
// members of `a` missing from `b`. Values compare as Go's float64 JSON does.
Value::Object Diff(const Value::Object& a, const Value::Object& b) {
  Value::Object into;
  for (const auto& [key, bv] : b) {
    auto it = a.find(key);
    if (it == a.end()) {
      into[key] = bv;
      continue;
    }
    const Value& av = it->second;
    bool same_type = av.type() == bv.type() || (av.is_number() && bv.is_number());
    if (!same_type) {
      into[key] = bv;
    } else if (av.is_object()) {
      Value::Object sub = Diff(av.as_object(), bv.as_object());
      if (!sub.empty()) into[key] = Value(std::move(sub));
    } else if (!(av == bv)) {
      into[key] = bv;
    }
  }
  for (const auto& [key, av] : a) {
    if (b.find(key) == b.end()) into[key] = Value();
  }
  return into;
}

// jsonmergepatch.keepOrDeleteNullInObj: keeps only the nulls (keep_null) or only
// the non-nulls; explicitly set empty objects count as values.
Value::Object KeepOrDeleteNull(const Value::Object& m, bool keep_null) {
  Value::Object out;
  for (const auto& [key, val] : m) {
    if (val.is_null()) {
      if (keep_null) out[key] = Value();
      continue;
    }
    if (val.is_object()) {
      if (val.as_object().empty()) {
        if (!keep_null) out[key] = val;
        continue;
      }
      Value::Object sub = KeepOrDeleteNull(val.as_object(), keep_null);
      if (!sub.empty()) out[key] = Value(std::move(sub));
    } else if (!keep_null) {
      out[key] = val;
    }
  }
  return out;
}

// mergepatch.HasConflicts: both patches set the same key to different values.
bool HasConflicts(const Value& left, const Value& right) {
  if (left.is_object()) {
    if (!right.is_object()) return true;
    for (const auto& [k, lv] : left.as_object()) {
      const Value* rv = right.Find(k);
      if (rv != nullptr && HasConflicts(lv, *rv)) return true;
    }
    return false;
  }
  if (left.is_array()) {
    if (!right.is_array()) return true;
    const auto& l = left.as_array();
    const auto& r = right.as_array();
    if (l.size() != r.size()) return true;
    for (std::size_t i = 0; i < l.size(); ++i) {
      if (HasConflicts(l[i], r[i])) return true;
    }
    return false;
  }
  return !GoDeepEqual(left, right);
}

}  // namespace

Result<Value> ApplyMergePatch(const Value& doc, const Value& patch) {
  if (doc.is_null()) return Status::InvalidArgument(kBadDoc);
  if (patch.is_array()) {
    Value out = patch;
    PruneNulls(out);
    return out;
  }
  if (!patch.is_object()) return Status::InvalidArgument(kBadPatch);
  if (!doc.is_object()) {
    Value out = patch;
    PruneNulls(out);
    return out;
  }
  Value out = doc;
  MergeObjects(out.mutable_object(), patch.as_object());
  return out;
}

Result<Value> CreateMergePatch(const Value& original, const Value& modified) {
  if (!original.is_object() || !modified.is_object()) return Status::InvalidArgument(kBadDoc);
  return Value(Diff(original.as_object(), modified.as_object()));
}

Result<Value> CreateThreeWayJsonMergePatch(const Value& original, const Value& modified,
                                           const Value& current) {
  auto or_empty = [](const Value& v) { return v.is_null() ? Value::EmptyObject() : v; };
  Value o = or_empty(original), m = or_empty(modified), c = or_empty(current);
  SNAPSIM_ASSIGN_OR_RETURN(Value add_and_change, CreateMergePatch(c, m));
  SNAPSIM_ASSIGN_OR_RETURN(Value deletions, CreateMergePatch(o, m));
  Value adds(KeepOrDeleteNull(add_and_change.as_object(), false));
  Value dels(KeepOrDeleteNull(deletions.as_object(), true));
  if (HasConflicts(adds, dels)) {
    return Status::InvalidArgument("patch:\n" + api::ToYaml(adds) +
                                   "\nconflicts with changes made from original to current:\n" +
                                   api::ToYaml(dels) + "\n");
  }
  return ApplyMergePatch(dels, adds);
}

}  // namespace snapsim::apiserver
