// Device: the data plane — one ECS disk as seen from the instance it is attached to
// (what a node plugin sees as /dev/xvdX, and through a mount, as files).
//
// Ecs::OpenDevice(disk, instance) hands one out only while the disk is In_use on that
// instance, and every operation checks that again, so a node never reaches a disk
// around ECS (DESIGN.md). A fresh disk has no filesystem: FsType() is "" and file
// operations fail until Format() (mkfs) runs; ext4 creates lost+found, xfs does not.
// A disk created from a snapshot starts with exactly the snapshot's filesystem — at
// the snapshot's size, until GrowFs() (resize2fs / xfs_growfs) grows it to the disk.
//
// File operations are FileTree's (file_tree.h: paths, sorted listings, strerror-text
// errors) plus "No space left on device" (FailedPrecondition) when a write would not
// fit. Other failures (FailedPrecondition): "disk d-... is not attached to instance
// i-..." and "disk d-... has no filesystem". A Device must not outlive its Ecs.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/engine/status.h"
#include "src/fake_ecs/file_tree.h"

namespace snapsim::ecs {

namespace internal {
class Backend;
struct Disk;
}  // namespace internal

struct FsStats {
  std::uint64_t size_bytes = 0;
  std::uint64_t used_bytes = 0;
  std::uint64_t avail_bytes = 0;
};

class Device {
 public:
  const std::string& disk_id() const { return disk_id_; }
  const std::string& instance_id() const { return instance_id_; }

  Result<std::string> DevicePath() const;   // "/dev/xvdb"
  Result<std::uint64_t> SizeBytes() const;  // the disk's size
  Result<std::string> FsType() const;       // "" = no filesystem (blkid finds nothing)
  Status Format(std::string_view fs_type);  // mkfs: ext2|ext3|ext4|xfs; erases everything
  Status GrowFs();                          // the filesystem takes the whole disk
  Result<FsStats> StatFs() const;           // used = file bytes + 4 KiB per directory

  Result<FileTree::EntryInfo> Stat(std::string_view path) const;
  Result<std::vector<FileTree::EntryInfo>> List(std::string_view path) const;
  Result<std::string> Read(std::string_view path) const;
  Status Write(std::string_view path, std::string_view data);
  Status Append(std::string_view path, std::string_view data);
  Status Mkdir(std::string_view path, bool parents = false);
  Status Remove(std::string_view path, bool recursive = false);

 private:
  friend class Ecs;
  Device(internal::Backend* backend, std::string disk_id, std::string instance_id)
      : backend_(backend), disk_id_(std::move(disk_id)), instance_id_(std::move(instance_id)) {}
  Result<internal::Disk*> Attached() const;
  Result<internal::Disk*> Mounted() const;  // attached and formatted
  Status Mutate(std::string_view path, std::string_view data, int op, bool flag);

  internal::Backend* backend_;
  std::string disk_id_;
  std::string instance_id_;
};

}  // namespace snapsim::ecs
