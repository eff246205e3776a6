#include "sim/cluster/invariants.h"

#include <fmt/format.h>

#include <map>

#include "src/api/kinds_snapshot.h"
#include "src/api/kinds_storage.h"

namespace snapsim::cluster {
namespace {

constexpr std::string_view kDynamicContentPrefix = "snapcontent-";
constexpr std::string_view kDriverSnapshotPrefix = "snapshot-";

std::string ContentHandle(const api::VolumeSnapshotContent& c) {
  if (c.status && c.status->snapshot_handle) return *c.status->snapshot_handle;
  if (c.spec.source.snapshot_handle) return *c.spec.source.snapshot_handle;
  return "";
}

std::string ParamOr(const ecs::Params& p, const std::string& key) {
  auto it = p.find(key);
  return it == p.end() ? "" : it->second;
}

template <class T>
std::vector<std::shared_ptr<const T>> All(const apiserver::ApiServer& server) {
  std::vector<std::shared_ptr<const T>> out;
  for (const auto& o : server.PeekAll(T::Info())) {
    if (auto t = api::As<T>(o)) out.push_back(std::move(t));
  }
  return out;
}

}  // namespace

void InvariantChecker::ReadCallLog(const ecs::Ecs& ecs) {
  const auto& log = ecs.CallLog();
  for (; log_cursor_ < log.size(); ++log_cursor_) {
    const ecs::CallRecord& r = log[log_cursor_];
    if (r.caller != driver_caller_ || !r.took_effect) continue;
    if (r.action == "CreateSnapshot") {
      driver_snapshot_names_.insert(ParamOr(r.params, "SnapshotName"));
    } else if (r.action == "DeleteSnapshot") {
      driver_deleted_snapshots_.insert(ParamOr(r.params, "SnapshotId"));
    } else if (r.action == "DeleteDisk") {
      driver_deleted_disks_.insert(ParamOr(r.params, "DiskId"));
    }
  }
}

std::vector<InvariantViolation> InvariantChecker::Check(const apiserver::ApiServer& server, const ecs::Ecs& ecs) {
  ReadCallLog(ecs);
  std::vector<InvariantViolation> out;
  auto snapshots = All<api::VolumeSnapshot>(server);
  auto contents = All<api::VolumeSnapshotContent>(server);
  std::map<std::string, std::shared_ptr<const api::VolumeSnapshotContent>> content_by_name;
  for (const auto& c : contents) content_by_name[c->metadata.name] = c;

  // binding/two-way and binding/one-to-one.
  std::map<std::string, std::string> bound_by;  // content -> "ns/name" of the first snapshot naming it
  for (const auto& vs : snapshots) {
    if (!vs->status || !vs->status->bound_volume_snapshot_content_name) continue;
    const std::string& cname = *vs->status->bound_volume_snapshot_content_name;
    std::string key = vs->metadata.namespace_ + "/" + vs->metadata.name;
    auto [it, inserted] = bound_by.emplace(cname, key);
    if (!inserted) {
      out.push_back({"binding/one-to-one",
                     fmt::format("VolumeSnapshotContent {} is named as bound by VolumeSnapshots {} and {}", cname,
                                 it->second, key)});
    }
    auto c = content_by_name.find(cname);
    if (c == content_by_name.end()) continue;  // a missing content is reported as an error status
    const api::ObjectReference& ref = c->second->spec.volume_snapshot_ref;
    if (ref.uid.empty()) continue;
    if (ref.name != vs->metadata.name || ref.namespace_ != vs->metadata.namespace_ || ref.uid != vs->metadata.uid) {
      out.push_back({"binding/two-way",
                     fmt::format("VolumeSnapshot {} (uid {}) names VolumeSnapshotContent {} as bound, but the "
                                 "content points at {}/{} (uid {})",
                                 key, vs->metadata.uid, cname, ref.namespace_, ref.name, ref.uid)});
    }
  }

  // binding/dynamic-name.
  for (const auto& c : contents) {
    if (!c->spec.source.volume_handle) continue;
    const std::string& uid = c->spec.volume_snapshot_ref.uid;
    if (uid.empty() || c->metadata.name.rfind(kDynamicContentPrefix, 0) != 0) continue;
    if (c->metadata.name != std::string(kDynamicContentPrefix) + uid) {
      out.push_back({"binding/dynamic-name",
                     fmt::format("dynamic VolumeSnapshotContent {} is bound to snapshot uid {} (expected name {}{})",
                                 c->metadata.name, uid, kDynamicContentPrefix, uid)});
    }
  }

  // Handles referenced now; Retain handles are remembered for good.
  std::set<std::string> referenced;
  std::set<std::string> referenced_names;  // snapshot-<ref uid> of contents without a handle yet
  for (const auto& c : contents) {
    std::string h = ContentHandle(*c);
    if (!h.empty()) referenced.insert(h);
    if (!c->spec.volume_snapshot_ref.uid.empty()) {
      referenced_names.insert(std::string(kDriverSnapshotPrefix) + c->spec.volume_snapshot_ref.uid);
    }
    if (!h.empty() && c->spec.deletion_policy == "Retain") retain_handles_.insert(h);
  }

  // no-leak.
  std::set<std::string> existing;
  for (const auto& s : ecs.AllSnapshots()) {
    existing.insert(s.snapshot_id);
    if (driver_snapshot_names_.count(s.snapshot_name) == 0) continue;
    if (referenced.count(s.snapshot_id) || referenced_names.count(s.snapshot_name) ||
        retain_handles_.count(s.snapshot_id)) {
      continue;
    }
    out.push_back({"no-leak", fmt::format("ECS snapshot {} ({}) was created by the driver but no "
                                          "VolumeSnapshotContent references it",
                                          s.snapshot_id, s.snapshot_name)});
  }

  // no-wrongful-delete: snapshots.
  for (const auto& c : contents) {
    std::string h = ContentHandle(*c);
    if (h.empty() || existing.count(h) || driver_deleted_snapshots_.count(h) == 0) continue;
    bool live = !c->metadata.being_deleted();
    if (live || c->spec.deletion_policy == "Retain") {
      out.push_back({"no-wrongful-delete",
                     fmt::format("the driver deleted ECS snapshot {} while VolumeSnapshotContent {} ({}{}) "
                                 "references it",
                                 h, c->metadata.name, c->spec.deletion_policy, live ? ", live" : ", being deleted")});
    }
  }
  for (const auto& h : retain_handles_) {
    if (existing.count(h) || driver_deleted_snapshots_.count(h) == 0) continue;
    bool still_referenced = false;
    for (const auto& c : contents) still_referenced |= ContentHandle(*c) == h;
    if (!still_referenced) {
      out.push_back({"no-wrongful-delete",
                     fmt::format("the driver deleted ECS snapshot {}, which a Retain VolumeSnapshotContent held", h)});
    }
  }

  // no-wrongful-delete: disks.
  std::set<std::string> disks;
  for (const auto& d : ecs.AllDisks()) disks.insert(d.disk_id);
  for (const auto& pv : All<api::PersistentVolume>(server)) {
    if (!pv->spec.csi || pv->status.phase != "Bound") continue;
    const std::string& d = pv->spec.csi->volume_handle;
    if (disks.count(d) || driver_deleted_disks_.count(d) == 0) continue;
    out.push_back({"no-wrongful-delete",
                   fmt::format("the driver deleted ECS disk {} while PersistentVolume {} is Bound", d,
                               pv->metadata.name)});
  }
  return out;
}

}  // namespace snapsim::cluster
