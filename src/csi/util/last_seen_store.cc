#include "src/csi/util/last_seen_store.h"

#include <charconv>
#include <cstdint>

namespace snapsim::csi {
namespace {

std::int64_t RvOf(const api::Object& o) {
  std::int64_t rv = 0;
  const std::string& s = o.metadata.resource_version;
  std::from_chars(s.data(), s.data() + s.size(), rv);
  return rv;
}

}  // namespace

bool StoreObjectUpdate(LastSeenStore& store, const std::string& key, const api::ObjectPtr& obj) {
  auto [it, fresh] = store.try_emplace(key, obj);
  if (fresh) return true;
  if (RvOf(*it->second) > RvOf(*obj)) return false;
  it->second = obj;
  return true;
}

}  // namespace snapsim::csi
