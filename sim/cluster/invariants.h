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
//   no-wrongful-delete     the driver never deleted an ECS snapshot that a live content or
//                          a Retain content references, nor a disk whose PV is Bound.
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
// order. Reads never perturb the simulation (Peek/All* views, no API calls). Each
// violation names the invariant and the objects involved.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "src/fake_apiserver/apiserver.h"
#include "src/fake_ecs/ecs.h"

namespace snapsim::cluster {

struct InvariantViolation {
  std::string invariant;
  std::string detail;
};

class InvariantChecker {
 public:
  // The ECS caller name of the disk driver (its CallContext).
  explicit InvariantChecker(std::string driver_caller = "csi-plugin") : driver_caller_(std::move(driver_caller)) {}

  std::vector<InvariantViolation> Check(const apiserver::ApiServer& server, const ecs::Ecs& ecs);

  // Installs the ordering observers on `server` and `ecs`; their findings are reported by
  // the next Check(). The owner must clear the observers before this checker goes.
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

  void OnCommit(const apiserver::ApiServer& server, const ecs::Ecs& ecs, const api::KindInfo& kind,
                const api::Object* before, const api::Object* after, std::string_view client);
  void OnEcsCall(const apiserver::ApiServer& server, const ecs::CallRecord& call);

  std::string driver_caller_;
  std::vector<InvariantViolation> observed_;  // ordering violations not reported yet
  std::size_t log_cursor_ = 0;
  std::set<std::string> driver_snapshot_names_;    // SnapshotName of the driver's CreateSnapshot calls
  std::set<std::string> driver_deleted_snapshots_;  // ids the driver's DeleteSnapshot removed
  std::set<std::string> driver_deleted_disks_;      // ids the driver's DeleteDisk removed
  std::set<std::string> retain_handles_;            // handles seen on Retain contents
  std::map<std::string, std::string> stuck_handles_;  // content -> handle, stuck at the last check
  std::set<std::string> released_by_hand_;          // handles of stuck contents that then vanished
};

}  // namespace snapsim::cluster
