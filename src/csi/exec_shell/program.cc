#include "src/csi/exec_shell/program.h"

#include "src/csi/exec_shell/command.h"
#include "src/csi/exec_shell/interpreter.h"

namespace snapsim::csi::shell {
namespace {

FoundProgram Examine(const ContainerFs& fs, const std::string& abs) {
  FoundProgram p;
  p.path = abs;
  auto st = fs.Stat(abs);
  if (!st.ok()) return p;
  if (st->is_dir) {
    p.result = FoundProgram::kIsDirectory;
    return p;
  }
  auto data = fs.Read(abs);
  auto info = data.ok() ? ParseProgramFile(*data) : std::nullopt;
  if (!info) {
    p.result = FoundProgram::kNotExecutable;
    return p;
  }
  p.result = FoundProgram::kFound;
  p.info = *info;
  return p;
}

}  // namespace

FoundProgram FindProgram(const ContainerFs& fs, std::string_view cwd, std::string_view name) {
  if (name.find('/') != std::string_view::npos) return Examine(fs, AbsPath(cwd, name));
  FoundProgram not_found;
  if (name.empty()) return not_found;
  std::string_view path = kContainerPath;
  while (!path.empty()) {
    auto colon = path.find(':');
    std::string dir(path.substr(0, colon));
    path = colon == std::string_view::npos ? "" : path.substr(colon + 1);
    FoundProgram p = Examine(fs, CleanPath(dir + "/" + std::string(name)));
    if (p.result == FoundProgram::kFound) return p;
  }
  return not_found;
}

int RunProgram(const FoundProgram& program, const std::vector<std::string>& argv,
               ContainerFs& fs, const ShellOptions& options, ProgramIo& io) {
  const std::string& impl = program.info.implementation;
  const std::string& tool = program.info.tool;
  if (tool == "sh" || tool == "bash" || tool == "dash") {
    ShellKind kind = impl == "bash" ? ShellKind::kBash
                     : impl == "busybox" ? ShellKind::kAsh
                                         : ShellKind::kDash;
    return RunShellProgram(kind, argv, fs, options, io.cwd, io.in, io.out, io.err);
  }
  if (impl == "nginx") {
    if (argv.size() > 1 && (argv[1] == "-v" || argv[1] == "-V")) {
      *io.err += "nginx version: nginx/1.25.4\n";
      return 0;
    }
    *io.err += "nginx: [emerg] bind() to 0.0.0.0:80 failed (98: Address already in use)\n";
    return 1;
  }
  CommandFn fn = FindCommand(tool);
  if (fn == nullptr) {
    *io.err += argv[0] + ": applet not found\n";
    return 127;
  }
  CommandEnv env{fs, options, io.cwd, io.in, io.out, io.err, impl};
  return fn(env, argv);
}

}  // namespace snapsim::csi::shell
