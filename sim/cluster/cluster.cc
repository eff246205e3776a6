#include "sim/cluster/cluster.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <map>
#include <optional>

#include "sim/aliyun/aliyun.h"
#include "sim/aliyun/fault_value.h"
#include "sim/engine/time.h"
#include "src/api/kinds_pod.h"

namespace snapsim::cluster {
namespace {

// The id prefix ECS uses for instances in a region ("i-bp1..." in cn-hangzhou).
std::string_view InstancePrefix(std::string_view region) {
  if (region == "cn-beijing") return "2ze";
  if (region == "cn-shanghai") return "uf6";
  if (region == "cn-shenzhen") return "wz9";
  if (region == "cn-zhangjiakou") return "8vb";
  return "bp1";
}

}  // namespace

Result<int> ParseKubernetesMinor(std::string_view version) {
  auto bad = [&] {
    return Status::InvalidArgument(fmt::format(
        "cluster.kubernetesVersion: unsupported version \"{}\"; expected \"1.N\" with N from 17 to 33", version));
  };
  if (version.size() < 4 || version.substr(0, 2) != "1.") return bad();
  int minor = 0;
  auto rest = version.substr(2);
  auto [p, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), minor);
  if (ec != std::errc() || p != rest.data() + rest.size() || minor < 17 || minor > 33) return bad();
  return minor;
}

bool LegacyDiskDriver(std::string_view version) {
  int major = 0, minor = 0;
  std::string v(version);
  if (std::sscanf(v.c_str(), "v%d.%d", &major, &minor) != 2) return false;
  return major < 1 || (major == 1 && minor < 6);
}

Cluster::Cluster(const ClusterOptions& options, int kube_minor)
    : options_(options), rng_(options.seed), api_faults_(rng_) {
  server_ = std::make_unique<apiserver::ApiServer>(loop_, rng_, apiserver::ApiServerConfig{
      .kube_minor = kube_minor, .check_typed_patches = options.check_typed_patches});
  ecs::EcsConfig ecs_config;
  ecs_config.region = options.region;
  ecs_config.zones = options.zones;
  ecs_config.legacy_instant_access = LegacyDiskDriver(options.disk_driver_version);
  ecs_ = std::make_unique<ecs::Ecs>(loop_, rng_, ecs_config);
  server_->SetFaultHook([this](const apiserver::Request& r) { return api_faults_.Check(r); });
  kubectl_env_.server = server_.get();
  kubectl_env_.loop = &loop_;
  invariants_.Observe(*server_, *ecs_);
}

Cluster::~Cluster() {
  // The observers point at invariants_, which goes before the components and servers.
  server_->SetCommitObserver(nullptr);
  ecs_->SetCallObserver(nullptr);
  ecs_->SetEffectObserver(nullptr);
  loop_.SetTieBreaker(nullptr);
}

