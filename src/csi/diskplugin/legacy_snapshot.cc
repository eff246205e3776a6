// ControllerServer::CreateSnapshot of the legacy driver era (<= v1.5; reference §1.8,
// §1.10, behaviour cases 11-13 and 20): look the name up first (DescribeSnapshots by
// SnapshotName), then a per-name request limit, then ECS CreateSnapshot without a
// ClientToken; snapshotType "InstantAccess" (exactly) asks for instant access, which is
// kept only on IA-capable categories (cloud_essd, cloud_auto) and otherwise silently
// dropped; the answer comes without a describe and is ready at once iff IA was kept.
// A found snapshot is ready when accomplished or instant access. DeleteSnapshot and
// ListSnapshots are shared with HEAD (Force delete since v1.3).
#include <fmt/format.h>

#include <algorithm>

#include "src/csi/diskplugin/controller_server.h"
#include "src/csi/diskplugin/ecs_errors.h"
#include "src/csi/diskplugin/snapshot_util.h"
#include "src/csi/diskplugin/volume_options.h"

namespace snapsim::csi::disk {
namespace {

bool InstantAccessCapable(std::string_view category) {
  return category == "cloud_essd" || category == "cloud_auto";
}

}  // namespace

void ControllerServer::CreateSnapshotLegacy(const CreateSnapshotRequest& req,
                                            CsiReply<CreateSnapshotResponse> done) {
  if (req.name.empty()) {
    done(GrpcStatus{GrpcCode::kInvalidArgument, "CreateSnapshot: snapshot name is required"});
    return;
  }
  if (req.source_volume_id.empty()) {
    done(GrpcStatus{GrpcCode::kInvalidArgument, "CreateSnapshot: source volume id is required"});
    return;
  }
  ecs::DescribeSnapshotsRequest lookup;
  lookup.region_id = options_.region;
  lookup.snapshot_name = req.name;
  ecs_.DescribeSnapshots(
      lookup,
      [this, req, done](Result<ecs::DescribeSnapshotsResponse, ecs::EcsError> resp) {
        if (!resp.ok()) {
          done(GrpcStatus{GrpcCode::kInternal, fmt::format("CreateSnapshot: get snapshot with error: {}",
                                                           SdkErrorText(resp.error()))});
          return;
        }
        if (resp->snapshots.size() > 1) {
          done(GrpcStatus{GrpcCode::kInternal, "CreateSnapshot: get snapshot more than 1 instance"});
          return;
        }
        if (resp->snapshots.size() == 1) {
          const ecs::SnapshotInfo& s = resp->snapshots.front();
          if (s.source_disk_id != req.source_volume_id) {
            done(GrpcStatus{GrpcCode::kAlreadyExists,
                            fmt::format("snapshot with the same name: {} but with different SourceVolumeId "
                                        "already exist",
                                        req.name)});
            return;
          }
          Snapshot out;
          out.snapshot_id = s.snapshot_id;
          out.source_volume_id = s.source_disk_id;
          out.size_bytes = SnapshotAtoi(s.source_disk_size).value_or(0) << 30;
          out.creation_time_unix_seconds =
              SnapshotTimeSeconds(s.creation_time)
                  .value_or(ecs_.config().epoch_unix_seconds + loop_.Now() / engine::kSecond);
          // <= v1.4 describe path: accomplished, or instant access.
          out.ready_to_use = s.status == "accomplished" || s.instant_access;
          legacy_created_[req.name] = out;
          done(CreateSnapshotResponse{out});
          return;
        }
        // Describe may not show it yet (or RAM forbids describing): the process's memory.
        if (auto it = legacy_created_.find(req.name); it != legacy_created_.end()) {
          done(CreateSnapshotResponse{it->second});
          return;
        }
        CreateSnapshotLegacyIssue(req, done);
      },
      Ctx());
}

void ControllerServer::CreateSnapshotLegacyIssue(const CreateSnapshotRequest& req,
                                                 CsiReply<CreateSnapshotResponse> done) {
  if (auto it = legacy_requests_.find(req.name);
      it != legacy_requests_.end() && loop_.Now() - it->second < options_.snapshot_request_interval) {
    // A plain Go error: the sidecar sees gRPC Unknown.
    done(GrpcStatus{GrpcCode::kUnknown, fmt::format("CreateSnapshot: snapshot create request limit {}", req.name)});
    return;
  }
  ecs::CreateSnapshotRequest r;
  r.region_id = options_.region;
  r.disk_id = req.source_volume_id;
  if (IsValidDiskName(req.name) && req.name.rfind("auto", 0) != 0) r.snapshot_name = req.name;
  bool ia_requested = false;
  std::optional<std::string> ia_days_text;
  std::int64_t retention_days = 0;
  std::vector<std::pair<std::string, std::string>> extra;
  for (const auto& [k, v] : req.parameters) {
    if (k == "snapshotType") {
      ia_requested = v == "InstantAccess";  // any other value: a normal snapshot, no error
    } else if (k == "instantAccessRetentionDays") {
      ia_days_text = v;
    } else if (k == "retentionDays") {
      auto days = SnapshotAtoi(v);
      if (!days) {
        done(GrpcStatus{GrpcCode::kInvalidArgument, fmt::format("CreateSnapshot: retentiondays err {}", v)});
        return;
      }
      retention_days = *days;
    } else if (k == "resourceGroupId") {
      r.resource_group_id = v;
    } else if (k.rfind("snapshotTags/", 0) == 0) {
      extra.emplace_back(k.substr(13), v);
    } else if (k == "csi.storage.k8s.io/volumesnapshot/name") {
      extra.emplace_back("csi.alibabacloud.com/snapshot/name", v);
    } else if (k == "csi.storage.k8s.io/volumesnapshot/namespace") {
      extra.emplace_back("csi.alibabacloud.com/snapshot/namespace", v);
    }
  }
  std::int64_t ia_days = retention_days;  // defaults to retentionDays
  if (ia_days_text) {
    auto d = SnapshotAtoi(*ia_days_text);
    if (!d) {
      done(GrpcStatus{GrpcCode::kInvalidArgument,
                      fmt::format("CreateSnapshot:: failed to parse instantAccessRetentionDays: strconv.Atoi: "
                                  "parsing \"{}\": invalid syntax",
                                  *ia_days_text)});
      return;
    }
    ia_days = *d;
  }
  if (retention_days != 0) r.retention_days = retention_days;
  std::sort(extra.begin(), extra.end());
  r.tags = {{"createdby", "alibabacloud-csi-plugin"}, {"force.delete.snapshot.k8s.aliyun.com", "true"}};
  if (!options_.cluster_id.empty()) r.tags.push_back({"ack.aliyun.com", options_.cluster_id});
  for (const auto& [k, v] : extra) r.tags.push_back({k, v});

  std::string source = req.source_volume_id;
  std::string name = req.name;
  DescribeDisk(source, [this, r, source, name, ia_requested, ia_days, done](DiskLookup d) mutable {
    if (!d.ok() || !d->has_value()) {
      done(GrpcStatus{GrpcCode::kInternal,
                      fmt::format("CreateSnapshot:: failed to get disk from sourceVolumeID: {}", source)});
      return;
    }
    const ecs::DiskInfo disk = **d;
    // IA on a category without it is downgraded silently (logged: "CreateSnapshot:
    // Snapshot(<name>) set as not IA type, because disk Category <cat>").
    bool ia = ia_requested && InstantAccessCapable(disk.category);
    if (ia) {
      r.instant_access = true;
      if (ia_days > 0) r.instant_access_retention_days = ia_days;
    }
    legacy_requests_[name] = loop_.Now();
    ecs_.CreateSnapshot(
        r,
        [this, name, source, disk, ia, done](Result<ecs::CreateSnapshotResponse, ecs::EcsError> resp) {
          if (!resp.ok()) {
            done(GrpcStatus{GrpcCode::kInternal,
                            fmt::format("failed create snapshot: {}", SdkErrorText(resp.error()))});
            return;
          }
          // Answered without a describe: size of the disk, created now, ready iff IA.
          Snapshot out;
          out.snapshot_id = resp->snapshot_id;
          out.source_volume_id = source;
          out.size_bytes = disk.size << 30;
          out.creation_time_unix_seconds = ecs_.config().epoch_unix_seconds + loop_.Now() / engine::kSecond;
          out.ready_to_use = ia;
          legacy_created_[name] = out;
          done(CreateSnapshotResponse{out});
        },
        Ctx());
  });
}

}  // namespace snapsim::csi::disk
