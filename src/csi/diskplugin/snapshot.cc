// ControllerServer::CreateSnapshot / DeleteSnapshot / ListSnapshots (reference §1.7, §1.9,
// the HEAD era: ClientToken idempotency, wait for the cut, ready_to_use = Available).
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "src/csi/diskplugin/controller_server.h"
#include "src/csi/diskplugin/ecs_errors.h"
#include "src/csi/diskplugin/snapshot_util.h"
#include "src/csi/diskplugin/volume_options.h"

namespace snapsim::csi::disk {
namespace {

// Go's strconv.Atoi for the values the driver sees (no overflow handling).
std::optional<std::int64_t> Atoi(std::string_view s) {
  std::size_t i = (!s.empty() && (s[0] == '+' || s[0] == '-')) ? 1 : 0;
  if (i == s.size() || s.size() > 18) return std::nullopt;
  std::int64_t v = 0;
  for (std::size_t k = i; k < s.size(); ++k) {
    if (!std::isdigit(static_cast<unsigned char>(s[k]))) return std::nullopt;
    v = v * 10 + (s[k] - '0');
  }
  return s[0] == '-' ? -v : v;
}

// "2026-01-01T00:00:36Z" -> Unix seconds.
std::optional<std::int64_t> ParseRfc3339(std::string_view t) {
  int y, mo, d, h, mi, s;
  char z = 0;
  if (t.size() != 20 ||
      std::sscanf(std::string(t).c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &s,
                  &z) != 7 ||
      z != 'Z') {
    return std::nullopt;
  }
  // Days from civil (Howard Hinnant's algorithm).
  y -= mo <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const std::int64_t days = era * 146097 + doe - 719468;
  return days * 86400 + h * 3600 + mi * 60 + s;
}

CsiResult<Snapshot> FormatSnapshot(const ecs::SnapshotInfo& s) {
  Snapshot out;
  out.snapshot_id = s.snapshot_id;
  out.source_volume_id = s.source_disk_id;
  out.size_bytes = Atoi(s.source_disk_size).value_or(0) << 30;
  auto t = ParseRfc3339(s.creation_time);
  if (!t) {
    return GrpcStatus{GrpcCode::kInternal,
                      fmt::format("failed to parse snapshot creation time: {}", s.creation_time)};
  }
  out.creation_time_unix_seconds = *t;
  out.ready_to_use = s.available;
  return out;
}

bool ValidSnapshotName(std::string_view name) {
  return IsValidDiskName(name) && name.rfind("auto", 0) != 0;
}

}  // namespace

std::optional<std::int64_t> SnapshotAtoi(std::string_view s) { return Atoi(s); }
std::optional<std::int64_t> SnapshotTimeSeconds(std::string_view rfc3339) { return ParseRfc3339(rfc3339); }

void ControllerServer::CreateSnapshot(const CreateSnapshotRequest& req,
                                      CsiReply<CreateSnapshotResponse> done) {
  done = Track<CreateSnapshotResponse>(std::move(done));
  if (options_.snapshot_era == SnapshotEra::kLegacy) {
    CreateSnapshotLegacy(req, std::move(done));
    return;
  }
  if (req.name.empty()) {
    done(GrpcStatus{GrpcCode::kInvalidArgument, "CreateSnapshot: snapshot name is required"});
    return;
  }
  if (req.source_volume_id.empty()) {
    done(GrpcStatus{GrpcCode::kInvalidArgument, "CreateSnapshot: source volume id is required"});
    return;
  }
  ecs::CreateSnapshotRequest r;
  r.region_id = options_.region;
  r.disk_id = req.source_volume_id;
  if (ValidSnapshotName(req.name)) r.snapshot_name = req.name;
  r.client_token = ClientToken(req.name);
  std::vector<std::pair<std::string, std::string>> extra;
  for (const auto& [k, v] : req.parameters) {
    if (k == "retentionDays") {
      auto days = Atoi(v);
      if (!days) {
        done(GrpcStatus{
            GrpcCode::kInvalidArgument,
            fmt::format(
                "get volumesnapshot config failed: parse snapshot parameters failed: failed "
                "to parse retentionDays: strconv.Atoi: parsing \"{}\": invalid syntax",
                v)});
        return;
      }
      if (*days != 0) r.retention_days = *days;
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
  std::sort(extra.begin(), extra.end());
  r.tags = {{"createdby", "alibabacloud-csi-plugin"},
            {"force.delete.snapshot.k8s.aliyun.com", "true"}};
  if (!options_.cluster_id.empty()) r.tags.push_back({"ack.aliyun.com", options_.cluster_id});
  for (const auto& [k, v] : extra) r.tags.push_back({k, v});

  std::string source = req.source_volume_id;
  DescribeDisk(source, [this, r = std::move(r), source, done](DiskLookup d) mutable {
    if (!d.ok() || !d->has_value()) {  // errors are swallowed
      done(GrpcStatus{
          GrpcCode::kInternal,
          fmt::format("CreateSnapshot:: failed to get disk from sourceVolumeID: {}", source)});
      return;
    }
    ecs_.CreateSnapshot(
        std::move(r),
        [this, done](Result<ecs::CreateSnapshotResponse, ecs::EcsError> resp) {
          if (!resp.ok()) {
            done(MapCreateSnapshotError(resp.error()));
            return;
          }
          WaitForCut(resp->snapshot_id, engine::kSecond, done);
        },
        Ctx());
  });
}

void ControllerServer::WaitForCut(std::string snapshot_id, engine::Nanos delay,
                                  CsiReply<CreateSnapshotResponse> done) {
  ecs::DescribeSnapshotsRequest r;
  r.region_id = options_.region;
  r.snapshot_ids = std::vector<std::string>{snapshot_id};
  ecs_.DescribeSnapshots(
      r,
      [this, snapshot_id, delay, done](Result<ecs::DescribeSnapshotsResponse, ecs::EcsError> resp) {
        if (!resp.ok()) {
          done(GrpcStatus{GrpcCode::kInternal,
                          fmt::format("failed while waiting for snapshot cut: {}",
                                      SdkErrorText(resp.error()))});
          return;
        }
        if (resp->snapshots.empty()) {
          done(GrpcStatus{GrpcCode::kInternal,
                          "failed while waiting for snapshot cut: waitstatus: resource not found"});
          return;
        }
        const ecs::SnapshotInfo& s = resp->snapshots.front();
        if (s.creation_time.empty()) {
          engine::Nanos next = std::min<engine::Nanos>(delay * 2, 3 * engine::kSecond);
          loop_.After(delay,
                      [this, snapshot_id, next, done] { WaitForCut(snapshot_id, next, done); });
          return;
        }
        auto snap = FormatSnapshot(s);
        if (!snap.ok()) {
          done(snap.error());
          return;
        }
        done(CreateSnapshotResponse{*snap});
      },
      Ctx());
}

void ControllerServer::DeleteSnapshot(const DeleteSnapshotRequest& req, CsiReply<Empty> done) {
  done = Track<Empty>(std::move(done));
  if (req.snapshot_id.empty()) {
    done(GrpcStatus{GrpcCode::kInvalidArgument, "DeleteSnapshot: snapshot id is required"});
    return;
  }
  std::string id = req.snapshot_id;
  ecs::DescribeSnapshotsRequest r;
  r.region_id = options_.region;
  r.snapshot_ids = std::vector<std::string>{id};
  ecs_.DescribeSnapshots(
      r,
      [this, id, done](Result<ecs::DescribeSnapshotsResponse, ecs::EcsError> resp) {
        if (!resp.ok() && resp.error().code != "InvalidSnapshotId.NotFound") {
          done(GrpcStatus{GrpcCode::kInternal,
                          fmt::format("failed to find snapshot {} with error: {}", id,
                                      SdkErrorText(resp.error()))});
          return;
        }
        if (!resp.ok() || resp->snapshots.empty()) {
          done(Empty{});
          return;
        }
        ecs_.DeleteSnapshot(
            {.region_id = options_.region, .snapshot_id = id, .force = true},
            [id, done](Result<ecs::DeleteSnapshotResponse, ecs::EcsError> del) {
              if (del.ok() || del.error().code == "InvalidSnapshotId.NotFound") {
                done(Empty{});
                return;
              }
              done(MapDeleteSnapshotError(del.error(), id));
            },
            Ctx());
      },
      Ctx());
}

void ControllerServer::ListSnapshots(const ListSnapshotsRequest& req,
                                     CsiReply<ListSnapshotsResponse> done) {
  done = Track<ListSnapshotsResponse>(std::move(done));
  ecs::DescribeSnapshotsRequest r;
  r.region_id = options_.region;
  if (!req.snapshot_id.empty()) {
    std::string id = req.snapshot_id;
    r.snapshot_ids = std::vector<std::string>{id};
    ecs_.DescribeSnapshots(
        r,
        [id, done](Result<ecs::DescribeSnapshotsResponse, ecs::EcsError> resp) {
          if (!resp.ok()) {
            done(GrpcStatus{GrpcCode::kInternal, fmt::format("failed to find Snapshot id {}: {}",
                                                             id, SdkErrorText(resp.error()))});
            return;
          }
          ListSnapshotsResponse out;
          for (const auto& s : resp->snapshots) {
            auto snap = FormatSnapshot(s);
            if (!snap.ok()) {
              done(snap.error());
              return;
            }
            out.entries.push_back(*snap);
          }
          done(std::move(out));
        },
        Ctx());
    return;
  }
  if (req.source_volume_id.empty() && options_.cluster_id.empty()) {
    done(GrpcStatus{GrpcCode::kInvalidArgument,
                    "At least one of snapshot ID, volume ID, cluster ID must be specified"});
    return;
  }
  std::int64_t pos = 0;
  std::string ecs_token;
  if (!req.starting_token.empty()) {
    auto at = req.starting_token.find('@');
    if (at == std::string::npos) {
      done(GrpcStatus{
          GrpcCode::kAborted,
          fmt::format("Invalid StartingToken {}: @ not found in token", req.starting_token)});
      return;
    }
    auto p = Atoi(req.starting_token.substr(0, at));
    if (!p || *p < 0) {
      done(GrpcStatus{GrpcCode::kAborted, fmt::format("Invalid StartingToken {}: invalid position",
                                                      req.starting_token)});
      return;
    }
    pos = *p;
    ecs_token = req.starting_token.substr(at + 1);
  }
  std::int64_t max = req.max_entries > 0 ? req.max_entries : 100;
  if (!req.source_volume_id.empty()) r.disk_id = req.source_volume_id;
  if (!options_.cluster_id.empty()) r.tags = {{"ack.aliyun.com", options_.cluster_id}};
  r.paging.max_results = std::clamp<std::int64_t>(max + pos, 10, 100);
  if (!ecs_token.empty()) r.paging.next_token = ecs_token;
  ecs_.DescribeSnapshots(
      r,
      [pos, max, ecs_token, done](Result<ecs::DescribeSnapshotsResponse, ecs::EcsError> resp) {
        if (!resp.ok()) {
          done(GrpcStatus{GrpcCode::kInternal,
                          fmt::format("ListSnapshots:: Request describeSnapshots error: {}",
                                      SdkErrorText(resp.error()))});
          return;
        }
        ListSnapshotsResponse out;
        const auto& all = resp->snapshots;
        std::int64_t end = std::min<std::int64_t>(pos + max, static_cast<std::int64_t>(all.size()));
        for (std::int64_t i = pos; i < end; ++i) {
          auto snap = FormatSnapshot(all[i]);
          if (!snap.ok()) continue;  // not cut yet: no creation time to report
          out.entries.push_back(*snap);
        }
        if (end < static_cast<std::int64_t>(all.size())) {
          out.next_token = fmt::format("{}@{}", end, ecs_token);
        } else if (resp->next_token && !resp->next_token->empty()) {
          out.next_token = fmt::format("0@{}", *resp->next_token);
        }
        done(std::move(out));
      },
      Ctx());
}

}  // namespace snapsim::csi::disk
