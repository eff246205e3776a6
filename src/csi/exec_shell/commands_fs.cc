// File commands: cat, touch, rm, rmdir, mkdir — GNU coreutils messages and exit codes.
#include <map>

#include "src/csi/exec_shell/command.h"
#include "src/csi/exec_shell/ls_format.h"

namespace snapsim::csi::shell {
namespace {

// quotef(): the name as is, or shell-quoted if it needs it.
std::string QuoteF(std::string_view name) {
  return NeedsQuotes(name) ? TtyName(name) : std::string(name);
}

bool IsMissing(const Status& s) {
  return s.message() == "No such file or directory" || s.message() == "Not a directory";
}

std::string Join(const std::string& dir, const std::string& name) {
  return !dir.empty() && dir.back() == '/' ? dir + name : dir + "/" + name;
}

std::string LastComponent(std::string_view path) {
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  auto slash = path.rfind('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

struct RmFlags {
  bool recursive = false;
  bool force = false;
  bool dir = false;  // -d
};

// Removes `shown` (absolute `abs`); false on any error (already reported).
bool RemoveTree(CommandEnv& env, const std::string& prog, const RmFlags& f,
                const std::string& shown, const std::string& abs, bool is_dir) {
  if (is_dir) {
    auto listing = env.fs.List(abs);
    if (!listing.ok()) {
      *env.err += prog + ": cannot remove " + QuoteArg(shown) + ": " +
                  listing.status().message() + "\n";
      return false;
    }
    bool ok = true;
    for (const auto& e : *listing) {
      const std::string child = AbsPath(abs, e.name);
      auto st = env.fs.Stat(child);
      ok &= RemoveTree(env, prog, f, Join(shown, e.name), child, st.ok() ? st->is_dir : e.is_dir);
    }
    if (!ok) return false;  // rm leaves the ancestors of a failure alone, silently
  }
  Status s = env.fs.Remove(abs);
  if (!s.ok()) {
    *env.err += prog + ": cannot remove " + QuoteArg(shown) + ": " + s.message() + "\n";
    return false;
  }
  return true;
}

}  // namespace

int CmdCat(CommandEnv& env, const std::vector<std::string>& argv) {
  ParsedArgs args;
  if (!ParseArgs(env, argv, "u", {}, &args)) return 1;
  if (args.operands.empty()) args.operands.push_back("-");
  int status = 0;
  for (const auto& op : args.operands) {
    if (op == "-") {
      *env.out += env.in;
      continue;
    }
    auto data = env.fs.Read(env.Abs(op));
    if (!data.ok()) {
      *env.err += argv[0] + ": " + QuoteF(op) + ": " + data.status().message() + "\n";
      status = 1;
      continue;
    }
    *env.out += *data;
  }
  return status;
}

int CmdTouch(CommandEnv& env, const std::vector<std::string>& argv) {
  ParsedArgs args;
  static const std::map<std::string, char, std::less<>> kLongs = {{"no-create", 'c'}};
  if (!ParseArgs(env, argv, "acm", kLongs, &args)) return 1;
  if (args.operands.empty()) {
    UsageError(env, argv[0], "missing file operand");
    return 1;
  }
  int status = 0;
  for (const auto& op : args.operands) {
    const std::string abs = env.Abs(op);
    if (args.Has('c') && !env.fs.Stat(abs).ok()) continue;
    Status s = env.fs.Touch(abs);
    if (!s.ok()) {
      *env.err += argv[0] + ": cannot touch " + QuoteArg(op) + ": " + s.message() + "\n";
      status = 1;
    }
  }
  return status;
}

int CmdRm(CommandEnv& env, const std::vector<std::string>& argv) {
  ParsedArgs args;
  static const std::map<std::string, char, std::less<>> kLongs = {
      {"recursive", 'r'}, {"force", 'f'}, {"dir", 'd'}, {"verbose", 'v'}, {"no-preserve-root", 'P'}};
  if (!ParseArgs(env, argv, "rRfdv", kLongs, &args)) return 1;
  RmFlags f;
  f.recursive = args.Has('r') || args.Has('R');
  f.force = args.Has('f');
  f.dir = args.Has('d');
  if (args.operands.empty()) {
    if (f.force) return 0;
    UsageError(env, argv[0], "missing operand");
    return 1;
  }
  const std::string& prog = argv[0];
  int status = 0;
  for (const auto& op : args.operands) {
    const std::string last = LastComponent(op);
    if (last == "." || last == "..") {
      *env.err += prog + ": refusing to remove '.' or '..' directory: skipping " + QuoteArg(op) +
                  "\n";
      status = 1;
      continue;
    }
    const std::string abs = env.Abs(op);
    if (abs == "/" && f.recursive && !args.Has('P')) {
      *env.err += prog + ": it is dangerous to operate recursively on '/'\n" + prog +
                  ": use --no-preserve-root to override this failsafe\n";
      status = 1;
      continue;
    }
    auto st = env.fs.Stat(abs);
    if (!st.ok()) {
      if (f.force && IsMissing(st.status())) continue;
      *env.err += prog + ": cannot remove " + QuoteArg(op) + ": " + st.status().message() + "\n";
      status = 1;
      continue;
    }
    if (st->is_dir && !f.recursive) {
      auto listing = env.fs.List(abs);
      if (!f.dir || (listing.ok() && !listing->empty())) {
        *env.err += prog + ": cannot remove " + QuoteArg(op) + ": " +
                    (f.dir ? "Directory not empty" : "Is a directory") + "\n";
        status = 1;
        continue;
      }
    }
    if (!RemoveTree(env, prog, f, op, abs, st->is_dir && f.recursive)) status = 1;
  }
  return status;
}

int CmdRmdir(CommandEnv& env, const std::vector<std::string>& argv) {
  ParsedArgs args;
  if (!ParseArgs(env, argv, "", {}, &args)) return 1;
  if (args.operands.empty()) {
    UsageError(env, argv[0], "missing operand");
    return 1;
  }
  int status = 0;
  for (const auto& op : args.operands) {
    const std::string abs = env.Abs(op);
    Status s;
    auto st = env.fs.Stat(abs);
    if (!st.ok()) {
      s = st.status();
    } else if (!st->is_dir) {
      s = Status::FailedPrecondition("Not a directory");
    } else {
      s = env.fs.Remove(abs);
    }
    if (!s.ok()) {
      *env.err += argv[0] + ": failed to remove " + QuoteArg(op) + ": " + s.message() + "\n";
      status = 1;
    }
  }
  return status;
}

int CmdMkdir(CommandEnv& env, const std::vector<std::string>& argv) {
  ParsedArgs args;
  static const std::map<std::string, char, std::less<>> kLongs = {{"parents", 'p'},
                                                                  {"verbose", 'v'}};
  if (!ParseArgs(env, argv, "pv", kLongs, &args)) return 1;
  if (args.operands.empty()) {
    UsageError(env, argv[0], "missing operand");
    return 1;
  }
  const bool parents = args.Has('p');
  int status = 0;
  auto fail = [&](const std::string& shown, const Status& s) {
    *env.err += argv[0] + ": cannot create directory " + QuoteArg(shown) + ": " + s.message() +
                "\n";
    status = 1;
  };
  for (const auto& op : args.operands) {
    bool failed = false;
    if (parents) {  // each missing ancestor, as typed
      for (std::size_t pos = op.find('/', 1); pos != std::string::npos && !failed;
           pos = op.find('/', pos + 1)) {
        const std::string prefix = op.substr(0, pos);
        if (LastComponent(prefix).empty() || prefix.back() == '/') continue;
        const std::string abs = env.Abs(prefix);
        auto st = env.fs.Stat(abs);
        Status s;
        if (st.ok()) {
          if (!st->is_dir) s = Status::FailedPrecondition("Not a directory");
        } else {
          s = env.fs.Mkdir(abs);
        }
        if (!s.ok()) {
          fail(prefix, s);
          failed = true;
        }
      }
    }
    if (failed) continue;
    Status s = env.fs.Mkdir(env.Abs(op), parents);
    if (!s.ok()) fail(op, s);
  }
  return status;
}

}  // namespace snapsim::csi::shell
