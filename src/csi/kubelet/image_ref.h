// Container image references as the kubelet and containerd report them, and the
// simulated registry: normalisation ("nginx" -> "docker.io/library/nginx:latest"),
// a deterministic image ID, size and pull durations. Pure functions of the name.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sim/engine/time.h"

namespace snapsim::csi::kubelet {

// docker.io normalisation: a bare name gets "docker.io/library/", a user repo
// "docker.io/", and a missing tag ":latest" (a digest is kept as is).
std::string NormalizeImage(std::string_view image);
// The repository part of a normalised reference ("docker.io/library/nginx").
std::string ImageRepository(std::string_view normalized);
// "docker.io/library/nginx@sha256:<64 hex>" (status.containerStatuses[].imageID).
std::string ImageId(std::string_view image);
// The image's compressed size in bytes (Pulled event from 1.30).
std::int64_t ImageSizeBytes(std::string_view image);
// How long a pull takes: the first on a node downloads every layer; a repeat
// (imagePullPolicy Always with the layers cached) only resolves the manifest.
engine::Nanos PullDuration(std::string_view image, bool cached);

}  // namespace snapsim::csi::kubelet
