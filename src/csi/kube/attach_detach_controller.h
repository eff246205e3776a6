// AttachDetachController: kube-controller-manager's attach/detach controller
// (pkg/controller/volume/attachdetach) with the CSI volume plugin's attacher
// (pkg/volume/csi/csi_attacher.go), for CSI PersistentVolumes.
//
// What it does, as Kubernetes 1.22–1.30 does:
//  - desired state: every pod with spec.nodeName on an existing Node, not
//    terminated, and every claim volume of it that is Bound to a CSI PV whose
//    driver needs attaching (CSIDriver attachRequired, default true) — the
//    volume "kubernetes.io/csi/<driver>^<volumeHandle>" on that node;
//  - attach: the VolumeAttachment "csi-" + sha256(volumeHandle + driver +
//    nodeName) {attacher, nodeName, source.persistentVolumeName} is created
//    (unless it exists), then watched: status.attached -> Normal
//    SuccessfulAttachVolume on the pods ("AttachVolume.Attach succeeded for
//    volume \"<pv>\" ", upstream's trailing space included) and the volume in
//    node.status.volumesAttached {name, devicePath ""}; status.attachError ->
//    Warning FailedAttachVolume "AttachVolume.Attach failed for volume
//    \"<pv>\" : <message>" and a retry after exponential backoff (500ms
//    doubling to 2m2s); no answer in 2m -> "timed out waiting for
//    external-attacher of <driver> CSI driver to attach volume <handle>";
//  - multi-attach: a volume without ReadWriteMany/ReadOnlyMany attached to
//    another node is not attached; its pods get one Warning FailedAttachVolume
//    "Multi-Attach error for volume \"<pv>\" Volume is already used by pod(s)
//    a, b" (or "... by N pod(s) in different namespaces", or "... Volume is
//    already exclusively attached to one node and can't be attached to another");
//  - detach, once no such pod wants the volume on the node and the kubelet no
//    longer lists it in node.status.volumesInUse (or after
//    maxWaitForUnmountDuration, 6m: always before 1.26, only for an unhealthy
//    node from 1.26; at once with the node.kubernetes.io/out-of-service
//    taint from 1.26): the volume leaves node.status.volumesAttached first,
//    then the VolumeAttachment is deleted and its disappearance awaited (a
//    status.detachError fails the detach, which is retried with backoff and
//    re-reported as attached). Unless forced, the node is re-read first and a
//    volume still in its volumesInUse is not detached.
//  - on start, the actual state is rebuilt from node.status.volumesAttached
//    (attached) and existing VolumeAttachments (uncertain).
// The reconciler runs on relevant informer changes, on timers only while work
// is pending (operation polls and deadlines, backoff expiry, the unmount wait)
// and on a slow background resync — never busy at rest.
//
// Wiring in attach_detach_controller.cc; the desired state in attach_detach_desired.cc;
// the reconciler in attach_detach_controller_sync.cc.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/engine/status.h"
#include "sim/engine/work_queue.h"
#include "src/api/kinds_core.h"
#include "src/api/kinds_pod.h"
#include "src/api/kinds_storage.h"
#include "src/csi/component.h"
#include "src/csi/kube/kube_names.h"
#include "src/fake_apiserver/apiserver.h"
#include "src/fake_apiserver/event_recorder.h"
#include "src/fake_apiserver/informer.h"

namespace snapsim::csi::kube {

struct AttachDetachControllerOptions {
  engine::Nanos watch_delay = 0;
  engine::Nanos max_wait_for_unmount = 6 * engine::kMinute;  // maxWaitForUnmountDuration
  engine::Nanos attach_timeout = 2 * engine::kMinute;        // csiTimeout: the wait on the VolumeAttachment
  engine::Nanos resync_period = engine::kMinute;             // populator / reconciler sync (background)
};

class AttachDetachController : public Component {
 public:
  explicit AttachDetachController(apiserver::ApiServer& server, AttachDetachControllerOptions options = {});
  ~AttachDetachController() override;

  std::string_view name() const override { return kControllerManager; }
  void Start() override;
  void Stop() override;
  std::vector<apiserver::Informer*> informers() override;

  // "kubernetes.io/csi/<driver>^<handle>".
  static std::string UniqueVolumeName(std::string_view driver, std::string_view handle);
  // "csi-" + hex sha256(handle + driver + node) (csi_attacher.go getAttachmentName).
  static std::string AttachmentName(std::string_view handle, std::string_view driver, std::string_view node);

 private:
  using Key = std::pair<std::string, std::string>;  // (unique volume name, node)
  // Informer indexes: pods by "<namespace>/<claim>" and by node, claims by volume name.
  static constexpr std::string_view kPodsByClaim = "claim";
  static constexpr std::string_view kPodsByNode = "node";
  static constexpr std::string_view kClaimsByVolume = "volume";
  using PodPtr = std::shared_ptr<const api::Pod>;

