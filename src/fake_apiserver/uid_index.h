// UidIndex: the stored objects by uid - garbage collection's owner lookups - kept small,
// since a 100,000-snapshot run stores over half a million objects (most of them Events).
//
// A uid the server assigned is a lower-case canonical UUID ("1b2c3d4e-5f6a-4b7c-8d9e-
// 0f1a2b3c4d5e"): it is kept as its 16 bytes. Anything else (not assigned by this server)
// is kept as text beside them. Each entry's key is a view of the object table's own key,
// which lives as long as the object is stored. Lookups answer exactly as a map from the
// uid text would. Never iterated.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <unordered_map>

#include "sim/engine/string_map.h"
#include "src/api/object.h"

namespace snapsim::apiserver {

class UidIndex {
 public:
  struct Entry {
    const api::KindInfo* kind = nullptr;
    std::string_view key;  // the table's key string: valid while the object is stored
  };

  void Put(std::string_view uid, Entry entry);
  // Null when no stored object has this uid.
  const Entry* Find(std::string_view uid) const;
  void Erase(std::string_view uid);
  bool Contains(std::string_view uid) const { return Find(uid) != nullptr; }

 private:
  struct Bits {
    std::uint64_t hi = 0, lo = 0;
    friend bool operator==(const Bits&, const Bits&) = default;
  };
  struct BitsHash {
    std::size_t operator()(const Bits& b) const { return static_cast<std::size_t>(b.hi * 0x9e3779b97f4a7c15u ^ b.lo); }
  };
  // The UUID's bits when `uid` is in canonical lower-case form.
  static std::optional<Bits> Parse(std::string_view uid);

  std::unordered_map<Bits, Entry, BitsHash> by_bits_;
  engine::StringMap<Entry> by_text_;
};

}  // namespace snapsim::apiserver
