#include "src/csi/snapshotter_sidecar/update_filter.h"

#include <string>

#include "src/csi/util/snapshot_names.h"

namespace snapsim::csi {

bool ShouldEnqueueContentChange(const api::VolumeSnapshotContent& old_content,
                                const api::VolumeSnapshotContent& new_content, ContentUpdateFilter filter) {
  // A resync (same resourceVersion) is enqueued since v8.6; before, it sanitized to "no
  // change" and was dropped like the sidecar's own writes, so nothing ever healed #1388.
  if (old_content.metadata.resource_version == new_content.metadata.resource_version) {
    return filter == ContentUpdateFilter::kEnqueueReadyFlip;
  }
  // The new object with every field the filter ignores taken from the old one.
  api::VolumeSnapshotContent sanitized = new_content;
  sanitized.metadata.resource_version = old_content.metadata.resource_version;
  sanitized.status = old_content.status;
  sanitized.metadata.managed_fields = old_content.metadata.managed_fields;
  sanitized.metadata.finalizers = old_content.metadata.finalizers;
  const std::string key(kBeingCreatedAnnotation);
  if (const std::string* v = old_content.metadata.Annotation(kBeingCreatedAnnotation)) {
    sanitized.metadata.annotations[key] = *v;
  } else {
    sanitized.metadata.annotations.erase(key);
  }
  if (!api::EncodesEqual(sanitized, old_content)) return true;
  if (filter == ContentUpdateFilter::kEnqueueReadyFlip) {
    return !IsContentReady(old_content) && IsContentReady(new_content);
  }
  return false;
}

}  // namespace snapsim::csi
