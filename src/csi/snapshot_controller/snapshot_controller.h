// SnapshotController: external-snapshotter's "common controller"
// (snapshot-controller), re-implemented on the simulated API server.
//
// It binds VolumeSnapshots to VolumeSnapshotContents and never calls CSI:
//  - the two-way pointer VS.status.boundVolumeSnapshotContentName <->
//    VSC.spec.volumeSnapshotRef (name, namespace, uid) is the binding; with no
//    transactions, every step re-checks both sides (level-triggered);
//  - dynamic: for a VS with a PVC source it creates "snapcontent-<vs uid>" (the
//    name is derived, so creation is idempotent) and csi-snapshotter cuts it;
//  - static: a VS naming a pre-provisioned VSC fills in the VSC's ref uid;
//  - status is mirrored from the VSC; finalizers guard the VS (as-source,
//    bound), the VSC (bound) and the source PVC (pvc-as-source);
//  - deletion follows the VSC's current deletionPolicy and hands the physical
//    delete to csi-snapshotter through the being-deleted annotation.
// Wiring (informers, queues, private caches) lives in snapshot_controller.cc;
// the sync functions, each idempotent and returning an error to requeue with
// backoff, in snapshot_sync.cc, snapshot_status.cc, snapshot_delete.cc and
// content_sync.cc. Every step, event and message follows
// reference/snapshot-controller-semantics.md §3.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "sim/engine/string_map.h"
#include "sim/engine/work_queue.h"
#include "src/api/kinds_snapshot.h"
#include "src/api/kinds_storage.h"
#include "src/csi/component.h"
#include "src/csi/util/last_seen_store.h"
#include "src/fake_apiserver/event_recorder.h"
#include "src/fake_apiserver/informer.h"

namespace snapsim::csi {

// The snapshot informer's index of snapshots by "namespace/source claim".
inline constexpr std::string_view kSnapshotsBySourceClaim = "source-claim";
// The claim informer's index of claims by "namespace/dataSource name".
inline constexpr std::string_view kClaimsByDataSourceName = "data-source";

struct SnapshotControllerOptions {
  engine::Nanos resync_period = 15 * engine::kMinute;  // --resync-period
  engine::BackoffPolicy backoff{engine::kSecond, 5 * engine::kMinute};  // --retry-interval-start/-max
  bool prevent_volume_mode_conversion = true;
  // v8.6 retries a deletion blocked by a restoring PVC; older releases returned
  // success and waited for another event (issue #1366).
  bool retry_restore_pending_delete = true;
  // Reintroduced upstream bugs (src/csi/util/upstream_bugs.h), off by default:
  bool deletion_uses_class_policy = false;  // #292: bound finalizer kept while a (Retain) content exists
  bool refuse_terminating_pvc = false;      // #413: no snapshot of a terminating PVC at all
};

class SnapshotController : public Component {
 public:
  SnapshotController(apiserver::ApiServer& server, SnapshotControllerOptions options = {});
  ~SnapshotController() override;

  std::string_view name() const override { return "snapshot-controller"; }
  void Start() override;
  void Stop() override;
  std::vector<apiserver::Informer*> informers() override;

  // One sync of a key, as the queue worker runs it (tests call these directly).
  Status SyncSnapshotByKey(const std::string& key);
  Status SyncContentByKey(const std::string& key);

 private:
  using SnapshotPtr = std::shared_ptr<const api::VolumeSnapshot>;
  using ContentPtr = std::shared_ptr<const api::VolumeSnapshotContent>;

  // --- wiring (snapshot_controller.cc)
  void StoreSnapshot(const api::ObjectPtr& vs);
  bool StoreSnapshotIfNewer(const api::ObjectPtr& vs);
  void StoreContent(const api::ObjectPtr& vsc);
  bool StoreContentIfNewer(const api::ObjectPtr& vsc);
  ContentPtr ContentFromStore(const std::string& name) const;
  SnapshotPtr SnapshotFromStore(const std::string& key) const;
  apiserver::RequestContext Ctx() const { return {.client = "snapshot-controller"}; }

