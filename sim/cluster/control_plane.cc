#include "sim/cluster/control_plane.h"

#include <algorithm>

#include "sim/cluster/cluster.h"
#include "src/api/kinds_core.h"
#include "src/csi/attacher/external_attacher.h"
#include "src/csi/kube/attach_detach_controller.h"
#include "src/csi/kube/pv_controller.h"
#include "src/csi/kube/pv_protection_controller.h"
#include "src/csi/kube/pvc_protection_controller.h"
#include "src/csi/kube/scheduler.h"
#include "src/csi/kube/statefulset_controller.h"
#include "src/csi/provisioner/provisioner.h"
#include "src/csi/snapshot_controller/snapshot_controller.h"
#include "src/csi/snapshotter_sidecar/snapshotter_sidecar.h"

namespace snapsim::cluster {
namespace {

// The driver's own Kubernetes client reads nodes (WaitForFirstConsumer topology).
std::function<Result<std::map<std::string, std::string>>(std::string_view)> NodeLabels(apiserver::ApiServer& server) {
  return [&server](std::string_view node) -> Result<std::map<std::string, std::string>> {
    auto got = server.Get(api::Node::Info(), "", node, {.client = "csi-plugin"});
    if (!got.ok()) return Status::NotFound(got.error().message());
    auto n = api::As<api::Node>(*got);
    return n->metadata.labels;
  };
}

// The driver's process (the csi-plugin container beside the sidecars): its crash
// fails the RPCs in flight and loses its memory; it watches nothing itself.
class DriverProcess : public csi::Component {
 public:
  explicit DriverProcess(csi::disk::ControllerServer& driver) : driver_(driver) {}
  std::string_view name() const override { return "csi-plugin"; }
  void Start() override {}
  void Stop() override { driver_.Restart(); }
  std::vector<apiserver::Informer*> informers() override { return {}; }

 private:
  csi::disk::ControllerServer& driver_;
};

}  // namespace

ControlPlane::ControlPlane(apiserver::ApiServer& server, engine::EventLoop& loop, ecs::Ecs& ecs,
                           const ControlPlaneConfig& config)
    : server_(server) {
  csi::disk::ControllerOptions driver_options;
  driver_options.region = config.region;
  driver_options.node_labels = NodeLabels(server);
  if (LegacyDiskDriver(config.disk_driver_version)) driver_options.snapshot_era = csi::disk::SnapshotEra::kLegacy;
  driver_ = std::make_unique<csi::disk::ControllerServer>(loop, ecs, driver_options);

  auto wanted = [&](std::string_view name) {
    if (!config.components) return true;
    return std::find(config.components->begin(), config.components->end(), name) != config.components->end();
  };
  if (wanted("csi-plugin")) components_.push_back(std::make_unique<DriverProcess>(*driver_));
  if (wanted("kube-controller-manager")) {
    components_.push_back(std::make_unique<csi::kube::PersistentVolumeController>(server));
    components_.push_back(std::make_unique<csi::kube::PvcProtectionController>(server));
    components_.push_back(std::make_unique<csi::kube::PvProtectionController>(server));
    components_.push_back(std::make_unique<csi::kube::StatefulSetController>(server));
    components_.push_back(std::make_unique<csi::kube::AttachDetachController>(server));
  }
  if (wanted("kube-scheduler")) components_.push_back(std::make_unique<csi::kube::Scheduler>(server));
  if (wanted("csi-provisioner")) {
    components_.push_back(std::make_unique<csi::provisioner::ExternalProvisioner>(server, *driver_));
  }
  if (wanted("csi-attacher")) components_.push_back(std::make_unique<csi::attacher::ExternalAttacher>(server, *driver_));
  if (wanted("snapshot-controller")) {
    csi::SnapshotControllerOptions o;
    o.retry_restore_pending_delete = !config.bugs.restore_pending_returns_ok;
    o.deletion_uses_class_policy = config.bugs.deletion_uses_class_policy;
    o.refuse_terminating_pvc = config.bugs.refuse_terminating_pvc;
    components_.push_back(std::make_unique<csi::SnapshotController>(server, o));
  }
  if (wanted("csi-snapshotter")) {
    csi::SidecarOptions o;
    if (config.bugs.ignore_ready_flip) o.update_filter = csi::ContentUpdateFilter::kIgnoreStatus;
    o.finalizer_left_after_delete = config.bugs.finalizer_left_after_delete;
    o.no_being_created_guard = config.bugs.no_being_created_guard;
    components_.push_back(std::make_unique<csi::SnapshotterSidecar>(server, *driver_, o));
  }
  for (const auto& node : config.nodes) {
    if (!wanted("kubelet")) break;
    node_plugins_.push_back(std::make_unique<csi::disk::NodeServer>(
        ecs, csi::disk::NodeOptions{.instance_id = node.instance_id, .zone = node.zone, .region = config.region}));
    auto kubelet = std::make_unique<csi::Kubelet>(server, loop, *node_plugins_.back(),
                                                  csi::KubeletOptions{.node_name = node.name});
    kubelets_.emplace_back(node.name, kubelet.get());
    components_.push_back(std::move(kubelet));
  }
}

std::vector<std::unique_ptr<csi::Component>> ControlPlane::TakeComponents() { return std::move(components_); }

csi::Kubelet* ControlPlane::KubeletFor(std::string_view node_name) const {
  for (const auto& [name, kubelet] : kubelets_) {
    if (name == node_name) return kubelet;
  }
  return nullptr;
}

}  // namespace snapsim::cluster
