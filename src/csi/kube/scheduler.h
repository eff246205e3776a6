// Scheduler: kube-scheduler's default profile ("default-scheduler") for the
// pods of the simulated cluster (Kubernetes 1.22–1.30).
//
// Binds each pod without spec.nodeName (and schedulerName default-scheduler) to
// a node: filters (scheduler_plugins.h, scheduler_volume_binding.h) the nodes in
// turn, from where the previous cycle stopped, until NumFeasibleNodesToFind of
// them fit (every node below 100 nodes; percentageOfNodesToScore above), ranks
// the nodes that fit (deterministically, see scheduler_plugins.h), then
//  - with claims to bind (WaitForFirstConsumer): PreBind writes
//    volume.kubernetes.io/selected-node on each claim to provision (or the
//    claimRef of a matching static PV) and waits — up to bind_timeout (600s,
//    --bind-timeout-seconds) — until the PV controller has bound them, each PV
//    fitting the node; a failure is a SchedulerError ("running PreBind plugin
//    "VolumeBinding": binding volumes: ...") and the pod is retried;
//  - binds: spec.nodeName plus condition PodScheduled=True, and a Normal
//    Scheduled event "Successfully assigned default/web-0 to node-0".
// An unschedulable pod gets condition PodScheduled=False reason Unschedulable
// and a Warning FailedScheduling event with the FitError message
// (scheduler_messages.h); it is retried when nodes, claims, volumes, classes or
// CSINodes change (after its backoff: 1s doubling to 10s per attempt) and
// otherwise every 60s (5 minutes from 1.26) on a background timer.
//
// Wiring and queueing in scheduler.cc; the scheduling cycle and binding in
// scheduler_sync.cc. The binding is two writes (pods/binding is not modelled
// by the fake API server: spec.nodeName, then the condition).
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "sim/engine/status.h"
#include "sim/engine/work_queue.h"
#include "src/api/kinds_core.h"
#include "src/api/kinds_pod.h"
#include "src/api/kinds_storage.h"
#include "src/csi/component.h"
#include "src/csi/kube/csi_volume_memo.h"
#include "src/csi/kube/kube_names.h"
#include "src/csi/kube/scheduler_cache.h"
#include "src/csi/kube/scheduler_plugins.h"
#include "src/csi/kube/scheduler_volume_binding.h"
#include "src/fake_apiserver/apiserver.h"
#include "src/fake_apiserver/event_recorder.h"
#include "src/fake_apiserver/informer.h"

namespace snapsim::csi::kube {

struct SchedulerOptions {
  engine::Nanos watch_delay = 0;
  engine::Nanos bind_timeout = 600 * engine::kSecond;
  int percentage_of_nodes_to_score = 0;  // KubeSchedulerConfiguration's; 0 = adaptive
};

class Scheduler : public Component {
 public:
  explicit Scheduler(apiserver::ApiServer& server, SchedulerOptions options = {});
  ~Scheduler() override;

  std::string_view name() const override { return kScheduler; }
  void Start() override;
  void Stop() override;
  std::vector<apiserver::Informer*> informers() override;

 private:
  struct QueuedPod {
    int attempts = 0;
    engine::Nanos last_attempt = 0;
    engine::Nanos parked_at = 0;  // when it was last parked (parked_)
  };
  struct PendingBinding {
    std::string node;
    std::string uid;
    std::vector<WrittenObject> volumes;
    std::vector<WrittenObject> claims;
    std::vector<std::string> claim_keys;  // "ns/name" of every claim the binding waits for
    engine::EventId timeout = engine::kNoEvent;
    bool timed_out = false;
  };

  // Wiring and queueing (scheduler.cc).
  void OnPod(const api::ObjectPtr& old_obj, const api::ObjectPtr& obj, bool deleted);
  void OnClusterEvent(const api::ObjectPtr& old_obj, const api::ObjectPtr& obj,
                      bool volume_related);
  void MoveAllToActiveOrBackoff();
  void Requeue(const std::string& key);
  void FlushUnschedulableLeftover();
  void Forget(const std::string& key);
  engine::Nanos BackoffFor(int attempts) const;
  VolumeListers Listers() const { return {&claim_informer_, &volume_informer_, &class_informer_}; }
  int minor() const { return server_.config().kube_minor; }
  apiserver::RequestContext Ctx() const { return {.client = kScheduler}; }

  // The scheduling cycle (scheduler_sync.cc).
  Status SyncPod(const std::string& key);
  Status ScheduleOne(const api::Pod& pod);
  std::vector<NodeInfo> Snapshot();
  Status PreBindAndBind(const api::Pod& pod, const std::string& node,
                        const PodVolumesOnNode& volumes);
  Status ContinueBinding(const api::Pod& pod);
  Status Bind(const api::Pod& pod, const std::string& node);
  Status Unschedulable(const api::Pod& pod, const std::string& message);
  Status SchedulingError(const api::Pod& pod, const std::string& message);
  void RecordFailure(const api::Pod& pod, std::string_view reason, const std::string& message);
  void DropBinding(const std::string& key);

  apiserver::ApiServer& server_;
  SchedulerOptions options_;
  apiserver::Informer pod_informer_;
  apiserver::Informer node_informer_;
  apiserver::Informer claim_informer_;
  apiserver::Informer volume_informer_;
  apiserver::Informer class_informer_;
  apiserver::Informer csinode_informer_;
  CsiVolumeMemo csi_volumes_;  // NodeVolumeLimits' answers for pods on nodes
  engine::WorkQueue queue_;
  apiserver::EventRecorder recorder_;
  std::map<std::string, QueuedPod> pods_;           // unscheduled pods seen, by key
  // Keys of the pods_ found unschedulable, waiting for a cluster event or the flush (so a
  // cluster event visits these, not every pending pod).
  std::set<std::string> parked_;
  std::map<std::string, PendingBinding> bindings_;  // PreBind done, waiting for the volumes
  SchedulerCache cache_;  // which pods count against which node, assumed ones included
  std::map<std::string, std::string>
      waiting_claims_;  // claim key -> pod whose binding waits for it
  engine::EventId flush_timer_ = engine::kNoEvent;
  std::size_t next_start_node_index_ = 0;  // where the next cycle starts looking at nodes
  bool running_ = false;
};

}  // namespace snapsim::csi::kube
