// FileTree: the files on a disk, as a persistent (immutable, structurally shared) tree.
//
// A FileTree is a value: copying one is O(1) and shares every node. A mutation copies
// only the directories on the path it changes (copy-on-write) and leaves every other
// copy untouched — so a snapshot that keeps a copy of the tree at the cut sees exactly
// the contents of that moment, whatever is written to the disk later, and 100,000
// snapshots of 10,000 disks cost a pointer each plus the directories that differ.
//
// Paths are '/'-separated and relative to the tree's root ("a/b", "/a/b" and "./a//b"
// name the same file); ".." stops at the root. Errors carry the strerror text of the
// matching errno so a shell can print "cat: x: No such file or directory":
//   NotFound           "No such file or directory"   (ENOENT)
//   FailedPrecondition "Not a directory"             (ENOTDIR)
//   FailedPrecondition "Is a directory"              (EISDIR)
//   FailedPrecondition "Directory not empty"         (ENOTEMPTY)
//   AlreadyExists      "File exists"                 (EEXIST)
//   InvalidArgument    "Invalid argument"            (EINVAL: e.g. removing the root)
// Not thread-safe for concurrent mutation of one FileTree; distinct copies are
// independent (node reference counts are atomic).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/engine/status.h"

namespace snapsim::ecs {

class FileTree {
 public:
  struct EntryInfo {
    std::string name;
    bool is_dir = false;
    std::uint64_t size = 0;  // file bytes; 4096 for a directory
  };

  FileTree();  // an empty root directory

  // Stat of a path ("" or "/" = the root).
  Result<EntryInfo> Stat(std::string_view path) const;
  // The entries of a directory, sorted by name (byte order).
  Result<std::vector<EntryInfo>> List(std::string_view path) const;
  // The bytes of a file.
  Result<std::string> Read(std::string_view path) const;

  // Creates or truncates a file and writes `data` (append: adds to the end).
  // REQUIRES: the parent directory exists.
  Status Write(std::string_view path, std::string_view data, bool append = false);
  // Creates a directory; with `parents`, missing parents too and no error if it exists.
  Status Mkdir(std::string_view path, bool parents = false);
  // Removes a file or an empty directory; with `recursive`, a directory and all below.
  Status Remove(std::string_view path, bool recursive = false);

  // Total bytes of all files, and the number of directories (the root included).
  std::uint64_t FileBytes() const;
  std::uint64_t DirCount() const;

  // True iff both trees share the same root node (cheap identity, not deep equality).
  bool SharesRootWith(const FileTree& other) const { return root_ == other.root_; }
  // Deep equality of contents.
  friend bool operator==(const FileTree& a, const FileTree& b);
  // The first path at which two trees differ, walking both in sorted (byte) order,
  // depth first: an entry in one tree only, a file in one and a directory in the
  // other, or a file with other bytes. "/a/b" form; nullopt iff a == b.
  friend std::optional<std::string> FirstDifference(const FileTree& a, const FileTree& b);

  struct Node;
  using NodePtr = std::shared_ptr<const Node>;

 private:
  explicit FileTree(NodePtr root) : root_(std::move(root)) {}
  NodePtr root_;
};

std::optional<std::string> FirstDifference(const FileTree& a, const FileTree& b);

}  // namespace snapsim::ecs
