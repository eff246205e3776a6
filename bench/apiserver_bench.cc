// API server and kubectl throughput at 10^4 objects: `kubectl apply` of one
// VolumeSnapshot manifest per object (YAML parse, decode, create) and
// `kubectl get` of each by name, on a fresh cluster; plus the typed store calls
// underneath them. Reports ns per operation (items/s = operations/s).
//
//   build/bench/apiserver_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <fmt/format.h>

#include "sim/cluster/cluster.h"
#include "src/api/kinds_snapshot.h"

namespace snapsim {
namespace {

constexpr int kObjects = 10'000;

std::unique_ptr<cluster::Cluster> NewCluster() {
  auto c = cluster::Cluster::Create({.kubernetes_version = "1.30"});
  if (!c.ok()) std::abort();
  return std::move(*c);
}

std::string Manifest(int i) {
  return fmt::format(
      "apiVersion: snapshot.storage.k8s.io/v1\nkind: VolumeSnapshot\nmetadata:\n  name: snap-{}\nspec:\n"
      "  volumeSnapshotClassName: default-snapclass\n  source:\n    persistentVolumeClaimName: disk-ssd-web-{}\n",
      i, i % 100);
}

void BM_KubectlApplyThenGet(benchmark::State& state) {
  std::vector<std::string> manifests;
  for (int i = 0; i < kObjects; ++i) manifests.push_back(Manifest(i));
  for (auto _ : state) {
    state.PauseTiming();
    auto c = NewCluster();
    state.ResumeTiming();
    for (int i = 0; i < kObjects; ++i) {
      const std::string& text = manifests[static_cast<std::size_t>(i)];
      auto r = c->Kubectl({"apply", "-f", "vs.yaml"}, [&](std::string_view) -> Result<std::string> { return text; });
      if (r.exit_code != 0) state.SkipWithError(r.err.c_str());
    }
    for (int i = 0; i < kObjects; ++i) {
      auto r = c->Kubectl({"get", "vs", fmt::format("snap-{}", i), "-o", "name"}, nullptr);
      if (r.exit_code != 0) state.SkipWithError(r.err.c_str());
    }
  }
  state.SetItemsProcessed(state.iterations() * 2 * kObjects);
  state.SetLabel("ns/op = 1e9 / items_per_second; an op is one kubectl apply or get");
}
BENCHMARK(BM_KubectlApplyThenGet)->Unit(benchmark::kMillisecond);

void BM_StoreCreateThenGet(benchmark::State& state) {
  for (auto _ : state) {
    state.PauseTiming();
    auto c = NewCluster();
    state.ResumeTiming();
    auto& server = c->server();
    for (int i = 0; i < kObjects; ++i) {
      auto vs = std::make_shared<api::VolumeSnapshot>();
      vs->metadata.name = fmt::format("snap-{}", i);
      vs->metadata.namespace_ = "default";
      vs->spec.source.persistent_volume_claim_name = "pvc";
      if (!server.Create(vs).ok()) state.SkipWithError("create failed");
    }
    for (int i = 0; i < kObjects; ++i) {
      if (!server.Get(api::VolumeSnapshot::Info(), "default", fmt::format("snap-{}", i)).ok()) {
        state.SkipWithError("get failed");
      }
    }
  }
  state.SetItemsProcessed(state.iterations() * 2 * kObjects);
}
BENCHMARK(BM_StoreCreateThenGet)->Unit(benchmark::kMillisecond);

void BM_KubectlGetTableOf10k(benchmark::State& state) {
  auto c = NewCluster();
  for (int i = 0; i < kObjects; ++i) {
    auto vs = std::make_shared<api::VolumeSnapshot>();
    vs->metadata.name = fmt::format("snap-{}", i);
    vs->spec.source.persistent_volume_claim_name = "pvc";
    (void)c->server().Create(vs);
  }
  for (auto _ : state) {
    auto r = c->Kubectl({"get", "vs"}, nullptr);
    benchmark::DoNotOptimize(r.out.data());
  }
  state.SetItemsProcessed(state.iterations() * kObjects);
}
BENCHMARK(BM_KubectlGetTableOf10k)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace snapsim

BENCHMARK_MAIN();
