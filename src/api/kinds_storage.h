// The volume kinds: core/v1 PersistentVolume and PersistentVolumeClaim, and
// storage.k8s.io/v1 StorageClass, VolumeAttachment, CSINode, CSIDriver (as of
// Kubernetes 1.30). Volume sources other than CSI are opaque `Value`s (a null
// Value is an absent Go pointer).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "src/api/common_types.h"
#include "src/api/object.h"

namespace snapsim::api {

// ---- PersistentVolume --------------------------------------------------------

struct CSIPersistentVolumeSource {
  std::string driver;         // "diskplugin.csi.alibabacloud.com"
  std::string volume_handle;  // the ECS disk id, "d-bp1..."
  bool read_only = false;
  std::string fs_type;
  std::map<std::string, std::string> volume_attributes;
  std::optional<SecretReference> controller_publish_secret_ref;
  std::optional<SecretReference> node_stage_secret_ref;
  std::optional<SecretReference> node_publish_secret_ref;
  std::optional<SecretReference> controller_expand_secret_ref;
  std::optional<SecretReference> node_expand_secret_ref;
};

struct VolumeNodeAffinity {
  std::optional<NodeSelector> required;
};

struct PersistentVolumeSpec {
  ResourceList capacity;
  // Go's inline PersistentVolumeSource: exactly one is set.
  Value gce_persistent_disk;
  Value aws_elastic_block_store;
  Value host_path;
  Value glusterfs;
  Value nfs;
  Value rbd;
  Value iscsi;
  Value cinder;
  Value cephfs;
  Value fc;
  Value flocker;
  Value flex_volume;
  Value azure_file;
  Value vsphere_volume;
  Value quobyte;
  Value azure_disk;
  Value photon_persistent_disk;
  Value portworx_volume;
  Value scale_io;
  Value local;
  Value storageos;
  std::optional<CSIPersistentVolumeSource> csi;

