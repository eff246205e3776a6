#include "src/csi/kube/object_store.h"

#include <charconv>

namespace snapsim::csi::kube {

std::int64_t ResourceVersionNumber(std::string_view rv) {
  std::int64_t n = 0;
  auto [ptr, ec] = std::from_chars(rv.data(), rv.data() + rv.size(), n);
  if (ec != std::errc() || ptr != rv.data() + rv.size()) return 0;
  return n;
}

bool ObjectStore::Update(const api::ObjectPtr& obj) {
  std::string key = obj->Key();
  auto it = objects_.find(key);
  if (it == objects_.end()) {
    objects_.emplace(std::move(key), obj);
    return true;
  }
  if (ResourceVersionNumber(it->second->metadata.resource_version) >
      ResourceVersionNumber(obj->metadata.resource_version)) {
    return false;
  }
  it->second = obj;
  return true;
}

void ObjectStore::Delete(std::string_view key) {
  auto it = objects_.find(key);
  if (it != objects_.end()) objects_.erase(it);
}

api::ObjectPtr ObjectStore::Get(std::string_view key) const {
  auto it = objects_.find(key);
  return it == objects_.end() ? nullptr : it->second;
}

std::vector<api::ObjectPtr> ObjectStore::List() const {
  std::vector<api::ObjectPtr> out;
  out.reserve(objects_.size());
  for (const auto& [k, o] : objects_) out.push_back(o);
  return out;
}

}  // namespace snapsim::csi::kube
