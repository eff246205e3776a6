#include "src/csi/diskplugin/ecs_errors.h"

#include <fmt/format.h>

namespace snapsim::csi::disk {

std::string SdkErrorText(const ecs::EcsError& e) {
  return fmt::format(
      "SDK.ServerError\nErrorCode: {}\nRecommend: "
      "https://api.aliyun.com/troubleshoot?q={}&product=Ecs&requestId={}\nRequestId: {}\n"
      "Message: {}\nRespHeaders: map[]",
      e.code, e.code, e.request_id, e.request_id, e.message);
}

bool IsThrottling(const ecs::EcsError& e) { return e.code.rfind("Throttling", 0) == 0; }

std::optional<std::string> CreateDiskFallThrough(const ecs::EcsError& e, std::string_view category,
                                                 std::string_view zone, std::int64_t size_gib,
                                                 std::string_view performance_level) {
  if (e.code.rfind("InvalidDataDiskCategory", 0) == 0 ||
      e.message.find("'DataDisk.n.Category' is not valid in this region.") != std::string::npos) {
    return fmt::format("not supported in zone: {}", zone);
  }
  if (e.code == "InvalidDiskSize.NotSupported" ||
      e.code == "InvalidDataDiskSize.ValueNotSupported") {
    return fmt::format("invalid disk size: {}", size_gib);
  }
  if (category == "cloud_essd") {
    if (e.code == "OperationDenied.PerformanceLevelNotMatch") {
      return fmt::format("invalid disk size: {}", size_gib);
    }
    if (e.code == "InvalidPerformanceLevel.Malformed") {
      return fmt::format("performance level {} unsupported", performance_level);
    }
  }
  if (category == "cloud_auto" && e.code == "InvalidProvisionedIops.LimitExceed") {
    return std::string("provisioned iops has exceeded limit");
  }
  return std::nullopt;
}

GrpcStatus MapCreateDiskError(const ecs::EcsError& e, std::string_view snapshot_id) {
  if (e.code == "InvalidSnapshotId.NotFound") {
    return {GrpcCode::kNotFound, fmt::format("snapshot {} not found", snapshot_id)};
  }
  return {GrpcCode::kInternal, SdkErrorText(e)};
}

GrpcStatus MapAttachDiskError(const ecs::EcsError& e, std::string_view disk_id,
                              std::string_view instance_id) {
  if (e.code == "InvalidInstanceId.NotFound") {
    return {GrpcCode::kNotFound,
            fmt::format("Node({}) not found, request ID: {}", instance_id, e.request_id)};
  }
  if (e.code == "InstanceDiskLimitExceeded") {
    return {GrpcCode::kInternal, fmt::format("{}, Node({}) exceed the limit attachments of disk",
                                             SdkErrorText(e), instance_id)};
  }
  return {GrpcCode::kAborted, fmt::format("error happens to attach disk {} to instance {}, {}",
                                          disk_id, instance_id, SdkErrorText(e))};
}

GrpcStatus MapDetachDiskError(const ecs::EcsError& e, std::string_view disk_id,
                              std::string_view instance_id) {
  return {GrpcCode::kAborted,
          fmt::format("DetachDisk: Fail to detach {}: from Instance: {} with error: {}", disk_id,
                      instance_id, SdkErrorText(e))};
}

GrpcStatus MapDeleteDiskError(const ecs::EcsError& e) {
  return {GrpcCode::kInternal,
          fmt::format("DeleteVolume: Delete disk with error: {}", SdkErrorText(e))};
}

GrpcStatus MapCreateSnapshotError(const ecs::EcsError& e) {
  if (e.code == "IdempotentParameterMismatch") {
    return {GrpcCode::kAlreadyExists,
            fmt::format("already created but parameter mismatch (RequestID: {})", e.request_id)};
  }
  if (e.code == "QuotaExceed.Snapshot") {
    return {GrpcCode::kResourceExhausted,
            fmt::format("snapshot quota exceeded: {}", SdkErrorText(e))};
  }
  return {GrpcCode::kInternal, fmt::format("create snapshot failed: {}", SdkErrorText(e))};
}

GrpcStatus MapDeleteSnapshotError(const ecs::EcsError& e, std::string_view snapshot_id) {
  return {GrpcCode::kInternal,
          fmt::format("DeleteSnapshot: failed to delete {} with error: {}, requestId: {}",
                      snapshot_id, SdkErrorText(e), e.request_id)};
}

}  // namespace snapsim::csi::disk
