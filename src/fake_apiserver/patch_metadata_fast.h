// A typed fast path for the JSON patches controllers send most: replacing
// metadata.annotations or metadata.finalizers, and removing one annotation. The general
// path encodes the whole stored object to JSON, applies the patch and decodes the result
// (ApiServer::Patch); for these operations the outcome is the stored object with that
// one metadata field changed, so it is made on a typed copy instead.
//
// The contract is "same result or no result": TryMetadataJsonPatch returns a patched
// copy only when every operation is one of
//   {"op": "replace", "path": "/metadata/annotations", "value": {string: string, ...}}
//   {"op": "replace", "path": "/metadata/finalizers",  "value": [string, ...]}
//   {"op": "remove",  "path": "/metadata/annotations/<key>"}   (the key is present)
// (JSON pointer escapes ~0 and ~1 in <key>), and nullptr for anything else - another
// path, another op, a value of another shape, a missing key - so that the caller takes
// the general path and its exact errors. patch_metadata_fast_test.cc compares both paths.
#pragma once

#include "src/api/object.h"
#include "src/api/value.h"

namespace snapsim::apiserver {

api::MutableObjectPtr TryMetadataJsonPatch(const api::Object& current, const api::Value& ops);

}  // namespace snapsim::apiserver
