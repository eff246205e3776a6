// SHA-256 (FIPS 180-4) of a byte string, as lower-case hex. Pure, deterministic;
// used to derive object names the way Kubernetes does (e.g. VolumeAttachment
// "csi-" + sha256(volumeHandle + attacher + nodeName)).
#pragma once

#include <string>
#include <string_view>

namespace snapsim::csi {

// The 64-character lower-case hex digest of `data`.
std::string Sha256Hex(std::string_view data);

}  // namespace snapsim::csi
