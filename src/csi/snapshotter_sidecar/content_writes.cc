// csi-snapshotter's writes to a VolumeSnapshotContent: JSON patches of the
// being-created annotation and of the status (utils.PatchVolumeSnapshotContent),
// status mirroring from a CSI answer and the deduplicated error status + event.
#include <fmt/format.h>

#include "src/csi/snapshotter_sidecar/json_patch_ops.h"
#include "src/csi/snapshotter_sidecar/snapshotter_sidecar.h"
#include "src/csi/util/snapshot_names.h"

namespace snapsim::csi {
namespace {

// The JSON of a content's status (as the patch value): what ToValue()["status"] would
// be, without encoding the rest.
api::Value StatusValue(const std::optional<api::VolumeSnapshotContentStatus>& status) {
  if (!status) return api::Value::EmptyObject();
  return api::Encode(*status);
}

}  // namespace

Result<SnapshotterSidecar::ContentPtr> SnapshotterSidecar::PatchContent(const std::string& name, const api::Value& ops,
                                                                       bool status) {
  auto r = server_.Patch(api::VolumeSnapshotContent::Info(), "", name, apiserver::ApiServer::PatchType::kJson, ops,
                         status, Ctx());
  if (!r.ok()) return SidecarUpdateError(name, r.error().message());
  return api::As<api::VolumeSnapshotContent>(*r);
}

Result<SnapshotterSidecar::ContentPtr> SnapshotterSidecar::PatchContentTyped(
    const std::string& name, const std::function<bool(api::VolumeSnapshotContent&)>& apply,
    const std::function<api::Value()>& ops, bool status) {
  auto r = server_.PatchTyped(
      api::VolumeSnapshotContent::Info(), "", name, apiserver::ApiServer::PatchType::kJson,
      [&](api::Object& o) { return apply(static_cast<api::VolumeSnapshotContent&>(o)); }, ops, status, Ctx());
  if (!r.ok()) return SidecarUpdateError(name, r.error().message());
  return api::As<api::VolumeSnapshotContent>(*r);
}

// The annotations replaced by the cached content's, with being-created added (the
// patch carries the whole map, so a stale cache's annotations are what is written).
Result<SnapshotterSidecar::ContentPtr> SnapshotterSidecar::SetBeingCreatedAnnotation(const ContentPtr& c) {
  if (HasAnnotation(*c, kBeingCreatedAnnotation)) return c;
  std::map<std::string, std::string> annotations = c->metadata.annotations;
  annotations[std::string(kBeingCreatedAnnotation)] = "yes";
  auto r = PatchContentTyped(
      c->metadata.name,
      [&](api::VolumeSnapshotContent& o) {
        o.metadata.annotations = annotations;
        return true;
      },
      [&] {
        api::Value value = api::Value::EmptyObject();
        for (const auto& [k, v] : annotations) value[k] = v;
        return SingleOpPatch(PatchOp("replace", "/metadata/annotations", std::move(value)));
      },
      false);
  if (!r.ok()) return r.status();
  StoreContent(*r);
  return *r;
}

// A remove of the one annotation: an error (the general path's) if it is not there.
Result<SnapshotterSidecar::ContentPtr> SnapshotterSidecar::RemoveBeingCreatedAnnotation(const ContentPtr& c) {
  if (!HasAnnotation(*c, kBeingCreatedAnnotation)) return c;
  auto r = PatchContentTyped(
      c->metadata.name,
      [](api::VolumeSnapshotContent& o) {
        auto it = o.metadata.annotations.find(std::string(kBeingCreatedAnnotation));
        if (it == o.metadata.annotations.end()) return false;
        o.metadata.annotations.erase(it);
        return true;
      },
      [] {
        return SingleOpPatch(PatchOp("remove", "/metadata/annotations/" + EscapePointerSegment(kBeingCreatedAnnotation)));
      },
      false);
  if (!r.ok()) return r.status();
  StoreContent(*r);
  return *r;
}

Result<SnapshotterSidecar::ContentPtr> SnapshotterSidecar::UpdateSnapshotContentStatus(const ContentPtr& c,
                                                                                      const std::string& handle,
                                                                                      bool ready,
                                                                                      std::int64_t created_at_nanos,
                                                                                      std::int64_t size) {
  auto got = server_.Get(api::VolumeSnapshotContent::Info(), "", c->metadata.name, Ctx());
  if (!got.ok()) {
    return Status::Internal(
        fmt::format("error get snapshot content {} from api server: {}", c->metadata.name, got.error().message()));
  }
  auto current = api::As<api::VolumeSnapshotContent>(*got);
  std::optional<api::VolumeSnapshotContentStatus> status = current->status;  // the status alone, not a clone
  bool updated = false;
  if (!status) {
    status.emplace();
    status->snapshot_handle = handle;
    status->ready_to_use = ready;
    status->creation_time = created_at_nanos;
    if (size > 0) status->restore_size = size;
    updated = true;
  } else {
    auto& st = *status;
    if (!st.snapshot_handle) {
      st.snapshot_handle = handle;
      updated = true;
    }
    if (!st.ready_to_use || *st.ready_to_use != ready) {
      st.ready_to_use = ready;
      updated = true;
      if (ready) st.error.reset();
    }
    if (!st.creation_time) {
      st.creation_time = created_at_nanos;
      updated = true;
    }
    if (!st.restore_size && size > 0) {
      st.restore_size = size;
      updated = true;
    }
  }
  if (!updated) return current;
  // A replace of the whole status: what decoding its JSON gives back is the status itself.
  auto r = PatchContentTyped(
      c->metadata.name,
      [&](api::VolumeSnapshotContent& o) {
        o.status = status;
        return true;
      },
      [&] { return SingleOpPatch(PatchOp("replace", "/status", StatusValue(status))); },
      /*status=*/true);
  if (!r.ok()) return r.status();
  return *r;
}

Status SnapshotterSidecar::UpdateContentErrorStatusWithEvent(const ContentPtr& c, std::string_view type,
                                                             std::string_view reason, const std::string& message) {
  if (c->status && c->status->error && c->status->error->message == message) {
    return Status::Ok();  // the same error is already there: no write, no event
  }
  api::Value error = api::Value::EmptyObject();
  error["time"] = server_.NowRfc3339();
  error["message"] = message;
  api::Value::Array ops;
  if (!c->status) {
    api::Value st = api::Value::EmptyObject();
    st["readyToUse"] = false;
    st["error"] = error;
    ops.push_back(PatchOp("replace", "/status", st));
  } else {
    ops.push_back(PatchOp("replace", "/status/error", error));
    ops.push_back(PatchOp("replace", "/status/readyToUse", api::Value(false)));
  }
  auto r = PatchContent(c->metadata.name, api::Value(std::move(ops)), /*status=*/true);
  // The event goes out even when the write failed, so the user sees the error.
  recorder_->Record(*c, type, reason, message);
  if (!r.ok()) return r.status();
  StoreContent(*r);
  return Status::Ok();
}

}  // namespace snapsim::csi
