// Hashed containers keyed by std::string that find by std::string_view without building
// a string (heterogeneous lookup). For lookup-only tables - a controller's store, the API
// server's uid index - where a std::map descent would compare long heap-allocated keys
// ("default/snap-1234", "snapcontent-<uid>"), a likely cache miss a level at 10^5 keys.
// Their iteration order is unspecified: never iterate one where the order is observable.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace snapsim::engine {

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

template <class V>
using StringMap = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;
using StringSet = std::unordered_set<std::string, StringHash, std::equal_to<>>;

}  // namespace snapsim::engine
