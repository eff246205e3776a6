// SnapshotterSidecar: external-snapshotter's sidecar controller (csi-snapshotter),
// re-implemented on the simulated API server; the only caller of the driver's
// CreateSnapshot / DeleteSnapshot / ListSnapshots (reference/snapshot-controller-
// semantics.md §0, §2, §4).
//
// It watches VolumeSnapshotContents (and classes) and syncs each content of its driver:
//  - deletion (`shouldDelete`: being-deleted annotation set by the common controller,
//    no being-created annotation; or an unbound pre-provisioned content): CSI
//    DeleteSnapshot with the status handle when the policy is Delete, then the status is
//    cleared and the volumesnapshotcontent-bound-protection finalizer removed;
//  - dynamic creation: the being-created annotation is patched on BEFORE CreateSnapshot
//    (name "<prefix>-<snapshot uid>") and removed after the handle is stored or on a
//    final gRPC error (transient codes keep it: the call may still be running); the
//    status (handle, creationTime in ns, restoreSize, readyToUse) is written; while not
//    ready the key is requeued with backoff and CreateSnapshot called again (polling);
//  - pre-provisioned: ListSnapshots(snapshot_id) fills the status;
//  - errors: status.error + readyToUse=false and a Warning event
//    (SnapshotCreationFailed, SnapshotContentCheckandUpdateFailed, SnapshotDeleteError),
//    deduplicated by message, then a requeue with backoff.
// --extra-create-metadata is on (ACK deploys csi-snapshotter with it; the disk driver
// turns the snapshot name and namespace into ECS tags).
//
// Wiring (informers, the update filter, a work queue with per-key exponential
// backoff, resync, the private last-seen store) lives in snapshotter_sidecar.cc; the
// level-triggered sync functions, which read the store and write through the API
// server, in content_sync.cc, content_delete.cc and content_writes.cc.
//
// CSI calls are asynchronous: a key whose call is in flight is not synced again until
// the reply (an update meanwhile marks it dirty, as client-go's queue does with a key
// in progress). A call unanswered after `timeout` fails with DeadlineExceeded (a
// transient code). Stop() drops caches, queues and every in-flight call: a reply that
// arrives after a crash (or after the sidecar is gone) is ignored.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "sim/engine/status.h"
#include "sim/engine/string_map.h"
#include "sim/engine/work_queue.h"
#include "src/csi/util/last_seen_store.h"
#include "src/api/kinds_snapshot.h"
#include "src/csi/component.h"
#include "src/csi/diskplugin/controller_server.h"
#include "src/csi/snapshotter_sidecar/snapshotter.h"
#include "src/csi/snapshotter_sidecar/update_filter.h"
#include "src/csi/util/snapshot_secrets.h"
#include "src/fake_apiserver/apiserver.h"
#include "src/fake_apiserver/event_recorder.h"
#include "src/fake_apiserver/informer.h"

namespace snapsim::csi {

struct SidecarOptions {
  engine::Nanos resync_period = 15 * engine::kMinute;                    // --resync-period
  engine::BackoffPolicy backoff{engine::kSecond, 5 * engine::kMinute};  // --retry-interval-start/-max
  engine::Nanos timeout = engine::kMinute;                               // --timeout (each CSI call)
  std::string snapshot_name_prefix = "snapshot";                         // --snapshot-name-prefix
  int snapshot_name_uuid_length = -1;  // --snapshot-name-uuid-length; -1 = the whole uid, dashes kept
  bool extra_create_metadata = true;   // --extra-create-metadata (ACK: on)
  ContentUpdateFilter update_filter = ContentUpdateFilter::kEnqueueReadyFlip;
  engine::Nanos watch_delay = 0;  // informer latency
  // Reintroduced upstream bugs (src/csi/util/upstream_bugs.h), off by default
  // (#1388 is update_filter = kIgnoreStatus):
  bool finalizer_left_after_delete = false;  // #1301: a failed finalizer removal after DeleteSnapshot is not requeued
  bool no_being_created_guard = false;       // #134: no volumesnapshot-being-created annotation
};

// A sync's (requeue, err): either requeues the key with backoff.
struct SyncResult {
  bool requeue = false;
  Status status;
};
using SyncDone = std::function<void(SyncResult)>;

class SnapshotterSidecar : public Component {
 public:
  SnapshotterSidecar(apiserver::ApiServer& server, disk::ControllerServer& driver, SidecarOptions options = {});
  // Any CSI client (tests: a scripted fake). `snapshotter` must outlive the sidecar.
  SnapshotterSidecar(apiserver::ApiServer& server, Snapshotter& snapshotter, SidecarOptions options = {});
  ~SnapshotterSidecar() override;

  std::string_view name() const override { return "csi-snapshotter"; }
  void Start() override;
  void Stop() override;
  std::vector<apiserver::Informer*> informers() override;

  // The driver name (GetPluginInfo at Start()).
  const std::string& driver_name() const { return driver_name_; }
  const SidecarOptions& options() const { return options_; }
  bool running() const { return running_; }
  // Keys whose CSI call has not answered yet.
  std::size_t InFlight() const { return in_flight_.size(); }

  // One sync of a key, as the queue worker runs it (tests call it directly). `done`
  // runs once, possibly before this returns (a CSI reply delivered inside the call).
  void SyncContentByKey(const std::string& key, SyncDone done);

