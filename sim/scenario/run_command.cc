#include "sim/scenario/run_command.h"

#include <charconv>
#include <filesystem>
#include <fstream>
#include <optional>

#include <fmt/format.h>

#include "sim/scenario/junit.h"
#include "sim/scenario/suite.h"

#ifndef SNAPSIM_SOURCE_SCENARIOS_DIR
#define SNAPSIM_SOURCE_SCENARIOS_DIR "scenarios"
#endif

namespace snapsim::scenario {
namespace {

struct Flags {
  std::optional<std::uint64_t> seed;
  int jobs = 1;
  std::string junit;
  bool quiet = false;
  bool help = false;
  std::vector<std::string> paths;
};

constexpr std::string_view kHint = "Run 'snapsim run --help' for usage.";

template <class T>
bool ParseNumber(std::string_view s, T& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return !s.empty() && ec == std::errc() && p == s.data() + s.size();
}

// Parses the flags; on a usage error returns its message (without the hint).
std::optional<std::string> ParseFlags(const std::vector<std::string>& args, Flags& flags) {
  bool only_paths = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string_view arg = args[i];
    if (only_paths || arg.empty() || arg[0] != '-' || arg == "-") {
      flags.paths.emplace_back(arg);
      continue;
    }
    if (arg == "--") {
      only_paths = true;
      continue;
    }
    std::string_view name = arg;
    std::optional<std::string> value;
    if (auto eq = arg.find('='); eq != std::string_view::npos && arg.substr(0, 2) == "--") {
      name = arg.substr(0, eq);
      value = std::string(arg.substr(eq + 1));
    }
    auto take_value = [&]() -> std::optional<std::string> {
      if (value) return value;
      if (i + 1 >= args.size()) return std::nullopt;
      return args[++i];
    };
    if (name == "--help" || name == "-h") {
      flags.help = true;
    } else if (name == "--quiet" || name == "-q") {
      flags.quiet = true;
    } else if (name == "--seed") {
      auto v = take_value();
      if (!v) return "flag --seed needs a value";
      std::uint64_t seed = 0;
      if (!ParseNumber(*v, seed)) {
        return fmt::format("invalid value \"{}\" for --seed: expected a non-negative integer", *v);
      }
      flags.seed = seed;
    } else if (name == "--jobs" || name == "-j") {
      auto v = take_value();
      if (!v) return fmt::format("flag {} needs a value", name);
      int jobs = 0;
      if (!ParseNumber(*v, jobs) || jobs < 1 || jobs > 1024) {
        return fmt::format("invalid value \"{}\" for {}: expected a number of jobs from 1 to 1024",
                           *v, name);
      }
      flags.jobs = jobs;
    } else if (name == "--junit") {
      auto v = take_value();
      if (!v || v->empty()) return "flag --junit needs a file name";
      flags.junit = *v;
    } else {
      return fmt::format("unknown flag \"{}\"", name);
    }
    if (value && (name == "--help" || name == "--quiet")) {
      return fmt::format("flag {} takes no value", name);
    }
  }
  return std::nullopt;
}

}  // namespace

std::string RunUsage() {
  return R"(Usage: snapsim run [flags] [FILE|DIR ...]

Replays each scenario file against a fresh simulated cluster and checks what it
expects. A DIR is searched recursively for *.yaml files, in sorted order (files
whose first document has apiVersion and kind are Kubernetes manifests for
`kubectl apply -f`, not scenarios, and are skipped); with no FILE or DIR, the
bundled scenarios/ folder is run. Scenario names must be unique in a run.

Flags:
  --seed N        seed every cluster with N (overrides cluster.seed in the files)
  --jobs N, -j N  run N scenarios at a time (the output is the same for any N)
  --junit FILE    also write a JUnit XML report to FILE
  --quiet, -q     print only the PASS/FAIL verdicts and the summary
  --help, -h      show this help

Output: each scenario's transcript: "$ kubectl ..." and what the command printed
(lines starting "! " went to stderr, "# " lines are notes: exit codes, sleeps,
faults, crashes, saved variables, a settle that hit its limit), then PASS or FAIL
with the first difference. The last line is "N passed, N failed".
Exit status: 0 if every scenario passed, 1 if any failed (a file that does not
load counts as failed) or none was found, 2 for a usage error.

Examples:
  snapsim run                                     the bundled conformance suite
  snapsim run scenarios/ack-doc/                  one folder
  snapsim run scenarios/ack-doc/dynamic-snapshot.yaml --seed 7
  snapsim run --jobs 4 --junit report.xml -q      what CI runs
)";
}

std::string DefaultScenariosDir() {
  std::error_code ec;
  if (std::filesystem::is_directory("scenarios", ec)) return "scenarios";
  return SNAPSIM_SOURCE_SCENARIOS_DIR;
}

int RunCommandMain(const std::vector<std::string>& args, const HostFactory& factory,
                   std::ostream& out, std::ostream& err) {
  Flags flags;
  if (auto usage_error = ParseFlags(args, flags)) {
    err << "snapsim run: " << *usage_error << "\n" << kHint << "\n";
    return 2;
  }
  if (flags.help) {
    out << RunUsage();
    return 0;
  }
  std::ofstream junit;
  if (!flags.junit.empty()) {
    junit.open(flags.junit, std::ios::binary | std::ios::trunc);
    if (!junit.is_open()) {
      err << fmt::format("snapsim run: cannot write the JUnit report to \"{}\"\n", flags.junit);
      return 2;
    }
  }
  if (flags.paths.empty()) flags.paths.push_back(DefaultScenariosDir());

  std::vector<std::string> empty_dirs;
  std::vector<SuiteFile> files = CollectScenarioFiles(flags.paths, &empty_dirs);
  for (const auto& dir : empty_dirs) {
    err << fmt::format("snapsim run: no scenario files (*.yaml) in {}\n", dir);
  }
  SuiteOptions options;
  options.run.seed = flags.seed;
  options.jobs = flags.jobs;
  SuiteResult suite = RunSuite(files, factory, options, [&](const SuiteCase& c) {
    if (flags.quiet) {
      out << c.result.verdict;
    } else {
      out << c.result.Text() << "\n";
    }
    out.flush();
  });
  out << fmt::format("{} passed, {} failed\n", suite.passed, suite.failed);
  if (junit.is_open()) {
    junit << JUnitXml(suite);
    junit.close();
    if (!junit) {
      err << fmt::format("snapsim run: cannot write the JUnit report to \"{}\"\n", flags.junit);
      return 2;
    }
  }
  if (files.empty()) return 1;
  return suite.failed == 0 ? 0 : 1;
}

}  // namespace snapsim::scenario
