// ExternalProvisioner: the SnapshotFinalizerController's sweep (provisioner#1507) — every
// snapshot_orphan_sweep_interval, remove provisioner.storage.kubernetes.io/
// volumesnapshot-as-source-protection from VolumeSnapshots that no Pending (or
// phase-less) claim uses as its snapshot data source. Errors are left to the next sweep.
#include <set>

#include "src/csi/provisioner/provisioner.h"
#include "src/csi/util/snapshot_names.h"

namespace snapsim::csi::provisioner {
namespace {

// snapshotNameFromPVC: "ns/name" of the snapshot source, or "" when there is none.
std::string SnapshotSourceKey(const api::PersistentVolumeClaim& pvc) {
  auto group_ok = [](const std::optional<std::string>& g) {
    return !g || *g == kSnapshotApiGroup;
  };
  if (pvc.spec.data_source && pvc.spec.data_source->kind == kSnapshotKind &&
      group_ok(pvc.spec.data_source->api_group)) {
    return pvc.metadata.namespace_ + "/" + pvc.spec.data_source->name;
  }
  if (pvc.spec.data_source_ref && pvc.spec.data_source_ref->kind == kSnapshotKind &&
      group_ok(pvc.spec.data_source_ref->api_group)) {
    const auto& ns = pvc.spec.data_source_ref->namespace_;
    return (ns && !ns->empty() ? *ns : pvc.metadata.namespace_) + "/" + pvc.spec.data_source_ref->name;
  }
  return "";
}

}  // namespace

void ExternalProvisioner::SweepOrphanedSnapshotFinalizers() {
  if (!running_) return;
  std::set<std::string> pending;
  for (const auto& o : claim_informer_.List()) {
    auto pvc = api::As<api::PersistentVolumeClaim>(o);
    if (pvc->status.phase != "Pending" && !pvc->status.phase.empty()) continue;
    std::string key = SnapshotSourceKey(*pvc);
    if (!key.empty()) pending.insert(key);
  }
  for (const auto& o : snapshot_informer_.List()) {
    if (!o->metadata.HasFinalizer(kProvisionerSnapshotSourceFinalizer)) continue;
    if (pending.count(o->Key())) continue;
    (void)RemoveSnapshotFinalizer(o->metadata.namespace_, o->metadata.name);
  }
}

}  // namespace snapsim::csi::provisioner
