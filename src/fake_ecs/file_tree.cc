#include "src/fake_ecs/file_tree.h"

#include <algorithm>
#include <utility>

namespace snapsim::ecs {

// A directory's entries are a vector sorted by name: one allocation per directory
// version (copy-on-write copies it whole), half the size of a std::map's nodes.
using Entries = std::vector<std::pair<std::string, FileTree::NodePtr>>;

struct FileTree::Node {
  bool is_dir = false;
  std::string data;         // a file's bytes
  Entries entries;          // a directory's entries, sorted by name
  std::uint64_t bytes = 0;  // file bytes at and below this node
  std::uint64_t dirs = 0;   // directories at and below this node
};

namespace {

using Node = FileTree::Node;
using NodePtr = FileTree::NodePtr;

Entries::const_iterator FindEntry(const Entries& e, std::string_view name) {
  auto it = std::lower_bound(e.begin(), e.end(), name,
                             [](const auto& entry, std::string_view n) { return entry.first < n; });
  return it != e.end() && it->first == name ? it : e.end();
}

// Inserts or replaces `name`.
void PutEntry(Entries& e, const std::string& name, NodePtr node) {
  auto it = std::lower_bound(e.begin(), e.end(), name, [](const auto& entry, const std::string& n) {
    return entry.first < n;
  });
  if (it != e.end() && it->first == name) {
    it->second = std::move(node);
  } else {
    e.emplace(it, name, std::move(node));
  }
}

constexpr std::uint64_t kDirSize = 4096;

Status NoEnt() { return Status::NotFound("No such file or directory"); }
Status NotDir() { return Status::FailedPrecondition("Not a directory"); }
Status IsDir() { return Status::FailedPrecondition("Is a directory"); }
Status NotEmpty() { return Status::FailedPrecondition("Directory not empty"); }
Status Exists() { return Status::AlreadyExists("File exists"); }
Status Inval() { return Status::InvalidArgument("Invalid argument"); }

std::vector<std::string> SplitPath(std::string_view path) {
  std::vector<std::string> parts;
  std::size_t i = 0;
  while (i <= path.size()) {
    std::size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    std::string_view part = path.substr(i, j - i);
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.emplace_back(part);
    }
    i = j + 1;
  }
  return parts;
}

NodePtr MakeDir(Entries entries) {
  auto n = std::make_shared<Node>();
  n->is_dir = true;
  n->dirs = 1;
  for (const auto& [name, child] : entries) {
    n->bytes += child->bytes;
    n->dirs += child->dirs;
  }
  n->entries = std::move(entries);
  return n;
}

NodePtr MakeFile(std::string data) {
  auto n = std::make_shared<Node>();
  n->bytes = data.size();
  n->data = std::move(data);
  return n;
}

// Walks to the node at `parts`; nullptr plus the error if it is missing.
Result<const Node*> Find(const NodePtr& root, const std::vector<std::string>& parts) {
  const Node* cur = root.get();
  for (const auto& p : parts) {
    if (!cur->is_dir) return NotDir();
    auto it = FindEntry(cur->entries, p);
    if (it == cur->entries.end()) return NoEnt();
    cur = it->second.get();
  }
  return cur;
}

// Rebuilds the directories along parts[0..depth) after `edit` changed the entries of
// the directory at parts[0..parents.size()). `edit` gets the directory's entries (a
// copy) and returns an error or OK. Returns the new root.
template <class Edit>
Result<NodePtr> Rebuild(const NodePtr& dir, const std::vector<std::string>& parents, std::size_t i,
                        bool create_parents, Edit& edit) {
  if (!dir->is_dir) return NotDir();
  if (i == parents.size()) {
    Entries entries = dir->entries;
    SNAPSIM_RETURN_IF_ERROR(edit(entries));
    return MakeDir(std::move(entries));
  }
  auto it = FindEntry(dir->entries, parents[i]);
  NodePtr child;
  if (it == dir->entries.end()) {
    if (!create_parents) return NoEnt();
    child = MakeDir({});
  } else {
    child = it->second;
  }
  SNAPSIM_ASSIGN_OR_RETURN(NodePtr new_child, Rebuild(child, parents, i + 1, create_parents, edit));
  Entries entries = dir->entries;  // copied only once the edit below succeeded
  PutEntry(entries, parents[i], std::move(new_child));
  return MakeDir(std::move(entries));
}

bool DeepEqual(const Node& a, const Node& b) {
  if (&a == &b) return true;
  if (a.is_dir != b.is_dir || a.bytes != b.bytes || a.dirs != b.dirs) return false;
  if (!a.is_dir) return a.data == b.data;
  if (a.entries.size() != b.entries.size()) return false;
  auto ia = a.entries.begin();
  for (auto ib = b.entries.begin(); ib != b.entries.end(); ++ia, ++ib) {
    if (ia->first != ib->first || !DeepEqual(*ia->second, *ib->second)) return false;
  }
  return true;
}

// The first differing path below `prefix` (a and b at `prefix`), or nullopt.
std::optional<std::string> FirstDiff(const Node& a, const Node& b, const std::string& prefix) {
  if (&a == &b) return std::nullopt;  // shared: equal
  if (a.is_dir != b.is_dir) return prefix.empty() ? "/" : prefix;
  if (!a.is_dir) {
    if (a.data == b.data) return std::nullopt;
    return prefix.empty() ? "/" : prefix;
  }
  auto ia = a.entries.begin(), ib = b.entries.begin();
  while (ia != a.entries.end() || ib != b.entries.end()) {
    if (ib == b.entries.end() || (ia != a.entries.end() && ia->first < ib->first)) {
      return prefix + "/" + ia->first;  // only in a
    }
    if (ia == a.entries.end() || ib->first < ia->first) return prefix + "/" + ib->first;  // only in b
    if (auto d = FirstDiff(*ia->second, *ib->second, prefix + "/" + ia->first)) return d;
    ++ia;
    ++ib;
  }
  return std::nullopt;
}

FileTree::EntryInfo Info(std::string name, const Node& n) {
  return {std::move(name), n.is_dir, n.is_dir ? kDirSize : n.data.size()};
}

}  // namespace

