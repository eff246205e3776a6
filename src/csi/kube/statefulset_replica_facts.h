// ReplicaFacts: what a StatefulSet sync reads of a pod — its controller, ordinal,
// phase, readiness and revision — worked out once per pod object instead of on every
// sync, and the table of them for the pods the controller's informer has.
//
// Every sync walks all of a set's pods (as upstream's does), and a set of N replicas
// syncs O(N) times while it comes up, so what a visit costs is multiplied by N².
// The table is fed by the pod informer's events: an object's facts live exactly as
// long as the informer holds that object, so they can never be stale. The pods of a
// controller come out in key order, as the informer lists them.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "src/api/kinds_pod.h"

namespace snapsim::csi::kube {

struct ReplicaFacts {
  std::shared_ptr<const api::Pod> pod;
  std::string controller_uid;      // of the controller reference; "" without one
  int ordinal = -1;                // from the name "<parent>-<ordinal>"; -1 without one
  bool created = false;            // status.phase set
  bool terminating = false;        // deletionTimestamp set
  bool ready = false;              // condition Ready=True
  bool running_and_ready = false;  // and phase Running
  std::optional<std::int64_t> ready_since;  // the Ready condition's transition, unix seconds
  std::string_view revision;       // controller-revision-hash label (a view into pod)
  // The settled-replica mark (StatefulSetController::IsSettled): the set it was made for.
  bool settled = false;
  std::string settled_set_uid;
  std::int64_t settled_generation = 0;

  static ReplicaFacts Of(std::shared_ptr<const api::Pod> pod);

  // IsPodAvailable(pod, min_ready_seconds, now), from the facts.
  bool Available(std::int32_t min_ready_seconds, std::int64_t now_unix_seconds) const {
    if (!ready) return false;
    if (min_ready_seconds == 0) return true;
    return ready_since && *ready_since + min_ready_seconds <= now_unix_seconds;
  }
  bool Healthy() const { return running_and_ready && !terminating; }
};

class ReplicaFactsTable {
 public:
  using ByKey = std::map<std::string, ReplicaFacts*, std::less<>>;

  // Pod informer events: the object now held for its key, or the key gone.
  void Put(const std::shared_ptr<const api::Pod>& pod);
  void Remove(const std::string& key);
  void Clear();

  ReplicaFacts* Find(const std::string& key);
  // The pods whose controller reference has `uid`, by key (nullptr: none).
  const ByKey* ControlledBy(const std::string& uid) const;

 private:
  void Unfile(const std::string& key, const ReplicaFacts& facts);

  // Lookups only (never iterated), so the hash order is not observable.
  std::unordered_map<std::string, ReplicaFacts> by_key_;  // element addresses are stable
  std::unordered_map<std::string, ByKey> by_controller_;
};

}  // namespace snapsim::csi::kube
