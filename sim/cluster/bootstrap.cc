#include "sim/cluster/bootstrap.h"

#include <fmt/format.h>

#include "src/api/kinds.h"
#include "src/api/kinds_apiext.h"
#include "src/api/kinds_core.h"
#include "src/api/kinds_storage.h"
#include "src/fake_apiserver/served_versions.h"

namespace snapsim::cluster {
namespace {

constexpr apiserver::RequestContext kBootstrap{.client = "kube-apiserver"};

Status Check(const apiserver::ApiResult<api::ObjectPtr>& r) {
  if (r.ok()) return Status::Ok();
  return Status::Internal("bootstrap: " + r.error().message());
}

Status CreateNode(apiserver::ApiServer& server, const BootstrapConfig& config, const NodeSpecs& n) {
  auto node = std::make_shared<api::Node>();
  auto& labels = node->metadata.labels;
  labels["beta.kubernetes.io/arch"] = "amd64";
  labels["beta.kubernetes.io/os"] = "linux";
  labels["beta.kubernetes.io/instance-type"] = "ecs.g7.xlarge";
  labels["failure-domain.beta.kubernetes.io/region"] = config.region;
  labels["failure-domain.beta.kubernetes.io/zone"] = n.zone;
  labels["kubernetes.io/arch"] = "amd64";
  labels["kubernetes.io/hostname"] = n.name;
  labels["kubernetes.io/os"] = "linux";
  labels["node.kubernetes.io/instance-type"] = "ecs.g7.xlarge";
  labels["topology.kubernetes.io/region"] = config.region;
  labels["topology.kubernetes.io/zone"] = n.zone;
  labels[std::string(kDiskZoneTopologyKey)] = n.zone;
  labels["alibabacloud.com/nodepool-id"] = "np-default";
  node->metadata.name = n.name;
  node->spec.provider_id = fmt::format("{}.{}", config.region, n.instance_id);
  auto created = server.Create(node, kBootstrap);
  SNAPSIM_RETURN_IF_ERROR(Check(created));

  // The kubelet reports the node's status once it has registered.
  auto status = api::CloneAs<api::Node>(*created);
  auto& st = status->status;
  for (const char* key : {"cpu", "memory", "pods", "ephemeral-storage"}) {
    std::string_view v = std::string_view(key) == "cpu" ? "4" : std::string_view(key) == "memory" ? "15950364Ki"
                         : std::string_view(key) == "pods" ? "64" : "123722704Ki";
    st.capacity[key] = *api::Quantity::Parse(v);
    st.allocatable[key] = *api::Quantity::Parse(v);
  }
  std::string now = server.NowRfc3339();
  for (const char* type : {"MemoryPressure", "DiskPressure", "PIDPressure"}) {
    std::string reason = std::string("KubeletHas") + (std::string_view(type) == "MemoryPressure" ? "SufficientMemory"
                                                      : std::string_view(type) == "DiskPressure" ? "NoDiskPressure"
                                                                                                : "SufficientPID");
    std::string message = std::string_view(type) == "MemoryPressure" ? "kubelet has sufficient memory available"
                          : std::string_view(type) == "DiskPressure" ? "kubelet has no disk pressure"
                                                                    : "kubelet has sufficient PID available";
    st.conditions.push_back({type, "False", now, now, reason, message});
  }
  st.conditions.push_back({"Ready", "True", now, now, "KubeletReady", "kubelet is posting ready status"});
  st.addresses = {{"InternalIP", n.internal_ip}, {"Hostname", n.name}};
  st.daemon_endpoints.kubelet_endpoint.port = 10250;
  st.node_info.kernel_version = "5.10.134-16.1.al8.x86_64";
  st.node_info.os_image = "Alibaba Cloud Linux 3.2104 U10 (OpenAnolis Edition)";
  st.node_info.container_runtime_version = "containerd://1.6.28";
  st.node_info.kubelet_version = fmt::format("v1.{}.0-aliyun.1", config.kube_minor);
  st.node_info.kube_proxy_version = st.node_info.kubelet_version;
  st.node_info.operating_system = "linux";
  st.node_info.architecture = "amd64";
  st.node_info.machine_id = n.instance_id;
  st.node_info.system_uuid = n.instance_id;
  st.node_info.boot_id = n.instance_id;
  return Check(server.UpdateStatus(status, {.client = "kubelet"}));
}

Status CreateCsiNode(apiserver::ApiServer& server, const NodeSpecs& n) {
  auto csinode = std::make_shared<api::CSINode>();
  csinode->metadata.name = n.name;
  api::ObjectPtr node = server.Peek(api::Node::Info(), "", n.name);
  if (node != nullptr) {
    csinode->metadata.owner_references.push_back(
        {"v1", "Node", n.name, node->metadata.uid, std::nullopt, std::nullopt});
  }
  api::CSINodeDriver driver;
  driver.name = std::string(kDiskDriver);
  driver.node_id = n.instance_id;
  driver.topology_keys = std::vector<std::string>{std::string(kDiskZoneTopologyKey)};
  driver.allocatable.emplace().count = 15;
  csinode->spec.drivers.push_back(std::move(driver));
  return Check(server.Create(csinode, {.client = "kubelet"}));
}

Status CreateStorageClasses(apiserver::ApiServer& server) {
  struct ClassSpec {
    const char* name;
    const char* type;
    const char* binding;
  };
  static constexpr ClassSpec kClasses[] = {
      {"alicloud-disk-available", "available", "Immediate"},
      {"alicloud-disk-efficiency", "cloud_efficiency", "Immediate"},
      {"alicloud-disk-essd", "cloud_essd", "Immediate"},
      {"alicloud-disk-ssd", "cloud_ssd", "Immediate"},
      {"alicloud-disk-topology-alltype", "cloud_essd,cloud_ssd,cloud_efficiency", "WaitForFirstConsumer"},
  };
  for (const auto& c : kClasses) {
    auto sc = std::make_shared<api::StorageClass>();
    sc->metadata.name = c.name;
    sc->provisioner = std::string(kDiskDriver);
    sc->parameters["type"] = c.type;
    sc->reclaim_policy = "Delete";
    sc->allow_volume_expansion = true;
    sc->volume_binding_mode = c.binding;
    SNAPSIM_RETURN_IF_ERROR(Check(server.Create(sc, kBootstrap)));
  }
  return Status::Ok();
}

Status CreateCsiDriver(apiserver::ApiServer& server) {
  auto driver = std::make_shared<api::CSIDriver>();
  driver->metadata.name = std::string(kDiskDriver);
  driver->spec.attach_required = true;
  driver->spec.pod_info_on_mount = false;
  return Check(server.Create(driver, kBootstrap));
}

// The printer columns external-snapshotter's CRDs declare (client/config/crd/*.yaml).
std::vector<api::CustomResourceColumnDefinition> PrinterColumns(const api::KindInfo& kind) {
  using C = api::CustomResourceColumnDefinition;
  if (kind.kind == "VolumeSnapshot") {
    return {C{"ReadyToUse", "boolean", "", "Indicates if the snapshot is ready to be used to restore a volume.", 0,
              ".status.readyToUse"},
            C{"SourcePVC", "string", "",
              "If a new snapshot needs to be created, this contains the name of the source PVC from which this "
              "snapshot was (or will be) created.",
              0, ".spec.source.persistentVolumeClaimName"},
            C{"SourceSnapshotContent", "string", "",
              "If a snapshot already exists, this contains the name of the existing VolumeSnapshotContent object "
              "representing the existing snapshot.",
              0, ".spec.source.volumeSnapshotContentName"},
            C{"RestoreSize", "string", "", "Represents the minimum size of volume required to rehydrate from this snapshot.",
              0, ".status.restoreSize"},
            C{"SnapshotClass", "string", "", "The name of the VolumeSnapshotClass requested by the VolumeSnapshot.", 0,
              ".spec.volumeSnapshotClassName"},
            C{"SnapshotContent", "string", "", "Name of the VolumeSnapshotContent object to which the VolumeSnapshot object intends to bind to. Please note that verification of binding actually requires checking both VolumeSnapshot and VolumeSnapshotContent to ensure both are pointing at each other. Binding MUST be verified prior to usage of this object.", 0,
              ".status.boundVolumeSnapshotContentName"},
            C{"CreationTime", "date", "", "Timestamp when the point-in-time snapshot was taken by the underlying storage system.", 0,
              ".status.creationTime"},
            C{"Age", "date", "", "", 0, ".metadata.creationTimestamp"}};
  }
  if (kind.kind == "VolumeSnapshotContent") {
    return {C{"ReadyToUse", "boolean", "", "Indicates if the snapshot is ready to be used to restore a volume.", 0,
              ".status.readyToUse"},
            C{"RestoreSize", "integer", "", "Represents the complete size of the snapshot in bytes", 0,
              ".status.restoreSize"},
            C{"DeletionPolicy", "string", "", "Determines whether this VolumeSnapshotContent and its physical snapshot on the underlying storage system should be deleted when its bound VolumeSnapshot is deleted.", 0,
              ".spec.deletionPolicy"},
            C{"Driver", "string", "", "Name of the CSI driver used to create the physical snapshot on the underlying storage system.", 0,
              ".spec.driver"},
            C{"VolumeSnapshotClass", "string", "", "Name of the VolumeSnapshotClass to which this snapshot belongs.", 0,
              ".spec.volumeSnapshotClassName"},
            C{"VolumeSnapshot", "string", "", "Name of the VolumeSnapshot object to which this VolumeSnapshotContent object is bound.", 0,
              ".spec.volumeSnapshotRef.name"},
            C{"VolumeSnapshotNamespace", "string", "", "Namespace of the VolumeSnapshot object to which this VolumeSnapshotContent object is bound.", 0,
              ".spec.volumeSnapshotRef.namespace"},
            C{"Age", "date", "", "", 0, ".metadata.creationTimestamp"}};
  }
  return {C{"Driver", "string", "", "", 0, ".driver"}, C{"DeletionPolicy", "string", "", "Determines whether a VolumeSnapshotContent created through the VolumeSnapshotClass should be deleted when its bound VolumeSnapshot is deleted.", 0, ".deletionPolicy"},
          C{"Age", "date", "", "", 0, ".metadata.creationTimestamp"}};
}

Status CreateSnapshotCrds(apiserver::ApiServer& server, int kube_minor) {
  for (const api::KindInfo* kind : {&api::VolumeSnapshotClass::Info(), &api::VolumeSnapshotContent::Info(),
                                    &api::VolumeSnapshot::Info()}) {
    auto crd = std::make_shared<api::CustomResourceDefinition>();
    crd->metadata.name = kind->Resource();
    crd->metadata.annotations["api-approved.kubernetes.io"] = "https://github.com/kubernetes-csi/external-snapshotter/pull/814";
    auto& spec = crd->spec;
    spec.group = std::string(kind->group);
    spec.names.plural = std::string(kind->plural);
    spec.names.singular = std::string(kind->singular);
    spec.names.kind = std::string(kind->kind);
    spec.names.list_kind = std::string(kind->kind) + "List";
    for (auto s : kind->short_names) spec.names.short_names.emplace_back(s);
    spec.scope = kind->namespaced ? "Namespaced" : "Cluster";
    auto served = apiserver::ServedVersions(*kind, kube_minor);
    // external-snapshotter's CRDs list the newest version first.
    for (auto it = served.rbegin(); it != served.rend(); ++it) {
      std::string_view version = *it;
      api::CustomResourceDefinitionVersion v;
      v.name = std::string(version);
      v.served = true;
      v.storage = version == served.back();
      if (auto warning = apiserver::DeprecationWarning(*kind, version, kube_minor)) {
        v.deprecated = true;
        v.deprecation_warning = *warning;
      }
      if (kind->has_status) v.subresources["status"] = api::Value::EmptyObject();
      v.schema["openAPIV3Schema"]["type"] = api::Value("object");
      v.additional_printer_columns = PrinterColumns(*kind);
      spec.versions.push_back(std::move(v));
    }
    auto created = server.Create(crd, kBootstrap);
    SNAPSIM_RETURN_IF_ERROR(Check(created));
    auto status = api::CloneAs<api::CustomResourceDefinition>(*created);
    std::string now = server.NowRfc3339();
    status->status.conditions = std::vector<api::CustomResourceDefinitionCondition>{
        {"NamesAccepted", "True", now, "NoConflicts", "no conflicts found"},
        {"Established", "True", now, "InitialNamesAccepted", "the initial names have been accepted"}};
    status->status.accepted_names = spec.names;
    status->status.stored_versions = std::vector<std::string>{std::string(served.back())};
    SNAPSIM_RETURN_IF_ERROR(Check(server.UpdateStatus(status, {.client = "kube-apiserver"})));
  }
  return Status::Ok();
}

// The API server's own service in `default`.
Status CreateKubernetesService(apiserver::ApiServer& server) {
  auto svc = std::make_shared<api::Service>();
  svc->metadata.name = "kubernetes";
  svc->metadata.namespace_ = "default";
  svc->metadata.labels = {{"component", "apiserver"}, {"provider", "kubernetes"}};
  api::ServicePort port;
  port.name = "https";
  port.protocol = "TCP";
  port.port = 443;
  port.target_port = api::IntOrString{true, 6443, ""};
  svc->spec.ports.push_back(port);
  svc->spec.type = "ClusterIP";
  svc->spec.session_affinity = "None";
  return Check(server.Create(svc, kBootstrap));
}

}  // namespace

Status Bootstrap(apiserver::ApiServer& server, const BootstrapConfig& config) {
  SNAPSIM_RETURN_IF_ERROR(CreateKubernetesService(server));
  SNAPSIM_RETURN_IF_ERROR(CreateSnapshotCrds(server, config.kube_minor));
  SNAPSIM_RETURN_IF_ERROR(CreateCsiDriver(server));
  SNAPSIM_RETURN_IF_ERROR(CreateStorageClasses(server));
  for (const auto& n : config.nodes) {
    SNAPSIM_RETURN_IF_ERROR(CreateNode(server, config, n));
    SNAPSIM_RETURN_IF_ERROR(CreateCsiNode(server, n));
  }
  return Status::Ok();
}

}  // namespace snapsim::cluster
