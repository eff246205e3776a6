#include "sim/chaos/chaos_command.h"

#include <atomic>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <thread>

#include <fmt/format.h>

#include "sim/chaos/chaos_run.h"
#include "sim/chaos/reproducer.h"
#include "sim/chaos/scenario_writer.h"
#include "sim/scenario/loader.h"
#include "sim/scenario/run_command.h"
#include "sim/scenario/suite.h"
#include "src/csi/util/upstream_bugs.h"

namespace snapsim::chaos {
namespace {

struct Flags {
  std::uint64_t seeds = 100;
  std::uint64_t seed_start = 1;
  int jobs = 1;
  std::uint64_t max_failures = 0;  // 0 = no limit
  std::string faults;
  std::vector<std::string> bugs;  // --upstream-bugs: put these fixed bugs back in every scenario's cluster
  std::string out_dir = "chaos-out";
  bool help = false;
  bool verbose = false;
  std::vector<std::string> paths;
};

template <class T>
bool ParseNumber(std::string_view s, T& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return !s.empty() && ec == std::errc() && p == s.data() + s.size();
}

std::optional<std::string> ParseFlags(const std::vector<std::string>& args, Flags& flags) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string_view arg = args[i];
    if (arg.empty() || arg[0] != '-') {
      flags.paths.emplace_back(arg);
      continue;
    }
    std::string_view name = arg;
    std::optional<std::string> value;
    if (auto eq = arg.find('='); eq != std::string_view::npos && arg.substr(0, 2) == "--") {
      name = arg.substr(0, eq);
      value = std::string(arg.substr(eq + 1));
    }
    auto take = [&]() -> std::optional<std::string> {
      if (value) return value;
      if (i + 1 >= args.size()) return std::nullopt;
      return args[++i];
    };
    if (name == "--help" || name == "-h") {
      flags.help = true;
      continue;
    }
    if (name == "--verbose" || name == "-v") {
      flags.verbose = true;
      continue;
    }
    auto v = take();
    if (!v) return fmt::format("flag {} needs a value", name);
    if (name == "--seeds") {
      if (!ParseNumber(*v, flags.seeds) || flags.seeds < 1) {
        return fmt::format("invalid value \"{}\" for --seeds: expected a number of seeds of at least 1", *v);
      }
    } else if (name == "--seed-start") {
      if (!ParseNumber(*v, flags.seed_start)) {
        return fmt::format("invalid value \"{}\" for --seed-start: expected a non-negative integer", *v);
      }
    } else if (name == "--jobs" || name == "-j") {
      if (!ParseNumber(*v, flags.jobs) || flags.jobs < 1 || flags.jobs > 1024) {
        return fmt::format("invalid value \"{}\" for {}: expected a number of jobs from 1 to 1024", *v, name);
      }
    } else if (name == "--max-failures") {
      if (!ParseNumber(*v, flags.max_failures) || flags.max_failures < 1) {
        return fmt::format("invalid value \"{}\" for --max-failures: expected a number of failures of at least 1", *v);
      }
    } else if (name == "--faults") {
      flags.faults = *v;
      auto kinds = ParseFaultKinds(*v);
      if (!kinds.ok()) return kinds.status().message();
    } else if (name == "--upstream-bugs") {
      flags.bugs.clear();
      std::string list = *v;
      for (std::size_t pos = 0; pos <= list.size();) {
        std::size_t comma = list.find(',', pos);
        if (comma == std::string::npos) comma = list.size();
        if (comma > pos) flags.bugs.push_back(list.substr(pos, comma - pos));
        pos = comma + 1;
      }
      auto parsed = csi::ParseUpstreamBugs(flags.bugs);
      if (!parsed.ok()) return "--upstream-bugs: " + parsed.status().message();
    } else if (name == "--out") {
      if (v->empty()) return "flag --out needs a directory";
      flags.out_dir = *v;
    } else {
      return fmt::format("unknown flag \"{}\"", name);
    }
  }
  return std::nullopt;
}

struct Job {
  std::size_t scenario = 0;
  std::uint64_t seed = 0;
};

struct JobResult {
  bool failed = false;
  bool known = false;  // a known real-component defect (CaseOutcome::known)
  std::string report;  // lines for stdout
};

std::string Stem(const std::string& path) {
  std::string stem = std::filesystem::path(path).stem().string();
  return stem.empty() ? "scenario" : stem;
}

}  // namespace

