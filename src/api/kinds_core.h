// core/v1 kinds other than Pod and the volume kinds: Namespace, Node, Service,
// Event, Secret, ConfigMap (k8s.io/api core/v1 as of Kubernetes 1.30).
// Go value structs (spec, status) are plain members and always encoded; Go
// pointers are std::optional; metav1.Time values are optional + kAlways (null).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/engine/status.h"
#include "src/api/boxed.h"
#include "src/api/common_types.h"
#include "src/api/object.h"

namespace snapsim::api {

// ---- Namespace ---------------------------------------------------------------

struct NamespaceCondition {
  std::string type;
  std::string status;
  std::optional<std::string> last_transition_time;
  std::string reason;
  std::string message;
};

struct NamespaceSpec {
  std::vector<std::string> finalizers;  // "kubernetes"
};

struct NamespaceStatus {
  std::string phase;  // Active | Terminating
  std::vector<NamespaceCondition> conditions;
};

struct Namespace : ObjectOf<Namespace> {
  NamespaceSpec spec;
  NamespaceStatus status;
  static const KindInfo& Info();
};

// ---- Node --------------------------------------------------------------------

struct Taint {
  std::string key;
  std::string value;
  std::string effect;  // NoSchedule | PreferNoSchedule | NoExecute
  std::optional<std::string> time_added;
};

struct NodeSpec {
  std::string pod_cidr;
  std::vector<std::string> pod_cidrs;
  std::string provider_id;  // "cn-hangzhou.i-bp1..." on ACK
  bool unschedulable = false;
  std::vector<Taint> taints;
  Value config_source;  // *NodeConfigSource
  std::string external_id;
};

struct NodeCondition {
  std::string type;  // Ready | MemoryPressure | DiskPressure | PIDPressure | NetworkUnavailable
  std::string status;
  std::optional<std::string> last_heartbeat_time;
  std::optional<std::string> last_transition_time;
  std::string reason;
  std::string message;
};

struct NodeAddress {
  std::string type;  // InternalIP | ExternalIP | Hostname
  std::string address;
};

struct DaemonEndpoint {
  std::int32_t port = 0;  // JSON key "Port" (sic)
};

struct NodeDaemonEndpoints {
  DaemonEndpoint kubelet_endpoint;
};

struct NodeSystemInfo {
  std::string machine_id;
  std::string system_uuid;
  std::string boot_id;
  std::string kernel_version;
  std::string os_image;
  std::string container_runtime_version;
  std::string kubelet_version;
  std::string kube_proxy_version;
  std::string operating_system;
  std::string architecture;
};

struct ContainerImage {
  std::vector<std::string> names;
  std::int64_t size_bytes = 0;
};

struct AttachedVolume {
  std::string name;  // "kubernetes.io/csi/diskplugin.csi.alibabacloud.com^d-bp1..."
  std::string device_path;
};

struct NodeStatus {
  ResourceList capacity;
  ResourceList allocatable;
  std::string phase;
  std::vector<NodeCondition> conditions;
  std::vector<NodeAddress> addresses;
  NodeDaemonEndpoints daemon_endpoints;
  NodeSystemInfo node_info;
  std::vector<ContainerImage> images;
  std::vector<std::string> volumes_in_use;
  std::vector<AttachedVolume> volumes_attached;
  Value config;                         // *NodeConfigStatus
  std::vector<Value> runtime_handlers;  // []NodeRuntimeHandler
};

struct Node : ObjectOf<Node> {
  NodeSpec spec;
  NodeStatus status;
  static const KindInfo& Info();
};

// ---- Service -----------------------------------------------------------------

struct ServicePort {
  std::string name;
  std::string protocol;
  std::optional<std::string> app_protocol;
  std::int32_t port = 0;
  IntOrString target_port;  // zero (int 0) = unset; defaulted to `port`
  std::int32_t node_port = 0;
};

struct ServiceSpec {
  std::vector<ServicePort> ports;
  std::map<std::string, std::string> selector;
  std::string cluster_ip;  // "None" for a headless service
  std::vector<std::string> cluster_ips;
  std::string type;  // ClusterIP | NodePort | LoadBalancer | ExternalName
  std::vector<std::string> external_ips;
  std::string session_affinity;
  std::string load_balancer_ip;
  std::vector<std::string> load_balancer_source_ranges;
  std::string external_name;
  std::string external_traffic_policy;
  std::int32_t health_check_node_port = 0;
  bool publish_not_ready_addresses = false;
  Value session_affinity_config;  // *SessionAffinityConfig
  std::vector<std::string> ip_families;
  std::optional<std::string> ip_family_policy;
  std::optional<bool> allocate_load_balancer_node_ports;
  std::optional<std::string> load_balancer_class;
  std::optional<std::string> internal_traffic_policy;
  std::optional<std::string> traffic_distribution;
};

struct LoadBalancerStatus {
  std::vector<Value> ingress;  // []LoadBalancerIngress
};

struct ServiceStatus {
  LoadBalancerStatus load_balancer;
  std::vector<MetaCondition> conditions;
};

struct Service : ObjectOf<Service> {
  ServiceSpec spec;
  ServiceStatus status;
  static const KindInfo& Info();
};

// ---- Event (core/v1) ---------------------------------------------------------

struct EventSource {
  std::string component;
  std::string host;
};

struct EventSeries {
  std::int32_t count = 0;
  std::optional<std::string> last_observed_time;  // metav1.MicroTime value
};

struct Event : ObjectOf<Event> {
  ObjectReference involved_object;
  std::string reason;
  std::string message;
  EventSource source;
  std::optional<std::string> first_timestamp;  // metav1.Time value: null when unset
  std::optional<std::string> last_timestamp;
  std::int32_t count = 0;
  std::string type;                       // Normal | Warning
  std::optional<std::string> event_time;  // metav1.MicroTime value: null when unset
  Boxed<EventSeries> series;            // rarely set: on the heap
  std::string action;
  Boxed<ObjectReference> related;       // rarely set: on the heap
  std::string reporting_component;
  std::string reporting_instance;
  static const KindInfo& Info();
};

// ---- Secret, ConfigMap -------------------------------------------------------

struct Secret : ObjectOf<Secret> {
  std::optional<bool> immutable;
  std::map<std::string, std::string> data;         // values base64-encoded, as on the wire
  std::map<std::string, std::string> string_data;  // write-only; merged into data by the server
  std::string type;                                // Opaque, kubernetes.io/..., defaulted to Opaque
  static const KindInfo& Info();
};

struct ConfigMap : ObjectOf<ConfigMap> {
  std::optional<bool> immutable;
  std::map<std::string, std::string> data;
  std::map<std::string, std::string> binary_data;  // values base64-encoded
  static const KindInfo& Info();
};

// Standard base64 (with padding), as Go's encoding/json encodes []byte.
std::string Base64Encode(std::string_view bytes);
// Decodes standard base64 the way Go's base64.StdEncoding does (CR/LF ignored,
// padding required). Error: "illegal base64 data at input byte N".
Result<std::string> Base64Decode(std::string_view text);

// Their Object members are compiled once, in kinds_core.cc (object_of.h).
extern template class ObjectOf<Namespace>;
extern template class ObjectOf<Node>;
extern template class ObjectOf<Service>;
extern template class ObjectOf<Event>;
extern template class ObjectOf<Secret>;
extern template class ObjectOf<ConfigMap>;

}  // namespace snapsim::api

#include "src/api/kinds_core_reflect.h"  // IWYU pragma: export
