// DfUsage: what statfs() reports for a file system — the numbers `df` prints — from
// the simulator's view of a disk (its filesystem size and the bytes FileTree counts).
//
// The model (approximate but plausible; documented because the numbers show in df):
//   ext2/3/4 (4 KiB blocks, mke2fs defaults): Size excludes the inode tables (one
//     256-byte inode per 16 KiB), the journal (ext3/ext4; mke2fs's default journal size
//     for the block count) and two bitmap blocks per 128 MiB group; Used adds to the
//     files the superblock and group-descriptor copies (with the reserved GDT blocks) of
//     the sparse groups and lost+found's 16 KiB; Avail leaves out the 5% reserved for
//     root. A 20 GiB disk with only lost+found: "20G 45M 19G 1%", as on a real ECS disk.
//   xfs: Size excludes the log (fs/2048, at least 10 MiB); Used adds fs/128 of metadata.
//   overlay (the container's root): the node's 40 GiB ext4 system disk with 5 GiB of
//     images and system plus the root file system's bytes.
// Use% is used / (used + avail) rounded up, as df computes it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace snapsim::csi::shell {

struct DfUsage {
  std::uint64_t size_bytes = 0;
  std::uint64_t used_bytes = 0;
  std::uint64_t avail_bytes = 0;
};

// `used_bytes`: the Device's used bytes (file bytes + 4 KiB per directory).
DfUsage FsUsage(std::string_view fs_type, std::uint64_t fs_size_bytes, std::uint64_t used_bytes);
// The root (overlay) file system, holding `rootfs_bytes` of the container's own files.
DfUsage OverlayUsage(std::uint64_t rootfs_bytes);
// "1%", or "-" when used + avail is 0.
std::string UsePercent(const DfUsage& u);

}  // namespace snapsim::csi::shell
