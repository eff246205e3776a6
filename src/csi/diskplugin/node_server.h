// NodeServer: the node service of the disk CSI driver for one node (one ECS instance),
// reference §2. It reaches disks only through the ECS data plane (Ecs::OpenDevice), so a
// volume can be staged only while its disk is attached to this node's instance.
//
// NodeStage finds the device, formats it on first use (ext4 by default -> lost+found),
// only mounts a disk that already has a filesystem (a restore), refuses a filesystem
// mismatch with Aborted, and always grows the filesystem to the disk. NodePublish and
// NodeUnpublish are bind mounts: the server tracks target path -> staged volume.
// The mount table is the node's (it survives a plugin restart); no ECS API call is made,
// so every RPC answers through `done` before it returns.
//
// Caller: the kubelet, which also reads and writes a pod's volume through Mounted().
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "sim/engine/status.h"
#include "src/csi/diskplugin/csi.h"
#include "src/fake_ecs/ecs.h"

namespace snapsim::csi::disk {

struct NodeOptions {
  std::string instance_id;  // node_id
  std::string zone;
  std::string region = "cn-hangzhou";
  std::int64_t max_volumes_per_node = 15;
};

class NodeServer {
 public:
  NodeServer(ecs::Ecs& ecs, NodeOptions options);

  GetPluginInfoResponse GetPluginInfo() const;
  NodeGetInfoResponse NodeGetInfo() const;
  NodeGetCapabilitiesResponse NodeGetCapabilities() const;

  void NodeStageVolume(const NodeStageVolumeRequest& req, CsiReply<Empty> done);
  void NodeUnstageVolume(const NodeUnstageVolumeRequest& req, CsiReply<Empty> done);
  void NodePublishVolume(const NodePublishVolumeRequest& req, CsiReply<Empty> done);
  void NodeUnpublishVolume(const NodeUnpublishVolumeRequest& req, CsiReply<Empty> done);

  // The file system mounted at a publish target path (what a container sees there).
  struct Mount {
    std::string volume_id;
    std::string staging_target_path;
    bool readonly = false;
    ecs::Device device;  // files, df (StatFs), fs type
  };
  // NotFound "no volume is published at <path>" when nothing is mounted there; an ECS
  // data-plane error if the disk is no longer attached.
  Result<Mount> Mounted(std::string_view target_path);

  bool IsStaged(const std::string& volume_id) const { return staged_.count(volume_id) > 0; }
  const NodeOptions& options() const { return options_; }

 private:
  struct Staged {
    std::string staging_target_path;
    std::string fs_type;
    bool block = false;
  };
  struct Published {
    std::string volume_id;
    bool readonly = false;
  };

  ecs::Ecs& ecs_;
  NodeOptions options_;
  std::map<std::string, Staged> staged_;        // volume id -> staging
  std::map<std::string, Published> published_;  // target path -> volume
};

}  // namespace snapsim::csi::disk
