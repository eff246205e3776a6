// ObjectStore: a controller's own cache of the newest version it has seen of
// each object of one kind — client-go's cache.Store as the PV controller uses
// it (storeObjectUpdate): informer deliveries and the controller's own writes
// both land here, and an older resourceVersion never replaces a newer one, so
// the controller does not act on stale informer events after its own writes.
//
// Keys are "namespace/name" or "name" (api::Object::Key()); iteration is in key
// order. Not thread-safe (a simulation is single-threaded).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "src/api/object.h"

namespace snapsim::csi::kube {

class ObjectStore {
 public:
  // Stores `obj` unless the stored version is strictly newer. Returns true iff
  // `obj` is now the stored version (same resourceVersion passes: periodic resyncs).
  bool Update(const api::ObjectPtr& obj);
  void Delete(std::string_view key);
  api::ObjectPtr Get(std::string_view key) const;
  std::vector<api::ObjectPtr> List() const;
  void Clear() { objects_.clear(); }
  std::size_t Size() const { return objects_.size(); }

 private:
  std::map<std::string, api::ObjectPtr, std::less<>> objects_;
};

// A resourceVersion as a number (0 when empty or malformed).
std::int64_t ResourceVersionNumber(std::string_view rv);

}  // namespace snapsim::csi::kube
