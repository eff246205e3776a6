// The strings external-provisioner and sig-storage-lib-external-provisioner read and
// write (annotations, finalizers, parameter keys, event reasons), spelled as upstream.
#pragma once

#include <string_view>

namespace snapsim::csi::provisioner {

// API client of every request (fault rules and `crash: csi-provisioner` address it).
inline constexpr std::string_view kProvisionerClient = "csi-provisioner";

// Claim and volume annotations.
inline constexpr std::string_view kAnnStorageProvisioner = "volume.kubernetes.io/storage-provisioner";
inline constexpr std::string_view kAnnBetaStorageProvisioner =
    "volume.beta.kubernetes.io/storage-provisioner";
inline constexpr std::string_view kAnnSelectedNode = "volume.kubernetes.io/selected-node";
inline constexpr std::string_view kAnnBetaStorageClass = "volume.beta.kubernetes.io/storage-class";
inline constexpr std::string_view kAnnMigratedTo = "pv.kubernetes.io/migrated-to";
inline constexpr std::string_view kAnnDynamicallyProvisioned = "pv.kubernetes.io/provisioned-by";
inline constexpr std::string_view kAnnDeletionSecretName =
    "volume.kubernetes.io/provisioner-deletion-secret-name";
inline constexpr std::string_view kAnnDeletionSecretNamespace =
    "volume.kubernetes.io/provisioner-deletion-secret-namespace";

// The PV finalizer of HonorPVReclaimPolicy (sig-storage-lib finalizerPV).
inline constexpr std::string_view kPvFinalizer = "external-provisioner.volume.kubernetes.io/finalizer";
// volumeAttributes key naming the provisioner instance.
inline constexpr std::string_view kProvisionerIdKey = "storage.kubernetes.io/csiProvisionerIdentity";

// StorageClass parameters with the reserved prefix.
inline constexpr std::string_view kCsiParameterPrefix = "csi.storage.k8s.io/";
inline constexpr std::string_view kPrefixedFsTypeKey = "csi.storage.k8s.io/fstype";
inline constexpr std::string_view kPvcNameKey = "csi.storage.k8s.io/pvc/name";
inline constexpr std::string_view kPvcNamespaceKey = "csi.storage.k8s.io/pvc/namespace";
inline constexpr std::string_view kPvNameKey = "csi.storage.k8s.io/pv/name";
// ACK's csi-provisioner also passes the selected node to the driver in this parameter.
inline constexpr std::string_view kSelectedNodeParameter = "volume.kubernetes.io/selected-node";

// Data sources.
inline constexpr std::string_view kSnapshotKind = "VolumeSnapshot";
inline constexpr std::string_view kSnapshotApiGroup = "snapshot.storage.k8s.io";
inline constexpr std::string_view kPvcKind = "PersistentVolumeClaim";

// Event reasons.
inline constexpr std::string_view kEventProvisioning = "Provisioning";
inline constexpr std::string_view kEventProvisioningSucceeded = "ProvisioningSucceeded";
inline constexpr std::string_view kEventProvisioningFailed = "ProvisioningFailed";
inline constexpr std::string_view kEventVolumeFailedDelete = "VolumeFailedDelete";

}  // namespace snapsim::csi::provisioner
