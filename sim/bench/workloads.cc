#include "sim/bench/workloads.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <sstream>
#include <string_view>
#include <thread>

#include <fmt/format.h>

#include "sim/chaos/chaos_run.h"
#include "sim/chaos/transform.h"
#include "sim/cluster/cluster.h"
#include "sim/cluster/host_factory.h"
#include "sim/engine/event_loop.h"
#include "sim/engine/rng.h"
#include "sim/scenario/loader.h"
#include "sim/scenario/runner.h"
#include "src/api/kinds_core.h"
#include "src/api/kinds_snapshot.h"
#include "src/fake_apiserver/apiserver.h"

extern char** environ;

namespace snapsim::bench {
namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); }

// CPU time of the calling thread.
double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}


std::string FlowPath(const std::string& scenarios_dir) { return scenarios_dir + "/ack-doc/dynamic-snapshot.yaml"; }

std::string StatefulSetManifest(int replicas) {
  return fmt::format(R"(apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  selector:
    matchLabels:
      app: db
  serviceName: db
  replicas: {}
  podManagementPolicy: Parallel
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
      - name: db
        image: nginx
        volumeMounts:
        - name: data
          mountPath: /data
  volumeClaimTemplates:
  - metadata:
      name: data
    spec:
      accessModes: [ "ReadWriteOnce" ]
      storageClassName: alicloud-disk-essd
      resources:
        requests:
          storage: 20Gi
---
apiVersion: snapshot.storage.k8s.io/v1
kind: VolumeSnapshotClass
metadata:
  name: essd
driver: diskplugin.csi.alibabacloud.com
deletionPolicy: Delete
)",
                     replicas);
}

}  // namespace

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

double Median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  std::size_t mid = v.size() / 2;
  return v.size() % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

double PeakRssMiB() {
  // VmHWM, which ResetPeakRss can reset; getrusage's ru_maxrss where /proc is missing.
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmHWM:", 0) == 0) return std::strtod(line.c_str() + 6, nullptr) / 1024.0;  // in kB
  }
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

void ResetPeakRss() {
  std::ofstream clear("/proc/self/clear_refs");
  clear << "5";  // Linux: resets VmHWM to the current RSS
}

Result<FlowSamples> AckFlow(const std::string& scenarios_dir, int runs) {
  const std::string path = FlowPath(scenarios_dir);
  SNAPSIM_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  SNAPSIM_ASSIGN_OR_RETURN(scenario::Scenario once, scenario::LoadScenarioText(text, path));
  auto factory = cluster::NewHostFactory();
  FlowSamples out;
  for (int i = 0; i < runs; ++i) {
    double t0 = ThreadCpuSeconds();
    SNAPSIM_ASSIGN_OR_RETURN(std::string again, ReadFile(path));
    SNAPSIM_ASSIGN_OR_RETURN(scenario::Scenario parsed, scenario::LoadScenarioText(again, path));
    scenario::ScenarioResult a = scenario::RunScenario(parsed, factory, {.seed = static_cast<std::uint64_t>(i + 1)});
    out.with_parsing.push_back(ThreadCpuSeconds() - t0);
    if (!a.passed) return Status::Internal(fmt::format("{} failed: {}", path, a.verdict));

    t0 = ThreadCpuSeconds();
    scenario::ScenarioResult b = scenario::RunScenario(once, factory, {.seed = static_cast<std::uint64_t>(i + 1)});
    out.parsed_once.push_back(ThreadCpuSeconds() - t0);
    if (!b.passed) return Status::Internal(fmt::format("{} failed: {}", path, b.verdict));
  }
  return out;
}

Result<ChaosThroughput> ChaosOnAckFlow(const std::string& scenarios_dir, std::uint64_t seeds, int jobs) {
  const std::string path = FlowPath(scenarios_dir);
  SNAPSIM_ASSIGN_OR_RETURN(scenario::Scenario s, scenario::LoadScenarioFile(path));
  auto factory = cluster::NewHostFactory();
  std::atomic<std::uint64_t> next{1};
  std::atomic<std::uint64_t> failed{0};
  auto start = Clock::now();
  std::vector<std::thread> pool;
  for (int t = 0; t < std::max(jobs, 1); ++t) {
    pool.emplace_back([&] {
      for (std::uint64_t seed = next++; seed <= seeds; seed = next++) {
        chaos::CaseOutcome o = chaos::RunPlan(chaos::Transform(s, seed, {}), factory, {});
        if (o.failed && !o.known) ++failed;
      }
    });
  }
  for (auto& th : pool) th.join();
  return ChaosThroughput{seeds, failed.load(), Seconds(start)};
}

