#include "src/csi/snapshot_controller/snapshot_controller.h"

#include <fmt/format.h>

#include "src/csi/util/last_seen_store.h"
#include "src/csi/util/snapshot_names.h"

namespace snapsim::csi {

Status ControllerUpdateError(std::string_view name, std::string_view message) {
  return Status::Internal(fmt::format("snapshot controller failed to update {} on API server: {}", name, message));
}

SnapshotController::SnapshotController(apiserver::ApiServer& server, SnapshotControllerOptions options)
    : server_(server), options_(options) {}

SnapshotController::~SnapshotController() { Stop(); }

std::vector<apiserver::Informer*> SnapshotController::informers() {
  if (!running_) return {};
  return {snapshots_.get(), contents_.get(), classes_.get(), claims_.get()};
}

void SnapshotController::Start() {
  if (running_) return;
  running_ = true;
  auto& loop = server_.loop();
  recorder_ = std::make_unique<apiserver::EventRecorder>(server_, "snapshot-controller");
  snapshot_queue_ = std::make_unique<engine::WorkQueue>(loop, "snapshot-controller/snapshots", options_.backoff,
                                                        [this](const std::string& k) { return SyncSnapshotByKey(k); });
  content_queue_ = std::make_unique<engine::WorkQueue>(loop, "snapshot-controller/contents", options_.backoff,
                                                       [this](const std::string& k) { return SyncContentByKey(k); });
  apiserver::InformerOptions io{.client = "snapshot-controller", .resync_period = options_.resync_period};
  snapshots_ = std::make_unique<apiserver::Informer>(server_, api::VolumeSnapshot::Info(), io);
  // Snapshots by "namespace/claim" of their source (isPVCBeingUsed without a scan).
  snapshots_->AddIndexer(std::string(kSnapshotsBySourceClaim), [](const api::Object& o) {
    const auto& vs = static_cast<const api::VolumeSnapshot&>(o);
    const auto& claim = vs.spec.source.persistent_volume_claim_name;
    return claim ? std::vector<std::string>{vs.metadata.namespace_ + "/" + *claim} : std::vector<std::string>{};
  });
  contents_ = std::make_unique<apiserver::Informer>(server_, api::VolumeSnapshotContent::Info(), io);
  classes_ = std::make_unique<apiserver::Informer>(server_, api::VolumeSnapshotClass::Info(), io);
  claims_ = std::make_unique<apiserver::Informer>(server_, api::PersistentVolumeClaim::Info(), io);
  // Claims by "namespace/dataSource name" (the restore-pending check without a scan).
  claims_->AddIndexer(std::string(kClaimsByDataSourceName), [](const api::Object& o) {
    const auto& pvc = static_cast<const api::PersistentVolumeClaim&>(o);
    return pvc.spec.data_source ? std::vector<std::string>{pvc.metadata.namespace_ + "/" + pvc.spec.data_source->name}
                                : std::vector<std::string>{};
  });
  // Every add, update (resyncs included) and delete enqueues the key; PVC and
  // class changes enqueue nothing (a waiting snapshot retries by backoff or resync).
  auto enqueue_snapshot = [this](const api::ObjectPtr& o) { snapshot_queue_->Add(SnapshotKey(*o)); };
  snapshots_->AddHandlers({enqueue_snapshot, [enqueue_snapshot](const api::ObjectPtr&, const api::ObjectPtr& n) {
                             enqueue_snapshot(n);
                           },
                           enqueue_snapshot});
  auto enqueue_content = [this](const api::ObjectPtr& o) { content_queue_->Add(o->metadata.name); };
  contents_->AddHandlers({enqueue_content, [enqueue_content](const api::ObjectPtr&, const api::ObjectPtr& n) {
                            enqueue_content(n);
                          },
                          enqueue_content});
  claims_->Start();
  classes_->Start();
  contents_->Start();
  snapshots_->Start();
  // initializeCaches: the private stores start from the lists, before any key is processed.
  for (const auto& c : contents_->List()) StoreContent(c);
  for (const auto& vs : snapshots_->List()) StoreSnapshot(vs);
}

void SnapshotController::Stop() {
  if (!running_) return;
  running_ = false;
  snapshots_.reset();
  contents_.reset();
  classes_.reset();
  claims_.reset();
  snapshot_queue_.reset();
  content_queue_.reset();
  recorder_.reset();
  snapshot_store_.clear();
  content_store_.clear();
}

void SnapshotController::StoreSnapshot(const api::ObjectPtr& vs) { StoreObjectUpdate(snapshot_store_, SnapshotKey(*vs), vs); }
bool SnapshotController::StoreSnapshotIfNewer(const api::ObjectPtr& vs) {
  return StoreObjectUpdate(snapshot_store_, SnapshotKey(*vs), vs);
}
void SnapshotController::StoreContent(const api::ObjectPtr& vsc) { StoreObjectUpdate(content_store_, vsc->metadata.name, vsc); }
bool SnapshotController::StoreContentIfNewer(const api::ObjectPtr& vsc) {
  return StoreObjectUpdate(content_store_, vsc->metadata.name, vsc);
}

SnapshotController::ContentPtr SnapshotController::ContentFromStore(const std::string& name) const {
  auto it = content_store_.find(name);
  return it == content_store_.end() ? nullptr : api::As<api::VolumeSnapshotContent>(it->second);
}

SnapshotController::SnapshotPtr SnapshotController::SnapshotFromStore(const std::string& key) const {
  auto it = snapshot_store_.find(key);
  return it == snapshot_store_.end() ? nullptr : api::As<api::VolumeSnapshot>(it->second);
}

Status SnapshotController::SyncSnapshotByKey(const std::string& key) {
  std::size_t slash = key.find('/');
  std::string ns = key.substr(0, slash), name = key.substr(slash + 1);
  if (auto vs = api::As<api::VolumeSnapshot>(snapshots_->Get(ns, name))) {
    auto updated = CheckAndUpdateSnapshotClass(vs);
    if (updated.ok()) return UpdateSnapshot(*updated);
    // A missing class must not block the deletion of a snapshot.
    if (vs->metadata.being_deleted() && updated.status().code() == Status::Code::kNotFound) return UpdateSnapshot(vs);
    return updated.status();
  }
  // Gone from the informer: the event was a delete.
  auto it = snapshot_store_.find(key);
  if (it == snapshot_store_.end()) return Status::Ok();
  auto vs = api::As<api::VolumeSnapshot>(it->second);
  snapshot_store_.erase(it);
  if (vs && vs->status && vs->status->bound_volume_snapshot_content_name) {
    content_queue_->Add(*vs->status->bound_volume_snapshot_content_name);
  }
  return Status::Ok();
}

Status SnapshotController::UpdateSnapshot(const SnapshotPtr& vs) {
  if (!StoreSnapshotIfNewer(vs)) return Status::Ok();  // an older version than we know
  return SyncSnapshot(vs);
}

Status SnapshotController::SyncContentByKey(const std::string& key) {
  if (auto c = api::As<api::VolumeSnapshotContent>(contents_->Get("", key))) return UpdateContent(c);
  auto it = content_store_.find(key);
  if (it == content_store_.end()) return Status::Ok();
  auto c = api::As<api::VolumeSnapshotContent>(it->second);
  content_store_.erase(it);
  const auto& ref = c->spec.volume_snapshot_ref;
  snapshot_queue_->Add(ref.namespace_ + "/" + ref.name);
  return Status::Ok();
}

Status SnapshotController::UpdateContent(const ContentPtr& content) {
  if (!StoreContentIfNewer(content)) return Status::Ok();
  return SyncContent(content);
}

}  // namespace snapsim::csi