FileTree::FileTree() : root_(MakeDir({})) {}

Result<FileTree::EntryInfo> FileTree::Stat(std::string_view path) const {
  auto parts = SplitPath(path);
  SNAPSIM_ASSIGN_OR_RETURN(const Node* n, Find(root_, parts));
  return Info(parts.empty() ? "/" : parts.back(), *n);
}

Result<std::vector<FileTree::EntryInfo>> FileTree::List(std::string_view path) const {
  SNAPSIM_ASSIGN_OR_RETURN(const Node* n, Find(root_, SplitPath(path)));
  if (!n->is_dir) return NotDir();
  std::vector<EntryInfo> out;
  out.reserve(n->entries.size());
  for (const auto& [name, child] : n->entries) out.push_back(Info(name, *child));
  return out;
}

Result<std::string> FileTree::Read(std::string_view path) const {
  SNAPSIM_ASSIGN_OR_RETURN(const Node* n, Find(root_, SplitPath(path)));
  if (n->is_dir) return IsDir();
  return n->data;
}

Status FileTree::Write(std::string_view path, std::string_view data, bool append) {
  auto parts = SplitPath(path);
  if (parts.empty()) return IsDir();
  std::string name = parts.back();
  parts.pop_back();
  auto edit = [&](Entries& entries) -> Status {
    auto it = FindEntry(entries, name);
    if (it != entries.end() && it->second->is_dir) return IsDir();
    std::string bytes;
    if (append && it != entries.end()) bytes = it->second->data;
    bytes.append(data);
    PutEntry(entries, name, MakeFile(std::move(bytes)));
    return Status::Ok();
  };
  SNAPSIM_ASSIGN_OR_RETURN(NodePtr root, Rebuild(root_, parts, 0, false, edit));
  root_ = std::move(root);
  return Status::Ok();
}

Status FileTree::Mkdir(std::string_view path, bool parents) {
  auto parts = SplitPath(path);
  if (parts.empty()) return parents ? Status::Ok() : Exists();
  std::string name = parts.back();
  parts.pop_back();
  auto edit = [&](Entries& entries) -> Status {
    auto it = FindEntry(entries, name);
    if (it != entries.end()) {
      if (parents && it->second->is_dir) return Status::Ok();
      return Exists();
    }
    PutEntry(entries, name, MakeDir({}));
    return Status::Ok();
  };
  SNAPSIM_ASSIGN_OR_RETURN(NodePtr root, Rebuild(root_, parts, 0, parents, edit));
  root_ = std::move(root);
  return Status::Ok();
}

Status FileTree::Remove(std::string_view path, bool recursive) {
  auto parts = SplitPath(path);
  if (parts.empty()) return Inval();
  std::string name = parts.back();
  parts.pop_back();
  auto edit = [&](Entries& entries) -> Status {
    auto it = FindEntry(entries, name);
    if (it == entries.end()) return NoEnt();
    if (it->second->is_dir && !recursive && !it->second->entries.empty()) return NotEmpty();
    entries.erase(it);
    return Status::Ok();
  };
  SNAPSIM_ASSIGN_OR_RETURN(NodePtr root, Rebuild(root_, parts, 0, false, edit));
  root_ = std::move(root);
  return Status::Ok();
}

std::uint64_t FileTree::FileBytes() const { return root_->bytes; }
std::uint64_t FileTree::DirCount() const { return root_->dirs; }

bool operator==(const FileTree& a, const FileTree& b) { return DeepEqual(*a.root_, *b.root_); }

std::optional<std::string> FirstDifference(const FileTree& a, const FileTree& b) {
  return FirstDiff(*a.root_, *b.root_, "");
}

}  // namespace snapsim::ecs
