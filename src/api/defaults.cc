// Defaulting of the non-Pod built-in kinds and the per-kind dispatch (see
// defaults.h). Pod and PodSpec defaulting lives in defaults_pod.cc.
#include "src/api/defaults.h"

#include <algorithm>
#include <cctype>

namespace snapsim::api {
namespace {

void DefaultNamespace(Namespace& ns, int kube_minor, WriteKind write) {
  // SetDefaults_Namespace (NamespaceDefaultLabelName, on from 1.21).
  if (kube_minor >= 21 && !ns.metadata.name.empty()) {
    ns.metadata.labels["kubernetes.io/metadata.name"] = ns.metadata.name;
  }
  if (ns.status.phase.empty()) ns.status.phase = "Active";
  // Namespace strategy PrepareForCreate; the namespace controller removes it when finalizing.
  if (write == WriteKind::kCreate && std::find(ns.spec.finalizers.begin(), ns.spec.finalizers.end(),
                                               "kubernetes") == ns.spec.finalizers.end()) {
    ns.spec.finalizers.emplace_back("kubernetes");
  }
}

void DefaultNode(Node& node) {
  if (node.status.allocatable.empty() && !node.status.capacity.empty()) {
    node.status.allocatable = node.status.capacity;
  }
}

void DefaultService(Service& svc, int kube_minor) {
  ServiceSpec& spec = svc.spec;
  if (spec.session_affinity.empty()) spec.session_affinity = "None";
  if (spec.session_affinity == "None") spec.session_affinity_config = Value();
  if (spec.session_affinity == "ClientIP") {
    const Value* client_ip = spec.session_affinity_config.is_object()
                                 ? spec.session_affinity_config.Find("clientIP")
                                 : nullptr;
    const Value* timeout = client_ip != nullptr ? client_ip->Find("timeoutSeconds") : nullptr;
    if (timeout == nullptr || timeout->is_null()) {
      Value config;
      config["clientIP"]["timeoutSeconds"] = 10800;
      spec.session_affinity_config = std::move(config);
    }
  }
  if (spec.type.empty()) spec.type = "ClusterIP";
  for (ServicePort& p : spec.ports) {
    if (p.protocol.empty()) p.protocol = "TCP";
    bool unset =
        p.target_port.is_int ? p.target_port.int_value == 0 : p.target_port.str_value.empty();
    if (unset) p.target_port = IntOrString{true, p.port, ""};
  }
  bool externally_accessible = spec.type == "LoadBalancer" || spec.type == "NodePort" ||
                               (spec.type == "ClusterIP" && !spec.external_ips.empty());
  if (externally_accessible && spec.external_traffic_policy.empty())
    spec.external_traffic_policy = "Cluster";
  bool has_cluster_ip =
      spec.type == "ClusterIP" || spec.type == "NodePort" || spec.type == "LoadBalancer";
  if (kube_minor >= 22 && has_cluster_ip && !spec.internal_traffic_policy)
    spec.internal_traffic_policy = "Cluster";
  if (kube_minor >= 22 && spec.type == "LoadBalancer" && !spec.allocate_load_balancer_node_ports) {
    spec.allocate_load_balancer_node_ports = true;
  }
  if (kube_minor >= 29 && spec.type == "LoadBalancer") {
    for (Value& ingress : svc.status.load_balancer.ingress) {
      const Value* ip = ingress.Find("ip");
      const Value* mode = ingress.Find("ipMode");
      if (ip != nullptr && ip->is_string() && !ip->as_string().empty() &&
          (mode == nullptr || mode->is_null())) {
        ingress["ipMode"] = "VIP";
      }
    }
  }
  // Service REST storage (dual-stack API from 1.20) on a single-stack IPv4 cluster. The
  // ClusterIP itself is the allocator's; a headless service's "None" is mirrored.
  if (kube_minor >= 20 && has_cluster_ip) {
    if (!spec.cluster_ip.empty() && spec.cluster_ips.empty())
      spec.cluster_ips.push_back(spec.cluster_ip);
    bool headless_selectorless = spec.cluster_ip == "None" && spec.selector.empty();
    if (!spec.ip_family_policy)
      spec.ip_family_policy = headless_selectorless ? "RequireDualStack" : "SingleStack";
    if (spec.ip_families.empty()) spec.ip_families.emplace_back("IPv4");
  }
}

void DefaultSecret(Secret& secret) {
  if (secret.type.empty()) secret.type = "Opaque";
  // v1 -> internal conversion: stringData entries overwrite data, and stringData is never stored.
  for (const auto& [key, text] : secret.string_data) secret.data[key] = Base64Encode(text);
  secret.string_data.clear();
}

void DefaultPersistentVolume(PersistentVolume& pv) {
  if (pv.status.phase.empty()) pv.status.phase = "Pending";
  if (pv.spec.persistent_volume_reclaim_policy.empty())
    pv.spec.persistent_volume_reclaim_policy = "Retain";
  if (!pv.spec.volume_mode) pv.spec.volume_mode = "Filesystem";
  if (pv.spec.host_path.is_object()) {
    const Value* type = pv.spec.host_path.Find("type");
    if (type == nullptr || type->is_null()) pv.spec.host_path["type"] = "";
  }
}

// pvcutil.NormalizeDataSources (AnyVolumeDataSource, on from 1.24): dataSource and dataSourceRef
// mirror each other when only one is given (a cross-namespace dataSourceRef has no dataSource
// twin).
void NormalizeDataSources(PersistentVolumeClaimSpec& spec) {
  if (spec.data_source && !spec.data_source_ref) {
    spec.data_source_ref = TypedObjectReference{spec.data_source->api_group, spec.data_source->kind,
                                                spec.data_source->name, std::nullopt};
  } else if (spec.data_source_ref && !spec.data_source) {
    const std::optional<std::string>& ns = spec.data_source_ref->namespace_;
    if (!ns || ns->empty()) {
      spec.data_source = TypedLocalObjectReference{
          spec.data_source_ref->api_group, spec.data_source_ref->kind, spec.data_source_ref->name};
    }
  }
}

void DefaultPersistentVolumeClaim(PersistentVolumeClaim& pvc, int kube_minor) {
  DefaultPersistentVolumeClaimSpec(pvc.spec);
  if (pvc.status.phase.empty()) pvc.status.phase = "Pending";
  if (kube_minor >= 24) NormalizeDataSources(pvc.spec);
}

void DefaultStatefulSet(StatefulSet& sts, int kube_minor) {
  StatefulSetSpec& spec = sts.spec;
  if (spec.pod_management_policy.empty()) spec.pod_management_policy = "OrderedReady";
  StatefulSetUpdateStrategy& strategy = spec.update_strategy;
  if (strategy.type.empty()) {
    strategy.type = "RollingUpdate";
    if (!strategy.rolling_update) strategy.rolling_update.emplace();
  }
  if (strategy.type == "RollingUpdate" && strategy.rolling_update &&
      !strategy.rolling_update->partition) {
    strategy.rolling_update->partition = 0;
  }
  if (kube_minor >= 27) {  // StatefulSetAutoDeletePVC
    auto& policy = spec.persistent_volume_claim_retention_policy;
    if (!policy) policy.emplace();
    if (policy->when_deleted.empty()) policy->when_deleted = "Retain";
    if (policy->when_scaled.empty()) policy->when_scaled = "Retain";
  }
  if (!spec.replicas) spec.replicas = 1;
  if (!spec.revision_history_limit) spec.revision_history_limit = 10;
  DefaultPodSpec(spec.template_.spec, kube_minor);
  for (EmbeddedPersistentVolumeClaim& claim : spec.volume_claim_templates) {
    DefaultPersistentVolumeClaimSpec(claim.spec);
    if (claim.status.phase.empty()) claim.status.phase = "Pending";
  }
}

void DefaultStorageClass(StorageClass& sc) {
  if (!sc.reclaim_policy) sc.reclaim_policy = "Delete";
  if (!sc.volume_binding_mode) sc.volume_binding_mode = "Immediate";
}

void DefaultCSIDriver(CSIDriver& driver, int kube_minor) {
  CSIDriverSpec& spec = driver.spec;
  if (!spec.attach_required) spec.attach_required = true;
  if (!spec.pod_info_on_mount) spec.pod_info_on_mount = false;
  if (spec.volume_lifecycle_modes.empty()) spec.volume_lifecycle_modes.emplace_back("Persistent");
  if (kube_minor >= 21 && !spec.storage_capacity)
    spec.storage_capacity = false;  // CSIStorageCapacity
  if (kube_minor >= 20 && !spec.fs_group_policy)
    spec.fs_group_policy = "ReadWriteOnceWithFSType";  // CSIVolumeFSGroupPolicy
  if (kube_minor >= 21 && !spec.requires_republish)
    spec.requires_republish = false;  // CSIServiceAccountToken
  if (kube_minor >= 27 && !spec.se_linux_mount)
    spec.se_linux_mount = false;  // SELinuxMountReadWriteOncePod
}

void DefaultCustomResourceDefinition(CustomResourceDefinition& crd) {
  CustomResourceDefinitionNames& names = crd.spec.names;
  if (names.singular.empty()) {
    names.singular = names.kind;
    std::transform(names.singular.begin(), names.singular.end(), names.singular.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  }
  if (names.list_kind.empty() && !names.kind.empty()) names.list_kind = names.kind + "List";
  if (crd.spec.conversion.is_null()) crd.spec.conversion["strategy"] = "None";
  if (Value* webhook = crd.spec.conversion.FindMutable("webhook")) {
    Value* config = webhook->FindMutable("clientConfig");
    Value* service = config != nullptr ? config->FindMutable("service") : nullptr;
    if (service != nullptr && service->is_object()) {
      const Value* port = service->Find("port");
      if (port == nullptr || port->is_null()) (*service)["port"] = 443;
    }
  }
  auto& stored = crd.status.stored_versions;
  if (!stored || stored->empty()) {
    for (const CustomResourceDefinitionVersion& v : crd.spec.versions) {
      if (v.storage) {
        stored = std::vector<std::string>{v.name};
        break;
      }
    }
  }
}

template <class T>
T* AsMutable(Object& obj) {
  return &obj.kind_info() == &T::Info() ? static_cast<T*>(&obj) : nullptr;
}

}  // namespace

void DefaultPersistentVolumeClaimSpec(PersistentVolumeClaimSpec& spec) {
  if (!spec.volume_mode) spec.volume_mode = "Filesystem";
}

void ApplyDefaults(Object& obj, int kube_minor, WriteKind write) {
  if (auto* pod = AsMutable<Pod>(obj)) {
    DefaultPod(*pod, kube_minor);
  } else if (auto* pvc = AsMutable<PersistentVolumeClaim>(obj)) {
    DefaultPersistentVolumeClaim(*pvc, kube_minor);
  } else if (auto* pv = AsMutable<PersistentVolume>(obj)) {
    DefaultPersistentVolume(*pv);
  } else if (auto* sts = AsMutable<StatefulSet>(obj)) {
    DefaultStatefulSet(*sts, kube_minor);
  } else if (auto* svc = AsMutable<Service>(obj)) {
    DefaultService(*svc, kube_minor);
  } else if (auto* ns = AsMutable<Namespace>(obj)) {
    DefaultNamespace(*ns, kube_minor, write);
  } else if (auto* node = AsMutable<Node>(obj)) {
    DefaultNode(*node);
  } else if (auto* secret = AsMutable<Secret>(obj)) {
    DefaultSecret(*secret);
  } else if (auto* sc = AsMutable<StorageClass>(obj)) {
    DefaultStorageClass(*sc);
  } else if (auto* driver = AsMutable<CSIDriver>(obj)) {
    DefaultCSIDriver(*driver, kube_minor);
  } else if (auto* crd = AsMutable<CustomResourceDefinition>(obj)) {
    DefaultCustomResourceDefinition(*crd);
  }
}

}  // namespace snapsim::api