std::string ChaosUsage() {
  return R"(Usage: snapsim chaos [flags] [FILE|DIR ...]

Runs each scenario under many seeds with random faults injected between its steps
(ECS errors, latency and lost replies; API server conflicts, 5xx and timeouts with
or without the write; watch delays and drops; component crashes), all drawn from the
seed. Faults are lifted before every step with an `expect`, and the cluster settles
first. A seed fails on an invariant violation, an expectation not met, a command
that failed, or, once the faults are cleared and the cluster settled, an object stuck
that must go or a valid snapshot not ready (liveness).
A failure is shrunk to a minimal schedule and written as a standalone scenario that
fails the same way under `snapsim run`. With no FILE or DIR, the bundled scenarios/
folder is used.

Flags:
  --seeds N        seeds per scenario (default 100)
  --seed-start S   first seed (default 1): seeds S .. S+N-1
  --jobs N, -j N   run N seeds at a time (results are the same for any N)
  --faults LIST    comma-separated fault kinds: ecs-error, ecs-latency, ecs-lost-reply,
                   api-conflict, api-5xx, api-timeout, watch-delay, watch-drop, crash
                   (the default: all of these), and schedule (opt-in: a seeded
                   interleaving of the work due at each instant, cluster.scheduleSeed);
                   "all" names every kind
  --upstream-bugs LIST
                   comma-separated upstream issue numbers whose fixed bugs are put back
                   into every scenario's cluster (1388, 1366, 292, 1301, 134, 413): shows
                   that the campaign finds them (each scenario's baseline still runs
                   without them)
  --max-failures N stop after the first N failures in (scenario, seed) order; the
                   seeds after the Nth are not judged
  --out DIR        where reproducers go (default chaos-out)
  --verbose, -v    also print every seed's transcript
  --help, -h       show this help

Output: one "FAIL <scenario> seed <n>: <invariant>: <detail>" block per failing seed
with the shrunk reproducer and the command that replays it. A seed that ends in a known
defect of a real component snapsim reproduces on purpose (driver-leak: the disk driver
loses a snapshot it made; upstream-leak: a race in the upstream snapshot controllers;
a content left to csi-snapshotter's resync, external-snapshotter #1388's window after
PR #1392, shown by letting the resync run) prints "KNOWN <scenario> seed <n>: ..." and
is not counted as failed. The last line is
"N seeds, N passed, N failed". Progress goes to stderr.
Exit status: 0 if every seed passed, 1 if any failed (or a scenario does not load or
fails even without faults), 2 for a usage error.

Examples:
  snapsim chaos scenarios/ack-doc --seeds 20
  snapsim chaos scenarios/ack-doc/statefulset.yaml --seeds 10000 --jobs 2
  snapsim chaos my.yaml --seeds 500 --faults ecs-error,ecs-lost-reply --out /tmp/repro
)";
}

