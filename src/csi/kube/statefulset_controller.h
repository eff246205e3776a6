// StatefulSetController: kube-controller-manager's statefulset controller
// (pkg/controller/statefulset), for Kubernetes 1.22–1.30.
//
//  - keeps pods "<set>-<ordinal>" for ordinals [start, start+replicas), each
//    stamped from the template (statefulset_identity.h), its claims
//    "<template>-<set>-<ordinal>" created before it;
//  - OrderedReady: one change per sync — pod i+1 is created only once pods
//    0..i are Running and Ready; scale-down deletes the highest ordinal first,
//    one at a time, once the rest are healthy; a terminating pod is waited for.
//    Parallel: all creations and deletions at once;
//  - deletes Failed pods (and, from 1.27, Succeeded ones) to have them recreated;
//  - claims stay behind on scale-down and set deletion (Retain); from 1.27 the
//    persistentVolumeClaimRetentionPolicy's Delete options set ownerReferences so
//    that the garbage collector removes them;
//  - rolling update: a template change deletes pods of the old revision from the
//    highest ordinal down to spec.updateStrategy.rollingUpdate.partition, one at a
//    time; OnDelete leaves them. New pods always get the current template (no
//    ControllerRevision history: a pod below the partition is not rebuilt from
//    its old revision);
//  - status: replicas, readyReplicas, currentReplicas, updatedReplicas,
//    availableReplicas (from 1.23), observedGeneration, currentRevision,
//    updateRevision, collisionCount 0;
//  - events on the StatefulSet: SuccessfulCreate "create Pod web-0 in
//    StatefulSet web successful", "create Claim disk-ssd-web-0 Pod web-0 in
//    StatefulSet web success", SuccessfulDelete, SuccessfulUpdate and the Failed*
//    variants with upstream's wording.
// Pods belong to a set through their controller ownerReference (orphans are not adopted).
//
// Wiring in statefulset_controller.cc; the sync in statefulset_sync.cc; the pod
// and claim writes with their events in statefulset_pod_control.cc; the memo of
// replicas a sync found nothing to do for in statefulset_settled.cc.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "sim/engine/status.h"
#include "sim/engine/work_queue.h"
#include "src/api/kinds_apps.h"
#include "src/api/kinds_pod.h"
#include "src/api/kinds_storage.h"
#include "src/csi/component.h"
#include "src/csi/kube/controller_options.h"
#include "src/csi/kube/kube_names.h"
#include "src/csi/kube/statefulset_replica_facts.h"
#include "src/fake_apiserver/apiserver.h"
#include "src/fake_apiserver/event_recorder.h"
#include "src/fake_apiserver/informer.h"

namespace snapsim::csi::kube {

class StatefulSetController : public Component {
 public:
  using SetPtr = std::shared_ptr<const api::StatefulSet>;
  using PodPtr = std::shared_ptr<const api::Pod>;

  explicit StatefulSetController(apiserver::ApiServer& server, ControllerOptions options = {});
  ~StatefulSetController() override;

  std::string_view name() const override { return kControllerManager; }
  void Start() override;
  void Stop() override;
  std::vector<apiserver::Informer*> informers() override {
    return {&set_informer_, &pod_informer_, &claim_informer_};
  }

 private:
  struct Revisions {
    std::string current;
    std::string update;
  };

  // Wiring (statefulset_controller.cc).
  void EnqueueOwner(const api::ObjectPtr& pod_obj);
  int minor() const { return server_.config().kube_minor; }
  apiserver::RequestContext Ctx() const { return {.client = kControllerManager}; }

