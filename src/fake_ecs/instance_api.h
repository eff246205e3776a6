// DescribeInstances — request and response types (Go SDK names in snake_case).
// Instances themselves are registered by the cluster (Ecs::AddInstance), never created
// through the API: RunInstances and friends are not modelled.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "src/fake_ecs/types.h"

namespace snapsim::ecs {

struct DescribeInstancesRequest {
  std::string region_id;
  std::optional<std::vector<std::string>> instance_ids;  // the JSON array, parsed
  std::optional<std::string> zone_id;
  std::optional<std::string> status;  // Pending|Running|Starting|Stopping|Stopped
  std::optional<std::string> instance_name;
  Paging paging;
};

struct InstanceInfo {
  std::string instance_id;
  std::string instance_name;
  std::string host_name;
  std::string region_id;
  std::string zone_id;
  std::string status;
  std::string instance_type;
  std::string instance_type_family;
  std::string instance_charge_type = "PostPaid";
  std::string instance_network_type = "vpc";
  std::string os_type = "linux";
  std::int64_t cpu = 0;
  std::int64_t memory = 0;  // MiB
  std::string serial_number;
  std::string creation_time;  // "2026-01-01T00:00Z" (ECS prints instance times to the minute)
  std::string start_time;
  std::vector<ResponseTag> tags;
};

struct DescribeInstancesResponse {
  std::string request_id;
  std::int64_t total_count = 0;
  std::int64_t page_number = 0;
  std::int64_t page_size = 0;
  std::optional<std::string> next_token;
  std::vector<InstanceInfo> instances;
};

}  // namespace snapsim::ecs
