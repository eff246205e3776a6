// Mirroring content status onto snapshots, and error statuses with event
// deduplication (semantics reference §3.5).
#include <fmt/format.h>

#include "sim/engine/time.h"
#include "src/csi/snapshot_controller/snapshot_controller.h"
#include "src/csi/util/snapshot_names.h"

namespace snapsim::csi {
namespace {

std::string Rfc3339FromNanos(std::int64_t ns) {
  // metav1.Time marshals at second precision; floor toward the past.
  std::int64_t sec = ns / engine::kSecond;
  if (ns < 0 && ns % engine::kSecond != 0) --sec;
  return engine::FormatRfc3339(sec);
}

api::Quantity BinarySi(std::int64_t bytes) { return api::Quantity::FromBytes(bytes, api::Quantity::Format::kBinarySI); }

}  // namespace

Result<SnapshotController::SnapshotPtr> SnapshotController::UpdateSnapshotStatus(const SnapshotPtr& vs,
                                                                               const ContentPtr& content) {
  auto got = server_.Get(api::VolumeSnapshot::Info(), vs->metadata.namespace_, vs->metadata.name, Ctx());
  if (!got.ok()) {
    return Status::Internal(fmt::format("error get snapshot {} from api server: {}", SnapshotKey(*vs),
                                        got.error().message()));
  }
  auto current = api::As<api::VolumeSnapshot>(*got);
  const auto& cs = content->status;
  api::VolumeSnapshotStatus next;
  bool updated = false;
  if (!current->status) {
    next.bound_volume_snapshot_content_name = content->metadata.name;
    if (cs) {
      if (cs->creation_time) next.creation_time = Rfc3339FromNanos(*cs->creation_time);
      if (cs->ready_to_use) next.ready_to_use = *cs->ready_to_use;
      if (cs->restore_size) next.restore_size = BinarySi(*cs->restore_size);
      if (cs->error) next.error = cs->error;
    }
    if (!next.ready_to_use) next.ready_to_use = false;
    updated = true;
  } else {
    next = *current->status;
    if (!next.bound_volume_snapshot_content_name) {
      next.bound_volume_snapshot_content_name = content->metadata.name;
      updated = true;
    }
    if (!next.creation_time && cs && cs->creation_time) {
      next.creation_time = Rfc3339FromNanos(*cs->creation_time);
      updated = true;
    }
    // Compared against the content's value, an unset one counting as false.
    bool content_ready = cs && cs->ready_to_use.value_or(false);
    if (!next.ready_to_use || *next.ready_to_use != content_ready) {
      next.ready_to_use = content_ready;
      if (content_ready) next.error.reset();
      updated = true;
    }
    if (cs && cs->restore_size &&
        (!next.restore_size || (next.restore_size->MilliValue() == 0 && *cs->restore_size > 0))) {
      next.restore_size = BinarySi(*cs->restore_size);
      updated = true;
    }
    // Upstream compares the error times by pointer, so a content error always wins.
    if (cs && cs->error && (!next.error || (next.error->time && cs->error->time))) {
      if (!next.error || !(api::Encode(*next.error) == api::Encode(*cs->error))) updated = true;
      next.error = cs->error;
    }
    if (next.error && (!cs || !cs->error)) {
      next.error.reset();
      updated = true;
    }
  }
  if (!updated) return current;

  auto copy = api::CloneAs<api::VolumeSnapshot>(current);
  bool was_created = current->status && current->status->creation_time;
  bool was_ready = current->status && current->status->ready_to_use.value_or(false);
  copy->status = next;
  // Events are recorded before the write.
  if (next.creation_time && !was_created) {
    recorder_->Normal(*vs, "SnapshotCreated",
                      fmt::format("Snapshot {} was successfully created by the CSI driver.", SnapshotKey(*vs)));
  }
  if (next.ready_to_use.value_or(false) && !was_ready) {
    recorder_->Normal(*vs, "SnapshotReady", fmt::format("Snapshot {} is ready to use.", SnapshotKey(*vs)));
  }
  auto r = server_.UpdateStatus(copy, Ctx());
  if (!r.ok()) return ControllerUpdateError(SnapshotKey(*vs), r.error().message());
  StoreSnapshot(*r);
  return api::As<api::VolumeSnapshot>(*r);
}

Status SnapshotController::UpdateSnapshotErrorStatusWithEvent(const SnapshotPtr& vs, bool set_ready_false,
                                                              std::string_view type, std::string_view reason,
                                                              const std::string& message) {
  // The same error again: no write and, deliberately, no event.
  if (vs->status && vs->status->error && vs->status->error->message && *vs->status->error->message == message) {
    return Status::Ok();
  }
  auto copy = api::CloneAs<api::VolumeSnapshot>(vs);
  if (!copy->status) copy->status.emplace();
  copy->status->error = api::VolumeSnapshotError{server_.NowRfc3339(), message};
  if (set_ready_false) copy->status->ready_to_use = false;
  auto r = server_.UpdateStatus(copy, Ctx());
  // The event goes out even when the write fails, so the user sees the error.
  recorder_->Record(*vs, type, reason, message);
  if (!r.ok()) return ControllerUpdateError(SnapshotKey(*vs), r.error().message());
  StoreSnapshot(*r);
  return Status::Ok();
}

bool SnapshotController::NeedsUpdateSnapshotStatus(const api::VolumeSnapshot& vs,
                                                   const api::VolumeSnapshotContent& c) const {
  const auto& s = vs.status;
  const auto& cs = c.status;
  if (!s && cs) return true;
  if (s && !s->bound_volume_snapshot_content_name) return true;
  if (s && !s->creation_time && cs && cs->creation_time) return true;
  // Upstream compares the two readyToUse pointers, so any pair of set values counts as a difference.
  if (s && s->ready_to_use && cs && cs->ready_to_use) return true;
  if (s && !s->restore_size && cs && cs->restore_size) return true;
  if (s && s->restore_size && s->restore_size->MilliValue() == 0 && cs && cs->restore_size && *cs->restore_size > 0) {
    return true;
  }
  return false;
}

}  // namespace snapsim::csi
