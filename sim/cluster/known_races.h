// Known races of the real components that a chaos interleaving can reach, recognised
// after a failed run so that `snapsim chaos` reports them as KNOWN, not as defects of
// snapsim's controllers.
//
// external-snapshotter #1388, the window PR #1392 (v8.6) leaves open: a content deleted
// while csi-snapshotter's CreateSnapshot is in flight keeps its finalizer, because the
// being-created annotation blocks the deletion. When the snapshot is cut, the sidecar
// writes readyToUse and then removes the annotation; since #1392 the ready flip re-queues
// the content. If that sync reads the content before the annotation's removal reaches
// the informer (the watch event and the work queue are independent), it still sees the
// annotation and skips the deletion, and the removal itself is an update the sidecar
// filters out. The content and its VolumeSnapshot then wait for the sidecar's next resync
// (--resync-period, 15 minutes), which since v8.6 enqueues every content and deletes it.
//
// ExplainResyncHealedDeletion recognises the state - a content Terminating, ready, marked
// being-deleted and no longer being-created - and proves the race by letting the resync
// happen: only if every such content is then gone and no invariant is broken (no
// snapshot leaked on ECS) is the failure this race. It runs the cluster's virtual clock
// forward, so it is for a run that is over.
#pragma once

#include <optional>
#include <string>

#include "sim/engine/time.h"

namespace snapsim::cluster {

class Cluster;

// A one-line explanation when the cluster is stuck in the #1388 window and healed at the
// resync; nullopt otherwise.
std::optional<std::string> ExplainResyncHealedDeletion(Cluster& cluster, engine::Nanos resync_period);

}  // namespace snapsim::cluster
