// RunShell: what `kubectl exec POD -- ARGV...` runs inside one container.
//
// argv[0] is looked up as the container runtime does: with a '/', as a path (relative to
// the working directory); otherwise in PATH (/usr/local/sbin:/usr/local/bin:/usr/sbin:
// /usr/bin:/sbin:/bin) of the container's file system. A missing program is the
// runtime's error, exit code 126 (kubectl adds "command terminated with exit code 126"):
//   OCI runtime exec failed: exec failed: unable to start container process: exec:
//   "foo": executable file not found in $PATH: unknown            <- one line
//   ... exec: "/bin/foo": stat /bin/foo: no such file or directory: unknown
//   ... exec: "/etc/hosts": permission denied: unknown            (not a program)
// A program is a file whose marker (image_rootfs.h) names a command (commands in
// command.h, GNU coreutils output) or a shell: dash (sh on Debian images), bash, or
// busybox ash; `sh -c 'script' [$0 [args]]`, `sh FILE` and bare `sh` (no stdin: exits
// 0) are supported, with the script language of script.h and interpreter.h.
//
// Output goes to ShellResult.out/err as the program wrote it (no pty CR/LF mapping).
// Commands never block: `sleep` returns at once (the container lifecycle is elsewhere).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "src/csi/exec_shell/container_fs.h"

namespace snapsim::csi::shell {

struct ShellOptions {
  bool tty = false;                 // kubectl exec -t: ls prints in columns, as on a terminal
  std::size_t terminal_width = 80;
  std::string hostname;             // the pod name
  std::string workdir = "/";
  // Virtual "now" as Unix seconds (files carry no times: ls -l shows every file at now).
  // Default: 2026-01-01T00:00:00Z, virtual time 0 of the simulator.
  std::int64_t now_unix_seconds = 1767225600;
  std::string stdin_data;           // what -i would feed; empty without -i
};

struct ShellResult {
  std::string out;
  std::string err;
  int exit_code = 0;
};

// Runs argv (the command after `--`) in the container.
ShellResult RunShell(const std::vector<std::string>& argv, ContainerFs& fs,
                     const ShellOptions& options);

// The runtime's PATH inside a container.
inline constexpr const char* kContainerPath =
    "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

}  // namespace snapsim::csi::shell
