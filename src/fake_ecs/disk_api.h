// Disk actions: CreateDisk, DeleteDisk, AttachDisk, DetachDisk, ResizeDisk,
// DescribeDisks — request and response types (Go SDK ecs-20140526 names in snake_case).
// Only the modelled parameters appear; ParseXxx (params.h) rejects the others.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "src/fake_ecs/types.h"

namespace snapsim::ecs {

struct CreateDiskRequest {
  std::string region_id;  // "" = the default region
  std::optional<std::string> zone_id;
  std::optional<std::string> disk_category;      // default "cloud"
  std::optional<std::string> performance_level;  // cloud_essd only; default PL1
  std::optional<std::int64_t> size;              // GiB; default the snapshot's size
  std::optional<std::string> snapshot_id;
  std::optional<std::string> disk_name;
  std::optional<std::string> description;
  std::optional<bool> encrypted;
  std::optional<std::string> kms_key_id;
  std::optional<std::string> multi_attach;  // "Disabled" only (Enabled is not modelled)
  std::optional<std::string> resource_group_id;
  std::optional<std::int64_t> provisioned_iops;  // cloud_auto
  std::optional<bool> bursting_enabled;          // cloud_auto
  std::optional<std::string> client_token;
  std::vector<Tag> tags;
};
struct CreateDiskResponse {
  std::string request_id;
  std::string disk_id;
};

struct DeleteDiskRequest {
  std::string region_id;
  std::string disk_id;
};
struct DeleteDiskResponse {
  std::string request_id;
};

struct AttachDiskRequest {
  std::string region_id;
  std::string instance_id;
  std::string disk_id;
  std::optional<bool> delete_with_instance;
  std::optional<std::string> device;  // "/dev/xvdb".."/dev/xvdz"; default the first free
};
struct AttachDiskResponse {
  std::string request_id;
};

struct DetachDiskRequest {
  std::string region_id;
  std::string instance_id;
  std::string disk_id;
  std::optional<bool> delete_with_instance;
};
struct DetachDiskResponse {
  std::string request_id;
};

struct ResizeDiskRequest {
  std::string region_id;
  std::string disk_id;
  std::int64_t new_size = 0;
  std::optional<std::string> type;  // offline | online
  std::optional<std::string> client_token;
};
struct ResizeDiskResponse {
  std::string request_id;
};

struct DescribeDisksRequest {
  std::string region_id;
  std::optional<std::vector<std::string>> disk_ids;  // the JSON array, parsed
  std::optional<std::string> instance_id;
  std::optional<std::string> zone_id;
  std::optional<std::string> status;  // In_use|Available|Attaching|Detaching|Creating|ReIniting|All
  std::optional<std::string> disk_type;  // all|system|data
  std::optional<std::string> category;
  std::optional<std::string> disk_name;
  std::optional<std::string> snapshot_id;
  std::optional<bool> portable;
  std::optional<bool> delete_with_instance;
  std::optional<bool> encrypted;
  std::vector<Tag> tags;
  Paging paging;
};

struct DiskAttachment {
  std::string instance_id;
  std::string device;
  std::string attached_time;
};

struct DiskInfo {
  std::string disk_id;
  std::string region_id;
  std::string zone_id;
  std::string disk_name;
  std::string description;
  std::string category;
  std::string performance_level;  // "" unless cloud_essd
  std::int64_t size = 0;
  std::string status;
  std::string type;  // system | data
  std::string instance_id;
  std::string device;
  std::string attached_time;
  std::string detached_time;
  std::vector<DiskAttachment> attachments;
  std::string serial_number;
  std::string source_snapshot_id;
  bool encrypted = false;
  std::string kms_key_id;
  bool portable = true;
  bool delete_with_instance = false;
  bool delete_auto_snapshot = true;
  bool enable_auto_snapshot = false;
  std::string multi_attach = "Disabled";
  std::string disk_charge_type = "PostPaid";
  std::string resource_group_id;
  std::optional<std::int64_t> provisioned_iops;
  std::optional<bool> bursting_enabled;
  std::string creation_time;
  std::vector<ResponseTag> tags;
};

struct DescribeDisksResponse {
  std::string request_id;
  std::int64_t total_count = 0;
  std::int64_t page_number = 0;  // 0 with token paging
  std::int64_t page_size = 0;
  std::optional<std::string> next_token;  // set with token paging ("" = last page)
  std::vector<DiskInfo> disks;
};

}  // namespace snapsim::ecs
