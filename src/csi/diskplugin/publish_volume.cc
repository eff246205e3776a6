// ControllerServer::ControllerPublishVolume / ControllerUnpublishVolume (reference §1.6):
// the decision by disk status, RWO steal, AttachDisk with its error mapping, and the
// polls until the attachment shows (or disappears).
#include <fmt/format.h>

#include "src/csi/diskplugin/controller_server.h"
#include "src/csi/diskplugin/ecs_errors.h"

namespace snapsim::csi::disk {

struct ControllerServer::PublishOp {
  ControllerPublishVolumeRequest req;
  CsiReply<ControllerPublishVolumeResponse> done;
};

namespace {

bool AttachedTo(const ecs::DiskInfo& d, const std::string& instance) {
  for (const auto& a : d.attachments) {
    if (a.instance_id == instance) return true;
  }
  return false;
}

ControllerPublishVolumeResponse PublishResponse(const ecs::DiskInfo& d) {
  return {.publish_context = {{"serialNumber", d.serial_number}}};
}

}  // namespace

void ControllerServer::ControllerPublishVolume(const ControllerPublishVolumeRequest& req,
                                               CsiReply<ControllerPublishVolumeResponse> done) {
  done = Track<ControllerPublishVolumeResponse>(std::move(done));
  if (req.volume_id.empty() || req.node_id.empty()) {
    done(GrpcStatus{GrpcCode::kInvalidArgument,
                    "ControllerPublishVolume: missing volume id or node id"});
    return;
  }
  auto op = std::make_shared<PublishOp>(PublishOp{req, std::move(done)});
  DescribeDisk(req.volume_id, [this, op](DiskLookup r) {
    const auto& disk_id = op->req.volume_id;
    const auto& node = op->req.node_id;
    if (!r.ok()) {
      op->done(
          GrpcStatus{GrpcCode::kInternal, fmt::format("AttachDisk: find disk: {} with error: {}",
                                                      disk_id, SdkErrorText(r.error()))});
      return;
    }
    if (!r->has_value()) {
      op->done(GrpcStatus{
          GrpcCode::kNotFound,
          fmt::format(
              "AttachDisk: csi can't find disk: {} in region: {}, Please check if the cloud disk "
              "exists, if the region is correct, or if the csi permissions are correct",
              disk_id, options_.region)});
      return;
    }
    const ecs::DiskInfo& d = **r;
    if (d.serial_number.empty()) {
      op->done(GrpcStatus{GrpcCode::kInvalidArgument,
                          fmt::format("AttachDisk: disk {} has no serial number", disk_id)});
      return;
    }
    if (d.status == "In_use") {
      if (d.instance_id == node) {
        op->done(PublishResponse(d));
        return;
      }
      if (!options_.force_detach) {
        op->done(GrpcStatus{
            GrpcCode::kAborted,
            fmt::format(
                "AttachDisk: Disk {} is already attached to instance {}, env DISK_FORCE_DETACHED "
                "is false reject force detach",
                disk_id, d.instance_id)});
        return;
      }
      std::string old = d.instance_id;
      DetachAndWait(disk_id, old, [this, op, old](std::optional<GrpcStatus> err) {
        if (err) {
          op->done(GrpcStatus{
              GrpcCode::kAborted,
              fmt::format("AttachDisk: Can't Detach disk {} from instance {}: with error: {}",
                          op->req.volume_id, old, err->message)});
          return;
        }
        Attach(op);
      });
      return;
    }
    if (d.status == "Attaching") {
      op->done(GrpcStatus{GrpcCode::kAborted, fmt::format("AttachDisk: Disk {} is attaching to {}",
                                                          disk_id, d.instance_id)});
      return;
    }
    if (d.status == "Detaching" && d.instance_id == node) {
      op->done(GrpcStatus{GrpcCode::kAborted,
                          fmt::format("AttachDisk: Disk {} is detaching from {}", disk_id, node)});
      return;
    }
    Attach(op);  // Available (or Detaching from another node: ECS decides)
  });
}

void ControllerServer::Attach(std::shared_ptr<PublishOp> op) {
  ecs::AttachDiskRequest r{
      .region_id = options_.region, .instance_id = op->req.node_id, .disk_id = op->req.volume_id};
  Throttled<ecs::AttachDiskResponse>(
      [this, r](ecs::Reply<ecs::AttachDiskResponse> reply) { ecs_.AttachDisk(r, reply, Ctx()); },
      [this, op](Result<ecs::AttachDiskResponse, ecs::EcsError> resp) {
        if (!resp.ok()) {
          op->done(MapAttachDiskError(resp.error(), op->req.volume_id, op->req.node_id));
          return;
        }
        auto last = std::make_shared<ecs::DiskInfo>();
        std::string node = op->req.node_id;
        WaitForDisk(
            op->req.volume_id,
            [node, last](const ecs::DiskInfo* d) {
              if (d == nullptr || !AttachedTo(*d, node)) return false;
              *last = *d;
              return true;
            },
            loop_.Now() + options_.wait_timeout,
            [op, last](std::optional<std::string> err) {
              if (err) {
                op->done(GrpcStatus{
                    GrpcCode::kAborted,
                    fmt::format("AttachDisk: wait for disk {} to attach to {} failed: {}",
                                op->req.volume_id, op->req.node_id, *err)});
                return;
              }
              op->done(PublishResponse(*last));
            });
      });
}

void ControllerServer::ControllerUnpublishVolume(const ControllerUnpublishVolumeRequest& req,
                                                 CsiReply<Empty> done) {
  done = Track<Empty>(std::move(done));
  DescribeDisk(req.volume_id, [this, req, done](DiskLookup r) {
    if (!r.ok()) {
      done(GrpcStatus{GrpcCode::kAborted,
                      fmt::format("DetachDisk: Describe volume: {} from node: {}, with error: {}",
                                  req.volume_id, req.node_id, SdkErrorText(r.error()))});
      return;
    }
    if (!r->has_value() || (*r)->instance_id != req.node_id) {
      done(Empty{});  // gone, or not attached to this node
      return;
    }
    bool detaching = (*r)->status == "Detaching";
    DetachAndWait(
        req.volume_id, req.node_id,
        [done](std::optional<GrpcStatus> err) {
          if (err) {
            done(*err);
            return;
          }
          done(Empty{});
        },
        detaching);
  });
}

}  // namespace snapsim::csi::disk
