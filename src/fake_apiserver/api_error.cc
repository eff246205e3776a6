#include "src/fake_apiserver/api_error.h"

#include <fmt/format.h>

namespace snapsim::apiserver {

FieldError FieldError::Required(std::string field, std::string detail) {
  return {Type::kRequired, std::move(field), "", std::move(detail)};
}
FieldError FieldError::Invalid(std::string field, std::string rendered_value, std::string detail) {
  return {Type::kInvalid, std::move(field), std::move(rendered_value), std::move(detail)};
}
FieldError FieldError::Forbidden(std::string field, std::string detail) {
  return {Type::kForbidden, std::move(field), "", std::move(detail)};
}
FieldError FieldError::NotSupported(std::string field, std::string rendered_value,
                                    const std::vector<std::string>& supported) {
  std::vector<std::string> quoted;
  for (const auto& s : supported) quoted.push_back(Quote(s));
  return {Type::kNotSupported, std::move(field), std::move(rendered_value),
          "supported values: " + fmt::format("{}", fmt::join(quoted, ", "))};
}
FieldError FieldError::Duplicate(std::string field, std::string rendered_value) {
  return {Type::kDuplicate, std::move(field), std::move(rendered_value), ""};
}

std::string FieldError::ToString() const {
  std::string out = field + ": ";
  switch (type) {
    case Type::kRequired: out += "Required value"; break;
    case Type::kForbidden: out += "Forbidden"; break;
    case Type::kInvalid: out += "Invalid value: " + bad_value; break;
    case Type::kNotSupported: out += "Unsupported value: " + bad_value; break;
    case Type::kDuplicate: out += "Duplicate value: " + bad_value; break;
    case Type::kTooLong: out += bad_value.empty() ? "Too long" : "Too long: " + bad_value; break;
    case Type::kNotFound: out += "Not found: " + bad_value; break;
  }
  if (!detail.empty()) out += ": " + detail;
  return out;
}

std::string Quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

ApiError ApiError::NotFound(const api::KindInfo& kind, std::string_view name) {
  return NotFoundResource(kind.Resource(), name);
}
ApiError ApiError::NotFoundResource(std::string_view resource, std::string_view name) {
  return ApiError(Reason::kNotFound, 404, fmt::format("{} \"{}\" not found", resource, name));
}
ApiError ApiError::AlreadyExists(const api::KindInfo& kind, std::string_view name) {
  return ApiError(Reason::kAlreadyExists, 409, fmt::format("{} \"{}\" already exists", kind.Resource(), name));
}
ApiError ApiError::Conflict(const api::KindInfo& kind, std::string_view name, std::string_view why) {
  return ApiError(Reason::kConflict, 409,
                  fmt::format("Operation cannot be fulfilled on {} \"{}\": {}", kind.Resource(), name, why));
}
ApiError ApiError::StaleResourceVersion(const api::KindInfo& kind, std::string_view name) {
  return Conflict(kind, name,
                  "the object has been modified; please apply your changes to the latest version and try again");
}
ApiError ApiError::Invalid(const api::KindInfo& kind, std::string_view name, std::vector<FieldError> errors) {
  std::vector<std::string> parts;
  for (const auto& e : errors) parts.push_back(e.ToString());
  std::string qualified = kind.group.empty() ? std::string(kind.kind)
                                             : fmt::format("{}.{}", kind.kind, kind.group);
  std::string joined = parts.size() == 1 ? parts[0] : fmt::format("[{}]", fmt::join(parts, ", "));
  ApiError e(Reason::kInvalid, 422, fmt::format("{} \"{}\" is invalid: {}", qualified, name, joined));
  e.details_kind_ = kind.kind;
  e.details_name_ = std::string(name);
  e.causes_ = std::move(errors);
  return e;
}
ApiError ApiError::InvalidRequest(std::string m) { return ApiError(Reason::kInvalid, 422, std::move(m)); }
ApiError ApiError::BadRequest(std::string m) { return ApiError(Reason::kBadRequest, 400, std::move(m)); }
ApiError ApiError::WithoutReason(int code, std::string m) { return ApiError(Reason::kUnknown, code, std::move(m)); }
ApiError ApiError::Forbidden(std::string m) { return ApiError(Reason::kForbidden, 403, std::move(m)); }
ApiError ApiError::MethodNotAllowed(std::string m) { return ApiError(Reason::kMethodNotAllowed, 405, std::move(m)); }
ApiError ApiError::UnsupportedMediaType(std::string m) {
  return ApiError(Reason::kUnsupportedMediaType, 415, std::move(m));
}
ApiError ApiError::InternalError(std::string m) { return ApiError(Reason::kInternalError, 500, std::move(m)); }
ApiError ApiError::ServerTimeout(std::string m) { return ApiError(Reason::kServerTimeout, 504, std::move(m)); }
ApiError ApiError::Timeout(std::string m) { return ApiError(Reason::kTimeout, 504, std::move(m)); }
ApiError ApiError::TooManyRequests(std::string m) { return ApiError(Reason::kTooManyRequests, 429, std::move(m)); }
ApiError ApiError::ServiceUnavailable(std::string m) {
  return ApiError(Reason::kServiceUnavailable, 503, std::move(m));
}

Result<ApiError> ApiError::FromReasonName(std::string_view reason, const api::KindInfo& kind, std::string_view name) {
  if (reason == "Conflict") return StaleResourceVersion(kind, name);
  if (reason == "NotFound") return NotFound(kind, name);
  if (reason == "AlreadyExists") return AlreadyExists(kind, name);
  if (reason == "InternalError") {
    return InternalError(fmt::format("Internal error occurred: injected fault on {} \"{}\"", kind.Resource(), name));
  }
  if (reason == "ServerTimeout") {
    return ServerTimeout(fmt::format(
        "The server was unable to return a response in the time allotted, but may still be processing the request "
        "(put {} {})", kind.Resource(), name));
  }
  if (reason == "Timeout") return Timeout("Timeout: request did not complete within requested timeout - context deadline exceeded");
  if (reason == "TooManyRequests") return TooManyRequests("the server has received too many requests and has asked us to try again later");
  if (reason == "ServiceUnavailable") return ServiceUnavailable("the server is currently unable to handle the request");
  if (reason == "Forbidden") return Forbidden(fmt::format("{} \"{}\" is forbidden: injected fault", kind.Resource(), name));
  if (reason == "BadRequest") return BadRequest("the server rejected our request for an unknown reason");
  return Status::InvalidArgument(fmt::format(
      "unknown API error \"{}\"; expected one of: Conflict, NotFound, AlreadyExists, InternalError, ServerTimeout, "
      "Timeout, TooManyRequests, ServiceUnavailable, Forbidden, BadRequest", reason));
}

std::string_view ApiError::ReasonName() const {
  switch (reason_) {
    case Reason::kNotFound: return "NotFound";
    case Reason::kAlreadyExists: return "AlreadyExists";
    case Reason::kConflict: return "Conflict";
    case Reason::kInvalid: return "Invalid";
    case Reason::kBadRequest: return "BadRequest";
    case Reason::kForbidden: return "Forbidden";
    case Reason::kMethodNotAllowed: return "MethodNotAllowed";
    case Reason::kUnsupportedMediaType: return "UnsupportedMediaType";
    case Reason::kInternalError: return "InternalError";
    case Reason::kServerTimeout: return "ServerTimeout";
    case Reason::kTimeout: return "Timeout";
    case Reason::kTooManyRequests: return "TooManyRequests";
    case Reason::kServiceUnavailable: return "ServiceUnavailable";
    case Reason::kUnknown: return "";
  }
  return "Unknown";
}

Status ApiError::ToStatus() const {
  switch (reason_) {
    case Reason::kNotFound: return Status::NotFound(message_);
    case Reason::kAlreadyExists: return Status::AlreadyExists(message_);
    case Reason::kConflict: return Status::Conflict(message_);
    case Reason::kInvalid:
    case Reason::kBadRequest: return Status::InvalidArgument(message_);
    case Reason::kMethodNotAllowed:
    case Reason::kUnsupportedMediaType: return Status::Unsupported(message_);
    case Reason::kForbidden: return Status::FailedPrecondition(message_);
    default: return Status::Internal(message_);
  }
}

}  // namespace snapsim::apiserver
