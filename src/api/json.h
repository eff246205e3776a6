// JSON text <-> Value.
//
// Parsing is strict RFC 8259 (no comments, no trailing commas); integers that
// fit in int64 stay integers. Errors name the line and column.
// Printing escapes like Go's encoding/json (including <, >, & as \u003c etc.
// only when `escape_html` is set) so that output matches kubectl.
#pragma once

#include <string>
#include <string_view>

#include "sim/engine/status.h"
#include "src/api/value.h"

namespace snapsim::api {

struct JsonStyle {
  std::string indent;        // "" = compact, one line; "    " = kubectl -o json
  bool escape_html = false;  // Go's json.Marshal escapes <, >, & in strings
};

Result<Value> ParseJson(std::string_view text);
std::string ToJson(const Value& v, const JsonStyle& style = {});
// Appends a JSON string literal (with quotes) for `s` to `out`.
void AppendJsonString(std::string& out, std::string_view s, bool escape_html = false);

}  // namespace snapsim::api
