#include "sim/cluster/known_races.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <vector>

#include "sim/cluster/cluster.h"
#include "src/api/kinds_snapshot.h"
#include "src/csi/util/snapshot_names.h"

namespace snapsim::cluster {
namespace {

bool InWindow(const api::VolumeSnapshotContent& c) {
  const auto& meta = c.metadata;
  return meta.being_deleted() && meta.HasFinalizer(csi::kVolumeSnapshotContentFinalizer) &&
         meta.Annotation(csi::kBeingDeletedAnnotation) != nullptr &&
         meta.Annotation(csi::kBeingCreatedAnnotation) == nullptr && c.status &&
         c.status->ready_to_use.value_or(false);
}

}  // namespace

std::optional<std::string> ExplainResyncHealedDeletion(Cluster& cluster, engine::Nanos resync_period) {
  std::vector<std::string> stuck;
  for (const auto& obj : cluster.server().PeekAll(api::VolumeSnapshotContent::Info())) {
    if (InWindow(static_cast<const api::VolumeSnapshotContent&>(*obj))) stuck.push_back(obj->metadata.name);
  }
  if (stuck.empty()) return std::nullopt;
  // One resync period (the next resync comes within it), then the work it starts.
  cluster.Sleep(resync_period);
  cluster.Settle(engine::kHour);
  for (const std::string& name : stuck) {
    if (cluster.server().Peek(api::VolumeSnapshotContent::Info(), "", name) != nullptr) return std::nullopt;
  }
  if (!cluster.CheckInvariants().empty() || !cluster.CheckLiveness().empty()) return std::nullopt;
  return fmt::format(
      "external-snapshotter #1388's window after PR #1392: VolumeSnapshotContent {} was deleted while its "
      "snapshot was being cut, and the sync after its readyToUse flip read it before the being-created "
      "annotation's removal reached the informer; csi-snapshotter deleted it at its next resync ({} min), "
      "as upstream's does",
      fmt::join(stuck, ", "), resync_period / engine::kMinute);
}

}  // namespace snapsim::cluster
