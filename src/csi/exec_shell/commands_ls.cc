// ls: -l -a -A -1 -C -d -h -r; files as operands first, then each directory (with a
// "dir:" header when there is more than one operand); one name per line unless the
// output is a terminal (ShellOptions::tty), where names are quoted and laid out in
// columns. Long format: mode, links, root root, size, the virtual now, name.
#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "src/csi/exec_shell/command.h"
#include "src/csi/exec_shell/human_size.h"
#include "src/csi/exec_shell/ls_format.h"

namespace snapsim::csi::shell {
namespace {

struct LsFlags {
  bool all = false;         // -a
  bool almost_all = false;  // -A
  bool long_format = false;
  bool human = false;
  bool directory = false;   // -d
  bool reverse = false;
  enum Format { kOnePerLine, kColumns } format = kOnePerLine;
};

struct Item {
  std::string name;  // as shown (operand as typed, or the entry name)
  std::string abs;   // absolute path
  bool is_dir = false;
  std::uint64_t size = 0;
  std::uint64_t nlink = 1;
  std::uint64_t blocks_k = 0;  // allocated 1 KiB blocks
  std::string mode;
  std::string size_text;       // device numbers for /dev/null
};

std::string ListingParent(const std::string& abs) {
  auto slash = abs.rfind('/');
  return slash == 0 ? "/" : abs.substr(0, slash);
}

std::string Basename(const std::string& abs) {
  return abs == "/" ? "/" : abs.substr(abs.rfind('/') + 1);
}

// Fills mode, nlink, blocks for an item whose is_dir/size are set.
void Describe(const CommandEnv& env, Item& it) {
  const bool on_rootfs = env.fs.MountFor(it.abs) == nullptr;
  if (it.is_dir) {
    it.mode = "drwxr-xr-x";
    it.blocks_k = 4;
    std::uint64_t subdirs = 0;
    if (auto l = env.fs.List(it.abs); l.ok()) {
      for (const auto& e : *l) subdirs += e.is_dir;
    }
    it.nlink = 2 + subdirs;
    if (on_rootfs) {
      if (it.abs == "/tmp") it.mode = "drwxrwxrwt";
      if (it.abs == "/root") it.mode = "drwx------";
      if (it.abs == "/proc" || it.abs == "/sys") it.mode = "dr-xr-xr-x";
    }
    const std::string parent = ListingParent(it.abs);
    const std::string fs_type = env.fs.FsTypeAt(it.abs);
    if (Basename(it.abs) == "lost+found" && env.fs.IsMountPoint(parent) &&
        fs_type.rfind("ext", 0) == 0) {
      it.mode = "drwx------";  // mke2fs makes lost+found 16 KiB, mode 0700
      it.size = 16384;
      it.blocks_k = 16;
    }
  } else {
    it.mode = "-rw-r--r--";
    it.nlink = 1;
    it.blocks_k = CeilDiv(it.size, 4096) * 4;
    if (on_rootfs && it.abs == "/dev/null") {
      it.mode = "crw-rw-rw-";
      it.size_text = "1, 3";
    } else if (on_rootfs && it.abs.rfind("/bin/", 0) == 0) {
      it.mode = "-rwxr-xr-x";
    }
  }
}

std::string Shown(const CommandEnv& env, const std::string& name, bool some_quoted) {
  if (!env.options.tty) return name;
  if (NeedsQuotes(name)) return TtyName(name);
  return some_quoted ? " " + name : name;
}

// Prints a group of items (one directory's entries, or the file operands).
void PrintItems(CommandEnv& env, const LsFlags& flags, const std::vector<Item>& items,
                bool with_total) {
  bool some_quoted = false;  // GNU pads the unquoted names only in long and column formats
  if (env.options.tty && (flags.long_format || flags.format == LsFlags::kColumns)) {
    for (const auto& it : items) some_quoted |= NeedsQuotes(it.name);
  }
  std::string& out = *env.out;
  if (flags.long_format) {
    if (with_total) {
      std::uint64_t total = 0;
      for (const auto& it : items) total += it.blocks_k;
      out += "total " + (flags.human ? HumanSize(total * 1024) : std::to_string(total)) + "\n";
    }
    std::size_t wl = 0, ws = 0;
    std::vector<std::string> sizes;
    for (const auto& it : items) {
      sizes.push_back(!it.size_text.empty() ? it.size_text
                      : flags.human        ? HumanSize(it.size)
                                           : std::to_string(it.size));
      wl = std::max(wl, std::to_string(it.nlink).size());
      ws = std::max(ws, sizes.back().size());
    }
    const std::string date = LsDate(env.options.now_unix_seconds);
    for (std::size_t i = 0; i < items.size(); ++i) {
      const Item& it = items[i];
      out += fmt::format("{} {:>{}} root root {:>{}} {} {}\n", it.mode, it.nlink, wl, sizes[i], ws,
                         date, Shown(env, it.name, some_quoted));
    }
    return;
  }
  std::vector<std::string> names;
  for (const auto& it : items) names.push_back(Shown(env, it.name, some_quoted));
  if (flags.format == LsFlags::kColumns) {
    out += FormatColumns(names, env.options.terminal_width);
  } else {
    for (const auto& n : names) out += n + "\n";
  }
}

void SortItems(std::vector<Item>& items, bool reverse) {
  std::stable_sort(items.begin(), items.end(),
                   [](const Item& a, const Item& b) { return a.name < b.name; });
  if (reverse) std::reverse(items.begin(), items.end());
}

}  // namespace

int CmdLs(CommandEnv& env, const std::vector<std::string>& argv) {
  ParsedArgs args;
  static const std::map<std::string, char, std::less<>> kLongs = {
      {"all", 'a'},       {"almost-all", 'A'}, {"human-readable", 'h'}, {"directory", 'd'},
      {"reverse", 'r'},   {"color", 0},        {"format", 0}};
  if (!ParseArgs(env, argv, "laA1Cdhr", kLongs, &args)) return 2;
  LsFlags flags;
  flags.format = env.options.tty ? LsFlags::kColumns : LsFlags::kOnePerLine;
  for (char c : args.flags) {
    switch (c) {
      case 'l': flags.long_format = true; break;
      case 'a': flags.all = true; break;
      case 'A': flags.almost_all = true; break;
      case '1': flags.format = LsFlags::kOnePerLine; flags.long_format = false; break;
      case 'C': flags.format = LsFlags::kColumns; flags.long_format = false; break;
      case 'd': flags.directory = true; break;
      case 'h': flags.human = true; break;
      case 'r': flags.reverse = true; break;
      default: break;
    }
    if (c == 'l') flags.format = LsFlags::kOnePerLine;
  }
  std::vector<std::string> operands = args.operands;
  const bool print_dir_names = operands.size() > 1;
  if (operands.empty()) operands.push_back(".");

  int status = 0;
  std::vector<Item> files;
  std::vector<Item> dirs;
  for (const auto& op : operands) {
    Item it;
    it.name = op;
    it.abs = env.Abs(op);
    auto st = env.fs.Stat(it.abs);
    if (!st.ok()) {
      *env.err += argv[0] + ": cannot access " + QuoteArg(op) + ": " + st.status().message() + "\n";
      status = 2;
      continue;
    }
    it.is_dir = st->is_dir;
    it.size = st->size;
    if (flags.long_format) Describe(env, it);
    (it.is_dir && !flags.directory ? dirs : files).push_back(std::move(it));
  }
  SortItems(files, flags.reverse);
  SortItems(dirs, flags.reverse);

  bool first = true;
  if (!files.empty()) {
    PrintItems(env, flags, files, /*with_total=*/false);
    first = false;
  }
  for (const auto& dir : dirs) {
    auto listing = env.fs.List(dir.abs);
    if (!listing.ok()) {
      *env.err += argv[0] + ": cannot open directory " + QuoteArg(dir.name) + ": " +
                  listing.status().message() + "\n";
      status = 2;
      continue;
    }
    if (print_dir_names) {
      if (!first) *env.out += "\n";
      *env.out += dir.name + ":\n";
    }
    first = false;
    std::vector<Item> items;
    if (flags.all) {
      for (const char* dot : {".", ".."}) {
        Item it;
        it.name = dot;
        it.abs = AbsPath(dir.abs, dot);
        it.is_dir = true;
        it.size = 4096;
        items.push_back(std::move(it));
      }
    }
    for (const auto& e : *listing) {
      if (!flags.all && !flags.almost_all && !e.name.empty() && e.name[0] == '.') continue;
      Item it;
      it.name = e.name;
      it.abs = AbsPath(dir.abs, e.name);
      it.is_dir = e.is_dir;
      it.size = e.size;
      if (auto st = env.fs.Stat(it.abs); st.ok()) {  // a mount point shows its mount
        it.is_dir = st->is_dir;
        it.size = st->size;
      }
      items.push_back(std::move(it));
    }
    if (flags.long_format) {
      for (auto& it : items) Describe(env, it);
    }
    SortItems(items, flags.reverse);
    PrintItems(env, flags, items, /*with_total=*/true);
  }
  return status;
}

}  // namespace snapsim::csi::shell
