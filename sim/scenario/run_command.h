// `snapsim run [flags] [FILE|DIR ...]`: the run subcommand, minus process plumbing.
//
// tools/snapsim/main.cc passes the arguments after "run", the real HostFactory and its
// stdout/stderr; tests pass a fake factory and string streams. Exit status: 0 iff every
// scenario passed (and at least one ran), 1 if any failed or none was found, 2 for a
// usage error (unknown flag, bad value, unwritable --junit file). The last stdout line
// of a run is exactly "N passed, N failed".
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "sim/scenario/host.h"

namespace snapsim::scenario {

int RunCommandMain(const std::vector<std::string>& args, const HostFactory& factory,
                   std::ostream& out, std::ostream& err);

// The help text of `snapsim run --help`.
std::string RunUsage();

// The scenarios run by default: "scenarios" when ./scenarios exists, else the source
// tree's scenarios/ folder (an absolute path fixed at build time).
std::string DefaultScenariosDir();

}  // namespace snapsim::scenario
