// Reflect<> declarations for the kinds of kinds_storage.h (JSON names and
// omitempty flags of k8s.io/api core/v1 and storage/v1, 1.30). Included by
// kinds_storage.h; do not include directly.
#pragma once

#include <tuple>

#include "src/api/kinds_storage.h"

namespace snapsim::api {

template <>
struct Reflect<CSIPersistentVolumeSource> {
  using S = CSIPersistentVolumeSource;
  static constexpr std::string_view kGoName = "CSIPersistentVolumeSource";
  static constexpr auto kFields = std::make_tuple(
      Field("driver", &S::driver, kAlways), Field("volumeHandle", &S::volume_handle, kAlways),
      Field("readOnly", &S::read_only), Field("fsType", &S::fs_type),
      Field("volumeAttributes", &S::volume_attributes),
      Field("controllerPublishSecretRef", &S::controller_publish_secret_ref),
      Field("nodeStageSecretRef", &S::node_stage_secret_ref),
      Field("nodePublishSecretRef", &S::node_publish_secret_ref),
      Field("controllerExpandSecretRef", &S::controller_expand_secret_ref),
      Field("nodeExpandSecretRef", &S::node_expand_secret_ref));
};

template <>
struct Reflect<VolumeNodeAffinity> {
  static constexpr std::string_view kGoName = "VolumeNodeAffinity";
  static constexpr auto kFields = std::make_tuple(Field("required", &VolumeNodeAffinity::required));
};

template <>
struct Reflect<PersistentVolumeSpec> {
  using S = PersistentVolumeSpec;
  static constexpr std::string_view kGoName = "PersistentVolumeSpec";
  static constexpr auto kFields = std::make_tuple(
      Field("capacity", &S::capacity), Field("gcePersistentDisk", &S::gce_persistent_disk),
      Field("awsElasticBlockStore", &S::aws_elastic_block_store), Field("hostPath", &S::host_path),
      Field("glusterfs", &S::glusterfs), Field("nfs", &S::nfs), Field("rbd", &S::rbd),
      Field("iscsi", &S::iscsi), Field("cinder", &S::cinder), Field("cephfs", &S::cephfs),
      Field("fc", &S::fc), Field("flocker", &S::flocker), Field("flexVolume", &S::flex_volume),
      Field("azureFile", &S::azure_file), Field("vsphereVolume", &S::vsphere_volume),
      Field("quobyte", &S::quobyte), Field("azureDisk", &S::azure_disk),
      Field("photonPersistentDisk", &S::photon_persistent_disk),
      Field("portworxVolume", &S::portworx_volume), Field("scaleIO", &S::scale_io),
      Field("local", &S::local), Field("storageos", &S::storageos), Field("csi", &S::csi),
      Field("accessModes", &S::access_modes), Field("claimRef", &S::claim_ref),
      Field("persistentVolumeReclaimPolicy", &S::persistent_volume_reclaim_policy),
      Field("storageClassName", &S::storage_class_name), Field("mountOptions", &S::mount_options),
      Field("volumeMode", &S::volume_mode), Field("nodeAffinity", &S::node_affinity),
      Field("volumeAttributesClassName", &S::volume_attributes_class_name));
};

template <>
struct Reflect<PersistentVolumeStatus> {
  static constexpr std::string_view kGoName = "PersistentVolumeStatus";
  static constexpr auto kFields = std::make_tuple(
      Field("phase", &PersistentVolumeStatus::phase),
      Field("message", &PersistentVolumeStatus::message),
      Field("reason", &PersistentVolumeStatus::reason),
      Field("lastPhaseTransitionTime", &PersistentVolumeStatus::last_phase_transition_time));
};

template <>
struct Reflect<PersistentVolume> {
  static constexpr std::string_view kGoName = "PersistentVolume";
  static constexpr auto kFields =
      std::make_tuple(Field("metadata", &PersistentVolume::metadata, kAlways),
                      Field("spec", &PersistentVolume::spec, kAlways),
                      Field("status", &PersistentVolume::status, kAlways));
};

template <>
struct Reflect<VolumeResourceRequirements> {
  static constexpr std::string_view kGoName = "VolumeResourceRequirements";
  static constexpr auto kFields =
      std::make_tuple(Field("limits", &VolumeResourceRequirements::limits),
                      Field("requests", &VolumeResourceRequirements::requests));
};

template <>
struct Reflect<TypedLocalObjectReference> {
  static constexpr std::string_view kGoName = "TypedLocalObjectReference";
  static constexpr auto kFields =
      std::make_tuple(Field("apiGroup", &TypedLocalObjectReference::api_group, kAlways),
                      Field("kind", &TypedLocalObjectReference::kind, kAlways),
                      Field("name", &TypedLocalObjectReference::name, kAlways));
};

template <>
struct Reflect<TypedObjectReference> {
  static constexpr std::string_view kGoName = "TypedObjectReference";
  static constexpr auto kFields =
      std::make_tuple(Field("apiGroup", &TypedObjectReference::api_group, kAlways),
                      Field("kind", &TypedObjectReference::kind, kAlways),
                      Field("name", &TypedObjectReference::name, kAlways),
                      Field("namespace", &TypedObjectReference::namespace_));
};

template <>
struct Reflect<PersistentVolumeClaimSpec> {
  using S = PersistentVolumeClaimSpec;
  static constexpr std::string_view kGoName = "PersistentVolumeClaimSpec";
  static constexpr auto kFields = std::make_tuple(
      Field("accessModes", &S::access_modes), Field("selector", &S::selector),
      Field("resources", &S::resources), Field("volumeName", &S::volume_name),
      Field("storageClassName", &S::storage_class_name), Field("volumeMode", &S::volume_mode),
      Field("dataSource", &S::data_source), Field("dataSourceRef", &S::data_source_ref),
      Field("volumeAttributesClassName", &S::volume_attributes_class_name));
};

template <>
struct Reflect<PersistentVolumeClaimCondition> {
  using S = PersistentVolumeClaimCondition;
  static constexpr std::string_view kGoName = "PersistentVolumeClaimCondition";
  static constexpr auto kFields =
      std::make_tuple(Field("type", &S::type, kAlways), Field("status", &S::status, kAlways),
                      Field("lastProbeTime", &S::last_probe_time, kAlways),
                      Field("lastTransitionTime", &S::last_transition_time, kAlways),
                      Field("reason", &S::reason), Field("message", &S::message));
};

template <>
struct Reflect<PersistentVolumeClaimStatus> {
  using S = PersistentVolumeClaimStatus;
  static constexpr std::string_view kGoName = "PersistentVolumeClaimStatus";
  static constexpr auto kFields = std::make_tuple(
      Field("phase", &S::phase), Field("accessModes", &S::access_modes),
      Field("capacity", &S::capacity), Field("conditions", &S::conditions),
      Field("allocatedResources", &S::allocated_resources),
      Field("allocatedResourceStatuses", &S::allocated_resource_statuses),
      Field("currentVolumeAttributesClassName", &S::current_volume_attributes_class_name),
      Field("modifyVolumeStatus", &S::modify_volume_status));
};

template <>
struct Reflect<PersistentVolumeClaim> {
  static constexpr std::string_view kGoName = "PersistentVolumeClaim";
  static constexpr auto kFields =
      std::make_tuple(Field("metadata", &PersistentVolumeClaim::metadata, kAlways),
                      Field("spec", &PersistentVolumeClaim::spec, kAlways),
                      Field("status", &PersistentVolumeClaim::status, kAlways));
};

template <>
struct Reflect<TopologySelectorLabelRequirement> {
  static constexpr std::string_view kGoName = "TopologySelectorLabelRequirement";
  static constexpr auto kFields =
      std::make_tuple(Field("key", &TopologySelectorLabelRequirement::key, kAlways),
                      Field("values", &TopologySelectorLabelRequirement::values, kAlways));
};

template <>
struct Reflect<TopologySelectorTerm> {
  static constexpr std::string_view kGoName = "TopologySelectorTerm";
  static constexpr auto kFields = std::make_tuple(
      Field("matchLabelExpressions", &TopologySelectorTerm::match_label_expressions));
};

template <>
struct Reflect<StorageClass> {
  using S = StorageClass;
  static constexpr std::string_view kGoName = "StorageClass";
  static constexpr auto kFields = std::make_tuple(
      Field("metadata", &S::metadata, kAlways), Field("provisioner", &S::provisioner, kAlways),
      Field("parameters", &S::parameters), Field("reclaimPolicy", &S::reclaim_policy),
      Field("mountOptions", &S::mount_options),
      Field("allowVolumeExpansion", &S::allow_volume_expansion),
      Field("volumeBindingMode", &S::volume_binding_mode),
      Field("allowedTopologies", &S::allowed_topologies));
};

template <>
struct Reflect<VolumeAttachmentSource> {
  static constexpr std::string_view kGoName = "VolumeAttachmentSource";
  static constexpr auto kFields = std::make_tuple(
      Field("persistentVolumeName", &VolumeAttachmentSource::persistent_volume_name),
      Field("inlineVolumeSpec", &VolumeAttachmentSource::inline_volume_spec));
};

template <>
struct Reflect<VolumeAttachmentSpec> {
  static constexpr std::string_view kGoName = "VolumeAttachmentSpec";
  static constexpr auto kFields =
      std::make_tuple(Field("attacher", &VolumeAttachmentSpec::attacher, kAlways),
                      Field("source", &VolumeAttachmentSpec::source, kAlways),
                      Field("nodeName", &VolumeAttachmentSpec::node_name, kAlways));
};

template <>
struct Reflect<VolumeError> {
  static constexpr std::string_view kGoName = "VolumeError";
  static constexpr auto kFields = std::make_tuple(Field("time", &VolumeError::time, kAlways),
                                                  Field("message", &VolumeError::message));
};

template <>
struct Reflect<VolumeAttachmentStatus> {
  using S = VolumeAttachmentStatus;
  static constexpr std::string_view kGoName = "VolumeAttachmentStatus";
  static constexpr auto kFields = std::make_tuple(
      Field("attached", &S::attached, kAlways),
      Field("attachmentMetadata", &S::attachment_metadata), Field("attachError", &S::attach_error),
      Field("detachError", &S::detach_error));
};

template <>
struct Reflect<VolumeAttachment> {
  static constexpr std::string_view kGoName = "VolumeAttachment";
  static constexpr auto kFields =
      std::make_tuple(Field("metadata", &VolumeAttachment::metadata, kAlways),
                      Field("spec", &VolumeAttachment::spec, kAlways),
                      Field("status", &VolumeAttachment::status, kAlways));
};

template <>
struct Reflect<VolumeNodeResources> {
  static constexpr std::string_view kGoName = "VolumeNodeResources";
  static constexpr auto kFields = std::make_tuple(Field("count", &VolumeNodeResources::count));
};

template <>
struct Reflect<CSINodeDriver> {
  static constexpr std::string_view kGoName = "CSINodeDriver";
  static constexpr auto kFields =
      std::make_tuple(Field("name", &CSINodeDriver::name, kAlways),
                      Field("nodeID", &CSINodeDriver::node_id, kAlways),
                      Field("topologyKeys", &CSINodeDriver::topology_keys, kAlways),
                      Field("allocatable", &CSINodeDriver::allocatable));
};

template <>
struct Reflect<CSINodeSpec> {
  static constexpr std::string_view kGoName = "CSINodeSpec";
  static constexpr auto kFields = std::make_tuple(Field("drivers", &CSINodeSpec::drivers, kAlways));
};

template <>
struct Reflect<CSINode> {
  static constexpr std::string_view kGoName = "CSINode";
  static constexpr auto kFields = std::make_tuple(Field("metadata", &CSINode::metadata, kAlways),
                                                  Field("spec", &CSINode::spec, kAlways));
};

template <>
struct Reflect<TokenRequest> {
  static constexpr std::string_view kGoName = "TokenRequest";
  static constexpr auto kFields =
      std::make_tuple(Field("audience", &TokenRequest::audience, kAlways),
                      Field("expirationSeconds", &TokenRequest::expiration_seconds));
};

template <>
struct Reflect<CSIDriverSpec> {
  using S = CSIDriverSpec;
  static constexpr std::string_view kGoName = "CSIDriverSpec";
  static constexpr auto kFields = std::make_tuple(
      Field("attachRequired", &S::attach_required), Field("podInfoOnMount", &S::pod_info_on_mount),
      Field("volumeLifecycleModes", &S::volume_lifecycle_modes),
      Field("storageCapacity", &S::storage_capacity), Field("fsGroupPolicy", &S::fs_group_policy),
      Field("tokenRequests", &S::token_requests),
      Field("requiresRepublish", &S::requires_republish),
      Field("seLinuxMount", &S::se_linux_mount));
};

template <>
struct Reflect<CSIDriver> {
  static constexpr std::string_view kGoName = "CSIDriver";
  static constexpr auto kFields = std::make_tuple(Field("metadata", &CSIDriver::metadata, kAlways),
                                                  Field("spec", &CSIDriver::spec, kAlways));
};

// The codecs are instantiated once, in kinds_storage.cc (PersistentVolumeClaimSpec is shared by
// PVCs and StatefulSet claim templates).
extern template Value Encode<PersistentVolumeClaimSpec>(const PersistentVolumeClaimSpec&);
extern template void Decode<PersistentVolumeClaimSpec>(const Value&, PersistentVolumeClaimSpec&,
                                                       DecodeContext&);
extern template Value Encode<PersistentVolume>(const PersistentVolume&);
extern template void Decode<PersistentVolume>(const Value&, PersistentVolume&, DecodeContext&);
extern template Value Encode<PersistentVolumeClaim>(const PersistentVolumeClaim&);
extern template void Decode<PersistentVolumeClaim>(const Value&, PersistentVolumeClaim&,
                                                   DecodeContext&);
extern template Value Encode<StorageClass>(const StorageClass&);
extern template void Decode<StorageClass>(const Value&, StorageClass&, DecodeContext&);
extern template Value Encode<VolumeAttachment>(const VolumeAttachment&);
extern template void Decode<VolumeAttachment>(const Value&, VolumeAttachment&, DecodeContext&);
extern template Value Encode<CSINode>(const CSINode&);
extern template void Decode<CSINode>(const Value&, CSINode&, DecodeContext&);
extern template Value Encode<CSIDriver>(const CSIDriver&);
extern template void Decode<CSIDriver>(const Value&, CSIDriver&, DecodeContext&);

}  // namespace snapsim::api
