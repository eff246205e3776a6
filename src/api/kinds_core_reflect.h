// Reflect<> declarations for the kinds of kinds_core.h (JSON names and
// omitempty flags of k8s.io/api core/v1 1.30). Included by kinds_core.h; do
// not include directly.
#pragma once

#include <tuple>

#include "src/api/kinds_core.h"

namespace snapsim::api {

template <>
struct Reflect<NamespaceCondition> {
  static constexpr std::string_view kGoName = "NamespaceCondition";
  static constexpr auto kFields = std::make_tuple(
      Field("type", &NamespaceCondition::type, kAlways),
      Field("status", &NamespaceCondition::status, kAlways),
      Field("lastTransitionTime", &NamespaceCondition::last_transition_time, kAlways),
      Field("reason", &NamespaceCondition::reason), Field("message", &NamespaceCondition::message));
};

template <>
struct Reflect<NamespaceSpec> {
  static constexpr std::string_view kGoName = "NamespaceSpec";
  static constexpr auto kFields = std::make_tuple(Field("finalizers", &NamespaceSpec::finalizers));
};

template <>
struct Reflect<NamespaceStatus> {
  static constexpr std::string_view kGoName = "NamespaceStatus";
  static constexpr auto kFields = std::make_tuple(
      Field("phase", &NamespaceStatus::phase), Field("conditions", &NamespaceStatus::conditions));
};

template <>
struct Reflect<Namespace> {
  static constexpr std::string_view kGoName = "Namespace";
  static constexpr auto kFields = std::make_tuple(Field("metadata", &Namespace::metadata, kAlways),
                                                  Field("spec", &Namespace::spec, kAlways),
                                                  Field("status", &Namespace::status, kAlways));
};

template <>
struct Reflect<Taint> {
  static constexpr std::string_view kGoName = "Taint";
  static constexpr auto kFields = std::make_tuple(
      Field("key", &Taint::key, kAlways), Field("value", &Taint::value),
      Field("effect", &Taint::effect, kAlways), Field("timeAdded", &Taint::time_added));
};

template <>
struct Reflect<NodeSpec> {
  static constexpr std::string_view kGoName = "NodeSpec";
  static constexpr auto kFields = std::make_tuple(
      Field("podCIDR", &NodeSpec::pod_cidr), Field("podCIDRs", &NodeSpec::pod_cidrs),
      Field("providerID", &NodeSpec::provider_id), Field("unschedulable", &NodeSpec::unschedulable),
      Field("taints", &NodeSpec::taints), Field("configSource", &NodeSpec::config_source),
      Field("externalID", &NodeSpec::external_id));
};

template <>
struct Reflect<NodeCondition> {
  static constexpr std::string_view kGoName = "NodeCondition";
  static constexpr auto kFields = std::make_tuple(
      Field("type", &NodeCondition::type, kAlways),
      Field("status", &NodeCondition::status, kAlways),
      Field("lastHeartbeatTime", &NodeCondition::last_heartbeat_time, kAlways),
      Field("lastTransitionTime", &NodeCondition::last_transition_time, kAlways),
      Field("reason", &NodeCondition::reason), Field("message", &NodeCondition::message));
};

template <>
struct Reflect<NodeAddress> {
  static constexpr std::string_view kGoName = "NodeAddress";
  static constexpr auto kFields = std::make_tuple(Field("type", &NodeAddress::type, kAlways),
                                                  Field("address", &NodeAddress::address, kAlways));
};

template <>
struct Reflect<DaemonEndpoint> {
  static constexpr std::string_view kGoName = "DaemonEndpoint";
  static constexpr auto kFields = std::make_tuple(Field("Port", &DaemonEndpoint::port, kAlways));
};

template <>
struct Reflect<NodeDaemonEndpoints> {
  static constexpr std::string_view kGoName = "NodeDaemonEndpoints";
  static constexpr auto kFields =
      std::make_tuple(Field("kubeletEndpoint", &NodeDaemonEndpoints::kubelet_endpoint));
};

template <>
struct Reflect<NodeSystemInfo> {
  static constexpr std::string_view kGoName = "NodeSystemInfo";
  static constexpr auto kFields = std::make_tuple(
      Field("machineID", &NodeSystemInfo::machine_id, kAlways),
      Field("systemUUID", &NodeSystemInfo::system_uuid, kAlways),
      Field("bootID", &NodeSystemInfo::boot_id, kAlways),
      Field("kernelVersion", &NodeSystemInfo::kernel_version, kAlways),
      Field("osImage", &NodeSystemInfo::os_image, kAlways),
      Field("containerRuntimeVersion", &NodeSystemInfo::container_runtime_version, kAlways),
      Field("kubeletVersion", &NodeSystemInfo::kubelet_version, kAlways),
      Field("kubeProxyVersion", &NodeSystemInfo::kube_proxy_version, kAlways),
      Field("operatingSystem", &NodeSystemInfo::operating_system, kAlways),
      Field("architecture", &NodeSystemInfo::architecture, kAlways));
};

template <>
struct Reflect<ContainerImage> {
  static constexpr std::string_view kGoName = "ContainerImage";
  static constexpr auto kFields = std::make_tuple(Field("names", &ContainerImage::names, kAlways),
                                                  Field("sizeBytes", &ContainerImage::size_bytes));
};

template <>
struct Reflect<AttachedVolume> {
  static constexpr std::string_view kGoName = "AttachedVolume";
  static constexpr auto kFields =
      std::make_tuple(Field("name", &AttachedVolume::name, kAlways),
                      Field("devicePath", &AttachedVolume::device_path, kAlways));
};

template <>
struct Reflect<NodeStatus> {
  static constexpr std::string_view kGoName = "NodeStatus";
  static constexpr auto kFields = std::make_tuple(
      Field("capacity", &NodeStatus::capacity), Field("allocatable", &NodeStatus::allocatable),
      Field("phase", &NodeStatus::phase), Field("conditions", &NodeStatus::conditions),
      Field("addresses", &NodeStatus::addresses),
      Field("daemonEndpoints", &NodeStatus::daemon_endpoints),
      Field("nodeInfo", &NodeStatus::node_info), Field("images", &NodeStatus::images),
      Field("volumesInUse", &NodeStatus::volumes_in_use),
      Field("volumesAttached", &NodeStatus::volumes_attached), Field("config", &NodeStatus::config),
      Field("runtimeHandlers", &NodeStatus::runtime_handlers));
};

template <>
struct Reflect<Node> {
  static constexpr std::string_view kGoName = "Node";
  static constexpr auto kFields =
      std::make_tuple(Field("metadata", &Node::metadata, kAlways),
                      Field("spec", &Node::spec, kAlways), Field("status", &Node::status, kAlways));
};

template <>
struct Reflect<ServicePort> {
  static constexpr std::string_view kGoName = "ServicePort";
  static constexpr auto kFields = std::make_tuple(
      Field("name", &ServicePort::name), Field("protocol", &ServicePort::protocol),
      Field("appProtocol", &ServicePort::app_protocol), Field("port", &ServicePort::port, kAlways),
      Field("targetPort", &ServicePort::target_port), Field("nodePort", &ServicePort::node_port));
};

template <>
struct Reflect<ServiceSpec> {
  static constexpr std::string_view kGoName = "ServiceSpec";
  static constexpr auto kFields = std::make_tuple(
      Field("ports", &ServiceSpec::ports), Field("selector", &ServiceSpec::selector),
      Field("clusterIP", &ServiceSpec::cluster_ip), Field("clusterIPs", &ServiceSpec::cluster_ips),
      Field("type", &ServiceSpec::type), Field("externalIPs", &ServiceSpec::external_ips),
      Field("sessionAffinity", &ServiceSpec::session_affinity),
      Field("loadBalancerIP", &ServiceSpec::load_balancer_ip),
      Field("loadBalancerSourceRanges", &ServiceSpec::load_balancer_source_ranges),
      Field("externalName", &ServiceSpec::external_name),
      Field("externalTrafficPolicy", &ServiceSpec::external_traffic_policy),
      Field("healthCheckNodePort", &ServiceSpec::health_check_node_port),
      Field("publishNotReadyAddresses", &ServiceSpec::publish_not_ready_addresses),
      Field("sessionAffinityConfig", &ServiceSpec::session_affinity_config),
      Field("ipFamilies", &ServiceSpec::ip_families),
      Field("ipFamilyPolicy", &ServiceSpec::ip_family_policy),
      Field("allocateLoadBalancerNodePorts", &ServiceSpec::allocate_load_balancer_node_ports),
      Field("loadBalancerClass", &ServiceSpec::load_balancer_class),
      Field("internalTrafficPolicy", &ServiceSpec::internal_traffic_policy),
      Field("trafficDistribution", &ServiceSpec::traffic_distribution));
};

template <>
struct Reflect<LoadBalancerStatus> {
  static constexpr std::string_view kGoName = "LoadBalancerStatus";
  static constexpr auto kFields = std::make_tuple(Field("ingress", &LoadBalancerStatus::ingress));
};

template <>
struct Reflect<ServiceStatus> {
  static constexpr std::string_view kGoName = "ServiceStatus";
  static constexpr auto kFields =
      std::make_tuple(Field("loadBalancer", &ServiceStatus::load_balancer, kAlways),
                      Field("conditions", &ServiceStatus::conditions));
};

template <>
struct Reflect<Service> {
  static constexpr std::string_view kGoName = "Service";
  static constexpr auto kFields = std::make_tuple(Field("metadata", &Service::metadata, kAlways),
                                                  Field("spec", &Service::spec, kAlways),
                                                  Field("status", &Service::status, kAlways));
};

template <>
struct Reflect<EventSource> {
  static constexpr std::string_view kGoName = "EventSource";
  static constexpr auto kFields = std::make_tuple(Field("component", &EventSource::component),
                                                  Field("host", &EventSource::host));
};

template <>
struct Reflect<EventSeries> {
  static constexpr std::string_view kGoName = "EventSeries";
  static constexpr auto kFields =
      std::make_tuple(Field("count", &EventSeries::count),
                      Field("lastObservedTime", &EventSeries::last_observed_time, kAlways));
};

template <>
struct Reflect<Event> {
  static constexpr std::string_view kGoName = "Event";
  static constexpr auto kFields = std::make_tuple(
      Field("metadata", &Event::metadata, kAlways),
      Field("involvedObject", &Event::involved_object, kAlways), Field("reason", &Event::reason),
      Field("message", &Event::message), Field("source", &Event::source),
      Field("firstTimestamp", &Event::first_timestamp, kAlways),
      Field("lastTimestamp", &Event::last_timestamp, kAlways), Field("count", &Event::count),
      Field("type", &Event::type), Field("eventTime", &Event::event_time, kAlways),
      Field("series", &Event::series), Field("action", &Event::action),
      Field("related", &Event::related),
      Field("reportingComponent", &Event::reporting_component, kAlways),
      Field("reportingInstance", &Event::reporting_instance, kAlways));
};

template <>
struct Reflect<Secret> {
  static constexpr std::string_view kGoName = "Secret";
  static constexpr auto kFields =
      std::make_tuple(Field("metadata", &Secret::metadata, kAlways),
                      Field("immutable", &Secret::immutable), Field("data", &Secret::data),
                      Field("stringData", &Secret::string_data), Field("type", &Secret::type));
};

template <>
struct Reflect<ConfigMap> {
  static constexpr std::string_view kGoName = "ConfigMap";
  static constexpr auto kFields = std::make_tuple(
      Field("metadata", &ConfigMap::metadata, kAlways), Field("immutable", &ConfigMap::immutable),
      Field("data", &ConfigMap::data), Field("binaryData", &ConfigMap::binary_data));
};

// The codecs are instantiated once, in kinds_core.cc.
extern template Value Encode<Namespace>(const Namespace&);
extern template void Decode<Namespace>(const Value&, Namespace&, DecodeContext&);
extern template Value Encode<Node>(const Node&);
extern template void Decode<Node>(const Value&, Node&, DecodeContext&);
extern template Value Encode<Service>(const Service&);
extern template void Decode<Service>(const Value&, Service&, DecodeContext&);
extern template Value Encode<Event>(const Event&);
extern template void Decode<Event>(const Value&, Event&, DecodeContext&);
extern template Value Encode<Secret>(const Secret&);
extern template void Decode<Secret>(const Value&, Secret&, DecodeContext&);
extern template Value Encode<ConfigMap>(const ConfigMap&);
extern template void Decode<ConfigMap>(const Value&, ConfigMap&, DecodeContext&);

}  // namespace snapsim::api
