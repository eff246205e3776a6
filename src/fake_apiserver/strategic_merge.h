// Strategic merge patch (application/strategic-merge-patch+json) as the apiserver
// applies it to built-in kinds: k8s.io/apimachinery strategicpatch.StrategicMergeMapPatch.
//
// Like a JSON merge patch, but lists whose field declares patchStrategy "merge"
// (see StrategicSchema) are merged: lists of objects item by item on the
// patchMergeKey, lists of primitives as a set union, with the order upstream
// computes. Directives:
//   {"$patch": "replace"} in an object   -> the object replaces the original one
//   {"$patch": "delete"}  in an object   -> the object becomes {}
//   {"$patch": "delete", key: v} in a list -> removes the items whose merge key is v
//   {"$patch": "replace"} in a list      -> the rest of the patch list replaces the list
//   "$retainKeys": [...]                 -> clears the original's other fields
//   "$deleteFromPrimitiveList/<f>": [...] -> removes those values from list <f>
//   "$setElementOrder/<f>": [...]        -> final order of list <f>
// "$patch": "merge" is rejected as upstream rejects it ("unknown patch type: merge
// in map: ..." on objects, "merging lists cannot yet be specified in the patch" in
// lists). Null deletes a field; nulls that match nothing are dropped.
//
// Errors carry upstream's message and the HTTP class of patch_util.h (e.g. 400
// "invalid patch format of retainKeys", 422 "lists of lists are not supported",
// 500 "map: map[image:x] does not contain declared merge key: name").
#pragma once

#include <string_view>

#include "sim/engine/status.h"
#include "src/api/value.h"
#include "src/fake_apiserver/strategic_schema.h"

namespace snapsim::apiserver {

// Applies `patch` (an object; null is an empty patch) to `doc` (an object).
Result<api::Value> ApplyStrategicMergePatch(const api::Value& doc, const api::Value& patch,
                                            const StrategicSchema& schema);

// The same for an object of `kind`: Unsupported (415,
// StrategicMergeUnsupportedMessage()) when the kind is a custom resource.
Result<api::Value> ApplyStrategicMergePatchForKind(const api::Value& doc, const api::Value& patch,
                                                   std::string_view kind);

}  // namespace snapsim::apiserver
