// Snapshot deletion in the common controller (semantics reference §3.7).
#include <fmt/format.h>

#include "src/api/go_format.h"
#include "src/csi/snapshot_controller/snapshot_controller.h"
#include "src/csi/util/snapshot_names.h"

namespace snapsim::csi {

bool SnapshotController::IsVolumeBeingCreatedFromSnapshot(const api::VolumeSnapshot& vs) const {
  // Only dataSource is checked, not dataSourceRef (as upstream).
  for (const auto& o : claims_->ByIndex(kClaimsByDataSourceName, vs.metadata.namespace_ + "/" + vs.metadata.name)) {
    auto pvc = api::As<api::PersistentVolumeClaim>(o);
    const auto& ds = pvc->spec.data_source;
    if (ds && ds->name == vs.metadata.name && ds->kind == "VolumeSnapshot" &&
        ds->api_group.value_or("") == kSnapshotGroup && pvc->status.phase == "Pending") {
      return true;
    }
  }
  return false;
}

Result<SnapshotController::ContentPtr> SnapshotController::SetBeingDeletedAnnotation(const ContentPtr& content) {
  if (HasAnnotation(*content, kBeingDeletedAnnotation)) return content;
  auto copy = api::CloneAs<api::VolumeSnapshotContent>(content);
  copy->metadata.annotations[std::string(kBeingDeletedAnnotation)] = "yes";
  auto r = server_.Update(copy, Ctx());
  if (!r.ok()) return ControllerUpdateError(content->metadata.name, r.error().message());
  StoreContent(*r);
  return api::As<api::VolumeSnapshotContent>(*r);
}

Status SnapshotController::RemoveSnapshotFinalizers(const SnapshotPtr& vs, bool remove_source, bool remove_bound) {
  bool has_source = vs->metadata.HasFinalizer(kVolumeSnapshotAsSourceFinalizer);
  bool has_bound = vs->metadata.HasFinalizer(kVolumeSnapshotBoundFinalizer);
  if (!(remove_source && has_source) && !(remove_bound && has_bound)) return Status::Ok();
  auto copy = api::CloneAs<api::VolumeSnapshot>(vs);
  if (remove_source) copy->metadata.RemoveFinalizer(kVolumeSnapshotAsSourceFinalizer);
  if (remove_bound) copy->metadata.RemoveFinalizer(kVolumeSnapshotBoundFinalizer);
  auto r = server_.Update(copy, Ctx());
  if (!r.ok()) return ControllerUpdateError(vs->metadata.name, r.error().message());
  StoreSnapshot(*r);
  return Status::Ok();
}

Status SnapshotController::ProcessSnapshotWithDeletionTimestamp(const SnapshotPtr& vs) {
  std::string content_name;
  if (vs->status && vs->status->bound_volume_snapshot_content_name) {
    content_name = *vs->status->bound_volume_snapshot_content_name;
  }
  // A dynamic content may exist although the status write that names it failed.
  if (content_name.empty() && IsDynamicSnapshot(*vs)) content_name = DynamicContentName(*vs);
  ContentPtr content = content_name.empty() ? nullptr : ContentFromStore(content_name);
  bool delete_content = false;
  if (content != nullptr && ContentPointsAt(*content, *vs, /*require_uid=*/true)) {
    delete_content = content->spec.deletion_policy == "Delete";  // the policy as it is now (#292)
  } else {
    content = nullptr;  // absent or bound elsewhere: leave it alone
  }
  if (!IsSnapshotDeletionCandidate(*vs)) return Status::Ok();

  if (content != nullptr && IsVolumeBeingCreatedFromSnapshot(*vs)) {
    recorder_->Warning(*vs, "SnapshotDeletePending", "Snapshot is being used to restore a PVC");
    if (!options_.retry_restore_pending_delete) return Status::Ok();  // before v8.6: no retry (#1366)
    return Status::FailedPrecondition(fmt::format(
        "snapshot {} is in use (being used to restore a PVC), will retry deletion", SnapshotKey(*vs)));
  }
  // Whatever the policy, mark the content so csi-snapshotter may act on its deletion.
  if (content != nullptr) {
    auto marked = SetBeingDeletedAnnotation(content);
    if (!marked.ok()) {
      return Status::Internal(fmt::format("failed to set VolumeSnapshotBeingDeleted annotation on the content {}: {}",
                                          content->metadata.name, api::GoQuote(marked.status().message())));
    }
    content = *marked;
  }
  if (content != nullptr && delete_content && !content->metadata.being_deleted()) {
    auto r = server_.Delete(api::VolumeSnapshotContent::Info(), "", content->metadata.name, {}, Ctx());
    if (!r.ok() && !r.error().Is(apiserver::ApiError::Reason::kNotFound)) {
      recorder_->Warning(*vs, "SnapshotContentObjectDeleteError", "Failed to delete snapshot content API object");
      return Status::Internal(fmt::format("failed to delete VolumeSnapshotContent {} from API server: {}",
                                          content->metadata.name, api::GoQuote(r.error().message())));
    }
  }
  if (Status s = CheckAndRemovePvcFinalizer(*vs, /*skip_self=*/true); !s.ok()) {
    recorder_->Warning(*vs, "ErrorPVCFinalizer", "Error check and remove PVC Finalizer for VolumeSnapshot");
    return s;
  }
  // With Delete, the bound finalizer stays until the content object is gone.
  bool remove_bound = content == nullptr || !delete_content;
  // Reintroduced #292: the bound finalizer stays while any bound content exists, so a
  // content flipped to Retain (never deleted) holds its snapshot Terminating for ever.
  if (options_.deletion_uses_class_policy) remove_bound = content == nullptr;
  SnapshotPtr current = SnapshotFromStore(SnapshotKey(*vs));
  return RemoveSnapshotFinalizers(current ? current : vs, /*remove_source=*/true, remove_bound);
}

}  // namespace snapsim::csi
