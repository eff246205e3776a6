#include "src/api/reflect.h"

#include <cmath>

#include <fmt/format.h>

namespace snapsim::api {

std::string DecodeContext::Path() const {
  std::string out;
  for (const auto& p : path_) {
    if (!out.empty() && p[0] != '[') out += '.';
    out += p;
  }
  return out;
}

void DecodeContext::WrongType(std::string_view go_type, std::string_view schema_type, const Value& got) {
  std::string got_name = std::string(got.TypeName());
  if (got.is_int()) got_name = "integer";
  if (got.is_double()) got_name = "number";
  if (got.is_bool()) got_name = "boolean";
  issues_.push_back({DecodeIssue::Kind::kWrongType, Path(), std::string(go_type), std::string(struct_),
                     got_name, std::string(schema_type), ""});
}

namespace internal {

void DecodeString(const Value& in, std::string& out, DecodeContext& ctx) {
  if (in.is_null()) return;
  if (!in.is_string()) {
    ctx.WrongType("string", "string", in);
    return;
  }
  out = in.as_string();
}

void DecodeBool(const Value& in, bool& out, DecodeContext& ctx) {
  if (in.is_null()) return;
  if (!in.is_bool()) {
    ctx.WrongType("bool", "boolean", in);
    return;
  }
  out = in.as_bool();
}

void DecodeInt(const Value& in, std::int64_t& out, std::string_view go_type, DecodeContext& ctx) {
  if (in.is_null()) return;
  if (in.is_int()) {
    out = in.as_int();
    return;
  }
  if (in.is_double() && std::floor(in.as_double()) == in.as_double()) {
    out = static_cast<std::int64_t>(in.as_double());
    return;
  }
  ctx.WrongType(go_type, "integer", in);
}

void DecodeDouble(const Value& in, double& out, DecodeContext& ctx) {
  if (in.is_null()) return;
  if (!in.is_number()) {
    ctx.WrongType("float64", "number", in);
    return;
  }
  out = in.as_double();
}

void DecodeQuantity(const Value& in, Quantity& out, DecodeContext& ctx) {
  if (in.is_null()) return;
  std::string text;
  if (in.is_string()) {
    text = in.as_string();
  } else if (in.is_int()) {
    text = std::to_string(in.as_int());
  } else if (in.is_double()) {
    text = fmt::format("{}", in.as_double());
  } else {
    ctx.WrongType("resource.Quantity", "string", in);
    return;
  }
  auto q = Quantity::Parse(text);
  if (!q.ok()) {
    ctx.Invalid(q.status().message());
    return;
  }
  out = *q;
}

void DecodeIntOrString(const Value& in, IntOrString& out, DecodeContext& ctx) {
  if (in.is_null()) return;
  if (in.is_int()) {
    out = IntOrString{true, in.as_int(), ""};
  } else if (in.is_string()) {
    out = IntOrString{false, 0, in.as_string()};
  } else {
    ctx.WrongType("intstr.IntOrString", "integer-or-string", in);
  }
}

}  // namespace internal
}  // namespace snapsim::api