  // --- snapshots (snapshot_sync.cc)
  Result<SnapshotPtr> CheckAndUpdateSnapshotClass(const SnapshotPtr& vs);
  Result<SnapshotPtr> SetDefaultSnapshotClass(const SnapshotPtr& vs);
  Result<std::shared_ptr<const api::PersistentVolumeClaim>> ClaimFromSnapshot(const api::VolumeSnapshot& vs);
  Result<std::shared_ptr<const api::PersistentVolume>> VolumeFromSnapshot(const api::VolumeSnapshot& vs);
  Result<std::shared_ptr<const api::VolumeSnapshotClass>> SnapshotClass(const std::string& name);
  Status UpdateSnapshot(const SnapshotPtr& vs);
  Status SyncSnapshot(const SnapshotPtr& vs);
  Status SyncUnreadySnapshot(const SnapshotPtr& vs);
  Status SyncReadySnapshot(const SnapshotPtr& vs);
  Result<ContentPtr> PreprovisionedContentFromStore(const SnapshotPtr& vs);
  Result<ContentPtr> DynamicContentFromStore(const SnapshotPtr& vs);
  Status CheckAndAddSnapshotFinalizers(const SnapshotPtr& vs);
  Result<ContentPtr> CheckAndBindSnapshotContent(const SnapshotPtr& vs, const ContentPtr& content);
  Result<ContentPtr> CreateSnapshotContent(const SnapshotPtr& vs);
  Status EnsurePvcFinalizer(const api::VolumeSnapshot& vs);
  Status CheckAndRemovePvcFinalizer(const api::VolumeSnapshot& vs, bool skip_self);
  bool IsPvcBeingUsed(const api::PersistentVolumeClaim& pvc, const api::VolumeSnapshot& vs, bool skip_self) const;

  // --- status (snapshot_status.cc)
  Result<SnapshotPtr> UpdateSnapshotStatus(const SnapshotPtr& vs, const ContentPtr& content);
  Status UpdateSnapshotErrorStatusWithEvent(const SnapshotPtr& vs, bool set_ready_false, std::string_view type,
                                            std::string_view reason, const std::string& message);
  bool NeedsUpdateSnapshotStatus(const api::VolumeSnapshot& vs, const api::VolumeSnapshotContent& c) const;

  // --- deletion (snapshot_delete.cc)
  Status ProcessSnapshotWithDeletionTimestamp(const SnapshotPtr& vs);
  bool IsVolumeBeingCreatedFromSnapshot(const api::VolumeSnapshot& vs) const;
  Result<ContentPtr> SetBeingDeletedAnnotation(const ContentPtr& content);
  Status RemoveSnapshotFinalizers(const SnapshotPtr& vs, bool remove_source, bool remove_bound);

  // --- contents (content_sync.cc)
  Status UpdateContent(const ContentPtr& content);
  Status SyncContent(const ContentPtr& content);

  apiserver::ApiServer& server_;
  SnapshotControllerOptions options_;
  std::unique_ptr<apiserver::Informer> snapshots_;
  std::unique_ptr<apiserver::Informer> contents_;
  std::unique_ptr<apiserver::Informer> classes_;
  std::unique_ptr<apiserver::Informer> claims_;
  std::unique_ptr<engine::WorkQueue> snapshot_queue_;
  std::unique_ptr<engine::WorkQueue> content_queue_;
  std::unique_ptr<apiserver::EventRecorder> recorder_;
  // Last-seen objects; an event older than what is stored is ignored (StoreObjectUpdate).
  LastSeenStore snapshot_store_;
  LastSeenStore content_store_;
  bool running_ = false;
};

// "snapshot controller failed to update <name> on API server: <message>".
Status ControllerUpdateError(std::string_view name, std::string_view message);

}  // namespace snapsim::csi
