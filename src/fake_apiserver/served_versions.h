// Which API versions a cluster of a given Kubernetes minor version serves.
//
// The snapshot CRDs follow external-snapshotter's history as ACK shipped it:
//   1.17–1.19  v1beta1 only (snapshot-controller v2/v3)
//   1.20–1.23  v1beta1 (deprecated, with a warning) and v1
//   1.24+      v1 only (v1beta1 no longer served since snapshot-controller v6)
// Built-in kinds serve their registered versions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "src/api/object.h"

namespace snapsim::apiserver {

std::vector<std::string_view> ServedVersions(const api::KindInfo& kind, int kube_minor);
bool IsServed(const api::KindInfo& kind, std::string_view version, int kube_minor);
// The version clients use by default (discovery's preferred version); "" if none is served.
std::string_view PreferredVersion(const api::KindInfo& kind, int kube_minor);
// The warning a request in `version` draws, e.g. "snapshot.storage.k8s.io/v1beta1
// VolumeSnapshot is deprecated; use snapshot.storage.k8s.io/v1 VolumeSnapshot".
std::optional<std::string> DeprecationWarning(const api::KindInfo& kind, std::string_view version, int kube_minor);

}  // namespace snapsim::apiserver
