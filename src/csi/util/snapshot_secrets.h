// CSI secret parameters of a VolumeSnapshotClass and the reserved
// "csi.storage.k8s.io/" parameter prefix (external-snapshotter pkg/utils/util.go,
// reference/snapshot-controller-semantics.md §4.3). Pure functions, shared by the
// snapshot controller (which resolves the create/delete secret once and stores it in
// the deletion-secret annotations) and csi-snapshotter (which resolves the list
// secret from the class on every ListSnapshots).
//
// Templates: the namespace may use ${volumesnapshotcontent.name} and
// ${volumesnapshot.namespace}; the name may also use ${volumesnapshot.name}
// (snapshot tokens only when a snapshot is given). Errors carry upstream's messages.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "sim/engine/status.h"

namespace snapsim::csi {

inline constexpr std::string_view kCsiParameterPrefix = "csi.storage.k8s.io/";
inline constexpr std::string_view kSnapshotterSecretNameKey = "csi.storage.k8s.io/snapshotter-secret-name";
inline constexpr std::string_view kSnapshotterSecretNamespaceKey =
    "csi.storage.k8s.io/snapshotter-secret-namespace";
inline constexpr std::string_view kSnapshotterListSecretNameKey =
    "csi.storage.k8s.io/snapshotter-list-secret-name";
inline constexpr std::string_view kSnapshotterListSecretNamespaceKey =
    "csi.storage.k8s.io/snapshotter-list-secret-namespace";
inline constexpr std::string_view kGroupSnapshotterSecretNameKey =
    "csi.storage.k8s.io/group-snapshotter-secret-name";
inline constexpr std::string_view kGroupSnapshotterSecretNamespaceKey =
    "csi.storage.k8s.io/group-snapshotter-secret-namespace";
// --extra-create-metadata parameters.
inline constexpr std::string_view kVolumeSnapshotNameParam = "csi.storage.k8s.io/volumesnapshot/name";
inline constexpr std::string_view kVolumeSnapshotNamespaceParam = "csi.storage.k8s.io/volumesnapshot/namespace";
inline constexpr std::string_view kVolumeSnapshotContentNameParam = "csi.storage.k8s.io/volumesnapshotcontent/name";

// Which secret: the name used in messages ("Snapshotter", "SnapshotterList") and its keys.
struct SecretParams {
  std::string_view name;
  std::string_view name_key;
  std::string_view namespace_key;
};
inline constexpr SecretParams kSnapshotterSecretParams{"Snapshotter", kSnapshotterSecretNameKey,
                                                       kSnapshotterSecretNamespaceKey};
inline constexpr SecretParams kSnapshotterListSecretParams{"SnapshotterList", kSnapshotterListSecretNameKey,
                                                           kSnapshotterListSecretNamespaceKey};

struct SecretRef {
  std::string name;
  std::string namespace_;
  friend bool operator==(const SecretRef&, const SecretRef&) = default;
};

// The snapshot a template may refer to (absent when resolving without one).
struct SnapshotIdentity {
  std::string name;
  std::string namespace_;
};

// utils.GetSecretReference: nullopt when the class names no such secret.
Result<std::optional<SecretRef>> ResolveSecretReference(const SecretParams& which,
                                                        const std::map<std::string, std::string>& class_params,
                                                        std::string_view content_name,
                                                        const std::optional<SnapshotIdentity>& snapshot);

// utils.RemovePrefixedParameters: the class parameters without the known reserved keys;
// any other "csi.storage.k8s.io/" key is an error (the first in key order).
Result<std::map<std::string, std::string>> RemovePrefixedParameters(
    const std::map<std::string, std::string>& params);

}  // namespace snapsim::csi
