// ControllerServer: the controller (and identity) service of the disk CSI driver
// diskplugin.csi.alibabacloud.com, talking to the fake ECS only (reference §1).
//
// Every RPC is asynchronous: it issues ECS calls and waits on the EventLoop (attach and
// detach polls every poll_interval, DeleteDisk retries every 5 s for up to 5 min on
// IncorrectDiskStatus.Initializing, Throttling backs off 1 s -> 10 s), then calls `done`
// exactly once with the response or a GrpcStatus carrying the driver's code and message.
// CreateVolume never waits for the disk to leave Creating. CreateSnapshot waits for the
// cut (CreationTime set) and reports ready_to_use = ECS Available (§1.7, HEAD era); with
// ControllerOptions::snapshot_era = kLegacy it behaves as the driver did up to v1.5 (§1.8:
// name lookup first, snapshotType InstantAccess honoured on ESSD, ready at once when IA);
// DeleteSnapshot uses Force and treats not-found as success; ListSnapshots pages with
// "<pos>@<ecsToken>" tokens (§1.9). The VolumeSnapshot annotation snapshot-ttl is not
// read (no Kubernetes access here).
//
// Callers: the external-provisioner and external-attacher. The server keeps no state
// across calls (a crash loses nothing but in-flight work). It must outlive its pending
// callbacks; the Ecs and EventLoop must outlive it.
#pragma once

#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/engine/event_loop.h"
#include "sim/engine/time.h"
#include "src/csi/diskplugin/csi.h"
#include "src/fake_ecs/ecs.h"

namespace snapsim::csi::disk {

// Which driver generation's CreateSnapshot (reference §1.7 / §1.8); the cluster picks it
// from cluster.diskDriverVersion (<= v1.5 = kLegacy).
enum class SnapshotEra { kHead, kLegacy };

struct ControllerOptions {
  std::string region = "cn-hangzhou";
  std::string default_zone;  // the controller's metadata zone; "" = the first ECS zone
  std::string cluster_id = "c1";
  bool force_detach = true;          // DISK_FORCE_DETACHED
  bool detach_before_delete = true;  // DISK_DETACH_BEFORE_DELETE
  engine::Nanos poll_interval = engine::kSecond;
  engine::Nanos wait_timeout = 5 * engine::kMinute;  // attach/detach waits (the RPC deadline)
  std::string caller = "csi-plugin";                 // CallContext of every ECS call
  SnapshotEra snapshot_era = SnapshotEra::kHead;
  // Legacy era: a repeated create of one name within this interval is refused
  // (SNAPSHOT_REQUEST_INTERVAL, default 10 s).
  engine::Nanos snapshot_request_interval = 10 * engine::kSecond;
  // WaitForFirstConsumer: the labels of a Node by name (the provisioner passes the
  // selected node in the parameter volume.kubernetes.io/selected-node). An error's
  // message is the Kubernetes error text (`nodes "x" not found`). Unset = no lookup:
  // node restrictions are not applied.
  std::function<Result<std::map<std::string, std::string>>(std::string_view node_name)> node_labels;
};

class ControllerServer {
 public:
  ControllerServer(engine::EventLoop& loop, ecs::Ecs& ecs, ControllerOptions options = {});

  // Identity.
  GetPluginInfoResponse GetPluginInfo() const;
  ControllerGetCapabilitiesResponse ControllerGetCapabilities() const;

  void CreateVolume(const CreateVolumeRequest& req, CsiReply<CreateVolumeResponse> done);
  void DeleteVolume(const DeleteVolumeRequest& req, CsiReply<Empty> done);
  void ControllerPublishVolume(const ControllerPublishVolumeRequest& req,
                               CsiReply<ControllerPublishVolumeResponse> done);
  void ControllerUnpublishVolume(const ControllerUnpublishVolumeRequest& req, CsiReply<Empty> done);
  void CreateSnapshot(const CreateSnapshotRequest& req, CsiReply<CreateSnapshotResponse> done);
  void DeleteSnapshot(const DeleteSnapshotRequest& req, CsiReply<Empty> done);
  void ListSnapshots(const ListSnapshotsRequest& req, CsiReply<ListSnapshotsResponse> done);

  const ControllerOptions& options() const { return options_; }

  // The plugin process restarts: every RPC in flight fails at once with Unavailable
  // (the caller's connection breaks), its later ECS replies are dropped, and the
  // process memory (the legacy era's record of created snapshots) is lost. ECS calls
  // already sent still take effect.
  void Restart();
  std::size_t InFlight() const { return in_flight_.size(); }

 private:
  struct CreateOp;
  struct PublishOp;

