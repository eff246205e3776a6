// EcsConfig: the account- and region-level knobs of one fake ECS, with documented
// defaults (COVERAGE.md lists them again). Durations are virtual time; every duration
// marked "jittered" is multiplied by a factor drawn uniformly from [1-jitter, 1+jitter]
// with the simulation's generator, so one seed gives one timing.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "sim/engine/time.h"

namespace snapsim::ecs {

struct DiskTimings {
  engine::Nanos create = 2 * engine::kSecond;                // Creating -> Available (jittered)
  engine::Nanos create_from_snapshot = 5 * engine::kSecond;  // the same, from a snapshot
  engine::Nanos attach = 3 * engine::kSecond;                // Attaching -> In_use (jittered)
  engine::Nanos detach = 3 * engine::kSecond;                // Detaching -> Available (jittered)
};

// A snapshot is cut `cut_delay` after CreateSnapshot takes effect (CreationTime is empty
// until then), then uploads for base + size_gib * per_gib[category] (jittered): Progress
// rises linearly to 100% and Status becomes accomplished. ESSD-series snapshots (cloud_essd,
// cloud_auto, cloud_essd_entry, cloud_regional_disk_auto) are Available (instant access)
// a uniformly drawn ia_delay_min..ia_delay_max after the cut; others when accomplished.
struct SnapshotTimings {
  engine::Nanos cut_delay = 2 * engine::kSecond;
  engine::Nanos base = 30 * engine::kSecond;
  engine::Nanos per_gib_essd = 1 * engine::kSecond;
  engine::Nanos per_gib_ssd = 3 * engine::kSecond;
  engine::Nanos per_gib_efficiency = 5 * engine::kSecond;
  engine::Nanos per_gib_cloud = 8 * engine::kSecond;
  engine::Nanos ia_delay_min = 1 * engine::kSecond;
  engine::Nanos ia_delay_max = 3 * engine::kSecond;
};

struct EcsConfig {
  std::string region = "cn-hangzhou";
  std::vector<std::string> zones = {"cn-hangzhou-i"};
  // Virtual time 0 as Unix seconds (2026-01-01T00:00:00Z, as the API server uses).
  std::int64_t epoch_unix_seconds = 1767225600;
  // The world before 2023-10-12: CreateSnapshot's InstantAccess and
  // InstantAccessRetentionDays (and ModifySnapshotAttribute's DisableInstantAccess) are
  // honoured on ESSD; otherwise they are accepted and ignored.
  bool legacy_instant_access = false;
  // A call takes effect latency/2 after it is made; its reply arrives after latency.
  engine::Nanos api_latency = 50 * engine::kMillisecond;
  double jitter = 0.2;
  DiskTimings disk;
  SnapshotTimings snapshot;
  int snapshot_quota_per_disk = 256;  // manual snapshots per disk (QuotaExceed.Snapshot)
  int default_data_disk_limit = 16;
  // Disk categories sold in a zone; a zone not listed sells every category.
  std::map<std::string, std::set<std::string>> zone_categories;
  // Keep at most this many call records (the oldest are dropped); 0 = keep all.
  std::size_t call_log_limit = 0;
};

}  // namespace snapsim::ecs
