#include "src/fake_ecs/params_pool.h"

#include <algorithm>
#include <functional>
#include <string>
#include <string_view>
#include <utility>

namespace snapsim::ecs {

std::shared_ptr<const PackedParams> ParamsPool::Intern(const Params& params) {
  PackedParams packed(params);
  const std::size_t h = std::hash<std::string_view>{}(packed.bytes());
  auto [first, last] = by_hash_.equal_range(h);
  for (auto it = first; it != last; ++it) {
    if (auto kept = it->second.lock(); kept != nullptr && *kept == packed) return kept;
  }
  auto made = std::make_shared<const PackedParams>(std::move(packed));
  by_hash_.emplace(h, made);
  if (by_hash_.size() >= sweep_at_) Sweep();
  return made;
}

void ParamsPool::Sweep() {
  for (auto it = by_hash_.begin(); it != by_hash_.end();) {
    it = it->second.expired() ? by_hash_.erase(it) : std::next(it);
  }
  sweep_at_ = std::max<std::size_t>(1024, 2 * by_hash_.size());
}

}  // namespace snapsim::ecs
