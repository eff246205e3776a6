// JSON patch (RFC 6902, content type application/json-patch+json) as the apiserver
// applies it: evanphx/json-patch v4 (gopkg.in/evanphx/json-patch.v4), quirks included.
//
// Operations add, remove, replace, move, copy, test; JSON pointers with ~0 / ~1
// escapes; "-" appends; negative array indices count from the end (v4 allows them).
// v4 quirks reproduced on purpose: `replace` of a missing object member adds it,
// `copy` from a missing member copies null, `test` of a missing member against null
// passes, the first pointer segment before the first "/" is ignored.
//
// Errors (see patch_util.h): an `ops` value that does not decode as a patch is
// InvalidArgument (400, e.g. "json: cannot unmarshal object into Go value of type
// jsonpatch.Patch"); an operation that does not apply is FailedPrecondition (422)
// with evanphx's message, e.g.
//   add operation does not apply: doc is missing path: "/spec/x": missing value
//   testing value /a failed: test failed
// Note the real apiserver puts only a generic text in the 422 Status it returns
// ("the server rejected our request due to an error in our request"); callers that
// model the HTTP answer should do the same and keep this message for logs.
#pragma once

#include <string>
#include <string_view>

#include "sim/engine/status.h"
#include "src/api/value.h"

namespace snapsim::apiserver {

// Applies the operations in `ops` (an array; null means no operations) to `doc`
// (an object or array), in order; the first failing operation fails the whole patch.
Result<api::Value> ApplyJsonPatch(api::Value doc, const api::Value& ops);  // doc by value: move it in to spare a copy

// One JSON pointer segment unescaped as evanphx does it, left to right: "~1" -> "/",
// "~0" -> "~"; any other "~" stays as it is.
std::string UnescapePointerSegment(std::string_view segment);

}  // namespace snapsim::apiserver
