#include "src/api/meta.h"

#include <algorithm>

namespace snapsim::api {

bool ObjectMeta::HasFinalizer(std::string_view f) const {
  return std::find(finalizers.begin(), finalizers.end(), f) != finalizers.end();
}

bool ObjectMeta::AddFinalizer(std::string_view f) {
  if (HasFinalizer(f)) return false;
  finalizers.emplace_back(f);
  return true;
}

bool ObjectMeta::RemoveFinalizer(std::string_view f) {
  auto it = std::find(finalizers.begin(), finalizers.end(), f);
  if (it == finalizers.end()) return false;
  finalizers.erase(it);
  return true;
}

const std::string* ObjectMeta::Annotation(std::string_view key) const {
  auto it = annotations.find(std::string(key));
  return it == annotations.end() ? nullptr : &it->second;
}

bool LabelSelector::Matches(const std::map<std::string, std::string>& labels) const {
  for (const auto& [k, v] : match_labels) {
    auto it = labels.find(k);
    if (it == labels.end() || it->second != v) return false;
  }
  for (const auto& req : match_expressions) {
    auto it = labels.find(req.key);
    bool has = it != labels.end();
    bool in = has && std::find(req.values.begin(), req.values.end(), it->second) != req.values.end();
    if (req.operator_ == "In" && !in) return false;
    if (req.operator_ == "NotIn" && in) return false;
    if (req.operator_ == "Exists" && !has) return false;
    if (req.operator_ == "DoesNotExist" && has) return false;
  }
  return true;
}

}  // namespace snapsim::api
