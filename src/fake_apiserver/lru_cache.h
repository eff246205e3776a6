// LruCache: a map of at most `capacity` entries that forgets the least recently used
// one to make room, as k8s.io/utils/lru (golang-lru) does for client-go's event
// correlator. Deterministic: entries are only looked up, never iterated, so the hash
// order is not observable; recency is kept in a list.
#pragma once

#include <cstddef>
#include <functional>
#include <list>
#include <tuple>
#include <unordered_map>
#include <utility>

namespace snapsim::apiserver {

// std::hash, extended to tuples (the event correlator's keys) by combining the fields'.
struct LruKeyHash {
  template <class T>
  std::size_t operator()(const T& v) const {
    return std::hash<T>{}(v);
  }
  template <class... Ts>
  std::size_t operator()(const std::tuple<Ts...>& t) const {
    std::size_t h = sizeof...(Ts);
    std::apply([&](const auto&... field) { ((h = h * 1000003u ^ (*this)(field)), ...); }, t);
    return h;
  }
};

template <class K, class V>
class LruCache {
 public:
  explicit LruCache(std::size_t capacity) : capacity_(capacity) {}

  // The entry for `key`, now the most recently used; nullptr when absent.
  V* Get(const K& key) {
    auto it = map_.find(key);
    if (it == map_.end()) return nullptr;
    order_.splice(order_.begin(), order_, it->second.second);
    return &it->second.first;
  }

  // Sets `key` to `value`, most recently used; evicts the least recently used entry
  // when the cache is full.
  void Put(const K& key, V value) {
    if (V* existing = Get(key)) {
      *existing = std::move(value);
      return;
    }
    if (capacity_ == 0) return;
    if (map_.size() == capacity_) {
      map_.erase(order_.back());
      order_.pop_back();
    }
    order_.push_front(key);
    map_.emplace(key, std::make_pair(std::move(value), order_.begin()));
  }

  void Erase(const K& key) {
    auto it = map_.find(key);
    if (it == map_.end()) return;
    order_.erase(it->second.second);
    map_.erase(it);
  }

  void Clear() {
    map_.clear();
    order_.clear();
  }
  std::size_t size() const { return map_.size(); }

 private:
  std::size_t capacity_;
  std::list<K> order_;  // most recently used first
  std::unordered_map<K, std::pair<V, typename std::list<K>::iterator>, LruKeyHash> map_;
};

}  // namespace snapsim::apiserver
