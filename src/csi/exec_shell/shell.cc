#include "src/csi/exec_shell/shell.h"

#include "src/csi/exec_shell/program.h"

namespace snapsim::csi::shell {
namespace {

constexpr std::string_view kOciPrefix =
    "OCI runtime exec failed: exec failed: unable to start container process: exec: \"";

ShellResult RuntimeError(const std::string& name, std::string_view reason) {
  ShellResult r;
  r.err = std::string(kOciPrefix) + name + "\": " + std::string(reason) + ": unknown\n";
  r.exit_code = 126;
  return r;
}

}  // namespace

ShellResult RunShell(const std::vector<std::string>& argv, ContainerFs& fs,
                     const ShellOptions& options) {
  const std::string name = argv.empty() ? "" : argv[0];
  const std::string cwd = CleanPath(options.workdir.empty() ? "/" : options.workdir);
  FoundProgram p = FindProgram(fs, cwd, name);
  const bool has_slash = name.find('/') != std::string::npos;
  switch (p.result) {
    case FoundProgram::kFound:
      break;
    case FoundProgram::kNotFound:
      if (has_slash) {
        return RuntimeError(name, "stat " + name + ": no such file or directory");
      }
      return RuntimeError(name, "executable file not found in $PATH");
    case FoundProgram::kIsDirectory:
    case FoundProgram::kNotExecutable:
      return RuntimeError(name, "permission denied");
  }
  ShellResult r;
  ProgramIo io{cwd, options.stdin_data, &r.out, &r.err};
  r.exit_code = RunProgram(p, argv, fs, options, io);
  return r;
}

}  // namespace snapsim::csi::shell
