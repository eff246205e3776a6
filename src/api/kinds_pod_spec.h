// core/v1 PodSpec, Container and Volume as of Kubernetes 1.30 (k8s.io/api
// core/v1 types.go), shared by Pod and by every pod template (StatefulSet).
//
// Every field name of PodSpec, Container and Volume is declared, so a manifest
// copied from a real cluster decodes and a misspelt field is an unknown-field
// issue. Deep subtrees the simulation never interprets (probes, lifecycle,
// securityContext, affinity, env valueFrom, most volume sources) are opaque
// `Value` members: a null Value is an absent Go pointer.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "src/api/common_types.h"
#include "src/api/meta.h"

namespace snapsim::api {

struct ContainerPort {
  std::string name;
  std::int32_t host_port = 0;
  std::int32_t container_port = 0;
  std::string protocol;  // TCP | UDP | SCTP; defaulted to TCP
  std::string host_ip;
};

struct EnvVar {
  std::string name;
  std::string value;
  Value value_from;  // *EnvVarSource
};

struct VolumeMount {
  std::string name;
  bool read_only = false;
  std::optional<std::string> recursive_read_only;
  std::string mount_path;
  std::string sub_path;
  std::optional<std::string> mount_propagation;
  std::string sub_path_expr;
};

struct VolumeDevice {
  std::string name;
  std::string device_path;
};

struct ResourceClaim {
  std::string name;
};

struct ResourceRequirements {
  ResourceList limits;
  ResourceList requests;
  std::vector<ResourceClaim> claims;
};

struct Container {
  std::string name;
  std::string image;
  std::vector<std::string> command;
  std::vector<std::string> args;
  std::string working_dir;
  std::vector<ContainerPort> ports;
  std::vector<Value> env_from;  // []EnvFromSource
  std::vector<EnvVar> env;
  ResourceRequirements resources;
  std::vector<Value> resize_policy;           // []ContainerResizePolicy
  std::optional<std::string> restart_policy;  // only "Always" (sidecar init containers)
  std::vector<VolumeMount> volume_mounts;
  std::vector<VolumeDevice> volume_devices;
  Value liveness_probe;   // *Probe
  Value readiness_probe;  // *Probe
  Value startup_probe;    // *Probe
  Value lifecycle;        // *Lifecycle
  std::string termination_message_path;
  std::string termination_message_policy;
  std::string image_pull_policy;
  Value security_context;  // *SecurityContext
  bool stdin_ = false;     // "stdin" may be a C macro
  bool stdin_once = false;
  bool tty = false;
};

struct EphemeralContainer : Container {
  std::string target_container_name;
};

struct KeyToPath {
  std::string key;
  std::string path;
  std::optional<std::int32_t> mode;
};

struct HostPathVolumeSource {
  std::string path;
  std::optional<std::string> type;  // defaulted to "" (HostPathUnset)
};

struct EmptyDirVolumeSource {
  std::string medium;
  std::optional<Quantity> size_limit;
};

struct SecretVolumeSource {
  std::string secret_name;
  std::vector<KeyToPath> items;
  std::optional<std::int32_t> default_mode;  // defaulted to 0644 (420)
  std::optional<bool> optional;
};

struct ConfigMapVolumeSource {
  std::string name;  // inline LocalObjectReference
  std::vector<KeyToPath> items;
  std::optional<std::int32_t> default_mode;  // defaulted to 0644 (420)
  std::optional<bool> optional;
};

struct PersistentVolumeClaimVolumeSource {
  std::string claim_name;
  bool read_only = false;
};

struct CSIVolumeSource {
  std::string driver;
  std::optional<bool> read_only;
  std::optional<std::string> fs_type;
  std::map<std::string, std::string> volume_attributes;
  std::optional<LocalObjectReference> node_publish_secret_ref;
};

// A pod volume: its name and exactly one source (Go's inline VolumeSource).
struct Volume {
  std::string name;
  std::optional<HostPathVolumeSource> host_path;
  std::optional<EmptyDirVolumeSource> empty_dir;
  Value gce_persistent_disk;
  Value aws_elastic_block_store;
  Value git_repo;
  std::optional<SecretVolumeSource> secret;
  Value nfs;
  Value iscsi;
  Value glusterfs;
  std::optional<PersistentVolumeClaimVolumeSource> persistent_volume_claim;
  Value rbd;
  Value flex_volume;
  Value cinder;
  Value cephfs;
  Value flocker;
  Value downward_api;
  Value fc;
  Value azure_file;
  std::optional<ConfigMapVolumeSource> config_map;
  Value vsphere_volume;
  Value quobyte;
  Value azure_disk;
  Value photon_persistent_disk;
  Value projected;
  Value portworx_volume;
  Value scale_io;
  Value storageos;
  std::optional<CSIVolumeSource> csi;
  Value ephemeral;
};

struct Toleration {
  std::string key;
  std::string operator_;  // Exists | Equal
  std::string value;
  std::string effect;  // NoSchedule | PreferNoSchedule | NoExecute
  std::optional<std::int64_t> toleration_seconds;
};

struct HostAlias {
  std::string ip;
  std::vector<std::string> hostnames;
};

struct PodReadinessGate {
  std::string condition_type;
};

struct PodSchedulingGate {
  std::string name;
};

struct PodOS {
  std::string name;
};

struct PodSpec {
  std::vector<Volume> volumes;
  std::vector<Container> init_containers;
  std::vector<Container> containers;
  std::vector<EphemeralContainer> ephemeral_containers;
  std::string restart_policy;
  std::optional<std::int64_t> termination_grace_period_seconds;
  std::optional<std::int64_t> active_deadline_seconds;
  std::string dns_policy;
  std::map<std::string, std::string> node_selector;
  std::string service_account_name;
  std::string service_account;  // deprecated alias of service_account_name
  std::optional<bool> automount_service_account_token;
  std::string node_name;
  bool host_network = false;
  bool host_pid = false;
  bool host_ipc = false;
  std::optional<bool> share_process_namespace;
  Value security_context;  // *PodSecurityContext
  std::vector<LocalObjectReference> image_pull_secrets;
  std::string hostname;
  std::string subdomain;
  Value affinity;  // *Affinity
  std::string scheduler_name;
  std::vector<Toleration> tolerations;
  std::vector<HostAlias> host_aliases;
  std::string priority_class_name;
  std::optional<std::int32_t> priority;
  Value dns_config;  // *PodDNSConfig
  std::vector<PodReadinessGate> readiness_gates;
  std::optional<std::string> runtime_class_name;
  std::optional<bool> enable_service_links;
  std::optional<std::string> preemption_policy;
  ResourceList overhead;
  std::vector<Value> topology_spread_constraints;
  std::optional<bool> set_hostname_as_fqdn;
  std::optional<PodOS> os;
  std::optional<bool> host_users;
  std::vector<PodSchedulingGate> scheduling_gates;
  std::vector<Value> resource_claims;  // []PodResourceClaim

  // The volume named `name`, or nullptr.
  const Volume* FindVolume(std::string_view name) const;
};

}  // namespace snapsim::api

#include "src/api/kinds_pod_spec_reflect.h"  // IWYU pragma: export
