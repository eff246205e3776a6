// ExternalProvisioner: the csi-provisioner sidecar (kubernetes-csi/external-provisioner
// v5.x on sig-storage-lib-external-provisioner v10) for diskplugin.csi.alibabacloud.com,
// run as ACK runs it (--extra-create-metadata=true, --default-fstype=ext4, topology on,
// --strict-topology, --immediate-topology).
//
// What it does:
//  - provisions unbound claims handed to the driver (volume.kubernetes.io/storage-provisioner
//    or the beta annotation == driver, StorageClass provisioner == driver; under
//    WaitForFirstConsumer only once volume.kubernetes.io/selected-node is set): Normal
//    Provisioning event, CSI CreateVolume (name "pvc-<claim uid>"), then the PV (claimRef,
//    provisioned-by, nodeAffinity from the accessible topology, ...) and a Normal
//    ProvisioningSucceeded event. Failures: Warning ProvisioningFailed
//    `failed to provision volume with StorageClass "<sc>": <err>`, retried with per-claim
//    exponential backoff (1s .. 5m); a ResourceExhausted answer with a selected node
//    removes the selected-node annotation (reschedule) and stops.
//  - restores from a VolumeSnapshot dataSource (every check of getSnapshotSource), with
//    the finalizer provisioner.storage.kubernetes.io/volumesnapshot-as-source-protection
//    on the snapshot while provisioning, and a periodic sweeper (5m) removing it from
//    snapshots no Pending claim references. PVC dataSource (clone) fails as the driver
//    does not report CLONE_VOLUME.
//  - deletes Released volumes with reclaim Delete that it provisioned: CSI DeleteVolume,
//    then the PV object (Warning VolumeFailedDelete on failure, retried with backoff);
//    from Kubernetes 1.31 (external-provisioner v5, HonorPVReclaimPolicy beta) it keeps
//    the finalizer external-provisioner.volume.kubernetes.io/finalizer on Bound Delete
//    volumes and removes it after the PV delete.
//
// Determinism: the event source component is "<driver>_<hostname>" (upstream appends a
// random uuid: here the hostname option alone, default "csi-provisioner-0"); the
// provisioner identity stored in each PV's volumeAttributes
// ("storage.kubernetes.io/csiProvisionerIdentity") is "<virtual ms at Start>-<start count>-<driver>"
// (upstream: "<wall ms>-<rand 0..9999>-<driver>").
//
// Concurrency: one worker per queue, as --worker-threads=1; a claim or volume whose CSI
// call is in flight is not synced again until the reply (or the --timeout) arrives.
// Stop() drops caches, queues, timers and in-flight calls; replies arriving after a
// Stop() (even after a new Start()) are ignored (generation counter).
//
// Wiring: provisioner.cc; claims: claim_sync.cc; CreateVolume request preparation:
// prepare_provision.cc; data sources: data_source.cc; topology: topology.h; volumes:
// volume_sync.cc; the snapshot finalizer sweeper: snapshot_finalizer_sync.cc.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "sim/engine/status.h"
#include "sim/engine/work_queue.h"
#include "src/api/kinds.h"
#include "src/csi/component.h"
#include "src/csi/diskplugin/controller_server.h"
#include "src/csi/kube/object_store.h"
#include "src/csi/provisioner/provisioner_names.h"
#include "src/fake_apiserver/apiserver.h"
#include "src/fake_apiserver/event_recorder.h"
#include "src/fake_apiserver/informer.h"

namespace snapsim::csi::provisioner {

struct ProvisionerOptions {
  engine::Nanos watch_delay = 0;
  std::string hostname = "csi-provisioner-0";   // event source: "<driver>_<hostname>"
  engine::Nanos timeout = 10 * engine::kSecond;  // --timeout: each CSI call's deadline
  engine::Nanos retry_interval_start = engine::kSecond;    // --retry-interval-start
  engine::Nanos retry_interval_max = 5 * engine::kMinute;  // --retry-interval-max
  std::string default_fs_type = "ext4";                    // --default-fstype
  bool extra_create_metadata = true;                       // --extra-create-metadata
  bool strict_topology = true;                             // --strict-topology
  bool immediate_topology = true;                          // --immediate-topology
  bool prevent_volume_mode_conversion = true;              // --prevent-volume-mode-conversion
  bool cross_namespace_volume_data_source = false;  // feature gate CrossNamespaceVolumeDataSource
  // HonorPVReclaimPolicy (the PV finalizer); unset = on from Kubernetes 1.31.
  std::optional<bool> honor_pv_reclaim_policy;
  engine::Nanos snapshot_orphan_sweep_interval = 5 * engine::kMinute;  // 0 = no sweeper
};

class ExternalProvisioner : public Component {
 public:
  using ClaimPtr = std::shared_ptr<const api::PersistentVolumeClaim>;
  using VolumePtr = std::shared_ptr<const api::PersistentVolume>;
  using ClassPtr = std::shared_ptr<const api::StorageClass>;

  ExternalProvisioner(apiserver::ApiServer& server, disk::ControllerServer& driver,
                      ProvisionerOptions options = {});
  ~ExternalProvisioner() override;

  std::string_view name() const override { return kProvisionerClient; }
  void Start() override;
  void Stop() override;
  std::vector<apiserver::Informer*> informers() override;

  // "<start ms>-<start count>-<driver>" of the current run ("" while stopped).
  const std::string& identity() const { return identity_; }
  bool add_finalizer() const;

