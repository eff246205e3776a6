// Snapshots: CreateSnapshot, DeleteSnapshot, ModifySnapshotAttribute.
#include <fmt/format.h>

#include "src/fake_ecs/backend.h"

namespace snapsim::ecs::internal {

R<CreateSnapshotResponse> Backend::CreateSnapshot(const CreateSnapshotRequest& r,
                                                  const CallInfo& c) {
  SNAPSIM_ASSIGN_OR_RETURN(Region * region, GetRegion(r.region_id));
  SNAPSIM_ASSIGN_OR_RETURN(Disk * d, GetDisk(*region, r.disk_id, errors::DiskIdWording::kDiskId));
  SNAPSIM_ASSIGN_OR_RETURN(auto earlier, CheckToken(*region, c, r.client_token));
  if (earlier) return CreateSnapshotResponse{c.request_id, *earlier};

  // Names must not start with "auto" (reserved for automatic snapshots).
  if (r.snapshot_name && !r.snapshot_name->empty() &&
      (!ValidName(*r.snapshot_name) || r.snapshot_name->rfind("auto", 0) == 0)) {
    return errors::InvalidSnapshotNameMalformed();
  }
  if (r.description && !r.description->empty() && !ValidDescription(*r.description)) {
    return errors::InvalidDescriptionMalformed();
  }
  if (r.retention_days && (*r.retention_days < 1 || *r.retention_days > 65536)) {
    return errors::InvalidParameter("RetentionDays");
  }
  if (r.instant_access_retention_days &&
      (*r.instant_access_retention_days < 1 || *r.instant_access_retention_days > 65535)) {
    return errors::InvalidParameter("InstantAccessRetentionDays");
  }
  if (r.category) {
    const std::string& cat = *r.category;
    if (cat == "Flash" || cat == "flash") {
      if (config_.legacy_instant_access) {
        return errors::Unsupported("unsupported: snapsim does not model local (Flash) snapshots");
      }
    } else if (cat != "Standard" && cat != "standard") {
      return errors::InvalidParameter("Category");
    }
  }
  if (auto e = ValidateTags(r.tags)) return *e;

  if (d->status == DiskStatus::kCreating) return errors::IncorrectDiskStatus();
  if (!d->attached_once) return errors::IncorrectDiskStatusNeverAttached();
  if (!d->used) return errors::IncorrectDiskStatusNeverUsed();
  if (!d->snapshot_in_progress.empty()) return errors::IncorrectDiskStatusCreatingSnapshot();
  if (d->manual_snapshots >= config_.snapshot_quota_per_disk) return errors::QuotaExceedSnapshot();

  Snapshot s;
  s.id = NewId('s', region->id);
  s.name = r.snapshot_name.value_or("");
  s.description = r.description.value_or("");
  s.resource_group_id = r.resource_group_id.value_or("");
  s.tags = r.tags;
  s.source_disk_id = d->id;
  s.source_disk_category = d->category;
  s.source_disk_size_gib = d->size_gib;
  s.source_system = d->system;
  s.encrypted = d->encrypted;
  s.kms_key_id = d->kms_key_id;
  s.seq = next_seq_++;
  s.created_at = loop_.Now();
  s.retention_days = r.retention_days;
  s.will_fail = c.fail_snapshot;
  // Legacy world: InstantAccess honoured only on ESSD; silently ignored elsewhere and in
  // the modern world (ECS stopped honouring it on 2023-10-12).
  s.ia_requested = config_.legacy_instant_access && r.instant_access.value_or(false) &&
                   d->category == "cloud_essd";
  if (s.ia_requested) {
    s.ia_retention_days = r.instant_access_retention_days.value_or(r.retention_days.value_or(0));
  }
  std::string id = s.id;
  d->snapshot_in_progress = id;
  ++d->manual_snapshots;
  Snapshot& stored = region->snapshots.emplace(id, std::move(s)).first->second;
  ScheduleSnapshot(*region, stored, stored.ia_requested);
  RememberToken(*region, c, r.client_token, id);
  return CreateSnapshotResponse{c.request_id, id};
}

R<DeleteSnapshotResponse> Backend::DeleteSnapshot(const DeleteSnapshotRequest& r,
                                                  const CallInfo& c) {
  SNAPSIM_ASSIGN_OR_RETURN(Region * region, GetRegion(r.region_id));
  SNAPSIM_ASSIGN_OR_RETURN(
      Snapshot * s, GetSnapshot(*region, r.snapshot_id, errors::SnapshotIdWording::kSnapshot));
  if (s->live_disks > 0 && !r.force.value_or(false)) return errors::SnapshotCreatedDisk();
  ReleaseSnapshot(*region, s->id);  // also cancels a creation in progress
  return DeleteSnapshotResponse{c.request_id};
}

R<ModifySnapshotAttributeResponse> Backend::ModifySnapshotAttribute(
    const ModifySnapshotAttributeRequest& r, const CallInfo& c) {
  SNAPSIM_ASSIGN_OR_RETURN(Region * region, GetRegion(r.region_id));
  SNAPSIM_ASSIGN_OR_RETURN(
      Snapshot * s, GetSnapshot(*region, r.snapshot_id, errors::SnapshotIdWording::kSnapshotId));
  if (r.snapshot_name && !r.snapshot_name->empty() &&
      (!ValidName(*r.snapshot_name) || r.snapshot_name->rfind("auto", 0) == 0)) {
    return errors::InvalidSnapshotNameMalformed();
  }
  if (r.description && !r.description->empty() && !ValidDescription(*r.description)) {
    return errors::InvalidDescriptionMalformed();
  }
  if (r.retention_days && (*r.retention_days < 1 || *r.retention_days > 65536)) {
    return errors::InvalidParameter("RetentionDays");
  }
  if (r.snapshot_name) s->name = *r.snapshot_name;
  if (r.description) s->description = *r.description;
  if (r.retention_days) {
    s->retention_days = r.retention_days;
    if (s->retention_event != engine::kNoEvent) loop_.Cancel(s->retention_event);
    std::string region_id = region->id, id = s->id;
    s->retention_event =
        loop_.At(s->created_at + *r.retention_days * engine::kDay,
                 [this, region_id, id] { ReleaseSnapshot(regions_[region_id], id); },
                 {.background = true, .label = "ECS snapshot retention"});
  }
  if (r.disable_instant_access.value_or(false) && config_.legacy_instant_access &&
      s->ia_requested) {
    ExpireInstantAccess(region->id, s->id);
  }
  return ModifySnapshotAttributeResponse{c.request_id};
}

}  // namespace snapsim::ecs::internal
