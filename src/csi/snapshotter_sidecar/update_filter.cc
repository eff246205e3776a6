#include "src/csi/snapshotter_sidecar/update_filter.h"

#include <map>
#include <string>

#include "src/csi/util/snapshot_names.h"

namespace snapsim::csi {
namespace {

// The annotation maps are equal once the being-created annotation is dropped from both.
bool AnnotationsEqualExceptBeingCreated(const std::map<std::string, std::string>& a,
                                        const std::map<std::string, std::string>& b) {
  auto ia = a.begin(), ib = b.begin();
  while (true) {
    while (ia != a.end() && ia->first == kBeingCreatedAnnotation) ++ia;
    while (ib != b.end() && ib->first == kBeingCreatedAnnotation) ++ib;
    if (ia == a.end() || ib == b.end()) return ia == a.end() && ib == b.end();
    if (*ia != *ib) return false;
    ++ia;
    ++ib;
  }
}

}  // namespace

bool ShouldEnqueueContentChange(const api::VolumeSnapshotContent& old_content,
                                const api::VolumeSnapshotContent& new_content, ContentUpdateFilter filter) {
  // A resync (same resourceVersion) is enqueued since v8.6; before, it sanitized to "no
  // change" and was dropped like the sidecar's own writes, so nothing ever healed #1388.
  if (old_content.metadata.resource_version == new_content.metadata.resource_version) {
    return filter == ContentUpdateFilter::kEnqueueReadyFlip;
  }
  // Everything but the ignored fields, compared in place (no sanitized copy: this runs for
  // every content update the sidecar hears).
  const api::ObjectMeta& a = new_content.metadata;
  const api::ObjectMeta& b = old_content.metadata;
  if (!api::EncodesEqualExcept(a, b, {"resourceVersion", "managedFields", "finalizers", "annotations"}) ||
      !AnnotationsEqualExceptBeingCreated(a.annotations, b.annotations) ||
      !new_content.BodyEncodesEqual(old_content, /*with_status=*/false)) {
    return true;
  }
  if (filter == ContentUpdateFilter::kEnqueueReadyFlip) {
    return !IsContentReady(old_content) && IsContentReady(new_content);
  }
  return false;
}

}  // namespace snapsim::csi
