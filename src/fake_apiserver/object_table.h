// ObjectTable: objects by key ("ns/name", or "name" for cluster-scoped kinds) in key
// order, for listing and namespace-prefix scans, with a hash index beside it for
// lookups: a std::map descent compares heap-allocated keys, a cache miss a level at
// 10^5 objects. The API server's tables and the informers' caches are both one.
// The index is never iterated, so its order is never observable.
#pragma once

#include <cstddef>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

#include "src/api/object.h"

namespace snapsim::apiserver {

class ObjectTable {
 public:
  using Map = std::map<std::string, api::ObjectPtr, std::less<>>;
  using iterator = Map::iterator;
  using const_iterator = Map::const_iterator;

  ObjectTable() = default;
  ObjectTable(const ObjectTable&) = delete;  // the index points into the map
  ObjectTable& operator=(const ObjectTable&) = delete;

  iterator Find(std::string_view key) {
    auto it = index_.find(key);
    return it == index_.end() ? map_.end() : it->second;
  }
  const_iterator Find(std::string_view key) const {
    auto it = index_.find(key);
    return it == index_.end() ? map_.cend() : const_iterator(it->second);
  }
  // The object under `key`; throws std::out_of_range without one, as std::map::at.
  const api::ObjectPtr& at(std::string_view key) const {
    auto it = Find(key);
    if (it == map_.end()) throw std::out_of_range("ObjectTable::at");
    return it->second;
  }
  // Sets `key` to `obj`, adding the key when it is new.
  void Put(const std::string& key, api::ObjectPtr obj) {
    if (auto held = index_.find(key); held != index_.end()) {
      held->second->second = std::move(obj);
      return;
    }
    auto it = map_.emplace(key, std::move(obj)).first;
    index_.emplace(it->first, it);
  }
  void Erase(iterator it) {
    index_.erase(it->first);
    map_.erase(it);
  }
  void Clear() {
    index_.clear();
    map_.clear();
  }

  // Key order.
  const_iterator begin() const { return map_.begin(); }
  const_iterator end() const { return map_.end(); }
  iterator end() { return map_.end(); }
  const_iterator lower_bound(std::string_view key) const { return map_.lower_bound(key); }
  std::size_t size() const { return map_.size(); }

 private:
  Map map_;
  std::unordered_map<std::string_view, iterator> index_;
};

}  // namespace snapsim::apiserver
