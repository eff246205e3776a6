// Disk lifecycle: CreateDisk (incl. from a snapshot), DeleteDisk, ResizeDisk.
#include <fmt/format.h>

#include <algorithm>

#include "src/fake_ecs/backend.h"
#include "src/fake_ecs/params.h"

namespace snapsim::ecs::internal {

R<CreateDiskResponse> Backend::CreateDisk(const CreateDiskRequest& r, const CallInfo& c) {
  SNAPSIM_ASSIGN_OR_RETURN(Region * region, GetRegion(r.region_id));
  SNAPSIM_ASSIGN_OR_RETURN(auto earlier, CheckToken(*region, c, r.client_token));
  if (earlier) return CreateDiskResponse{c.request_id, *earlier};

  if (!r.zone_id || r.zone_id->empty()) return errors::MissingParameter("ZoneId");
  const std::string& zone = *r.zone_id;
  if (std::find(region->zones.begin(), region->zones.end(), zone) == region->zones.end()) {
    return errors::InvalidZoneIdNotFound();
  }
  std::string category = r.disk_category.value_or("cloud");
  if (category == "cloud_regional_disk_auto" || category.rfind("ephemeral", 0) == 0) {
    return errors::Unsupported(
        fmt::format("unsupported: snapsim does not model disks of category {}", category));
  }
  if (!IsKnownCategory(category)) return errors::InvalidDiskCategoryValueNotSupported();
  if (auto it = config_.zone_categories.find(zone);
      it != config_.zone_categories.end() && it->second.count(category) == 0) {
    return errors::InvalidDataDiskCategoryNotSupported();
  }
  std::string pl;
  if (category == "cloud_essd") {
    pl = r.performance_level.value_or("PL1");
    if (pl != "PL0" && pl != "PL1" && pl != "PL2" && pl != "PL3") {
      return errors::InvalidPerformanceLevelMalformed();
    }
  }
  if (r.multi_attach && *r.multi_attach != "Disabled") {
    if (*r.multi_attach == "Enabled") {
      return errors::Unsupported("unsupported: snapsim does not model multi-attach disks");
    }
    return errors::InvalidParameter("MultiAttach");
  }
  if (category != "cloud_auto") {
    if (r.provisioned_iops) return errors::InvalidParameter("ProvisionedIops");
    if (r.bursting_enabled) return errors::InvalidParameter("BurstingEnabled");
  }

  Snapshot* source = nullptr;
  if (r.snapshot_id && !r.snapshot_id->empty()) {
    SNAPSIM_ASSIGN_OR_RETURN(
        source, GetSnapshot(*region, *r.snapshot_id, errors::SnapshotIdWording::kSnapshotId));
    if (source->source_system) return errors::InvalidSnapshotIdNotDataDiskSnapshot();
    // Usable once Available; an instant-access (not yet accomplished) snapshot only
    // into ESSD-series disks (reference §3.4).
    if (!source->available ||
        (source->status != SnapshotStatus::kAccomplished && !IsEssdSeries(category))) {
      return errors::InvalidSnapshotIdNotReady();
    }
  }
  if (!r.size && source == nullptr) return errors::MissingSnapshotIdOrSize();
  std::int64_t size = r.size ? *r.size : source->source_disk_size_gib;
  if (source != nullptr && size < source->source_disk_size_gib)
    return errors::InvalidDiskSizeTooSmall();
  std::int64_t lo = 0, hi = 0;
  SizeRange(category, pl, lo, hi);
  if (category == "cloud_essd") {
    if (size < 1 || size > hi) return errors::InvalidDiskSizeNotSupported();
    if (size < lo) return errors::OperationDeniedPerformanceLevelNotMatch();
  } else if (size < lo || size > hi) {
    return errors::InvalidDiskSizeNotSupported();
  }
  if (r.disk_name && !r.disk_name->empty() && !ValidName(*r.disk_name)) {
    return errors::InvalidDiskNameMalformed();
  }
  if (r.description && !r.description->empty() && !ValidDescription(*r.description)) {
    return errors::InvalidDescriptionMalformed();
  }
  bool encrypted = r.encrypted.value_or(false);
  if (r.kms_key_id && !r.kms_key_id->empty() && !encrypted) {
    return errors::InvalidParameterEncryptedIllegal();
  }
  if (auto e = ValidateTags(r.tags)) return *e;

  Disk d;
  d.id = NewId('d', region->id);
  d.zone = zone;
  d.category = category;
  d.performance_level = pl;
  d.size_gib = size;
  d.status = DiskStatus::kCreating;
  d.name = r.disk_name.value_or("");
  d.description = r.description.value_or("");
  d.encrypted = encrypted || (source != nullptr && source->encrypted);
  d.kms_key_id = r.kms_key_id.value_or(source != nullptr ? source->kms_key_id : "");
  d.resource_group_id = r.resource_group_id.value_or("");
  if (category == "cloud_auto") {
    d.provisioned_iops = r.provisioned_iops;
    d.bursting_enabled = r.bursting_enabled.value_or(false);
  }
  d.tags = r.tags;
  d.created_at = loop_.Now();
  d.seq = next_seq_++;
  if (source != nullptr) {
    d.source_snapshot_id = source->id;
    d.contents = source->contents;  // O(1): shares the snapshot's tree
    ++source->live_disks;
  }
  std::string id = d.id;
  disk_region_[id] = region->id;
  Disk& stored = region->disks.emplace(id, std::move(d)).first->second;
  ScheduleDiskTransition(
      *region, stored,
      Jittered(source != nullptr ? config_.disk.create_from_snapshot : config_.disk.create),
      DiskStatus::kAvailable);
  RememberToken(*region, c, r.client_token, id);
  return CreateDiskResponse{c.request_id, id};
}

R<DeleteDiskResponse> Backend::DeleteDisk(const DeleteDiskRequest& r, const CallInfo& c) {
  SNAPSIM_ASSIGN_OR_RETURN(Region * region, GetRegion(r.region_id));
  SNAPSIM_ASSIGN_OR_RETURN(Disk * d, GetDisk(*region, r.disk_id, errors::DiskIdWording::kDisk));
  if (d->status == DiskStatus::kCreating) return errors::IncorrectDiskStatusInitializing();
  if (d->status != DiskStatus::kAvailable) return errors::IncorrectDiskStatus();
  if (!d->snapshot_in_progress.empty()) return errors::DiskCreatingSnapshot();
  RemoveDisk(*region, d->id);
  return DeleteDiskResponse{c.request_id};
}

void Backend::RemoveDisk(Region& region, const std::string& id) {
  auto it = region.disks.find(id);
  if (it == region.disks.end()) return;
  Disk& d = it->second;
  if (d.transition != engine::kNoEvent) loop_.Cancel(d.transition);
  if (!d.source_snapshot_id.empty()) {
    auto s = region.snapshots.find(d.source_snapshot_id);
    if (s != region.snapshots.end()) --s->second.live_disks;
  }
  disk_region_.erase(id);
  region.disks.erase(it);
}

R<ResizeDiskResponse> Backend::ResizeDisk(const ResizeDiskRequest& r, const CallInfo& c) {
  SNAPSIM_ASSIGN_OR_RETURN(Region * region, GetRegion(r.region_id));
  SNAPSIM_ASSIGN_OR_RETURN(Disk * d, GetDisk(*region, r.disk_id, errors::DiskIdWording::kDisk));
  std::string type = r.type.value_or("offline");
  if (type != "offline" && type != "online") return errors::InvalidParameter("Type");
  if (d->status == DiskStatus::kCreating) return errors::IncorrectDiskStatusInitializing();
  if (d->status == DiskStatus::kAttaching || d->status == DiskStatus::kDetaching) {
    return errors::IncorrectDiskStatus();
  }
  if (!d->snapshot_in_progress.empty()) return errors::DiskCreatingSnapshot();
  if (r.new_size <= d->size_gib) return errors::ResizeDiskSizeTooSmall();
  std::int64_t lo = 0, hi = 0;
  SizeRange(d->category, d->performance_level, lo, hi);
  if (r.new_size > hi) return errors::InvalidDiskSizeTooLarge();
  d->size_gib = r.new_size;  // the filesystem keeps its size until grown (Device::GrowFs)
  return ResizeDiskResponse{c.request_id};
}

void Backend::ScheduleDiskTransition(Region& region, Disk& d, engine::Nanos after, DiskStatus to) {
  std::string label = fmt::format("ECS disk {} {}", d.id, DiskStatusName(d.status));
  std::string region_id = region.id;
  std::string id = d.id;
  d.transition =
      loop_.After(after,
                  [this, region_id, id, to] {
                    auto& disks = regions_[region_id].disks;
                    auto it = disks.find(id);
                    if (it == disks.end()) return;
                    Disk& disk = it->second;
                    disk.transition = engine::kNoEvent;
                    disk.status = to;
                    if (to == DiskStatus::kInUse) {
                      disk.attached_at = loop_.Now();
                      disk.used = true;
                    } else if (to == DiskStatus::kAvailable && !disk.instance_id.empty()) {
                      disk.instance_id.clear();
                      disk.device.clear();
                      disk.attached_at = -1;
                      disk.detached_at = loop_.Now();
                    }
                  },
                  {.label = label});
}

}  // namespace snapsim::ecs::internal
