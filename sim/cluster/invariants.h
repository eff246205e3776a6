// InvariantChecker: the safety properties of the snapshot control plane, checked
// over the API server's objects and the fake ECS after every settle.
//
//   binding/two-way        a snapshot whose status names a content that points at a
//                          snapshot (uid set) is that snapshot: name, namespace, uid;
//   binding/one-to-one     no content is named as bound by two snapshots;
//   binding/dynamic-name   a dynamic content is named snapcontent-<its snapshot's uid>;
//   no-leak                every ECS snapshot the driver created is referenced by a
//                          content (its handle, or by name snapshot-<ref uid> while the
//                          handle is not stored yet), or was released with Retain, or
//                          by hand (a content seen stuck Terminating for csi-snapshotter -
//                          no being-deleted mark - whose finalizer someone removed);
//   driver-leak            (reported in place of no-leak) the leaked snapshot is one the
//                          driver itself lost: ECS made it but the reply was an error, or
//                          the driver's wait for the cut failed, or a retry got
//                          IdempotentProcessing - all answered by the HEAD driver with a
//                          final code, so csi-snapshotter let the content go without a
//                          handle. A real alibaba-cloud-csi-driver
//                          leak, not a controller bug: chaos counts it as a known finding;
//   upstream-leak          (likewise) the leaked snapshot's content was deleted while its
//                          CreateSnapshot was in flight (being-created) but before
//                          snapshot-controller had added its finalizer (failed writes), so
//                          nothing held it: a race in the upstream design, known too;
//   no-wrongful-delete     the driver never deleted an ECS snapshot that a live content or
//                          a Retain content references, nor a disk whose PV is Bound;
//   data/restore-matches-cut  a volume restored from a snapshot holds exactly the files of
//                          the source at the snapshot's cut: a Bound claim whose dataSource
//                          (or dataSourceRef) is a VolumeSnapshot, on a PV the provisioner
//                          made (provisioned-by), has a disk that CreateDisk made from the
//                          ECS snapshot of VolumeSnapshot -> bound content -> handle, and that
//                          held at creation the tree the checker itself read from the source
//                          disk when ECS cut that snapshot (not the snapshot's own record).
//                          Judged once per claim, at its first Bound sighting, along the
//                          chain seen when its PV was created (else the one standing then);
//                          skipped when no chain resolves, the VolumeSnapshot is a namesake
//                          made after the disk, or the cut came before Observe().
// With Observe(), also the orderings, checked at the moment things happen:
//   ordering/being-created-before-create   the driver's first CreateSnapshot for a content
//                          (no handle stored yet) finds volumesnapshot-being-created on it;
//   ordering/being-deleted-before-release  a deleted snapshot loses its bound finalizer only
//                          once the content bound to it carries volumesnapshot-being-deleted;
//   ordering/delete-before-release         a Delete content that still holds a handle loses
//                          its finalizer only once that ECS snapshot is gone.
// (Finalizers a user removes by hand are the user's business: only the writes of
// snapshot-controller and csi-snapshotter are judged.)
//
// The checker is stateful: it reads the ECS call log incrementally and remembers the
// handles it saw on Retain contents (until a content holding the handle is seen with
// Delete: the current policy governs), so it must see every settle of one cluster, in
// order. With Observe() it also keeps the file trees of ECS snapshot cuts and of disks
// at creation (O(1) shared copies, dropped once ECS no longer has the snapshot / disk).
// Reads never perturb the simulation (Peek/All*/DiskFiles views, no API calls). Each
// violation names the invariant and the objects involved.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "src/api/kinds_storage.h"
#include "src/fake_apiserver/apiserver.h"
#include "src/fake_ecs/ecs.h"

namespace snapsim::cluster {

struct InvariantViolation {
  std::string invariant;
  std::string detail;
};

// True for the violations that are known defects of the real components snapsim
// reproduces on purpose (driver-leak, upstream-leak), not deviations of our controllers:
// chaos reports them as KNOWN, the property tests accept them.
bool IsKnownDefect(std::string_view invariant);

class InvariantChecker {
 public:
  // The ECS caller name of the disk driver (its CallContext).
  explicit InvariantChecker(std::string driver_caller = "csi-plugin") : driver_caller_(std::move(driver_caller)) {}

  std::vector<InvariantViolation> Check(const apiserver::ApiServer& server, const ecs::Ecs& ecs);

  // Installs the ordering observers on `server` and `ecs` (commit, call and effect
  // observers); their findings are reported by the next Check(). The effect observer
  // also feeds data/restore-matches-cut. The owner must clear the observers before
  // this checker goes.
  void Observe(apiserver::ApiServer& server, ecs::Ecs& ecs);

