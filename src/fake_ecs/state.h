// Internal: the plain model objects the backend owns (moto's "models"). Not part of
// the public API; only src/fake_ecs/*.cc include it.
//
// Invariants (kept by the backend):
//  1. disk.status is kAttaching/kInUse/kDetaching iff disk.instance_id is set.
//  2. disk.snapshot_in_progress names a snapshot of that disk whose status is
//     progressing, or is empty; at most one per disk.
//  3. disk.manual_snapshots = the number of existing snapshots whose source is the disk.
//  4. snapshot.live_disks = the number of existing disks created from the snapshot.
//  5. Everything is keyed by id in std::map and listed by `seq` (creation order), so
//     iteration is deterministic.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "sim/engine/event_loop.h"
#include "src/fake_ecs/file_tree.h"
#include "src/fake_ecs/packed_params.h"
#include "src/fake_ecs/types.h"

namespace snapsim::ecs::internal {

enum class DiskStatus { kCreating, kAvailable, kAttaching, kInUse, kDetaching };
std::string_view DiskStatusName(DiskStatus s);  // "Creating", ..., "In_use", "Detaching"

enum class SnapshotStatus { kProgressing, kAccomplished, kFailed };
std::string_view SnapshotStatusName(SnapshotStatus s);  // "progressing", ...

// The bytes on a disk (or captured in a snapshot).
struct Contents {
  std::string fs_type;  // "" = unformatted: no filesystem
  std::uint64_t fs_size_bytes = 0;
  FileTree tree;
};

struct Instance {
  std::string id;
  std::string zone;
  std::string hostname;
  int data_disk_limit = 16;
  std::string system_disk_id;
  engine::Nanos created_at = 0;
  std::uint64_t seq = 0;
};

struct Disk {
  std::string id;
  std::string zone;
  std::string category;
  std::string performance_level;  // "" unless cloud_essd
  std::int64_t size_gib = 0;
  DiskStatus status = DiskStatus::kCreating;
  bool system = false;
  std::string name;
  std::string description;
  bool encrypted = false;
  std::string kms_key_id;
  std::string resource_group_id;
  std::optional<std::int64_t> provisioned_iops;
  std::optional<bool> bursting_enabled;
  bool delete_with_instance = false;
  std::vector<Tag> tags;
  std::string source_snapshot_id;
  engine::Nanos created_at = 0;
  std::uint64_t seq = 0;

  // Attachment (invariant 1).
  std::string instance_id;
  std::string device;
  engine::Nanos attached_at = -1;
  engine::Nanos detached_at = -1;
  bool attached_once = false;  // AttachDisk was accepted at least once
  bool used = false;           // reached In_use at least once
  engine::EventId transition = engine::kNoEvent;

  // Snapshots (invariants 2, 3).
  std::string snapshot_in_progress;
  int manual_snapshots = 0;

  Contents contents;
};

struct Snapshot {
  std::string id;
  std::string name;
  std::string description;
  std::string resource_group_id;
  std::vector<Tag> tags;
  std::string source_disk_id;
  std::string source_disk_category;
  std::int64_t source_disk_size_gib = 0;
  bool source_system = false;
  bool encrypted = false;
  std::string kms_key_id;
  std::uint64_t seq = 0;

  engine::Nanos created_at = 0;  // when the call took effect
  engine::Nanos cut_at = 0;      // when the point-in-time image is taken (CreationTime)
  engine::Nanos done_at = 0;     // when it becomes accomplished (or failed)
  bool cut = false;
  SnapshotStatus status = SnapshotStatus::kProgressing;
  bool will_fail = false;  // a fault made this one end failed
  bool available = false;
  bool instant_access = false;
  std::int64_t ia_retention_days = 0;
  std::optional<std::int64_t> retention_days;
  int live_disks = 0;         // invariant 4
  bool ia_requested = false;  // legacy world: InstantAccess honoured for this snapshot
  // Pending lifecycle events (cancelled when the snapshot goes away).
  engine::EventId cut_event = engine::kNoEvent;
  engine::EventId available_event = engine::kNoEvent;
  engine::EventId done_event = engine::kNoEvent;
  engine::EventId ia_expiry_event = engine::kNoEvent;
  engine::EventId retention_event = engine::kNoEvent;

  Contents contents;  // valid once cut
};

// A ClientToken already used for an action in a region.
struct TokenUse {
  // The request's parameters (shared with the call log's copy when they are the same).
  std::shared_ptr<const PackedParams> params;
  std::string id;              // the resource it created ("" for actions that create nothing)
  engine::Nanos reply_at = 0;  // until then the first request is "still processing"
};

struct Region {
  std::string id;
  std::vector<std::string> zones;
  std::map<std::string, Instance> instances;
  std::map<std::string, Disk> disks;
  std::map<std::string, Snapshot> snapshots;
  std::map<std::pair<std::string, std::string>, TokenUse> tokens;  // (action, token)
};

}  // namespace snapsim::ecs::internal
