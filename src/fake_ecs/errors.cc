#include "src/fake_ecs/errors.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace snapsim::ecs {

std::string EcsError::ToString() const { return fmt::format("{}: {}", code, message); }

bool operator==(const EcsError& a, const EcsError& b) {
  return a.code == b.code && a.message == b.message && a.http_status == b.http_status &&
         a.request_id == b.request_id;
}

namespace errors {
namespace {

EcsError E(std::string_view code, int status, std::string message) {
  return EcsError{std::string(code), std::move(message), status, ""};
}

}  // namespace

EcsError MissingParameter(std::string_view param) {
  return E(
      "MissingParameter", 400,
      fmt::format("The input parameter \"{}\" that is mandatory for processing this request is "
                  "not supplied.",
                  param));
}
EcsError MissingSnapshotIdOrSize() {
  return E("MissingParameter", 400,
           "The input parameter either \"SnapshotId\" or \"Size\" should be specified.");
}
EcsError InvalidParameter(std::string_view param) {
  return E("InvalidParameter", 400,
           fmt::format("The specified parameter \"{}\" is not valid.", param));
}
EcsError InvalidParameterEncryptedIllegal() {
  return E("InvalidParameter.EncryptedIllegal", 400,
           "The specified parameter Encrypted must be true when kmsKeyId is not empty.");
}
EcsError InvalidRegionIdNotFound() {
  return E("InvalidRegionId.NotFound", 404, "The specified RegionId does not exist.");
}
EcsError InvalidZoneIdNotFound() {
  return E("InvalidZoneId.NotFound", 404, "The specified zone does not exist.");
}
EcsError InvalidSnapshotNameMalformed() {
  return E("InvalidSnapshotName.Malformed", 400, "The specified SnapshotName is wrongly formed.");
}
EcsError InvalidDiskNameMalformed() {
  return E("InvalidDiskName.Malformed", 400, "The specified disk name is wrongly formed.");
}
EcsError InvalidDescriptionMalformed() {
  return E("InvalidDescription.Malformed", 400, "The specified description is wrongly formed.");
}
EcsError InvalidTagKeyMalformed() {
  return E("InvalidTagKey.Malformed", 400, "The specified Tag.n.Key is not valid.");
}
EcsError InvalidTagValueMalformed() {
  return E("InvalidTagValue.Malformed", 400, "The specified Tag.n.Value is not valid.");
}
EcsError DuplicateTagKey() {
  return E("Duplicate.TagKey", 400, "The Tag.N.Key contain duplicate key.");
}
EcsError InvalidTagCount() {
  return E("InvalidTagCount", 400, "The specified tags are beyond the permitted range.");
}
EcsError InvalidDiskIdsMalformed() {
  return E("InvalidDiskIds.Malformed", 400, "The specified parameter \"DiskIds\" is not valid.");
}
EcsError InvalidSnapshotIdsMalformed() {
  return E("InvalidSnapshotIds.Malformed", 400,
           "The specified parameter \"SnapshotIds\" is not valid.");
}
EcsError InvalidInstanceIdsMalformed() {
  return E("InvalidInstanceIds.Malformed", 400,
           "The specified parameter \"InstanceIds\" is not valid.");
}
EcsError InvalidPerformanceLevelMalformed() {
  return E("InvalidPerformanceLevel.Malformed", 400,
           "The specified parameter PerformanceLevel is not valid.");
}
EcsError InvalidDiskCategoryValueNotSupported() {
  return E("InvalidDiskCategory.ValueNotSupported", 400,
           "The specified parameter \"DiskCategory\" is not valid.");
}
EcsError InvalidDeviceMalformed() {
  return E("InvalidDevice.Malformed", 400, "The specified device is not valid.");
}
EcsError InvalidDeviceInUse() {
  return E("InvalidDevice.InUse", 403, "The specified device has been occupied.");
}

EcsError InvalidDiskIdNotFound(DiskIdWording wording) {
  return E("InvalidDiskId.NotFound", 404,
           wording == DiskIdWording::kDiskId ? "The specified DiskId does not exist."
                                             : "The specified disk does not exist.");
}
EcsError InvalidSnapshotIdNotFound(SnapshotIdWording wording) {
  return E("InvalidSnapshotId.NotFound", 404,
           wording == SnapshotIdWording::kSnapshotId ? "The specified SnapshotId does not exist."
                                                     : "The specified snapshot is not found");
}
EcsError InvalidInstanceIdNotFound() {
  return E("InvalidInstanceId.NotFound", 404, "The specified InstanceId does not exist.");
}

EcsError IncorrectDiskStatus(DiskStatusWording wording) {
  return E("IncorrectDiskStatus", 403,
           wording == DiskStatusWording::kInThisStatus
               ? "The operation is not supported in this status."
               : "The current disk status does not support this operation.");
}
EcsError IncorrectDiskStatusInitializing() {
  return E("IncorrectDiskStatus.Initializing", 403, "The specified disk is initializing.");
}
EcsError IncorrectDiskStatusCreatingSnapshot() {
  return E("IncorrectDiskStatus.CreatingSnapshot", 403,
           "A previous snapshot creation is in process.");
}
EcsError IncorrectDiskStatusNeverAttached() {
  return E("IncorrectDiskStatus.NeverAttached", 403,
           "The specified disk has never been attached to any instance.");
}
EcsError IncorrectDiskStatusNeverUsed() {
  return E("IncorrectDiskStatus.NeverUsed", 403,
           "The specified disk has never been used after creating.");
}
EcsError DiskCreatingSnapshot() {
  return E("DiskCreatingSnapshot", 403,
           "The operation is denied due to a snapshot of the specified disk is not completed yet.");
}
EcsError DiskTypeViolation() {
  return E("DiskTypeViolation", 403,
           "The specified disk is a system disk and cannot support the operation.");
}
EcsError ResourcesNotInSameZone() {
  return E("ResourcesNotInSameZone", 403,
           "The specified instance and disk are not in the same zone.");
}
EcsError InstanceDiskLimitExceeded() {
  return E("InstanceDiskLimitExceeded", 403,
           "The amount of the disk on instance in question reach its limits.");
}
EcsError IncorrectInstanceStatus() {
  return E("IncorrectInstanceStatus", 400,
           "The current status of the resource does not support this operation.");
}

EcsError InvalidDiskSizeTooSmall() {
  return E("InvalidDiskSize.TooSmall", 403,
           "Specified disk size is less than the size of snapshot.");
}
EcsError InvalidDiskSizeNotSupported() {
  return E("InvalidDiskSize.NotSupported", 403, "disk size is not supported.");
}
EcsError ResizeDiskSizeTooSmall() {
  return E("InvalidDiskSize.TooSmall", 403,
           "Specified new disk size is less than the original disk size.");
}
EcsError InvalidDiskSizeTooLarge() {
  return E("InvalidDiskSize.TooLarge", 403,
           "Specified new disk size is beyond the permitted range.");
}
EcsError InvalidDataDiskCategoryNotSupported() {
  return E("InvalidDataDiskCategory.NotSupported", 403,
           "Specified disk category is not supported.");
}
EcsError OperationDeniedPerformanceLevelNotMatch() {
  return E("OperationDenied.PerformanceLevelNotMatch", 403,
           "The specified PerformanceLevel and disk size do not match.");
}
EcsError InvalidSnapshotIdNotReady() {
  return E("InvalidSnapshotId.NotReady", 403, "The specified snapshot has not completed yet.");
}
EcsError InvalidSnapshotIdNotDataDiskSnapshot() {
  return E("InvalidSnapshotId.NotDataDiskSnapshot", 403,
           "The specified snapshot is system disk snapshot.");
}

EcsError QuotaExceedSnapshot() {
  return E("QuotaExceed.Snapshot", 403, "The snapshot quota exceeds.");
}
EcsError SnapshotCreatedDisk() {
  return E("SnapshotCreatedDisk", 403, "The snapshot has been used to create disk(s).");
}
EcsError CreateSnapshotFailed() {
  return E("CreateSnapshot.Failed", 403, "The process of creating snapshot is failed.");
}

EcsError IdempotentParameterMismatch() {
  return E("IdempotentParameterMismatch", 403, "The specified clientToken is used.");
}
EcsError IdempotentProcessing() {
  return E("IdempotentProcessing", 400, "The previous idempotent request(s) is still processing.");
}

EcsError Throttling() {
  return E("Throttling", 400,
           "Request was denied due to request throttling, please try again after 5 minutes.");
}
EcsError ThrottlingUser() {
  return E("Throttling.User", 400, "Request was denied due to user flow control.");
}
EcsError ThrottlingApi() {
  return E("Throttling.Api", 400, "Request was denied due to api flow control.");
}
EcsError OperationConflict() {
  return E("OperationConflict", 409, "Request was denied due to conflict with a previous request.");
}
EcsError OperationConflictDash() {
  return E("Operation.Conflict", 403,
           "The operation may conflicts with others, please retry later.");
}
EcsError InternalError() {
  return E("InternalError", 500, "The request processing has failed due to some unknown error.");
}
EcsError InvalidActionNotFound() {
  return E("InvalidAction.NotFound", 404,
           "Specified api is not found, please check your url and method.");
}
EcsError ServiceUnavailable() {
  return E("ServiceUnavailable", 503,
           "The request has failed due to a temporary failure of the server.");
}

EcsError Unsupported(std::string message) { return E(kUnsupportedCode, 400, std::move(message)); }

}  // namespace errors

