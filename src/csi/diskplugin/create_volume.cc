// ControllerServer::CreateVolume (reference §1.1–1.4): parse, one CreateDisk attempt per
// category (per PL for cloud_essd) with fall-through, idempotency recovery, response.
#include <fmt/format.h>

#include <algorithm>

#include "src/csi/diskplugin/controller_server.h"
#include "src/csi/diskplugin/ecs_errors.h"
#include "src/csi/diskplugin/volume_options.h"

namespace snapsim::csi::disk {

struct ControllerServer::CreateOp {
  struct Attempt {
    std::string category;
    std::string pl;
    std::string Name() const { return pl.empty() ? category : fmt::format("{}.{}", category, pl); }
  };
  CreateVolumeRequest req;
  CsiReply<CreateVolumeResponse> done;
  DiskVolumeOptions opts;
  std::string zone;
  std::vector<Attempt> attempts;
  std::size_t next = 0;
  std::vector<std::string> failures;
  bool use_token = true;
  std::string selected_node;                 // "" = none (Immediate binding)
  std::vector<std::string> node_categories;  // the node's disktype labels; empty = any
};

namespace {

bool IsRegional(std::string_view category) { return category == "cloud_regional_disk_auto"; }

std::string Join(const std::vector<std::string>& v, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) out += (i ? std::string(sep) : "") + v[i];
  return out;
}

}  // namespace

void ControllerServer::CreateVolume(const CreateVolumeRequest& req,
                                    CsiReply<CreateVolumeResponse> done) {
  done = Track<CreateVolumeResponse>(std::move(done));
  if (req.name.empty()) {
    done(GrpcStatus{GrpcCode::kInvalidArgument, "CreateVolume: Volume Name is required"});
    return;
  }
  if (req.volume_content_source && req.volume_content_source->volume_id) {
    done(GrpcStatus{
        GrpcCode::kInvalidArgument,
        "CreateVolume: unsupported volumeContentSource type: *csi.VolumeContentSource_Volume"});
    return;
  }
  auto parsed = ParseDiskVolumeOptions(req, options_.region);
  if (!parsed.ok()) {
    done(GrpcStatus{GrpcCode::kInvalidArgument,
                    fmt::format("Invalid parameters from input: {}, with error: {}", req.name,
                                parsed.error())});
    return;
  }
  auto op = std::make_shared<CreateOp>();
  op->req = req;
  op->done = std::move(done);
  op->opts = std::move(parsed).value();
  op->zone = ChooseZone(req.accessibility_requirements, op->opts.zone_ids, options_.default_zone);
  if (auto it = req.parameters.find("volume.kubernetes.io/selected-node");
      it != req.parameters.end() && !it->second.empty()) {
    op->selected_node = it->second;
    if (options_.node_labels) {
      auto labels = options_.node_labels(op->selected_node);
      if (!labels.ok()) {
        op->done(
            GrpcStatus{GrpcCode::kResourceExhausted,
                       fmt::format("CreateVolume:: get node info by name: {} failed with err: {}, "
                                   "start rescheduling",
                                   op->selected_node, labels.status().message())});
        return;
      }
      constexpr std::string_view kPrefix = "node.csi.alibabacloud.com/disktype.";
      for (const auto& [k, v] : *labels) {
        if (k.rfind(kPrefix, 0) == 0) op->node_categories.push_back(k.substr(kPrefix.size()));
      }
    }
  }
  for (const auto& t : op->opts.types) {
    if (t == "cloud_essd" && !op->opts.performance_levels.empty()) {
      for (const auto& pl : op->opts.performance_levels) op->attempts.push_back({t, pl});
    } else {
      op->attempts.push_back({t, ""});
    }
  }
  NextAttempt(op);
}

