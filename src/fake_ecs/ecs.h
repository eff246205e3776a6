// Ecs: the fake Alibaba Cloud ECS (OpenAPI 2014-05-26) of one simulation — the public
// header of src/fake_ecs. It knows nothing of Kubernetes.
//
// Calls are asynchronous in virtual time, like the real service: a call made at t takes
// effect at t + api_latency/2 (state changes, or an error is decided) and its reply
// reaches `done` at t + api_latency (plus any latency a fault adds). A fault may also
// stop the call or lose its reply after the effect (fault.h). Every call is recorded in
// the call log. `...Sync` helpers run the EventLoop (and so everything else due) until
// the reply arrives — for tests, the CLI front end and simple callers.
//
// Lifecycles then continue on their own in virtual time (config.h): disks go
// Creating -> Available <-> Attaching -> In_use -> Detaching -> Available; snapshots are
// cut, become Available (instant access on ESSD), progress to accomplished, and vanish
// when their RetentionDays elapse. These are ordinary (non-background) events labelled
// "ECS disk d-... Attaching" / "ECS snapshot s-... progressing", so a settling cluster
// waits for them; expiries are background events.
//
// Instances are not created through the API: the cluster registers one per node with
// AddInstance. The data plane (device.h) gives a node access to the files of a disk
// attached to it. Single-threaded; Ecs must outlive its Devices and pending callbacks.
#pragma once

#include <deque>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "sim/engine/event_loop.h"
#include "sim/engine/rng.h"
#include "src/fake_ecs/call_log.h"
#include "src/fake_ecs/config.h"
#include "src/fake_ecs/device.h"
#include "src/fake_ecs/disk_api.h"
#include "src/fake_ecs/fault.h"
#include "src/fake_ecs/file_tree.h"
#include "src/fake_ecs/instance_api.h"
#include "src/fake_ecs/params_pool.h"
#include "src/fake_ecs/snapshot_api.h"

namespace snapsim::ecs {

namespace internal {
class Backend;
struct CallInfo;
}  // namespace internal

// Any action's response (Invoke()).
using AnyResponse =
    std::variant<CreateDiskResponse, DeleteDiskResponse, AttachDiskResponse, DetachDiskResponse,
                 ResizeDiskResponse, DescribeDisksResponse, DescribeInstancesResponse,
                 CreateSnapshotResponse, DeleteSnapshotResponse, ModifySnapshotAttributeResponse,
                 DescribeSnapshotsResponse>;

class Ecs {
 public:
  Ecs(engine::EventLoop& loop, engine::Rng& rng, EcsConfig config = {});
  ~Ecs();
  Ecs(const Ecs&) = delete;
  Ecs& operator=(const Ecs&) = delete;

  const EcsConfig& config() const;

  // Registers a Running instance in `zone` of the configured region, with a system disk
  // (cloud_essd 40 GiB, In_use, ext4). data_disk_limit <= 0 means the config's default.
  // Returns the system disk's id. Errors: unknown zone, malformed or duplicate id.
  Result<std::string> AddInstance(std::string_view instance_id, std::string_view zone,
                                  std::string_view hostname, int data_disk_limit = 0);

  // The API, asynchronous.
  void CreateDisk(CreateDiskRequest r, Reply<CreateDiskResponse> done,
                  const CallContext& ctx = {});
  void DeleteDisk(DeleteDiskRequest r, Reply<DeleteDiskResponse> done,
                  const CallContext& ctx = {});
  void AttachDisk(AttachDiskRequest r, Reply<AttachDiskResponse> done,
                  const CallContext& ctx = {});
  void DetachDisk(DetachDiskRequest r, Reply<DetachDiskResponse> done,
                  const CallContext& ctx = {});
  void ResizeDisk(ResizeDiskRequest r, Reply<ResizeDiskResponse> done,
                  const CallContext& ctx = {});
  void DescribeDisks(DescribeDisksRequest r, Reply<DescribeDisksResponse> done,
                     const CallContext& ctx = {});
  void DescribeInstances(DescribeInstancesRequest r, Reply<DescribeInstancesResponse> done,
                         const CallContext& ctx = {});
  void CreateSnapshot(CreateSnapshotRequest r, Reply<CreateSnapshotResponse> done,
                      const CallContext& ctx = {});
  void DeleteSnapshot(DeleteSnapshotRequest r, Reply<DeleteSnapshotResponse> done,
                      const CallContext& ctx = {});
  void ModifySnapshotAttribute(ModifySnapshotAttributeRequest r,
                               Reply<ModifySnapshotAttributeResponse> done,
                               const CallContext& ctx = {});
  void DescribeSnapshots(DescribeSnapshotsRequest r, Reply<DescribeSnapshotsResponse> done,
                         const CallContext& ctx = {});
  // Any modelled action by name with its wire parameters (what the aliyun CLI sends).
  // Parameters are parsed when the call takes effect, so a malformed one is an ECS error
  // with a RequestId; an action snapsim does not model is snapsim.Unsupported.
  void Invoke(std::string_view action, const Params& params, Reply<AnyResponse> done,
              const CallContext& ctx = {});

