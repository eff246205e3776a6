// StatefulSetController: the sync of one set (defaultStatefulSetControl.
// UpdateStatefulSet). Reads the set and its pods from the informers, makes the
// changes one sync allows (one per sync under OrderedReady), and writes the
// status when it differs from the set's.
#include <fmt/format.h>

#include <algorithm>

#include "src/csi/kube/pod_util.h"
#include "src/csi/kube/statefulset_controller.h"
#include "src/csi/kube/statefulset_identity.h"

namespace snapsim::csi::kube {
namespace {

constexpr std::size_t kMaxBatchSize = 500;

// utilerrors.NewAggregate(...).Error(): one message alone, several deduplicated in brackets.
Status Aggregate(const std::vector<Status>& errs) {
  if (errs.size() == 1) return errs[0];
  std::vector<std::string> seen;
  for (const auto& e : errs) {
    if (std::find(seen.begin(), seen.end(), e.message()) == seen.end()) seen.push_back(e.message());
  }
  if (seen.size() == 1) return Status::Internal(seen[0]);
  return Status::Internal(fmt::format("[{}]", fmt::join(seen, ", ")));
}

// runForAll: sequential with early exit when monotonic, else slowStartBatch(1, n):
// batches of 1, 2, 4, ... (at most 500), stopping after a batch with errors.
template <class Fn>
std::pair<bool, Status> RunForAll(std::size_t n, bool monotonic, Fn fn) {
  if (monotonic) {
    for (std::size_t i = 0; i < n; ++i) {
      auto [exit, err] = fn(i);
      if (exit || !err.ok()) return {true, err};
    }
    return {false, Status::Ok()};
  }
  std::size_t next = 0, remaining = n;
  for (std::size_t batch = std::min<std::size_t>(1, remaining); batch > 0;
       batch = std::min({2 * batch, remaining, kMaxBatchSize})) {
    std::vector<Status> errs;
    for (std::size_t k = 0; k < batch; ++k) {
      Status err = fn(next++).second;
      if (!err.ok()) errs.push_back(err);
    }
    if (!errs.empty()) return {true, Aggregate(errs)};
    remaining -= batch;
  }
  return {false, Status::Ok()};
}

}  // namespace

Status StatefulSetController::SyncStatefulSet(const std::string& key) {
  std::size_t slash = key.find('/');
  auto set =
      api::As<api::StatefulSet>(set_informer_.Get(key.substr(0, slash), key.substr(slash + 1)));
  if (set == nullptr) {
    revision_names_.erase(key);
    return Status::Ok();
  }
  std::vector<ReplicaFacts*> pods;
  if (const ReplicaFactsTable::ByKey* owned = replicas_.ControlledBy(set->metadata.uid)) {
    pods.reserve(owned->size());
    for (const auto& [pod_key, replica] : *owned) {
      if (replica->pod->metadata.namespace_ == set->metadata.namespace_) pods.push_back(replica);
    }
  }
  Revisions revisions;
  revisions.update = UpdateRevisionName(key, *set);
  revisions.current =
      set->status.current_revision.empty() ? revisions.update : set->status.current_revision;
  api::StatefulSetStatus status;
  Status err = UpdateStatefulSet(*set, std::move(pods), revisions, status);
  Status status_err = WriteStatus(*set, status);
  return err.ok() ? status_err : err;
}

const std::string& StatefulSetController::UpdateRevisionName(const std::string& key,
                                                             const api::StatefulSet& set) {
  CachedRevision& cached = revision_names_[key];
  if (cached.name.empty() || cached.uid != set.metadata.uid ||
      cached.generation != set.metadata.generation || set.metadata.generation == 0) {
    cached = {set.metadata.uid, set.metadata.generation, RevisionName(set)};
  }
  return cached.name;
}

void StatefulSetController::ComputeReplicaStatus(
    const api::StatefulSet& set, const Revisions& revisions,
    const std::vector<const std::vector<ReplicaFacts*>*>& lists, api::StatefulSetStatus& status) {
  const std::int64_t now = server_.NowUnixSeconds();
  status.replicas = status.ready_replicas = status.available_replicas = 0;
  status.current_replicas = status.updated_replicas = 0;
  for (const auto* list : lists) {
    for (const ReplicaFacts* pod : *list) {
      if (pod->created) ++status.replicas;
      if (pod->running_and_ready) {
        ++status.ready_replicas;
        // availableReplicas counts from 1.23 (StatefulSetMinReadySeconds beta).
        if (minor() >= 23 && pod->Available(set.spec.min_ready_seconds, now)) {
          ++status.available_replicas;
        }
      }
      if (pod->created && !pod->terminating) {
        if (pod->revision == revisions.current) ++status.current_replicas;
        if (pod->revision == revisions.update) ++status.updated_replicas;
      }
    }
  }
}

std::pair<bool, Status> StatefulSetController::ProcessReplica(const api::StatefulSet& set,
                                                              bool monotonic,
                                                              ReplicaFacts& replica) {
  if (IsSettled(set, replica)) return {false, Status::Ok()};
  const api::Pod& pod = *replica.pod;
  // A finished pod is deleted, to be recreated once it is gone (Succeeded ones from 1.27).
  if (pod.status.phase == "Failed" || (minor() >= 27 && pod.status.phase == "Succeeded")) {
    if (!replica.terminating) {
      Status err = DeleteStatefulPod(set, pod);
      if (!err.ok()) return {true, err};
    }
    return {true, Status::Ok()};
  }
  if (!replica.created) {
    if (minor() >= 27 && PodClaimIsStale(set, pod)) return {true, Status::Ok()};
    Status err = CreateStatefulPod(set, pod);
    if (!err.ok()) return {true, err};
    return {monotonic, Status::Ok()};
  }
  if (minor() >= 27 && pod.status.phase == "Pending") {
    Status err = CreateMissingPersistentVolumeClaims(set, pod);
    if (!err.ok()) return {true, err};
  }
  if (replica.terminating && monotonic) return {true, Status::Ok()};
  if (!replica.running_and_ready && monotonic) return {true, Status::Ok()};
  if (!replica.Available(set.spec.min_ready_seconds, server_.NowUnixSeconds()) && monotonic) {
    return {true, Status::Ok()};
  }
  bool retention_match = minor() < 27 || ClaimsMatchRetentionPolicy(set, pod);
  if (IdentityMatches(set, pod) && StorageMatches(set, pod) && retention_match) {
    MarkSettled(set, replica);
    return {false, Status::Ok()};
  }
  Status err = UpdateStatefulPod(set, pod);
  return {!err.ok(), err};
}

std::pair<bool, Status> StatefulSetController::ProcessCondemned(
    const api::StatefulSet& set, const ReplicaFacts* first_unhealthy, bool monotonic,
    const ReplicaFacts& pod) {
  if (pod.terminating) return {monotonic, Status::Ok()};  // wait for it to go
  if (monotonic && &pod != first_unhealthy) {
    if (!pod.running_and_ready) return {true, Status::Ok()};
    if (!pod.Available(set.spec.min_ready_seconds, server_.NowUnixSeconds()))
      return {true, Status::Ok()};
  }
  return {true, DeleteStatefulPod(set, *pod.pod)};
}

Status StatefulSetController::UpdateStatefulSet(const api::StatefulSet& set,
                                                std::vector<ReplicaFacts*> pods,
                                                const Revisions& revisions,
                                                api::StatefulSetStatus& status) {
  status.observed_generation = set.metadata.generation;
  status.current_revision = revisions.current;
  status.update_revision = revisions.update;
  status.collision_count = 0;

  const int start = StartOrdinal(set);
  const int count = Replicas(set);
  std::vector<ReplicaFacts*> replicas(static_cast<std::size_t>(std::max(count, 0)));
  std::vector<ReplicaFacts*> condemned;
  for (ReplicaFacts* pod : pods) {
    if (pod->ordinal >= start && pod->ordinal < start + count) {  // PodInOrdinalRange
      replicas[static_cast<std::size_t>(pod->ordinal - start)] = pod;
    } else if (pod->ordinal >= 0) {
      condemned.push_back(pod);
    }
  }
  std::vector<ReplicaFacts> missing;  // the replicas to create, not in the informer
  missing.reserve(static_cast<std::size_t>(std::count(replicas.begin(), replicas.end(), nullptr)));
  for (std::size_t i = 0; i < replicas.size(); ++i) {
    if (replicas[i] == nullptr) {
      missing.push_back(ReplicaFacts::Of(std::make_shared<api::Pod>(
          NewStatefulSetPod(set, start + static_cast<int>(i), revisions.update, minor()))));
      replicas[i] = &missing.back();
    }
  }
  std::sort(condemned.begin(), condemned.end(),
            [](const ReplicaFacts* a, const ReplicaFacts* b) { return a->ordinal > b->ordinal; });

  const std::int64_t now = server_.NowUnixSeconds();
  auto unavailable = [&](const ReplicaFacts& pod) {
    return !pod.Healthy() || !pod.Available(set.spec.min_ready_seconds, now);
  };
  const ReplicaFacts* first_unhealthy = nullptr;
  for (const ReplicaFacts* pod : replicas) {
    if (unavailable(*pod)) {
      first_unhealthy = pod;
      break;
    }
  }
  for (auto it = condemned.rbegin(); it != condemned.rend() && first_unhealthy == nullptr; ++it) {
    if (unavailable(**it)) first_unhealthy = *it;
  }
  if (set.metadata.being_deleted()) {
    ComputeReplicaStatus(set, revisions, {&pods}, status);
    return Status::Ok();
  }
  // Every other way out counts the replicas as the sync leaves them (finish below).

  const bool monotonic = set.spec.pod_management_policy != "Parallel";
  auto finish = [&] { ComputeReplicaStatus(set, revisions, {&replicas, &condemned}, status); };

  auto [exit, err] = RunForAll(replicas.size(), monotonic, [&](std::size_t i) {
    return ProcessReplica(set, monotonic, *replicas[i]);
  });
  if (exit || !err.ok()) {
    finish();
    return err;
  }
  if (minor() >= 27) {
    auto fix_claims = [&](std::size_t i) -> std::pair<bool, Status> {
      if (ClaimsMatchRetentionPolicy(set, *condemned[i]->pod)) return {false, Status::Ok()};
      Status e = UpdatePodClaimForRetentionPolicy(set, *condemned[i]->pod);
      return {!e.ok(), e};
    };
    std::tie(exit, err) = RunForAll(condemned.size(), monotonic, fix_claims);
    if (exit || !err.ok()) {
      finish();
      return err;
    }
  }
  std::tie(exit, err) = RunForAll(condemned.size(), monotonic, [&](std::size_t i) {
    return ProcessCondemned(set, first_unhealthy, monotonic, *condemned[i]);
  });
  finish();
  if (exit || !err.ok()) return err;

  if (set.spec.update_strategy.type == "OnDelete") return Status::Ok();
  int update_min = 0;
  if (set.spec.update_strategy.rolling_update)
    update_min = set.spec.update_strategy.rolling_update->partition.value_or(0);
  for (int target = static_cast<int>(replicas.size()) - 1; target >= update_min; --target) {
    const ReplicaFacts& pod = *replicas[static_cast<std::size_t>(target)];
    if (pod.revision != revisions.update && !pod.terminating) {
      Status del = DeleteStatefulPod(set, *pod.pod);
      if (!del.ok() && del.code() != Status::Code::kNotFound) return del;
      --status.current_replicas;
      return Status::Ok();
    }
    if (unavailable(pod)) return Status::Ok();
  }
  return Status::Ok();
}

Status StatefulSetController::WriteStatus(const api::StatefulSet& set,
                                          api::StatefulSetStatus status) {
  // completeRollingUpdate: every replica updated and ready makes the update revision current.
  int replicas = Replicas(set);
  if (set.spec.update_strategy.type == "RollingUpdate" && status.updated_replicas == replicas &&
      status.ready_replicas == replicas && status.replicas == replicas) {
    status.current_replicas = status.updated_replicas;
    status.current_revision = status.update_revision;
  }
  const auto& old = set.status;
  bool inconsistent = status.observed_generation > old.observed_generation ||
                      status.replicas != old.replicas ||
                      status.current_replicas != old.current_replicas ||
                      status.ready_replicas != old.ready_replicas ||
                      status.updated_replicas != old.updated_replicas ||
                      status.current_revision != old.current_revision ||
                      status.available_replicas != old.available_replicas ||
                      status.update_revision != old.update_revision;
  if (!inconsistent) return Status::Ok();
  auto clone = std::make_shared<api::StatefulSet>(set);
  clone->status = std::move(status);
  auto r = server_.UpdateStatus(clone, Ctx());
  return r.ok() ? Status::Ok() : r.error().ToStatus();
}

}  // namespace snapsim::csi::kube
