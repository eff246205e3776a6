// csi.h: a CSI-shaped interface (the messages of the CSI spec v1, as plain structs) and
// gRPC-style errors, for the disk driver diskplugin.csi.alibabacloud.com.
//
// Requests and responses mirror the CSI protobuf messages field for field (snake_case);
// a message field that protobuf leaves unset is std::optional here. Every RPC answers
// through a callback with either its response or a GrpcStatus (never OK), because the
// ECS calls underneath take virtual time. Callers: the external-provisioner, the
// external-attacher and the kubelet (all written elsewhere). No Kubernetes types here.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/engine/status.h"

namespace snapsim::csi::disk {

inline constexpr std::string_view kDriverName = "diskplugin.csi.alibabacloud.com";
inline constexpr std::string_view kDriverVersion = "v1.33.0";
inline constexpr std::string_view kTopologyZoneKey =
    "topology.diskplugin.csi.alibabacloud.com/zone";
inline constexpr std::string_view kStandardZoneKey = "topology.kubernetes.io/zone";
inline constexpr std::string_view kStandardRegionKey = "topology.kubernetes.io/region";
inline constexpr std::string_view kInstanceIdKey = "alibabacloud.com/ecs-instance-id";

// gRPC status codes (numeric values as in grpc/codes).
enum class GrpcCode {
  kOk = 0,
  kCancelled = 1,
  kUnknown = 2,
  kInvalidArgument = 3,
  kDeadlineExceeded = 4,
  kNotFound = 5,
  kAlreadyExists = 6,
  kPermissionDenied = 7,
  kResourceExhausted = 8,
  kFailedPrecondition = 9,
  kAborted = 10,
  kOutOfRange = 11,
  kUnimplemented = 12,
  kInternal = 13,
  kUnavailable = 14,
};

// "OK", "INVALID_ARGUMENT", ... (the canonical upper-case names).
std::string_view GrpcCodeName(GrpcCode code);

struct GrpcStatus {
  GrpcCode code = GrpcCode::kUnknown;
  std::string message;
  // "rpc error: code = InvalidArgument desc = <message>" (what a Go client prints).
  std::string ToString() const;
  friend bool operator==(const GrpcStatus&, const GrpcStatus&) = default;
};

template <class Resp>
using CsiResult = Result<Resp, GrpcStatus>;
template <class Resp>
using CsiReply = std::function<void(CsiResult<Resp>)>;

// An empty response (DeleteVolume, NodeStage, ...).
struct Empty {};

// ---- Common messages.
struct VolumeCapability {
  enum class AccessMode {
    kUnknown = 0,
    kSingleNodeWriter = 1,
    kSingleNodeReaderOnly = 2,
    kMultiNodeReaderOnly = 3,
    kMultiNodeSingleWriter = 4,
    kMultiNodeMultiWriter = 5,
    kSingleNodeSingleWriter = 6,
    kSingleNodeMultiWriter = 7,
  };
  bool block = false;                    // access_type: block (else mount)
  std::string fs_type;                   // mount.fs_type ("" = driver default ext4)
  std::vector<std::string> mount_flags;  // mount.mount_flags
  AccessMode access_mode = AccessMode::kSingleNodeWriter;
};

struct CapacityRange {
  std::int64_t required_bytes = 0;
  std::int64_t limit_bytes = 0;
};

// Topology: segment key -> value.
struct Topology {
  std::map<std::string, std::string> segments;
};

struct TopologyRequirement {
  std::vector<Topology> requisite;
  std::vector<Topology> preferred;
};

struct VolumeContentSource {
  std::optional<std::string> snapshot_id;  // snapshot.snapshot_id
  std::optional<std::string> volume_id;    // volume.volume_id (clone)
};

using Secrets = std::map<std::string, std::string>;

// ---- Identity.
struct GetPluginInfoResponse {
  std::string name;
  std::string vendor_version;
  std::map<std::string, std::string> manifest;
};

// ---- Controller.
struct CreateVolumeRequest {
  std::string name;
  std::optional<CapacityRange> capacity_range;
  std::vector<VolumeCapability> volume_capabilities;
  std::map<std::string, std::string> parameters;
  Secrets secrets;
  std::optional<VolumeContentSource> volume_content_source;
  std::optional<TopologyRequirement> accessibility_requirements;
};
struct Volume {
  std::int64_t capacity_bytes = 0;
  std::string volume_id;
  std::map<std::string, std::string> volume_context;
  std::optional<VolumeContentSource> content_source;
  std::vector<Topology> accessible_topology;
};
struct CreateVolumeResponse {
  Volume volume;
};

struct DeleteVolumeRequest {
  std::string volume_id;
  Secrets secrets;
};

struct ControllerPublishVolumeRequest {
  std::string volume_id;
  std::string node_id;  // the ECS instance id
  std::optional<VolumeCapability> volume_capability;
  bool readonly = false;
  Secrets secrets;
  std::map<std::string, std::string> volume_context;
};
struct ControllerPublishVolumeResponse {
  std::map<std::string, std::string> publish_context;  // {"serialNumber": ...}
};

struct ControllerUnpublishVolumeRequest {
  std::string volume_id;
  std::string node_id;
  Secrets secrets;
};

struct CreateSnapshotRequest {
  std::string source_volume_id;
  std::string name;
  Secrets secrets;
  std::map<std::string, std::string> parameters;
};
struct Snapshot {
  std::int64_t size_bytes = 0;
  std::string snapshot_id;
  std::string source_volume_id;
  std::int64_t creation_time_unix_seconds = 0;  // creation_time (google.protobuf.Timestamp)
  bool ready_to_use = false;
  std::string group_snapshot_id;
};
struct CreateSnapshotResponse {
  Snapshot snapshot;
};

struct DeleteSnapshotRequest {
  std::string snapshot_id;
  Secrets secrets;
};

struct ListSnapshotsRequest {
  std::int32_t max_entries = 0;
  std::string starting_token;
  std::string source_volume_id;
  std::string snapshot_id;
  Secrets secrets;
};
struct ListSnapshotsResponse {
  std::vector<Snapshot> entries;
  std::string next_token;
};

enum class ControllerCapability {
  kCreateDeleteVolume,
  kPublishUnpublishVolume,
  kListVolumes,
  kGetCapacity,
  kCreateDeleteSnapshot,
  kListSnapshots,
  kCloneVolume,
  kPublishReadonly,
  kExpandVolume,
  kModifyVolume,
};
struct ControllerGetCapabilitiesResponse {
  std::vector<ControllerCapability> capabilities;
};

// ---- Node.
struct NodeStageVolumeRequest {
  std::string volume_id;
  std::map<std::string, std::string> publish_context;
  std::string staging_target_path;
  VolumeCapability volume_capability;
  Secrets secrets;
  std::map<std::string, std::string> volume_context;
};

struct NodeUnstageVolumeRequest {
  std::string volume_id;
  std::string staging_target_path;
};

struct NodePublishVolumeRequest {
  std::string volume_id;
  std::map<std::string, std::string> publish_context;
  std::string staging_target_path;
  std::string target_path;
  VolumeCapability volume_capability;
  bool readonly = false;
  Secrets secrets;
  std::map<std::string, std::string> volume_context;
};

struct NodeUnpublishVolumeRequest {
  std::string volume_id;
  std::string target_path;
};

struct NodeGetInfoResponse {
  std::string node_id;
  std::int64_t max_volumes_per_node = 0;
  Topology accessible_topology;
};

enum class NodeCapability { kStageUnstageVolume, kGetVolumeStats, kExpandVolume };
struct NodeGetCapabilitiesResponse {
  std::vector<NodeCapability> capabilities;
};

}  // namespace snapsim::csi::disk
