// Snapshot actions: CreateSnapshot, DescribeSnapshots, DeleteSnapshot,
// ModifySnapshotAttribute — request and response types (Go SDK names in snake_case).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "src/fake_ecs/types.h"

namespace snapsim::ecs {

struct CreateSnapshotRequest {
  std::string region_id;
  std::string disk_id;
  std::optional<std::string> snapshot_name;
  std::optional<std::string> description;
  std::optional<std::int64_t> retention_days;  // 1..65536; absent = never auto-released
  std::optional<std::string> resource_group_id;
  std::optional<std::string> client_token;
  std::optional<std::string> category;  // deprecated: Standard (Flash is not modelled)
  // Deprecated; honoured only in the legacy world (EcsConfig::legacy_instant_access)
  // and only for ESSD disks; ignored otherwise, as ECS does since 2023-10-12.
  std::optional<bool> instant_access;
  std::optional<std::int64_t> instant_access_retention_days;  // 1..65535
  std::vector<Tag> tags;
};
struct CreateSnapshotResponse {
  std::string request_id;
  std::string snapshot_id;
};

struct DeleteSnapshotRequest {
  std::string region_id;
  std::string snapshot_id;
  std::optional<bool> force;
};
struct DeleteSnapshotResponse {
  std::string request_id;
};

struct ModifySnapshotAttributeRequest {
  std::string region_id;
  std::string snapshot_id;
  std::optional<std::string> snapshot_name;
  std::optional<std::string> description;
  std::optional<std::int64_t> retention_days;
  std::optional<bool> disable_instant_access;  // legacy world only
};
struct ModifySnapshotAttributeResponse {
  std::string request_id;
};

struct DescribeSnapshotsRequest {
  std::string region_id;
  std::optional<std::vector<std::string>> snapshot_ids;  // the JSON array, parsed
  std::optional<std::string> disk_id;
  std::optional<std::string> instance_id;
  std::optional<std::string> snapshot_name;
  std::optional<std::string> status;            // progressing|accomplished|failed|all
  std::optional<std::string> snapshot_type;     // auto|user|all
  std::optional<std::string> usage;             // image|disk|image_disk|none
  std::optional<std::string> source_disk_type;  // System|Data (case-insensitive)
  std::optional<std::string> category;          // standard|flash|archive
  std::optional<bool> encrypted;
  std::vector<Tag> tags;
  Paging paging;
};

struct SnapshotInfo {
  std::string snapshot_id;
  std::string snapshot_name;
  std::string description;
  std::string region_id;
  std::string source_disk_id;
  std::string source_disk_size;  // GiB, as a string (as ECS returns it)
  std::string source_disk_type;  // system | data
  std::string source_storage_type = "disk";
  std::string status;            // progressing | accomplished | failed
  std::string progress;          // "47%"
  std::int64_t remain_time = 0;  // seconds until accomplished
  bool available = false;
  bool instant_access = false;
  std::int64_t instant_access_retention_days = 0;
  std::optional<std::int64_t> retention_days;
  std::string creation_time;  // "" until the cut
  std::string category = "standard";
  std::string snapshot_type = "user";
  std::string usage;  // none | disk
  bool encrypted = false;
  std::string kms_key_id;
  std::string resource_group_id;
  std::vector<ResponseTag> tags;
};

struct DescribeSnapshotsResponse {
  std::string request_id;
  std::int64_t total_count = 0;
  std::int64_t page_number = 0;
  std::int64_t page_size = 0;
  std::optional<std::string> next_token;
  std::vector<SnapshotInfo> snapshots;
};

}  // namespace snapsim::ecs
