// JSON merge patch (RFC 7386, content type application/merge-patch+json), as the
// apiserver applies it (evanphx/json-patch v4 MergePatch) and as kubectl computes it
// (CreateMergePatch, and jsonmergepatch.CreateThreeWayJSONMergePatch for
// `kubectl apply` of kinds outside kubectl's scheme, i.e. custom resources).
//
// Semantics: in a patch object, null deletes a member, an object merges
// recursively into an object, anything else (arrays included) replaces. Nulls
// inside a value that is added rather than merged are pruned, as upstream does.
// Errors follow patch_util.h (the message is upstream's string).
#pragma once

#include "sim/engine/status.h"
#include "src/api/value.h"

namespace snapsim::apiserver {

// Applies `patch` to `doc`. A patch that is an array replaces the document; a
// patch that is neither object nor array (null included) is
// InvalidArgument("Invalid JSON Patch"); a null `doc` is
// InvalidArgument("Invalid JSON Document").
Result<api::Value> ApplyMergePatch(const api::Value& doc, const api::Value& patch);

// Two-way merge patch that turns `original` into `modified` (both objects):
// changed and added members, null for removed ones; arrays compare whole.
// REQUIRES: both are objects (otherwise InvalidArgument("Invalid JSON Document")).
Result<api::Value> CreateMergePatch(const api::Value& original, const api::Value& modified);

// kubectl's three-way JSON merge patch: additions and changes from `current` (the
// live object) to `modified` (the new config), plus deletions of what `original`
// (the last-applied config; null when absent) had and `modified` dropped. Members
// only in `current` are left alone. Does not check apply's preconditions.
Result<api::Value> CreateThreeWayJsonMergePatch(const api::Value& original,
                                                const api::Value& modified,
                                                const api::Value& current);

}  // namespace snapsim::apiserver