namespace {

using Factory = EcsError (*)();

const std::map<std::string, Factory, std::less<>>& Registry() {
  static const std::map<std::string, Factory, std::less<>> kRegistry = [] {
    std::map<std::string, Factory, std::less<>> m;
    Factory all[] = {
        &errors::MissingSnapshotIdOrSize,
        &errors::InvalidParameterEncryptedIllegal,
        &errors::InvalidRegionIdNotFound,
        &errors::InvalidZoneIdNotFound,
        &errors::InvalidSnapshotNameMalformed,
        &errors::InvalidDiskNameMalformed,
        &errors::InvalidDescriptionMalformed,
        &errors::InvalidTagKeyMalformed,
        &errors::InvalidTagValueMalformed,
        &errors::DuplicateTagKey,
        &errors::InvalidTagCount,
        &errors::InvalidDiskIdsMalformed,
        &errors::InvalidSnapshotIdsMalformed,
        &errors::InvalidInstanceIdsMalformed,
        &errors::InvalidPerformanceLevelMalformed,
        &errors::InvalidDiskCategoryValueNotSupported,
        &errors::InvalidDeviceMalformed,
        &errors::InvalidDeviceInUse,
        [] { return errors::InvalidDiskIdNotFound(); },
        [] { return errors::InvalidSnapshotIdNotFound(); },
        &errors::InvalidInstanceIdNotFound,
        [] { return errors::IncorrectDiskStatus(); },
        &errors::IncorrectDiskStatusInitializing,
        &errors::IncorrectDiskStatusCreatingSnapshot,
        &errors::IncorrectDiskStatusNeverAttached,
        &errors::IncorrectDiskStatusNeverUsed,
        &errors::DiskCreatingSnapshot,
        &errors::DiskTypeViolation,
        &errors::ResourcesNotInSameZone,
        &errors::InstanceDiskLimitExceeded,
        &errors::IncorrectInstanceStatus,
        &errors::InvalidDiskSizeTooSmall,
        &errors::InvalidDiskSizeNotSupported,
        &errors::InvalidDiskSizeTooLarge,
        &errors::InvalidDataDiskCategoryNotSupported,
        &errors::OperationDeniedPerformanceLevelNotMatch,
        &errors::InvalidSnapshotIdNotReady,
        &errors::InvalidSnapshotIdNotDataDiskSnapshot,
        &errors::QuotaExceedSnapshot,
        &errors::SnapshotCreatedDisk,
        &errors::CreateSnapshotFailed,
        &errors::IdempotentParameterMismatch,
        &errors::IdempotentProcessing,
        &errors::Throttling,
        &errors::ThrottlingUser,
        &errors::ThrottlingApi,
        &errors::OperationConflict,
        &errors::OperationConflictDash,
        &errors::InternalError,
        &errors::InvalidActionNotFound,
        &errors::ServiceUnavailable,
    };
    for (Factory f : all) m.emplace(f().code, f);
    // A code whose factory needs an argument: a generic wording.
    m.emplace("InvalidParameter", [] { return errors::InvalidParameter("Parameter"); });
    return m;
  }();
  return kRegistry;
}

}  // namespace

Result<EcsError> ErrorForCode(std::string_view code) {
  const auto& reg = Registry();
  auto it = reg.find(code);
  if (it == reg.end()) {
    std::string known;
    for (const auto& [c, f] : reg) known += (known.empty() ? "" : ", ") + c;
    return Status::InvalidArgument(
        fmt::format("unknown ECS error code \"{}\"; expected one of: {}", code, known));
  }
  return it->second();
}

std::vector<std::string> KnownErrorCodes() {
  std::vector<std::string> out;
  for (const auto& [c, f] : Registry()) out.push_back(c);
  return out;
}

}  // namespace snapsim::ecs
