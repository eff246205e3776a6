// A StatefulSet at scale on a whole simulated cluster (every control-plane component,
// the disk driver and fake ECS): N replicas, each with a 20 GiB volumeClaimTemplate on
// alicloud-disk-ssd, come up (every pod Running) and go away again (scale to 0, then
// delete the claims; every PV and ECS disk gone). Nodes: one per 10 replicas, well
// under the ECS data-disk limit (16) and the driver's CSINode allocatable count (15).
// Reports wall time per pod and the virtual time each phase took to converge.
//
//   build/bench/statefulset_bench                       (1,000 replicas, both policies)
//   build/bench/statefulset_bench --benchmark_filter='Parallel/100'
#include <benchmark/benchmark.h>

#include <fmt/format.h>

#include <chrono>

#include "sim/cluster/cluster.h"
#include "src/api/kinds_core.h"

namespace snapsim {
namespace {

std::string Manifest(int replicas, bool parallel) {
  return fmt::format(R"(apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: nginx
  serviceName: nginx
  replicas: {}
  podManagementPolicy: {}
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx
        volumeMounts:
        - name: disk-ssd
          mountPath: /data
  volumeClaimTemplates:
  - metadata:
      name: disk-ssd
    spec:
      accessModes: [ "ReadWriteOnce" ]
      storageClassName: alicloud-disk-ssd
      resources:
        requests:
          storage: 20Gi
)",
                     replicas, parallel ? "Parallel" : "OrderedReady");
}

int CountPhase(apiserver::ApiServer& server, std::string_view phase) {
  int n = 0;
  for (const auto& o : server.PeekAll(api::Pod::Info())) {
    if (api::As<api::Pod>(o)->status.phase == phase) ++n;
  }
  return n;
}

std::size_t CountAll(apiserver::ApiServer& server, const api::KindInfo& kind) {
  return server.PeekAll(kind).size();
}

void Check(benchmark::State& state, const kubectl::CommandResult& r) {
  if (r.exit_code != 0) state.SkipWithError(r.err.c_str());
}

// Arguments: replicas, parallel (1 = podManagementPolicy Parallel, 0 = OrderedReady).
void BM_StatefulSetUpAndDown(benchmark::State& state) {
  const int replicas = static_cast<int>(state.range(0));
  const bool parallel = state.range(1) != 0;
  const std::string manifest = Manifest(replicas, parallel);
  auto reader = [&](std::string_view) -> Result<std::string> { return manifest; };
  double up_virtual = 0, down_virtual = 0, up_wall = 0;
  for (auto _ : state) {
    state.PauseTiming();
    auto created = cluster::Cluster::Create(
        {.zones = {"cn-hangzhou-i"}, .nodes = (replicas + 9) / 10, .seed = 1});
    if (!created.ok()) {
      state.SkipWithError(created.error().message().c_str());
      return;
    }
    auto c = std::move(*created);
    auto& server = c->server();
    state.ResumeTiming();

    auto t0 = std::chrono::steady_clock::now();
    engine::Nanos v0 = c->Now();
    Check(state, c->Kubectl({"apply", "-f", "sts.yaml"}, reader));
    auto up = c->Settle(7 * engine::kDay);
    up_virtual = static_cast<double>(c->Now() - v0) / engine::kSecond;
    up_wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!up.at_rest || CountPhase(server, "Running") != replicas) {
      state.SkipWithError(fmt::format("not all pods Running: {} of {}", CountPhase(server, "Running"),
                                      replicas).c_str());
      return;
    }

    engine::Nanos v1 = c->Now();
    Check(state, c->Kubectl({"scale", "statefulset", "web", "--replicas=0"}, nullptr));
    c->Settle(7 * engine::kDay);
    Check(state, c->Kubectl({"delete", "pvc", "-l", "app=nginx", "--wait=false"}, nullptr));
    auto down = c->Settle(7 * engine::kDay);
    down_virtual = static_cast<double>(c->Now() - v1) / engine::kSecond;
    auto disks = c->Aliyun({"ecs", "DescribeDisks", "--RegionId", "cn-hangzhou", "--DiskType", "data"});
    if (!down.at_rest || CountAll(server, api::Pod::Info()) != 0 ||
        CountAll(server, api::PersistentVolume::Info()) != 0 ||
        disks.out.find("\"TotalCount\": 0") == std::string::npos) {
      state.SkipWithError("the StatefulSet did not go away cleanly");
      return;
    }
  }
  state.SetItemsProcessed(state.iterations() * replicas);
  state.counters["virtual_up_s"] = up_virtual;
  state.counters["virtual_down_s"] = down_virtual;
  state.counters["wall_up_ms_per_pod"] = up_wall * 1000 / replicas;
  state.SetLabel("items = pods; time includes up and down");
}
BENCHMARK(BM_StatefulSetUpAndDown)
    ->ArgNames({"replicas", "parallel"})
    ->Args({100, 1})
    ->Args({1000, 1})
    ->Args({100, 0})
    ->Args({1000, 0})
    ->Unit(benchmark::kSecond)
    ->Iterations(1);

}  // namespace
}  // namespace snapsim

BENCHMARK_MAIN();
