// The thin request layer (moto's responses.py): raw API parameters <-> typed requests.
//
// ParseXxx reads the parameters of one call as they arrive on the wire (Params: API
// name -> string value) into the typed request, and fails like ECS does on malformed
// values (InvalidParameter, MissingParameter, Invalid*Ids.Malformed). Parameters that
// the real API has but snapsim does not model, and names the API does not have, are
// refused with snapsim.Unsupported — never ignored. No rules about state live here:
// preconditions are the backend's.
//
// ToParams is the inverse, used for the call log and for fault matching when a typed
// request comes from a component rather than from the CLI: optional fields absent from
// the request are absent from the map; booleans are "true"/"false"; id lists are
// compact JSON arrays; tags are Tag.1.Key, Tag.1.Value, ...
#pragma once

#include <string>
#include <vector>

#include "src/fake_ecs/disk_api.h"
#include "src/fake_ecs/instance_api.h"
#include "src/fake_ecs/snapshot_api.h"

namespace snapsim::ecs {

Result<CreateDiskRequest, EcsError> ParseCreateDisk(const Params& p);
Result<DeleteDiskRequest, EcsError> ParseDeleteDisk(const Params& p);
Result<AttachDiskRequest, EcsError> ParseAttachDisk(const Params& p);
Result<DetachDiskRequest, EcsError> ParseDetachDisk(const Params& p);
Result<ResizeDiskRequest, EcsError> ParseResizeDisk(const Params& p);
Result<DescribeDisksRequest, EcsError> ParseDescribeDisks(const Params& p);
Result<DescribeInstancesRequest, EcsError> ParseDescribeInstances(const Params& p);
Result<CreateSnapshotRequest, EcsError> ParseCreateSnapshot(const Params& p);
Result<DeleteSnapshotRequest, EcsError> ParseDeleteSnapshot(const Params& p);
Result<ModifySnapshotAttributeRequest, EcsError> ParseModifySnapshotAttribute(const Params& p);
Result<DescribeSnapshotsRequest, EcsError> ParseDescribeSnapshots(const Params& p);

Params ToParams(const CreateDiskRequest& r);
Params ToParams(const DeleteDiskRequest& r);
Params ToParams(const AttachDiskRequest& r);
Params ToParams(const DetachDiskRequest& r);
Params ToParams(const ResizeDiskRequest& r);
Params ToParams(const DescribeDisksRequest& r);
Params ToParams(const DescribeInstancesRequest& r);
Params ToParams(const CreateSnapshotRequest& r);
Params ToParams(const DeleteSnapshotRequest& r);
Params ToParams(const ModifySnapshotAttributeRequest& r);
Params ToParams(const DescribeSnapshotsRequest& r);

// A JSON array of strings as ECS accepts it in DiskIds/SnapshotIds/InstanceIds
// ('["d-1","d-2"]', whitespace allowed). nullopt if it is not one.
std::optional<std::vector<std::string>> ParseIdArray(std::string_view json);
// The compact JSON form: ["d-1","d-2"].
std::string FormatIdArray(const std::vector<std::string>& ids);

}  // namespace snapsim::ecs
