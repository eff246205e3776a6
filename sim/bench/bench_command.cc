#include "sim/bench/bench_command.h"

#include <charconv>
#include <optional>
#include <thread>

#include <fmt/format.h>

#include "sim/bench/table_cases.h"
#include "sim/bench/workloads.h"
#include "sim/scenario/run_command.h"

namespace snapsim::bench {
namespace {

struct Flags {
  bool quick = false;
  bool help = false;
  int runs = 0;  // 0 = the mode's default
  int jobs = 0;  // 0 = every core
};

std::optional<std::string> ParseFlags(const std::vector<std::string>& args, Flags& f) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto number = [&](int& out, int lo, int hi) -> std::optional<std::string> {
      std::string v;
      if (auto eq = a.find('='); eq != std::string::npos) {
        v = a.substr(eq + 1);
      } else if (i + 1 < args.size()) {
        v = args[++i];
      } else {
        return fmt::format("flag {} needs a value", a);
      }
      auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
      if (v.empty() || ec != std::errc() || p != v.data() + v.size() || out < lo || out > hi) {
        return fmt::format("invalid value \"{}\" for {}: expected a number from {} to {}", v,
                           a.substr(0, a.find('=')), lo, hi);
      }
      return std::nullopt;
    };
    if (a == "--quick") {
      f.quick = true;
    } else if (a == "--help" || a == "-h") {
      f.help = true;
    } else if (a == "--runs" || a.rfind("--runs=", 0) == 0) {
      if (auto e = number(f.runs, 1, 1000)) return e;
    } else if (a == "--jobs" || a == "-j" || a.rfind("--jobs=", 0) == 0) {
      if (auto e = number(f.jobs, 1, 1024)) return e;
    } else {
      return fmt::format("unknown {} \"{}\"", a.rfind('-', 0) == 0 ? "flag" : "argument", a);
    }
  }
  return std::nullopt;
}

std::string Ms(double seconds) { return fmt::format("{:.2f} ms", seconds * 1e3); }
std::string Us(double seconds) { return fmt::format("{:.1f} us", seconds * 1e6); }
std::string PerSecond(double n) {
  if (n >= 1e6) return fmt::format("{:.2f} M/s", n / 1e6);
  if (n >= 1e3) return fmt::format("{:.1f} k/s", n / 1e3);
  return fmt::format("{:.0f} /s", n);
}

class Table {
 public:
  explicit Table(std::ostream& out) : out_(out) {}
  void Row(std::string_view measure, std::string_view value, std::string_view target = "",
           std::optional<bool> met = std::nullopt) {
    std::string verdict = met ? (*met ? "met" : "MISSED") : "";
    out_ << fmt::format("  {:<56} {:>22}  {:<26} {}\n", measure, value, target, verdict);
    if (met && !*met) ++missed_;
  }
  void Failed(std::string_view measure, std::string_view why) {
    out_ << fmt::format("  {:<56} {:>22}  {}\n", measure, "FAILED", why);
    ++failed_;
  }
  int failed() const { return failed_; }
  int missed() const { return missed_; }

 private:
  std::ostream& out_;
  int failed_ = 0;
  int missed_ = 0;
};

}  // namespace

std::string BenchUsage() {
  return R"(Usage: snapsim bench [--quick] [--runs N] [--jobs J]

Measures snapsim on this machine and prints one table with the targets of
BENCHMARKS.md:
  1. the ACK document's dynamic flow (scenarios/ack-doc/dynamic-snapshot.yaml), CPU per
     run, including parsing and with the scenario parsed once (median of N runs);
  2. chaos seeds per second on that flow, on J threads;
  3. VolumeSnapshots at scale: created, made ready and deleted over the claims of a
     StatefulSet (10,000 over 1,000 and 100,000 over 10,000 claims; --quick: 200 over
     20 and 2,000 over 200), with wall time, events/s, peak RSS (also up to the moment
     every snapshot is ready) and the time ratio, in two shapes: burst (every snapshot
     at once; ECS refuses all but one a disk, so csi-snapshotter retries) and rounds
     (one snapshot a claim, then the next round; deleted a round at a time likewise);
  4. the API server at 10^5 objects (--quick: 10^4): create, get, update, list and
     watch fan-out to 10 watchers;
  5. process start to the first step of `snapsim run` (median of N runs);
  6. one snapshot-controller or csi-snapshotter sync of four upstream-style table rows,
     timed alone (median of 3,000 syncs; --quick: 200), named "our row / upstream's".
The full run takes a long time (the 100,000-snapshot cases take minutes each, and
their 10,000-pod StatefulSet boots about three minutes; BENCHMARKS.md). --quick takes
seconds and is what CI runs, only to prove the benchmarks still work.

Flags:
  --quick          small workloads
  --runs N         runs for the medians (default 20, --quick 5)
  --jobs N, -j N   chaos threads (default: every core)
  --help, -h       show this help

Exit status: 0 when every workload ran (targets met or not), 1 when one failed, 2 for a
usage error.
)";
}

