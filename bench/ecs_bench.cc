// Fake ECS at scale: 10,000 disks (attached to 400 instances, each formatted with a
// small file tree) and 10 rounds of one CreateSnapshot per disk = 100,000 snapshots,
// each round writing to every disk between snapshots so the snapshots' contents differ
// and share structure (copy-on-write). Calls are issued asynchronously and the event
// loop settles each round (cut, instant access, upload, reply). Reports wall time,
// snapshots/s (items_per_second) and the process's peak resident set size
// (getrusage ru_maxrss, in KiB; peak for the whole process, so run one benchmark at
// a time: --benchmark_filter=...).
//
//   build/bench/ecs_bench
#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <sys/resource.h>

#include "src/fake_ecs/ecs.h"

namespace snapsim {
namespace {

constexpr int kInstances = 400;  // 25 disks each (/dev/xvdb..z)
constexpr int kDisks = 10'000;
constexpr int kRounds = 10;

double PeakRssKiB() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss);
}

struct World {
  engine::EventLoop loop;
  engine::Rng rng{42};
  std::unique_ptr<ecs::Ecs> ecs;
  std::vector<std::string> instances;
  std::vector<std::string> disks;
};

std::unique_ptr<World> BuildWorld() {
  auto w = std::make_unique<World>();
  ecs::EcsConfig config;
  config.zones = {"cn-hangzhou-i"};
  w->ecs = std::make_unique<ecs::Ecs>(w->loop, w->rng, config);
  for (int i = 0; i < kInstances; ++i) {
    std::string id = fmt::format("i-bp1bench{:011d}", i);
    if (!w->ecs
             ->AddInstance(id, "cn-hangzhou-i", fmt::format("node-{}", i), kDisks / kInstances + 1)
             .ok()) {
      std::abort();
    }
    w->instances.push_back(id);
  }
  for (int i = 0; i < kDisks; ++i) {
    ecs::CreateDiskRequest r;
    r.zone_id = "cn-hangzhou-i";
    r.disk_category = "cloud_essd";
    r.size = 20;
    w->ecs->CreateDisk(r, [&w = *w](auto res) {
      if (!res.ok()) std::abort();
      w.disks.push_back(res->disk_id);
    });
  }
  w->loop.Settle(engine::kDay);
  for (int i = 0; i < kDisks; ++i) {
    w->ecs->AttachDisk({.instance_id = w->instances[static_cast<std::size_t>(i % kInstances)],
                        .disk_id = w->disks[static_cast<std::size_t>(i)]},
                       [](auto res) {
                         if (!res.ok()) std::abort();
                       });
  }
  w->loop.Settle(engine::kDay);
  for (int i = 0; i < kDisks; ++i) {
    auto dev = w->ecs->OpenDevice(w->disks[static_cast<std::size_t>(i)],
                                  w->instances[static_cast<std::size_t>(i % kInstances)]);
    if (!dev.ok() || !dev->Format("ext4").ok() || !dev->Mkdir("data/logs", true).ok() ||
        !dev->Write("data/app.conf", std::string(512, 'c')).ok()) {
      std::abort();
    }
  }
  return w;
}

void BM_HundredThousandSnapshots(benchmark::State& state) {
  for (auto _ : state) {
    state.PauseTiming();
    auto w = BuildWorld();
    state.ResumeTiming();
    for (int round = 0; round < kRounds; ++round) {
      for (int i = 0; i < kDisks; ++i) {
        const std::string& disk = w->disks[static_cast<std::size_t>(i)];
        auto dev = w->ecs->OpenDevice(disk, w->instances[static_cast<std::size_t>(i % kInstances)]);
        if (!dev.ok() || !dev->Write(fmt::format("data/logs/round-{}", round), "log line\n").ok())
          std::abort();
        w->ecs->CreateSnapshot({.disk_id = disk}, [](auto res) {
          if (!res.ok()) std::abort();
        });
      }
      w->loop.Settle(engine::kDay);
    }
    state.PauseTiming();
    ecs::DescribeSnapshotsRequest count;
    count.paging.page_size = 1;
    auto listed = w->ecs->DescribeSnapshotsSync(count);
    if (!listed.ok() || listed->total_count != kDisks * kRounds) std::abort();
    state.counters["snapshots"] = static_cast<double>(kDisks * kRounds);
    state.counters["call_log_records"] = static_cast<double>(w->ecs->CallLog().size());
    state.counters["virtual_hours"] = static_cast<double>(w->loop.Now()) / engine::kHour;
    state.counters["peak_rss_KiB"] = PeakRssKiB();
    w.reset();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * kDisks * kRounds);
}
BENCHMARK(BM_HundredThousandSnapshots)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace
}  // namespace snapsim

BENCHMARK_MAIN();