void ControllerServer::NextAttempt(std::shared_ptr<CreateOp> op) {
  while (op->next < op->attempts.size()) {
    const auto& a = op->attempts[op->next];
    if (!op->node_categories.empty() &&
        std::find(op->node_categories.begin(), op->node_categories.end(), a.category) ==
            op->node_categories.end()) {
      op->failures.push_back(
          fmt::format("{}: not supported by node {}", a.Name(), op->selected_node));
      ++op->next;
      continue;
    }
    std::int64_t min = MinimumSizeGiB(a.category, a.pl);
    if (op->opts.size_gib < min) {
      op->failures.push_back(fmt::format("{}: requested size {}GiB is less than minimum {}GiB",
                                         a.Name(), op->opts.size_gib, min));
      ++op->next;
      continue;
    }
    if (a.category.rfind("elastic_ephemeral_disk", 0) == 0 && op->selected_node.empty()) {
      op->failures.push_back(fmt::format(
          "{}: no ECS instance selected. Please use WaitForFirstConsumer volumeBindingMode, and "
          "upgrade csi-plugin",
          a.Name()));
      ++op->next;
      continue;
    }
    break;
  }
  if (op->next >= op->attempts.size()) {
    op->done(GrpcStatus{GrpcCode::kInvalidArgument,
                        fmt::format("all attempts failed: {}", Join(op->failures, "; "))});
    return;
  }
  const auto attempt = op->attempts[op->next];
  const auto& o = op->opts;
  ecs::CreateDiskRequest r;
  r.region_id = o.region;
  if (!IsRegional(attempt.category)) r.zone_id = op->zone;
  r.disk_category = attempt.category;
  if (!attempt.pl.empty()) r.performance_level = attempt.pl;
  r.size = o.size_gib;
  if (!o.snapshot_id.empty()) r.snapshot_id = o.snapshot_id;
  if (o.encrypted) r.encrypted = true;
  if (!o.kms_key_id.empty()) r.kms_key_id = o.kms_key_id;
  if (!o.resource_group_id.empty()) r.resource_group_id = o.resource_group_id;
  if (IsValidDiskName(op->req.name)) r.disk_name = op->req.name;
  if (op->use_token) r.client_token = ClientToken(op->req.name);
  r.tags = {{"k8s.aliyun.com", "true"}, {"createdby", "alibabacloud-csi-plugin"}};
  if (!options_.cluster_id.empty()) r.tags.push_back({"ack.aliyun.com", options_.cluster_id});
  for (const auto& [param, tag] : std::vector<std::pair<std::string, std::string>>{
           {"csi.storage.k8s.io/pvc/name", "kubernetes.io/created-for/pvc/name"},
           {"csi.storage.k8s.io/pvc/namespace", "kubernetes.io/created-for/pvc/namespace"},
           {"csi.storage.k8s.io/pv/name", "kubernetes.io/created-for/pv/name"}}) {
    auto it = op->req.parameters.find(param);
    if (it != op->req.parameters.end()) r.tags.push_back({tag, it->second});
  }
  for (const auto& [k, v] : o.disk_tags) r.tags.push_back({k, v});
  r.tags.push_back({std::string(kVolumeNameTag), op->req.name});

  Throttled<ecs::CreateDiskResponse>(
      [this, r](ecs::Reply<ecs::CreateDiskResponse> reply) { ecs_.CreateDisk(r, reply, Ctx()); },
      [this, op, attempt](Result<ecs::CreateDiskResponse, ecs::EcsError> resp) {
        if (resp.ok()) {
          FinishCreate(op, resp->disk_id);
          return;
        }
        const ecs::EcsError& e = resp.error();
        if (e.code == "IdempotentParameterMismatch") {
          RecoverIdempotency(op, e);
          return;
        }
        if (auto why = CreateDiskFallThrough(e, attempt.category, op->zone, op->opts.size_gib,
                                             attempt.pl)) {
          op->failures.push_back(fmt::format("{}: {}", attempt.Name(), *why));
          ++op->next;
          NextAttempt(op);
          return;
        }
        op->done(MapCreateDiskError(e, op->opts.snapshot_id));
      });
}