  // The CSI snapshot name for a snapshot uid ("snapshot-<uid>"), or an error.
  Result<std::string> MakeSnapshotName(const std::string& snapshot_uid) const;

 private:
  using ContentPtr = std::shared_ptr<const api::VolumeSnapshotContent>;
  using ClassPtr = std::shared_ptr<const api::VolumeSnapshotClass>;
  using ContentDone = std::function<void(Result<ContentPtr>)>;
  using Secrets = std::map<std::string, std::string>;

  // --- wiring (snapshotter_sidecar.cc)
  Status ProcessKey(const std::string& key);
  void Finish(const std::string& key, const SyncResult& r);
  bool StoreContentIfNewer(const api::ObjectPtr& c);
  void StoreContent(const api::ObjectPtr& c) { (void)StoreContentIfNewer(c); }
  apiserver::RequestContext Ctx() const { return {.client = "csi-snapshotter"}; }
  // CSI calls with the --timeout deadline; a reply after Stop() or the deadline is dropped.
  void CsiCreateSnapshot(const disk::CreateSnapshotRequest& req, disk::CsiReply<disk::CreateSnapshotResponse> done);
  void CsiDeleteSnapshot(const disk::DeleteSnapshotRequest& req, disk::CsiReply<disk::Empty> done);
  void CsiListSnapshots(const disk::ListSnapshotsRequest& req, disk::CsiReply<disk::ListSnapshotsResponse> done);
  template <class Resp, class Call>
  void GuardedCall(Call start, disk::CsiReply<Resp> done);

  // --- sync (content_sync.cc)
  bool IsDriverMatch(const api::VolumeSnapshotContent& c) const;
  bool ShouldDelete(const api::VolumeSnapshotContent& c) const;
  void UpdateContentInCache(const ContentPtr& c, SyncDone done);
  void SyncContent(const ContentPtr& c, SyncDone done);
  void CreateSnapshot(const ContentPtr& c, SyncDone done);
  void CheckAndUpdateContentStatus(const ContentPtr& c, SyncDone done);
  void CheckAndUpdateContentStatusOperation(const ContentPtr& c, ContentDone done);
  void CreateSnapshotWrapper(const ContentPtr& c, ContentDone done);
  void GetSnapshotStatus(const ContentPtr& c, const Secrets& list_secrets, ContentDone done);
  Result<ClassPtr> GetSnapshotClass(const std::string& name) const;
  Result<Secrets> CredentialsFromAnnotation(const api::VolumeSnapshotContent& c);
  Result<Secrets> GetCredentials(const SecretRef& ref);

  // --- deletion (content_delete.cc)
  void DeleteCsiSnapshot(const ContentPtr& c, std::function<void(Status)> done);
  Result<ContentPtr> ClearContentStatus(const std::string& name);
  Status RemoveContentFinalizer(const ContentPtr& c);

  // --- writes (content_writes.cc)
  Result<ContentPtr> PatchContent(const std::string& name, const api::Value& ops, bool status);
  // The same JSON patch with its effect given typed (ApiServer::PatchTyped): `apply`
  // edits a copy of the content as `ops()` would, or returns false to send `ops()`.
  Result<ContentPtr> PatchContentTyped(const std::string& name,
                                       const std::function<bool(api::VolumeSnapshotContent&)>& apply,
                                       const std::function<api::Value()>& ops, bool status);
  Result<ContentPtr> SetBeingCreatedAnnotation(const ContentPtr& c);
  Result<ContentPtr> RemoveBeingCreatedAnnotation(const ContentPtr& c);
  Result<ContentPtr> UpdateSnapshotContentStatus(const ContentPtr& c, const std::string& handle, bool ready,
                                                 std::int64_t created_at_nanos, std::int64_t size);
  Status UpdateContentErrorStatusWithEvent(const ContentPtr& c, std::string_view type, std::string_view reason,
                                           const std::string& message);

  apiserver::ApiServer& server_;
  std::unique_ptr<Snapshotter> owned_snapshotter_;
  Snapshotter& snapshotter_;
  SidecarOptions options_;
  std::string driver_name_;
  std::unique_ptr<apiserver::Informer> contents_;
  std::unique_ptr<apiserver::Informer> classes_;
  std::unique_ptr<engine::WorkQueue> queue_;
  std::unique_ptr<apiserver::EventRecorder> recorder_;
  // Last-seen contents; an event older than the stored version is ignored.
  LastSeenStore content_store_;
  // Lookups only (string_map.h).
  engine::StringSet in_flight_;  // keys whose sync waits for a CSI reply
  engine::StringSet dirty_;      // ... and were enqueued meanwhile
  engine::StringMap<int> failures_;  // per-key backoff
  std::map<std::uint64_t, engine::EventId> deadlines_;  // pending CSI timeouts by call id
  std::uint64_t next_call_ = 1;
  // The current incarnation; bumped by Stop() and the destructor. Callbacks hold it and
  // their own value, so a late reply neither touches a dead sidecar nor a new life.
  std::shared_ptr<std::uint64_t> life_ = std::make_shared<std::uint64_t>(1);
  bool running_ = false;
};

// "snapshot controller failed to update <name> on API server: <message>" (the
// sidecar reuses the common controller's wording).
Status SidecarUpdateError(std::string_view name, std::string_view message);

}  // namespace snapsim::csi
