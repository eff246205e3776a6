// BindingModel: a small reference model of what a user of the snapshot API should
// see once the cluster is at rest, written from the behavioural spec
// (../shared/reference/snapshot-controller-semantics.md) rather than from our
// controllers. The property test (snapshot_properties_test.cc) drives a real
// cluster and the model with the same operations and compares them after every
// settle.
//
// What the model knows, all in the default namespace:
//   classes    VolumeSnapshotClass name -> deletionPolicy;
//   claims     PVCs (each with a pod using it, so its disk is attached and can be
//              snapshotted), optionally restored from a snapshot;
//   snapshots  VolumeSnapshots: dynamic (claim + class) or static (a pre-provisioned
//              content); whether each is readyToUse and which content it is bound to;
//   contents   VolumeSnapshotContents by key (dynamic: "<snapshot>#<n>", the n-th
//              snapshot of that name - the real name is snapcontent-<uid>, known only
//              to the system under test; static: their own name), with their current
//              deletionPolicy, the live snapshot they are bound to ("" once it was
//              deleted), and whether they are terminating;
//   ecs_snapshots  the number of ECS snapshots that exist.
//
// The rules (spec section in brackets):
//   - a dynamic snapshot becomes ready, at the first settle at which its class and its
//     source claim both exist; its content is created then with the class's policy at
//     that moment, and one ECS snapshot is cut [3.1, 3.3, 4.2]. Until then it waits
//     (and the controllers keep retrying: the cluster is not at rest). A ready snapshot
//     stays ready whatever happens to its class or claim [3.4, #432] (but once its class
//     is gone, its next sync fails class resolution and is retried for ever [3.1]);
//   - a static import (an ECS snapshot cut by hand + a content with its handle + a
//     snapshot naming the content) is ready at once [3.3, 4.5];
//   - deleting a snapshot: not ready -> it just goes (D4); bound to a Delete content ->
//     the content and the ECS snapshot go (D1); bound to a Retain content -> the
//     content stays, marked being-deleted, and so does the ECS snapshot (D2). The
//     policy read is the content's current one (D7, #292);
//   - deleting a content: bound to a live snapshot -> it stays terminating, the snapshot
//     stays ready (D3), until the snapshot is deleted (then D1/D2 complete it, with a
//     CSI delete only for Delete); whose snapshot was deleted (Retain, being-deleted
//     mark) -> it goes, with the ECS snapshot iff its policy is now Delete (D2, D7);
//   - a snapshot of a Delete class deleted before the cluster settles, whenever the
//     deletion lands (before its content, during CreateSnapshot, after): nothing is left
//     of it - no content, no ECS snapshot (D4, D5, D1; the test applies no change);
//   - a restored claim is Bound (restores start only from ready snapshots);
//   - the pvc-as-source-protection finalizer [3.8]: a claim gets it when a snapshot of it
//     gets past class resolution and has its content created (here: when it becomes
//     ready), and loses it at the next sync of a snapshot of it once no snapshot naming
//     it is unready - so a snapshot stuck on a missing class keeps it, once another
//     snapshot of the same claim put it there (#1305);
//   - deleting a claim (its pod first): gone with its disk, or, while it has that
//     finalizer, terminating (still Bound, still a valid source: PR #413) until the
//     finalizer goes.
//
// Left out on purpose (the commands' preconditions keep the test away from them):
//   - D6 (deleting a snapshot while a Pending claim restores from it): every command
//     settles and Restore needs a ready snapshot, so no claim is Pending at a deletion;
//   - D9 (orphan content without a being-deleted mark): contents outlive their
//     snapshot only through D2, which marks them;
//   - default classes (every dynamic snapshot names a class), re-use of a retained
//     content by a new static snapshot (#345), two contents sharing a handle (#676),
//     namespaces, volume modes, group snapshots, API/ECS/watch faults;
//   - deleting an unready snapshot that never got past class resolution (so it has no
//     finalizers and vanishes without a sync) while its claim holds pvc-as-source-protection:
//     nothing re-evaluates the claim's finalizer until some other snapshot of it is synced
//     - by an unrelated event, a controller restart or the 15-minute resync - and a
//     terminating claim would hang on that history (DeletableWithoutSync is false);
//   - a snapshot of a Retain class deleted before it settles (whether its content and
//     ECS snapshot stay depends on when the deletion landed), and an early deletion while
//     another unready snapshot names the same claim (whether that claim keeps
//     pvc-as-source-protection depends on it too);
//   - a claim is deleted only while it is live (not again while terminating), and its
//     name is not reused before it is gone.
#pragma once

#include <map>
#include <string>

namespace snapsim::props {

struct ModelSnapshot {
  bool dynamic = true;
  std::string claim;   // dynamic: the source claim
  std::string cls;     // dynamic: the class it names
  int generation = 0;  // dynamic: the n-th snapshot created under this name (from 0)
  bool ready = false;
  std::string content;  // the key of the bound content, once ready
  // Got past class resolution once (the controller then adds its finalizers [3.2]);
  // a snapshot without finalizers is removed by the API server at once on deletion,
  // without a sync.
  bool synced = false;
};

struct ModelContent {
  bool dynamic = true;
  std::string policy;    // Delete | Retain
  std::string snapshot;  // the live snapshot bound to it; "" once that was deleted
  bool terminating = false;
};

struct ModelClaim {
  std::string restored_from;  // "" = a new empty disk
  bool protected_ = false;    // has snapshot.storage.kubernetes.io/pvc-as-source-protection
  bool terminating = false;
};

struct BindingModel {
  std::map<std::string, std::string> classes;  // name -> deletionPolicy
  std::map<std::string, ModelClaim> claims;
  std::map<std::string, ModelSnapshot> snapshots;
  std::map<std::string, ModelContent> contents;
  std::map<std::string, int> generations;  // snapshot name -> snapshots created with it
  int ecs_snapshots = 0;

  static std::string DynamicContentKey(const std::string& snapshot, int generation);
  // The generation the next CreateSnapshot(name) gets.
  int NextGeneration(const std::string& snapshot) const;

  // Each operation applies the user's action, then Settle().
  void CreateClass(const std::string& name, const std::string& policy);
  void DeleteClass(const std::string& name);
  void CreateClaim(const std::string& name, const std::string& restored_from);
  void DeleteClaim(const std::string& name);
  void CreateSnapshot(const std::string& name, const std::string& claim, const std::string& cls);
  void ImportStatic(const std::string& name, const std::string& content, const std::string& policy);
  void DeleteSnapshot(const std::string& name);
  void DeleteContent(const std::string& key);
  void PatchContentPolicy(const std::string& key, const std::string& policy);

  // False for the deletion the header excludes: an unready snapshot without finalizers
  // whose claim holds pvc-as-source-protection.
  bool DeletableWithoutSync(const std::string& snapshot) const;

  // What the controllers do until they rest.
  void Settle();
  // Whether the controllers rest once the operation settled:
  //   kBusy    some snapshot waits for its class or claim: retried for ever [3.1, 3.3];
  //   kEither  a ready dynamic snapshot names a class that is gone: the next sync of that
  //            snapshot (any event on it or its content, or the 15-minute resync) fails
  //            class resolution and retries for ever [3.1], so it depends on history;
  //   kAtRest  otherwise.
  enum class Rest { kAtRest, kBusy, kEither };
  Rest ExpectedRest() const;

  std::string Describe() const;
};

}  // namespace snapsim::props
