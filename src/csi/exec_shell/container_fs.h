// ContainerFs: the file system one container sees — its image's root file system (an
// ecs::FileTree owned by the container, lost when the container restarts) with volumes
// (ecs::Device) mounted over absolute paths; the longest matching mount point wins.
//
// Every operation takes an absolute path (see AbsPath) and fails with the strerror text
// of the errno the kernel would return, so a command can print "touch: cannot touch
// 'x': Read-only file system":
//   everything FileTree returns (No such file or directory, Not a directory, ...),
//   "Read-only file system" (EROFS) for a change under a read-only mount — checked after
//     the lookups that fail first on Linux (a missing parent is still ENOENT, an existing
//     directory still EEXIST for mkdir),
//   "Device or resource busy" (EBUSY) removing a mount point,
//   "No space left on device" from the Device,
//   "Input/output error" (EIO) for any other Device failure (the disk went away).
// /dev/null reads as empty and swallows writes. Mount() creates the mount point in the
// root file system (as the container runtime does). Paths are lexical: no symlinks.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/engine/status.h"
#include "src/fake_ecs/device.h"
#include "src/fake_ecs/file_tree.h"

namespace snapsim::csi::shell {

// "/a/./b//c/../d" -> "/a/b/d"; "" and "/.." -> "/". Always absolute.
std::string CleanPath(std::string_view path);
// `operand` relative to `cwd` (or absolute), cleaned.
std::string AbsPath(std::string_view cwd, std::string_view operand);

class ContainerFs {
 public:
  using EntryInfo = ecs::FileTree::EntryInfo;
  struct MountPoint {
    std::string path;  // clean, absolute
    ecs::Device device;
    bool readonly = false;
  };

  explicit ContainerFs(ecs::FileTree rootfs);

  // Mounts `device` over `path` (replacing a mount at exactly that path).
  void Mount(std::string path, ecs::Device device, bool readonly);
  // Removes the mount at exactly `path`; false if there was none.
  bool Unmount(std::string_view path);

  const ecs::FileTree& rootfs() const { return rootfs_; }
  // In mount order (what /proc/mounts and df show).
  const std::vector<MountPoint>& mounts() const { return mounts_; }
  // The mount serving `abs_path`, or nullptr for the root file system.
  const MountPoint* MountFor(std::string_view abs_path) const;
  bool IsMountPoint(std::string_view abs_path) const;
  // "overlay" for the root file system, else the device's fs type ("ext4", ...).
  std::string FsTypeAt(std::string_view abs_path) const;

  Result<EntryInfo> Stat(std::string_view abs_path) const;
  Result<std::vector<EntryInfo>> List(std::string_view abs_path) const;
  Result<std::string> Read(std::string_view abs_path) const;
  // Creates or truncates (Write) / creates or extends (Append) a file.
  Status Write(std::string_view abs_path, std::string_view data);
  Status Append(std::string_view abs_path, std::string_view data);
  // touch: creates an empty file, or (existing) only checks it could update its times.
  Status Touch(std::string_view abs_path);
  Status Mkdir(std::string_view abs_path, bool parents = false);
  // unlink / rmdir: a file or an empty directory.
  Status Remove(std::string_view abs_path);

 private:
  struct Where {
    const MountPoint* mount = nullptr;  // nullptr = rootfs
    std::string rel;                    // path inside that file system
  };
  Where Resolve(std::string_view abs_path) const;
  // ENOENT/ENOTDIR if the parent of `abs_path` is missing; EROFS if read-only.
  Status CheckParentWritable(std::string_view abs_path) const;
  Status WriteImpl(std::string_view abs_path, std::string_view data, bool append);

  ecs::FileTree rootfs_;
  std::vector<MountPoint> mounts_;
};

}  // namespace snapsim::csi::shell
