// ControllerServer::DeleteVolume (reference §1.5): describe, detach first when In_use,
// then DeleteDisk retried every 5 s for up to 5 min on IncorrectDiskStatus.Initializing.
#include <fmt/format.h>

#include "src/csi/diskplugin/controller_server.h"
#include "src/csi/diskplugin/ecs_errors.h"

namespace snapsim::csi::disk {

void ControllerServer::DeleteVolume(const DeleteVolumeRequest& req, CsiReply<Empty> done) {
  done = Track<Empty>(std::move(done));
  if (req.volume_id.empty()) {
    done(GrpcStatus{GrpcCode::kInvalidArgument, "DeleteVolume: Volume ID is required"});
    return;
  }
  std::string id = req.volume_id;
  if (!options_.detach_before_delete) {
    DeleteDiskWithRetry(id, loop_.Now(), std::move(done));
    return;
  }
  DescribeDisk(id, [this, id, done](DiskLookup r) {
    if (!r.ok()) {
      done(GrpcStatus{GrpcCode::kInternal,
                      fmt::format("DeleteVolume: find disk({}) by id with error: {}", id,
                                  SdkErrorText(r.error()))});
      return;
    }
    if (!r->has_value()) {
      done(Empty{});  // already gone
      return;
    }
    const ecs::DiskInfo& d = **r;
    if (d.status == "In_use" && !d.instance_id.empty()) {
      if (d.instance_id.rfind("eci-", 0) == 0 || d.instance_id.rfind("acs-", 0) == 0) {
        done(GrpcStatus{
            GrpcCode::kInternal,
            fmt::format("refuse to delete disk on serverless instance {}", d.instance_id)});
        return;
      }
      std::string node = d.instance_id;
      DetachAndWait(id, node, [this, id, node, done](std::optional<GrpcStatus> err) {
        if (err) {
          done(GrpcStatus{GrpcCode::kInternal,
                          fmt::format("DeleteVolume: detach disk: {} from node: {} with error: {}",
                                      id, node, err->message)});
          return;
        }
        DeleteDiskWithRetry(id, loop_.Now(), done);
      });
      return;
    }
    DeleteDiskWithRetry(id, loop_.Now(), done);
  });
}

void ControllerServer::DeleteDiskWithRetry(std::string disk_id, engine::Nanos started,
                                           CsiReply<Empty> done) {
  ecs::DeleteDiskRequest r{.region_id = options_.region, .disk_id = disk_id};
  Throttled<ecs::DeleteDiskResponse>(
      [this, r](ecs::Reply<ecs::DeleteDiskResponse> reply) { ecs_.DeleteDisk(r, reply, Ctx()); },
      [this, disk_id, started, done](Result<ecs::DeleteDiskResponse, ecs::EcsError> resp) {
        if (resp.ok() || resp.error().code == "InvalidDiskId.NotFound") {
          done(Empty{});
          return;
        }
        constexpr engine::Nanos kRetry = 5 * engine::kSecond;
        constexpr engine::Nanos kLimit = 5 * engine::kMinute;
        if (resp.error().code == "IncorrectDiskStatus.Initializing" &&
            loop_.Now() + kRetry - started <= kLimit) {
          loop_.After(kRetry, [this, disk_id, started, done] {
            DeleteDiskWithRetry(disk_id, started, done);
          });
          return;
        }
        done(MapDeleteDiskError(resp.error()));
      });
}

}  // namespace snapsim::csi::disk
