#include "src/fake_ecs/params_pool.h"

#include <algorithm>
#include <functional>
#include <string>

namespace snapsim::ecs {
namespace {

std::size_t HashOf(const Params& params) {
  std::size_t h = params.size();
  std::hash<std::string> hash;
  for (const auto& [key, value] : params) {
    h = h * 1000003u ^ hash(key);
    h = h * 1000003u ^ hash(value);
  }
  return h;
}

}  // namespace

std::shared_ptr<const Params> ParamsPool::Intern(Params params) {
  const std::size_t h = HashOf(params);
  auto [first, last] = by_hash_.equal_range(h);
  for (auto it = first; it != last; ++it) {
    if (auto kept = it->second.lock(); kept != nullptr && *kept == params) return kept;
  }
  auto made = std::make_shared<const Params>(std::move(params));
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