void ControllerServer::RecoverIdempotency(std::shared_ptr<CreateOp> op, ecs::EcsError mismatch) {
  ecs::DescribeDisksRequest r;
  r.region_id = op->opts.region;
  r.tags = {{std::string(kVolumeNameTag), op->req.name}};
  ecs_.DescribeDisks(
      r, [this, op, mismatch](Result<ecs::DescribeDisksResponse, ecs::EcsError> resp) {
        if (!resp.ok()) {
          op->done(GrpcStatus{GrpcCode::kInternal, SdkErrorText(resp.error())});
          return;
        }
        if (resp->disks.empty()) {
          if (!op->use_token) {
            op->done(MapCreateDiskError(mismatch, op->opts.snapshot_id));
            return;
          }
          op->use_token = false;  // retry the same attempt once without a token
          NextAttempt(op);
          return;
        }
        const ecs::DiskInfo& d = resp->disks.front();
        const auto& o = op->opts;
        std::string why;
        if (d.size != o.size_gib) {
          why = fmt::format("{}GiB != requested {}GiB", d.size, o.size_gib);
        } else if (std::find(o.types.begin(), o.types.end(), d.category) == o.types.end()) {
          why = fmt::format("category {} not in requested [{}]", d.category, Join(o.types, " "));
        } else if (d.category == "cloud_essd" && !o.performance_levels.empty() &&
                   std::find(o.performance_levels.begin(), o.performance_levels.end(),
                             d.performance_level) == o.performance_levels.end()) {
          why = fmt::format("performance level {} not in requested [{}]", d.performance_level,
                            Join(o.performance_levels, " "));
        } else if (d.encrypted != o.encrypted) {
          why = fmt::format("encrypted {} != requested {}", d.encrypted, o.encrypted);
        } else if (!IsRegional(d.category) && d.zone_id != op->zone) {
          why = fmt::format("zone {} != requested {}", d.zone_id, op->zone);
        }
        if (!why.empty()) {
          op->done(GrpcStatus{GrpcCode::kAlreadyExists,
                              fmt::format("volume {} already created but parameter mismatch: {}",
                                          op->req.name, why)});
          return;
        }
        // The existing disk satisfies the request: answer with it.
        std::string pl = o.performance_levels.empty() ? "" : d.performance_level;
        op->attempts = {{d.category, pl}};
        op->next = 0;
        FinishCreate(op, d.disk_id);
      });
}

void ControllerServer::FinishCreate(std::shared_ptr<CreateOp> op, const std::string& disk_id) {
  const auto& a = op->attempts[op->next];
  CreateVolumeResponse resp;
  Volume& v = resp.volume;
  v.volume_id = disk_id;
  v.capacity_bytes = op->opts.size_gib << 30;
  v.content_source = op->req.volume_content_source;
  for (const auto& [k, val] : op->req.parameters) {
    if (k == "csi.storage.k8s.io/pvc/name" || k == "csi.storage.k8s.io/pvc/namespace" ||
        k == "csi.storage.k8s.io/pv/name") {
      continue;
    }
    v.volume_context[k] = val;
  }
  v.volume_context["type"] = a.category;
  if (!a.pl.empty()) v.volume_context["performanceLevel"] = a.pl;
  std::string label = a.category;
  if (!a.pl.empty()) {
    label += "." + a.pl;
  } else if (a.category == "cloud_essd") {
    label += ".PL1";
  }
  v.volume_context[std::string(kDiskTypeLabel)] = label;
  Topology t;
  if (IsRegional(a.category)) {
    t.segments[std::string(kStandardRegionKey)] = op->opts.region;
  } else {
    t.segments[std::string(kTopologyZoneKey)] = op->zone;
  }
  v.accessible_topology.push_back(std::move(t));
  op->done(std::move(resp));
}

}  // namespace snapsim::csi::disk
