// SnapshotterSidecar wiring: informers, the update filter, the work queue with
// per-key backoff, the private store, guarded CSI calls, crash semantics.
#include "src/csi/snapshotter_sidecar/snapshotter_sidecar.h"

#include <fmt/format.h>

#include "src/csi/util/last_seen_store.h"
#include "src/csi/util/snapshot_names.h"

namespace snapsim::csi {

Status SidecarUpdateError(std::string_view name, std::string_view message) {
  return Status::Internal(fmt::format("snapshot controller failed to update {} on API server: {}", name, message));
}

SnapshotterSidecar::SnapshotterSidecar(apiserver::ApiServer& server, disk::ControllerServer& driver,
                                       SidecarOptions options)
    : server_(server),
      owned_snapshotter_(std::make_unique<DriverSnapshotter>(driver)),
      snapshotter_(*owned_snapshotter_),
      options_(std::move(options)) {}

SnapshotterSidecar::SnapshotterSidecar(apiserver::ApiServer& server, Snapshotter& snapshotter,
                                       SidecarOptions options)
    : server_(server), snapshotter_(snapshotter), options_(std::move(options)) {}

SnapshotterSidecar::~SnapshotterSidecar() {
  Stop();
  *life_ = 0;  // no incarnation: every outstanding callback is dropped
}

std::vector<apiserver::Informer*> SnapshotterSidecar::informers() {
  if (!running_) return {};
  return {contents_.get(), classes_.get()};
}

void SnapshotterSidecar::Start() {
  if (running_) return;
  running_ = true;
  driver_name_ = snapshotter_.DriverName();
  recorder_ = std::make_unique<apiserver::EventRecorder>(server_, "csi-snapshotter " + driver_name_);
  queue_ = std::make_unique<engine::WorkQueue>(server_.loop(), "csi-snapshotter/contents", options_.backoff,
                                               [this](const std::string& k) { return ProcessKey(k); });
  apiserver::InformerOptions io{
      .client = "csi-snapshotter", .resync_period = options_.resync_period, .watch_delay = options_.watch_delay};
  contents_ = std::make_unique<apiserver::Informer>(server_, api::VolumeSnapshotContent::Info(), io);
  classes_ = std::make_unique<apiserver::Informer>(server_, api::VolumeSnapshotClass::Info(), io);
  auto enqueue = [this](const api::ObjectPtr& o) { queue_->Add(o->metadata.name); };
  contents_->AddHandlers({enqueue,
                          [this, enqueue](const api::ObjectPtr& o, const api::ObjectPtr& n) {
                            auto old_c = api::As<api::VolumeSnapshotContent>(o);
                            auto new_c = api::As<api::VolumeSnapshotContent>(n);
                            if (ShouldEnqueueContentChange(*old_c, *new_c, options_.update_filter)) enqueue(n);
                          },
                          enqueue});
  classes_->Start();
  contents_->Start();
  // initializeCaches: the private store starts from the list.
  for (const auto& c : contents_->List()) StoreContent(c);
}

void SnapshotterSidecar::Stop() {
  if (!running_) return;
  running_ = false;
  ++*life_;
  for (const auto& [id, ev] : deadlines_) server_.loop().Cancel(ev);
  deadlines_.clear();
  contents_.reset();
  classes_.reset();
  queue_.reset();
  recorder_.reset();
  content_store_.clear();
  in_flight_.clear();
  dirty_.clear();
  failures_.clear();
}

bool SnapshotterSidecar::StoreContentIfNewer(const api::ObjectPtr& c) {
  return StoreObjectUpdate(content_store_, c->metadata.name, c);
}

// The queue's handler. The queue's own failure counting is not used: a sync may end
// after the handler returned (CSI reply), so Finish() applies the backoff itself.
Status SnapshotterSidecar::ProcessKey(const std::string& key) {
  if (in_flight_.count(key) != 0) {
    dirty_.insert(key);  // synced again when the call in flight has answered
    return Status::Ok();
  }
  in_flight_.insert(key);
  std::shared_ptr<std::uint64_t> life = life_;
  std::uint64_t gen = *life_;
  SyncContentByKey(key, [this, life, gen, key](SyncResult r) {
    if (*life != gen) return;  // the sidecar crashed meanwhile
    Finish(key, r);
  });
  return Status::Ok();
}

void SnapshotterSidecar::Finish(const std::string& key, const SyncResult& r) {
  in_flight_.erase(key);
  if (!r.status.ok() || r.requeue) {
    int& n = failures_[key];
    queue_->AddAfter(key, queue_->Backoff(n));
    ++n;
  } else {
    failures_.erase(key);
  }
  if (dirty_.erase(key) != 0) queue_->Add(key);
}

void SnapshotterSidecar::SyncContentByKey(const std::string& key, SyncDone done) {
  if (!running_) {
    done({});
    return;
  }
  if (auto c = api::As<api::VolumeSnapshotContent>(contents_->Get("", key))) {
    if (!IsDriverMatch(*c)) {
      done({});
      return;
    }
    UpdateContentInCache(c, std::move(done));
    return;
  }
  content_store_.erase(key);  // gone: a delete event
  done({});
}

void SnapshotterSidecar::UpdateContentInCache(const ContentPtr& c, SyncDone done) {
  if (!StoreContentIfNewer(c)) {
    done({});  // older than what we know
    return;
  }
  SyncContent(c, std::move(done));
}

template <class Resp, class Call>
void SnapshotterSidecar::GuardedCall(Call start, disk::CsiReply<Resp> done) {
  std::shared_ptr<std::uint64_t> life = life_;
  std::uint64_t gen = *life_;
  std::uint64_t id = next_call_++;
  auto answered = std::make_shared<bool>(false);
  deadlines_[id] = server_.loop().After(
      options_.timeout,
      [this, life, gen, id, answered, done] {
        if (*life != gen || *answered) return;
        *answered = true;
        deadlines_.erase(id);
        done(disk::GrpcStatus{disk::GrpcCode::kDeadlineExceeded, "context deadline exceeded"});
      },
      {.label = "csi-snapshotter/csi-call"});
  start([this, life, gen, id, answered, done](disk::CsiResult<Resp> r) {
    if (*life != gen || *answered) return;  // after a crash or the deadline: ignored
    *answered = true;
    auto it = deadlines_.find(id);
    if (it != deadlines_.end()) {
      server_.loop().Cancel(it->second);
      deadlines_.erase(it);
    }
    done(std::move(r));
  });
}

void SnapshotterSidecar::CsiCreateSnapshot(const disk::CreateSnapshotRequest& req,
                                           disk::CsiReply<disk::CreateSnapshotResponse> done) {
  GuardedCall<disk::CreateSnapshotResponse>(
      [this, req](disk::CsiReply<disk::CreateSnapshotResponse> d) { snapshotter_.CreateSnapshot(req, std::move(d)); },
      std::move(done));
}

void SnapshotterSidecar::CsiDeleteSnapshot(const disk::DeleteSnapshotRequest& req, disk::CsiReply<disk::Empty> done) {
  GuardedCall<disk::Empty>(
      [this, req](disk::CsiReply<disk::Empty> d) { snapshotter_.DeleteSnapshot(req, std::move(d)); },
      std::move(done));
}

void SnapshotterSidecar::CsiListSnapshots(const disk::ListSnapshotsRequest& req,
                                          disk::CsiReply<disk::ListSnapshotsResponse> done) {
  GuardedCall<disk::ListSnapshotsResponse>(
      [this, req](disk::CsiReply<disk::ListSnapshotsResponse> d) { snapshotter_.ListSnapshots(req, std::move(d)); },
      std::move(done));
}

Result<std::string> SnapshotterSidecar::MakeSnapshotName(const std::string& uid) const {
  if (uid.empty()) return Status::InvalidArgument("Corrupted snapshot object, it is missing UID");
  if (options_.snapshot_name_uuid_length < 0) return options_.snapshot_name_prefix + "-" + uid;
  std::string compact;
  for (char ch : uid) {
    if (ch != '-') compact += ch;
  }
  std::size_t n = static_cast<std::size_t>(options_.snapshot_name_uuid_length);
  if (n > compact.size()) {
    // Go would panic on the slice; report it instead.
    return Status::InvalidArgument(fmt::format("snapshot uid {} is shorter than --snapshot-name-uuid-length {}",
                                               uid, options_.snapshot_name_uuid_length));
  }
  return options_.snapshot_name_prefix + "-" + compact.substr(0, n);
}

}  // namespace snapsim::csi
