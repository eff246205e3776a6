#include "src/fake_ecs/params.h"

#include <fmt/format.h>

#include <cctype>
#include <charconv>

#include "src/fake_ecs/actions.h"

namespace snapsim::ecs {
namespace {

template <class T>
using R = Result<T, EcsError>;

// Reads one call's parameters; every accessor fails the way ECS does.
class Reader {
 public:
  Reader(std::string_view action, const Params& p) : action_(action), p_(p) {}

  // Every name must be a modelled parameter of the action.
  std::optional<EcsError> CheckNames() const {
    const ActionSpec* spec = FindModelledAction(action_);
    for (const auto& [name, value] : p_) {
      const ParamSpec* s = spec ? FindParam(*spec, name) : nullptr;
      if (s == nullptr) {
        return errors::Unsupported(
            fmt::format("unsupported: ECS {} has no parameter \"{}\"", action_, name));
      }
      if (!s->modelled) {
        return errors::Unsupported(fmt::format(
            "unsupported: snapsim does not model the parameter \"{}\" of ECS {}", name, action_));
      }
    }
    return std::nullopt;
  }

  std::string Region() const { return Str("RegionId").value_or(""); }

  std::optional<std::string> Str(std::string_view name) const {
    auto it = p_.find(std::string(name));
    if (it == p_.end()) return std::nullopt;
    return it->second;
  }

  R<std::string> Required(std::string_view name) const {
    auto v = Str(name);
    if (!v || v->empty()) return errors::MissingParameter(name);
    return *v;
  }

  R<std::optional<std::int64_t>> Int(std::string_view name) const {
    auto v = Str(name);
    if (!v) return std::optional<std::int64_t>();
    std::int64_t out = 0;
    auto [ptr, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
    if (v->empty() || ec != std::errc() || ptr != v->data() + v->size()) {
      return errors::InvalidParameter(name);
    }
    return std::optional<std::int64_t>(out);
  }

  R<std::optional<bool>> Bool(std::string_view name) const {
    auto v = Str(name);
    if (!v) return std::optional<bool>();
    std::string lower;
    for (char c : *v) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower == "true") return std::optional<bool>(true);
    if (lower == "false") return std::optional<bool>(false);
    return errors::InvalidParameter(name);
  }

  R<std::optional<std::vector<std::string>>> Ids(std::string_view name, EcsError malformed) const {
    auto v = Str(name);
    if (!v) return std::optional<std::vector<std::string>>();
    auto ids = ParseIdArray(*v);
    if (!ids || ids->size() > 100) return malformed;
    return ids;
  }

  // Tag.N.Key / Tag.N.Value, ordered by N.
  R<std::vector<Tag>> Tags() const {
    std::map<std::int64_t, std::pair<std::optional<std::string>, std::optional<std::string>>> by_n;
    for (const auto& [name, value] : p_) {
      if (name.rfind("Tag.", 0) != 0) continue;
      std::size_t dot = name.find('.', 4);
      if (dot == std::string::npos) continue;
      std::int64_t n = 0;
      std::from_chars(name.data() + 4, name.data() + dot, n);
      std::string_view field = std::string_view(name).substr(dot + 1);
      if (field == "Key") by_n[n].first = value;
      if (field == "Value") by_n[n].second = value;
    }
    std::vector<Tag> tags;
    for (const auto& [n, kv] : by_n) {
      if (!kv.first) return errors::InvalidTagKeyMalformed();
      tags.push_back({*kv.first, kv.second.value_or("")});
    }
    return tags;
  }

  R<Paging> Page() const {
    Paging pg;
    SNAPSIM_ASSIGN_OR_RETURN(pg.page_number, Int("PageNumber"));
    SNAPSIM_ASSIGN_OR_RETURN(pg.page_size, Int("PageSize"));
    SNAPSIM_ASSIGN_OR_RETURN(pg.max_results, Int("MaxResults"));
    pg.next_token = Str("NextToken");
    return pg;
  }