std::string_view ScaleShapeName(ScaleShape shape) { return shape == ScaleShape::kBurst ? "burst" : "rounds"; }

Result<ScaleResult> SnapshotScale(int claims, int snapshots, ScaleShape shape, const Around& around) {
  if (claims <= 0 || snapshots < 0) return Status::InvalidArgument("claims must be positive and snapshots not negative");
  ResetPeakRss();  // an earlier workload's peak is not this one's
  cluster::ClusterOptions o;
  o.kubernetes_version = "1.30";
  o.nodes = (claims + 9) / 10;
  SNAPSIM_ASSIGN_OR_RETURN(auto c, cluster::Cluster::Create(o));
  std::string manifest = StatefulSetManifest(claims);
  auto applied = c->Kubectl({"apply", "-f", "m.yaml"}, [&](std::string_view) -> Result<std::string> { return manifest; });
  if (applied.exit_code != 0) return Status::Internal("apply: " + applied.err);
  c->Settle(engine::kHour);
  const std::uint64_t events_before = c->loop().EventsRun();
  const std::size_t calls_before = c->ecs().CallLog().size();
  const engine::Nanos t0 = c->Now();
  if (around.before) around.before();
  auto start = Clock::now();
  // Snapshot i is of claim i % claims; a round is `claims` consecutive snapshots. Each
  // round's requests are made, then the cluster must come to rest.
  const int per_round = shape == ScaleShape::kBurst ? std::max(snapshots, 1) : claims;
  auto in_rounds = [&](std::string_view what, const std::function<Status(int)>& request) -> Status {
    for (int first = 0; first < snapshots; first += per_round) {
      const int end = std::min(snapshots, first + per_round);
      for (int i = first; i < end; ++i) SNAPSIM_RETURN_IF_ERROR(request(i));
      if (!c->Settle(24 * engine::kHour).at_rest) {
        return Status::Internal(
            fmt::format("{} of snapshots {}..{} did not come to rest within 24 virtual hours", what, first, end - 1));
      }
    }
    return Status::Ok();
  };
  SNAPSIM_RETURN_IF_ERROR(in_rounds("the creations", [&](int i) -> Status {
    auto vs = std::make_shared<api::VolumeSnapshot>();
    vs->metadata.name = fmt::format("snap-{}", i);
    vs->metadata.namespace_ = "default";
    vs->spec.volume_snapshot_class_name = "essd";
    vs->spec.source.persistent_volume_claim_name = fmt::format("data-db-{}", i % claims);
    auto r = c->server().Create(vs, {.client = "bench"});
    if (!r.ok()) return Status::Internal("create: " + r.error().message());
    return Status::Ok();
  }));
  int ready = 0;
  for (const auto& obj : c->server().PeekAll(api::VolumeSnapshot::Info())) {
    auto vs = api::As<api::VolumeSnapshot>(obj);
    if (vs->status && vs->status->ready_to_use.value_or(false)) ++ready;
  }
  if (ready != snapshots) return Status::Internal(fmt::format("{} of {} snapshots became ready", ready, snapshots));
  const double held_rss_mib = PeakRssMiB();
  SNAPSIM_RETURN_IF_ERROR(in_rounds("the deletions", [&](int i) -> Status {
    (void)c->server().Delete(api::VolumeSnapshot::Info(), "default", fmt::format("snap-{}", i), {}, {.client = "bench"});
    return Status::Ok();
  }));
  ScaleResult out;
  out.wall_seconds = Seconds(start);
  if (around.after) around.after();
  if (!c->server().PeekAll(api::VolumeSnapshot::Info()).empty() || !c->ecs().AllSnapshots().empty()) {
    return Status::Internal("snapshots left after deletion");
  }
  out.shape = shape;
  out.claims = claims;
  out.snapshots = snapshots;
  out.virtual_seconds = static_cast<double>(c->Now() - t0) / engine::kSecond;
  out.events = c->loop().EventsRun() - events_before;
  out.ecs_calls = c->ecs().CallLog().size() - calls_before;
  out.peak_rss_mib = PeakRssMiB();
  out.held_rss_mib = held_rss_mib;
  return out;
}

