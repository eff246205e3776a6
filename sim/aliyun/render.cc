#include "sim/aliyun/render.h"

namespace snapsim::aliyun {
namespace {

using api::Value;

Value Tags(const std::vector<ecs::ResponseTag>& tags) {
  Value::Array arr;
  for (const auto& t : tags) {
    Value::Object o;
    o["TagKey"] = t.tag_key;
    o["TagValue"] = t.tag_value;
    arr.emplace_back(std::move(o));
  }
  Value::Object wrap;
  wrap["Tag"] = std::move(arr);
  return wrap;
}

// {"<Outer>": {"<Inner>": [...]}} as ECS nests every list.
Value List(std::string_view inner, Value::Array items) {
  Value::Object o;
  o[std::string(inner)] = std::move(items);
  return o;
}

void Paging(Value::Object& o, std::int64_t page_number, std::int64_t page_size,
            const std::optional<std::string>& next_token, std::int64_t total,
            const std::string& rid) {
  if (next_token) {
    o["NextToken"] = *next_token;
  } else {
    o["PageNumber"] = page_number;
    o["PageSize"] = page_size;
  }
  o["TotalCount"] = total;
  o["RequestId"] = rid;
}

Value Disk(const ecs::DiskInfo& d) {
  Value::Object o;
  o["AttachedTime"] = d.attached_time;
  Value::Array att;
  for (const auto& a : d.attachments) {
    Value::Object x;
    x["AttachedTime"] = a.attached_time;
    x["Device"] = a.device;
    x["InstanceId"] = a.instance_id;
    att.emplace_back(std::move(x));
  }
  o["Attachments"] = List("Attachment", std::move(att));
  if (d.bursting_enabled) o["BurstingEnabled"] = *d.bursting_enabled;
  o["Category"] = d.category;
  o["CreationTime"] = d.creation_time;
  o["DeleteAutoSnapshot"] = d.delete_auto_snapshot;
  o["DeleteWithInstance"] = d.delete_with_instance;
  o["Description"] = d.description;
  o["DetachedTime"] = d.detached_time;
  o["Device"] = d.device;
  o["DiskChargeType"] = d.disk_charge_type;
  o["DiskId"] = d.disk_id;
  o["DiskName"] = d.disk_name;
  o["EnableAutoSnapshot"] = d.enable_auto_snapshot;
  o["Encrypted"] = d.encrypted;
  o["ExpiredTime"] = "2999-09-08T16:00Z";  // what ECS reports for pay-as-you-go disks
  o["ImageId"] = "";
  o["InstanceId"] = d.instance_id;
  o["KMSKeyId"] = d.kms_key_id;
  o["MultiAttach"] = d.multi_attach;
  o["OperationLocks"] = List("OperationLock", {});
  if (!d.performance_level.empty()) o["PerformanceLevel"] = d.performance_level;
  o["Portable"] = d.portable;
  o["ProductCode"] = "";
  if (d.provisioned_iops) o["ProvisionedIops"] = *d.provisioned_iops;
  o["RegionId"] = d.region_id;
  o["ResourceGroupId"] = d.resource_group_id;
  o["SerialNumber"] = d.serial_number;
  o["Size"] = d.size;
  o["SourceSnapshotId"] = d.source_snapshot_id;
  o["Status"] = d.status;
  o["Tags"] = Tags(d.tags);
  o["Type"] = d.type;
  o["ZoneId"] = d.zone_id;
  return o;
}

Value Snapshot(const ecs::SnapshotInfo& s) {
  Value::Object o;
  o["Available"] = s.available;
  o["Category"] = s.category;
  o["CreationTime"] = s.creation_time;
  o["Description"] = s.description;
  o["Encrypted"] = s.encrypted;
  o["InstantAccess"] = s.instant_access;
  o["InstantAccessRetentionDays"] = s.instant_access_retention_days;
  o["KMSKeyId"] = s.kms_key_id;
  o["ProductCode"] = "";
  o["Progress"] = s.progress;
  o["RegionId"] = s.region_id;
  o["RemainTime"] = s.remain_time;
  o["ResourceGroupId"] = s.resource_group_id;
  if (s.retention_days) o["RetentionDays"] = *s.retention_days;
  o["SnapshotId"] = s.snapshot_id;
  o["SnapshotName"] = s.snapshot_name;
  o["SnapshotType"] = s.snapshot_type;
  o["SourceDiskId"] = s.source_disk_id;
  o["SourceDiskSize"] = s.source_disk_size;
  o["SourceDiskType"] = s.source_disk_type;
  o["SourceStorageType"] = s.source_storage_type;
  o["Status"] = s.status;
  o["Tags"] = Tags(s.tags);
  o["Usage"] = s.usage;
  return o;
}

Value Instance(const ecs::InstanceInfo& i) {
  Value::Object o;
  o["Cpu"] = i.cpu;
  o["CreationTime"] = i.creation_time;
  o["ExpiredTime"] = "2099-12-31T15:59Z";  // what ECS reports for pay-as-you-go instances
  o["HostName"] = i.host_name;
  o["InstanceChargeType"] = i.instance_charge_type;
  o["InstanceId"] = i.instance_id;
  o["InstanceName"] = i.instance_name;
  o["InstanceNetworkType"] = i.instance_network_type;
  o["InstanceType"] = i.instance_type;
  o["InstanceTypeFamily"] = i.instance_type_family;
  o["Memory"] = i.memory;
  o["OSType"] = i.os_type;
  o["RegionId"] = i.region_id;
  o["StartTime"] = i.start_time;
  o["Status"] = i.status;
  o["Tags"] = Tags(i.tags);
  o["ZoneId"] = i.zone_id;
  return o;
}

Value RequestIdOnly(const std::string& rid) {
  Value::Object o;
  o["RequestId"] = rid;
  return o;
}

struct Renderer {
  Value operator()(const ecs::CreateDiskResponse& r) const {
    Value::Object o;
    o["DiskId"] = r.disk_id;
    o["RequestId"] = r.request_id;
    return o;
  }
  Value operator()(const ecs::CreateSnapshotResponse& r) const {
    Value::Object o;
    o["RequestId"] = r.request_id;
    o["SnapshotId"] = r.snapshot_id;
    return o;
  }
  Value operator()(const ecs::DeleteDiskResponse& r) const { return RequestIdOnly(r.request_id); }
  Value operator()(const ecs::AttachDiskResponse& r) const { return RequestIdOnly(r.request_id); }
  Value operator()(const ecs::DetachDiskResponse& r) const { return RequestIdOnly(r.request_id); }
  Value operator()(const ecs::ResizeDiskResponse& r) const { return RequestIdOnly(r.request_id); }
  Value operator()(const ecs::DeleteSnapshotResponse& r) const {
    return RequestIdOnly(r.request_id);
  }
  Value operator()(const ecs::ModifySnapshotAttributeResponse& r) const {
    return RequestIdOnly(r.request_id);
  }
  Value operator()(const ecs::DescribeDisksResponse& r) const {
    Value::Array items;
    for (const auto& d : r.disks) items.push_back(Disk(d));
    Value::Object o;
    o["Disks"] = List("Disk", std::move(items));
    Paging(o, r.page_number, r.page_size, r.next_token, r.total_count, r.request_id);
    return o;
  }
  Value operator()(const ecs::DescribeSnapshotsResponse& r) const {
    Value::Array items;
    for (const auto& s : r.snapshots) items.push_back(Snapshot(s));
    Value::Object o;
    o["Snapshots"] = List("Snapshot", std::move(items));
    Paging(o, r.page_number, r.page_size, r.next_token, r.total_count, r.request_id);
    return o;
  }
  Value operator()(const ecs::DescribeInstancesResponse& r) const {
    Value::Array items;
    for (const auto& i : r.instances) items.push_back(Instance(i));
    Value::Object o;
    o["Instances"] = List("Instance", std::move(items));
    Paging(o, r.page_number, r.page_size, r.next_token, r.total_count, r.request_id);
    return o;
  }
};

}  // namespace

api::Value RenderResponse(const ecs::AnyResponse& response) {
  return std::visit(Renderer{}, response);
}

}  // namespace snapsim::aliyun