  struct VolumeInfo {
    std::string pv_name;
    std::string driver;
    std::string handle;
  };
  // One pod's want of a volume on its node.
  struct DesiredUse {
    PodPtr pod;
    VolumeInfo vol;
    bool multi_attach_allowed = false;
  };
  // A (volume, node) some scheduled pods want. Its volume facts are the last pod's in
  // key order, as a pass over the pod lister in key order leaves them.
  struct Desired {
    std::map<std::string, DesiredUse> uses;  // by pod key
    const VolumeInfo& vol() const { return uses.rbegin()->second.vol; }
    bool multi_attach_allowed() const { return uses.rbegin()->second.multi_attach_allowed; }
    std::vector<PodPtr> Pods() const;
  };
  struct Attached {
    VolumeInfo vol;
    std::string va_name;          // AttachmentName of the key, computed once
    bool confirmed = false;      // attached (vs uncertain: an attach failed or is unknown)
    bool mounted_by_node = true;  // assumed until the node's volumesInUse says otherwise
    bool reported = false;        // listed in node.status.volumesAttached
    std::optional<engine::Nanos> detach_requested;
  };
  enum class OpKind { kAttach, kDetach };
  struct Operation {
    OpKind kind;
    Key key;               // (volume, node)
    std::string lock_node;  // "" locks every node of the volume (attach of a single-node volume)
    VolumeInfo vol;
    std::vector<PodPtr> pods;
    std::string va_name;
    engine::Nanos first_poll = 0;
    engine::Nanos deadline = 0;
    bool polled = false;       // looked at since its first poll was due
    bool* va_changed = nullptr;  // its entry in operation_vas_
  };
  struct Backoff {
    int failures = 0;
    engine::Nanos until = 0;
  };

  // Wiring (attach_detach_controller.cc).
  void Trigger() { queue_.Add("reconcile"); }
  void OnNode(const api::ObjectPtr& obj);
  void ArmWake(std::optional<engine::Nanos> at);
  apiserver::RequestContext Ctx() const { return {.client = kControllerManager}; }
  int minor() const { return server_.config().kube_minor; }

  // Reconciler (attach_detach_controller_sync.cc).
  Status Reconcile();
  void Populate();
  // The desired state, kept as upstream's pod handlers and populator keep it: a pod's
  // wants are recomputed when it, its node's existence, its claims, their volumes or
  // the CSIDrivers change (attach_detach_desired.cc).
  void RefreshPod(const std::string& pod_key);
  void RefreshPodsOfClaim(std::string_view ns, std::string_view claim);
  void RefreshAllPods();
  std::optional<DesiredUse> WantOf(const api::Pod& pod, const std::string& claim_name, Key& key) const;
  // The actual state's only writers, so that the derived sets below stay exact.
  Attached& AddActual(const Key& key, const VolumeInfo& vol, bool* inserted = nullptr);
  void EraseActual(const Key& key);
  // Re-derives to_attach_/to_detach_ membership of the keys touched since the last call.
  void RefreshTouched();
  void TouchVolume(const std::string& volume);  // every desired and actual key of the volume
  bool Attachable(const std::string& driver) const;
  std::optional<VolumeInfo> VolumeForUniqueName(const std::string& unique) const;
  void CheckOperations(engine::Nanos now);
  bool OperationPending(const std::string& volume, const std::string& lock_node) const;
  void PushOperation(Operation op);  // adds to operations_ and its indexes; CheckOperations removes
  // True while (volume, lock_node) waits out its backoff; `wake` then gets its end.
  bool InBackoff(const std::string& volume, const std::string& lock_node, engine::Nanos now,
                 std::optional<engine::Nanos>& wake) const;
  void StepBackoff(const std::string& volume, const std::string& lock_node, engine::Nanos now);
  void StartAttach(const Key& key, const Desired& d);
  void StartDetach(const Key& key, const Attached& a, bool verify_safe);
  void AttachSucceeded(const Operation& op);
  void AttachFailed(const Operation& op, const std::string& error);
  void DetachSucceeded(const Operation& op);
  void DetachFailed(const Operation& op);
  void ReportMultiAttach(const Key& key, const Desired& d, const std::vector<std::string>& other_nodes);
  // Writes node.status.volumesAttached from the actual state; false on failure.
  bool UpdateNodeStatus(const std::string& node);
  bool NodeHealthy(const api::Node* node) const;

  apiserver::ApiServer& server_;
  AttachDetachControllerOptions options_;
  apiserver::Informer pod_informer_;
  apiserver::Informer node_informer_;
  apiserver::Informer claim_informer_;
  apiserver::Informer volume_informer_;
  apiserver::Informer va_informer_;
  apiserver::Informer driver_informer_;
  engine::WorkQueue queue_;  // one key, "reconcile"
  apiserver::EventRecorder recorder_;

  std::map<Key, Desired> desired_;
  std::map<std::string, std::vector<Key>> wants_of_pod_;  // pod key -> its keys in desired_
  std::map<Key, Attached> actual_;
  std::set<std::pair<std::string, std::string>> actual_by_node_;  // (node, volume) of actual_
  std::map<std::string, Key> actual_by_va_;                        // va_name -> key of actual_
  // Derived from desired_ and actual_, so that a reconcile visits only keys with work:
  // desired, no operation in the way, and (not attached, uncertain, or a detach request to reset):
  std::set<Key> to_attach_;
  std::set<Key> to_detach_;  // attached or uncertain, not desired, no operation in the way
  std::set<Key> touched_;    // keys whose membership above may have changed
  std::set<Key> left_desired_;  // keys that left desired_ since the last reconcile
  std::set<Key> to_verify_;     // attached keys whose VolumeAttachment syncStates must look at
  std::vector<Operation> operations_;
  std::map<std::string, std::vector<std::string>> operation_locks_;  // volume -> lock_node of each operation
  std::map<std::string, bool> operation_vas_;  // va_name of each operation -> changed since last looked at
  std::map<Key, Backoff> backoff_;            // (volume, lock_node)
  std::set<Key> multi_attach_reported_;       // desired (volume, node) already warned
  std::set<std::string> nodes_to_update_;     // node.status.volumesAttached out of date
  bool populated_ = false;
  engine::EventId wake_ = engine::kNoEvent;
  engine::Nanos wake_at_ = 0;
  engine::EventId resync_ = engine::kNoEvent;
  engine::Nanos next_state_sync_ = 0;  // when syncStates (VolumesAreAttached) is next due
  bool running_ = false;
};

}  // namespace snapsim::csi::kube
