// ProcessModel: what a container's main process (PID 1) does, decided from the
// container's command/args and the image's entrypoint — the simulator does not run
// programs, it runs this plan in virtual time:
//
//  - `sleep N` (also `sh -c "sleep N"`, `sleep infinity`): exits 0 after N seconds;
//  - long-running images and servers (nginx, httpd, redis, ... and any image we do
//    not know run with their default command) never exit by themselves;
//  - `true`, `false`, `exit N`, `sh`/`bash` without a script (no stdin): exit at once;
//  - a `sh -c` script is split at top-level `;`, `&&` and newlines: `sleep N` steps
//    wait, `exit N` ends it, `while ...`/`tail -f` loop forever, and anything else
//    runs through the exec shell at once (so `echo x > /data/f` leaves the file);
//  - any other explicit command runs through the exec shell once and exits with its code.
//
// Signals: a process that is PID 1 without a SIGTERM handler ignores SIGTERM (the
// kernel's rule for PID 1), so sleep/sh/tail wait for SIGKILL at the end of the
// grace period (exit 137). Servers with a handler (nginx's STOPSIGNAL SIGQUIT) stop
// within `stop_latency` and exit 0.
#pragma once

#include <string>
#include <vector>

#include "sim/engine/time.h"
#include "src/api/kinds_pod_spec.h"

namespace snapsim::csi::kubelet {

struct ProcessStep {
  enum class Kind { kRun, kSleep, kExit, kForever };
  Kind kind = Kind::kRun;
  std::vector<std::string> argv;  // kRun: what the exec shell runs
  engine::Nanos duration = 0;     // kSleep
  int exit_code = 0;              // kExit
};

struct ProcessPlan {
  std::vector<std::string> argv;  // the effective command line (entrypoint + cmd)
  std::vector<ProcessStep> steps;
  bool handles_sigterm = false;
  engine::Nanos stop_latency = 0;  // when handled: time from the signal to the exit
};

// The image's ENTRYPOINT + CMD, for the images the simulator knows ({} otherwise).
std::vector<std::string> ImageDefaultCommand(const std::string& image, bool entrypoint);
// The plan for a container (command/args override the image's entrypoint/cmd).
ProcessPlan PlanFor(const api::Container& container);

}  // namespace snapsim::csi::kubelet
