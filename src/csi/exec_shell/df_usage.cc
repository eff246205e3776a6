#include "src/csi/exec_shell/df_usage.h"

#include <algorithm>

#include "src/csi/exec_shell/human_size.h"

namespace snapsim::csi::shell {
namespace {

constexpr std::uint64_t kBlock = 4096;
constexpr std::uint64_t kBlocksPerGroup = 32768;
constexpr std::uint64_t kGiB = std::uint64_t{1} << 30;
constexpr std::uint64_t kMiB = std::uint64_t{1} << 20;

// e2fsprogs ext2fs_default_journal_size(), in blocks.
std::uint64_t JournalBlocks(std::uint64_t blocks) {
  if (blocks < 2048) return 0;
  if (blocks < 32768) return 1024;
  if (blocks < 256 * 1024) return 4096;
  if (blocks < 512 * 1024) return 8192;
  if (blocks < 4096 * 1024) return 16384;
  if (blocks < 8192 * 1024) return 32768;
  if (blocks < 16384 * 1024) return 65536;
  if (blocks < 32768 * 1024) return 131072;
  return 262144;
}

bool IsPowerOf(std::uint64_t n, std::uint64_t base) {
  while (n > 1 && n % base == 0) n /= base;
  return n == 1;
}

// Groups holding a superblock backup (sparse_super): 0, 1 and powers of 3, 5, 7.
std::uint64_t SparseGroups(std::uint64_t groups) {
  std::uint64_t n = 0;
  for (std::uint64_t g = 0; g < groups; ++g) {
    if (g <= 1 || IsPowerOf(g, 3) || IsPowerOf(g, 5) || IsPowerOf(g, 7)) ++n;
  }
  return n;
}

DfUsage Ext(std::string_view fs_type, std::uint64_t fs_size, std::uint64_t used_bytes) {
  const std::uint64_t blocks = fs_size / kBlock;
  const std::uint64_t groups = std::max<std::uint64_t>(1, CeilDiv(blocks, kBlocksPerGroup));
  const std::uint64_t inode_table = fs_size / 16384 * 256 / kBlock;
  const std::uint64_t journal = fs_type == "ext2" ? 0 : JournalBlocks(blocks);
  const std::uint64_t overhead = inode_table + journal + 2 * groups;
  const std::uint64_t desc_size = fs_type == "ext4" ? 64 : 32;
  const std::uint64_t per_block = kBlock / desc_size;
  const std::uint64_t gdt = CeilDiv(groups, per_block);
  const std::uint64_t max_blocks = std::min<std::uint64_t>(0xffffffffULL, blocks * 1024);
  const std::uint64_t want = CeilDiv(CeilDiv(max_blocks, kBlocksPerGroup), per_block);
  const std::uint64_t rsv_gdt = std::min<std::uint64_t>(1024, want > gdt ? want - gdt : 0);
  const std::uint64_t meta = SparseGroups(groups) * (1 + gdt + rsv_gdt);
  const std::uint64_t lost_found_extra = 3;  // 16 KiB where FileTree counts 4 KiB
  DfUsage u;
  const std::uint64_t size_blocks = blocks > overhead ? blocks - overhead : 0;
  const std::uint64_t used_blocks =
      std::min(size_blocks, meta + lost_found_extra + CeilDiv(used_bytes, kBlock));
  const std::uint64_t reserved = blocks / 20;
  const std::uint64_t free_blocks = size_blocks - used_blocks;
  u.size_bytes = size_blocks * kBlock;
  u.used_bytes = used_blocks * kBlock;
  u.avail_bytes = (free_blocks > reserved ? free_blocks - reserved : 0) * kBlock;
  return u;
}

}  // namespace

DfUsage FsUsage(std::string_view fs_type, std::uint64_t fs_size, std::uint64_t used_bytes) {
  if (fs_type == "xfs") {
    const std::uint64_t log = std::max<std::uint64_t>(fs_size / 2048, 10 * kMiB);
    DfUsage u;
    u.size_bytes = fs_size > log ? (fs_size - log) / kBlock * kBlock : 0;
    u.used_bytes = std::min(u.size_bytes, (fs_size / 128 + used_bytes) / kBlock * kBlock);
    u.avail_bytes = u.size_bytes - u.used_bytes;
    return u;
  }
  return Ext(fs_type, fs_size, used_bytes);
}

DfUsage OverlayUsage(std::uint64_t rootfs_bytes) {
  return Ext("ext4", 40 * kGiB, 5 * kGiB + rootfs_bytes);
}

std::string UsePercent(const DfUsage& u) {
  const std::uint64_t total = u.used_bytes + u.avail_bytes;
  if (total == 0) return "-";
  return std::to_string(CeilDiv(u.used_bytes * 100, total)) + "%";
}

}  // namespace snapsim::csi::shell
