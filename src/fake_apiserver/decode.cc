#include "src/fake_apiserver/decode.h"

#include <fmt/format.h>

#include "src/api/kinds_core.h"

namespace snapsim::apiserver {
namespace {

// Go's encoding/json name for a JSON value's type in "cannot unmarshal X into ...".
std::string_view GoJsonTypeName(std::string_view got) {
  if (got == "integer" || got == "number") return "number";
  if (got == "boolean") return "bool";
  return got;
}

}  // namespace

ApiResult<api::MutableObjectPtr> DecodeBody(const api::Value& body, const api::KindInfo& kind,
                                            std::string_view version, FieldValidation validation,
                                            std::vector<std::string>* warnings) {
  api::MutableObjectPtr obj = kind.make();
  // apiVersion and kind are not fields of the typed object: the decoder reports them as
  // unknown top-level fields, which are dropped below (no copy of the body without them).
  api::DecodeContext ctx;
  obj->DecodeFields(body, ctx);
  std::string name = obj->metadata.name;
  std::string prefix = fmt::format("{} in version \"{}\" cannot be handled as a {}: ", kind.kind, version, kind.kind);

  std::vector<std::string> unknown;
  std::vector<FieldError> schema_errors;
  for (const api::DecodeIssue& issue : ctx.issues()) {
    if (issue.kind == api::DecodeIssue::Kind::kUnknownField && (issue.path == "apiVersion" || issue.path == "kind")) {
      continue;
    }
    switch (issue.kind) {
      case api::DecodeIssue::Kind::kUnknownField:
        unknown.push_back(fmt::format("unknown field \"{}\"", issue.path));
        break;
      case api::DecodeIssue::Kind::kWrongType:
        if (!kind.custom) {
          // encoding/json stops at the first type error.
          return ApiError::BadRequest(prefix + fmt::format("json: cannot unmarshal {} into Go struct field {}.{} of type {}",
                                                           GoJsonTypeName(issue.got), issue.go_struct, issue.path,
                                                           issue.go_type));
        }
        schema_errors.push_back(FieldError::Invalid(
            issue.path, Quote(issue.got),
            fmt::format("{} in body must be of type {}: {}", issue.path, issue.schema_type, Quote(issue.got))));
        break;
      case api::DecodeIssue::Kind::kInvalidValue:
        if (!kind.custom) return ApiError::BadRequest(prefix + issue.detail);
        schema_errors.push_back(FieldError::Invalid(issue.path, "\"\"", issue.detail));
        break;
    }
  }
  if (!schema_errors.empty()) return ApiError::Invalid(kind, name, schema_errors);
  if (auto* secret = dynamic_cast<api::Secret*>(obj.get())) {
    // data is []byte in Go: the JSON string must be base64.
    for (const auto& [key, value] : secret->data) {
      auto decoded = api::Base64Decode(value);
      if (!decoded.ok()) return ApiError::BadRequest(prefix + decoded.status().message());
    }
  }
  if (!unknown.empty()) {
    if (validation == FieldValidation::kStrict) {
      return ApiError::BadRequest(prefix + "strict decoding error: " + fmt::format("{}", fmt::join(unknown, ", ")));
    }
    if (validation == FieldValidation::kWarn && warnings != nullptr) {
      warnings->insert(warnings->end(), unknown.begin(), unknown.end());
    }
  }
  return obj;
}

}  // namespace snapsim::apiserver
