#include "sim/cluster/host_factory.h"

#include "sim/aliyun/render.h"
#include "sim/cluster/cluster.h"
#include "sim/cluster/known_races.h"
#include "src/api/json.h"
#include "src/api/kinds.h"
#include "src/csi/snapshotter_sidecar/snapshotter_sidecar.h"

namespace snapsim::cluster {
namespace {

scenario::CommandOutput Convert(kubectl::CommandResult r) { return {std::move(r.out), std::move(r.err), r.exit_code}; }

class ClusterHost : public scenario::ScenarioHost {
 public:
  explicit ClusterHost(std::unique_ptr<Cluster> cluster) : cluster_(std::move(cluster)) {}

  scenario::CommandOutput Kubectl(const std::vector<std::string>& args,
                                  const scenario::FileResolver& files) override {
    return Convert(cluster_->Kubectl(args, files));
  }
  scenario::CommandOutput Aliyun(const std::vector<std::string>& args) override {
    return Convert(cluster_->Aliyun(args));
  }
  void Sleep(engine::Nanos d) override { cluster_->Sleep(d); }
  scenario::SettleReport Settle(engine::Nanos limit) override {
    SettleOutcome o = cluster_->Settle(limit);
    return {o.at_rest, o.elapsed, std::move(o.in_flight)};
  }
  Status Fault(const api::Value& rule) override { return cluster_->Fault(rule); }
  Status Crash(std::string_view component) override { return cluster_->Crash(component); }
  std::vector<scenario::Violation> CheckInvariants() override {
    std::vector<scenario::Violation> out;
    for (auto& v : cluster_->CheckInvariants()) out.push_back({std::move(v.invariant), std::move(v.detail)});
    return out;
  }
  engine::Nanos Now() const override { return cluster_->Now(); }
  std::vector<scenario::Violation> CheckLiveness() override {
    std::vector<scenario::Violation> out;
    for (auto& v : cluster_->CheckLiveness()) out.push_back({std::move(v.invariant), std::move(v.detail)});
    return out;
  }
  std::optional<std::string> ExplainAsKnownRace() override {
    return ExplainResyncHealedDeletion(*cluster_, csi::SidecarOptions{}.resync_period);
  }
  std::string DumpState() override {
    std::string out;
    for (const api::KindInfo* kind : api::RegisteredKinds()) {
      for (const auto& obj : cluster_->server().PeekAll(*kind)) out += api::ToJson(obj->ToValue()) + "\n";
    }
    ecs::DescribeDisksResponse disks;
    disks.disks = cluster_->ecs().AllDisks();
    out += api::ToJson(aliyun::RenderResponse(disks)) + "\n";
    ecs::DescribeSnapshotsResponse snapshots;
    snapshots.snapshots = cluster_->ecs().AllSnapshots();
    out += api::ToJson(aliyun::RenderResponse(snapshots)) + "\n";
    return out;
  }

 private:
  std::unique_ptr<Cluster> cluster_;
};

}  // namespace

scenario::HostFactory NewHostFactory(bool check_typed_patches) {
  return [check_typed_patches](const scenario::ClusterConfig& config) -> Result<std::unique_ptr<scenario::ScenarioHost>> {
    if (!config.extra.is_null() && config.extra.size() > 0) {
      return Status::InvalidArgument("cluster: unknown key \"" + config.extra.as_object().begin()->first +
                                     "\"; expected one of: kubernetesVersion, region, zones, nodes, seed, "
                                     "diskDriverVersion");
    }
    ClusterOptions options{config.kubernetes_version, config.region,
                           config.zones,              config.nodes,
                           config.seed,               config.disk_driver_version,
                           config.components,         config.upstream_bugs,
                           config.schedule_seed,      check_typed_patches};
    SNAPSIM_ASSIGN_OR_RETURN(auto cluster, Cluster::Create(options));
    return std::unique_ptr<scenario::ScenarioHost>(new ClusterHost(std::move(cluster)));
  };
}

}  // namespace snapsim::cluster
