#include "src/csi/diskplugin/volume_options.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace snapsim::csi::disk {
namespace {

std::vector<std::string> SplitList(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == ',') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else if (c != ' ') {
      cur.push_back(c);
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

std::optional<std::string> Param(const CreateVolumeRequest& req, std::string_view key) {
  auto it = req.parameters.find(std::string(key));
  if (it == req.parameters.end()) return std::nullopt;
  return it->second;
}

bool Truthy(std::string_view v) { return v == "yes" || v == "true" || v == "1"; }

}  // namespace

bool IsKnownCategory(std::string_view c) {
  static const std::vector<std::string_view> kAll = {"cloud",
                                                     "cloud_efficiency",
                                                     "cloud_ssd",
                                                     "cloud_essd",
                                                     "cloud_auto",
                                                     "cloud_essd_entry",
                                                     "cloud_regional_disk_auto",
                                                     "elastic_ephemeral_disk_standard",
                                                     "elastic_ephemeral_disk_premium"};
  return std::find(kAll.begin(), kAll.end(), c) != kAll.end();
}

std::int64_t MinimumSizeGiB(std::string_view c, std::string_view pl) {
  if (c == "cloud_efficiency" || c == "cloud_ssd") return 20;
  if (c == "cloud_essd") {
    if (pl == "PL0") return 1;
    if (pl == "PL2") return 461;
    if (pl == "PL3") return 1261;
    return 20;
  }
  if (c == "cloud_auto") return 1;
  if (c == "cloud_essd_entry" || c == "cloud_regional_disk_auto") return 10;
  if (c.rfind("elastic_ephemeral_disk", 0) == 0) return 64;
  return 0;
}

Result<DiskVolumeOptions, std::string> ParseDiskVolumeOptions(const CreateVolumeRequest& req,
                                                              std::string_view default_region) {
  DiskVolumeOptions o;
  std::string type = Param(req, "type").value_or("");
  if (type.empty() || type == "available") {
    o.types = {"cloud_ssd", "cloud_efficiency"};
  } else {
    o.types = SplitList(type);
    for (const auto& t : o.types) {
      if (!IsKnownCategory(t)) return fmt::format("illegal required parameter type: {}", type);
    }
    if (o.types.empty()) return fmt::format("illegal required parameter type: {}", type);
  }
  if (auto pl = Param(req, "performanceLevel"); pl && !pl->empty()) {
    for (const auto& p : SplitList(*pl)) {
      if (p != "PL0" && p != "PL1" && p != "PL2" && p != "PL3") {
        return fmt::format("illegal performance level type: {}", p);
      }
      o.performance_levels.push_back(p);
    }
  }
  auto zone = Param(req, "zoneId");
  if (!zone) zone = Param(req, "zoneid");
  if (zone) {
    o.zone_ids = SplitList(*zone);
    if (o.zone_ids.empty()) return std::string("empty zone ID is invalid");
  }
  o.region = Param(req, "regionId").value_or(std::string(default_region));
  if (o.region.empty()) o.region = std::string(default_region);
  o.encrypted = Truthy(Param(req, "encrypted").value_or(""));
  o.kms_key_id = Param(req, "kmsKeyId").value_or("");
  std::string ma = Param(req, "multiAttach").value_or("");
  o.multi_attach = ma == "true" || ma == "enabled";
  o.resource_group_id = Param(req, "resourceGroupId").value_or("");
  if (auto tags = Param(req, "diskTags")) {
    for (const auto& kv : SplitList(*tags)) {
      auto colon = kv.find(':');
      if (colon == std::string::npos) return fmt::format("invalid diskTags format name: {}", kv);
      o.disk_tags.emplace_back(kv.substr(0, colon), kv.substr(colon + 1));
    }
  }
  for (const auto& [k, v] : req.parameters) {
    if (k.rfind("diskTags/", 0) == 0) o.disk_tags.emplace_back(k.substr(9), v);
  }
  std::stable_sort(o.disk_tags.begin(), o.disk_tags.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });

