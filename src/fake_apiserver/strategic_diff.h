// Computing strategic merge patches, as kubectl does (k8s.io/apimachinery
// strategicpatch CreateTwoWayMergePatch / CreateThreeWayMergePatch): the patch
// that ApplyStrategicMergePatch turns into the wanted object.
//
// The generated patch uses the directives of strategic_merge.h: null for removed
// fields, {"$patch": "delete", <mergeKey>: v} for removed items of merged lists of
// objects, "$deleteFromPrimitiveList/<f>" for removed primitives,
// "$setElementOrder/<f>" whenever a merged list's content or order changed, and
// "$retainKeys" for retainKeys fields. Upstream quirks kept: a merged list of
// primitives that is not sorted in the new config always gets a
// "$setElementOrder" entry (upstream compares against a sorted copy).
#pragma once

#include "sim/engine/status.h"
#include "src/api/value.h"
#include "src/fake_apiserver/strategic_schema.h"

namespace snapsim::apiserver {

// The patch turning `original` into `modified` (objects; null counts as {}).
Result<api::Value> CreateTwoWayStrategicMergePatch(const api::Value& original,
                                                   const api::Value& modified,
                                                   const StrategicSchema& schema);

// kubectl apply's three-way patch: changes and additions from `current` (live) to
// `modified` (new config), plus deletions of what `original` (last-applied config;
// null when absent) had and `modified` dropped; fields only in `current` are kept.
// Computed with kubectl's default --overwrite=true (no conflict detection).
Result<api::Value> CreateThreeWayStrategicMergePatch(const api::Value& original,
                                                     const api::Value& modified,
                                                     const api::Value& current,
                                                     const StrategicSchema& schema);

}  // namespace snapsim::apiserver
