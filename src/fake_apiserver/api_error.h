// ApiError: the API server's error space (metav1.Status), and FieldError, one
// validation failure (k8s.io/apimachinery/pkg/util/validation/field).
//
// Messages are the real server's, so that kubectl's rendering of them
// ("Error from server (NotFound): ...", "The VolumeSnapshot "x" is invalid: ...")
// reads exactly like a real cluster. kubectl-side formatting lives in sim/kubectl.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sim/engine/status.h"
#include "src/api/object.h"

namespace snapsim::apiserver {

struct FieldError {
  enum class Type { kRequired, kInvalid, kForbidden, kNotSupported, kDuplicate, kTooLong, kNotFound };
  Type type;
  std::string field;      // "spec.source"
  std::string bad_value;  // rendered: "\"abc\"", "3", "\"object\""; empty for Required/Forbidden
  std::string detail;

  static FieldError Required(std::string field, std::string detail = "");
  static FieldError Invalid(std::string field, std::string rendered_value, std::string detail);
  static FieldError Forbidden(std::string field, std::string detail);
  static FieldError NotSupported(std::string field, std::string rendered_value,
                                 const std::vector<std::string>& supported);
  static FieldError Duplicate(std::string field, std::string rendered_value);
  // "spec.source: Invalid value: \"object\": exactly one of ..."
  std::string ToString() const;
};

// Renders a value the way field errors quote it: strings in double quotes, numbers bare.
std::string Quote(std::string_view s);

class ApiError {
 public:
  enum class Reason {
    kNotFound, kAlreadyExists, kConflict, kInvalid, kBadRequest, kForbidden, kMethodNotAllowed,
    kUnsupportedMediaType, kInternalError, kServerTimeout, kTimeout, kTooManyRequests, kServiceUnavailable,
    kUnknown,  // a Status with no reason (e.g. an admission webhook's denial): "Error from server: ..."
  };

  static ApiError NotFound(const api::KindInfo& kind, std::string_view name);
  static ApiError NotFoundResource(std::string_view resource, std::string_view name);
  static ApiError AlreadyExists(const api::KindInfo& kind, std::string_view name);
  static ApiError Conflict(const api::KindInfo& kind, std::string_view name, std::string_view why);
  // The stale-resourceVersion conflict: "... the object has been modified; please apply ...".
  static ApiError StaleResourceVersion(const api::KindInfo& kind, std::string_view name);
  static ApiError Invalid(const api::KindInfo& kind, std::string_view name, std::vector<FieldError> errors);
  // 422 without field causes: kubectl prints "The request is invalid: <message>".
  static ApiError InvalidRequest(std::string message);
  static ApiError BadRequest(std::string message);
  // A failure with an HTTP code but no reason, as admission webhooks answer.
  static ApiError WithoutReason(int code, std::string message);
  static ApiError Forbidden(std::string message);
  static ApiError MethodNotAllowed(std::string message);
  static ApiError UnsupportedMediaType(std::string message);
  static ApiError InternalError(std::string message);
  static ApiError ServerTimeout(std::string message);
  static ApiError Timeout(std::string message);
  static ApiError TooManyRequests(std::string message);
  static ApiError ServiceUnavailable(std::string message);
  // An error named by a fault rule ("Conflict", "InternalError", "ServerTimeout", ...).
  static Result<ApiError> FromReasonName(std::string_view reason, const api::KindInfo& kind, std::string_view name);

  Reason reason() const { return reason_; }
  int code() const { return code_; }  // HTTP status
  std::string_view ReasonName() const;
  const std::string& message() const { return message_; }
  // For Invalid: the kind and name kubectl prints in "The <Kind> "<name>" is invalid".
  std::string_view details_kind() const { return details_kind_; }
  const std::string& details_name() const { return details_name_; }
  const std::vector<FieldError>& causes() const { return causes_; }
  bool Is(Reason r) const { return reason_ == r; }

  // The one mapping from the API server's error space to Status.
  Status ToStatus() const;

 private:
  ApiError(Reason r, int code, std::string message) : reason_(r), code_(code), message_(std::move(message)) {}
  Reason reason_;
  int code_;
  std::string message_;
  std::string_view details_kind_;
  std::string details_name_;
  std::vector<FieldError> causes_;
};

template <class T>
using ApiResult = Result<T, ApiError>;

}  // namespace snapsim::apiserver