 private:
  std::string_view action_;
  const Params& p_;
};

#define ECS_CHECK_NAMES(reader)                      \
  do {                                               \
    if (auto _e = (reader).CheckNames()) return *_e; \
  } while (0)

}  // namespace

R<CreateDiskRequest> ParseCreateDisk(const Params& p) {
  Reader r("CreateDisk", p);
  ECS_CHECK_NAMES(r);
  CreateDiskRequest q;
  q.region_id = r.Region();
  q.zone_id = r.Str("ZoneId");
  q.disk_category = r.Str("DiskCategory");
  q.performance_level = r.Str("PerformanceLevel");
  SNAPSIM_ASSIGN_OR_RETURN(q.size, r.Int("Size"));
  q.snapshot_id = r.Str("SnapshotId");
  q.disk_name = r.Str("DiskName");
  q.description = r.Str("Description");
  SNAPSIM_ASSIGN_OR_RETURN(q.encrypted, r.Bool("Encrypted"));
  q.kms_key_id = r.Str("KMSKeyId");
  q.multi_attach = r.Str("MultiAttach");
  q.resource_group_id = r.Str("ResourceGroupId");
  SNAPSIM_ASSIGN_OR_RETURN(q.provisioned_iops, r.Int("ProvisionedIops"));
  SNAPSIM_ASSIGN_OR_RETURN(q.bursting_enabled, r.Bool("BurstingEnabled"));
  q.client_token = r.Str("ClientToken");
  SNAPSIM_ASSIGN_OR_RETURN(q.tags, r.Tags());
  return q;
}

R<DeleteDiskRequest> ParseDeleteDisk(const Params& p) {
  Reader r("DeleteDisk", p);
  ECS_CHECK_NAMES(r);
  DeleteDiskRequest q;
  q.region_id = r.Region();
  SNAPSIM_ASSIGN_OR_RETURN(q.disk_id, r.Required("DiskId"));
  return q;
}

R<AttachDiskRequest> ParseAttachDisk(const Params& p) {
  Reader r("AttachDisk", p);
  ECS_CHECK_NAMES(r);
  AttachDiskRequest q;
  q.region_id = r.Region();
  SNAPSIM_ASSIGN_OR_RETURN(q.instance_id, r.Required("InstanceId"));
  SNAPSIM_ASSIGN_OR_RETURN(q.disk_id, r.Required("DiskId"));
  SNAPSIM_ASSIGN_OR_RETURN(q.delete_with_instance, r.Bool("DeleteWithInstance"));
  q.device = r.Str("Device");
  return q;
}

R<DetachDiskRequest> ParseDetachDisk(const Params& p) {
  Reader r("DetachDisk", p);
  ECS_CHECK_NAMES(r);
  DetachDiskRequest q;
  q.region_id = r.Region();
  SNAPSIM_ASSIGN_OR_RETURN(q.instance_id, r.Required("InstanceId"));
  SNAPSIM_ASSIGN_OR_RETURN(q.disk_id, r.Required("DiskId"));
  SNAPSIM_ASSIGN_OR_RETURN(q.delete_with_instance, r.Bool("DeleteWithInstance"));
  return q;
}

R<ResizeDiskRequest> ParseResizeDisk(const Params& p) {
  Reader r("ResizeDisk", p);
  ECS_CHECK_NAMES(r);
  ResizeDiskRequest q;
  q.region_id = r.Region();
  SNAPSIM_ASSIGN_OR_RETURN(q.disk_id, r.Required("DiskId"));
  SNAPSIM_ASSIGN_OR_RETURN(auto size, r.Int("NewSize"));
  if (!size) return errors::MissingParameter("NewSize");
  q.new_size = *size;
  q.type = r.Str("Type");
  q.client_token = r.Str("ClientToken");
  return q;
}

R<DescribeDisksRequest> ParseDescribeDisks(const Params& p) {
  Reader r("DescribeDisks", p);
  ECS_CHECK_NAMES(r);
  DescribeDisksRequest q;
  q.region_id = r.Region();
  SNAPSIM_ASSIGN_OR_RETURN(q.disk_ids, r.Ids("DiskIds", errors::InvalidDiskIdsMalformed()));
  q.instance_id = r.Str("InstanceId");
  q.zone_id = r.Str("ZoneId");
  q.status = r.Str("Status");
  q.disk_type = r.Str("DiskType");
  q.category = r.Str("Category");
  q.disk_name = r.Str("DiskName");
  q.snapshot_id = r.Str("SnapshotId");
  SNAPSIM_ASSIGN_OR_RETURN(q.portable, r.Bool("Portable"));
  SNAPSIM_ASSIGN_OR_RETURN(q.delete_with_instance, r.Bool("DeleteWithInstance"));
  SNAPSIM_ASSIGN_OR_RETURN(q.encrypted, r.Bool("Encrypted"));
  SNAPSIM_ASSIGN_OR_RETURN(q.tags, r.Tags());
  SNAPSIM_ASSIGN_OR_RETURN(q.paging, r.Page());
  return q;
}

R<DescribeInstancesRequest> ParseDescribeInstances(const Params& p) {
  Reader r("DescribeInstances", p);
  ECS_CHECK_NAMES(r);
  DescribeInstancesRequest q;
  q.region_id = r.Region();
  SNAPSIM_ASSIGN_OR_RETURN(q.instance_ids,
                           r.Ids("InstanceIds", errors::InvalidInstanceIdsMalformed()));
  q.zone_id = r.Str("ZoneId");
  q.status = r.Str("Status");
  q.instance_name = r.Str("InstanceName");
  SNAPSIM_ASSIGN_OR_RETURN(q.paging, r.Page());
  return q;
}

R<CreateSnapshotRequest> ParseCreateSnapshot(const Params& p) {
  Reader r("CreateSnapshot", p);
  ECS_CHECK_NAMES(r);
  CreateSnapshotRequest q;
  q.region_id = r.Region();
  SNAPSIM_ASSIGN_OR_RETURN(q.disk_id, r.Required("DiskId"));
  q.snapshot_name = r.Str("SnapshotName");
  q.description = r.Str("Description");
  SNAPSIM_ASSIGN_OR_RETURN(q.retention_days, r.Int("RetentionDays"));
  q.resource_group_id = r.Str("ResourceGroupId");
  q.client_token = r.Str("ClientToken");
  q.category = r.Str("Category");
  SNAPSIM_ASSIGN_OR_RETURN(q.instant_access, r.Bool("InstantAccess"));
  SNAPSIM_ASSIGN_OR_RETURN(q.instant_access_retention_days, r.Int("InstantAccessRetentionDays"));
  SNAPSIM_ASSIGN_OR_RETURN(q.tags, r.Tags());
  return q;
}

R<DeleteSnapshotRequest> ParseDeleteSnapshot(const Params& p) {
  Reader r("DeleteSnapshot", p);
  ECS_CHECK_NAMES(r);
  DeleteSnapshotRequest q;
  q.region_id = r.Region();
  SNAPSIM_ASSIGN_OR_RETURN(q.snapshot_id, r.Required("SnapshotId"));
  SNAPSIM_ASSIGN_OR_RETURN(q.force, r.Bool("Force"));
  return q;
}

R<ModifySnapshotAttributeRequest> ParseModifySnapshotAttribute(const Params& p) {
  Reader r("ModifySnapshotAttribute", p);
  ECS_CHECK_NAMES(r);
  ModifySnapshotAttributeRequest q;
  q.region_id = r.Region();
  SNAPSIM_ASSIGN_OR_RETURN(q.snapshot_id, r.Required("SnapshotId"));
  q.snapshot_name = r.Str("SnapshotName");
  q.description = r.Str("Description");
  SNAPSIM_ASSIGN_OR_RETURN(q.retention_days, r.Int("RetentionDays"));
  SNAPSIM_ASSIGN_OR_RETURN(q.disable_instant_access, r.Bool("DisableInstantAccess"));
  return q;
}

R<DescribeSnapshotsRequest> ParseDescribeSnapshots(const Params& p) {
  Reader r("DescribeSnapshots", p);
  ECS_CHECK_NAMES(r);
  DescribeSnapshotsRequest q;
  q.region_id = r.Region();
  SNAPSIM_ASSIGN_OR_RETURN(q.snapshot_ids,
                           r.Ids("SnapshotIds", errors::InvalidSnapshotIdsMalformed()));
  q.disk_id = r.Str("DiskId");
  q.instance_id = r.Str("InstanceId");
  q.snapshot_name = r.Str("SnapshotName");
  q.status = r.Str("Status");
  q.snapshot_type = r.Str("SnapshotType");
  q.usage = r.Str("Usage");
  q.source_disk_type = r.Str("SourceDiskType");
  q.category = r.Str("Category");
  SNAPSIM_ASSIGN_OR_RETURN(q.encrypted, r.Bool("Encrypted"));
  SNAPSIM_ASSIGN_OR_RETURN(q.tags, r.Tags());
  SNAPSIM_ASSIGN_OR_RETURN(q.paging, r.Page());
  return q;
}

}  // namespace snapsim::ecs
