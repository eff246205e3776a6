// Bootstrap: the objects a fresh ACK cluster has before the user types anything.
//
//  - one Node per configured node (node-0, node-1, ... spread over the zones in
//    order), each an ECS instance with ACK's labels and a Ready status;
//  - a CSINode per node with the disk driver registered (nodeID = instance id,
//    topology key topology.diskplugin.csi.alibabacloud.com/zone);
//  - the CSIDriver diskplugin.csi.alibabacloud.com;
//  - ACK's disk StorageClasses (alicloud-disk-efficiency, -ssd, -essd,
//    -topology-alltype, and the legacy alicloud-disk-available);
//  - the snapshot CRDs with the versions that Kubernetes version serves;
//  - no VolumeSnapshotClass (the ACK document has the user create one).
// Everything is created at virtual time 0 through the API server, so AGE
// columns count from the cluster's start.
#pragma once

#include <string>
#include <vector>

#include "sim/engine/status.h"
#include "src/fake_apiserver/apiserver.h"

namespace snapsim::cluster {

struct NodeSpecs {
  std::string name;         // node-0
  std::string zone;         // cn-hangzhou-i
  std::string instance_id;  // i-bp1...
  std::string internal_ip;  // 192.168.0.10
};

struct BootstrapConfig {
  int kube_minor = 22;
  std::string region = "cn-hangzhou";
  std::vector<NodeSpecs> nodes;
};

inline constexpr std::string_view kDiskDriver = "diskplugin.csi.alibabacloud.com";
inline constexpr std::string_view kDiskZoneTopologyKey = "topology.diskplugin.csi.alibabacloud.com/zone";

Status Bootstrap(apiserver::ApiServer& server, const BootstrapConfig& config);

}  // namespace snapsim::cluster
