// snapsim: the command-line front end. Thin by design: it parses the subcommand and
// hands the rest to sim/ (the run subcommand lives in sim/scenario/run_command.h).
// Exit status: what the subcommand returns; 2 for a usage error.
#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "sim/bench/bench_command.h"
#include "sim/chaos/chaos_command.h"
#include "sim/cluster/host_factory.h"
#include "sim/scenario/run_command.h"

namespace {

constexpr std::string_view kUsage =
    R"(snapsim: a deterministic simulator of Kubernetes volume snapshots on Alibaba Cloud.

Usage: snapsim <command> [flags] [args]

Commands:
  run     replay scenario files against fresh simulated clusters and check them
          (see 'snapsim run --help')
  chaos   run scenarios over many seeds with random faults injected; shrink a
          failure to a minimal reproducer scenario (see 'snapsim chaos --help')
  serve   coming later: serve the simulated API server to a real kubectl
  bench   measure snapsim on this machine against the targets of BENCHMARKS.md
          (see 'snapsim bench --help'; --quick in seconds)
  graph   coming later: export the object reference graph as DOT
  help    show this help

Examples:
  snapsim run                                  the bundled conformance suite
  snapsim run scenarios/ack-doc/ --quiet       one folder, verdicts only
  snapsim run my-scenario.yaml --seed 7        one scenario, another seed
  snapsim run --jobs 4 --junit report.xml      what CI runs
  snapsim chaos scenarios/ack-doc --seeds 1000 --jobs 2
)";

constexpr std::string_view kHint = "Run 'snapsim --help' for usage.\n";

// This binary's path (for `bench` to start it again): /proc/self/exe, else argv[0].
std::string SelfPath(const char* argv0) {
  std::error_code ec;
  auto p = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string(argv0) : p.string();
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::cerr << kUsage;
    return 2;
  }
  const std::string command = args.front();
  std::vector<std::string> rest(args.begin() + 1, args.end());
  if (command == "help" || command == "--help" || command == "-h") {
    std::cout << kUsage;
    return 0;
  }
  if (command == "run") {
    return snapsim::scenario::RunCommandMain(rest, snapsim::cluster::NewHostFactory(), std::cout,
                                             std::cerr);
  }
  if (command == "chaos") {
    return snapsim::chaos::ChaosCommandMain(rest, snapsim::cluster::NewHostFactory(), std::cout, std::cerr,
                                            isatty(STDERR_FILENO) != 0);
  }
  if (command == "bench") {
    return snapsim::bench::BenchCommandMain(rest, SelfPath(argv[0]), std::cout, std::cerr);
  }
  if (command == "serve" || command == "graph") {
    std::cerr << "snapsim: '" << command << "' is not implemented yet\n";
    return 2;
  }
  if (!command.empty() && command[0] == '-') {
    std::cerr << "snapsim: unknown flag \"" << command << "\"\n" << kHint;
  } else {
    std::cerr << "snapsim: unknown command \"" << command << "\"\n" << kHint;
  }
  return 2;
}
