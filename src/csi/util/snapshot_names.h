// The exact strings and pure predicates external-snapshotter uses
// (pkg/utils/util.go), shared by the snapshot controller and csi-snapshotter.
#pragma once

#include <string>
#include <string_view>

#include "src/api/kinds_snapshot.h"

namespace snapsim::csi {

inline constexpr std::string_view kVolumeSnapshotAsSourceFinalizer =
    "snapshot.storage.kubernetes.io/volumesnapshot-as-source-protection";
inline constexpr std::string_view kVolumeSnapshotBoundFinalizer =
    "snapshot.storage.kubernetes.io/volumesnapshot-bound-protection";
inline constexpr std::string_view kVolumeSnapshotContentFinalizer =
    "snapshot.storage.kubernetes.io/volumesnapshotcontent-bound-protection";
inline constexpr std::string_view kPvcAsSourceFinalizer = "snapshot.storage.kubernetes.io/pvc-as-source-protection";
inline constexpr std::string_view kProvisionerSnapshotSourceFinalizer =
    "provisioner.storage.kubernetes.io/volumesnapshot-as-source-protection";
inline constexpr std::string_view kBeingDeletedAnnotation = "snapshot.storage.kubernetes.io/volumesnapshot-being-deleted";
inline constexpr std::string_view kBeingCreatedAnnotation = "snapshot.storage.kubernetes.io/volumesnapshot-being-created";
inline constexpr std::string_view kDeletionSecretNameAnnotation = "snapshot.storage.kubernetes.io/deletion-secret-name";
inline constexpr std::string_view kDeletionSecretNamespaceAnnotation =
    "snapshot.storage.kubernetes.io/deletion-secret-namespace";
inline constexpr std::string_view kIsDefaultSnapshotClassAnnotation =
    "snapshot.storage.kubernetes.io/is-default-class";
inline constexpr std::string_view kSnapshotGroup = "snapshot.storage.k8s.io";
// Read by external-provisioner (--prevent-volume-mode-conversion) on a content.
inline constexpr std::string_view kAllowVolumeModeChangeAnnotation =
    "snapshot.storage.kubernetes.io/allow-volume-mode-change";
// csi-snapshotter: a member of a group snapshot is not created one by one.
inline constexpr std::string_view kVolumeGroupSnapshotHandleAnnotation =
    "groupsnapshot.storage.k8s.io/volumeGroupSnapshotHandle";
// --node-deployment / distributed snapshotting: the node whose sidecar handles a content.
inline constexpr std::string_view kManagedByLabel = "snapshot.storage.kubernetes.io/managed-by";

// "snapcontent-" + uid: the dynamic content's name, derived so creation is idempotent.
std::string DynamicContentName(const api::VolumeSnapshot& vs);
// "ns/name".
std::string SnapshotKey(const api::Object& vs);
bool IsDynamicSnapshot(const api::VolumeSnapshot& vs);  // source.persistentVolumeClaimName set
bool IsSnapshotReady(const api::VolumeSnapshot& vs);     // status.readyToUse == true
bool IsContentReady(const api::VolumeSnapshotContent& c);
// The content points at this snapshot by namespace, name and (when `require_uid`) uid.
bool ContentPointsAt(const api::VolumeSnapshotContent& c, const api::VolumeSnapshot& vs, bool require_uid);
// The snapshot is bound to the content both ways (status name, ref name, namespace and uid).
bool IsBoundBothWays(const api::VolumeSnapshot& vs, const api::VolumeSnapshotContent& c);
// Deletion candidate: being deleted and still carrying one of the snapshot finalizers.
bool IsSnapshotDeletionCandidate(const api::VolumeSnapshot& vs);
bool HasAnnotation(const api::Object& o, std::string_view key);

}  // namespace snapsim::csi
