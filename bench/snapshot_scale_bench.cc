// Snapshots at scale on a whole simulated cluster: a StatefulSet of P replicas on
// alicloud-disk-essd (Parallel pod management) is brought up once per run, then S
// VolumeSnapshots spread round-robin over the P claims are created (through the API
// server, as many clients would), made ready by snapshot-controller + csi-snapshotter +
// the driver + ECS, and deleted again (Delete policy: every ECS snapshot gone).
// Reports wall time per snapshot for the snapshot phases (not the StatefulSet's boot),
// the virtual time they took, and the ECS calls made.
//
//   build/bench/snapshot_scale_bench                              (1,000 and 10,000 over 100)
//   build/bench/snapshot_scale_bench --benchmark_filter='/100/1000'
#include <benchmark/benchmark.h>

#include <fmt/format.h>

#include <chrono>

#include "sim/cluster/cluster.h"
#include "src/api/kinds_core.h"
#include "src/api/kinds_snapshot.h"

namespace snapsim {
namespace {

std::string Manifest(int replicas) {
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

int CountReady(apiserver::ApiServer& server) {
  int n = 0;
  for (const auto& o : server.PeekAll(api::VolumeSnapshot::Info())) {
    auto vs = api::As<api::VolumeSnapshot>(o);
    if (vs->status && vs->status->ready_to_use.value_or(false)) ++n;
  }
  return n;
}

void BM_Snapshots(benchmark::State& state) {
  const int claims = static_cast<int>(state.range(0));
  const int snapshots = static_cast<int>(state.range(1));
  double wall_seconds = 0;
  double virtual_seconds = 0;
  std::size_t ecs_calls = 0;
  for (auto _ : state) {
    state.PauseTiming();
    cluster::ClusterOptions o;
    o.kubernetes_version = "1.30";
    o.nodes = (claims + 9) / 10;
    auto c = cluster::Cluster::Create(o);
    if (!c.ok()) {
      state.SkipWithError(c.status().message().c_str());
      return;
    }
    cluster::Cluster& cl = **c;
    std::string manifest = Manifest(claims);
    auto applied = cl.Kubectl({"apply", "-f", "m.yaml"}, [&](std::string_view) -> Result<std::string> { return manifest; });
    if (applied.exit_code != 0) {
      state.SkipWithError(applied.err.c_str());
      return;
    }
    cl.Settle(engine::kHour);
    std::size_t calls_before = cl.ecs().CallLog().size();
    engine::Nanos t0 = cl.Now();
    state.ResumeTiming();

    auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < snapshots; ++i) {
      auto vs = std::make_shared<api::VolumeSnapshot>();
      vs->metadata.name = fmt::format("snap-{}", i);
      vs->metadata.namespace_ = "default";
      vs->spec.volume_snapshot_class_name = "essd";
      vs->spec.source.persistent_volume_claim_name = fmt::format("data-db-{}", i % claims);
      auto r = cl.server().Create(vs, {.client = "bench"});
      if (!r.ok()) {
        state.SkipWithError(r.error().message().c_str());
        return;
      }
    }
    cl.Settle(6 * engine::kHour);
    int ready = CountReady(cl.server());
    if (ready != snapshots) {
      state.SkipWithError(fmt::format("{} of {} snapshots ready", ready, snapshots).c_str());
      return;
    }
    for (int i = 0; i < snapshots; ++i) {
      (void)cl.server().Delete(api::VolumeSnapshot::Info(), "default", fmt::format("snap-{}", i), {},
                               {.client = "bench"});
    }
    cl.Settle(6 * engine::kHour);
    wall_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!cl.server().PeekAll(api::VolumeSnapshot::Info()).empty() || !cl.ecs().AllSnapshots().empty()) {
      state.SkipWithError("snapshots left after deletion");
      return;
    }
    virtual_seconds += static_cast<double>(cl.Now() - t0) / engine::kSecond;
    ecs_calls += cl.ecs().CallLog().size() - calls_before;
    state.PauseTiming();
    c->reset();  // teardown is not measured
    state.ResumeTiming();
  }
  double runs = static_cast<double>(state.iterations());
  state.counters["us_per_snapshot"] = wall_seconds / runs / snapshots * 1e6;
  state.counters["virtual_s"] = virtual_seconds / runs;
  state.counters["ecs_calls"] = static_cast<double>(ecs_calls) / runs;
  state.SetItemsProcessed(state.iterations() * snapshots);
}

BENCHMARK(BM_Snapshots)->Args({100, 1000})->Args({100, 10000})->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace
}  // namespace snapsim

BENCHMARK_MAIN();
