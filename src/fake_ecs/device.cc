#include "src/fake_ecs/device.h"

#include <fmt/format.h>

#include "src/fake_ecs/backend.h"

namespace snapsim::ecs {
namespace {

using internal::Disk;

constexpr std::uint64_t kDirBytes = 4096;

std::uint64_t Used(const FileTree& t) { return t.FileBytes() + kDirBytes * t.DirCount(); }

enum Op { kWrite, kAppend, kMkdir, kRemove };

}  // namespace

Result<Disk*> Device::Attached() const { return backend_->AttachedDisk(disk_id_, instance_id_); }

Result<Disk*> Device::Mounted() const {
  SNAPSIM_ASSIGN_OR_RETURN(Disk * d, Attached());
  if (d->contents.fs_type.empty()) {
    return Status::FailedPrecondition(fmt::format("disk {} has no filesystem", disk_id_));
  }
  return d;
}

Result<std::string> Device::DevicePath() const {
  SNAPSIM_ASSIGN_OR_RETURN(Disk * d, Attached());
  return d->device;
}

Result<std::uint64_t> Device::SizeBytes() const {
  SNAPSIM_ASSIGN_OR_RETURN(Disk * d, Attached());
  return static_cast<std::uint64_t>(d->size_gib) << 30;
}

Result<std::string> Device::FsType() const {
  SNAPSIM_ASSIGN_OR_RETURN(Disk * d, Attached());
  return d->contents.fs_type;
}

Status Device::Format(std::string_view fs_type) {
  if (fs_type != "ext2" && fs_type != "ext3" && fs_type != "ext4" && fs_type != "xfs") {
    return Status::InvalidArgument(fmt::format("unsupported filesystem type \"{}\"", fs_type));
  }
  SNAPSIM_ASSIGN_OR_RETURN(Disk * d, Attached());
  internal::Contents c;
  c.fs_type = std::string(fs_type);
  c.fs_size_bytes = static_cast<std::uint64_t>(d->size_gib) << 30;
  if (fs_type != "xfs") SNAPSIM_RETURN_IF_ERROR(c.tree.Mkdir("lost+found"));
  d->contents = std::move(c);
  d->used = true;
  return Status::Ok();
}

Status Device::GrowFs() {
  SNAPSIM_ASSIGN_OR_RETURN(Disk * d, Mounted());
  d->contents.fs_size_bytes = static_cast<std::uint64_t>(d->size_gib) << 30;
  return Status::Ok();
}

Result<FsStats> Device::StatFs() const {
  SNAPSIM_ASSIGN_OR_RETURN(Disk * d, Mounted());
  FsStats s;
  s.size_bytes = d->contents.fs_size_bytes;
  s.used_bytes = Used(d->contents.tree);
  s.avail_bytes = s.used_bytes >= s.size_bytes ? 0 : s.size_bytes - s.used_bytes;
  return s;
}

Result<FileTree::EntryInfo> Device::Stat(std::string_view path) const {
  SNAPSIM_ASSIGN_OR_RETURN(Disk * d, Mounted());
  return d->contents.tree.Stat(path);
}

Result<std::vector<FileTree::EntryInfo>> Device::List(std::string_view path) const {
  SNAPSIM_ASSIGN_OR_RETURN(Disk * d, Mounted());
  return d->contents.tree.List(path);
}

Result<std::string> Device::Read(std::string_view path) const {
  SNAPSIM_ASSIGN_OR_RETURN(Disk * d, Mounted());
  return d->contents.tree.Read(path);
}

Status Device::Mutate(std::string_view path, std::string_view data, int op, bool flag) {
  SNAPSIM_ASSIGN_OR_RETURN(Disk * d, Mounted());
  if (op == kWrite || op == kAppend) {  // refuse before copying any bytes
    std::uint64_t old_size = 0;
    if (auto st = d->contents.tree.Stat(path); st.ok() && !st->is_dir) old_size = st->size;
    std::uint64_t after = Used(d->contents.tree) + data.size() - (op == kWrite ? old_size : 0);
    if (after > d->contents.fs_size_bytes && data.size() > 0) {
      return Status::FailedPrecondition("No space left on device");
    }
  }
  FileTree t = d->contents.tree;  // O(1) copy; only committed if it fits
  switch (op) {
    case kWrite:
      SNAPSIM_RETURN_IF_ERROR(t.Write(path, data, false));
      break;
    case kAppend:
      SNAPSIM_RETURN_IF_ERROR(t.Write(path, data, true));
      break;
    case kMkdir:
      SNAPSIM_RETURN_IF_ERROR(t.Mkdir(path, flag));
      break;
    default:
      SNAPSIM_RETURN_IF_ERROR(t.Remove(path, flag));
      break;
  }
  if (Used(t) > d->contents.fs_size_bytes && Used(t) > Used(d->contents.tree)) {
    return Status::FailedPrecondition("No space left on device");
  }
  d->contents.tree = std::move(t);
  d->used = true;
  return Status::Ok();
}

Status Device::Write(std::string_view path, std::string_view data) {
  return Mutate(path, data, kWrite, false);
}
Status Device::Append(std::string_view path, std::string_view data) {
  return Mutate(path, data, kAppend, false);
}
Status Device::Mkdir(std::string_view path, bool parents) {
  return Mutate(path, "", kMkdir, parents);
}
Status Device::Remove(std::string_view path, bool recursive) {
  return Mutate(path, "", kRemove, recursive);
}

}  // namespace snapsim::ecs
