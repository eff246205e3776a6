// ExternalAttacher: the level-triggered syncs of one VolumeAttachment or
// PersistentVolume (csi_handler.go: syncAttach, syncDetach, csiAttach,
// csiDetach, SyncNewOrUpdatedPersistentVolume) and the writes they make.
#include <fmt/format.h>

#include "src/csi/attacher/attacher_util.h"
#include "src/csi/attacher/external_attacher.h"

namespace snapsim::csi::attacher {
namespace {

using VaPtr = std::shared_ptr<const api::VolumeAttachment>;

api::Value FinalizerList(const std::vector<std::string>& finalizers) {
  if (finalizers.empty()) return api::Value(nullptr);
  api::Value::Array a;
  for (const auto& f : finalizers) a.emplace_back(f);
  return api::Value(std::move(a));
}

std::string ApiText(const apiserver::ApiError& e) { return e.message(); }

}  // namespace

Status ExternalAttacher::SyncVa(const std::string& name) {
  auto va = api::As<api::VolumeAttachment>(va_informer_.Get("", name));
  if (va == nullptr) return Status::Ok();  // deleted meanwhile
  if (va->spec.attacher != options_.driver_name) return Status::Ok();
  if (auto it = in_flight_.find(name); it != in_flight_.end()) {
    it->second.dirty = true;  // processed again once the RPC answers
    return Status::Ok();
  }
  return va->metadata.being_deleted() ? SyncDetach(va) : SyncAttach(va);
}

Status ExternalAttacher::SyncAttach(VaPtr va) {
  const std::string name = va->metadata.name;
  if (va->status.attached) return Status::Ok();  // nothing to do (no forced sync without ListVolumes)

  // csiAttach: check as much as possible before the VA finalizer, which would block its deletion.
  if (!va->spec.source.persistent_volume_name) {
    FailAttach(name, "neither InlineCSIVolumeSource nor PersistentVolumeName specified in VA source");
    return Status::Ok();
  }
  const std::string& pv_name = *va->spec.source.persistent_volume_name;
  auto pv = api::As<api::PersistentVolume>(pv_informer_.Get("", pv_name));
  if (pv == nullptr) {
    FailAttach(name, ApiText(apiserver::ApiError::NotFoundResource("persistentvolume", pv_name)));
    return Status::Ok();
  }
  if (pv->metadata.being_deleted()) {
    FailAttach(name, fmt::format("PersistentVolume \"{}\" is marked for deletion", pv_name));
    return Status::Ok();
  }
  if (Status st = AddPvFinalizer(*pv); !st.ok()) {
    FailAttach(name, "could not add PersistentVolume finalizer: " + st.message());
    return Status::Ok();
  }
  if (!pv->spec.csi) {
    FailAttach(name, "pv spec contained non-csi source that was not migrated");
    return Status::Ok();
  }
  auto cap = VolumeCapabilityFor(pv->spec, /*single_node_multi_writer=*/false);
  if (!cap.ok()) {
    FailAttach(name, cap.status().message());
    return Status::Ok();
  }
  auto node_id = NodeId(va->spec.node_name, nullptr);
  if (!node_id.ok()) {
    FailAttach(name, node_id.status().message());
    return Status::Ok();
  }

  // The finalizer and the node-id annotation, in one patch.
  const std::string* ann = va->metadata.Annotation(kNodeIdAnnotation);
  if (!va->metadata.HasFinalizer(finalizer_) || ann == nullptr || *ann != *node_id) {
    api::Value patch;
    if (!va->metadata.HasFinalizer(finalizer_)) {
      std::vector<std::string> fins = va->metadata.finalizers;
      fins.push_back(finalizer_);
      patch["metadata"]["finalizers"] = FinalizerList(fins);
    }
    patch["metadata"]["annotations"][std::string(kNodeIdAnnotation)] = api::Value(*node_id);
    auto r = server_.Patch(api::VolumeAttachment::Info(), "", name, apiserver::ApiServer::PatchType::kMerge, patch,
                           /*status=*/false, Ctx());
    if (!r.ok()) {
      FailAttach(name, "could not save VolumeAttachment: " + ApiText(r.error()));
      return Status::Ok();
    }
  }

  disk::ControllerPublishVolumeRequest req;
  req.volume_id = pv->spec.csi->volume_handle;
  req.node_id = *node_id;
  req.volume_capability = *cap;
  req.readonly = Supports(disk::ControllerCapability::kPublishReadonly) && pv->spec.csi->read_only;
  req.volume_context = pv->spec.csi->volume_attributes;
  std::uint64_t gen = generation_;
  std::weak_ptr<int> life = life_;
  std::uint64_t token = BeginRpc(name, [this, gen, life, name] {
    if (life.expired() || gen != generation_ || !in_flight_.count(name)) return;
    FailAttach(name, disk::GrpcStatus{disk::GrpcCode::kDeadlineExceeded, "context deadline exceeded"}.ToString());
    EndRpc(name);  // the reply that may still come is ignored
  });
  driver_.ControllerPublishVolume(
      req, [this, gen, life, token, name](disk::CsiResult<disk::ControllerPublishVolumeResponse> r) {
        if (life.expired() || gen != generation_ || !Awaited(name, token)) return;  // a late reply
        if (!r.ok()) {
          OnPublished(name, Status::Internal(r.error().ToString()));
        } else {
          OnPublished(name, r->publish_context);
        }
        EndRpc(name);  // after our writes, so a re-queued sync sees them
      });
  return Status::Ok();
}

void ExternalAttacher::OnPublished(const std::string& va_name, Result<std::map<std::string, std::string>> result) {
  if (!result.ok()) {
    FailAttach(va_name, result.status().message());
    return;
  }
  if (!MarkAttached(va_name, *result).ok()) {
    Retry(va_name);  // "failed to mark as attached": retried, no attachError
    return;
  }
  Succeeded(va_name);
}

Status ExternalAttacher::SyncDetach(VaPtr va) {
  const std::string name = va->metadata.name;
  if (!va->metadata.HasFinalizer(finalizer_)) return Status::Ok();  // already detached
  if (!va->spec.source.persistent_volume_name) {
    FailDetach(name, "neither InlineCSIVolumeSource nor PersistentVolumeName specified in VA source");
    return Status::Ok();
  }
  const std::string& pv_name = *va->spec.source.persistent_volume_name;
  auto pv = api::As<api::PersistentVolume>(pv_informer_.Get("", pv_name));
  if (pv == nullptr) {
    FailDetach(name, ApiText(apiserver::ApiError::NotFoundResource("persistentvolume", pv_name)));
    return Status::Ok();
  }
  if (!pv->spec.csi) {
    FailDetach(name, "pv spec contained non-csi source that was not migrated");
    return Status::Ok();
  }
  auto node_id = NodeId(va->spec.node_name, va.get());
  if (!node_id.ok()) {
    FailDetach(name, node_id.status().message());
    return Status::Ok();
  }
  disk::ControllerUnpublishVolumeRequest req;
  req.volume_id = pv->spec.csi->volume_handle;
  req.node_id = *node_id;
  std::uint64_t gen = generation_;
  std::weak_ptr<int> life = life_;
  std::uint64_t token = BeginRpc(name, [this, gen, life, name] {
    if (life.expired() || gen != generation_ || !in_flight_.count(name)) return;
    FailDetach(name, disk::GrpcStatus{disk::GrpcCode::kDeadlineExceeded, "context deadline exceeded"}.ToString());
    EndRpc(name);
  });
  driver_.ControllerUnpublishVolume(req, [this, gen, life, token, name](disk::CsiResult<disk::Empty> r) {
    if (life.expired() || gen != generation_ || !Awaited(name, token)) return;
    OnUnpublished(name, r.ok() ? Status::Ok() : Status::Internal(r.error().ToString()));
    EndRpc(name);
  });
  return Status::Ok();
}

void ExternalAttacher::OnUnpublished(const std::string& va_name, Status result) {
  if (!result.ok()) {
    FailDetach(va_name, result.message());
    return;
  }
  if (Status st = MarkDetached(va_name); !st.ok()) {
    FailDetach(va_name, "could not mark as detached: " + st.message());
    return;
  }
  Succeeded(va_name);
}

void ExternalAttacher::FailAttach(const std::string& va_name, const std::string& message) {
  (void)SaveVolumeError(va_name, "attachError", message);  // a failed save is only logged upstream
  Retry(va_name);
}

void ExternalAttacher::FailDetach(const std::string& va_name, const std::string& message) {
  (void)SaveVolumeError(va_name, "detachError", message);
  Retry(va_name);
}

Status ExternalAttacher::SaveVolumeError(const std::string& va_name, std::string_view field,
                                         const std::string& message) {
  api::Value patch;
  api::Value& err = patch["status"][field];
  err["time"] = api::Value(server_.NowRfc3339());
  err["message"] = api::Value(message);
  auto r = server_.Patch(api::VolumeAttachment::Info(), "", va_name, apiserver::ApiServer::PatchType::kMerge, patch,
                         /*status=*/true, Ctx());
  return r.ok() ? Status::Ok() : r.error().ToStatus();
}

Result<std::string> ExternalAttacher::NodeId(const std::string& node_name, const api::VolumeAttachment* va) const {
  std::string err;
  if (auto node = api::As<api::CSINode>(csinode_informer_.Get("", node_name))) {
    if (auto id = NodeIdFromCsiNode(options_.driver_name, *node)) return *id;
    // The driver is not registered (its pod is down): fall back as for a missing CSINode.
    err = fmt::format("CSINode {} does not contain driver {}", node_name, options_.driver_name);
  } else {
    err = ApiText(apiserver::ApiError::NotFoundResource("csinode.storage.k8s.io", node_name));
  }
  if (va != nullptr) {
    if (const std::string* id = va->metadata.Annotation(kNodeIdAnnotation)) return *id;
  }
  return Status::NotFound(err);
}

Status ExternalAttacher::AddPvFinalizer(const api::PersistentVolume& pv) {
  if (pv.metadata.HasFinalizer(finalizer_)) return Status::Ok();
  std::vector<std::string> fins = pv.metadata.finalizers;
  fins.push_back(finalizer_);
  api::Value patch;
  patch["metadata"]["finalizers"] = FinalizerList(fins);
  auto r = server_.Patch(api::PersistentVolume::Info(), "", pv.metadata.name, apiserver::ApiServer::PatchType::kMerge,
                         patch, /*status=*/false, Ctx());
  return r.ok() ? Status::Ok() : Status::Internal(ApiText(r.error()));
}

Status ExternalAttacher::MarkAttached(const std::string& va_name, const std::map<std::string, std::string>& metadata) {
  api::Value patch;
  api::Value& st = patch["status"];
  st["attached"] = api::Value(true);
  api::Value md = api::Value::EmptyObject();
  for (const auto& [k, v] : metadata) md[k] = api::Value(v);
  st["attachmentMetadata"] = metadata.empty() ? api::Value(nullptr) : md;
  st["attachError"] = api::Value(nullptr);
  auto r = server_.Patch(api::VolumeAttachment::Info(), "", va_name, apiserver::ApiServer::PatchType::kMerge, patch,
                         /*status=*/true, Ctx());
  return r.ok() ? Status::Ok() : Status::Internal(ApiText(r.error()));
}

Status ExternalAttacher::MarkDetached(const std::string& va_name) {
  auto va = api::As<api::VolumeAttachment>(va_informer_.Get("", va_name));
  if (va == nullptr) return Status::Ok();
  bool found = va->metadata.HasFinalizer(finalizer_);
  if (!found && !va->status.attached) return Status::Ok();  // already fully detached
  api::Value patch;
  patch["status"]["attached"] = api::Value(false);
  patch["status"]["detachError"] = api::Value(nullptr);
  patch["status"]["attachmentMetadata"] = api::Value(nullptr);
  auto r = server_.Patch(api::VolumeAttachment::Info(), "", va_name, apiserver::ApiServer::PatchType::kMerge, patch,
                         /*status=*/true, Ctx());
  if (!r.ok()) return Status::Internal(ApiText(r.error()));
  // Finalizers are not in the status subresource: a second patch, after the status.
  std::vector<std::string> fins;
  for (const auto& f : (*r)->metadata.finalizers) {
    if (f != finalizer_) fins.push_back(f);
  }
  api::Value fpatch;
  fpatch["metadata"]["finalizers"] = FinalizerList(fins);
  auto r2 = server_.Patch(api::VolumeAttachment::Info(), "", va_name, apiserver::ApiServer::PatchType::kMerge, fpatch,
                          /*status=*/false, Ctx());
  return r2.ok() ? Status::Ok() : Status::Internal(ApiText(r2.error()));
}

Status ExternalAttacher::SyncPv(const std::string& name) {
  auto pv = api::As<api::PersistentVolume>(pv_informer_.Get("", name));
  if (pv == nullptr) return Status::Ok();
  // Only a PV being deleted loses the finalizer (no CSI migration here).
  if (!pv->metadata.being_deleted()) return Status::Ok();
  if (!pv->metadata.HasFinalizer(finalizer_)) return Status::Ok();
  for (const auto& obj : va_informer_.List()) {
    auto va = api::As<api::VolumeAttachment>(obj);
    if (va->spec.source.persistent_volume_name && *va->spec.source.persistent_volume_name == name) {
      return Status::Ok();  // still needed by this VA
    }
  }
  std::vector<std::string> fins;
  for (const auto& f : pv->metadata.finalizers) {
    if (f != finalizer_) fins.push_back(f);
  }
  api::Value patch;
  patch["metadata"]["finalizers"] = FinalizerList(fins);
  auto r = server_.Patch(api::PersistentVolume::Info(), "", name, apiserver::ApiServer::PatchType::kMerge, patch,
                         /*status=*/false, Ctx());
  return r.ok() ? Status::Ok() : r.error().ToStatus();
}

}  // namespace snapsim::csi::attacher
