// KeyedTable<V>: values by object key ("ns/name", or "name" for cluster-scoped kinds) in
// key order, for listing and namespace-prefix scans, with a hash index beside it for
// lookups: a std::map descent compares heap-allocated keys, a cache miss a level at
// 10^5 objects. The informers' caches are ObjectTables (V = the object); the API
// server's tables hold StoredObjects (stored_object.h).
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

template <class V>
class KeyedTable {
 public:
  using Map = std::map<std::string, V, std::less<>>;
  using iterator = Map::iterator;
  using const_iterator = Map::const_iterator;

  KeyedTable() = default;
  KeyedTable(const KeyedTable&) = delete;  // the index points into the map
  KeyedTable& operator=(const KeyedTable&) = delete;

  iterator Find(std::string_view key) {
    auto it = index_.find(key);
    return it == index_.end() ? map_.end() : it->second;
  }
  const_iterator Find(std::string_view key) const {
    auto it = index_.find(key);
    return it == index_.end() ? map_.cend() : const_iterator(it->second);
  }
  // The value under `key`; throws std::out_of_range without one, as std::map::at.
  const V& at(std::string_view key) const {
    auto it = Find(key);
    if (it == map_.end()) throw std::out_of_range("KeyedTable::at");
    return it->second;
  }
  // Sets `key` to `value`, adding the key when it is new; where it is now.
  iterator Put(const std::string& key, V value) {
    if (auto held = index_.find(key); held != index_.end()) {
      held->second->second = std::move(value);
      return held->second;
    }
    auto it = map_.emplace(key, std::move(value)).first;
    index_.emplace(it->first, it);
    return it;
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

using ObjectTable = KeyedTable<api::ObjectPtr>;

}  // namespace snapsim::apiserver