int BenchCommandMain(const std::vector<std::string>& args, const std::string& self, std::ostream& out,
                     std::ostream& err) {
  Flags f;
  if (auto e = ParseFlags(args, f)) {
    err << "snapsim bench: " << *e << "\nRun 'snapsim bench --help' for usage.\n";
    return 2;
  }
  if (f.help) {
    out << BenchUsage();
    return 0;
  }
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  const int runs = f.runs > 0 ? f.runs : (f.quick ? 5 : 20);
  const int jobs = f.jobs > 0 ? f.jobs : static_cast<int>(cores);
  const std::string dir = scenario::DefaultScenariosDir();
  out << fmt::format("snapsim bench ({}): {} core{}, medians of {} runs\n", f.quick ? "quick" : "full", cores,
                     cores == 1 ? "" : "s", runs);
  out << fmt::format("  {:<56} {:>22}  {:<26} {}\n", "measure", "value", "target", "");
  Table t(out);

  // 1. The ACK flow.
  if (auto flow = AckFlow(dir, runs); flow.ok()) {
    double with = Median(flow->with_parsing), once = Median(flow->parsed_once);
    t.Row("ACK dynamic flow, incl. parsing (CPU/run)", Ms(with), "<= 2 ms", with <= 2e-3);
    t.Row("ACK dynamic flow, parsed once (CPU/run)", Ms(once), "<= 0.5 ms", once <= 0.5e-3);
  } else {
    t.Failed("ACK dynamic flow", flow.status().message());
  }

  // 2. Chaos on the flow.
  const std::uint64_t seeds = f.quick ? 100 : 10'000;
  if (auto ch = ChaosOnAckFlow(dir, seeds, jobs); ch.ok()) {
    t.Row(fmt::format("chaos on the ACK flow, {} seeds, {} jobs", seeds, jobs),
          fmt::format("{:.0f} seeds/s", ch->SeedsPerSecond()), "10,000 seeds <= 60 s",
          ch->SeedsPerSecond() >= 10'000.0 / 60.0);
    if (ch->failed > 0) t.Failed("chaos on the ACK flow", fmt::format("{} seeds failed", ch->failed));
  } else {
    t.Failed("chaos on the ACK flow", ch.status().message());
  }

  // 3. Scale, in both shapes (workloads.h): the targets are stated for each. Rounds
  // first: a peak RSS includes what the allocator kept from earlier work in the process,
  // and the burst keeps the most.
  const int small_claims = f.quick ? 20 : 1000, small = f.quick ? 200 : 10'000;
  const int big_claims = f.quick ? 200 : 10'000, big = f.quick ? 2000 : 100'000;
  for (ScaleShape shape : {ScaleShape::kRounds, ScaleShape::kBurst}) {
    auto s1 = SnapshotScale(small_claims, small, shape);
    auto s2 = s1.ok() ? SnapshotScale(big_claims, big, shape) : Result<ScaleResult>(Status::Internal("skipped"));
    for (const auto* s : {&s1, &s2}) {
      if (!s->ok()) {
        t.Failed(fmt::format("snapshot scale ({})", ScaleShapeName(shape)), s->status().message());
        continue;
      }
      const ScaleResult& r = **s;
      const bool target = r.snapshots >= 100'000;
      std::string name = fmt::format("{} snapshots / {} claims, {}", r.snapshots, r.claims, ScaleShapeName(shape));
      t.Row(name + ": wall", fmt::format("{:.2f} s", r.wall_seconds), target ? "<= 20 s" : "",
            target ? std::optional<bool>(r.wall_seconds <= 20) : std::nullopt);
      t.Row(name + ": events", PerSecond(r.EventsPerSecond()));
      t.Row(name + ": ECS calls per snapshot", fmt::format("{:.1f}", static_cast<double>(r.ecs_calls) / r.snapshots));
      t.Row(name + ": peak RSS", fmt::format("{:.0f} MiB", r.peak_rss_mib), target ? "<= 2 GiB" : "",
            target ? std::optional<bool>(r.peak_rss_mib <= 2048) : std::nullopt);
      t.Row(name + ": peak RSS holding every snapshot ready", fmt::format("{:.0f} MiB", r.held_rss_mib));
    }
    if (s1.ok() && s2.ok() && s1->wall_seconds > 0) {
      double ratio = s2->wall_seconds / s1->wall_seconds;
      t.Row(fmt::format("time({})/time({}), {}", s2->snapshots, s1->snapshots, ScaleShapeName(shape)),
            fmt::format("{:.1f}", ratio), "<= 11", ratio <= 11);
    }
  }

  // 4. The API server.
  const int objects = f.quick ? 10'000 : 100'000;
  if (auto api = ApiServerOps(objects, 10); api.ok()) {
    std::string at = fmt::format("API server at {} objects: ", objects);
    t.Row(at + "create", PerSecond(api->create_per_s));
    t.Row(at + "get", PerSecond(api->get_per_s));
    t.Row(at + "update", PerSecond(api->update_per_s));
    t.Row(at + "list (items)", PerSecond(api->list_items_per_s));
    t.Row(at + "watch fan-out (10 watchers)", PerSecond(api->watch_events_per_s));
  } else {
    t.Failed("API server", api.status().message());
  }

  // 5. Process start.
  if (auto start = ProcessStart(self, runs); start.ok()) {
    double m = Median(*start);
    t.Row("process start to first step (snapsim run)", Ms(m), "<= 20 ms", m <= 20e-3);
  } else {
    t.Failed("process start", start.status().message());
  }

  // 6. One controller sync of an upstream-style table case (its world built untimed).
  const int syncs = f.quick ? 200 : 3000;
  for (TableCase c : kAllTableCases) {
    if (auto samples = TimeTableCase(c, syncs); samples.ok()) {
      double m = Median(*samples);
      t.Row("one sync, " + TableCaseTitle(c), Us(m), "<= 10 us", m <= 10e-6);
    } else {
      t.Failed("one sync, " + TableCaseTitle(c), samples.status().message());
    }
  }

  out << fmt::format("{} target{} missed, {} workload{} failed\n", t.missed(), t.missed() == 1 ? "" : "s",
                     t.failed(), t.failed() == 1 ? "" : "s");
  return t.failed() > 0 ? 1 : 0;
}

}  // namespace snapsim::bench
