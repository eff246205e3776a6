// Shared helpers for the patch engines in this folder (patch_json, patch_merge,
// strategic_*, apply_patch): Go-style rendering of decoded JSON for error messages,
// Go's strict (type-exact) equality, and the HTTP status each engine error maps to.
//
// Error convention of every engine here. The message is exactly the upstream Go
// error string; the code says which HTTP answer the real apiserver gives:
//   kInvalidArgument    -> 400 BadRequest           (malformed patch or directive)
//   kFailedPrecondition -> 422 Invalid              (a well-formed patch that does not apply)
//   kUnsupported        -> 415 UnsupportedMediaType (strategic merge on a custom resource)
//   kInternal           -> 500, reason Unknown      (errors the apiserver passes through untyped)
// Client-side errors (apply_patch) carry kInvalidArgument; kubectl prints them itself.
#pragma once

#include <string>
#include <string_view>

#include "sim/engine/status.h"
#include "src/api/value.h"

namespace snapsim::apiserver {

// Renders `v` the way Go's fmt "%v" prints the same JSON decoded into interface{}:
// "map[a:1 b:[x y]]", "<nil>", floats in %g form ("1e+06").
std::string GoString(const api::Value& v);

// Go's reflect type name of `v` decoded into interface{}, as fmt "%s" prints a
// reflect.Type: "map[string]interface {}", "[]interface {}", "string", "int64",
// "float64", "bool"; null prints as "%!s(<nil>)".
std::string GoTypeName(const api::Value& v);

// reflect.DeepEqual over decoded JSON: like ==, but int 1 and double 1.0 differ
// (the apiserver decodes integers as int64 and other numbers as float64).
bool GoDeepEqual(const api::Value& a, const api::Value& b);

// The HTTP status code the apiserver answers for an engine error (see above);
// 200 for OK.
int PatchErrorHttpCode(const Status& status);

}  // namespace snapsim::apiserver
