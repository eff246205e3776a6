// The watchers of one kind, as the API server's Notify visits them: every watcher in
// watch-id order (the order events are scheduled in), except that routed watchers
// (watch_route.h) are found through their values instead of being asked one by one.
// Candidates() returns the unrouted watchers and the routed ones whose values match the
// object before or after the change; Notify still applies each candidate's filter.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/engine/string_map.h"
#include "src/api/object.h"
#include "src/fake_apiserver/watch_route.h"

namespace snapsim::apiserver {

using WatchId = std::uint64_t;

class WatchIndex {
 public:
  // `route` may be empty (the watcher is asked about every change).
  void Add(WatchId id, const WatchRoute& route);
  void Remove(WatchId id, const WatchRoute& route);
  // A routed watcher's values changed (RouteValues' listener).
  void AddValue(WatchId id, RouteValueFn fn, std::string_view value);
  void RemoveValue(WatchId id, RouteValueFn fn, std::string_view value);

  // The watchers that may care about a change from `before` (null for a create or a
  // removal) to `obj`, in id order. Valid until the next call.
  const std::vector<WatchId>& Candidates(const api::Object* before, const api::Object& obj);

 private:
  using IdsByValue = engine::StringMap<std::vector<WatchId>>;
  struct Routes {
    RouteValueFn fn;
    IdsByValue ids;  // each vector in id order
  };
  Routes& RoutesFor(RouteValueFn fn);
  void Gather(const api::Object& obj, std::string& scratch);

  std::vector<WatchId> unrouted_;  // id order
  std::vector<Routes> routed_;     // one entry per value function (a kind has one or two)
  std::size_t routed_count_ = 0;   // routed watchers
  std::vector<WatchId> candidates_;
  std::string scratch_before_, scratch_after_;
};

}  // namespace snapsim::apiserver
