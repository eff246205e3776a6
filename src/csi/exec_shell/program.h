// Programs: finding an executable in the container (PATH lookup, as execvp and the
// runtime do) and running it — a command (command.h) or a shell (interpreter.h).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "src/csi/exec_shell/container_fs.h"
#include "src/csi/exec_shell/image_rootfs.h"
#include "src/csi/exec_shell/shell.h"

namespace snapsim::csi::shell {

struct FoundProgram {
  enum Result { kFound, kNotFound, kNotExecutable, kIsDirectory } result = kNotFound;
  std::string path;  // the file found (absolute)
  ProgramInfo info;
};
// `name` with a '/' is a path relative to cwd; otherwise it is searched in PATH.
FoundProgram FindProgram(const ContainerFs& fs, std::string_view cwd, std::string_view name);

struct ProgramIo {
  std::string cwd;
  std::string_view in;
  std::string* out;
  std::string* err;
};
// Runs a found program with argv (argv[0] as typed); returns its exit code.
int RunProgram(const FoundProgram& program, const std::vector<std::string>& argv,
               ContainerFs& fs, const ShellOptions& options, ProgramIo& io);

}  // namespace snapsim::csi::shell
