// Small parsing helpers shared by the two CreateSnapshot eras (snapshot.cc,
// legacy_snapshot.cc): Go's strconv.Atoi for parameter values and ECS CreationTime
// ("2026-01-01T00:00:36Z") to Unix seconds.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace snapsim::csi::disk {

std::optional<std::int64_t> SnapshotAtoi(std::string_view s);
std::optional<std::int64_t> SnapshotTimeSeconds(std::string_view rfc3339);

}  // namespace snapsim::csi::disk
