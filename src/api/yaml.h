// YAML text <-> Value, the way kubectl reads and prints manifests.
//
// Reading follows the YAML 1.1 scalar resolution of Go's yaml.v2 (what
// sigs.k8s.io/yaml uses): plain `true`/`yes`/`on` are booleans, `~` and `null`
// are null, `0x1F` is an int, quoted scalars are always strings. Duplicate keys
// are an error. Documents are split on `---`; empty documents are skipped.
//
// Printing matches `kubectl get -o yaml`: keys sorted, two-space indent,
// sequences not indented under their key, strings that would read back as
// another type double-quoted, multi-line strings as literal blocks.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/engine/status.h"
#include "src/api/value.h"

namespace snapsim::api {

// Parses every document in `text`. Errors read as go-yaml's do: "yaml: line L: what".
Result<std::vector<Value>> ParseYamlDocuments(std::string_view text);
// Parses exactly one document (an empty text is null).
Result<Value> ParseYaml(std::string_view text);

std::string ToYaml(const Value& v);

// Returns true iff the plain scalar `s` resolves to something other than a
// string under YAML 1.1 rules (bool, int, float, null, timestamp).
bool PlainScalarIsNonString(std::string_view s);
// Resolves a plain (unquoted) scalar to a typed Value.
Value ResolvePlainScalar(std::string_view s);
// Whether `s` has yaml.v2's float syntax,
// ^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?$ — matched by hand: a
// std::regex_match costs about 50 k instructions a scalar (exposed for tests).
bool IsYamlFloatSyntax(std::string_view s);

// ParseYamlDocuments' fast path: JSON text that YAML reads exactly as JSON does — one
// object or array of double-quoted strings without escapes, integers, true, false and
// null; no fractions or exponents, no control or non-ASCII bytes, no repeated keys —
// parsed as JSON (yaml-cpp costs over 1,000 instructions a byte of it: a one-line
// `kubectl patch -p` body took 200 k). nullopt for anything else, which the YAML parser
// reads (and words the errors of). Exposed for tests, with the YAML path alone.
std::optional<Value> ParseYamlCompatibleJson(std::string_view text);
Result<std::vector<Value>> ParseYamlDocumentsAsYaml(std::string_view text);

}  // namespace snapsim::api
