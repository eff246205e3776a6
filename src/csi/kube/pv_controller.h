// PersistentVolumeController: kube-controller-manager's persistentvolume-binder
// (pkg/controller/volume/persistentvolume), for CSI-provisioned volumes.
//
// What it does, as Kubernetes 1.22–1.30 does:
//  - binds a claim to the volume whose claimRef names it (or the smallest
//    Available volume that fits), writing, in this order: PV spec.claimRef (if
//    it changes), PV status Bound, PVC spec.volumeName + annotations
//    pv.kubernetes.io/bind-completed and bound-by-controller, PVC status
//    {Bound, accessModes, capacity};
//  - hands unbound claims of a CSI StorageClass to the external provisioner:
//    annotation volume.beta.kubernetes.io/storage-provisioner (and, from 1.23,
//    volume.kubernetes.io/storage-provisioner) plus a Normal ExternalProvisioning
//    event (the 1.28 wording from 1.28); WaitForFirstConsumer claims first wait
//    for volume.kubernetes.io/selected-node (WaitForFirstConsumer /
//    WaitForPodScheduled events);
//  - releases volumes whose claim is gone (phase Released) and applies the
//    reclaim policy: Retain keeps them, Delete of a volume provisioned by an
//    external provisioner (pv.kubernetes.io/provisioned-by) is left to it, a
//    Delete volume no plugin can delete goes Failed with VolumeFailedDelete.
// Every object it writes it also keeps in its own stores, so stale informer
// deliveries after its own writes are skipped (storeObjectUpdate).
//
// Wiring lives in pv_controller.cc; the level-triggered sync functions in
// pv_controller_claim_sync.cc, pv_controller_volume_sync.cc and the write
// helpers in pv_controller_writes.cc. A sync returns an error to be retried with
// backoff; everything is also resynced every resync_period (15s, as
// --pvclaimbinder-sync-period), on a background timer.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sim/engine/status.h"
#include "sim/engine/work_queue.h"
#include "src/api/kinds_pod.h"
#include "src/api/kinds_storage.h"
#include "src/csi/component.h"
#include "src/csi/kube/kube_names.h"
#include "src/csi/kube/object_store.h"
#include "src/fake_apiserver/apiserver.h"
#include "src/fake_apiserver/event_recorder.h"
#include "src/fake_apiserver/informer.h"

namespace snapsim::csi::kube {

struct PersistentVolumeControllerOptions {
  engine::Nanos watch_delay = 0;
  engine::Nanos resync_period = 15 * engine::kSecond;
};

class PersistentVolumeController : public Component {
 public:
  using ClaimPtr = std::shared_ptr<const api::PersistentVolumeClaim>;
  using VolumePtr = std::shared_ptr<const api::PersistentVolume>;

  explicit PersistentVolumeController(apiserver::ApiServer& server,
                                      PersistentVolumeControllerOptions options = {});
  ~PersistentVolumeController() override;

  std::string_view name() const override { return kControllerManager; }
  void Start() override;
  void Stop() override;
  std::vector<apiserver::Informer*> informers() override;
  // Claim and volume syncs run so far (for tests and benchmarks).
  std::uint64_t syncs() const { return claim_queue_.Processed() + volume_queue_.Processed(); }

 private:
  // Wiring (pv_controller.cc).
  Status ProcessClaimKey(const std::string& key);
  Status ProcessVolumeKey(const std::string& key);
  void Resync();
  int minor() const { return server_.config().kube_minor; }
  apiserver::RequestContext Ctx() const { return {.client = kControllerManager}; }

  // Claims (pv_controller_claim_sync.cc).
  Status SyncClaim(ClaimPtr claim);
  Status SyncUnboundClaim(ClaimPtr claim);
  Status SyncBoundClaim(ClaimPtr claim);
  bool IsDelayBindingMode(const api::PersistentVolumeClaim& claim) const;
  Status ProvisionClaim(ClaimPtr claim);
  void EmitEventForUnboundDelayBindingClaim(const api::PersistentVolumeClaim& claim);
  std::vector<api::ObjectPtr> VolumesByName() const { return volumes_.List(); }

  // Volumes (pv_controller_volume_sync.cc).
  Status SyncVolume(VolumePtr volume);
  Status ReclaimVolume(VolumePtr volume);
  Status DeleteVolumeOperation(VolumePtr volume);
  Status RecycleVolumeOperation(VolumePtr volume);
  bool IsVolumeReleased(const api::PersistentVolume& volume) const;

  // Writes (pv_controller_writes.cc); each keeps the stores current.
  Result<ClaimPtr> UpdateClaimStatus(ClaimPtr claim, std::string_view phase,
                                     const api::PersistentVolume* volume);
  Result<ClaimPtr> UpdateClaimStatusWithEvent(ClaimPtr claim, std::string_view phase,
                                              const api::PersistentVolume* volume,
                                              std::string_view type, std::string_view reason,
                                              std::string_view message);
  Result<VolumePtr> UpdateVolumePhase(VolumePtr volume, std::string_view phase,
                                      std::string_view message);
  Result<VolumePtr> UpdateVolumePhaseWithEvent(VolumePtr volume, std::string_view phase,
                                               std::string_view type, std::string_view reason,
                                               std::string_view message);
  Result<VolumePtr> BindVolumeToClaim(VolumePtr volume, const api::PersistentVolumeClaim& claim);
  Result<ClaimPtr> BindClaimToVolume(ClaimPtr claim, const api::PersistentVolume& volume);
  Status Bind(VolumePtr volume, ClaimPtr claim);
  Status UnbindVolume(VolumePtr volume);
  Result<ClaimPtr> SetClaimProvisioner(ClaimPtr claim, const std::string& provisioner);

  apiserver::ApiServer& server_;
  PersistentVolumeControllerOptions options_;
  apiserver::Informer claim_informer_;
  apiserver::Informer volume_informer_;
  apiserver::Informer class_informer_;
  apiserver::Informer pod_informer_;
  engine::WorkQueue claim_queue_;
  engine::WorkQueue volume_queue_;
  apiserver::EventRecorder recorder_;
  ObjectStore claims_;   // newest claim versions seen (informer + own writes)
  ObjectStore volumes_;  // newest volume versions seen
  engine::EventId resync_timer_ = engine::kNoEvent;
  // The server's resourceVersion at the last resync that queued work (-1: none yet).
  std::int64_t resynced_at_version_ = -1;
  bool running_ = false;
};

}  // namespace snapsim::csi::kube
