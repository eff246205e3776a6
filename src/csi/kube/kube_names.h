// The well-known names the Kubernetes built-in controllers read and write:
// annotations, labels, finalizers, event reasons and the component names their
// events and API requests carry. One place, so that every controller in
// src/csi/kube spells them exactly as Kubernetes 1.22–1.30 does.
#pragma once

#include <string_view>

namespace snapsim::csi::kube {

// API client name of every kube-controller-manager controller (fault rules and
// `crash: kube-controller-manager` address them together) and of the scheduler.
inline constexpr std::string_view kControllerManager = "kube-controller-manager";
inline constexpr std::string_view kScheduler = "kube-scheduler";

// Event sources (core/v1 Event .source.component), as `kubectl describe` shows them.
inline constexpr std::string_view kPersistentVolumeControllerSource = "persistentvolume-controller";
inline constexpr std::string_view kStatefulSetControllerSource = "statefulset-controller";
inline constexpr std::string_view kDefaultSchedulerSource = "default-scheduler";
inline constexpr std::string_view kDefaultSchedulerName = "default-scheduler";
inline constexpr std::string_view kAttachDetachControllerSource = "attachdetach-controller";

// PersistentVolume / PersistentVolumeClaim annotations (k8s.io/component-helpers/storage/volume).
inline constexpr std::string_view kAnnBindCompleted = "pv.kubernetes.io/bind-completed";
inline constexpr std::string_view kAnnBoundByController = "pv.kubernetes.io/bound-by-controller";
inline constexpr std::string_view kAnnDynamicallyProvisioned = "pv.kubernetes.io/provisioned-by";
inline constexpr std::string_view kAnnStorageProvisioner =
    "volume.kubernetes.io/storage-provisioner";
inline constexpr std::string_view kAnnBetaStorageProvisioner =
    "volume.beta.kubernetes.io/storage-provisioner";
inline constexpr std::string_view kAnnSelectedNode = "volume.kubernetes.io/selected-node";
inline constexpr std::string_view kAnnBetaStorageClass = "volume.beta.kubernetes.io/storage-class";
inline constexpr std::string_view kNotSupportedProvisioner = "kubernetes.io/no-provisioner";

// Finalizers added by the StorageObjectInUseProtection admission plugin.
inline constexpr std::string_view kPvcProtectionFinalizer = "kubernetes.io/pvc-protection";
inline constexpr std::string_view kPvProtectionFinalizer = "kubernetes.io/pv-protection";

// StatefulSet pod labels.
inline constexpr std::string_view kStatefulSetRevisionLabel = "controller-revision-hash";
inline constexpr std::string_view kStatefulSetPodNameLabel = "statefulset.kubernetes.io/pod-name";
inline constexpr std::string_view kPodIndexLabel = "apps.kubernetes.io/pod-index";  // from 1.28

// Topology labels.
inline constexpr std::string_view kZoneLabel = "topology.kubernetes.io/zone";
inline constexpr std::string_view kHostnameLabel = "kubernetes.io/hostname";

// Event reasons (pkg/controller/volume/events and the controllers).
inline constexpr std::string_view kEventExternalProvisioning = "ExternalProvisioning";
inline constexpr std::string_view kEventWaitForFirstConsumer = "WaitForFirstConsumer";
inline constexpr std::string_view kEventWaitForPodScheduled = "WaitForPodScheduled";
inline constexpr std::string_view kEventProvisioningFailed = "ProvisioningFailed";
inline constexpr std::string_view kEventFailedBinding = "FailedBinding";
inline constexpr std::string_view kEventVolumeMismatch = "VolumeMismatch";
inline constexpr std::string_view kEventVolumeFailedDelete = "VolumeFailedDelete";
inline constexpr std::string_view kEventVolumeFailedRecycle = "VolumeFailedRecycle";
inline constexpr std::string_view kEventScheduled = "Scheduled";
inline constexpr std::string_view kEventFailedScheduling = "FailedScheduling";
inline constexpr std::string_view kEventSuccessfulAttachVolume = "SuccessfulAttachVolume";
inline constexpr std::string_view kEventFailedAttachVolume = "FailedAttachVolume";

// The CSI volume plugin's name: node.status.volumesAttached / volumesInUse list
// "kubernetes.io/csi/<driver>^<volumeHandle>".
inline constexpr std::string_view kCsiVolumePluginName = "kubernetes.io/csi";
// Node taint that lets the attach/detach controller detach at once (non-graceful shutdown).
inline constexpr std::string_view kOutOfServiceTaint = "node.kubernetes.io/out-of-service";

}  // namespace snapsim::csi::kube