  // The same, waiting for the reply (runs the EventLoop).
  Result<CreateDiskResponse, EcsError> CreateDiskSync(const CreateDiskRequest& r,
                                                      const CallContext& ctx = {});
  Result<DeleteDiskResponse, EcsError> DeleteDiskSync(const DeleteDiskRequest& r,
                                                      const CallContext& ctx = {});
  Result<AttachDiskResponse, EcsError> AttachDiskSync(const AttachDiskRequest& r,
                                                      const CallContext& ctx = {});
  Result<DetachDiskResponse, EcsError> DetachDiskSync(const DetachDiskRequest& r,
                                                      const CallContext& ctx = {});
  Result<ResizeDiskResponse, EcsError> ResizeDiskSync(const ResizeDiskRequest& r,
                                                      const CallContext& ctx = {});
  Result<DescribeDisksResponse, EcsError> DescribeDisksSync(const DescribeDisksRequest& r,
                                                            const CallContext& ctx = {});
  Result<DescribeInstancesResponse, EcsError> DescribeInstancesSync(
      const DescribeInstancesRequest& r, const CallContext& ctx = {});
  Result<CreateSnapshotResponse, EcsError> CreateSnapshotSync(const CreateSnapshotRequest& r,
                                                              const CallContext& ctx = {});
  Result<DeleteSnapshotResponse, EcsError> DeleteSnapshotSync(const DeleteSnapshotRequest& r,
                                                              const CallContext& ctx = {});
  Result<ModifySnapshotAttributeResponse, EcsError> ModifySnapshotAttributeSync(
      const ModifySnapshotAttributeRequest& r, const CallContext& ctx = {});
  Result<DescribeSnapshotsResponse, EcsError> DescribeSnapshotsSync(
      const DescribeSnapshotsRequest& r, const CallContext& ctx = {});
  Result<AnyResponse, EcsError> InvokeSync(std::string_view action, const Params& params,
                                           const CallContext& ctx = {});

  // Faults (fault.h), installed and cleared by the cluster.
  void AddFault(FaultRule rule);
  void ClearFaults();

  // Called synchronously as each call is made (before any effect), with its record: the
  // invariant checker's window onto "what the world looked like when the driver called".
  // The observer must not call the Ecs.
  void SetCallObserver(std::function<void(const CallRecord&)> observer) { call_observer_ = std::move(observer); }
  // Called synchronously as the state changes, after the change (EffectRecord,
  // call_log.h): each call that takes effect, with the id it created, and each snapshot
  // cut. The invariant checker's window onto "what the disk held at that moment". The
  // observer may read the Ecs (DiskFiles, All*) but must not call it.
  void SetEffectObserver(std::function<void(const EffectRecord&)> observer);

  // Every call so far, in call order (the oldest may be dropped: config.call_log_limit).
  const std::deque<CallRecord>& CallLog() const { return log_; }

  // The data plane: the disk as seen from `instance_id` (device.h). Errors unless the
  // disk is In_use on that instance.
  Result<Device> OpenDevice(std::string_view disk_id, std::string_view instance_id);

  // Read-only views of everything, without an API call (invariants, tests): the same
  // shapes Describe* return, in id order.
  std::vector<DiskInfo> AllDisks() const;
  std::vector<SnapshotInfo> AllSnapshots() const;
  std::vector<InstanceInfo> AllInstances() const;
  // Lighter views for checks that run after every step (All* format every field):
  // whether a disk exists, and each snapshot's id and name, in id order.
  bool HasDisk(std::string_view disk_id) const;
  void ForEachSnapshotName(
      const std::function<void(const std::string& id, const std::string& name)>& fn) const;
  // The files on a disk now (an O(1) copy, independent of later writes); nullopt if
  // there is no such disk. An unformatted disk has an empty tree.
  std::optional<FileTree> DiskFiles(std::string_view disk_id) const;

 private:
  template <class Resp>
  void Dispatch(std::string_view action, Params params, const CallContext& ctx,
                std::function<Result<Resp, EcsError>(internal::CallInfo&)> effect,
                Reply<Resp> done);
  template <class Resp>
  Result<Resp, EcsError> Wait(std::function<void(Reply<Resp>)> call);
  std::string NewRequestId();
  // The Ecs's copy of a caller, action or outcome name, for call records.
  std::string_view Intern(std::string_view name);

  engine::EventLoop& loop_;
  engine::Rng& rng_;
  std::unique_ptr<internal::Backend> backend_;
  FaultInjector faults_;
  ParamsPool params_pool_;
  std::set<std::string, std::less<>> names_;  // what call records' names view
  std::deque<CallRecord> log_;
  std::function<void(const CallRecord&)> call_observer_;
  std::function<void(const EffectRecord&)> effect_observer_;
  std::uint64_t log_dropped_ = 0;  // records dropped from the front of log_
  std::uint64_t log_next_ = 0;     // the sequence number of the next record
};

}  // namespace snapsim::ecs
