#include "src/fake_apiserver/watch_route.h"

#include <algorithm>

namespace snapsim::apiserver {

void RouteValues::Add(std::string_view value) {
  auto it = counts_.find(value);
  if (it != counts_.end()) {
    ++it->second;
    return;
  }
  counts_.emplace(std::string(value), 1);
  Tell(value, true);
}

void RouteValues::Remove(std::string_view value) {
  auto it = counts_.find(value);
  if (it == counts_.end()) return;
  if (--it->second > 0) return;
  std::string gone = it->first;  // the key is const: a copy, told after the erase
  counts_.erase(it);
  Tell(gone, false);
}

void RouteValues::Clear() {
  auto all = std::move(counts_);
  counts_.clear();
  for (const auto& [value, count] : all) Tell(value, false);
}

void RouteValues::ForEach(const std::function<void(std::string_view)>& fn) const {
  for (const auto& [value, count] : counts_) fn(value);
}

std::uint64_t RouteValues::Listen(Listener listener) {
  std::uint64_t token = next_token_++;
  listeners_.emplace_back(token, std::move(listener));
  return token;
}

void RouteValues::Unlisten(std::uint64_t token) {
  listeners_.erase(std::remove_if(listeners_.begin(), listeners_.end(), [&](const auto& l) { return l.first == token; }),
                   listeners_.end());
}

void RouteValues::Tell(std::string_view value, bool present) const {
  for (const auto& [token, listener] : listeners_) listener(value, present);
}

std::function<bool(const api::Object&)> RouteFilter(const WatchRoute& route) {
  return [value_of = route.value_of, values = route.values, scratch = std::string()](const api::Object& o) mutable {
    return values->Contains(value_of(o, scratch));
  };
}

}  // namespace snapsim::apiserver
