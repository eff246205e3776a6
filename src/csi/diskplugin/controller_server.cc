// ControllerServer: identity, shared ECS helpers (describe, poll, detach-and-wait) and
// nothing else (the RPCs live in create_volume.cc, publish_volume.cc, delete_volume.cc
// and snapshot.cc).
#include "src/csi/diskplugin/controller_server.h"

#include <fmt/format.h>

#include "src/csi/diskplugin/ecs_errors.h"

namespace snapsim::csi::disk {

ControllerServer::ControllerServer(engine::EventLoop& loop, ecs::Ecs& ecs,
                                   ControllerOptions options)
    : loop_(loop), ecs_(ecs), options_(std::move(options)) {
  if (options_.default_zone.empty() && !ecs_.config().zones.empty()) {
    options_.default_zone = ecs_.config().zones.front();
  }
}

void ControllerServer::Restart() {
  auto failed = std::move(in_flight_);
  in_flight_.clear();
  legacy_created_.clear();
  legacy_requests_.clear();
  // The callers see their connections break right away, each as its own event.
  for (auto& [id, fail] : failed) loop_.After(0, std::move(fail));
}

GetPluginInfoResponse ControllerServer::GetPluginInfo() const {
  return {.name = std::string(kDriverName), .vendor_version = std::string(kDriverVersion)};
}

ControllerGetCapabilitiesResponse ControllerServer::ControllerGetCapabilities() const {
  // Only what this re-implementation serves; the real driver also advertises expansion
  // and modification.
  return {.capabilities = {ControllerCapability::kCreateDeleteVolume,
                           ControllerCapability::kPublishUnpublishVolume,
                           ControllerCapability::kCreateDeleteSnapshot,
                           ControllerCapability::kListSnapshots}};
}

void ControllerServer::DescribeDisk(const std::string& disk_id,
                                    std::function<void(DiskLookup)> done) {
  ecs::DescribeDisksRequest r;
  r.region_id = options_.region;
  r.disk_ids = std::vector<std::string>{disk_id};
  ecs_.DescribeDisks(
      r,
      [done = std::move(done)](Result<ecs::DescribeDisksResponse, ecs::EcsError> resp) {
        if (!resp.ok()) {
          done(resp.error());
          return;
        }
        if (resp->disks.empty()) {
          done(std::optional<ecs::DiskInfo>());
          return;
        }
        done(std::optional<ecs::DiskInfo>(std::move(resp->disks.front())));
      },
      Ctx());
}

void ControllerServer::WaitForDisk(const std::string& disk_id,
                                   std::function<bool(const ecs::DiskInfo*)> pred,
                                   engine::Nanos deadline,
                                   std::function<void(std::optional<std::string>)> done) {
  DescribeDisk(disk_id, [this, disk_id, pred, deadline, done](DiskLookup r) {
    if (r.ok() && pred(r->has_value() ? &**r : nullptr)) {
      done(std::nullopt);
      return;
    }
    if (loop_.Now() >= deadline) {
      done(r.ok() ? std::string("timed out waiting for the disk status") : SdkErrorText(r.error()));
      return;
    }
    // A describe error is transient here: keep polling until the deadline.
    loop_.After(options_.poll_interval, [this, disk_id, pred, deadline, done] {
      WaitForDisk(disk_id, pred, deadline, done);
    });
  });
}

void ControllerServer::WaitDetached(const std::string& disk_id, const std::string& instance_id,
                                    std::function<void(std::optional<GrpcStatus>)> done) {
  WaitForDisk(
      disk_id,
      [instance_id](const ecs::DiskInfo* d) {
        if (d == nullptr) return true;  // a vanished disk counts as detached
        for (const auto& a : d->attachments) {
          if (a.instance_id == instance_id) return false;
        }
        return d->instance_id != instance_id;
      },
      loop_.Now() + options_.wait_timeout,
      [disk_id, done](std::optional<std::string> err) {
        if (err) {
          done(GrpcStatus{GrpcCode::kAborted,
                          fmt::format("DetachDisk: Detaching Disk {} failed: {}", disk_id, *err)});
          return;
        }
        done(std::nullopt);
      });
}

void ControllerServer::DetachAndWait(const std::string& disk_id, const std::string& instance_id,
                                     std::function<void(std::optional<GrpcStatus>)> done,
                                     bool already_detaching) {
  if (already_detaching) {
    loop_.After(0,
                [this, disk_id, instance_id, done] { WaitDetached(disk_id, instance_id, done); });
    return;
  }
  ecs::DetachDiskRequest r{
      .region_id = options_.region, .instance_id = instance_id, .disk_id = disk_id};
  Throttled<ecs::DetachDiskResponse>(
      [this, r](ecs::Reply<ecs::DetachDiskResponse> reply) { ecs_.DetachDisk(r, reply, Ctx()); },
      [this, disk_id, instance_id, done](Result<ecs::DetachDiskResponse, ecs::EcsError> resp) {
        if (!resp.ok()) {
          done(MapDetachDiskError(resp.error(), disk_id, instance_id));
          return;
        }
        WaitDetached(disk_id, instance_id, done);
      });
}

}  // namespace snapsim::csi::disk
