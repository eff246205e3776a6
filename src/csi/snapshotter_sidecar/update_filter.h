// Which VolumeSnapshotContent updates make csi-snapshotter sync the content
// (external-snapshotter utils.ShouldEnqueueContentChange and the sidecar's update
// handler; reference/snapshot-controller-semantics.md §0, §7 #1388).
//
// An update is enqueued when something other than status, finalizers, managedFields,
// resourceVersion and the volumesnapshot-being-created annotation changed. The
// sidecar's own status and annotation writes are thereby ignored. Since v8.6 (PR #1392)
// a status.readyToUse flip false -> true and a resync (same resourceVersion) are
// enqueued too; before, a resync sanitized to "no change" and was dropped, and a content
// deleted while its snapshot was being cut stayed Terminating for ever (issue #1388): the
// deletion was skipped because the being-created annotation was set, and the
// status-only update that made the content ready, the only change after it, was
// filtered out.
#pragma once

#include "src/api/kinds_snapshot.h"

namespace snapsim::csi {

enum class ContentUpdateFilter {
  kEnqueueReadyFlip,  // v8.6+: correct
  kIgnoreStatus,      // v6.2-v8.5: reintroduces #1388
};

bool ShouldEnqueueContentChange(const api::VolumeSnapshotContent& old_content,
                                const api::VolumeSnapshotContent& new_content, ContentUpdateFilter filter);

}  // namespace snapsim::csi
