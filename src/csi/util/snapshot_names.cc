#include "src/csi/util/snapshot_names.h"

namespace snapsim::csi {

std::string DynamicContentName(const api::VolumeSnapshot& vs) { return "snapcontent-" + vs.metadata.uid; }

std::string SnapshotKey(const api::Object& vs) { return vs.metadata.namespace_ + "/" + vs.metadata.name; }

bool IsDynamicSnapshot(const api::VolumeSnapshot& vs) {
  return vs.spec.source.persistent_volume_claim_name.has_value();
}

bool IsSnapshotReady(const api::VolumeSnapshot& vs) {
  return vs.status && vs.status->ready_to_use.value_or(false);
}

bool IsContentReady(const api::VolumeSnapshotContent& c) {
  return c.status && c.status->ready_to_use.value_or(false);
}

bool ContentPointsAt(const api::VolumeSnapshotContent& c, const api::VolumeSnapshot& vs, bool require_uid) {
  const auto& ref = c.spec.volume_snapshot_ref;
  if (ref.name != vs.metadata.name || ref.namespace_ != vs.metadata.namespace_) return false;
  if (require_uid) return ref.uid == vs.metadata.uid;
  return ref.uid.empty() || ref.uid == vs.metadata.uid;
}

bool IsBoundBothWays(const api::VolumeSnapshot& vs, const api::VolumeSnapshotContent& c) {
  if (!vs.status || !vs.status->bound_volume_snapshot_content_name ||
      *vs.status->bound_volume_snapshot_content_name != c.metadata.name) {
    return false;
  }
  return ContentPointsAt(c, vs, /*require_uid=*/true);
}

bool IsSnapshotDeletionCandidate(const api::VolumeSnapshot& vs) {
  return vs.metadata.being_deleted() && (vs.metadata.HasFinalizer(kVolumeSnapshotAsSourceFinalizer) ||
                                         vs.metadata.HasFinalizer(kVolumeSnapshotBoundFinalizer));
}

bool HasAnnotation(const api::Object& o, std::string_view key) { return o.metadata.Annotation(key) != nullptr; }

}  // namespace snapsim::csi