  // Liveness, meaningful once faults are lifted and the cluster is at rest:
  //   liveness/snapshot-deleted   a VolumeSnapshot being deleted is gone, unless a Pending
  //                               claim restores from it (SnapshotDeletePending, D6);
  //   liveness/content-deleted    a VolumeSnapshotContent being deleted is gone, unless its
  //                               snapshot still exists (D3) or it is an orphan the
  //                               controllers must not touch (uid set, no being-deleted, D9);
  //   liveness/snapshot-ready     a VolumeSnapshot with an existing class and a Bound
  //                               source claim - not terminating, or terminating with the
  //                               pvc-as-source finalizer already on it (PR #413) - (or a
  //                               content with a handle) is ready.
  std::vector<InvariantViolation> CheckLiveness(const apiserver::ApiServer& server) const;

 private:
  void ReadCallLog(const ecs::Ecs& ecs);
  void ReadDriverCall(const ecs::CallRecord& r);

  void OnCommit(const apiserver::ApiServer& server, const ecs::Ecs& ecs, const api::KindInfo& kind,
                const api::Object* before, const api::Object* after, std::string_view client);
  void OnEcsCall(const apiserver::ApiServer& server, const ecs::CallRecord& call);
  void OnEcsEffect(const ecs::Ecs& ecs, const ecs::EffectRecord& effect);
  // `ecs_snapshots`: the snapshot ids ECS holds now (Check reads them once).
  void CheckRestores(const apiserver::ApiServer& server, const ecs::Ecs& ecs, const std::set<std::string>& ecs_snapshots,
                     std::vector<InvariantViolation>& out);

  // data/restore-matches-cut: what the checker saw happen, in its own records.
  struct RestoreChain {
    std::string snapshot;           // the VolumeSnapshot, "ns/name"
    std::uint64_t snapshot_seq = 0;  // its creation (0: before the checker watched)
    std::string handle;             // the ECS snapshot its bound content names
    std::string driver;             // the content's driver
  };
  // Claim -> dataSource VolumeSnapshot -> bound content -> handle, as it stands now.
  std::optional<RestoreChain> ResolveChain(const apiserver::ApiServer& server,
                                           const api::PersistentVolumeClaim& pvc) const;
  struct Cut {
    std::string disk_id;  // the source disk
    ecs::FileTree tree;   // its files when the snapshot was cut
  };
  struct CreatedDisk {
    std::string snapshot_id;        // CreateDisk's SnapshotId ("" = an empty disk)
    ecs::FileTree tree;             // its files at creation
    std::optional<Cut> cut;         // that snapshot's cut, if the checker saw it
    std::uint64_t seq = 0;          // when (observed-event order)
  };

  std::string driver_caller_;
  std::vector<InvariantViolation> observed_;  // ordering violations not reported yet
  std::size_t log_cursor_ = 0;
  std::vector<std::size_t> unfinished_calls_;          // driver calls read before they had an outcome
  std::set<std::string> failed_cut_waits_;              // snapshot ids of the driver's failed DescribeSnapshots
  std::map<std::string, std::string> unprotected_removals_;  // driver snapshot name -> content removed
                                                             // with being-created and no finalizer
  std::set<std::string> driver_error_names_;  // names of its CreateSnapshot calls that took effect but
                                              // answered an error, or got IdempotentProcessing
  std::set<std::string> driver_snapshot_names_;    // SnapshotName of the driver's CreateSnapshot calls
  std::set<std::string> driver_deleted_snapshots_;  // ids the driver's DeleteSnapshot removed
  std::set<std::string> driver_deleted_disks_;      // ids the driver's DeleteDisk removed
  std::set<std::string> retain_handles_;            // handles seen on Retain contents
  std::map<std::string, std::string> stuck_handles_;  // content -> handle, stuck at the last check
  std::set<std::string> released_by_hand_;          // handles of stuck contents that then vanished
  std::uint64_t seq_ = 0;                             // observed events (ECS effects, snapshot creations)
  std::map<std::string, Cut> cuts_;                   // ECS snapshot id -> its source at the cut
  std::map<std::string, CreatedDisk> created_disks_;  // disk id -> how it was created
  std::map<std::string, std::uint64_t> snapshot_created_seq_;  // VolumeSnapshot uid -> creation
  std::map<std::string, std::uint64_t> snapshot_name_first_seq_;  // "ns/name" -> first VolumeSnapshot's creation
  std::set<std::string> judged_claims_;               // claim uids judged (or found unjudgeable)
  std::map<std::string, RestoreChain> pv_time_chains_;  // claim uid -> chain when its PV was created
};

}  // namespace snapsim::cluster
