// ControlPlane: the processes of a simulated ACK cluster after boot, as ACK runs
// them, and the one place that knows which talks to which:
//
//   kube-controller-manager  PV binder, PVC/PV protection, StatefulSet, attach/detach
//   kube-scheduler           scheduling with volume topology
//   csi-provisioner          external-provisioner  ┐ sidecars of the csi-provisioner
//   csi-attacher             external-attacher     │ pod, calling the driver's
//   csi-snapshotter          csi-snapshotter       ┘ controller service
//   snapshot-controller      the snapshot common controller
//   kubelet (one per node)   pods, mounts (the driver's node service), exec
//   csi-plugin               the driver itself (controller + node services)
//
// Every component reads and writes only through the API server; the driver
// reaches only the fake ECS. The driver objects outlive the components that call
// them (the cluster destroys components first).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/cluster/bootstrap.h"
#include "sim/engine/event_loop.h"
#include "src/csi/component.h"
#include "src/csi/diskplugin/controller_server.h"
#include "src/csi/diskplugin/node_server.h"
#include "src/csi/kubelet/kubelet.h"
#include "src/csi/util/upstream_bugs.h"
#include "src/fake_apiserver/apiserver.h"
#include "src/fake_ecs/ecs.h"

namespace snapsim::cluster {

struct ControlPlaneConfig {
  std::string region;
  std::string disk_driver_version;  // "" = the current driver
  std::vector<NodeSpecs> nodes;
  // Components to run by name (kube-controller-manager, kube-scheduler, csi-provisioner,
  // csi-attacher, csi-snapshotter, snapshot-controller, kubelet; csi-plugin, the driver,
  // is always there for the others to call); nullopt = all.
  std::optional<std::vector<std::string>> components;
  csi::UpstreamBugs bugs;  // reintroduced upstream bugs; none by default
};

class ControlPlane {
 public:
  ControlPlane(apiserver::ApiServer& server, engine::EventLoop& loop, ecs::Ecs& ecs, const ControlPlaneConfig& config);

  // The components, in start order (the cluster owns and starts them). Call once.
  std::vector<std::unique_ptr<csi::Component>> TakeComponents();

  // The kubelet of a node, or nullptr.
  csi::Kubelet* KubeletFor(std::string_view node_name) const;
  bool HasKubelets() const { return !kubelets_.empty(); }

  csi::disk::ControllerServer& driver() { return *driver_; }

 private:
  apiserver::ApiServer& server_;
  std::unique_ptr<csi::disk::ControllerServer> driver_;
  std::vector<std::unique_ptr<csi::disk::NodeServer>> node_plugins_;
  std::vector<std::unique_ptr<csi::Component>> components_;
  std::vector<std::pair<std::string, csi::Kubelet*>> kubelets_;  // node name -> kubelet
};

}  // namespace snapsim::cluster
