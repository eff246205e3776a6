// core/v1 Pod (spec in kinds_pod_spec.h, status here) and PodTemplateSpec, as
// of Kubernetes 1.30. metav1.Time *values* (not pointers) are encoded by Go as
// null when zero, so they are std::optional<std::string> with kAlways.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "src/api/kinds_pod_spec.h"
#include "src/api/object.h"

namespace snapsim::api {

struct PodCondition {
  std::string type;    // PodScheduled | Initialized | ContainersReady | Ready | ...
  std::string status;  // "True" | "False" | "Unknown"
  std::optional<std::string> last_probe_time;
  std::optional<std::string> last_transition_time;
  std::string reason;
  std::string message;
};

struct ContainerStateWaiting {
  std::string reason;
  std::string message;
};

struct ContainerStateRunning {
  std::optional<std::string> started_at;
};

struct ContainerStateTerminated {
  std::int32_t exit_code = 0;
  std::int32_t signal = 0;
  std::string reason;
  std::string message;
  std::optional<std::string> started_at;
  std::optional<std::string> finished_at;
  std::string container_id;
};

// At most one member is set.
struct ContainerState {
  std::optional<ContainerStateWaiting> waiting;
  std::optional<ContainerStateRunning> running;
  std::optional<ContainerStateTerminated> terminated;
};

struct ContainerStatus {
  std::string name;
  ContainerState state;
  ContainerState last_state;
  bool ready = false;
  std::int32_t restart_count = 0;
  std::string image;
  std::string image_id;
  std::string container_id;
  std::optional<bool> started;
  ResourceList allocated_resources;
  std::optional<ResourceRequirements> resources;
  std::vector<Value> volume_mounts;  // []VolumeMountStatus
};

struct PodIP {
  std::string ip;
};

struct PodStatus {
  std::string phase;  // Pending | Running | Succeeded | Failed | Unknown
  std::vector<PodCondition> conditions;
  std::string message;
  std::string reason;
  std::string nominated_node_name;
  std::string host_ip;
  std::vector<PodIP> host_ips;  // []HostIP: same shape
  std::string pod_ip;
  std::vector<PodIP> pod_ips;
  std::optional<std::string> start_time;
  std::vector<ContainerStatus> init_container_statuses;
  std::vector<ContainerStatus> container_statuses;
  std::string qos_class;  // Guaranteed | Burstable | BestEffort
  std::vector<ContainerStatus> ephemeral_container_statuses;
  std::string resize;
  std::vector<Value> resource_claim_statuses;

