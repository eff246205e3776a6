// Matching PersistentVolumes to claims (pkg/controller/volume/persistentvolume/
// util FindMatchingVolume and component-helpers/storage/volume), shared by the
// PV controller (node = none) and the scheduler's volume binding (node given).
// Pure functions; callers pass volumes in a deterministic order.
#pragma once

#include <optional>
#include <vector>

#include "src/api/kinds_storage.h"
#include "src/api/object.h"
#include "src/csi/kube/node_matching.h"

namespace snapsim::csi::kube {

// pv.spec.claimRef names this claim (and its uid, unless the ref has none).
bool IsVolumeBoundToClaim(const api::PersistentVolume& pv, const api::PersistentVolumeClaim& claim);
// Every access mode the claim asks for is one the volume has.
bool CheckAccessModes(const api::PersistentVolumeClaim& claim, const api::PersistentVolume& pv);
// Filesystem/Block disagree (unset means Filesystem).
bool VolumeModeMismatches(const api::PersistentVolumeClaim& claim, const api::PersistentVolume& pv);

// The volume for `claim` among `volumes`: the one pre-bound to it, else the
// smallest Available, unclaimed volume of the claim's class that satisfies the
// request, access modes, volume mode, selector and (when node_labels is given)
// node affinity. With delay_binding and no node, only a pre-bound volume counts.
// Returns nullptr when none fits.
api::ObjectPtr FindMatchingVolume(const api::PersistentVolumeClaim& claim,
                                  const std::vector<api::ObjectPtr>& volumes,
                                  const Labels* node_labels, bool delay_binding);

// A reference to the claim as GetReference builds it (kind, namespace, name, uid,
// apiVersion v1, resourceVersion).
api::ObjectReference ClaimReference(const api::PersistentVolumeClaim& claim);

}  // namespace snapsim::csi::kube
