// UpstreamBugs: switches that put fixed upstream bugs back into our controllers, so
// that a chaos campaign can show it finds each of them (and that the correct build
// passes), and so that users can replay the behaviour of an old release.
//
//   #1388  csi-snapshotter drops the status-only update that makes a content ready, so a
//          deletion that arrived during a slow CreateSnapshot is never processed;
//   #1366  snapshot-controller returns success when a restoring PVC blocks a deletion, so
//          the deletion is not retried;
//   #292   snapshot-controller keeps a snapshot's bound finalizer while a bound content
//          exists, ignoring a content flipped to Retain (never deleted): the snapshot
//          stays Terminating for ever;
//   #1301  csi-snapshotter, after DeleteSnapshot and the status clear, does not requeue
//          a failed finalizer removal (an API hiccup) and relies on a later event, which
//          the update filter drops: the content stays Terminating;
//   #134   csi-snapshotter sets no volumesnapshot-being-created annotation, so a content
//          deleted while CreateSnapshot is in flight leaks the storage snapshot;
//   #413   snapshot-controller refuses a snapshot of a terminating PVC even when the PVC
//          already carries the pvc-as-source finalizer.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sim/engine/status.h"

namespace snapsim::csi {

struct UpstreamBugs {
  bool ignore_ready_flip = false;              // #1388
  bool restore_pending_returns_ok = false;     // #1366
  bool deletion_uses_class_policy = false;     // #292
  bool finalizer_left_after_delete = false;    // #1301
  bool no_being_created_guard = false;         // #134
  bool refuse_terminating_pvc = false;         // #413
};

// The issue numbers above, in that order.
const std::vector<std::string_view>& KnownUpstreamBugs();

// Parses issue numbers ("1388" or "#1388"). An unknown one is InvalidArgument naming
// the known ones.
Result<UpstreamBugs> ParseUpstreamBugs(const std::vector<std::string>& ids);

}  // namespace snapsim::csi
