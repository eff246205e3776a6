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
  LruCache(const LruCache&) = delete;  // the index points into the list
  LruCache& operator=(const LruCache&) = delete;

  // The entry for `key`, now the most recently used; nullptr when absent.
  V* Get(const K& key) {
    auto it = index_.find(&key);
    if (it == index_.end()) return nullptr;
    order_.splice(order_.begin(), order_, it->second);
    return &it->second->second;
  }

  // Sets `key` to `value`, most recently used; evicts the least recently used entry
  // when the cache is full.
  void Put(const K& key, V value) {
    if (V* existing = Get(key)) {
      *existing = std::move(value);
      return;
    }
    if (capacity_ == 0) return;
    if (index_.size() == capacity_) {
      index_.erase(&order_.back().first);
      order_.pop_back();
    }
    order_.emplace_front(key, std::move(value));
    index_.emplace(&order_.front().first, order_.begin());
  }

  void Erase(const K& key) {
    auto it = index_.find(&key);
    if (it == index_.end()) return;
    auto entry = it->second;
    index_.erase(it);
    order_.erase(entry);
  }

  void Clear() {
    index_.clear();
    order_.clear();
  }
  std::size_t size() const { return index_.size(); }

 private:
  // The key is kept once, in its list entry; the index hashes and compares through it.
  struct KeyPtrHash {
    std::size_t operator()(const K* k) const { return LruKeyHash{}(*k); }
  };
  struct KeyPtrEqual {
    bool operator()(const K* a, const K* b) const { return *a == *b; }
  };
  using Entry = std::pair<K, V>;
  std::size_t capacity_;
  std::list<Entry> order_;  // most recently used first
  std::unordered_map<const K*, typename std::list<Entry>::iterator, KeyPtrHash, KeyPtrEqual> index_;
};

}  // namespace snapsim::apiserver
