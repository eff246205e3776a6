// ControllerServer: the controller (and identity) service of the disk CSI driver
// diskplugin.csi.alibabacloud.com, talking to the fake ECS only (reference §1).
//
// Every RPC is asynchronous: it issues ECS calls and waits on the EventLoop (attach and
// detach polls every poll_interval, DeleteDisk retries every 5 s for up to 5 min on
// IncorrectDiskStatus.Initializing, Throttling backs off 1 s -> 10 s), then calls `done`
// exactly once with the response or a GrpcStatus carrying the driver's code and message.
// CreateVolume never waits for the disk to leave Creating. CreateSnapshot waits for the
// cut (CreationTime set) and reports ready_to_use = ECS Available (§1.7, HEAD era);
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

struct ControllerOptions {
  std::string region = "cn-hangzhou";
  std::string default_zone;  // the controller's metadata zone; "" = the first ECS zone
  std::string cluster_id = "c1";
  bool force_detach = true;          // DISK_FORCE_DETACHED
  bool detach_before_delete = true;  // DISK_DETACH_BEFORE_DELETE
  engine::Nanos poll_interval = engine::kSecond;
  engine::Nanos wait_timeout = 5 * engine::kMinute;  // attach/detach waits (the RPC deadline)
  std::string caller = "csi-plugin";                 // CallContext of every ECS call
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
  // DeleteVolume steps (delete_volume.cc).
  void DeleteDiskWithRetry(std::string disk_id, engine::Nanos started, CsiReply<Empty> done);

  ecs::CallContext Ctx() const { return {.caller = options_.caller}; }

  engine::EventLoop& loop_;
  ecs::Ecs& ecs_;
  ControllerOptions options_;
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

}  // namespace snapsim::csi::disk