int ChaosCommandMain(const std::vector<std::string>& args, const scenario::HostFactory& factory,
                     std::ostream& out, std::ostream& err, bool err_is_tty) {
  Flags flags;
  if (auto usage = ParseFlags(args, flags)) {
    err << "snapsim chaos: " << *usage << "\nRun 'snapsim chaos --help' for usage.\n";
    return 2;
  }
  if (flags.help) {
    out << ChaosUsage();
    return 0;
  }
  ChaosOptions chaos;
  chaos.kinds = *ParseFaultKinds(flags.faults);
  if (flags.paths.empty()) flags.paths.push_back(scenario::DefaultScenariosDir());
  std::vector<std::string> empty_dirs;
  auto files = scenario::CollectScenarioFiles(flags.paths, &empty_dirs);
  for (const auto& d : empty_dirs) err << "snapsim chaos: no scenario files in " << d << "\n";
  bool bad = false;

  // Load once; a baseline without faults tells whether each scenario is usable and ends live.
  struct Loaded {
    scenario::Scenario s;
    bool liveness = true;
  };
  std::vector<Loaded> scenarios;
  for (const auto& f : files) {
    auto loaded = scenario::LoadScenarioFile(f.path);
    if (!loaded.ok()) {
      out << "FAIL " << f.path << ": does not load: " << loaded.status().message() << "\n";
      bad = true;
      continue;
    }
    if (!loaded->chaos) {
      out << "SKIP " << loaded->name << ": chaos: false (it pins exact virtual times)\n";
      continue;
    }
    ChaosOptions none;
    none.kinds.clear();
    ChaosPlan baseline = Transform(*loaded, loaded->cluster.seed, none);
    CaseOutcome base = RunPlan(baseline, factory, {.check_liveness = true});
    // The bugs go in after the baseline: whether a scenario is usable, and whether it ends
    // live (so liveness is judged), is a property of the correct build.
    for (const auto& bug : flags.bugs) loaded->cluster.upstream_bugs.push_back(bug);
    Loaded l{std::move(*loaded), true};
    if (base.failed && base.signature.rfind("invariant/liveness/", 0) == 0) {
      // Not live even without faults (it leaves something stuck on purpose): liveness is
      // not judged for this scenario.
      l.liveness = false;
    } else if (base.failed) {
      out << "FAIL " << l.s.name << ": fails without faults (seed " << l.s.cluster.seed << "): " << base.invariant
          << ": " << base.detail << "\n";
      bad = true;
      continue;
    }
    scenarios.push_back(std::move(l));
  }
  if (files.empty()) {
    err << "snapsim chaos: no scenario files found\n";
    return 1;
  }

  std::vector<Job> jobs;
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    for (std::uint64_t k = 0; k < flags.seeds; ++k) jobs.push_back({i, flags.seed_start + k});
  }
  const std::size_t n = jobs.size();
  std::vector<JobResult> results(n);
  std::vector<bool> done(n, false);
  std::mutex mu;
  std::condition_variable cv;
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> finished{0};
  std::atomic<std::size_t> failures{0};
  std::atomic<std::size_t> cut{n};  // --max-failures: jobs from here on are not judged

  auto run_job = [&](std::size_t index, const Job& job) {
    const Loaded& l = scenarios[job.scenario];
    ChaosPlan plan = Transform(l.s, job.seed, chaos);
    CaseOptions options{.check_liveness = l.liveness};
    CaseOutcome outcome = RunPlan(plan, factory, options);
    JobResult r;
    if (flags.verbose) r.report = outcome.result.Text();
    if (!outcome.failed || index >= cut.load()) return r;
    if (outcome.known) {
      r.known = true;
      r.report += fmt::format("KNOWN {} seed {}: {}: {}\n", l.s.name, job.seed, outcome.invariant, outcome.detail);
      return r;
    }
    r.failed = true;
    ++failures;
    r.report += fmt::format("FAIL {} seed {}: {}: {}\n", l.s.name, job.seed, outcome.invariant, outcome.detail);
    std::size_t before = plan.steps.size();
    ShrinkResult shrunk = Shrink(plan, outcome, factory, options);
    scenario::Scenario repro = ReproducerScenario(shrunk.plan, shrunk.outcome);
    std::string path = (std::filesystem::path(flags.out_dir) / fmt::format("{}-seed-{}.yaml", Stem(l.s.path), job.seed))
                           .generic_string();
    r.report += fmt::format("  shrunk: {} -> {} steps ({} inserted, {} of the scenario's {}) in {} runs\n", before,
                            shrunk.plan.steps.size(), shrunk.plan.InsertedCount(), shrunk.plan.OriginalCount(),
                            l.s.steps.size(), shrunk.runs);
    r.report += fmt::format("  minimal: {}: {}\n", shrunk.outcome.invariant, shrunk.outcome.detail);
    std::error_code ec;
    std::filesystem::create_directories(flags.out_dir, ec);
    std::ofstream file(path, std::ios::binary);
    file << WriteScenario(repro);
    file.close();
    if (!file) {
      r.report += fmt::format("  cannot write the reproducer {}\n", path);
    } else {
      r.report += fmt::format("  reproducer: {}\n  replay: snapsim run {}\n", path, path);
    }
    return r;
  };
  auto worker = [&] {
    for (std::size_t i = next++; i < std::min(n, cut.load()); i = next++) {
      JobResult r = run_job(i, jobs[i]);
      std::lock_guard<std::mutex> lock(mu);
      results[i] = std::move(r);
      done[i] = true;
      ++finished;
      cv.notify_all();
    }
  };
  std::size_t threads = std::min<std::size_t>(static_cast<std::size_t>(flags.jobs), std::max<std::size_t>(n, 1));
  std::vector<std::thread> pool;
  for (std::size_t t = 0; t < threads; ++t) pool.emplace_back(worker);

  const auto start = std::chrono::steady_clock::now();  // the seeds/s display only
  auto rate = [&] {
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return secs > 0 ? static_cast<double>(finished.load()) / secs : 0.0;
  };
  auto progress = [&] {
    if (!err_is_tty) return;
    err << fmt::format("\r[chaos] {}/{} seeds  {:.0f} seeds/s  {} failures", finished.load(), n, rate(),
                       failures.load())
        << std::flush;
  };
  std::size_t failed = 0;
  std::size_t known = 0;
  std::size_t judged = 0;
  for (std::size_t i = 0; i < n; ++i) {
    {
      std::unique_lock<std::mutex> lock(mu);
      while (!done[i]) {
        lock.unlock();
        progress();
        lock.lock();
        cv.wait_for(lock, std::chrono::milliseconds(200), [&] { return done[i]; });
      }
    }
    if (results[i].failed) ++failed;
    if (results[i].known) ++known;
    if (!results[i].report.empty()) {
      if (err_is_tty) err << "\r\033[K" << std::flush;
      out << results[i].report << std::flush;
    }
    ++judged;
    if (flags.max_failures > 0 && failed >= flags.max_failures) {
      cut = i + 1;
      break;
    }
  }
  for (auto& th : pool) th.join();
  if (err_is_tty) {
    progress();
    err << "\n";
  } else {
    err << fmt::format("[chaos] {} seeds over {} scenarios  {:.0f} seeds/s  {} failures\n", judged,
                       scenarios.size(), rate(), failed);
  }
  if (judged < n) {
    out << fmt::format("stopped after {} failure{} (--max-failures); {} seeds not judged\n", failed,
                       failed == 1 ? "" : "s", n - judged);
  }
  if (known > 0) {
    out << fmt::format("{} seed{} ended in a known defect of a real component (KNOWN above), not counted as failed\n",
                       known, known == 1 ? "" : "s");
  }
  out << fmt::format("{} seeds, {} passed, {} failed\n", judged, judged - failed, failed);
  return failed > 0 || bad ? 1 : 0;
}

}  // namespace snapsim::chaos