Result<std::unique_ptr<Cluster>> Cluster::Create(const ClusterOptions& options) {
  SNAPSIM_ASSIGN_OR_RETURN(int minor, ParseKubernetesMinor(options.kubernetes_version));
  if (options.nodes < 1) return Status::InvalidArgument("cluster.nodes: expected at least 1");
  if (options.zones.empty()) return Status::InvalidArgument("cluster.zones: expected at least one zone");
  for (const auto& z : options.zones) {
    if (z.rfind(options.region + "-", 0) != 0 || z.size() <= options.region.size() + 1) {
      return Status::InvalidArgument(fmt::format(
          "cluster.zones: zone \"{}\" is not in region \"{}\" (expected e.g. \"{}-i\")", z, options.region,
          options.region));
    }
  }
  if (!options.disk_driver_version.empty() && options.disk_driver_version[0] != 'v') {
    return Status::InvalidArgument(fmt::format(
        "cluster.diskDriverVersion: expected a version such as \"v1.5.0\" or \"v1.30.1\", got \"{}\"",
        options.disk_driver_version));
  }
  auto bugs = csi::ParseUpstreamBugs(options.upstream_bugs);
  if (!bugs.ok()) return Status::InvalidArgument("cluster.upstreamBugs: " + bugs.status().message());
  std::unique_ptr<Cluster> c(new Cluster(options, minor));
  c->bugs_ = *bugs;
  BootstrapConfig boot{minor, options.region, {}};
  for (int i = 0; i < options.nodes; ++i) {
    NodeSpecs n;
    n.name = fmt::format("node-{}", i);
    n.zone = options.zones[static_cast<std::size_t>(i) % options.zones.size()];
    n.instance_id = fmt::format("i-{}{}", InstancePrefix(options.region), c->rng_.LowerAlnum(17));
    n.internal_ip = fmt::format("192.168.{}.{}", i / 200, 10 + i % 200);
    boot.nodes.push_back(n);
  }
  c->nodes_ = boot.nodes;
  for (const auto& n : boot.nodes) {
    auto added = c->ecs_->AddInstance(n.instance_id, n.zone, n.name);
    if (!added.ok()) return added.status();
  }
  SNAPSIM_RETURN_IF_ERROR(Bootstrap(*c->server_, boot));
  c->loop_.Settle(engine::kHour);
  c->StartControlPlane();
  c->loop_.Settle(engine::kHour);
  if (options.schedule_seed) {
    c->schedule_rng_ = engine::Rng(*options.schedule_seed);
    Cluster* self = c.get();
    c->loop_.SetTieBreaker([self](std::size_t n) { return static_cast<std::size_t>(self->schedule_rng_.Uniform(n)); });
  }
  return c;
}

void Cluster::StartControlPlane() {
  control_plane_ = std::make_unique<ControlPlane>(
      *server_, loop_, *ecs_, ControlPlaneConfig{options_.region, options_.disk_driver_version, nodes_, options_.components, bugs_});
  for (auto& component : control_plane_->TakeComponents()) AddComponent(std::move(component));
  if (control_plane_->HasKubelets()) {
    kubectl_env_.exec = [this](const kubectl::ExecRequest& req) { return Exec(req); };
  }
}

kubectl::ExecResult Cluster::Exec(const kubectl::ExecRequest& req) {
  // The API server's exec subresource: the pod must exist and have a node.
  auto pod = api::As<api::Pod>(server_->Peek(api::Pod::Info(), req.namespace_, req.pod));
  if (pod == nullptr) {
    return {"", fmt::format("Error from server (NotFound): pods \"{}\" not found\n", req.pod), 1, false};
  }
  csi::Kubelet* kubelet = control_plane_->KubeletFor(pod->spec.node_name);
  if (pod->spec.node_name.empty() || kubelet == nullptr) {
    return {"", fmt::format("Error from server (BadRequest): pod {} does not have a host assigned\n", req.pod), 1,
            false};
  }
  csi::ExecResult r = kubelet->Exec({.namespace_ = req.namespace_,
                                     .pod = req.pod,
                                     .container = req.container,
                                     .command = req.command,
                                     .tty = req.tty,
                                     .stdin_ = req.stdin_});
  return {std::move(r.out), std::move(r.err), r.exit_code, r.started};
}

kubectl::CommandResult Cluster::Kubectl(const std::vector<std::string>& args, const kubectl::FileReader& files) {
  return kubectl::RunKubectl(kubectl_env_, args, files);
}

kubectl::CommandResult Cluster::Aliyun(const std::vector<std::string>& args) {
  aliyun::CommandResult r = aliyun::RunAliyun(*ecs_, loop_, args);
  return {std::move(r.out), std::move(r.err), r.exit_code};
}

void Cluster::Sleep(engine::Nanos d) { loop_.RunUntil(loop_.Now() + d); }

SettleOutcome Cluster::Settle(engine::Nanos limit) {
  engine::SettleResult r = loop_.Settle(limit);
  SettleOutcome out{r.at_rest, r.elapsed, {}};
  if (!r.at_rest) {
    std::map<std::string, int> counts;
    for (const auto& label : loop_.PendingLabels()) ++counts[label];
    for (const auto& [label, n] : counts) out.in_flight.push_back(n == 1 ? label : fmt::format("{} (x{})", label, n));
  }
  return out;
}

