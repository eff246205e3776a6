#include "src/csi/diskplugin/csi.h"

#include <fmt/format.h>

namespace snapsim::csi::disk {

std::string_view GrpcCodeName(GrpcCode code) {
  switch (code) {
    case GrpcCode::kOk:
      return "OK";
    case GrpcCode::kCancelled:
      return "CANCELLED";
    case GrpcCode::kUnknown:
      return "UNKNOWN";
    case GrpcCode::kInvalidArgument:
      return "INVALID_ARGUMENT";
    case GrpcCode::kDeadlineExceeded:
      return "DEADLINE_EXCEEDED";
    case GrpcCode::kNotFound:
      return "NOT_FOUND";
    case GrpcCode::kAlreadyExists:
      return "ALREADY_EXISTS";
    case GrpcCode::kPermissionDenied:
      return "PERMISSION_DENIED";
    case GrpcCode::kResourceExhausted:
      return "RESOURCE_EXHAUSTED";
    case GrpcCode::kFailedPrecondition:
      return "FAILED_PRECONDITION";
    case GrpcCode::kAborted:
      return "ABORTED";
    case GrpcCode::kOutOfRange:
      return "OUT_OF_RANGE";
    case GrpcCode::kUnimplemented:
      return "UNIMPLEMENTED";
    case GrpcCode::kInternal:
      return "INTERNAL";
    case GrpcCode::kUnavailable:
      return "UNAVAILABLE";
  }
  return "UNKNOWN";
}

namespace {
// Go's codes.Code.String(): "InvalidArgument", "NotFound", ...
std::string_view GoCodeName(GrpcCode code) {
  switch (code) {
    case GrpcCode::kOk:
      return "OK";
    case GrpcCode::kCancelled:
      return "Canceled";
    case GrpcCode::kUnknown:
      return "Unknown";
    case GrpcCode::kInvalidArgument:
      return "InvalidArgument";
    case GrpcCode::kDeadlineExceeded:
      return "DeadlineExceeded";
    case GrpcCode::kNotFound:
      return "NotFound";
    case GrpcCode::kAlreadyExists:
      return "AlreadyExists";
    case GrpcCode::kPermissionDenied:
      return "PermissionDenied";
    case GrpcCode::kResourceExhausted:
      return "ResourceExhausted";
    case GrpcCode::kFailedPrecondition:
      return "FailedPrecondition";
    case GrpcCode::kAborted:
      return "Aborted";
    case GrpcCode::kOutOfRange:
      return "OutOfRange";
    case GrpcCode::kUnimplemented:
      return "Unimplemented";
    case GrpcCode::kInternal:
      return "Internal";
    case GrpcCode::kUnavailable:
      return "Unavailable";
  }
  return "Unknown";
}
}  // namespace

std::string GrpcStatus::ToString() const {
  return fmt::format("rpc error: code = {} desc = {}", GoCodeName(code), message);
}

}  // namespace snapsim::csi::disk
