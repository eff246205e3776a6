#include "src/fake_apiserver/uid_index.h"

#include <string>

namespace snapsim::apiserver {

std::optional<UidIndex::Bits> UidIndex::Parse(std::string_view uid) {
  if (uid.size() != 36) return std::nullopt;
  Bits bits;
  int nibbles = 0;
  for (std::size_t i = 0; i < uid.size(); ++i) {
    const char c = uid[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return std::nullopt;
      continue;
    }
    std::uint64_t v;
    if (c >= '0' && c <= '9') {
      v = static_cast<std::uint64_t>(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      v = static_cast<std::uint64_t>(c - 'a' + 10);
    } else {
      return std::nullopt;  // upper case too: "A" and "a" are different uids
    }
    std::uint64_t& word = nibbles < 16 ? bits.hi : bits.lo;
    word = (word << 4) | v;
    ++nibbles;
  }
  return bits;
}

void UidIndex::Put(std::string_view uid, Entry entry) {
  if (auto bits = Parse(uid)) {
    by_bits_[*bits] = entry;
  } else {
    by_text_[std::string(uid)] = entry;
  }
}

const UidIndex::Entry* UidIndex::Find(std::string_view uid) const {
  if (auto bits = Parse(uid)) {
    auto it = by_bits_.find(*bits);
    return it == by_bits_.end() ? nullptr : &it->second;
  }
  auto it = by_text_.find(uid);
  return it == by_text_.end() ? nullptr : &it->second;
}

void UidIndex::Erase(std::string_view uid) {
  if (auto bits = Parse(uid)) {
    by_bits_.erase(*bits);
  } else if (auto it = by_text_.find(uid); it != by_text_.end()) {
    by_text_.erase(it);
  }
}

}  // namespace snapsim::apiserver
