#include "src/csi/diskplugin/node_server.h"

#include <fmt/format.h>

namespace snapsim::csi::disk {
namespace {

bool ReadOnlyMode(const VolumeCapability& cap) {
  using M = VolumeCapability::AccessMode;
  return cap.access_mode == M::kSingleNodeReaderOnly || cap.access_mode == M::kMultiNodeReaderOnly;
}

}  // namespace

NodeServer::NodeServer(ecs::Ecs& ecs, NodeOptions options)
    : ecs_(ecs), options_(std::move(options)) {}

GetPluginInfoResponse NodeServer::GetPluginInfo() const {
  return {.name = std::string(kDriverName), .vendor_version = std::string(kDriverVersion)};
}

NodeGetInfoResponse NodeServer::NodeGetInfo() const {
  NodeGetInfoResponse r;
  r.node_id = options_.instance_id;
  r.max_volumes_per_node = options_.max_volumes_per_node;
  r.accessible_topology.segments = {{std::string(kTopologyZoneKey), options_.zone},
                                    {std::string(kStandardZoneKey), options_.zone},
                                    {std::string(kStandardRegionKey), options_.region},
                                    {std::string(kInstanceIdKey), options_.instance_id}};
  return r;
}

NodeGetCapabilitiesResponse NodeServer::NodeGetCapabilities() const {
  return {.capabilities = {NodeCapability::kStageUnstageVolume}};
}

void NodeServer::NodeStageVolume(const NodeStageVolumeRequest& req, CsiReply<Empty> done) {
  if (req.volume_id.empty()) {
    done(GrpcStatus{GrpcCode::kInvalidArgument, "NodeStageVolume: Volume ID not provided"});
    return;
  }
  if (req.staging_target_path.empty()) {
    done(GrpcStatus{GrpcCode::kInvalidArgument,
                    "NodeStageVolume: Staging Target Path not provided"});
    return;
  }
  if (auto it = staged_.find(req.volume_id); it != staged_.end()) {
    if (it->second.staging_target_path == req.staging_target_path) {
      done(Empty{});  // already staged here
      return;
    }
    done(GrpcStatus{GrpcCode::kAlreadyExists,
                    fmt::format("NodeStageVolume: volume {} is already staged at {}", req.volume_id,
                                it->second.staging_target_path)});
    return;
  }
  auto dev = ecs_.OpenDevice(req.volume_id, options_.instance_id);
  if (!dev.ok()) {
    done(GrpcStatus{
        GrpcCode::kAborted,
        fmt::format(
            "NodeStageVolume: ADController Enabled, but device can't be found: {}, error: {}",
            req.volume_id, dev.status().message())});
    return;
  }
  if (req.volume_capability.block) {
    staged_[req.volume_id] = {req.staging_target_path, "", true};
    done(Empty{});
    return;
  }
  std::string want = req.volume_capability.fs_type.empty() ? "ext4" : req.volume_capability.fs_type;
  auto have = dev->FsType();
  if (!have.ok()) {
    done(GrpcStatus{GrpcCode::kInternal,
                    fmt::format("NodeStageVolume: {}", have.status().message())});
    return;
  }
  if (have->empty()) {
    if (ReadOnlyMode(req.volume_capability)) {
      done(GrpcStatus{GrpcCode::kInternal, "failed to mount unformatted volume as read only"});
      return;
    }
    if (Status s = dev->Format(want); !s.ok()) {  // mkfs.<fs> -F -m0
      done(
          GrpcStatus{GrpcCode::kInternal, fmt::format("NodeStageVolume: format {} as {} failed: {}",
                                                      req.volume_id, want, s.message())});
      return;
    }
  } else if (*have != want) {
    done(GrpcStatus{
        GrpcCode::kAborted,
        fmt::format("failed to mount the volume as \"{}\", it already contains {}. Mount error: "
                    "mount failed: exit status 32",
                    want, *have)});
    return;
  }
  if (Status s = dev->GrowFs(); !s.ok()) {  // always resized to the device
    done(GrpcStatus{GrpcCode::kInternal,
                    fmt::format("NodeStageVolume: resize filesystem of {} failed: {}",
                                req.volume_id, s.message())});
    return;
  }
  staged_[req.volume_id] = {req.staging_target_path, want, false};
  done(Empty{});
}

void NodeServer::NodeUnstageVolume(const NodeUnstageVolumeRequest& req, CsiReply<Empty> done) {
  if (req.volume_id.empty() || req.staging_target_path.empty()) {
    done(GrpcStatus{GrpcCode::kInvalidArgument,
                    "NodeUnstageVolume: Volume ID or Staging Target Path not provided"});
    return;
  }
  for (const auto& [target, p] : published_) {
    if (p.volume_id == req.volume_id) {
      done(GrpcStatus{GrpcCode::kFailedPrecondition,
                      fmt::format("NodeUnstageVolume: volume {} is still published at {}",
                                  req.volume_id, target)});
      return;
    }
  }
  staged_.erase(req.volume_id);  // unmount; not staged = already done
  done(Empty{});
}

void NodeServer::NodePublishVolume(const NodePublishVolumeRequest& req, CsiReply<Empty> done) {
  if (req.volume_id.empty() || req.target_path.empty() || req.staging_target_path.empty()) {
    done(GrpcStatus{
        GrpcCode::kInvalidArgument,
        "NodePublishVolume: Volume ID, Staging Target Path or Target Path not provided"});
    return;
  }
  auto it = staged_.find(req.volume_id);
  if (it == staged_.end() || it->second.staging_target_path != req.staging_target_path) {
    done(GrpcStatus{GrpcCode::kFailedPrecondition,
                    fmt::format("NodePublishVolume: volume {} is not staged at {}", req.volume_id,
                                req.staging_target_path)});
    return;
  }
  if (auto p = published_.find(req.target_path);
      p != published_.end() && p->second.volume_id != req.volume_id) {
    done(GrpcStatus{GrpcCode::kAlreadyExists,
                    fmt::format("NodePublishVolume: target {} is already mounted with volume {}",
                                req.target_path, p->second.volume_id)});
    return;
  }
  published_[req.target_path] = {req.volume_id,
                                 req.readonly || ReadOnlyMode(req.volume_capability)};
  done(Empty{});
}

void NodeServer::NodeUnpublishVolume(const NodeUnpublishVolumeRequest& req, CsiReply<Empty> done) {
  if (req.volume_id.empty() || req.target_path.empty()) {
    done(GrpcStatus{GrpcCode::kInvalidArgument,
                    "NodeUnpublishVolume: Volume ID or Target Path not provided"});
    return;
  }
  published_.erase(req.target_path);
  done(Empty{});
}

Result<NodeServer::Mount> NodeServer::Mounted(std::string_view target_path) {
  auto p = published_.find(std::string(target_path));
  if (p == published_.end())
    return Status::NotFound(fmt::format("no volume is published at {}", target_path));
  auto s = staged_.find(p->second.volume_id);
  if (s == staged_.end())
    return Status::NotFound(fmt::format("no volume is published at {}", target_path));
  auto dev = ecs_.OpenDevice(p->second.volume_id, options_.instance_id);
  if (!dev.ok()) return dev.status();
  return Mount{p->second.volume_id, s->second.staging_target_path, p->second.readonly, *dev};
}

}  // namespace snapsim::csi::disk
