#include "src/csi/attacher/attacher_util.h"

#include <algorithm>
#include <set>

namespace snapsim::csi::attacher {

std::string SanitizeDriverName(std::string_view driver) {
  std::string out(driver);
  for (char& c : out) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok) c = '-';
  }
  if (!out.empty() && out.back() == '-') out += 'X';
  return out;
}

std::string FinalizerName(std::string_view driver) { return "external-attacher/" + SanitizeDriverName(driver); }

std::optional<std::string> NodeIdFromCsiNode(std::string_view driver, const api::CSINode& node) {
  for (const auto& d : node.spec.drivers) {
    if (d.name == driver) return d.node_id;
  }
  return std::nullopt;
}

Result<disk::VolumeCapability::AccessMode> ToCsiAccessMode(const std::vector<std::string>& modes,
                                                         bool single_node_multi_writer) {
  using Mode = disk::VolumeCapability::AccessMode;
  std::set<std::string> m(modes.begin(), modes.end());
  auto has = [&](const char* s) { return m.count(s) > 0; };
  if (has("ReadWriteOncePod")) {
    if (modes.size() > 1) {
      return Status::InvalidArgument(
          "Kubernetes does not support use of ReadWriteOncePod with other access modes on the same "
          "PersistentVolume");
    }
    return single_node_multi_writer ? Mode::kSingleNodeSingleWriter : Mode::kSingleNodeWriter;
  }
  if (has("ReadWriteMany")) return Mode::kMultiNodeMultiWriter;
  if (has("ReadOnlyMany") && has("ReadWriteOnce")) {
    return Status::InvalidArgument("CSI does not support ReadOnlyMany and ReadWriteOnce on the same PersistentVolume");
  }
  if (has("ReadOnlyMany")) return Mode::kMultiNodeReaderOnly;
  if (has("ReadWriteOnce")) return single_node_multi_writer ? Mode::kSingleNodeMultiWriter : Mode::kSingleNodeWriter;
  std::string list;
  for (const auto& s : modes) list += (list.empty() ? "" : " ") + s;
  return Status::InvalidArgument("unsupported AccessMode combination: [" + list + "]");
}

Result<disk::VolumeCapability> VolumeCapabilityFor(const api::PersistentVolumeSpec& spec,
                                                   bool single_node_multi_writer) {
  if (!spec.csi) return Status::InvalidArgument("CSI volume source was nil");
  disk::VolumeCapability cap;
  if (spec.volume_mode.value_or("Filesystem") == "Block") {
    cap.block = true;
  } else {
    cap.fs_type = spec.csi->fs_type.empty() ? "ext4" : spec.csi->fs_type;
    cap.mount_flags = spec.mount_options;
  }
  SNAPSIM_ASSIGN_OR_RETURN(cap.access_mode, ToCsiAccessMode(spec.access_modes, single_node_multi_writer));
  return cap;
}

}  // namespace snapsim::csi::attacher