  // An outcome of one provisioning attempt, as sig-storage-lib's ProvisioningState + error.
  enum class State { kFinished, kNoChange, kInBackground, kReschedule };
  struct Failure {
    State state = State::kFinished;
    std::string message;   // err.Error()
    bool ignored = false;  // controller.IgnoredError: stop quietly
  };

 private:
  // What prepareProvision hands to CreateVolume and to the PV.
  struct Prepared {
    disk::CreateVolumeRequest req;
    std::string fs_type;
    api::CSIPersistentVolumeSource csi_source;
    std::string deletion_secret_name;
    std::string deletion_secret_namespace;
  };
  struct DataSource {
    std::string kind;
    std::string name;
    std::string namespace_;
    std::string api_group;
  };

  // Wiring (provisioner.cc).
  Status ProcessClaimKey(const std::string& key);
  Status ProcessVolumeKey(const std::string& key);
  apiserver::RequestContext Ctx() const { return {.client = kProvisionerClient}; }
  // Retries `key` on `queue` after its next backoff step (the failure count lives here,
  // since a CSI reply arrives after the queue's handler returned).
  void Requeue(engine::WorkQueue& queue, std::map<std::string, int>& failures,
               const std::string& key);
  ClassPtr StorageClassOf(const api::PersistentVolumeClaim& claim) const;

  // Claims (claim_sync.cc).
  Result<bool> ShouldProvision(const api::PersistentVolumeClaim& claim);
  Status SyncClaim(ClaimPtr claim);
  void OnCreateVolumeReply(std::uint64_t gen, ClaimPtr claim, ClassPtr sc,
                           std::shared_ptr<Prepared> prep,
                           disk::CsiResult<disk::CreateVolumeResponse> reply);
  Status FinishProvisioning(ClaimPtr claim, ClassPtr sc, const Prepared& prep,
                            const disk::CreateVolumeResponse& resp);
  void CleanupVolume(std::uint64_t gen, const std::string& volume_id, int attempt,
                     std::function<void(std::optional<disk::GrpcStatus>)> done);
  // provisionVolumeErrorHandling: the ProvisioningFailed event, a reschedule, and what
  // the claim's sync returns (OK = stop, an error = retry with backoff).
  Status HandleFailure(ClaimPtr claim, const std::string& claim_class, Failure f);
  Status Reschedule(ClaimPtr claim);
  void ClaimDone(const std::string& key, bool in_background, ClaimPtr claim);

  // CreateVolume preparation (prepare_provision.cc, data_source.cc).
  Result<Prepared, Failure> PrepareProvision(const api::PersistentVolumeClaim& claim,
                                             const api::StorageClass& sc,
                                             const api::Node* selected_node);
  Result<std::optional<DataSource>, Failure> NormalizeDataSource(
      const api::PersistentVolumeClaim& claim);
  Result<disk::VolumeContentSource, std::string> SnapshotSource(
      const api::PersistentVolumeClaim& claim, const api::StorageClass& sc,
      const DataSource& ds);
  Status SetSnapshotFinalizer(const DataSource& ds);
  Status RemoveSnapshotFinalizer(const std::string& ns, const std::string& name);
  Result<disk::Secrets, std::string> Credentials(const std::string& name, const std::string& ns);

  // Volumes (volume_sync.cc).
  Status SyncVolume(VolumePtr volume);
  bool IsProvisionerForVolume(const api::PersistentVolume& volume) const;
  Result<VolumePtr> HandleProtectionFinalizer(VolumePtr volume);
  bool ShouldDelete(const api::PersistentVolume& volume) const;
  Status DeleteVolumeOperation(VolumePtr volume);
  void OnDeleteVolumeReply(std::uint64_t gen, VolumePtr volume,
                           disk::CsiResult<disk::Empty> reply);
  Status DeletePersistentVolume(VolumePtr volume);

  // The orphan sweeper (snapshot_finalizer_sync.cc).
  void SweepOrphanedSnapshotFinalizers();

  apiserver::ApiServer& server_;
  disk::ControllerServer& driver_;
  ProvisionerOptions options_;
  apiserver::Informer claim_informer_;
  apiserver::Informer volume_informer_;
  apiserver::Informer class_informer_;
  apiserver::Informer node_informer_;
  apiserver::Informer csinode_informer_;
  apiserver::Informer attachment_informer_;
  apiserver::Informer snapshot_informer_;
  engine::WorkQueue claim_queue_;
  engine::WorkQueue volume_queue_;
  apiserver::EventRecorder recorder_;
  kube::ObjectStore volumes_;  // PVs seen (informer + own creations): "already provisioned"
  std::map<std::string, ClaimPtr> claims_in_progress_;  // key -> claim (InBackground)
  std::set<std::string> claims_inflight_;               // a CreateVolume is running
  std::set<std::string> volumes_inflight_;              // a DeleteVolume is running
  std::map<std::string, int> claim_failures_;
  std::map<std::string, int> volume_failures_;
  // Set when a sync issued a CSI call: its reply (which may come back before the sync
  // returns) owns the key's failure count from then on.
  bool call_started_ = false;
  std::uint64_t generation_ = 0;  // bumped by Start and Stop: late replies are dropped
  int starts_ = 0;
  std::string identity_;
  engine::EventId sweep_timer_ = engine::kNoEvent;
  bool running_ = false;
};

}  // namespace snapsim::csi::provisioner
