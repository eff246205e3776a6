#include "sim/cluster/invariants.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "src/api/kinds_snapshot.h"
#include "src/api/kinds_storage.h"
#include "src/csi/util/snapshot_names.h"

namespace snapsim::cluster {
namespace {

constexpr std::string_view kDynamicContentPrefix = "snapcontent-";
constexpr std::string_view kDriverSnapshotPrefix = "snapshot-";
constexpr std::string_view kContentFinalizer = "snapshot.storage.kubernetes.io/volumesnapshotcontent-bound-protection";
constexpr std::string_view kBeingDeleted = "snapshot.storage.kubernetes.io/volumesnapshot-being-deleted";
constexpr std::string_view kBeingCreated = "snapshot.storage.kubernetes.io/volumesnapshot-being-created";
constexpr std::string_view kProvisionedBy = "pv.kubernetes.io/provisioned-by";

// A content csi-snapshotter cannot release: deleting, still holding its finalizer, and
// not marked being-deleted by its snapshot (or still being created). If it vanishes,
// someone removed the finalizer by hand (the documented workaround for issue #678 and
// the "force-removed" case of D3), and what it pointed at is knowingly left behind.
bool StuckForSnapshotter(const api::VolumeSnapshotContent& c) {
  const api::ObjectMeta& m = c.metadata;
  if (!m.being_deleted()) return false;
  if (std::find(m.finalizers.begin(), m.finalizers.end(), kContentFinalizer) == m.finalizers.end()) return false;
  if (c.spec.source.snapshot_handle && c.spec.volume_snapshot_ref.uid.empty()) return false;
  auto bd = m.annotations.find(std::string(kBeingDeleted));
  return bd == m.annotations.end() || bd->second != "yes" || m.annotations.count(std::string(kBeingCreated)) > 0;
}

std::string ContentHandle(const api::VolumeSnapshotContent& c) {
  if (c.status && c.status->snapshot_handle) return *c.status->snapshot_handle;
  if (c.spec.source.snapshot_handle) return *c.spec.source.snapshot_handle;
  return "";
}

std::string ParamOr(const ecs::PackedParams& p, std::string_view key) {
  return std::string(p.Find(key).value_or(""));
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

namespace {

// The VolumeSnapshot a claim restores from ("ns", "name"), as the provisioner reads it.
std::optional<std::pair<std::string, std::string>> RestoreSource(const api::PersistentVolumeClaim& pvc) {
  auto is_snapshot = [](const std::string& kind, const std::optional<std::string>& group) {
    return kind == "VolumeSnapshot" && group.value_or("") == "snapshot.storage.k8s.io";
  };
  if (const auto& ds = pvc.spec.data_source) {
    if (is_snapshot(ds->kind, ds->api_group)) return std::make_pair(pvc.metadata.namespace_, ds->name);
    return std::nullopt;
  }
  if (const auto& ref = pvc.spec.data_source_ref) {
    if (!is_snapshot(ref->kind, ref->api_group)) return std::nullopt;
    bool has_ns = ref->namespace_ && !ref->namespace_->empty();
    return std::make_pair(has_ns ? *ref->namespace_ : pvc.metadata.namespace_, ref->name);
  }
  return std::nullopt;
}

// "/x (only in the restore)" and the like, for a detail message.
std::string Difference(const ecs::FileTree& restored, const ecs::FileTree& cut) {
  auto path = ecs::FirstDifference(restored, cut);
  if (!path) return "none";
  bool in_restored = restored.Stat(*path).ok(), in_cut = cut.Stat(*path).ok();
  std::string_view how = !in_cut ? "only in the restored disk" : !in_restored ? "missing from the restored disk"
                                                                              : "differs";
  return fmt::format("{} ({})", *path, how);
}

}  // namespace

// The snapshot ids of a DescribeSnapshots call's SnapshotIds ('["s-1","s-2"]').
std::vector<std::string> SnapshotIdsParam(const ecs::PackedParams& params) {
  std::vector<std::string> ids;
  std::string list = ParamOr(params, "SnapshotIds");
  for (std::size_t pos = 0; (pos = list.find('"', pos)) != std::string::npos;) {
    std::size_t end = list.find('"', pos + 1);
    if (end == std::string::npos) break;
    ids.push_back(list.substr(pos + 1, end - pos - 1));
    pos = end + 1;
  }
  return ids;
}

bool IsKnownDefect(std::string_view invariant) {
  return invariant == "driver-leak" || invariant == "upstream-leak";
}

void InvariantChecker::ReadCallLog(const ecs::Ecs& ecs) {
  // The log is read once per call, when the call has an outcome: a call still in flight
  // at one check is read at a later one. (Assumes config.call_log_limit = 0, the default.)
  const auto& log = ecs.CallLog();
  for (; log_cursor_ < log.size(); ++log_cursor_) {
    if (log[log_cursor_].caller == driver_caller_) unfinished_calls_.push_back(log_cursor_);
  }
  std::vector<std::size_t> still;
  for (std::size_t i : unfinished_calls_) {
    const ecs::CallRecord& r = log[i];
    if (r.outcome.empty()) {
      still.push_back(i);
      continue;
    }
    ReadDriverCall(r);
  }
  unfinished_calls_.swap(still);
}

void InvariantChecker::ReadDriverCall(const ecs::CallRecord& r) {
  // The driver's own ways to lose a snapshot it made (driver-leak): ECS made it but the
  // reply was an error (HEAD: "create snapshot failed" -> Internal), its wait for the cut
  // failed (HEAD: Internal "failed while waiting for snapshot cut"), or a retry met the
  // first call still running (HEAD: IdempotentProcessing -> Internal). All are final
  // codes to csi-snapshotter, which then lets the content go without a handle.
  if (r.action == "DescribeSnapshots" && r.outcome != "OK") {
    for (auto& id : SnapshotIdsParam(*r.params)) failed_cut_waits_.insert(std::move(id));
  } else if (r.action == "CreateSnapshot" && r.outcome != "OK" && (r.took_effect || r.outcome == "IdempotentProcessing")) {
    driver_error_names_.insert(ParamOr(*r.params, "SnapshotName"));
  }
  if (!r.took_effect) return;
  if (r.action == "CreateSnapshot") {
    driver_snapshot_names_.insert(ParamOr(*r.params, "SnapshotName"));
  } else if (r.action == "DeleteSnapshot") {
    driver_deleted_snapshots_.insert(ParamOr(*r.params, "SnapshotId"));
  } else if (r.action == "DeleteDisk") {
    driver_deleted_disks_.insert(ParamOr(*r.params, "DiskId"));
  }
}

void InvariantChecker::Observe(apiserver::ApiServer& server, ecs::Ecs& ecs) {
  server.SetCommitObserver([this, &server, &ecs](const api::KindInfo& kind, const api::Object* before,
                                                 const api::Object* after, std::string_view client) {
    OnCommit(server, ecs, kind, before, after, client);
  });
  ecs.SetCallObserver([this, &server](const ecs::CallRecord& call) { OnEcsCall(server, call); });
  ecs.SetEffectObserver([this, &ecs](const ecs::EffectRecord& e) { OnEcsEffect(ecs, e); });
}

void InvariantChecker::OnEcsEffect(const ecs::Ecs& ecs, const ecs::EffectRecord& e) {
  ++seq_;
  if (e.kind == ecs::EffectRecord::Kind::kSnapshotCut) {
    // The checker's own reading of the source disk, not the snapshot's record.
    if (auto tree = ecs.DiskFiles(e.disk_id)) cuts_[e.snapshot_id] = Cut{e.disk_id, std::move(*tree)};
    return;
  }
  // A ClientToken repeat returns the disk created earlier: only the first sighting is
  // its creation (before anyone wrote to it).
  if (e.action != "CreateDisk" || e.created_id.empty() || created_disks_.count(e.created_id)) return;
  auto tree = ecs.DiskFiles(e.created_id);
  if (!tree) return;
  CreatedDisk d{e.params ? ParamOr(*e.params, "SnapshotId") : "", std::move(*tree), std::nullopt, seq_};
  if (auto c = cuts_.find(d.snapshot_id); !d.snapshot_id.empty() && c != cuts_.end()) d.cut = c->second;
  created_disks_.emplace(e.created_id, std::move(d));
}

void InvariantChecker::OnEcsCall(const apiserver::ApiServer& server, const ecs::CallRecord& call) {
  if (call.caller != driver_caller_ || call.action != "CreateSnapshot") return;
  std::string name = ParamOr(*call.params, "SnapshotName");
  if (name.rfind(kDriverSnapshotPrefix, 0) != 0) return;
  std::string uid = name.substr(kDriverSnapshotPrefix.size());
  // Only dynamic contents lead to the driver's CreateSnapshot: snapcontent-<uid>.
  if (auto c = api::As<api::VolumeSnapshotContent>(
          server.Peek(api::VolumeSnapshotContent::Info(), "", std::string(kDynamicContentPrefix) + uid))) {
    bool has_handle = c->status && c->status->snapshot_handle && !c->status->snapshot_handle->empty();
    if (!has_handle && c->metadata.annotations.count(std::string(csi::kBeingCreatedAnnotation)) == 0) {
      observed_.push_back({"ordering/being-created-before-create",
                           fmt::format("the driver called CreateSnapshot {} while VolumeSnapshotContent {} had no "
                                       "handle and no {} annotation",
                                       name, c->metadata.name, csi::kBeingCreatedAnnotation)});
    }
  }
}

void InvariantChecker::OnCommit(const apiserver::ApiServer& server, const ecs::Ecs& ecs, const api::KindInfo& kind,
                                const api::Object* before, const api::Object* after, std::string_view client) {
  if (&kind == &api::VolumeSnapshot::Info() && before == nullptr && after != nullptr) {
    snapshot_created_seq_[after->metadata.uid] = ++seq_;
    snapshot_name_first_seq_.emplace(after->metadata.namespace_ + "/" + after->metadata.name, seq_);
  }
  if (&kind == &api::PersistentVolume::Info() && before == nullptr && after != nullptr) {
    // The provisioner creates the PV right after the disk, while its finalizer still
    // holds the VolumeSnapshot: the chain it restored from, before anyone deletes it.
    const auto& pv = static_cast<const api::PersistentVolume&>(*after);
    if (pv.spec.claim_ref && !pv.spec.claim_ref->uid.empty()) {
      auto pvc = api::As<api::PersistentVolumeClaim>(
          server.Peek(api::PersistentVolumeClaim::Info(), pv.spec.claim_ref->namespace_, pv.spec.claim_ref->name));
      if (pvc != nullptr && pvc->metadata.uid == pv.spec.claim_ref->uid) {
        if (auto chain = ResolveChain(server, *pvc)) pv_time_chains_[pvc->metadata.uid] = std::move(*chain);
      }
    }
  }
  // A content removed while its CreateSnapshot was in flight (being-created) and before
  // snapshot-controller had protected it with its finalizer (its writes failed): the
  // storage snapshot being cut is orphaned. An upstream race, reported as upstream-leak.
  if (&kind == &api::VolumeSnapshotContent::Info() && before != nullptr && after == nullptr &&
      before->metadata.annotations.count(std::string(kBeingCreated)) > 0 &&
      !before->metadata.HasFinalizer(kContentFinalizer)) {
    const auto& c = static_cast<const api::VolumeSnapshotContent&>(*before);
    unprotected_removals_[std::string(kDriverSnapshotPrefix) + c.spec.volume_snapshot_ref.uid] = c.metadata.name;
  }
  if (before == nullptr || (client != "snapshot-controller" && client != "csi-snapshotter")) return;
  auto dropped = [&](std::string_view finalizer) {
    return before->metadata.HasFinalizer(finalizer) && (after == nullptr || !after->metadata.HasFinalizer(finalizer));
  };
  if (&kind == &api::VolumeSnapshot::Info() && before->metadata.being_deleted() &&
      dropped(csi::kVolumeSnapshotBoundFinalizer)) {
    const auto& vs = static_cast<const api::VolumeSnapshot&>(*before);
    std::string cname = vs.status && vs.status->bound_volume_snapshot_content_name
                            ? *vs.status->bound_volume_snapshot_content_name
                            : std::string(kDynamicContentPrefix) + vs.metadata.uid;
    auto c = api::As<api::VolumeSnapshotContent>(server.Peek(api::VolumeSnapshotContent::Info(), "", cname));
    if (c != nullptr && c->spec.volume_snapshot_ref.uid == vs.metadata.uid &&
        c->metadata.annotations.count(std::string(csi::kBeingDeletedAnnotation)) == 0) {
      observed_.push_back({"ordering/being-deleted-before-release",
                           fmt::format("VolumeSnapshot {}/{} lost {} while its VolumeSnapshotContent {} had no {} "
                                       "annotation",
                                       vs.metadata.namespace_, vs.metadata.name, csi::kVolumeSnapshotBoundFinalizer,
                                       cname, csi::kBeingDeletedAnnotation)});
    }
  }
  if (&kind == &api::VolumeSnapshotContent::Info() && dropped(csi::kVolumeSnapshotContentFinalizer)) {
    const auto& c = static_cast<const api::VolumeSnapshotContent&>(*before);
    std::string handle = c.status && c.status->snapshot_handle ? *c.status->snapshot_handle : "";
    if (c.spec.deletion_policy == "Delete" && !handle.empty() && c.spec.source.volume_handle) {
      ecs.ForEachSnapshotName([&](const std::string& id, const std::string&) {
        if (id != handle) return;
        observed_.push_back({"ordering/delete-before-release",
                             fmt::format("VolumeSnapshotContent {} (Delete) lost {} while ECS snapshot {} still exists",
                                         c.metadata.name, csi::kVolumeSnapshotContentFinalizer, handle)});
      });
    }
  }
}

std::vector<InvariantViolation> InvariantChecker::Check(const apiserver::ApiServer& server, const ecs::Ecs& ecs) {
  ReadCallLog(ecs);
  std::vector<InvariantViolation> out = std::move(observed_);
  observed_.clear();
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
  std::set<std::string> retain_now;
  std::set<std::string> delete_now;
  for (const auto& c : contents) {
    std::string h = ContentHandle(*c);
    if (!h.empty()) referenced.insert(h);
    if (!c->spec.volume_snapshot_ref.uid.empty()) {
      referenced_names.insert(std::string(kDriverSnapshotPrefix) + c->spec.volume_snapshot_ref.uid);
    }
    if (h.empty()) continue;
    (c->spec.deletion_policy == "Retain" ? retain_now : delete_now).insert(h);
  }
  // The current policy governs (an admin may flip a content Retain -> Delete): a handle
  // that only Delete contents hold now is no longer a retained one.
  for (const auto& h : delete_now) {
    if (retain_now.count(h) == 0) retain_handles_.erase(h);
  }
  retain_handles_.insert(retain_now.begin(), retain_now.end());
  // Contents seen stuck for csi-snapshotter last time and gone now were released by hand.
  for (const auto& [name, handle] : stuck_handles_) {
    if (content_by_name.count(name) == 0) released_by_hand_.insert(handle);
  }
  stuck_handles_.clear();
  for (const auto& c : contents) {
    std::string h = ContentHandle(*c);
    if (!h.empty() && StuckForSnapshotter(*c)) stuck_handles_[c->metadata.name] = h;
  }

  // no-leak.
  std::set<std::string> existing;
  ecs.ForEachSnapshotName([&](const std::string& snapshot_id, const std::string& snapshot_name) {
    existing.insert(snapshot_id);
    if (driver_snapshot_names_.count(snapshot_name) == 0) return;
    if (referenced.count(snapshot_id) || referenced_names.count(snapshot_name) ||
        retain_handles_.count(snapshot_id) || released_by_hand_.count(snapshot_id)) {
      return;
    }
    if (auto u = unprotected_removals_.find(snapshot_name); u != unprotected_removals_.end()) {
      out.push_back({"upstream-leak",
                     fmt::format("ECS snapshot {} ({}) was created by the driver but no VolumeSnapshotContent "
                                 "references it: VolumeSnapshotContent {} was deleted while its CreateSnapshot was "
                                 "in flight ({}) but before snapshot-controller had added {} (its writes failed), "
                                 "so nothing held it for csi-snapshotter (an upstream race, as in "
                                 "kubernetes-csi/external-snapshotter#1258; not a deviation of ours)",
                                 snapshot_id, snapshot_name, u->second, kBeingCreated, kContentFinalizer)});
      return;
    }
    if (failed_cut_waits_.count(snapshot_id) || driver_error_names_.count(snapshot_name)) {
      out.push_back({"driver-leak",
                     fmt::format("ECS snapshot {} ({}) was created by the driver but no VolumeSnapshotContent "
                                 "references it: the driver answered CreateSnapshot with a final error after ECS "
                                 "had made the snapshot ({}), so csi-snapshotter released the content "
                                 "(alibaba-cloud-csi-driver behaviour, not a controller bug)",
                                 snapshot_id, snapshot_name,
                                 failed_cut_waits_.count(snapshot_id)
                                     ? "its wait for the cut failed"
                                     : "the call took effect but its reply was an error, or a retry got "
                                       "IdempotentProcessing")});
      return;
    }
    out.push_back({"no-leak", fmt::format("ECS snapshot {} ({}) was created by the driver but no "
                                          "VolumeSnapshotContent references it",
                                          snapshot_id, snapshot_name)});
  });

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
  for (const auto& pv : All<api::PersistentVolume>(server)) {
    if (!pv->spec.csi || pv->status.phase != "Bound") continue;
    const std::string& d = pv->spec.csi->volume_handle;
    if (ecs.HasDisk(d) || driver_deleted_disks_.count(d) == 0) continue;
    out.push_back({"no-wrongful-delete",
                   fmt::format("the driver deleted ECS disk {} while PersistentVolume {} is Bound", d,
                               pv->metadata.name)});
  }

  CheckRestores(server, ecs, existing, out);
  return out;
}


std::optional<InvariantChecker::RestoreChain> InvariantChecker::ResolveChain(const apiserver::ApiServer& server,
                                                                            const api::PersistentVolumeClaim& pvc) const {
  auto source = RestoreSource(pvc);
  if (!source) return std::nullopt;
  auto vs = api::As<api::VolumeSnapshot>(server.Peek(api::VolumeSnapshot::Info(), source->first, source->second));
  if (vs == nullptr || !vs->status || !vs->status->bound_volume_snapshot_content_name) return std::nullopt;
  auto content = api::As<api::VolumeSnapshotContent>(
      server.Peek(api::VolumeSnapshotContent::Info(), "", *vs->status->bound_volume_snapshot_content_name));
  if (content == nullptr || content->spec.volume_snapshot_ref.uid != vs->metadata.uid) return std::nullopt;
  std::string handle = ContentHandle(*content);
  if (handle.empty()) return std::nullopt;
  auto made = snapshot_created_seq_.find(vs->metadata.uid);
  return RestoreChain{vs->metadata.namespace_ + "/" + vs->metadata.name,
                      made == snapshot_created_seq_.end() ? 0 : made->second, handle, content->spec.driver};
}

void InvariantChecker::CheckRestores(const apiserver::ApiServer& server, const ecs::Ecs& ecs,
                                     const std::set<std::string>& ecs_snapshots,
                                     std::vector<InvariantViolation>& out) {
  // Forget what ECS no longer has: no disk can be restored from a snapshot that is gone,
  // and a disk that is gone holds nothing to judge (no-wrongful-delete's business).
  std::erase_if(cuts_, [&](const auto& kv) { return ecs_snapshots.count(kv.first) == 0; });
  std::erase_if(created_disks_, [&](const auto& kv) { return !ecs.HasDisk(kv.first); });
  std::set<std::string> snapshot_uids;
  for (const auto& o : server.PeekAll(api::VolumeSnapshot::Info())) snapshot_uids.insert(o->metadata.uid);
  std::erase_if(snapshot_created_seq_, [&](const auto& kv) { return snapshot_uids.count(kv.first) == 0; });

  std::set<std::string> claim_uids;
  for (const auto& pvc : All<api::PersistentVolumeClaim>(server)) {
    claim_uids.insert(pvc->metadata.uid);
    if (pvc->status.phase != "Bound" || !judged_claims_.insert(pvc->metadata.uid).second) continue;
    // Judged now or never. The chain seen when the PV was created comes first; else the
    // one standing now (the VolumeSnapshot may go, or a namesake replace it, later).
    if (!RestoreSource(*pvc) || pvc->spec.volume_name.empty()) continue;
    std::optional<RestoreChain> chain;
    if (auto it = pv_time_chains_.find(pvc->metadata.uid); it != pv_time_chains_.end()) {
      chain = it->second;
    } else {
      chain = ResolveChain(server, *pvc);
    }
    if (!chain) continue;
    const std::string& handle = chain->handle;
    auto pv = api::As<api::PersistentVolume>(server.Peek(api::PersistentVolume::Info(), "", pvc->spec.volume_name));
    // Only a volume the provisioner made was restored; a claim the PV controller bound to
    // an existing volume keeps that volume's files (upstream ignores the data source then).
    if (pv == nullptr || !pv->spec.csi || pv->spec.csi->driver != chain->driver ||
        pv->metadata.Annotation(kProvisionedBy) == nullptr) {
      continue;
    }
    const std::string& disk = pv->spec.csi->volume_handle;
    if (!ecs.HasDisk(disk)) continue;
    auto cut = cuts_.find(handle);
    auto created = created_disks_.find(disk);
    if (created != created_disks_.end()) {
      // A VolumeSnapshot made after the disk, when one by its name existed before it, is
      // a namesake of the one the provisioner restored from: not judged.
      auto first = snapshot_name_first_seq_.find(chain->snapshot);
      if (chain->snapshot_seq > created->second.seq && first != snapshot_name_first_seq_.end() &&
          first->second < created->second.seq) {
        continue;
      }
    }
    std::string what = fmt::format("PersistentVolumeClaim {}/{} restores VolumeSnapshot {} (ECS snapshot {})",
                                   pvc->metadata.namespace_, pvc->metadata.name, chain->snapshot, handle);
    if (created == created_disks_.end()) {
      // Not created while the checker watched. If the cut was seen, every disk restored
      // from it was created later, so this one was not.
      if (cut == cuts_.end()) continue;
      out.push_back({"data/restore-matches-cut",
                     fmt::format("{}, but its disk {} was not created from that snapshot (it existed before "
                                 "the cut); first difference from the cut: {}",
                                 what, disk, Difference(*ecs.DiskFiles(disk), cut->second.tree))});
      continue;
    }
    const CreatedDisk& d = created->second;
    if (d.snapshot_id != handle) {
      std::string from = d.snapshot_id.empty() ? "created empty (no SnapshotId)"
                                               : fmt::format("created from ECS snapshot {}", d.snapshot_id);
      std::string diff = cut == cuts_.end() ? "" : "; first difference from the cut: " + Difference(d.tree, cut->second.tree);
      out.push_back({"data/restore-matches-cut", fmt::format("{}, but its disk {} was {}{}", what, disk, from, diff)});
      continue;
    }
    if (!d.cut) continue;  // cut before the checker watched
    if (d.tree.SharesRootWith(d.cut->tree) || d.tree == d.cut->tree) continue;
    out.push_back({"data/restore-matches-cut",
                   fmt::format("{}, but its disk {} held other files at creation than source disk {} at the "
                               "cut; first difference: {}",
                               what, disk, d.cut->disk_id, Difference(d.tree, d.cut->tree))});
  }
  std::erase_if(judged_claims_, [&](const std::string& uid) { return claim_uids.count(uid) == 0; });
  std::erase_if(pv_time_chains_,
                [&](const auto& kv) { return claim_uids.count(kv.first) == 0 || judged_claims_.count(kv.first); });
}

namespace {

// A finalizer some other party (a user, another controller) owns: the control plane
// cannot be blamed for an object it holds.
bool HasForeignFinalizer(const api::ObjectMeta& meta) {
  for (const auto& f : meta.finalizers) {
    if (f.rfind("snapshot.storage.kubernetes.io/", 0) != 0 && f.rfind("provisioner.storage.kubernetes.io/", 0) != 0 &&
        f.rfind("kubernetes.io/", 0) != 0 && f.rfind("external-provisioner.volume.kubernetes.io/", 0) != 0 &&
        f.rfind("external-attacher/", 0) != 0) {
      return true;
    }
  }
  return false;
}

}  // namespace

std::vector<InvariantViolation> InvariantChecker::CheckLiveness(const apiserver::ApiServer& server) const {
  std::vector<InvariantViolation> out;
  auto snapshots = All<api::VolumeSnapshot>(server);
  auto contents = All<api::VolumeSnapshotContent>(server);
  auto claims = All<api::PersistentVolumeClaim>(server);
  std::map<std::string, std::shared_ptr<const api::VolumeSnapshotContent>> content_by_name;
  for (const auto& c : contents) content_by_name[c->metadata.name] = c;
  std::map<std::string, std::shared_ptr<const api::PersistentVolumeClaim>> claim_by_key;
  for (const auto& pvc : claims) claim_by_key[pvc->metadata.namespace_ + "/" + pvc->metadata.name] = pvc;
  std::set<std::string> classes;
  for (const auto& o : server.PeekAll(api::VolumeSnapshotClass::Info())) classes.insert(o->metadata.name);

  auto restoring = [&](const api::VolumeSnapshot& vs) {
    for (const auto& pvc : claims) {
      if (pvc->metadata.namespace_ != vs.metadata.namespace_ || !pvc->spec.data_source) continue;
      const auto& ds = *pvc->spec.data_source;
      if (ds.kind == "VolumeSnapshot" && ds.name == vs.metadata.name && pvc->status.phase != "Bound") return true;
    }
    return false;
  };
  std::set<std::string> live_snapshots;  // "ns/name/uid"
  for (const auto& vs : snapshots) {
    std::string key = vs->metadata.namespace_ + "/" + vs->metadata.name;
    live_snapshots.insert(key + "/" + vs->metadata.uid);
    if (vs->metadata.being_deleted()) {
      if (!restoring(*vs) && !HasForeignFinalizer(vs->metadata)) {
        out.push_back({"liveness/snapshot-deleted",
                       fmt::format("VolumeSnapshot {} is still terminating (finalizers: {})", key,
                                   fmt::join(vs->metadata.finalizers, ", "))});
      }
      continue;
    }
    bool ready = vs->status && vs->status->ready_to_use.value_or(false);
    if (ready) continue;
    bool valid = false;
    if (const auto& pvc_name = vs->spec.source.persistent_volume_claim_name) {
      auto pvc = claim_by_key.find(vs->metadata.namespace_ + "/" + *pvc_name);
      bool has_class = vs->spec.volume_snapshot_class_name && classes.count(*vs->spec.volume_snapshot_class_name);
      // A terminating claim is still a valid source once it carries the pvc-as-source
      // finalizer (the snapshot controller goes on, PR #413); without it, it is not (D10).
      valid = has_class && pvc != claim_by_key.end() && pvc->second->status.phase == "Bound" &&
              (!pvc->second->metadata.being_deleted() ||
               pvc->second->metadata.HasFinalizer(csi::kPvcAsSourceFinalizer));
    } else if (const auto& content_name = vs->spec.source.volume_snapshot_content_name) {
      auto c = content_by_name.find(*content_name);
      valid = c != content_by_name.end() && !ContentHandle(*c->second).empty() &&
              c->second->spec.volume_snapshot_ref.name == vs->metadata.name &&
              c->second->spec.volume_snapshot_ref.namespace_ == vs->metadata.namespace_ &&
              (c->second->spec.volume_snapshot_ref.uid.empty() ||
               c->second->spec.volume_snapshot_ref.uid == vs->metadata.uid);
    }
    if (valid) {
      std::string why = vs->status && vs->status->error && vs->status->error->message
                            ? fmt::format(" (error: {})", *vs->status->error->message)
                            : "";
      out.push_back({"liveness/snapshot-ready",
                     fmt::format("VolumeSnapshot {} has a valid source and class but is not ready{}", key, why)});
    }
  }
  for (const auto& c : contents) {
    if (!c->metadata.being_deleted()) continue;
    const api::ObjectReference& ref = c->spec.volume_snapshot_ref;
    bool snapshot_lives = live_snapshots.count(ref.namespace_ + "/" + ref.name + "/" + ref.uid) > 0;
    bool orphan = !ref.uid.empty() && !snapshot_lives &&
                  c->metadata.annotations.count(std::string(csi::kBeingDeletedAnnotation)) == 0;
    if (snapshot_lives || orphan || HasForeignFinalizer(c->metadata)) continue;
    out.push_back({"liveness/content-deleted",
                   fmt::format("VolumeSnapshotContent {} is still terminating (finalizers: {}; annotations: {})",
                               c->metadata.name, fmt::join(c->metadata.finalizers, ", "),
                               c->metadata.annotations.size())});
  }
  return out;
}

}  // namespace snapsim::cluster
