#include "src/csi/exec_shell/container_fs.h"

#include <algorithm>
#include <utility>

namespace snapsim::csi::shell {
namespace {

constexpr std::string_view kDevNull = "/dev/null";

Status ReadOnly() { return Status::FailedPrecondition("Read-only file system"); }
Status Busy() { return Status::FailedPrecondition("Device or resource busy"); }

bool IsErrnoText(std::string_view m) {
  return m == "No such file or directory" || m == "Not a directory" || m == "Is a directory" ||
         m == "Directory not empty" || m == "File exists" || m == "Invalid argument" ||
         m == "No space left on device";
}

// A Device failure that is not an errno text (detached disk, no filesystem) is EIO.
Status MapDevice(const Status& s) {
  if (s.ok() || IsErrnoText(s.message())) return s;
  return Status::FailedPrecondition("Input/output error");
}
template <class T>
Result<T> MapDevice(Result<T> r) {
  if (r.ok()) return r;
  return MapDevice(r.status());
}

std::string Parent(std::string_view clean) {
  auto slash = clean.rfind('/');
  return slash == 0 || slash == std::string_view::npos ? "/" : std::string(clean.substr(0, slash));
}

}  // namespace

std::string CleanPath(std::string_view path) {
  std::vector<std::string_view> parts;
  std::size_t i = 0;
  while (i <= path.size()) {
    std::size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    std::string_view part = path.substr(i, j - i);
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    i = j + 1;
  }
  std::string out;
  for (auto p : parts) {
    out += '/';
    out += p;
  }
  return out.empty() ? "/" : out;
}

std::string AbsPath(std::string_view cwd, std::string_view operand) {
  if (!operand.empty() && operand[0] == '/') return CleanPath(operand);
  return CleanPath(std::string(cwd) + "/" + std::string(operand));
}

ContainerFs::ContainerFs(ecs::FileTree rootfs) : rootfs_(std::move(rootfs)) {}

void ContainerFs::Mount(std::string path, ecs::Device device, bool readonly) {
  path = CleanPath(path);
  if (MountFor(path) == nullptr) (void)rootfs_.Mkdir(path, /*parents=*/true);
  Unmount(path);
  mounts_.push_back(MountPoint{std::move(path), std::move(device), readonly});
}

bool ContainerFs::Unmount(std::string_view path) {
  std::string clean = CleanPath(path);
  auto it = std::find_if(mounts_.begin(), mounts_.end(),
                         [&](const MountPoint& m) { return m.path == clean; });
  if (it == mounts_.end()) return false;
  mounts_.erase(it);
  return true;
}

const ContainerFs::MountPoint* ContainerFs::MountFor(std::string_view abs_path) const {
  const MountPoint* best = nullptr;
  for (const auto& m : mounts_) {
    bool covers = m.path == "/" || abs_path == m.path ||
                  (abs_path.size() > m.path.size() && abs_path.substr(0, m.path.size()) == m.path &&
                   abs_path[m.path.size()] == '/');
    if (covers && (best == nullptr || m.path.size() > best->path.size())) best = &m;
  }
  return best;
}

bool ContainerFs::IsMountPoint(std::string_view abs_path) const {
  std::string clean = CleanPath(abs_path);
  return std::any_of(mounts_.begin(), mounts_.end(),
                     [&](const MountPoint& m) { return m.path == clean; });
}

std::string ContainerFs::FsTypeAt(std::string_view abs_path) const {
  const MountPoint* m = MountFor(CleanPath(abs_path));
  if (m == nullptr) return "overlay";
  auto t = m->device.FsType();
  return t.ok() ? *t : "";
}

ContainerFs::Where ContainerFs::Resolve(std::string_view abs_path) const {
  std::string clean = CleanPath(abs_path);
  Where w;
  w.mount = MountFor(clean);
  if (w.mount == nullptr || w.mount->path == "/") {
    w.rel = clean;
  } else {
    w.rel = clean.size() == w.mount->path.size() ? "/" : clean.substr(w.mount->path.size());
  }
  return w;
}

Result<ContainerFs::EntryInfo> ContainerFs::Stat(std::string_view abs_path) const {
  Where w = Resolve(abs_path);
  if (w.mount == nullptr) return rootfs_.Stat(w.rel);
  return MapDevice(w.mount->device.Stat(w.rel));
}

Result<std::vector<ContainerFs::EntryInfo>> ContainerFs::List(std::string_view abs_path) const {
  Where w = Resolve(abs_path);
  if (w.mount == nullptr) return rootfs_.List(w.rel);
  return MapDevice(w.mount->device.List(w.rel));
}

Result<std::string> ContainerFs::Read(std::string_view abs_path) const {
  if (CleanPath(abs_path) == kDevNull) return std::string();
  Where w = Resolve(abs_path);
  if (w.mount == nullptr) return rootfs_.Read(w.rel);
  return MapDevice(w.mount->device.Read(w.rel));
}

Status ContainerFs::CheckParentWritable(std::string_view abs_path) const {
  std::string clean = CleanPath(abs_path);
  auto parent = Stat(Parent(clean));
  if (!parent.ok()) return parent.status();
  if (!parent->is_dir) return Status::FailedPrecondition("Not a directory");
  const MountPoint* m = MountFor(clean);
  if (m != nullptr && m->readonly) return ReadOnly();
  return Status::Ok();
}

Status ContainerFs::WriteImpl(std::string_view abs_path, std::string_view data, bool append) {
  std::string clean = CleanPath(abs_path);
  if (clean == kDevNull) return Status::Ok();
  auto st = Stat(clean);
  if (st.ok() && st->is_dir) return Status::FailedPrecondition("Is a directory");
  if (!st.ok() && st.status().message() != "No such file or directory") return st.status();
  SNAPSIM_RETURN_IF_ERROR(CheckParentWritable(clean));
  Where w = Resolve(clean);
  if (w.mount == nullptr) return rootfs_.Write(w.rel, data, append);
  ecs::Device dev = w.mount->device;
  return MapDevice(append ? dev.Append(w.rel, data) : dev.Write(w.rel, data));
}

Status ContainerFs::Write(std::string_view abs_path, std::string_view data) {
  return WriteImpl(abs_path, data, false);
}

Status ContainerFs::Append(std::string_view abs_path, std::string_view data) {
  return WriteImpl(abs_path, data, true);
}

Status ContainerFs::Touch(std::string_view abs_path) {
  std::string clean = CleanPath(abs_path);
  if (clean == kDevNull) return Status::Ok();
  auto st = Stat(clean);
  if (st.ok()) {
    const MountPoint* m = MountFor(clean);
    return m != nullptr && m->readonly ? ReadOnly() : Status::Ok();
  }
  return WriteImpl(clean, "", true);
}

Status ContainerFs::Mkdir(std::string_view abs_path, bool parents) {
  std::string clean = CleanPath(abs_path);
  auto st = Stat(clean);
  if (st.ok()) {
    return parents && st->is_dir ? Status::Ok() : Status::AlreadyExists("File exists");
  }
  if (!parents) SNAPSIM_RETURN_IF_ERROR(CheckParentWritable(clean));
  const MountPoint* m = MountFor(clean);
  if (m != nullptr && m->readonly) return ReadOnly();
  Where w = Resolve(clean);
  if (w.mount == nullptr) return rootfs_.Mkdir(w.rel, parents);
  ecs::Device dev = w.mount->device;
  return MapDevice(dev.Mkdir(w.rel, parents));
}

Status ContainerFs::Remove(std::string_view abs_path) {
  std::string clean = CleanPath(abs_path);
  auto st = Stat(clean);
  if (!st.ok()) return st.status();
  if (clean == "/" || IsMountPoint(clean)) return Busy();
  const MountPoint* m = MountFor(clean);
  if (m != nullptr && m->readonly) return ReadOnly();
  if (st->is_dir) {
    auto entries = List(clean);
    if (!entries.ok()) return entries.status();
    if (!entries->empty()) return Status::FailedPrecondition("Directory not empty");
  }
  Where w = Resolve(clean);
  if (w.mount == nullptr) return rootfs_.Remove(w.rel, false);
  ecs::Device dev = w.mount->device;
  return MapDevice(dev.Remove(w.rel, false));
}

}  // namespace snapsim::csi::shell
