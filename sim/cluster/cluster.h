// Cluster: one simulated ACK cluster — the event loop, the seeded generator,
// the fake API server and every component — composed and wired by watches.
// Only this layer knows the whole cast; each piece below knows its own
// neighbours only. Clusters share nothing, so many run on threads at once.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "sim/cluster/api_faults.h"
#include "sim/cluster/bootstrap.h"
#include "sim/cluster/control_plane.h"
#include "sim/cluster/invariants.h"
#include "sim/engine/event_loop.h"
#include "sim/engine/rng.h"
#include "sim/kubectl/kubectl.h"
#include "src/csi/component.h"
#include "src/fake_ecs/ecs.h"
#include "src/fake_apiserver/apiserver.h"

namespace snapsim::cluster {

struct ClusterOptions {
  std::string kubernetes_version = "1.22";
  std::string region = "cn-hangzhou";
  std::vector<std::string> zones = {"cn-hangzhou-i"};
  int nodes = 1;
  std::uint64_t seed = 1;
  std::string disk_driver_version;  // "" = the current driver
  // Control-plane components to run, by name (ControlPlane); nullopt = all.
  std::optional<std::vector<std::string>> components;
  // Fixed upstream bugs to put back (src/csi/util/upstream_bugs.h), by issue number.
  std::vector<std::string> upstream_bugs;
  // Set: events due at one instant run in an order drawn from this seed (EventLoop
  // lanes keep each watch stream, work queue and ECS call in order). From the moment
  // the control plane is up, so that booting is the same for every schedule.
  std::optional<std::uint64_t> schedule_seed;
  // Tests: every typed patch is checked against its JSON (ApiServerConfig).
  bool check_typed_patches = false;
};

// "1.22" → 22. snapsim models Kubernetes 1.17 to 1.33.
Result<int> ParseKubernetesMinor(std::string_view version);

// Disk drivers before v1.6 ran against the ECS of before 2023-10-12, where
// instant access was opt-in (reference §0): "v1.5.0" → true, "" (current) → false.
bool LegacyDiskDriver(std::string_view version);

struct SettleOutcome {
  bool at_rest = true;
  engine::Nanos elapsed = 0;
  std::vector<std::string> in_flight;  // "watch deliveries: 3", ...
};

class Cluster {
 public:
  // Validates the options (errors name the cluster key) and boots a fresh cluster.
  static Result<std::unique_ptr<Cluster>> Create(const ClusterOptions& options);
  ~Cluster();

  kubectl::CommandResult Kubectl(const std::vector<std::string>& args, const kubectl::FileReader& files);
  kubectl::CommandResult Aliyun(const std::vector<std::string>& args);
  void Sleep(engine::Nanos d);
  SettleOutcome Settle(engine::Nanos limit);
  Status Fault(const api::Value& rule);
  Status Crash(std::string_view component);
  std::vector<InvariantViolation> CheckInvariants();
  // Liveness (InvariantChecker::CheckLiveness): for after faults are lifted and the cluster settled.
  // Empty unless snapshot-controller and csi-snapshotter both run (no one else moves snapshots).
  std::vector<InvariantViolation> CheckLiveness() const;
  engine::Nanos Now() const { return loop_.Now(); }

  // Adds a running control-plane component under its name (several may share
  // one, e.g. the controllers of kube-controller-manager); crash and watch
  // faults address them by that name. The cluster owns it and starts it.
  void AddComponent(std::unique_ptr<csi::Component> component);

  apiserver::ApiServer& server() { return *server_; }
  ecs::Ecs& ecs() { return *ecs_; }
  engine::EventLoop& loop() { return loop_; }
  const std::vector<NodeSpecs>& nodes() const { return nodes_; }

 private:
  explicit Cluster(const ClusterOptions& options, int kube_minor);
  Status WatchFault(const api::Value& rule);

  void StartControlPlane();  // the components the options name
  kubectl::ExecResult Exec(const kubectl::ExecRequest& req);

  ClusterOptions options_;
  engine::EventLoop loop_;
  engine::Rng rng_;
  engine::Rng schedule_rng_{0};  // the tie-breaker's draws (schedule_seed)
  std::unique_ptr<apiserver::ApiServer> server_;
  std::unique_ptr<ecs::Ecs> ecs_;
  ApiFaultInjector api_faults_;
  std::vector<NodeSpecs> nodes_;
  kubectl::KubectlEnv kubectl_env_;
  std::unique_ptr<ControlPlane> control_plane_;               // the drivers; outlives components_
  std::vector<std::unique_ptr<csi::Component>> components_;  // in start order
  InvariantChecker invariants_;
  csi::UpstreamBugs bugs_;
  std::set<std::string> delayed_watches_;                     // components with a watch delay in force
};

}  // namespace snapsim::cluster