  // The condition of `type`, or nullptr.
  const PodCondition* FindCondition(std::string_view type) const;
};

struct Pod : ObjectOf<Pod> {
  PodSpec spec;
  PodStatus status;
  static const KindInfo& Info();
};

// A pod template (StatefulSet spec.template).
struct PodTemplateSpec {
  ObjectMeta metadata;
  PodSpec spec;
};

template <>
struct Reflect<PodCondition> {
  static constexpr std::string_view kGoName = "PodCondition";
  static constexpr auto kFields = std::make_tuple(
      Field("type", &PodCondition::type, kAlways), Field("status", &PodCondition::status, kAlways),
      Field("lastProbeTime", &PodCondition::last_probe_time, kAlways),
      Field("lastTransitionTime", &PodCondition::last_transition_time, kAlways),
      Field("reason", &PodCondition::reason), Field("message", &PodCondition::message));
};

template <>
struct Reflect<ContainerStateWaiting> {
  static constexpr std::string_view kGoName = "ContainerStateWaiting";
  static constexpr auto kFields =
      std::make_tuple(Field("reason", &ContainerStateWaiting::reason),
                      Field("message", &ContainerStateWaiting::message));
};

template <>
struct Reflect<ContainerStateRunning> {
  static constexpr std::string_view kGoName = "ContainerStateRunning";
  static constexpr auto kFields =
      std::make_tuple(Field("startedAt", &ContainerStateRunning::started_at, kAlways));
};

template <>
struct Reflect<ContainerStateTerminated> {
  static constexpr std::string_view kGoName = "ContainerStateTerminated";
  static constexpr auto kFields =
      std::make_tuple(Field("exitCode", &ContainerStateTerminated::exit_code, kAlways),
                      Field("signal", &ContainerStateTerminated::signal),
                      Field("reason", &ContainerStateTerminated::reason),
                      Field("message", &ContainerStateTerminated::message),
                      Field("startedAt", &ContainerStateTerminated::started_at, kAlways),
                      Field("finishedAt", &ContainerStateTerminated::finished_at, kAlways),
                      Field("containerID", &ContainerStateTerminated::container_id));
};

template <>
struct Reflect<ContainerState> {
  static constexpr std::string_view kGoName = "ContainerState";
  static constexpr auto kFields = std::make_tuple(Field("waiting", &ContainerState::waiting),
                                                  Field("running", &ContainerState::running),
                                                  Field("terminated", &ContainerState::terminated));
};

template <>
struct Reflect<ContainerStatus> {
  static constexpr std::string_view kGoName = "ContainerStatus";
  static constexpr auto kFields = std::make_tuple(
      Field("name", &ContainerStatus::name, kAlways), Field("state", &ContainerStatus::state),
      Field("lastState", &ContainerStatus::last_state),
      Field("ready", &ContainerStatus::ready, kAlways),
      Field("restartCount", &ContainerStatus::restart_count, kAlways),
      Field("image", &ContainerStatus::image, kAlways),
      Field("imageID", &ContainerStatus::image_id, kAlways),
      Field("containerID", &ContainerStatus::container_id),
      Field("started", &ContainerStatus::started),
      Field("allocatedResources", &ContainerStatus::allocated_resources),
      Field("resources", &ContainerStatus::resources),
      Field("volumeMounts", &ContainerStatus::volume_mounts));
};

template <>
struct Reflect<PodIP> {
  static constexpr std::string_view kGoName = "PodIP";
  static constexpr auto kFields = std::make_tuple(Field("ip", &PodIP::ip, kAlways));
};

template <>
struct Reflect<PodStatus> {
  static constexpr std::string_view kGoName = "PodStatus";
  static constexpr auto kFields = std::make_tuple(
      Field("phase", &PodStatus::phase), Field("conditions", &PodStatus::conditions),
      Field("message", &PodStatus::message), Field("reason", &PodStatus::reason),
      Field("nominatedNodeName", &PodStatus::nominated_node_name),
      Field("hostIP", &PodStatus::host_ip), Field("hostIPs", &PodStatus::host_ips),
      Field("podIP", &PodStatus::pod_ip), Field("podIPs", &PodStatus::pod_ips),
      Field("startTime", &PodStatus::start_time),
      Field("initContainerStatuses", &PodStatus::init_container_statuses),
      Field("containerStatuses", &PodStatus::container_statuses),
      Field("qosClass", &PodStatus::qos_class),
      Field("ephemeralContainerStatuses", &PodStatus::ephemeral_container_statuses),
      Field("resize", &PodStatus::resize),
      Field("resourceClaimStatuses", &PodStatus::resource_claim_statuses));
};

template <>
struct Reflect<Pod> {
  static constexpr std::string_view kGoName = "Pod";
  static constexpr auto kFields =
      std::make_tuple(Field("metadata", &Pod::metadata, kAlways),
                      Field("spec", &Pod::spec, kAlways), Field("status", &Pod::status, kAlways));
};

template <>
struct Reflect<PodTemplateSpec> {
  static constexpr std::string_view kGoName = "PodTemplateSpec";
  static constexpr auto kFields =
      std::make_tuple(Field("metadata", &PodTemplateSpec::metadata, kAlways),
                      Field("spec", &PodTemplateSpec::spec, kAlways));
};

extern template Value Encode<Pod>(const Pod&);
extern template void Decode<Pod>(const Value&, Pod&, DecodeContext&);

// Their Object members are compiled once, in kinds_pod.cc (object_of.h).
extern template class ObjectOf<Pod>;

}  // namespace snapsim::api
