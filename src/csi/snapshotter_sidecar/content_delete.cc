// csi-snapshotter's delete path (semantics reference §4.4): DeleteSnapshot with the
// status handle, the status cleared, then (v8.3+, PR #1303) the content finalizer
// removed in the same sync.
#include <fmt/format.h>

#include "src/api/go_format.h"
#include "src/csi/snapshotter_sidecar/json_patch_ops.h"
#include "src/csi/snapshotter_sidecar/snapshotter_sidecar.h"
#include "src/csi/util/snapshot_names.h"

namespace snapsim::csi {

void SnapshotterSidecar::DeleteCsiSnapshot(const ContentPtr& c, std::function<void(Status)> done) {
  auto creds = CredentialsFromAnnotation(*c);
  if (!creds.ok()) {
    recorder_->Warning(*c, "SnapshotDeleteError", "Failed to get snapshot credentials");
    done(Status::FailedPrecondition(fmt::format("failed to get input parameters to delete snapshot for content {}: {}",
                                                c->metadata.name, api::GoQuote(creds.status().message()))));
    return;
  }
  std::string handle;
  if (c->status && c->status->snapshot_handle) {
    handle = *c->status->snapshot_handle;
  } else if (c->spec.source.snapshot_handle) {
    handle = *c->spec.source.snapshot_handle;
  } else {
    recorder_->Warning(*c, "SnapshotDeleteError", "Failed to delete snapshot");
    done(Status::FailedPrecondition(
        fmt::format("failed to delete snapshot {}, err: failed to delete snapshot content {}: snapshotHandle is missing",
                    api::GoQuote(c->metadata.name), c->metadata.name)));
    return;
  }
  disk::DeleteSnapshotRequest req;
  req.snapshot_id = handle;
  req.secrets = *creds;
  CsiDeleteSnapshot(req, [this, c, done](disk::CsiResult<disk::Empty> r) {
    if (!r.ok()) {
      recorder_->Warning(*c, "SnapshotDeleteError", "Failed to delete snapshot");
      done(Status::Internal(fmt::format("failed to delete snapshot {}, err: failed to delete snapshot content {}: {}",
                                        api::GoQuote(c->metadata.name), c->metadata.name,
                                        api::GoQuote(r.error().ToString()))));
      return;
    }
    // Gone from the storage: forget the handle so that no later sync deletes again.
    auto cleared = ClearContentStatus(c->metadata.name);
    if (!cleared.ok()) {
      recorder_->Warning(*c, "SnapshotDeleteError", "Failed to clear content status");
      done(cleared.status());
      return;
    }
    StoreContent(*cleared);
    Status removed = RemoveContentFinalizer(*cleared);
    if (options_.finalizer_left_after_delete) {
      // Reintroduced #1301: an API error here is not requeued; the sync relies on a later
      // event, and the status-only updates that follow are filtered out.
      done(Status::Ok());
      return;
    }
    done(removed);
  });
}

Result<SnapshotterSidecar::ContentPtr> SnapshotterSidecar::ClearContentStatus(const std::string& name) {
  auto got = server_.Get(api::VolumeSnapshotContent::Info(), "", name, Ctx());
  if (!got.ok()) {
    return Status::Internal(fmt::format("error get snapshot content {} from api server: {}", name, got.error().message()));
  }
  auto copy = api::CloneAs<api::VolumeSnapshotContent>(api::As<api::VolumeSnapshotContent>(*got));
  if (copy->status) {
    copy->status->snapshot_handle.reset();
    copy->status->ready_to_use.reset();
    copy->status->creation_time.reset();
    copy->status->restore_size.reset();
  }
  auto r = server_.UpdateStatus(copy, Ctx());
  if (!r.ok()) return SidecarUpdateError(name, r.error().message());
  return api::As<api::VolumeSnapshotContent>(*r);
}

Status SnapshotterSidecar::RemoveContentFinalizer(const ContentPtr& c) {
  if (!c->metadata.HasFinalizer(kVolumeSnapshotContentFinalizer)) return Status::Ok();
  // The finalizers replaced by the cached content's, less the sidecar's own.
  std::vector<std::string> remaining;
  for (const auto& f : c->metadata.finalizers) {
    if (f != kVolumeSnapshotContentFinalizer) remaining.push_back(f);
  }
  auto r = PatchContentTyped(
      c->metadata.name,
      [&](api::VolumeSnapshotContent& o) {
        o.metadata.finalizers = remaining;
        return true;
      },
      [&] {
        api::Value value(api::Value::Array(remaining.begin(), remaining.end()));
        return SingleOpPatch(PatchOp("replace", "/metadata/finalizers", std::move(value)));
      },
      /*status=*/false);
  if (!r.ok()) return r.status();
  StoreContent(*r);
  return Status::Ok();
}

}  // namespace snapsim::csi