  // Describes one disk: the disk, nullopt when it does not exist, or the ECS error.
  using DiskLookup = Result<std::optional<ecs::DiskInfo>, ecs::EcsError>;
  void DescribeDisk(const std::string& disk_id, std::function<void(DiskLookup)> done);
  // Polls until pred(disk or nullptr if gone) holds. done(nullopt) on success, else a
  // reason ("<sdk error>" or "timed out after 5m0s").
  void WaitForDisk(const std::string& disk_id, std::function<bool(const ecs::DiskInfo*)> pred,
                   engine::Nanos deadline, std::function<void(std::optional<std::string>)> done);
  // ECS calls behind the throttler: retried with back-off while they answer Throttling.
  template <class Resp>
  void Throttled(std::function<void(ecs::Reply<Resp>)> call, ecs::Reply<Resp> done,
                 engine::Nanos delay = engine::kSecond, engine::Nanos waited = 0);
  // DetachDisk and the wait until the disk has left `instance_id`. done(nullopt) or the
  // failure text.
  // With `already_detaching` only the wait runs (the disk is Detaching from the instance).
  void DetachAndWait(const std::string& disk_id, const std::string& instance_id,
                     std::function<void(std::optional<GrpcStatus>)> done,
                     bool already_detaching = false);

  // Polls until the disk has left `instance_id` (or is gone).
  void WaitDetached(const std::string& disk_id, const std::string& instance_id,
                    std::function<void(std::optional<GrpcStatus>)> done);

  // CreateVolume steps (create_volume.cc).
  void NextAttempt(std::shared_ptr<CreateOp> op);
  void RecoverIdempotency(std::shared_ptr<CreateOp> op, ecs::EcsError mismatch);
  void FinishCreate(std::shared_ptr<CreateOp> op, const std::string& disk_id);
  // ControllerPublish steps (publish_volume.cc).
  void Attach(std::shared_ptr<PublishOp> op);
  // CreateSnapshot's wait for the cut (snapshot.cc).
  void WaitForCut(std::string snapshot_id, engine::Nanos delay,
                  CsiReply<CreateSnapshotResponse> done);
  // CreateSnapshot of the legacy era (legacy_snapshot.cc).
  void CreateSnapshotLegacy(const CreateSnapshotRequest& req, CsiReply<CreateSnapshotResponse> done);
  void CreateSnapshotLegacyIssue(const CreateSnapshotRequest& req, CsiReply<CreateSnapshotResponse> done);
  // DeleteVolume steps (delete_volume.cc).
  void DeleteDiskWithRetry(std::string disk_id, engine::Nanos started, CsiReply<Empty> done);

  ecs::CallContext Ctx() const { return {.caller = options_.caller}; }

  // Wraps an RPC's reply so that Restart() can fail it: the returned callback
  // delivers `done` unless the process restarted since.
  template <class Resp>
  CsiReply<Resp> Track(CsiReply<Resp> done);

  engine::EventLoop& loop_;
  ecs::Ecs& ecs_;
  ControllerOptions options_;
  std::uint64_t next_rpc_ = 0;
  std::map<std::uint64_t, std::function<void()>> in_flight_;  // rpc -> fail it with Unavailable
  // Legacy era only: the driver process's memory of created snapshots (by name) and of
  // the last create request per name (lost when the driver restarts).
  std::map<std::string, Snapshot> legacy_created_;
  std::map<std::string, engine::Nanos> legacy_requests_;
};

template <class Resp>
void ControllerServer::Throttled(std::function<void(ecs::Reply<Resp>)> call, ecs::Reply<Resp> done,
                                 engine::Nanos delay, engine::Nanos waited) {
  call([this, call, done, delay, waited](Result<Resp, ecs::EcsError> r) {
    bool throttled = !r.ok() && r.error().code.rfind("Throttling", 0) == 0;
    if (!throttled || waited >= options_.wait_timeout) {
      done(std::move(r));
      return;
    }
    engine::Nanos next = std::min<engine::Nanos>(delay * 2, 10 * engine::kSecond);
    loop_.After(delay, [this, call, done, delay, next, waited] {
      Throttled<Resp>(call, done, next, waited + delay);
    });
  });
}

template <class Resp>
CsiReply<Resp> ControllerServer::Track(CsiReply<Resp> done) {
  std::uint64_t id = next_rpc_++;
  auto live = std::make_shared<bool>(true);
  in_flight_[id] = [done, live] {
    *live = false;
    done(GrpcStatus{GrpcCode::kUnavailable, "error reading from server: EOF"});
  };
  return [this, id, done, live](CsiResult<Resp> r) {
    if (!*live) return;
    *live = false;
    in_flight_.erase(id);
    done(std::move(r));
  };
}

}  // namespace snapsim::csi::disk