  if (req.volume_content_source && req.volume_content_source->snapshot_id) {
    o.snapshot_id = *req.volume_content_source->snapshot_id;
  } else if (auto s = Param(req, "csi.alibabacloud.com/disk-snapshot-id")) {
    o.snapshot_id = *s;
  }

  if (!req.capacity_range) return std::string("capacity range is required");
  constexpr std::int64_t kGiB = std::int64_t{1} << 30;
  o.size_gib = (req.capacity_range->required_bytes + kGiB - 1) / kGiB;
  if (Param(req, "volumeSizeAutoAvailable").value_or("") == "true" && o.size_gib < 20) {
    o.size_gib = 20;
  }

  for (const auto& cap : req.volume_capabilities) {
    using M = VolumeCapability::AccessMode;
    bool multi_writer =
        cap.access_mode == M::kMultiNodeMultiWriter || cap.access_mode == M::kMultiNodeSingleWriter;
    if (multi_writer && !cap.block) {
      return std::string(
          "multi-node writing is only supported for block volume. For Kubernetes users, if unsure, "
          "use ReadWriteOnce access mode in PersistentVolumeClaim for disk volume");
    }
    if (!cap.block && !cap.fs_type.empty()) o.fs_type = cap.fs_type;
  }
  // The fs check is skipped for restores (§1.1).
  if (o.snapshot_id.empty() && o.fs_type != "ext4" && o.fs_type != "ext3" && o.fs_type != "xfs" &&
      o.fs_type != "ntfs") {
    return fmt::format("fsType {} is not supported, please use [ext4 ext3 xfs ntfs]", o.fs_type);
  }
  return o;
}

std::string ChooseZone(const std::optional<TopologyRequirement>& req,
                       const std::vector<std::string>& zone_ids, std::string_view default_zone) {
  std::vector<std::string> found;
  if (req) {
    for (const auto* list : {&req->preferred, &req->requisite}) {
      for (const auto& topo : *list) {
        for (std::string_view key : {kTopologyZoneKey, kStandardZoneKey}) {
          auto it = topo.segments.find(std::string(key));
          if (it != topo.segments.end()) {
            found.push_back(it->second);
            break;
          }
        }
      }
    }
  }
  if (zone_ids.empty()) return found.empty() ? std::string(default_zone) : found.front();
  for (const auto& z : found) {
    if (std::find(zone_ids.begin(), zone_ids.end(), z) != zone_ids.end()) return z;
  }
  return zone_ids.front();  // nothing matched: an arbitrary zone of the list
}

std::string ClientToken(std::string_view name) {
  bool ascii = std::all_of(name.begin(), name.end(), [](char c) { return (c & 0x80) == 0; });
  if (ascii && name.size() <= 62) return fmt::format("n:{}", name);
  __extension__ typedef unsigned __int128 U128;
  U128 hash = (static_cast<U128>(0x6c62272e07bb0142ULL) << 64) | 0x62b821756295c58dULL;
  const U128 prime = (static_cast<U128>(0x0000000001000000ULL) << 64) | 0x000000000000013BULL;
  for (unsigned char c : name) {
    hash ^= c;
    hash *= prime;
  }
  unsigned char bytes[16];
  for (int i = 15; i >= 0; --i) {
    bytes[i] = static_cast<unsigned char>(hash & 0xff);
    hash >>= 8;
  }
  static constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out = "h:";
  int i = 0;
  for (; i + 3 <= 16; i += 3) {
    unsigned v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += kB64[(v >> 18) & 63];
    out += kB64[(v >> 12) & 63];
    out += kB64[(v >> 6) & 63];
    out += kB64[v & 63];
  }
  unsigned v = bytes[15] << 16;  // one byte remains: two characters, unpadded
  out += kB64[(v >> 18) & 63];
  out += kB64[(v >> 12) & 63];
  return out;
}

bool IsValidDiskName(std::string_view name) {
  if (name.size() < 2 || name.size() > 128) return false;
  if (!std::isalpha(static_cast<unsigned char>(name[0]))) return false;
  return std::all_of(name.begin() + 1, name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == ':' || c == '_' || c == '.' ||
           c == '-';
  });
}

}  // namespace snapsim::csi::disk
