// Commands: the programs the exec shell implements (ls, cat, touch, ...), each a
// function over a CommandEnv with GNU coreutils output, error texts and exit codes.
//
// A command reads `in`, writes to *out / *err (which the shell points at the terminal,
// a file buffer or nowhere) and returns its exit code. Error messages start with
// argv[0] as given ("/bin/ls: cannot access ..."), as coreutils' program_name does.
// Option parsing follows getopt_long: clustered short options, permutation (operands
// and options in any order), "--" ends options; a bad option prints
//   ls: invalid option -- 'z'          or   ls: unrecognized option '--zz'
//   Try 'ls --help' for more information.
// and exits with the command's usage status (2 for ls, 1 for the others).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "src/csi/exec_shell/container_fs.h"
#include "src/csi/exec_shell/shell.h"

namespace snapsim::csi::shell {

struct CommandEnv {
  ContainerFs& fs;
  const ShellOptions& options;
  std::string cwd;       // absolute
  std::string_view in;   // stdin
  std::string* out;
  std::string* err;
  std::string implementation = "coreutils";  // or "busybox" (same behaviour, documented)

  std::string Abs(std::string_view operand) const { return AbsPath(cwd, operand); }
};

using CommandFn = int (*)(CommandEnv& env, const std::vector<std::string>& argv);

// The command for a tool name ("ls", "["), or nullptr.
CommandFn FindCommand(std::string_view tool);
// Every tool name, sorted (what images put in /bin).
std::vector<std::string> CommandNames();

// --- helpers shared by the command implementations ---

struct ParsedArgs {
  std::string flags;                  // the short option letters seen, in order
  std::vector<std::string> operands;  // in order
  bool Has(char c) const { return flags.find(c) != std::string::npos; }
};
// `shorts`: accepted short letters; `longs`: long name -> letter. On a bad option prints
// the getopt message and the "Try" line and returns false.
bool ParseArgs(CommandEnv& env, const std::vector<std::string>& argv, std::string_view shorts,
               const std::map<std::string, char, std::less<>>& longs, ParsedArgs* parsed);
// "ls: missing operand\nTry 'ls --help' for more information.\n" style usage errors.
void UsageError(CommandEnv& env, const std::string& prog, std::string_view message);
// quoteaf(): 'name' — or "name" if it holds a single quote.
std::string QuoteArg(std::string_view name);

// echo -e / dash echo escapes (\n \t \0nnn ...); \c sets *stop and ends the output.
std::string EchoUnescape(std::string_view s, bool* stop);

// The command implementations (commands_*.cc).
int CmdLs(CommandEnv& env, const std::vector<std::string>& argv);
int CmdCat(CommandEnv& env, const std::vector<std::string>& argv);
int CmdTouch(CommandEnv& env, const std::vector<std::string>& argv);
int CmdRm(CommandEnv& env, const std::vector<std::string>& argv);
int CmdRmdir(CommandEnv& env, const std::vector<std::string>& argv);
int CmdMkdir(CommandEnv& env, const std::vector<std::string>& argv);
int CmdDf(CommandEnv& env, const std::vector<std::string>& argv);
int CmdEcho(CommandEnv& env, const std::vector<std::string>& argv);
int CmdPwd(CommandEnv& env, const std::vector<std::string>& argv);
int CmdTrue(CommandEnv& env, const std::vector<std::string>& argv);
int CmdFalse(CommandEnv& env, const std::vector<std::string>& argv);
int CmdSleep(CommandEnv& env, const std::vector<std::string>& argv);
int CmdSync(CommandEnv& env, const std::vector<std::string>& argv);
int CmdHostname(CommandEnv& env, const std::vector<std::string>& argv);
int CmdWc(CommandEnv& env, const std::vector<std::string>& argv);
int CmdTest(CommandEnv& env, const std::vector<std::string>& argv);

}  // namespace snapsim::csi::shell
