// The content side of the common controller (semantics reference §3.9).
#include <fmt/format.h>

#include "src/csi/snapshot_controller/snapshot_controller.h"
#include "src/csi/util/snapshot_names.h"

namespace snapsim::csi {

Status SnapshotController::SyncContent(const ContentPtr& content) {
  const auto& src = content->spec.source;
  if (src.volume_handle.has_value() == src.snapshot_handle.has_value()) {
    std::string msg = "Exactly one of VolumeHandle and SnapshotHandle should be specified";
    recorder_->Warning(*content, "ContentValidationError", msg);
    return Status::InvalidArgument(msg);
  }
  const auto& ref = content->spec.volume_snapshot_ref;
  if (ref.uid.empty()) return Status::Ok();  // pre-bound: the snapshot's sync binds it
  if (!content->metadata.being_deleted() && !content->metadata.HasFinalizer(kVolumeSnapshotContentFinalizer)) {
    auto copy = api::CloneAs<api::VolumeSnapshotContent>(content);
    copy->metadata.AddFinalizer(kVolumeSnapshotContentFinalizer);
    auto r = server_.Update(copy, Ctx());
    if (!r.ok()) return ControllerUpdateError(content->metadata.name, r.error().message());
    StoreContent(*r);
    return Status::Ok();
  }
  std::string key = ref.namespace_ + "/" + ref.name;
  SnapshotPtr vs = SnapshotFromStore(key);
  if (vs != nullptr && vs->metadata.uid != ref.uid) {
    vs = nullptr;  // a new snapshot with the old name: treat as missing
  } else if (vs != nullptr && NeedsUpdateSnapshotStatus(*vs, *content)) {
    snapshot_queue_->Add(key);
  }
  // A content whose snapshot is absent is never deleted or annotated: deleting
  // it could destroy a physical snapshot imported from elsewhere (data-loss guard).
  if (vs != nullptr && IsSnapshotDeletionCandidate(*vs)) return SetBeingDeletedAnnotation(content).status();
  return Status::Ok();
}

}  // namespace snapsim::csi