  std::vector<std::string>
      access_modes;  // ReadWriteOnce | ReadOnlyMany | ReadWriteMany | ReadWriteOncePod
  std::optional<ObjectReference> claim_ref;
  std::string persistent_volume_reclaim_policy;  // Retain | Delete | Recycle
  std::string storage_class_name;
  std::vector<std::string> mount_options;
  std::optional<std::string> volume_mode;  // Filesystem | Block
  std::optional<VolumeNodeAffinity> node_affinity;
  std::optional<std::string> volume_attributes_class_name;
};

struct PersistentVolumeStatus {
  std::string phase;  // Pending | Available | Bound | Released | Failed
  std::string message;
  std::string reason;
  std::optional<std::string> last_phase_transition_time;
};

struct PersistentVolume : ObjectOf<PersistentVolume> {
  PersistentVolumeSpec spec;
  PersistentVolumeStatus status;
  static const KindInfo& Info();
};

// ---- PersistentVolumeClaim ---------------------------------------------------

struct VolumeResourceRequirements {
  ResourceList limits;
  ResourceList requests;
};

struct TypedLocalObjectReference {
  std::optional<std::string> api_group;  // no omitempty: null when unset
  std::string kind;
  std::string name;
};

struct TypedObjectReference {
  std::optional<std::string> api_group;  // no omitempty: null when unset
  std::string kind;
  std::string name;
  std::optional<std::string> namespace_;
};

struct PersistentVolumeClaimSpec {
  std::vector<std::string> access_modes;
  std::optional<LabelSelector> selector;
  VolumeResourceRequirements resources;
  std::string volume_name;
  std::optional<std::string> storage_class_name;
  std::optional<std::string> volume_mode;
  std::optional<TypedLocalObjectReference> data_source;
  std::optional<TypedObjectReference> data_source_ref;
  std::optional<std::string> volume_attributes_class_name;
};

struct PersistentVolumeClaimCondition {
  std::string type;  // Resizing | FileSystemResizePending | ...
  std::string status;
  std::optional<std::string> last_probe_time;
  std::optional<std::string> last_transition_time;
  std::string reason;
  std::string message;
};

struct PersistentVolumeClaimStatus {
  std::string phase;  // Pending | Bound | Lost
  std::vector<std::string> access_modes;
  ResourceList capacity;
  std::vector<PersistentVolumeClaimCondition> conditions;
  ResourceList allocated_resources;
  std::map<std::string, std::string> allocated_resource_statuses;
  std::optional<std::string> current_volume_attributes_class_name;
  Value modify_volume_status;  // *ModifyVolumeStatus
};

struct PersistentVolumeClaim : ObjectOf<PersistentVolumeClaim> {
  PersistentVolumeClaimSpec spec;
  PersistentVolumeClaimStatus status;
  static const KindInfo& Info();
};

// ---- storage.k8s.io/v1 -------------------------------------------------------

struct TopologySelectorLabelRequirement {
  std::string key;
  std::vector<std::string> values;
};

struct TopologySelectorTerm {
  std::vector<TopologySelectorLabelRequirement> match_label_expressions;
};

// Top-level fields, no spec.
struct StorageClass : ObjectOf<StorageClass> {
  std::string provisioner;
  std::map<std::string, std::string> parameters;
  std::optional<std::string> reclaim_policy;  // Delete | Retain; defaulted to Delete
  std::vector<std::string> mount_options;
  std::optional<bool> allow_volume_expansion;
  std::optional<std::string> volume_binding_mode;  // Immediate | WaitForFirstConsumer
  std::vector<TopologySelectorTerm> allowed_topologies;
  static const KindInfo& Info();
};

struct VolumeAttachmentSource {
  std::optional<std::string> persistent_volume_name;
  Value inline_volume_spec;  // *PersistentVolumeSpec (CSI migration)
};

struct VolumeAttachmentSpec {
  std::string attacher;
  VolumeAttachmentSource source;
  std::string node_name;
};

struct VolumeError {
  std::optional<std::string> time;  // metav1.Time value: null when unset
  std::string message;
};

struct VolumeAttachmentStatus {
  bool attached = false;
  std::map<std::string, std::string> attachment_metadata;
  std::optional<VolumeError> attach_error;
  std::optional<VolumeError> detach_error;
};

struct VolumeAttachment : ObjectOf<VolumeAttachment> {
  VolumeAttachmentSpec spec;
  VolumeAttachmentStatus status;
  static const KindInfo& Info();
};

struct VolumeNodeResources {
  std::optional<std::int32_t> count;
};

struct CSINodeDriver {
  std::string name;
  std::string node_id;
  std::optional<std::vector<std::string>> topology_keys;  // no omitempty: nil is null
  std::optional<VolumeNodeResources> allocatable;
};

struct CSINodeSpec {
  std::vector<CSINodeDriver> drivers;
};

struct CSINode : ObjectOf<CSINode> {
  CSINodeSpec spec;
  static const KindInfo& Info();
};

struct TokenRequest {
  std::string audience;
  std::optional<std::int64_t> expiration_seconds;
};

struct CSIDriverSpec {
  std::optional<bool> attach_required;
  std::optional<bool> pod_info_on_mount;
  std::vector<std::string> volume_lifecycle_modes;  // Persistent | Ephemeral
  std::optional<bool> storage_capacity;
  std::optional<std::string> fs_group_policy;  // ReadWriteOnceWithFSType | File | None
  std::vector<TokenRequest> token_requests;
  std::optional<bool> requires_republish;
  std::optional<bool> se_linux_mount;
};

struct CSIDriver : ObjectOf<CSIDriver> {
  CSIDriverSpec spec;
  static const KindInfo& Info();
};

// Their Object members are compiled once, in kinds_storage.cc (object_of.h).
extern template class ObjectOf<PersistentVolume>;
extern template class ObjectOf<PersistentVolumeClaim>;
extern template class ObjectOf<StorageClass>;
extern template class ObjectOf<VolumeAttachment>;
extern template class ObjectOf<CSINode>;
extern template class ObjectOf<CSIDriver>;

}  // namespace snapsim::api

#include "src/api/kinds_storage_reflect.h"  // IWYU pragma: export
