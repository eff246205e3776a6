// The pure helpers of kubernetes-csi/external-attacher (pkg/controller/util.go
// and csi-lib-utils/accessmodes): the finalizer name, the CSINode lookup of a
// node id, and the VolumeCapability a PersistentVolume asks for. Errors carry
// the upstream wording, because they end up in VolumeAttachment.status.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "sim/engine/status.h"
#include "src/api/kinds_storage.h"
#include "src/csi/diskplugin/csi.h"

namespace snapsim::csi::attacher {

// VolumeAttachment annotation holding the node id the volume was published to.
inline constexpr std::string_view kNodeIdAnnotation = "csi.alpha.kubernetes.io/node-id";

// Every character outside [a-zA-Z0-9-] becomes '-'; a trailing '-' gets an "X".
std::string SanitizeDriverName(std::string_view driver);
// "external-attacher/" + SanitizeDriverName(driver).
std::string FinalizerName(std::string_view driver);
// The nodeID of `driver` in the CSINode, if it lists the driver.
std::optional<std::string> NodeIdFromCsiNode(std::string_view driver, const api::CSINode& node);

// accessmodes.ToCSIAccessMode: the CSI access mode for a PV's access modes.
Result<disk::VolumeCapability::AccessMode> ToCsiAccessMode(const std::vector<std::string>& modes,
                                                         bool single_node_multi_writer);
// GetVolumeCapabilities: block for volumeMode Block, else mount with fsType
// (default ext4) and the PV's mountOptions, plus the access mode.
Result<disk::VolumeCapability> VolumeCapabilityFor(const api::PersistentVolumeSpec& spec,
                                                   bool single_node_multi_writer);

}  // namespace snapsim::csi::attacher
