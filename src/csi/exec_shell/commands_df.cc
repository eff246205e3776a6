// df: the container's file systems — overlay on /, then each mounted volume in mount
// order (its Device path as the source) — with sizes from df_usage.h. -h (human, "Avail"
// header), -k (the default 1K-blocks), -T (Type column); operands select the file
// system holding each path. Columns as coreutils aligns them: Filesystem left (at least
// 14 wide), numbers right (at least 5; Use% 4), "Mounted on" unpadded.
#include <algorithm>
#include <array>
#include <map>

#include "src/csi/exec_shell/command.h"
#include "src/csi/exec_shell/df_usage.h"
#include "src/csi/exec_shell/human_size.h"

namespace snapsim::csi::shell {
namespace {

struct Row {
  std::string source;
  std::string type;
  DfUsage usage;
  std::string target;
};

// The row for the file system holding abs_path; error text on failure.
Result<Row> RowFor(const CommandEnv& env, const ContainerFs::MountPoint* m) {
  Row r;
  if (m == nullptr) {
    r.source = "overlay";
    r.type = "overlay";
    r.usage = OverlayUsage(env.fs.rootfs().FileBytes());
    r.target = "/";
    return r;
  }
  auto path = m->device.DevicePath();
  auto type = m->device.FsType();
  auto stats = m->device.StatFs();
  if (!path.ok() || !type.ok() || !stats.ok()) {
    return Status::FailedPrecondition("Input/output error");
  }
  // ECS reports the Xen-era name (/dev/xvdb); the guest kernel of today's instance
  // families sees a virtio disk, /dev/vdb, and that is what df shows.
  r.source = path->rfind("/dev/xvd", 0) == 0 ? "/dev/vd" + path->substr(8) : *path;
  r.type = *type;
  r.usage = FsUsage(*type, stats->size_bytes, stats->used_bytes);
  r.target = m->path;
  return r;
}

std::string Pad(const std::string& s, std::size_t w, bool left) {
  if (s.size() >= w) return s;
  return left ? s + std::string(w - s.size(), ' ') : std::string(w - s.size(), ' ') + s;
}

}  // namespace

int CmdDf(CommandEnv& env, const std::vector<std::string>& argv) {
  ParsedArgs args;
  static const std::map<std::string, char, std::less<>> kLongs = {
      {"human-readable", 'h'}, {"print-type", 'T'}};
  if (!ParseArgs(env, argv, "hkTP", kLongs, &args)) return 1;
  bool human = false;
  for (char c : args.flags) {
    if (c == 'h') human = true;
    if (c == 'k') human = false;
  }
  const bool with_type = args.Has('T');
  int status = 0;

  std::vector<Row> rows;
  auto add = [&](const ContainerFs::MountPoint* m, const std::string& shown) {
    auto row = RowFor(env, m);
    if (!row.ok()) {
      *env.err += argv[0] + ": " + shown + ": " + row.status().message() + "\n";
      status = 1;
      return;
    }
    rows.push_back(std::move(*row));
  };
  if (args.operands.empty()) {
    add(nullptr, "/");
    for (const auto& m : env.fs.mounts()) add(&m, m.path);
  } else {
    for (const auto& op : args.operands) {
      const std::string abs = env.Abs(op);
      auto st = env.fs.Stat(abs);
      if (!st.ok()) {
        *env.err += argv[0] + ": " + op + ": " + st.status().message() + "\n";
        status = 1;
        continue;
      }
      add(env.fs.MountFor(abs), op);
    }
  }
  if (rows.empty()) {
    if (status == 0) *env.err += argv[0] + ": no file systems processed\n";
    return 1;
  }

  auto num = [&](std::uint64_t bytes) {
    return human ? HumanSize(bytes) : std::to_string(CeilDiv(bytes, 1024));
  };
  std::vector<std::vector<std::string>> table;
  std::vector<std::string> header = {"Filesystem"};
  if (with_type) header.push_back("Type");
  for (const char* h : {human ? "Size" : "1K-blocks", "Used", human ? "Avail" : "Available",
                        "Use%", "Mounted on"}) {
    header.push_back(h);
  }
  table.push_back(header);
  for (const auto& r : rows) {
    std::vector<std::string> cells = {r.source};
    if (with_type) cells.push_back(r.type);
    for (auto s : {num(r.usage.size_bytes), num(r.usage.used_bytes), num(r.usage.avail_bytes),
                   UsePercent(r.usage), r.target}) {
      cells.push_back(std::move(s));
    }
    table.push_back(std::move(cells));
  }
  std::vector<std::size_t> widths = {14};
  if (with_type) widths.push_back(4);
  for (std::size_t w : {5, 5, 5, 4, 0}) widths.push_back(w);
  for (const auto& cells : table) {
    for (std::size_t c = 0; c < cells.size(); ++c) widths[c] = std::max(widths[c], cells[c].size());
  }
  const std::size_t left_cols = with_type ? 2 : 1;
  for (const auto& cells : table) {
    std::string line;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      if (c > 0) line += ' ';
      if (c + 1 == cells.size()) {
        line += cells[c];
      } else {
        line += Pad(cells[c], widths[c], c < left_cols);
      }
    }
    *env.out += line + "\n";
  }
  return status;
}

}  // namespace snapsim::csi::shell
