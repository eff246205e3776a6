// The parse tree of a kubectl jsonpath template (client-go util/jsonpath node.go).
//
// Internal to jsonpath.{h,cc}. A template is a flat sequence of top-level nodes, each
// either literal text or a list (one `{...}` action) whose elements are applied left to
// right: fields, array slices, filters, wildcards, recursive descent, unions, identifiers
// (`range`, `end`) and literals. Built by ParseTemplate (jsonpath_parser.h), read by the
// Evaluator (jsonpath_eval.h); immutable once built.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "src/api/value.h"

namespace snapsim::kubectl::jsonpath_internal {

// One bound of an array slice [start:end:step].
struct SliceParam {
  std::int64_t value = 0;
  bool known = false;    // written in the template
  bool derived = false;  // end of a plain index [i], i.e. i+1
};

struct Node {
  enum class Kind {
    kText,        // literal: `literal` holds the string
    kList,        // one action; `children` are applied in order
    kField,       // `name` is the (unescaped) key
    kIdentifier,  // `name`: "range", "end", or anything else (an execution error)
    kArray,       // `params`: start, end, step
    kFilter,      // `name` is the operator or "exists"; children = {left list, right list}
    kInt,         // `literal` (Go int)
    kFloat,       // `literal` (float64)
    kBool,        // `literal`
    kWildcard,
    kRecursive,
    kUnion,  // children are lists
  };
  Kind kind = Kind::kList;
  std::string name;
  api::Value literal;
  std::array<SliceParam, 3> params{};
  std::vector<Node> children;
};

// A flat rendering in the spirit of client-go's node String() methods, one node per line
// in depth-first order, e.g. "NodeList\nNodeField: name\n". For tests and debugging.
std::string DebugString(const std::vector<Node>& nodes);

}  // namespace snapsim::kubectl::jsonpath_internal