Status Cluster::Fault(const api::Value& rule) {
  if (!rule.is_object() || rule.size() != 1) {
    return Status::InvalidArgument("fault: expected exactly one of: apiserver, ecs, watch, clear");
  }
  const auto& [key, value] = *rule.as_object().begin();
  if (key == "clear") {
    if (!value.is_string() || value.as_string() != "all") {
      return Status::InvalidArgument("fault.clear: expected \"all\"");
    }
    api_faults_.Clear();
    ecs_->ClearFaults();
    for (auto& c : components_) {
      if (delayed_watches_.count(std::string(c->name())) == 0) continue;
      for (apiserver::Informer* inf : c->informers()) inf->SetWatchDelay(0);
    }
    delayed_watches_.clear();
    return Status::Ok();
  }
  if (key == "apiserver") {
    SNAPSIM_ASSIGN_OR_RETURN(ApiFaultRule r, ParseApiFaultRule(value));
    api_faults_.Add(std::move(r));
    return Status::Ok();
  }
  if (key == "ecs") {
    SNAPSIM_ASSIGN_OR_RETURN(ecs::FaultRule r, aliyun::ParseEcsFaultValue(value));
    ecs_->AddFault(std::move(r));
    return Status::Ok();
  }
  if (key == "watch") return WatchFault(value);
  return Status::InvalidArgument(
      fmt::format("fault: unknown kind \"{}\"; expected one of: apiserver, ecs, watch, clear", key));
}

void Cluster::AddComponent(std::unique_ptr<csi::Component> component) {
  component->Start();
  components_.push_back(std::move(component));
}

Status Cluster::Crash(std::string_view component) {
  bool found = false;
  for (auto& c : components_) {
    if (c->name() != component) continue;
    c->Crash();
    found = true;
  }
  if (!found) return Status::Unsupported(fmt::format("crash: unsupported: {} does not run in this cluster yet", component));
  return Status::Ok();
}

Status Cluster::WatchFault(const api::Value& rule) {
  if (!rule.is_object()) return Status::InvalidArgument("fault.watch: expected a map");
  std::string component;
  std::optional<engine::Nanos> delay;
  bool drop = false;
  for (const auto& [key, val] : rule.as_object()) {
    if (key == "component" && val.is_string()) {
      component = val.as_string();
    } else if (key == "delay" && val.is_string()) {
      auto d = engine::ParseDuration(val.as_string());
      if (!d.ok()) return Status::InvalidArgument("fault.watch.delay: " + d.status().message());
      delay = *d;
    } else if (key == "drop" && val.is_bool()) {
      drop = val.as_bool();
    } else {
      return Status::InvalidArgument(fmt::format(
          "fault.watch: unexpected key \"{}\"; expected component (a string), delay (a duration such as 20s) and "
          "drop (true or false)",
          key));
    }
  }
  if (component.empty()) return Status::InvalidArgument("fault.watch: missing key \"component\"");
  if (!delay && !drop) return Status::InvalidArgument("fault.watch: expected delay or drop: true");
  bool found = false;
  for (auto& c : components_) {
    if (c->name() != component) continue;
    found = true;
    if (delay) delayed_watches_.insert(component);
    for (apiserver::Informer* inf : c->informers()) {
      if (delay) inf->SetWatchDelay(*delay);
      if (drop) inf->Relist();  // the watch is lost: pending events vanish, the list catches up
    }
  }
  if (!found) {
    return Status::Unsupported(fmt::format("fault.watch: unsupported: {} does not run in this cluster yet", component));
  }
  return Status::Ok();
}

std::vector<InvariantViolation> Cluster::CheckLiveness() const {
  if (options_.components) {
    const auto& c = *options_.components;
    bool controller = std::find(c.begin(), c.end(), "snapshot-controller") != c.end();
    bool sidecar = std::find(c.begin(), c.end(), "csi-snapshotter") != c.end();
    if (!controller || !sidecar) return {};
  }
  return invariants_.CheckLiveness(*server_);
}

std::vector<InvariantViolation> Cluster::CheckInvariants() { return invariants_.Check(*server_, *ecs_); }

}  // namespace snapsim::cluster
