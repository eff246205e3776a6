// Backend core: construction, lookups (one NotFound path per resource), ClientToken
// idempotency, ids and times, instance registration, and the call-free views.
#include "src/fake_ecs/backend.h"

#include <fmt/format.h>

#include <algorithm>

#include "sim/engine/time.h"
#include "src/fake_ecs/params.h"

namespace snapsim::ecs::internal {
namespace {

// The id infix ECS uses in a region ("d-bp1..." in cn-hangzhou).
std::string_view RegionPrefix(std::string_view region) {
  if (region == "cn-beijing") return "2ze";
  if (region == "cn-shanghai") return "uf6";
  if (region == "cn-shenzhen") return "wz9";
  return "bp1";
}

}  // namespace

std::string_view DiskStatusName(DiskStatus s) {
  switch (s) {
    case DiskStatus::kCreating:
      return "Creating";
    case DiskStatus::kAvailable:
      return "Available";
    case DiskStatus::kAttaching:
      return "Attaching";
    case DiskStatus::kInUse:
      return "In_use";
    case DiskStatus::kDetaching:
      return "Detaching";
  }
  return "Available";
}

std::string_view SnapshotStatusName(SnapshotStatus s) {
  switch (s) {
    case SnapshotStatus::kProgressing:
      return "progressing";
    case SnapshotStatus::kAccomplished:
      return "accomplished";
    case SnapshotStatus::kFailed:
      return "failed";
  }
  return "progressing";
}

Backend::Backend(engine::EventLoop& loop, engine::Rng& rng, EcsConfig config)
    : loop_(loop), rng_(rng), config_(std::move(config)) {
  Region& r = regions_[config_.region];
  r.id = config_.region;
  r.zones = config_.zones;
}

R<Region*> Backend::GetRegion(const std::string& region_id) {
  const std::string& id = region_id.empty() ? config_.region : region_id;
  auto it = regions_.find(id);
  if (it == regions_.end()) return errors::InvalidRegionIdNotFound();
  return &it->second;
}

R<Disk*> Backend::GetDisk(Region& region, const std::string& id, errors::DiskIdWording w) {
  auto it = region.disks.find(id);
  if (it == region.disks.end()) return errors::InvalidDiskIdNotFound(w);
  return &it->second;
}

R<Instance*> Backend::GetInstance(Region& region, const std::string& id) {
  auto it = region.instances.find(id);
  if (it == region.instances.end()) return errors::InvalidInstanceIdNotFound();
  return &it->second;
}

R<Snapshot*> Backend::GetSnapshot(Region& region, const std::string& id,
                                  errors::SnapshotIdWording w) {
  auto it = region.snapshots.find(id);
  if (it == region.snapshots.end()) return errors::InvalidSnapshotIdNotFound(w);
  return &it->second;
}

namespace {

// Whether two requests are "the same" for ClientToken purposes: equal parameters, apart
// from ClientToken and RegionId.
bool SameRequest(const PackedParams& a, const PackedParams& b) {
  auto ignored = [](std::string_view key) { return key == "ClientToken" || key == "RegionId"; };
  auto x = a.begin(), y = b.begin();
  while (true) {
    while (x != a.end() && ignored(x->first)) ++x;
    while (y != b.end() && ignored(y->first)) ++y;
    if (x == a.end() || y == b.end()) return x == a.end() && y == b.end();
    if (*x != *y) return false;
    ++x, ++y;
  }
}

}  // namespace

R<std::optional<std::string>> Backend::CheckToken(Region& region, const CallInfo& c,
                                                  const std::optional<std::string>& token) {
  if (!token || token->empty()) return std::optional<std::string>();
  bool ascii = std::all_of(token->begin(), token->end(),
                           [](char ch) { return static_cast<unsigned char>(ch) < 0x80; });
  if (token->size() > 64 || !ascii) return errors::InvalidParameter("ClientToken");
  auto it = region.tokens.find({c.action, *token});
  if (it == region.tokens.end()) return std::optional<std::string>();
  if (!SameRequest(*it->second.params, *c.params)) return errors::IdempotentParameterMismatch();
  if (loop_.Now() < it->second.reply_at) return errors::IdempotentProcessing();
  return std::optional<std::string>(it->second.id);
}

void Backend::RememberToken(Region& region, const CallInfo& c,
                            const std::optional<std::string>& token, const std::string& id) {
  if (!token || token->empty()) return;
  region.tokens[{c.action, *token}] = TokenUse{c.params, id, c.reply_at};
}

std::string Backend::NewId(char kind, const std::string& region_id) {
  while (true) {
    std::string id = fmt::format("{}-{}{}", kind, RegionPrefix(region_id), rng_.LowerAlnum(17));
    bool taken = false;
    for (const auto& [rid, r] : regions_) {
      taken |= r.disks.count(id) > 0 || r.snapshots.count(id) > 0 || r.instances.count(id) > 0;
    }
    if (!taken) return id;
  }
}

engine::Nanos Backend::Jittered(engine::Nanos d) {
  if (config_.jitter <= 0 || d <= 0) return d;
  auto lo = static_cast<engine::Nanos>(static_cast<double>(d) * (1 - config_.jitter));
  auto hi = static_cast<engine::Nanos>(static_cast<double>(d) * (1 + config_.jitter));
  return rng_.Range(lo, hi);
}

std::string Backend::Time(engine::Nanos t) const {
  return engine::FormatRfc3339(config_.epoch_unix_seconds + t / engine::kSecond);
}

std::string Backend::MinuteTime(engine::Nanos t) const {
  std::string s = Time(t);  // 2026-01-01T00:00:36Z -> 2026-01-01T00:00Z
  return s.substr(0, 16) + "Z";
}

Result<std::string> Backend::AddInstance(std::string_view id, std::string_view zone,
                                         std::string_view hostname, int data_disk_limit) {
  Region& region = regions_[config_.region];
  if (std::find(region.zones.begin(), region.zones.end(), zone) == region.zones.end()) {
    return Status::InvalidArgument(
        fmt::format("ecs: zone \"{}\" is not a zone of region {}", zone, region.id));
  }
  if (id.rfind("i-", 0) != 0) {
    return Status::InvalidArgument(fmt::format("ecs: instance id \"{}\" must start with i-", id));
  }
  if (region.instances.count(std::string(id)) > 0) {
    return Status::AlreadyExists(fmt::format("ecs: instance {} already exists", id));
  }
  Instance inst;
  inst.id = std::string(id);
  inst.zone = std::string(zone);
  inst.hostname = std::string(hostname);
  inst.data_disk_limit = data_disk_limit > 0 ? data_disk_limit : config_.default_data_disk_limit;
  inst.created_at = loop_.Now();
  inst.seq = next_seq_++;

  Disk sys;
  sys.id = NewId('d', region.id);
  sys.zone = inst.zone;
  sys.category = "cloud_essd";
  sys.performance_level = "PL0";
  sys.size_gib = 40;
  sys.status = DiskStatus::kInUse;
  sys.system = true;
  sys.delete_with_instance = true;
  sys.created_at = loop_.Now();
  sys.seq = next_seq_++;
  sys.instance_id = inst.id;
  sys.device = "/dev/xvda";
  sys.attached_at = loop_.Now();
  sys.attached_once = sys.used = true;
  sys.contents.fs_type = "ext4";
  sys.contents.fs_size_bytes = static_cast<std::uint64_t>(sys.size_gib) << 30;
  (void)sys.contents.tree.Mkdir("lost+found");
  inst.system_disk_id = sys.id;
  disk_region_[sys.id] = region.id;
  region.disks.emplace(sys.id, std::move(sys));
  std::string disk_id = inst.system_disk_id;
  region.instances.emplace(inst.id, std::move(inst));
  return disk_id;
}

std::vector<DiskInfo> Backend::AllDisks() const {
  std::vector<DiskInfo> out;
  for (const auto& [rid, r] : regions_) {
    for (const auto& [id, d] : r.disks) out.push_back(ToInfo(r, d));
  }
  return out;
}

std::vector<SnapshotInfo> Backend::AllSnapshots() const {
  std::vector<SnapshotInfo> out;
  for (const auto& [rid, r] : regions_) {
    for (const auto& [id, s] : r.snapshots) out.push_back(ToInfo(r, s));
  }
  return out;
}

void Backend::ForEachSnapshotName(
    const std::function<void(const std::string& id, const std::string& name)>& fn) const {
  for (const auto& [rid, r] : regions_) {
    for (const auto& [id, s] : r.snapshots) fn(id, s.name);
  }
}

std::vector<InstanceInfo> Backend::AllInstances() const {
  std::vector<InstanceInfo> out;
  for (const auto& [rid, r] : regions_) {
    for (const auto& [id, i] : r.instances) out.push_back(ToInfo(r, i));
  }
  return out;
}

Disk* Backend::FindDiskAnywhere(std::string_view disk_id) {
  auto it = disk_region_.find(std::string(disk_id));
  if (it == disk_region_.end()) return nullptr;
  auto& disks = regions_[it->second].disks;
  auto d = disks.find(std::string(disk_id));
  return d == disks.end() ? nullptr : &d->second;
}

const Disk* Backend::FindDiskAnywhere(std::string_view disk_id) const {
  auto it = disk_region_.find(std::string(disk_id));
  if (it == disk_region_.end()) return nullptr;
  auto region = regions_.find(it->second);
  if (region == regions_.end()) return nullptr;
  auto d = region->second.disks.find(std::string(disk_id));
  return d == region->second.disks.end() ? nullptr : &d->second;
}

Result<Disk*> Backend::AttachedDisk(std::string_view disk_id, std::string_view instance_id) {
  Disk* d = FindDiskAnywhere(disk_id);
  if (d == nullptr) return Status::NotFound(fmt::format("disk {} does not exist", disk_id));
  if (d->status != DiskStatus::kInUse || d->instance_id != instance_id) {
    return Status::FailedPrecondition(
        fmt::format("disk {} is not attached to instance {}", disk_id, instance_id));
  }
  return d;
}

DiskInfo Backend::ToInfo(const Region& region, const Disk& d) const {
  DiskInfo i;
  i.disk_id = d.id;
  i.region_id = region.id;
  i.zone_id = d.zone;
  i.disk_name = d.name;
  i.description = d.description;
  i.category = d.category;
  i.performance_level = d.performance_level;
  i.size = d.size_gib;
  i.status = std::string(DiskStatusName(d.status));
  i.type = d.system ? "system" : "data";
  i.instance_id = d.instance_id;
  if (d.status == DiskStatus::kInUse || d.status == DiskStatus::kDetaching) {
    i.device = d.device;
    i.attached_time = Time(d.attached_at);
    i.attachments.push_back({d.instance_id, d.device, Time(d.attached_at)});
  }
  if (d.detached_at >= 0) i.detached_time = Time(d.detached_at);
  i.serial_number = d.id.substr(2);
  i.source_snapshot_id = d.source_snapshot_id;
  i.encrypted = d.encrypted;
  i.kms_key_id = d.kms_key_id;
  i.portable = !d.system;
  i.delete_with_instance = d.delete_with_instance;
  i.resource_group_id = d.resource_group_id;
  i.provisioned_iops = d.provisioned_iops;
  i.bursting_enabled = d.bursting_enabled;
  i.creation_time = Time(d.created_at);
  i.tags = ResponseTags(d.tags);
  return i;
}

SnapshotInfo Backend::ToInfo(const Region& region, const Snapshot& s) const {
  SnapshotInfo i;
  i.snapshot_id = s.id;
  i.snapshot_name = s.name;
  i.description = s.description;
  i.region_id = region.id;
  i.source_disk_id = s.source_disk_id;
  i.source_disk_size = std::to_string(s.source_disk_size_gib);
  i.source_disk_type = s.source_system ? "system" : "data";
  i.status = std::string(SnapshotStatusName(s.status));
  i.progress = Progress(s);
  i.remain_time = RemainSeconds(s);
  i.available = s.available;
  i.instant_access = s.instant_access;
  i.instant_access_retention_days = s.ia_retention_days;
  i.retention_days = s.retention_days;
  i.creation_time = s.cut ? Time(s.cut_at) : "";
  i.usage = s.live_disks > 0 ? "disk" : "none";
  i.encrypted = s.encrypted;
  i.kms_key_id = s.kms_key_id;
  i.resource_group_id = s.resource_group_id;
  i.tags = ResponseTags(s.tags);
  return i;
}

InstanceInfo Backend::ToInfo(const Region& region, const Instance& inst) const {
  InstanceInfo i;
  i.instance_id = inst.id;
  i.instance_name = inst.hostname;
  i.host_name = inst.hostname;
  i.region_id = region.id;
  i.zone_id = inst.zone;
  i.status = "Running";
  i.instance_type = "ecs.g7.xlarge";
  i.instance_type_family = "ecs.g7";
  i.cpu = 4;
  i.memory = 16384;
  i.creation_time = MinuteTime(inst.created_at);
  i.start_time = MinuteTime(inst.created_at);
  return i;
}

}  // namespace snapsim::ecs::internal
