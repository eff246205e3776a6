// Internal: the ECS backend (moto's "models" + backend): owns every region's state and
// every rule. Each API function is the synchronous *effect* of one call, run by Ecs
// (ecs.h) at the moment the call takes effect; it either changes state and returns the
// response, or changes nothing and returns the error. Lifecycle transitions (disk
// attach, snapshot cut/upload, retention) are events on the simulation's EventLoop.
//
// Only src/fake_ecs/*.cc include this header.
#pragma once

#include <functional>
#include <map>
#include <string>

#include "sim/engine/event_loop.h"
#include "sim/engine/rng.h"
#include "src/fake_ecs/config.h"
#include "src/fake_ecs/packed_params.h"
#include "src/fake_ecs/disk_api.h"
#include "src/fake_ecs/ecs.h"
#include "src/fake_ecs/instance_api.h"
#include "src/fake_ecs/snapshot_api.h"
#include "src/fake_ecs/state.h"

namespace snapsim::ecs::internal {

// What the call machinery tells the backend about the call being applied.
struct CallInfo {
  std::string action;
  std::string request_id;
  std::shared_ptr<const PackedParams> params;  // as sent (for ClientToken comparison)
  engine::Nanos reply_at = 0;  // when the caller will get the reply
  bool fail_snapshot = false;  // fault: the snapshot ends "failed"
};

template <class T>
using R = Result<T, EcsError>;

class Backend {
 public:
  Backend(engine::EventLoop& loop, engine::Rng& rng, EcsConfig config);

  const EcsConfig& config() const { return config_; }
  engine::EventLoop& loop() { return loop_; }

  Result<std::string> AddInstance(std::string_view id, std::string_view zone,
                                  std::string_view hostname, int data_disk_limit);

  R<CreateDiskResponse> CreateDisk(const CreateDiskRequest& r, const CallInfo& c);
  R<DeleteDiskResponse> DeleteDisk(const DeleteDiskRequest& r, const CallInfo& c);
  R<AttachDiskResponse> AttachDisk(const AttachDiskRequest& r, const CallInfo& c);
  R<DetachDiskResponse> DetachDisk(const DetachDiskRequest& r, const CallInfo& c);
  R<ResizeDiskResponse> ResizeDisk(const ResizeDiskRequest& r, const CallInfo& c);
  R<DescribeDisksResponse> DescribeDisks(const DescribeDisksRequest& r, const CallInfo& c);
  R<DescribeInstancesResponse> DescribeInstances(const DescribeInstancesRequest& r,
                                                 const CallInfo& c);
  R<CreateSnapshotResponse> CreateSnapshot(const CreateSnapshotRequest& r, const CallInfo& c);
  R<DeleteSnapshotResponse> DeleteSnapshot(const DeleteSnapshotRequest& r, const CallInfo& c);
  R<ModifySnapshotAttributeResponse> ModifySnapshotAttribute(
      const ModifySnapshotAttributeRequest& r, const CallInfo& c);
  R<DescribeSnapshotsResponse> DescribeSnapshots(const DescribeSnapshotsRequest& r,
                                                 const CallInfo& c);

  // Views without a call (tests, invariants, the data plane).
  std::vector<DiskInfo> AllDisks() const;
  std::vector<SnapshotInfo> AllSnapshots() const;
  std::vector<InstanceInfo> AllInstances() const;
  void ForEachSnapshotName(
      const std::function<void(const std::string& id, const std::string& name)>& fn) const;
  // The contents of a disk attached (In_use) to `instance_id`.
  Result<Disk*> AttachedDisk(std::string_view disk_id, std::string_view instance_id);
  Disk* FindDiskAnywhere(std::string_view disk_id);
  const Disk* FindDiskAnywhere(std::string_view disk_id) const;
  // Called as each snapshot is cut, with the snapshot's id and its source disk's id.
  void SetCutHook(std::function<void(const std::string&, const std::string&)> hook) {
    cut_hook_ = std::move(hook);
  }

  // Info builders (shared by Describe* and the views).
  DiskInfo ToInfo(const Region& region, const Disk& d) const;
  SnapshotInfo ToInfo(const Region& region, const Snapshot& s) const;
  InstanceInfo ToInfo(const Region& region, const Instance& i) const;

 private:
  // Lookups: one NotFound path per resource.
  R<Region*> GetRegion(const std::string& region_id);
  R<Disk*> GetDisk(Region& region, const std::string& id, errors::DiskIdWording w);
  R<Instance*> GetInstance(Region& region, const std::string& id);
  R<Snapshot*> GetSnapshot(Region& region, const std::string& id, errors::SnapshotIdWording w);

  // ClientToken: the earlier result for the same token, or an error, or nullopt (new).
  R<std::optional<std::string>> CheckToken(Region& region, const CallInfo& c,
                                           const std::optional<std::string>& token);
  void RememberToken(Region& region, const CallInfo& c, const std::optional<std::string>& token,
                     const std::string& id);

  std::string NewId(char kind, const std::string& region_id);  // d-/s-/i- + prefix + 17
  engine::Nanos Jittered(engine::Nanos d);
  std::string Time(engine::Nanos t) const;        // "2026-01-01T00:00:36Z"
  std::string MinuteTime(engine::Nanos t) const;  // "2026-01-01T00:00Z"

  // Lifecycle (backend_lifecycle.cc).
  void ScheduleDiskTransition(Region& region, Disk& d, engine::Nanos after, DiskStatus to);
  void ScheduleSnapshot(Region& region, Snapshot& s, bool ia_requested);
  void CutSnapshot(const std::string& region_id, const std::string& id);
  void FinishSnapshot(const std::string& region_id, const std::string& id);
  void MakeAvailable(const std::string& region_id, const std::string& id);
  void ExpireInstantAccess(const std::string& region_id, const std::string& id);
  void ReleaseSnapshot(Region& region, const std::string& id);  // removes it, cancels events
  void RemoveDisk(Region& region, const std::string& id);
  std::string Progress(const Snapshot& s) const;
  std::int64_t RemainSeconds(const Snapshot& s) const;

  engine::EventLoop& loop_;
  engine::Rng& rng_;
  EcsConfig config_;
  std::map<std::string, Region> regions_;
  std::uint64_t next_seq_ = 1;
  std::map<std::string, std::string> disk_region_;  // disk id -> region id (data plane)
  std::function<void(const std::string&, const std::string&)> cut_hook_;
};

// The generic effect of Ecs::Invoke: parse `params` for `action`, apply it (invoke.cc).
Result<AnyResponse, EcsError> InvokeEffect(Backend& b, std::string_view action,
                                           const Params& params, CallInfo& c);

// Category helpers (backend_rules.cc).
bool IsKnownCategory(std::string_view category);
bool IsEssdSeries(std::string_view category);
// Size range in GiB for a category (and PL for cloud_essd); false if unknown.
bool SizeRange(std::string_view category, std::string_view pl, std::int64_t& lo, std::int64_t& hi);
// Name rules (2..128, starts with a letter, [A-Za-z0-9:_.-], no http(s)://), with
// the extra CreateSnapshot rule: must not start with "auto".
bool ValidName(std::string_view name);
bool ValidDescription(std::string_view d);
std::optional<EcsError> ValidateTags(const std::vector<Tag>& tags);
std::vector<ResponseTag> ResponseTags(const std::vector<Tag>& tags);

}  // namespace snapsim::ecs::internal
