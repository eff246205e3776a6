// Watch routes: how the API server finds the few filtered watchers a change concerns
// without asking every watcher's filter, as kube-apiserver's watch cache does with its
// indexed triggers (pods by spec.nodeName). A thousand kubelets each watch their own
// pods, node, attachments and the claims their pods mount; without routes every change
// of one of those objects calls a thousand filters.
//
// A route is a hint beside a watch's filter: `value_of` names the one value of an
// object the filter looks at (a node name, a claim's "ns/name"), and `values` holds the
// values the filter can pass. Contract: the filter passes no object whose value is
// outside `values`. The filter stays the authority; the route only lets the server skip
// watchers it would have skipped anyway, so delivery is the same with or without it (a
// route without a filter is ignored). RouteFilter(route) is the filter a route describes
// exactly, for selectors that are nothing more (the kubelet's).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "sim/engine/string_map.h"
#include "src/api/object.h"

namespace snapsim::apiserver {

// The routed value of an object; may point into `scratch` (for values built from several
// fields) or into the object.
using RouteValueFn = std::string_view (*)(const api::Object& obj, std::string& scratch);

// A counted set of values, shared by a watcher (which edits it) and the API server (which
// mirrors it into its index through a listener). Adding a value twice needs removing it
// twice: a kubelet adds a claim once per pod that mounts it.
class RouteValues {
 public:
  using Listener = std::function<void(std::string_view value, bool present)>;

  RouteValues() = default;
  explicit RouteValues(std::string value) { Add(value); }
  RouteValues(const RouteValues&) = delete;
  RouteValues& operator=(const RouteValues&) = delete;

  void Add(std::string_view value);
  void Remove(std::string_view value);  // a value not held is ignored
  void Clear();
  bool Contains(std::string_view value) const { return counts_.find(value) != counts_.end(); }
  std::size_t size() const { return counts_.size(); }
  // Each value once, in no particular order (callers must not make it observable).
  void ForEach(const std::function<void(std::string_view)>& fn) const;

  // `listener` hears each value that enters (present) or leaves the set. Returns a token
  // for Unlisten.
  std::uint64_t Listen(Listener listener);
  void Unlisten(std::uint64_t token);

 private:
  void Tell(std::string_view value, bool present) const;

  engine::StringMap<int> counts_;
  std::vector<std::pair<std::uint64_t, Listener>> listeners_;
  std::uint64_t next_token_ = 1;
};

struct WatchRoute {
  RouteValueFn value_of = nullptr;
  std::shared_ptr<RouteValues> values;
  explicit operator bool() const { return value_of != nullptr && values != nullptr; }
};

// Passes an object iff `route.values` holds its value: the route's contract, exactly.
std::function<bool(const api::Object&)> RouteFilter(const WatchRoute& route);

}  // namespace snapsim::apiserver
