// Interpreter: runs a shell program (dash, bash or busybox ash) over a ContainerFs.
//
//   sh -c 'script' [$0 [$1 ...]]   the script; $0 defaults to argv[0]
//   sh FILE [args]                 the file's contents
//   sh                             reads stdin (ShellOptions::stdin_data)
// Supported: sequencing (; && || newline), pipelines, ! , redirections (> >> < 2>&1
// 2>/dev/null), quoting ('..' ".." \), $? $0..$9 $# $NAME ${NAME}, NAME=value, ~,
// globbing (* ? [..]) on the container's files, builtins cd exit echo pwd true false
// test [ : export unset exec; other commands are looked up in PATH. Errors carry each
// shell's own words and statuses, e.g. for `foo`:
//   dash  "sh: 1: foo: not found" (127)       bash  "bash: foo: command not found" (127)
// and dash's "sh: 1: cannot create /x/y: Directory nonexistent" (2) for a redirection.
#pragma once

#include <string>
#include <vector>

#include "src/csi/exec_shell/container_fs.h"
#include "src/csi/exec_shell/shell.h"

namespace snapsim::csi::shell {

enum class ShellKind { kDash, kBash, kAsh };

// Runs the shell program `kind` invoked with argv; returns the exit code.
int RunShellProgram(ShellKind kind, const std::vector<std::string>& argv, ContainerFs& fs,
                    const ShellOptions& options, const std::string& cwd, std::string_view in,
                    std::string* out, std::string* err);

}  // namespace snapsim::csi::shell
