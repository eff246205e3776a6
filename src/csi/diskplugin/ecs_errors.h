// ecs_errors.h: how the disk driver turns ECS errors into gRPC statuses — exactly one
// mapping function per call family (reference §1.2 step 6, §1.5, §1.6), plus the text
// the Go SDK prints for an ECS error, which the driver embeds in its messages:
//   SDK.ServerError\nErrorCode: <c>\nRecommend: <url>\nRequestId: <rid>\nMessage: <m>
// Used by the controller service only.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "src/csi/diskplugin/csi.h"
#include "src/fake_ecs/errors.h"

namespace snapsim::csi::disk {

// The Go SDK's rendering of an ECS error (tea.SDKError.Error()).
std::string SdkErrorText(const ecs::EcsError& e);

// True for the flow-control codes the driver's throttler backs off on.
bool IsThrottling(const ecs::EcsError& e);

// CreateDisk, one attempt (§1.2 step 6): the message recorded for an error that falls
// through to the next attempt ("not supported in zone: ..."), or nullopt if it is final.
std::optional<std::string> CreateDiskFallThrough(const ecs::EcsError& e, std::string_view category,
                                                 std::string_view zone, std::int64_t size_gib,
                                                 std::string_view performance_level);
// CreateDisk, a final error: InvalidSnapshotId.NotFound -> NotFound, else Internal.
GrpcStatus MapCreateDiskError(const ecs::EcsError& e, std::string_view snapshot_id);

// AttachDisk (§1.6): NotFound for a missing instance, Internal for the disk limit,
// Aborted otherwise.
GrpcStatus MapAttachDiskError(const ecs::EcsError& e, std::string_view disk_id,
                              std::string_view instance_id);

// DetachDisk for ControllerUnpublish (§1.6): Aborted.
GrpcStatus MapDetachDiskError(const ecs::EcsError& e, std::string_view disk_id,
                              std::string_view instance_id);

// DeleteDisk (§1.5): Internal.
GrpcStatus MapDeleteDiskError(const ecs::EcsError& e);

// CreateSnapshot (§1.7): AlreadyExists for IdempotentParameterMismatch,
// ResourceExhausted for QuotaExceed.Snapshot, Internal otherwise.
GrpcStatus MapCreateSnapshotError(const ecs::EcsError& e);

// DeleteSnapshot (§1.9): Internal (not-found is success and never mapped).
GrpcStatus MapDeleteSnapshotError(const ecs::EcsError& e, std::string_view snapshot_id);

}  // namespace snapsim::csi::disk