Result<ApiServerThroughput> ApiServerOps(int objects, int watchers) {
  engine::EventLoop loop;
  engine::Rng rng(1);
  apiserver::ApiServer server(loop, rng, {.kube_minor = 30});
  std::uint64_t delivered = 0;
  for (int w = 0; w < watchers; ++w) {
    server.Watch(api::ConfigMap::Info(), [&delivered](const apiserver::WatchEvent&) { ++delivered; },
                 {.client = fmt::format("watcher-{}", w)});
  }
  std::vector<std::string> names;
  names.reserve(static_cast<std::size_t>(objects));
  for (int i = 0; i < objects; ++i) names.push_back(fmt::format("cm-{}", i));
  ApiServerThroughput out;
  out.objects = objects;
  out.watchers = watchers;

  auto start = Clock::now();
  for (int i = 0; i < objects; ++i) {
    auto cm = std::make_shared<api::ConfigMap>();
    cm->metadata.name = names[static_cast<std::size_t>(i)];
    cm->metadata.namespace_ = "default";
    cm->data["k"] = "v";
    if (!server.Create(cm).ok()) return Status::Internal("create failed");
  }
  out.create_per_s = objects / Seconds(start);

  start = Clock::now();
  for (int i = 0; i < objects; ++i) {
    if (!server.Get(api::ConfigMap::Info(), "default", names[static_cast<std::size_t>(i)]).ok()) {
      return Status::Internal("get failed");
    }
  }
  out.get_per_s = objects / Seconds(start);

  start = Clock::now();
  for (int i = 0; i < objects; ++i) {
    auto got = server.Get(api::ConfigMap::Info(), "default", names[static_cast<std::size_t>(i)]);
    if (!got.ok()) return Status::Internal("get failed");
    auto cm = api::CloneAs<api::ConfigMap>(*got);
    cm->data["k"] = "w";
    if (!server.Update(cm).ok()) return Status::Internal("update failed");
  }
  out.update_per_s = objects / Seconds(start);

  const int lists = std::max(1, objects / 1000);
  std::size_t items = 0;
  start = Clock::now();
  for (int i = 0; i < lists; ++i) {
    auto all = server.List(api::ConfigMap::Info());
    if (!all.ok()) return Status::Internal("list failed");
    items += all->size();
  }
  out.list_items_per_s = static_cast<double>(items) / Seconds(start);

  delivered = 0;
  start = Clock::now();
  loop.Settle(engine::kHour);  // the 2 x objects events queued for every watcher
  double secs = Seconds(start);
  out.watch_events_per_s = secs > 0 ? static_cast<double>(delivered) / secs : 0;
  if (delivered != static_cast<std::uint64_t>(2) * static_cast<std::uint64_t>(objects) * static_cast<std::uint64_t>(watchers)) {
    return Status::Internal(fmt::format("{} watch events delivered, expected {}", delivered, 2 * objects * watchers));
  }
  return out;
}

Result<std::vector<double>> ProcessStart(const std::string& snapsim_binary, int runs) {
  std::filesystem::path dir = std::filesystem::temp_directory_path() / fmt::format("snapsim-bench-{}", getpid());
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  std::string file = (dir / "one-step.yaml").string();
  {
    std::ofstream out(file);
    out << "name: bench/one-step\nsteps:\n  - kubectl: get ns default -o name\n    expect: { stdout: \"namespace/default\\n\" }\n";
  }
  std::vector<double> samples;
  for (int i = 0; i < runs; ++i) {
    std::vector<std::string> args = {snapsim_binary, "run", "--quiet", file};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    pid_t pid = 0;
    auto start = Clock::now();
    int rc = posix_spawn(&pid, snapsim_binary.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) return Status::Internal(fmt::format("cannot start {}: {}", snapsim_binary, std::strerror(rc)));
    int status = 0;
    waitpid(pid, &status, 0);
    samples.push_back(Seconds(start));
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      return Status::Internal(fmt::format("{} run {} failed (status {})", snapsim_binary, file, status));
    }
  }
  std::filesystem::remove_all(dir, ec);
  return samples;
}

}  // namespace snapsim::bench
