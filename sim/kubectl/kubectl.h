// The kubectl front end: runs a kubectl command line against the simulated
// cluster and returns what real kubectl would print and its exit code.
//
// Supported: get, apply, create, delete, describe, wait, patch, label,
// annotate, scale, exec (through the kubelet, when one is wired), version.
// Anything else fails loudly with kubectl's own "unknown command" error, or
// with "unsupported: ..." for real kubectl features snapsim does not model.
//
// Commands that wait (delete, wait) advance virtual time by running the
// cluster's event loop; nothing here reads the wall clock.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/engine/event_loop.h"
#include "sim/engine/status.h"
#include "src/fake_apiserver/apiserver.h"

namespace snapsim::kubectl {

struct CommandResult {
  std::string out;
  std::string err;
  int exit_code = 0;
};

// Reads a file named on the command line (`-f NAME`).
using FileReader = std::function<Result<std::string>(std::string_view name)>;

struct ExecRequest {
  std::string namespace_;
  std::string pod;
  std::string container;  // "" = the first container
  std::vector<std::string> command;
  bool tty = false;
  bool stdin_ = false;
};

// What the container runtime answered. `started` is false when the command never
// ran (err is then kubectl's whole "error: ..." line and no exit-code line follows).
struct ExecResult {
  std::string out;
  std::string err;
  int exit_code = 0;
  bool started = true;
};

struct KubectlEnv {
  apiserver::ApiServer* server = nullptr;
  engine::EventLoop* loop = nullptr;
  // Runs a command in a pod's container; unset until a kubelet is wired in.
  std::function<ExecResult(const ExecRequest&)> exec;
  // How far `delete` (without --timeout) may advance virtual time waiting for finalizers.
  engine::Nanos delete_wait_limit = engine::kHour;
};

CommandResult RunKubectl(KubectlEnv& env, const std::vector<std::string>& args, const FileReader& files);

}  // namespace snapsim::kubectl
