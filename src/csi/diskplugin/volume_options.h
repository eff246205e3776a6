// volume_options.h: CreateVolume's parameter parsing and the pieces of the algorithm
// that need no ECS call (reference §1.1–1.3): the category list, minimum sizes, the
// zone choice, the ECS ClientToken and the DiskName rule. Used by create_volume.cc.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/engine/status.h"
#include "src/csi/diskplugin/csi.h"

namespace snapsim::csi::disk {

inline constexpr std::string_view kVolumeNameTag = "csi.alibabacloud.com/volume-name";
inline constexpr std::string_view kDiskTypeLabel =
    "csi.alibabacloud.com/label-prefix/csi.alibabacloud.com/disktype";

struct DiskVolumeOptions {
  std::vector<std::string> types;               // categories, in the order tried
  std::vector<std::string> performance_levels;  // PL0..PL3, expands cloud_essd attempts
  std::vector<std::string> zone_ids;            // the zoneId param, split
  std::string region;
  bool encrypted = false;
  std::string kms_key_id;
  bool multi_attach = false;
  std::string resource_group_id;
  std::vector<std::pair<std::string, std::string>> disk_tags;  // user tags, sorted by key
  std::string fs_type = "ext4";
  std::int64_t size_gib = 0;
  std::string snapshot_id;  // restore source ("" = none)
};

// Parses the request. The error is the bare `<err>` of
// "Invalid parameters from input: <name>, with error: <err>".
Result<DiskVolumeOptions, std::string> ParseDiskVolumeOptions(const CreateVolumeRequest& req,
                                                              std::string_view default_region);

// The driver's minimum size in GiB for a category (and PL for cloud_essd); 0 = none.
std::int64_t MinimumSizeGiB(std::string_view category, std::string_view performance_level);
bool IsKnownCategory(std::string_view category);

// §1.3: the zone from the accessibility requirements and the zoneId list, else
// `default_zone`.
std::string ChooseZone(const std::optional<TopologyRequirement>& req,
                       const std::vector<std::string>& zone_ids, std::string_view default_zone);

// "n:<name>" for names of at most 62 ASCII bytes, else "h:" + unpadded base64 of the
// FNV-128a hash of the name.
std::string ClientToken(std::string_view name);
// Whether ECS accepts `name` as a DiskName (^\pL[\pL0-9:_.-]{1,127}$, ASCII letters).
bool IsValidDiskName(std::string_view name);

}  // namespace snapsim::csi::disk
