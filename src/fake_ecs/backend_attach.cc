// Attachments: AttachDisk (Available -> Attaching -> In_use) and DetachDisk
// (In_use -> Detaching -> Available).
#include <fmt/format.h>

#include <set>

#include "src/fake_ecs/backend.h"

namespace snapsim::ecs::internal {
namespace {

bool ValidDevice(std::string_view dev) {
  return dev.size() == 9 && dev.substr(0, 8) == "/dev/xvd" && dev[8] >= 'b' && dev[8] <= 'z';
}

}  // namespace

R<AttachDiskResponse> Backend::AttachDisk(const AttachDiskRequest& r, const CallInfo& c) {
  SNAPSIM_ASSIGN_OR_RETURN(Region * region, GetRegion(r.region_id));
  SNAPSIM_ASSIGN_OR_RETURN(Instance * inst, GetInstance(*region, r.instance_id));
  SNAPSIM_ASSIGN_OR_RETURN(Disk * d, GetDisk(*region, r.disk_id, errors::DiskIdWording::kDisk));
  if (d->zone != inst->zone) return errors::ResourcesNotInSameZone();
  if (d->status != DiskStatus::kAvailable) {
    return errors::IncorrectDiskStatus(errors::DiskStatusWording::kInThisStatus);
  }
  // Devices in use on the instance, and its data disk count.
  std::set<std::string> devices;
  int data_disks = 0;
  for (const auto& [id, other] : region->disks) {
    if (other.instance_id != inst->id) continue;
    devices.insert(other.device);
    if (!other.system) ++data_disks;
  }
  std::string device;
  if (r.device) {
    if (!ValidDevice(*r.device)) return errors::InvalidDeviceMalformed();
    if (devices.count(*r.device) > 0) return errors::InvalidDeviceInUse();
    device = *r.device;
  }
  if (data_disks >= inst->data_disk_limit) return errors::InstanceDiskLimitExceeded();
  if (device.empty()) {
    for (char ch = 'b'; ch <= 'z' && device.empty(); ++ch) {
      std::string candidate = fmt::format("/dev/xvd{}", ch);
      if (devices.count(candidate) == 0) device = candidate;
    }
    if (device.empty()) return errors::InstanceDiskLimitExceeded();
  }
  d->status = DiskStatus::kAttaching;
  d->instance_id = inst->id;
  d->device = device;
  d->attached_once = true;
  if (r.delete_with_instance) d->delete_with_instance = *r.delete_with_instance;
  ScheduleDiskTransition(*region, *d, Jittered(config_.disk.attach), DiskStatus::kInUse);
  return AttachDiskResponse{c.request_id};
}

R<DetachDiskResponse> Backend::DetachDisk(const DetachDiskRequest& r, const CallInfo& c) {
  SNAPSIM_ASSIGN_OR_RETURN(Region * region, GetRegion(r.region_id));
  SNAPSIM_ASSIGN_OR_RETURN(Instance * inst, GetInstance(*region, r.instance_id));
  SNAPSIM_ASSIGN_OR_RETURN(Disk * d, GetDisk(*region, r.disk_id, errors::DiskIdWording::kDisk));
  if (d->system) return errors::DiskTypeViolation();
  if (d->status != DiskStatus::kInUse || d->instance_id != inst->id) {
    return errors::IncorrectDiskStatus();
  }
  d->status = DiskStatus::kDetaching;
  if (r.delete_with_instance) d->delete_with_instance = *r.delete_with_instance;
  ScheduleDiskTransition(*region, *d, Jittered(config_.disk.detach), DiskStatus::kAvailable);
  return DetachDiskResponse{c.request_id};
}

}  // namespace snapsim::ecs::internal
