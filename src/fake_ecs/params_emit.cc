// ToParams: typed requests back to wire parameters (params.h).
#include <fmt/format.h>

#include "src/fake_ecs/params.h"

namespace snapsim::ecs {
namespace {

// ToParams helpers.
void Put(Params& p, std::string_view name, const std::string& v) { p[std::string(name)] = v; }
void Put(Params& p, std::string_view name, const std::optional<std::string>& v) {
  if (v) p[std::string(name)] = *v;
}
void Put(Params& p, std::string_view name, const std::optional<std::int64_t>& v) {
  if (v) p[std::string(name)] = std::to_string(*v);
}
void Put(Params& p, std::string_view name, const std::optional<bool>& v) {
  if (v) p[std::string(name)] = *v ? "true" : "false";
}
void Put(Params& p, std::string_view name, const std::optional<std::vector<std::string>>& v) {
  if (v) p[std::string(name)] = FormatIdArray(*v);
}
void PutRegion(Params& p, const std::string& region) {
  if (!region.empty()) p["RegionId"] = region;
}
void PutTags(Params& p, const std::vector<Tag>& tags) {
  for (std::size_t i = 0; i < tags.size(); ++i) {
    p[fmt::format("Tag.{}.Key", i + 1)] = tags[i].key;
    p[fmt::format("Tag.{}.Value", i + 1)] = tags[i].value;
  }
}
void PutPaging(Params& p, const Paging& pg) {
  Put(p, "PageNumber", pg.page_number);
  Put(p, "PageSize", pg.page_size);
  Put(p, "MaxResults", pg.max_results);
  Put(p, "NextToken", pg.next_token);
}

}  // namespace

Params ToParams(const CreateDiskRequest& r) {
  Params p;
  PutRegion(p, r.region_id);
  Put(p, "ZoneId", r.zone_id);
  Put(p, "DiskCategory", r.disk_category);
  Put(p, "PerformanceLevel", r.performance_level);
  Put(p, "Size", r.size);
  Put(p, "SnapshotId", r.snapshot_id);
  Put(p, "DiskName", r.disk_name);
  Put(p, "Description", r.description);
  Put(p, "Encrypted", r.encrypted);
  Put(p, "KMSKeyId", r.kms_key_id);
  Put(p, "MultiAttach", r.multi_attach);
  Put(p, "ResourceGroupId", r.resource_group_id);
  Put(p, "ProvisionedIops", r.provisioned_iops);
  Put(p, "BurstingEnabled", r.bursting_enabled);
  Put(p, "ClientToken", r.client_token);
  PutTags(p, r.tags);
  return p;
}

Params ToParams(const DeleteDiskRequest& r) {
  Params p;
  PutRegion(p, r.region_id);
  Put(p, "DiskId", r.disk_id);
  return p;
}

Params ToParams(const AttachDiskRequest& r) {
  Params p;
  PutRegion(p, r.region_id);
  Put(p, "InstanceId", r.instance_id);
  Put(p, "DiskId", r.disk_id);
  Put(p, "DeleteWithInstance", r.delete_with_instance);
  Put(p, "Device", r.device);
  return p;
}

Params ToParams(const DetachDiskRequest& r) {
  Params p;
  PutRegion(p, r.region_id);
  Put(p, "InstanceId", r.instance_id);
  Put(p, "DiskId", r.disk_id);
  Put(p, "DeleteWithInstance", r.delete_with_instance);
  return p;
}

Params ToParams(const ResizeDiskRequest& r) {
  Params p;
  PutRegion(p, r.region_id);
  Put(p, "DiskId", r.disk_id);
  Put(p, "NewSize", std::optional<std::int64_t>(r.new_size));
  Put(p, "Type", r.type);
  Put(p, "ClientToken", r.client_token);
  return p;
}

Params ToParams(const DescribeDisksRequest& r) {
  Params p;
  PutRegion(p, r.region_id);
  Put(p, "DiskIds", r.disk_ids);
  Put(p, "InstanceId", r.instance_id);
  Put(p, "ZoneId", r.zone_id);
  Put(p, "Status", r.status);
  Put(p, "DiskType", r.disk_type);
  Put(p, "Category", r.category);
  Put(p, "DiskName", r.disk_name);
  Put(p, "SnapshotId", r.snapshot_id);
  Put(p, "Portable", r.portable);
  Put(p, "DeleteWithInstance", r.delete_with_instance);
  Put(p, "Encrypted", r.encrypted);
  PutTags(p, r.tags);
  PutPaging(p, r.paging);
  return p;
}

Params ToParams(const DescribeInstancesRequest& r) {
  Params p;
  PutRegion(p, r.region_id);
  Put(p, "InstanceIds", r.instance_ids);
  Put(p, "ZoneId", r.zone_id);
  Put(p, "Status", r.status);
  Put(p, "InstanceName", r.instance_name);
  PutPaging(p, r.paging);
  return p;
}

Params ToParams(const CreateSnapshotRequest& r) {
  Params p;
  PutRegion(p, r.region_id);
  Put(p, "DiskId", r.disk_id);
  Put(p, "SnapshotName", r.snapshot_name);
  Put(p, "Description", r.description);
  Put(p, "RetentionDays", r.retention_days);
  Put(p, "ResourceGroupId", r.resource_group_id);
  Put(p, "ClientToken", r.client_token);
  Put(p, "Category", r.category);
  Put(p, "InstantAccess", r.instant_access);
  Put(p, "InstantAccessRetentionDays", r.instant_access_retention_days);
  PutTags(p, r.tags);
  return p;
}

Params ToParams(const DeleteSnapshotRequest& r) {
  Params p;
  PutRegion(p, r.region_id);
  Put(p, "SnapshotId", r.snapshot_id);
  Put(p, "Force", r.force);
  return p;
}

Params ToParams(const ModifySnapshotAttributeRequest& r) {
  Params p;
  PutRegion(p, r.region_id);
  Put(p, "SnapshotId", r.snapshot_id);
  Put(p, "SnapshotName", r.snapshot_name);
  Put(p, "Description", r.description);
  Put(p, "RetentionDays", r.retention_days);
  Put(p, "DisableInstantAccess", r.disable_instant_access);
  return p;
}

Params ToParams(const DescribeSnapshotsRequest& r) {
  Params p;
  PutRegion(p, r.region_id);
  Put(p, "SnapshotIds", r.snapshot_ids);
  Put(p, "DiskId", r.disk_id);
  Put(p, "InstanceId", r.instance_id);
  Put(p, "SnapshotName", r.snapshot_name);
  Put(p, "Status", r.status);
  Put(p, "SnapshotType", r.snapshot_type);
  Put(p, "Usage", r.usage);
  Put(p, "SourceDiskType", r.source_disk_type);
  Put(p, "Category", r.category);
  Put(p, "Encrypted", r.encrypted);
  PutTags(p, r.tags);
  PutPaging(p, r.paging);
  return p;
}

}  // namespace snapsim::ecs
