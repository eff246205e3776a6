// PackedParams: an immutable Params in one buffer - what the call log keeps of every call.
//
// A std::map of a CreateSnapshot's fifteen-odd parameters costs about 1.8 KB in nodes
// and strings; the same entries packed, each as a length-prefixed key then value in key
// order (sim/engine/byte_codec.h), take about a third. Lookups scan the entries (a call
// has tens at most).
// Two PackedParams are equal exactly when the maps they were packed from are.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "src/fake_ecs/types.h"

namespace snapsim::ecs {

class PackedParams {
 public:
  PackedParams() = default;
  explicit PackedParams(const Params& params);

  using Entry = std::pair<std::string_view, std::string_view>;  // key, value

  // Entries in key order.
  class const_iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = Entry;
    using difference_type = std::ptrdiff_t;
    using pointer = const Entry*;
    using reference = const Entry&;

    const_iterator() = default;
    const Entry& operator*() const { return entry_; }
    const Entry* operator->() const { return &entry_; }
    const_iterator& operator++();
    const_iterator operator++(int) {
      const_iterator before = *this;
      ++*this;
      return before;
    }
    friend bool operator==(const const_iterator& a, const const_iterator& b) { return a.at_ == b.at_; }

   private:
    friend class PackedParams;
    const_iterator(std::string_view bytes, std::size_t at);
    std::string_view bytes_;
    std::size_t at_ = 0;
    std::size_t next_ = 0;
    Entry entry_;
  };

  const_iterator begin() const { return const_iterator(bytes_, 0); }
  const_iterator end() const { return const_iterator(bytes_, bytes_.size()); }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  // The value of `key`; nullopt without one.
  std::optional<std::string_view> Find(std::string_view key) const;
  // The value of `key`; throws std::out_of_range without one, as std::map::at.
  std::string_view at(std::string_view key) const;
  std::size_t count(std::string_view key) const { return Find(key).has_value() ? 1 : 0; }

  Params Unpack() const;
  // Whether `params` packs to this.
  bool Equals(const Params& params) const;
  // The packed bytes (for hashing: equal bytes, equal params).
  std::string_view bytes() const { return bytes_; }

  friend bool operator==(const PackedParams& a, const PackedParams& b) { return a.bytes_ == b.bytes_; }

 private:
  std::string bytes_;
  std::uint32_t size_ = 0;
};

}  // namespace snapsim::ecs
