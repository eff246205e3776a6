// Reflect<> declarations for the types of kinds_pod_spec.h (JSON names and
// omitempty flags of k8s.io/api core/v1 1.30). Included by kinds_pod_spec.h;
// do not include directly.
#pragma once

#include <tuple>

#include "src/api/kinds_pod_spec.h"

namespace snapsim::api {

template <>
struct Reflect<ContainerPort> {
  static constexpr std::string_view kGoName = "ContainerPort";
  static constexpr auto kFields = std::make_tuple(
      Field("name", &ContainerPort::name), Field("hostPort", &ContainerPort::host_port),
      Field("containerPort", &ContainerPort::container_port, kAlways),
      Field("protocol", &ContainerPort::protocol), Field("hostIP", &ContainerPort::host_ip));
};

template <>
struct Reflect<EnvVar> {
  static constexpr std::string_view kGoName = "EnvVar";
  static constexpr auto kFields =
      std::make_tuple(Field("name", &EnvVar::name, kAlways), Field("value", &EnvVar::value),
                      Field("valueFrom", &EnvVar::value_from));
};

template <>
struct Reflect<VolumeMount> {
  static constexpr std::string_view kGoName = "VolumeMount";
  static constexpr auto kFields = std::make_tuple(
      Field("name", &VolumeMount::name, kAlways), Field("readOnly", &VolumeMount::read_only),
      Field("recursiveReadOnly", &VolumeMount::recursive_read_only),
      Field("mountPath", &VolumeMount::mount_path, kAlways),
      Field("subPath", &VolumeMount::sub_path),
      Field("mountPropagation", &VolumeMount::mount_propagation),
      Field("subPathExpr", &VolumeMount::sub_path_expr));
};

template <>
struct Reflect<VolumeDevice> {
  static constexpr std::string_view kGoName = "VolumeDevice";
  static constexpr auto kFields =
      std::make_tuple(Field("name", &VolumeDevice::name, kAlways),
                      Field("devicePath", &VolumeDevice::device_path, kAlways));
};

template <>
struct Reflect<ResourceClaim> {
  static constexpr std::string_view kGoName = "ResourceClaim";
  static constexpr auto kFields = std::make_tuple(Field("name", &ResourceClaim::name, kAlways));
};

template <>
struct Reflect<ResourceRequirements> {
  static constexpr std::string_view kGoName = "ResourceRequirements";
  static constexpr auto kFields =
      std::make_tuple(Field("limits", &ResourceRequirements::limits),
                      Field("requests", &ResourceRequirements::requests),
                      Field("claims", &ResourceRequirements::claims));
};

template <>
struct Reflect<Container> {
  static constexpr std::string_view kGoName = "Container";
  static constexpr auto kFields = std::make_tuple(
      Field("name", &Container::name, kAlways), Field("image", &Container::image),
      Field("command", &Container::command), Field("args", &Container::args),
      Field("workingDir", &Container::working_dir), Field("ports", &Container::ports),
      Field("envFrom", &Container::env_from), Field("env", &Container::env),
      Field("resources", &Container::resources), Field("resizePolicy", &Container::resize_policy),
      Field("restartPolicy", &Container::restart_policy),
      Field("volumeMounts", &Container::volume_mounts),
      Field("volumeDevices", &Container::volume_devices),
      Field("livenessProbe", &Container::liveness_probe),
      Field("readinessProbe", &Container::readiness_probe),
      Field("startupProbe", &Container::startup_probe), Field("lifecycle", &Container::lifecycle),
      Field("terminationMessagePath", &Container::termination_message_path),
      Field("terminationMessagePolicy", &Container::termination_message_policy),
      Field("imagePullPolicy", &Container::image_pull_policy),
      Field("securityContext", &Container::security_context), Field("stdin", &Container::stdin_),
      Field("stdinOnce", &Container::stdin_once), Field("tty", &Container::tty));
};

template <>
struct Reflect<EphemeralContainer> {
  static constexpr std::string_view kGoName = "EphemeralContainer";
  static constexpr auto kFields = std::tuple_cat(
      Reflect<Container>::kFields,
      std::make_tuple(Field("targetContainerName", &EphemeralContainer::target_container_name)));
};

template <>
struct Reflect<KeyToPath> {
  static constexpr std::string_view kGoName = "KeyToPath";
  static constexpr auto kFields =
      std::make_tuple(Field("key", &KeyToPath::key, kAlways),
                      Field("path", &KeyToPath::path, kAlways), Field("mode", &KeyToPath::mode));
};

template <>
struct Reflect<HostPathVolumeSource> {
  static constexpr std::string_view kGoName = "HostPathVolumeSource";
  static constexpr auto kFields =
      std::make_tuple(Field("path", &HostPathVolumeSource::path, kAlways),
                      Field("type", &HostPathVolumeSource::type));
};

template <>
struct Reflect<EmptyDirVolumeSource> {
  static constexpr std::string_view kGoName = "EmptyDirVolumeSource";
  static constexpr auto kFields =
      std::make_tuple(Field("medium", &EmptyDirVolumeSource::medium),
                      Field("sizeLimit", &EmptyDirVolumeSource::size_limit));
};

template <>
struct Reflect<SecretVolumeSource> {
  static constexpr std::string_view kGoName = "SecretVolumeSource";
  static constexpr auto kFields =
      std::make_tuple(Field("secretName", &SecretVolumeSource::secret_name),
                      Field("items", &SecretVolumeSource::items),
                      Field("defaultMode", &SecretVolumeSource::default_mode),
                      Field("optional", &SecretVolumeSource::optional));
};

template <>
struct Reflect<ConfigMapVolumeSource> {
  static constexpr std::string_view kGoName = "ConfigMapVolumeSource";
  static constexpr auto kFields = std::make_tuple(
      Field("name", &ConfigMapVolumeSource::name), Field("items", &ConfigMapVolumeSource::items),
      Field("defaultMode", &ConfigMapVolumeSource::default_mode),
      Field("optional", &ConfigMapVolumeSource::optional));
};

template <>
struct Reflect<PersistentVolumeClaimVolumeSource> {
  static constexpr std::string_view kGoName = "PersistentVolumeClaimVolumeSource";
  static constexpr auto kFields =
      std::make_tuple(Field("claimName", &PersistentVolumeClaimVolumeSource::claim_name, kAlways),
                      Field("readOnly", &PersistentVolumeClaimVolumeSource::read_only));
};

template <>
struct Reflect<CSIVolumeSource> {
  static constexpr std::string_view kGoName = "CSIVolumeSource";
  static constexpr auto kFields = std::make_tuple(
      Field("driver", &CSIVolumeSource::driver, kAlways),
      Field("readOnly", &CSIVolumeSource::read_only), Field("fsType", &CSIVolumeSource::fs_type),
      Field("volumeAttributes", &CSIVolumeSource::volume_attributes),
      Field("nodePublishSecretRef", &CSIVolumeSource::node_publish_secret_ref));
};

template <>
struct Reflect<Volume> {
  static constexpr std::string_view kGoName = "Volume";
  static constexpr auto kFields = std::make_tuple(
      Field("name", &Volume::name, kAlways), Field("hostPath", &Volume::host_path),
      Field("emptyDir", &Volume::empty_dir),
      Field("gcePersistentDisk", &Volume::gce_persistent_disk),
      Field("awsElasticBlockStore", &Volume::aws_elastic_block_store),
      Field("gitRepo", &Volume::git_repo), Field("secret", &Volume::secret),
      Field("nfs", &Volume::nfs), Field("iscsi", &Volume::iscsi),
      Field("glusterfs", &Volume::glusterfs),
      Field("persistentVolumeClaim", &Volume::persistent_volume_claim), Field("rbd", &Volume::rbd),
      Field("flexVolume", &Volume::flex_volume), Field("cinder", &Volume::cinder),
      Field("cephfs", &Volume::cephfs), Field("flocker", &Volume::flocker),
      Field("downwardAPI", &Volume::downward_api), Field("fc", &Volume::fc),
      Field("azureFile", &Volume::azure_file), Field("configMap", &Volume::config_map),
      Field("vsphereVolume", &Volume::vsphere_volume), Field("quobyte", &Volume::quobyte),
      Field("azureDisk", &Volume::azure_disk),
      Field("photonPersistentDisk", &Volume::photon_persistent_disk),
      Field("projected", &Volume::projected), Field("portworxVolume", &Volume::portworx_volume),
      Field("scaleIO", &Volume::scale_io), Field("storageos", &Volume::storageos),
      Field("csi", &Volume::csi), Field("ephemeral", &Volume::ephemeral));
};

template <>
struct Reflect<Toleration> {
  static constexpr std::string_view kGoName = "Toleration";
  static constexpr auto kFields =
      std::make_tuple(Field("key", &Toleration::key), Field("operator", &Toleration::operator_),
                      Field("value", &Toleration::value), Field("effect", &Toleration::effect),
                      Field("tolerationSeconds", &Toleration::toleration_seconds));
};

template <>
struct Reflect<HostAlias> {
  static constexpr std::string_view kGoName = "HostAlias";
  static constexpr auto kFields = std::make_tuple(Field("ip", &HostAlias::ip, kAlways),
                                                  Field("hostnames", &HostAlias::hostnames));
};

template <>
struct Reflect<PodReadinessGate> {
  static constexpr std::string_view kGoName = "PodReadinessGate";
  static constexpr auto kFields =
      std::make_tuple(Field("conditionType", &PodReadinessGate::condition_type, kAlways));
};

template <>
struct Reflect<PodSchedulingGate> {
  static constexpr std::string_view kGoName = "PodSchedulingGate";
  static constexpr auto kFields = std::make_tuple(Field("name", &PodSchedulingGate::name, kAlways));
};

template <>
struct Reflect<PodOS> {
  static constexpr std::string_view kGoName = "PodOS";
  static constexpr auto kFields = std::make_tuple(Field("name", &PodOS::name, kAlways));
};

template <>
struct Reflect<PodSpec> {
  static constexpr std::string_view kGoName = "PodSpec";
  static constexpr auto kFields = std::make_tuple(
      Field("volumes", &PodSpec::volumes), Field("initContainers", &PodSpec::init_containers),
      Field("containers", &PodSpec::containers, kAlways),
      Field("ephemeralContainers", &PodSpec::ephemeral_containers),
      Field("restartPolicy", &PodSpec::restart_policy),
      Field("terminationGracePeriodSeconds", &PodSpec::termination_grace_period_seconds),
      Field("activeDeadlineSeconds", &PodSpec::active_deadline_seconds),
      Field("dnsPolicy", &PodSpec::dns_policy), Field("nodeSelector", &PodSpec::node_selector),
      Field("serviceAccountName", &PodSpec::service_account_name),
      Field("serviceAccount", &PodSpec::service_account),
      Field("automountServiceAccountToken", &PodSpec::automount_service_account_token),
      Field("nodeName", &PodSpec::node_name), Field("hostNetwork", &PodSpec::host_network),
      Field("hostPID", &PodSpec::host_pid), Field("hostIPC", &PodSpec::host_ipc),
      Field("shareProcessNamespace", &PodSpec::share_process_namespace),
      Field("securityContext", &PodSpec::security_context),
      Field("imagePullSecrets", &PodSpec::image_pull_secrets),
      Field("hostname", &PodSpec::hostname), Field("subdomain", &PodSpec::subdomain),
      Field("affinity", &PodSpec::affinity), Field("schedulerName", &PodSpec::scheduler_name),
      Field("tolerations", &PodSpec::tolerations), Field("hostAliases", &PodSpec::host_aliases),
      Field("priorityClassName", &PodSpec::priority_class_name),
      Field("priority", &PodSpec::priority), Field("dnsConfig", &PodSpec::dns_config),
      Field("readinessGates", &PodSpec::readiness_gates),
      Field("runtimeClassName", &PodSpec::runtime_class_name),
      Field("enableServiceLinks", &PodSpec::enable_service_links),
      Field("preemptionPolicy", &PodSpec::preemption_policy), Field("overhead", &PodSpec::overhead),
      Field("topologySpreadConstraints", &PodSpec::topology_spread_constraints),
      Field("setHostnameAsFQDN", &PodSpec::set_hostname_as_fqdn), Field("os", &PodSpec::os),
      Field("hostUsers", &PodSpec::host_users),
      Field("schedulingGates", &PodSpec::scheduling_gates),
      Field("resourceClaims", &PodSpec::resource_claims));
};

// PodSpec is decoded by Pod and by every template; instantiate its codec once (kinds_pod.cc).
extern template Value Encode<PodSpec>(const PodSpec&);
extern template void Decode<PodSpec>(const Value&, PodSpec&, DecodeContext&);

}  // namespace snapsim::api
