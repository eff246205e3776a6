// The parser of kubectl jsonpath templates (client-go util/jsonpath parser.go).
//
// Internal to jsonpath.{h,cc} (and its tests); builds the tree of jsonpath_node.h.
// Quirks of the upstream parser are kept on purpose, e.g. `['a.b']` means `.a.b` (the
// quoted key is re-parsed as a field path) and `[]` means `[0]`. Parse errors carry
// client-go's exact messages ("unclosed action", "unrecognized character in action:
// U+002A '*'", "invalid array index x", ...), as kInvalidArgument.
#pragma once

#include <string_view>
#include <vector>

#include "sim/engine/status.h"
#include "sim/kubectl/jsonpath_node.h"

namespace snapsim::kubectl::jsonpath_internal {

// Parses a whole template into its top-level nodes (kText and kList only).
Result<std::vector<Node>> ParseTemplate(std::string_view text);

}  // namespace snapsim::kubectl::jsonpath_internal
