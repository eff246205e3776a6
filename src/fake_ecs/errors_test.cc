// Every factory's exact wire strings, and the code lookup used by fault rules.
#include "src/fake_ecs/errors.h"

#include <gtest/gtest.h>

namespace snapsim::ecs {
namespace {

struct Case {
  EcsError error;
  const char* code;
  const char* message;
  int status;
};

TEST(EcsErrorsTest, FactoriesReproduceTheRealStrings) {
  using namespace errors;  // NOLINT
  const Case cases[] = {
      {MissingParameter("DiskId"), "MissingParameter",
       "The input parameter \"DiskId\" that is mandatory for processing this request is not "
       "supplied.",
       400},
      {MissingSnapshotIdOrSize(), "MissingParameter",
       "The input parameter either \"SnapshotId\" or \"Size\" should be specified.", 400},
      {InvalidParameter("Size"), "InvalidParameter",
       "The specified parameter \"Size\" is not valid.", 400},
      {InvalidDiskIdNotFound(), "InvalidDiskId.NotFound", "The specified disk does not exist.",
       404},
      {InvalidDiskIdNotFound(DiskIdWording::kDiskId), "InvalidDiskId.NotFound",
       "The specified DiskId does not exist.", 404},
      {InvalidSnapshotIdNotFound(), "InvalidSnapshotId.NotFound",
       "The specified SnapshotId does not exist.", 404},
      {InvalidSnapshotIdNotFound(SnapshotIdWording::kSnapshot), "InvalidSnapshotId.NotFound",
       "The specified snapshot is not found", 404},
      {InvalidInstanceIdNotFound(), "InvalidInstanceId.NotFound",
       "The specified InstanceId does not exist.", 404},
      {IncorrectDiskStatus(), "IncorrectDiskStatus",
       "The current disk status does not support this operation.", 403},
      {IncorrectDiskStatus(DiskStatusWording::kInThisStatus), "IncorrectDiskStatus",
       "The operation is not supported in this status.", 403},
      {IncorrectDiskStatusInitializing(), "IncorrectDiskStatus.Initializing",
       "The specified disk is initializing.", 403},
      {IncorrectDiskStatusCreatingSnapshot(), "IncorrectDiskStatus.CreatingSnapshot",
       "A previous snapshot creation is in process.", 403},
      {IncorrectDiskStatusNeverAttached(), "IncorrectDiskStatus.NeverAttached",
       "The specified disk has never been attached to any instance.", 403},
      {IncorrectDiskStatusNeverUsed(), "IncorrectDiskStatus.NeverUsed",
       "The specified disk has never been used after creating.", 403},
      {DiskCreatingSnapshot(), "DiskCreatingSnapshot",
       "The operation is denied due to a snapshot of the specified disk is not completed yet.",
       403},
      {ResourcesNotInSameZone(), "ResourcesNotInSameZone",
       "The specified instance and disk are not in the same zone.", 403},
      {InstanceDiskLimitExceeded(), "InstanceDiskLimitExceeded",
       "The amount of the disk on instance in question reach its limits.", 403},
      {QuotaExceedSnapshot(), "QuotaExceed.Snapshot", "The snapshot quota exceeds.", 403},
      {IdempotentParameterMismatch(), "IdempotentParameterMismatch",
       "The specified clientToken is used.", 403},
      {IdempotentProcessing(), "IdempotentProcessing",
       "The previous idempotent request(s) is still processing.", 400},
      {InvalidDiskSizeTooSmall(), "InvalidDiskSize.TooSmall",
       "Specified disk size is less than the size of snapshot.", 403},
      {InvalidDiskSizeNotSupported(), "InvalidDiskSize.NotSupported", "disk size is not supported.",
       403},
      {InvalidDataDiskCategoryNotSupported(), "InvalidDataDiskCategory.NotSupported",
       "Specified disk category is not supported.", 403},
      {InvalidSnapshotIdNotReady(), "InvalidSnapshotId.NotReady",
       "The specified snapshot has not completed yet.", 403},
      {SnapshotCreatedDisk(), "SnapshotCreatedDisk",
       "The snapshot has been used to create disk(s).", 403},
      {Throttling(), "Throttling",
       "Request was denied due to request throttling, please try again after 5 minutes.", 400},
      {ThrottlingUser(), "Throttling.User", "Request was denied due to user flow control.", 400},
      {ThrottlingApi(), "Throttling.Api", "Request was denied due to api flow control.", 400},
      {OperationConflict(), "OperationConflict",
       "Request was denied due to conflict with a previous request.", 409},
      {InternalError(), "InternalError",
       "The request processing has failed due to some unknown error.", 500},
      {InvalidSnapshotNameMalformed(), "InvalidSnapshotName.Malformed",
       "The specified SnapshotName is wrongly formed.", 400},
      {InvalidRegionIdNotFound(), "InvalidRegionId.NotFound",
       "The specified RegionId does not exist.", 404},
      {InvalidZoneIdNotFound(), "InvalidZoneId.NotFound", "The specified zone does not exist.",
       404},
      {Unsupported("unsupported: x"), "snapsim.Unsupported", "unsupported: x", 400},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(c.error.code, c.code);
    EXPECT_EQ(c.error.message, c.message) << c.code;
    EXPECT_EQ(c.error.http_status, c.status) << c.code;
    EXPECT_EQ(c.error.request_id, "") << c.code;
  }
}

TEST(EcsErrorsTest, ErrorForCodeKnowsEveryFactoryCode) {
  auto e = ErrorForCode("QuotaExceed.Snapshot");
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->message, "The snapshot quota exceeds.");
  EXPECT_EQ(e->http_status, 403);
  for (const auto& code : KnownErrorCodes()) {
    auto f = ErrorForCode(code);
    ASSERT_TRUE(f.ok()) << code;
    EXPECT_EQ(f->code, code);
  }
  EXPECT_TRUE(ErrorForCode("Throttling.User").ok());
  EXPECT_TRUE(ErrorForCode("InvalidParameter").ok());
  EXPECT_FALSE(ErrorForCode("snapsim.Unsupported").ok());
}

TEST(EcsErrorsTest, ErrorForCodeRejectsUnknownCodesListingTheKnownOnes) {
  auto e = ErrorForCode("Throttled");
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().code(), Status::Code::kInvalidArgument);
  EXPECT_NE(e.status().message().find("unknown ECS error code \"Throttled\"; expected one of: "),
            std::string::npos);
  EXPECT_NE(e.status().message().find("Throttling.User"), std::string::npos);
  EXPECT_FALSE(ErrorForCode("throttling").ok());  // case-sensitive
}

}  // namespace
}  // namespace snapsim::ecs
