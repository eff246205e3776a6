// Output formats shared by get and the commands that take -o: yaml, json,
// name, jsonpath=..., wide and the default table.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sim/engine/status.h"
#include "src/api/value.h"

namespace snapsim::kubectl {

struct OutputFormat {
  enum class Kind { kTable, kWide, kYaml, kJson, kName, kJsonPath, kJsonPathAsJson };
  Kind kind = Kind::kTable;
  std::string jsonpath;  // for kJsonPath: the template
};

// Parses -o. Unknown formats get kubectl's message listing the allowed ones;
// real kubectl formats snapsim does not implement fail as "unsupported".
Result<OutputFormat> ParseOutputFormat(std::string_view o);

// kubectl's List wrapper for several objects.
api::Value ListOf(std::vector<api::Value> items);

// Renders `data` (an object or a List) as -o yaml/json/jsonpath print it.
Result<std::string> RenderData(const OutputFormat& format, const api::Value& data);

}  // namespace snapsim::kubectl
