#include "src/csi/exec_shell/command.h"

#include <algorithm>
#include <array>
#include <utility>

namespace snapsim::csi::shell {
namespace {

struct Entry {
  std::string_view name;
  CommandFn fn;
};

constexpr std::array<Entry, 17> kCommands = {{
    {"[", CmdTest},         {"cat", CmdCat},   {"df", CmdDf},       {"echo", CmdEcho},
    {"false", CmdFalse},    {"hostname", CmdHostname}, {"ls", CmdLs}, {"mkdir", CmdMkdir},
    {"pwd", CmdPwd},        {"rm", CmdRm},     {"rmdir", CmdRmdir}, {"sleep", CmdSleep},
    {"sync", CmdSync},      {"test", CmdTest}, {"touch", CmdTouch}, {"true", CmdTrue},
    {"wc", CmdWc},
}};

}  // namespace

CommandFn FindCommand(std::string_view tool) {
  for (const auto& e : kCommands) {
    if (e.name == tool) return e.fn;
  }
  return nullptr;
}

std::vector<std::string> CommandNames() {
  std::vector<std::string> out;
  for (const auto& e : kCommands) out.emplace_back(e.name);
  std::sort(out.begin(), out.end());
  return out;
}

void UsageError(CommandEnv& env, const std::string& prog, std::string_view message) {
  *env.err += prog + ": " + std::string(message) + "\nTry '" + prog +
              " --help' for more information.\n";
}

bool ParseArgs(CommandEnv& env, const std::vector<std::string>& argv, std::string_view shorts,
               const std::map<std::string, char, std::less<>>& longs, ParsedArgs* parsed) {
  const std::string& prog = argv.empty() ? std::string("?") : argv[0];
  bool options_done = false;
  for (std::size_t i = 1; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (options_done || a.size() < 2 || a[0] != '-') {
      parsed->operands.push_back(a);
      continue;
    }
    if (a == "--") {
      options_done = true;
      continue;
    }
    if (a[1] == '-') {
      std::string_view name = std::string_view(a).substr(2);
      if (auto eq = name.find('='); eq != std::string_view::npos) name = name.substr(0, eq);
      auto it = longs.find(name);
      if (it == longs.end()) {
        UsageError(env, prog, "unrecognized option '" + a + "'");
        return false;
      }
      if (it->second != 0) parsed->flags += it->second;
      continue;
    }
    for (std::size_t j = 1; j < a.size(); ++j) {
      if (shorts.find(a[j]) == std::string_view::npos) {
        UsageError(env, prog, std::string("invalid option -- '") + a[j] + "'");
        return false;
      }
      parsed->flags += a[j];
    }
  }
  return true;
}

std::string QuoteArg(std::string_view name) {
  if (name.find('\'') != std::string_view::npos) return "\"" + std::string(name) + "\"";
  return "'" + std::string(name) + "'";
}

}  // namespace snapsim::csi::shell