  // Sync (statefulset_sync.cc).
  Status SyncStatefulSet(const std::string& key);
  // Runs the update algorithm; fills `status` even when it returns an error.
  // `pods` are the set's pods, by key, as the informer has them.
  Status UpdateStatefulSet(const api::StatefulSet& set, std::vector<ReplicaFacts*> pods,
                           const Revisions& revisions, api::StatefulSetStatus& status);
  // (exit, error) for one live replica / one condemned pod.
  std::pair<bool, Status> ProcessReplica(const api::StatefulSet& set, bool monotonic,
                                         ReplicaFacts& replica);
  std::pair<bool, Status> ProcessCondemned(const api::StatefulSet& set,
                                           const ReplicaFacts* first_unhealthy, bool monotonic,
                                           const ReplicaFacts& pod);
  void ComputeReplicaStatus(const api::StatefulSet& set, const Revisions& revisions,
                            const std::vector<const std::vector<ReplicaFacts*>*>& lists,
                            api::StatefulSetStatus& status);
  Status WriteStatus(const api::StatefulSet& set, api::StatefulSetStatus status);
  // RevisionName(set), remembered per set key for the uid and generation it was computed
  // at: hashing the template costs more than the rest of a small sync, and a set's
  // template can only change with its generation.
  const std::string& UpdateRevisionName(const std::string& key, const api::StatefulSet& set);

  // Settled replicas (statefulset_settled.cc). Every sync walks all of a set's replicas,
  // as upstream's does; a replica whose ProcessReplica ended "nothing to do" with all its
  // claims present gives the same answer while its pod object, the set's uid and
  // generation (its spec) and its claims stay the same, so the next sync skips it. A
  // claim event forgets the replica that reads the claim; a new pod object or spec
  // misses by comparison. The answer is then exactly what ProcessReplica would return.
  // The mark lives in the pod object's ReplicaFacts, so a new object starts unsettled.
  static bool IsSettled(const api::StatefulSet& set, const ReplicaFacts& replica);
  void MarkSettled(const api::StatefulSet& set, ReplicaFacts& replica);
  void ForgetClaim(const api::ObjectPtr& claim);

  // Pod control (statefulset_pod_control.cc).
  Status CreateStatefulPod(const api::StatefulSet& set, const api::Pod& pod);
  Status DeleteStatefulPod(const api::StatefulSet& set, const api::Pod& pod);
  Status UpdateStatefulPod(const api::StatefulSet& set, const api::Pod& pod);
  Status CreatePersistentVolumeClaims(const api::StatefulSet& set, const api::Pod& pod);
  Status CreateMissingPersistentVolumeClaims(const api::StatefulSet& set, const api::Pod& pod);
  bool ClaimsMatchRetentionPolicy(const api::StatefulSet& set, const api::Pod& pod) const;
  Status UpdatePodClaimForRetentionPolicy(const api::StatefulSet& set, const api::Pod& pod);
  bool PodClaimIsStale(const api::StatefulSet& set, const api::Pod& pod) const;
  void RecordPodEvent(std::string_view verb, const api::StatefulSet& set, const api::Pod& pod,
                      const Status& err);
  void RecordClaimEvent(std::string_view verb, const api::StatefulSet& set, const api::Pod& pod,
                        const api::PersistentVolumeClaim& claim, const Status& err);

  apiserver::ApiServer& server_;
  apiserver::Informer set_informer_;
  apiserver::Informer pod_informer_;
  apiserver::Informer claim_informer_;
  engine::WorkQueue queue_;
  apiserver::EventRecorder recorder_;
  struct CachedRevision {
    std::string uid;
    std::int64_t generation = 0;
    std::string name;
  };
  std::map<std::string, CachedRevision, std::less<>> revision_names_;  // by set key
  ReplicaFactsTable replicas_;  // of the pod informer's objects
  // Lookups only (never iterated), so the hash order is not observable.
  // claim key -> keys of settled pods that read it (two sets can name claims alike: set "web"
  // with template "data-x" and set "x-web" with template "data" both have data-x-web-0).
  std::unordered_map<std::string, std::vector<std::string>> settled_by_claim_;
  bool running_ = false;
};

}  // namespace snapsim::csi::kube
