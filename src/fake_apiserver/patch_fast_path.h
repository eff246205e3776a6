// Typed fast paths for the JSON and merge patches controllers send most. The general path encodes
// the whole stored object to JSON, applies the patch and decodes the result
// (ApiServer::Patch); for these patches the outcome is the stored object with one part
// changed, so it is made on a typed copy instead.
//
// The contract of both is "same result or no result": a patched copy exactly as the
// general path would decode it, or nullptr - for any patch outside the shapes below, a
// patch that does not apply, a value that does not decode - so that the caller takes the
// general path and its exact errors. patch_fast_path_test.cc compares both paths.
#pragma once

#include <string>
#include <vector>

#include "src/api/object.h"
#include "src/api/value.h"
#include "src/fake_apiserver/decode.h"

namespace snapsim::apiserver {

// Every operation is one of
//   {"op": "replace", "path": "/metadata/annotations", "value": {string: string, ...}}
//   {"op": "replace", "path": "/metadata/finalizers",  "value": [string, ...]}
//   {"op": "remove",  "path": "/metadata/annotations/<key>"}   (the key is present)
// (<key> unescaped as the patch engine does: ~1 is "/", ~0 is "~").
api::MutableObjectPtr TryMetadataJsonPatch(const api::Object& current, const api::Value& ops);

// Every operation is an add, remove, replace or test whose path is "/status" or below it
// (csi-snapshotter's status and error-status writes). The patch is applied by the real
// JSON patch engine to the encoded status alone, which is decoded as DecodeBody would
// (with `validation`, adding its warnings); the rest of the object is not encoded.
// Kinds without a status subresource (KindInfo::has_status) always take the general path.
api::MutableObjectPtr TryStatusJsonPatch(const api::Object& current, const api::Value& ops,
                                         FieldValidation validation, std::vector<std::string>* warnings);

// A JSON merge patch (RFC 7386) of the form
//   {"metadata": {"finalizers": [string, ...] | null,
//                 "annotations": {string: string | null, ...} | null}}
// with one or both members (the attacher's finalizer and node-id patches).
api::MutableObjectPtr TryMetadataMergePatch(const api::Object& current, const api::Value& patch);

// A JSON merge patch whose only member is "status" (node and attachment status writes),
// applied by the real merge engine to the encoded status alone and decoded as for
// TryStatusJsonPatch. Kinds without a status subresource take the general path.
api::MutableObjectPtr TryStatusMergePatch(const api::Object& current, const api::Value& patch,
                                          FieldValidation validation, std::vector<std::string>* warnings);

}  // namespace snapsim::apiserver
