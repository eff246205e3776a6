// Snapshot lifecycle in virtual time: the cut, instant access, the upload to
// accomplished (or failed), legacy instant-access expiry, and retention release.
#include <fmt/format.h>

#include <algorithm>

#include "src/fake_ecs/backend.h"

namespace snapsim::ecs::internal {
namespace {

engine::Nanos PerGib(const SnapshotTimings& t, std::string_view category) {
  if (IsEssdSeries(category)) return t.per_gib_essd;
  if (category == "cloud_ssd") return t.per_gib_ssd;
  if (category == "cloud_efficiency") return t.per_gib_efficiency;
  return t.per_gib_cloud;
}

}  // namespace

void Backend::ScheduleSnapshot(Region& region, Snapshot& s, bool ia_requested) {
  const SnapshotTimings& t = config_.snapshot;
  s.cut_at = loop_.Now() + t.cut_delay;
  engine::Nanos upload =
      Jittered(t.base + s.source_disk_size_gib * PerGib(t, s.source_disk_category));
  s.done_at = s.cut_at + upload;
  std::string label = fmt::format("ECS snapshot {} progressing", s.id);
  std::string region_id = region.id, id = s.id;
  s.cut_event =
      loop_.At(s.cut_at, [this, region_id, id] { CutSnapshot(region_id, id); }, {.label = label});
  s.done_event = loop_.At(s.done_at, [this, region_id, id] { FinishSnapshot(region_id, id); },
                          {.label = label});
  if (IsEssdSeries(s.source_disk_category) && !config_.legacy_instant_access) {
    engine::Nanos delay = rng_.Range(t.ia_delay_min, t.ia_delay_max);
    s.available_event =
        loop_.At(s.cut_at + delay, [this, region_id, id] { MakeAvailable(region_id, id); },
                 {.label = label});
  }
  if (ia_requested && s.ia_retention_days > 0) {
    s.ia_expiry_event =
        loop_.At(s.created_at + s.ia_retention_days * engine::kDay,
                 [this, region_id, id] { ExpireInstantAccess(region_id, id); },
                 {.background = true, .label = "ECS snapshot instant access expiry"});
  }
  if (s.retention_days) {
    s.retention_event =
        loop_.At(s.created_at + *s.retention_days * engine::kDay,
                 [this, region_id, id] { ReleaseSnapshot(regions_[region_id], id); },
                 {.background = true, .label = "ECS snapshot retention"});
  }
}

void Backend::CutSnapshot(const std::string& region_id, const std::string& id) {
  Region& region = regions_[region_id];
  auto it = region.snapshots.find(id);
  if (it == region.snapshots.end()) return;
  Snapshot& s = it->second;
  s.cut_event = engine::kNoEvent;
  s.cut = true;
  auto d = region.disks.find(s.source_disk_id);
  if (d != region.disks.end()) s.contents = d->second.contents;  // O(1): shares the tree
  if (cut_hook_) cut_hook_(id, s.source_disk_id);
  if (s.ia_requested) {  // legacy instant access: usable right after the cut
    s.instant_access = true;
    s.available = true;
  }
}

void Backend::MakeAvailable(const std::string& region_id, const std::string& id) {
  Region& region = regions_[region_id];
  auto it = region.snapshots.find(id);
  if (it == region.snapshots.end()) return;
  Snapshot& s = it->second;
  s.available_event = engine::kNoEvent;
  if (s.status == SnapshotStatus::kFailed) return;
  s.available = true;
  s.instant_access = true;
}

void Backend::FinishSnapshot(const std::string& region_id, const std::string& id) {
  Region& region = regions_[region_id];
  auto it = region.snapshots.find(id);
  if (it == region.snapshots.end()) return;
  Snapshot& s = it->second;
  s.done_event = engine::kNoEvent;
  auto d = region.disks.find(s.source_disk_id);
  if (d != region.disks.end() && d->second.snapshot_in_progress == id) {
    d->second.snapshot_in_progress.clear();
  }
  if (s.will_fail) {
    s.status = SnapshotStatus::kFailed;
    s.available = false;
    s.instant_access = false;
    if (s.available_event != engine::kNoEvent) loop_.Cancel(s.available_event);
    s.available_event = engine::kNoEvent;
    return;
  }
  s.status = SnapshotStatus::kAccomplished;
  s.available = true;
  if (IsEssdSeries(s.source_disk_category) && !config_.legacy_instant_access) {
    s.instant_access = true;
    if (s.available_event != engine::kNoEvent) loop_.Cancel(s.available_event);
    s.available_event = engine::kNoEvent;
  }
}

void Backend::ExpireInstantAccess(const std::string& region_id, const std::string& id) {
  Region& region = regions_[region_id];
  auto it = region.snapshots.find(id);
  if (it == region.snapshots.end()) return;
  Snapshot& s = it->second;
  if (s.ia_expiry_event != engine::kNoEvent) loop_.Cancel(s.ia_expiry_event);
  s.ia_expiry_event = engine::kNoEvent;
  // The snapshot becomes a normal one: Available follows Status from now on.
  s.ia_requested = false;
  s.instant_access = false;
  s.available = s.status == SnapshotStatus::kAccomplished;
}

void Backend::ReleaseSnapshot(Region& region, const std::string& id) {
  auto it = region.snapshots.find(id);
  if (it == region.snapshots.end()) return;
  Snapshot& s = it->second;
  for (engine::EventId e :
       {s.cut_event, s.available_event, s.done_event, s.ia_expiry_event, s.retention_event}) {
    if (e != engine::kNoEvent) loop_.Cancel(e);
  }
  auto d = region.disks.find(s.source_disk_id);
  if (d != region.disks.end()) {
    if (d->second.snapshot_in_progress == id) d->second.snapshot_in_progress.clear();
    --d->second.manual_snapshots;
  }
  region.snapshots.erase(it);
}

std::string Backend::Progress(const Snapshot& s) const {
  if (s.status == SnapshotStatus::kAccomplished) return "100%";
  if (s.status == SnapshotStatus::kFailed || !s.cut) return "0%";
  engine::Nanos total = s.done_at - s.cut_at;
  engine::Nanos done = loop_.Now() - s.cut_at;
  std::int64_t pct = total <= 0 ? 99 : static_cast<std::int64_t>((done * 100) / total);
  return fmt::format("{}%", std::clamp<std::int64_t>(pct, 0, 99));
}

std::int64_t Backend::RemainSeconds(const Snapshot& s) const {
  if (s.status != SnapshotStatus::kProgressing) return 0;
  engine::Nanos left = s.done_at - loop_.Now();
  return left <= 0 ? 0 : (left + engine::kSecond - 1) / engine::kSecond;
}

}  // namespace snapsim::ecs::internal
