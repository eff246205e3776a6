#include "src/fake_apiserver/watch_index.h"

#include <algorithm>

namespace snapsim::apiserver {
namespace {

void InsertSorted(std::vector<WatchId>& ids, WatchId id) {
  auto at = std::lower_bound(ids.begin(), ids.end(), id);
  if (at == ids.end() || *at != id) ids.insert(at, id);
}

void EraseSorted(std::vector<WatchId>& ids, WatchId id) {
  auto at = std::lower_bound(ids.begin(), ids.end(), id);
  if (at != ids.end() && *at == id) ids.erase(at);
}

}  // namespace

WatchIndex::Routes& WatchIndex::RoutesFor(RouteValueFn fn) {
  for (Routes& r : routed_) {
    if (r.fn == fn) return r;
  }
  routed_.push_back({fn, {}});
  return routed_.back();
}

void WatchIndex::Add(WatchId id, const WatchRoute& route) {
  if (!route) {
    InsertSorted(unrouted_, id);
    return;
  }
  ++routed_count_;
  route.values->ForEach([&](std::string_view value) { AddValue(id, route.value_of, value); });
}

void WatchIndex::Remove(WatchId id, const WatchRoute& route) {
  if (!route) {
    EraseSorted(unrouted_, id);
    return;
  }
  --routed_count_;
  route.values->ForEach([&](std::string_view value) { RemoveValue(id, route.value_of, value); });
}

void WatchIndex::AddValue(WatchId id, RouteValueFn fn, std::string_view value) {
  IdsByValue& ids = RoutesFor(fn).ids;
  auto it = ids.find(value);
  if (it == ids.end()) it = ids.emplace(std::string(value), std::vector<WatchId>{}).first;
  InsertSorted(it->second, id);
}

void WatchIndex::RemoveValue(WatchId id, RouteValueFn fn, std::string_view value) {
  IdsByValue& ids = RoutesFor(fn).ids;
  auto it = ids.find(value);
  if (it == ids.end()) return;
  EraseSorted(it->second, id);
  if (it->second.empty()) ids.erase(it);
}

void WatchIndex::Gather(const api::Object& obj, std::string& scratch) {
  for (const Routes& r : routed_) {
    auto it = r.ids.find(r.fn(obj, scratch));
    if (it != r.ids.end()) candidates_.insert(candidates_.end(), it->second.begin(), it->second.end());
  }
}

const std::vector<WatchId>& WatchIndex::Candidates(const api::Object* before, const api::Object& obj) {
  if (routed_count_ == 0) return unrouted_;
  candidates_.assign(unrouted_.begin(), unrouted_.end());
  const std::size_t unrouted = candidates_.size();
  Gather(obj, scratch_after_);
  if (before != nullptr) Gather(*before, scratch_before_);
  if (candidates_.size() == unrouted) return candidates_;
  std::sort(candidates_.begin(), candidates_.end());
  candidates_.erase(std::unique(candidates_.begin(), candidates_.end()), candidates_.end());
  return candidates_;
}

}  // namespace snapsim::apiserver
