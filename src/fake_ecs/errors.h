// EcsError and one factory per real ECS error code.
//
// An EcsError is what the ECS OpenAPI returns on failure: a string Code, a Message,
// the HTTP status and the RequestId of the call. Every factory below reproduces one
// real code with its exact wire strings (sources in src/fake_ecs/COVERAGE.md); the
// backend never builds an EcsError by hand, so a code looks the same everywhere.
// Where the real service words one code differently per action (InvalidDiskId.NotFound
// says "DiskId" in CreateSnapshot and "disk" elsewhere), the factory takes the variant.
//
// ErrorForCode() is the one lookup from a code string to its factory; fault rules use
// it, so a fault can only inject a code the fake knows. The request id is filled in by
// the call machinery (Ecs), not by the factories.
//
// snapsim's own refusal of something it does not model is the pseudo-code
// "snapsim.Unsupported" (Unsupported()); it is never a real ECS answer.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sim/engine/status.h"

namespace snapsim::ecs {

struct EcsError {
  std::string code;
  std::string message;
  int http_status = 400;
  std::string request_id;

  // "<code>: <message>" (for logs and test failures).
  std::string ToString() const;
};

bool operator==(const EcsError& a, const EcsError& b);

inline constexpr std::string_view kUnsupportedCode = "snapsim.Unsupported";

namespace errors {

// Parameters.
EcsError MissingParameter(std::string_view param);  // "The input parameter X that is ..."
EcsError MissingSnapshotIdOrSize();                 // CreateDisk without SnapshotId and Size
EcsError InvalidParameter(std::string_view param);  // "The specified parameter \"X\" is not valid."
EcsError InvalidParameterEncryptedIllegal();
EcsError InvalidRegionIdNotFound();
EcsError InvalidZoneIdNotFound();
EcsError InvalidSnapshotNameMalformed();
EcsError InvalidDiskNameMalformed();
EcsError InvalidDescriptionMalformed();
EcsError InvalidTagKeyMalformed();
EcsError InvalidTagValueMalformed();
EcsError DuplicateTagKey();
EcsError InvalidTagCount();
EcsError InvalidDiskIdsMalformed();
EcsError InvalidSnapshotIdsMalformed();
EcsError InvalidInstanceIdsMalformed();
EcsError InvalidPerformanceLevelMalformed();
EcsError InvalidDiskCategoryValueNotSupported();
EcsError InvalidDeviceMalformed();
EcsError InvalidDeviceInUse();

// Not found.
enum class DiskIdWording {
  kDisk,
  kDiskId
};  // "The specified disk ..." / "The specified DiskId ..."
EcsError InvalidDiskIdNotFound(DiskIdWording wording = DiskIdWording::kDisk);
enum class SnapshotIdWording { kSnapshotId, kSnapshot };  // CreateDisk / DeleteSnapshot wording
EcsError InvalidSnapshotIdNotFound(SnapshotIdWording wording = SnapshotIdWording::kSnapshotId);
EcsError InvalidInstanceIdNotFound();

// Disk state.
enum class DiskStatusWording { kCurrentStatus, kInThisStatus };  // "The current disk status..."
EcsError IncorrectDiskStatus(DiskStatusWording wording = DiskStatusWording::kCurrentStatus);
EcsError IncorrectDiskStatusInitializing();
EcsError IncorrectDiskStatusCreatingSnapshot();
EcsError IncorrectDiskStatusNeverAttached();
EcsError IncorrectDiskStatusNeverUsed();
EcsError DiskCreatingSnapshot();
EcsError DiskTypeViolation();
EcsError ResourcesNotInSameZone();
EcsError InstanceDiskLimitExceeded();
EcsError IncorrectInstanceStatus();

// Disk creation.
EcsError InvalidDiskSizeTooSmall();      // CreateDisk: smaller than the snapshot
EcsError InvalidDiskSizeNotSupported();  // outside the category's range
EcsError ResizeDiskSizeTooSmall();       // ResizeDisk: not larger than before (same code)
EcsError InvalidDiskSizeTooLarge();
EcsError InvalidDataDiskCategoryNotSupported();
EcsError OperationDeniedPerformanceLevelNotMatch();
EcsError InvalidSnapshotIdNotReady();
EcsError InvalidSnapshotIdNotDataDiskSnapshot();

// Snapshots.
EcsError QuotaExceedSnapshot();
EcsError SnapshotCreatedDisk();
EcsError CreateSnapshotFailed();

// Idempotency.
EcsError IdempotentParameterMismatch();
EcsError IdempotentProcessing();

// Flow control, conflicts, server side.
EcsError Throttling();
EcsError ThrottlingUser();
EcsError ThrottlingApi();
EcsError OperationConflict();
EcsError OperationConflictDash();  // "Operation.Conflict" (DeleteSnapshot's spelling)
EcsError InternalError();
EcsError InvalidActionNotFound();
EcsError ServiceUnavailable();

// snapsim does not model this (a parameter, a value, an action).
EcsError Unsupported(std::string message);

}  // namespace errors

// The factory for a real code, e.g. "QuotaExceed.Snapshot" (exact, case-sensitive).
// InvalidArgument naming the known codes when the code is unknown.
Result<EcsError> ErrorForCode(std::string_view code);
// Every code ErrorForCode knows, sorted.
std::vector<std::string> KnownErrorCodes();

}  // namespace snapsim::ecs
