#include "sim/aliyun/fault_value.h"

#include <fmt/format.h>

namespace snapsim::aliyun {
namespace {

Result<std::string> ScalarText(const api::Value& v, std::string_view key) {
  switch (v.type()) {
    case api::Value::Type::kString:
      return v.as_string();
    case api::Value::Type::kBool:
      return std::string(v.as_bool() ? "true" : "false");
    case api::Value::Type::kInt:
      return std::to_string(v.as_int());
    case api::Value::Type::kDouble:
      return fmt::format("{}", v.as_double());
    default:
      return Status::InvalidArgument(
          fmt::format("fault.ecs.{}: expected a scalar, got {}", key, v.TypeName()));
  }
}

}  // namespace

Result<ecs::FaultRule> ParseEcsFaultValue(const api::Value& rule) {
  if (!rule.is_object()) return Status::InvalidArgument("fault.ecs: expected a map");
  std::map<std::string, std::string> fields;
  for (const auto& [key, value] : rule.as_object()) {
    if (key == "match") {
      if (!value.is_object()) {
        return Status::InvalidArgument("fault.ecs.match: expected a map of parameter: value");
      }
      for (const auto& [param, v] : value.as_object()) {
        SNAPSIM_ASSIGN_OR_RETURN(fields["match." + param], ScalarText(v, "match." + param));
      }
      continue;
    }
    SNAPSIM_ASSIGN_OR_RETURN(fields[key], ScalarText(value, key));
  }
  return ecs::ParseFaultRule(fields);
}

}  // namespace snapsim::aliyun
