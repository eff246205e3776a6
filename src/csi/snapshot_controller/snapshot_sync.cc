// The snapshot side of the common controller: class resolution, finalizers,
// binding and dynamic content creation (semantics reference §3.1–3.3, §3.8).
#include <fmt/format.h>

#include "src/api/go_format.h"
#include "src/csi/snapshot_controller/snapshot_controller.h"
#include "src/csi/util/snapshot_names.h"

namespace snapsim::csi {
namespace {

// Errors from a lister name the resource in the singular, as client-go's listers do.
Status ListerNotFound(std::string_view resource, std::string_view name) {
  return Status::NotFound(fmt::format("{} \"{}\" not found", resource, name));
}

}  // namespace

Result<std::shared_ptr<const api::VolumeSnapshotClass>> SnapshotController::SnapshotClass(const std::string& name) {
  auto c = api::As<api::VolumeSnapshotClass>(classes_->Get("", name));
  if (c == nullptr) return ListerNotFound("volumesnapshotclass.snapshot.storage.k8s.io", name);
  return c;
}

Result<SnapshotController::SnapshotPtr> SnapshotController::CheckAndUpdateSnapshotClass(const SnapshotPtr& vs) {
  const auto& class_name = vs->spec.volume_snapshot_class_name;
  if (class_name && !class_name->empty()) {
    auto c = SnapshotClass(*class_name);
    if (!c.ok()) {
      (void)UpdateSnapshotErrorStatusWithEvent(vs, false, "Warning", "GetSnapshotClassFailed",
                                               "Failed to get snapshot class with error " + c.status().message());
      return c.status();
    }
    return vs;
  }
  if (!class_name) {
    auto updated = SetDefaultSnapshotClass(vs);
    if (!updated.ok()) {
      (void)UpdateSnapshotErrorStatusWithEvent(vs, false, "Warning", "SetDefaultSnapshotClassFailed",
                                               "Failed to set default snapshot class with error " +
                                                   updated.status().message());
      return updated.status();
    }
    return *updated;
  }
  return vs;
}

Result<SnapshotController::SnapshotPtr> SnapshotController::SetDefaultSnapshotClass(const SnapshotPtr& vs) {
  if (!IsDynamicSnapshot(*vs)) return vs;  // static snapshots need no class
  SNAPSIM_ASSIGN_OR_RETURN(auto pv, VolumeFromSnapshot(*vs));
  if (!pv->spec.csi) {
    return Status::FailedPrecondition(
        fmt::format("snapshotting non-CSI volumes is not supported, snapshot:{}", SnapshotKey(*vs)));
  }
  std::vector<std::shared_ptr<const api::VolumeSnapshotClass>> defaults;
  for (const auto& o : classes_->List()) {
    auto c = api::As<api::VolumeSnapshotClass>(o);
    const std::string* d = c->metadata.Annotation(kIsDefaultSnapshotClassAnnotation);
    if (d != nullptr && *d == "true" && c->driver == pv->spec.csi->driver) defaults.push_back(c);
  }
  if (defaults.empty()) return Status::NotFound("cannot find default snapshot class");
  if (defaults.size() > 1) {
    return Status::FailedPrecondition(fmt::format("{} default snapshot classes were found", defaults.size()));
  }
  auto copy = api::CloneAs<api::VolumeSnapshot>(vs);
  copy->spec.volume_snapshot_class_name = defaults[0]->metadata.name;
  auto r = server_.Update(copy, Ctx());
  if (!r.ok()) return r.error().ToStatus();
  StoreSnapshot(*r);
  return api::As<api::VolumeSnapshot>(*r);
}

Result<std::shared_ptr<const api::PersistentVolumeClaim>> SnapshotController::ClaimFromSnapshot(
    const api::VolumeSnapshot& vs) {
  const auto& pvc_name = vs.spec.source.persistent_volume_claim_name;
  if (!pvc_name) return Status::InvalidArgument("the snapshot source pvc name is not specified");
  if (pvc_name->empty()) {
    return Status::InvalidArgument(fmt::format("the PVC name is not specified in snapshot {}", SnapshotKey(vs)));
  }
  auto pvc = api::As<api::PersistentVolumeClaim>(claims_->Get(vs.metadata.namespace_, *pvc_name));
  if (pvc == nullptr) {
    return Status::NotFound(fmt::format(
        "failed to retrieve PVC {} from the lister: {}", *pvc_name,
        api::GoQuote(ListerNotFound("persistentvolumeclaim", *pvc_name).message())));
  }
  return pvc;
}

Result<std::shared_ptr<const api::PersistentVolume>> SnapshotController::VolumeFromSnapshot(
    const api::VolumeSnapshot& vs) {
  SNAPSIM_ASSIGN_OR_RETURN(auto pvc, ClaimFromSnapshot(vs));
  if (pvc->status.phase != "Bound") {
    return Status::FailedPrecondition(fmt::format(
        "the PVC {} is not yet bound to a PV, will not attempt to take a snapshot", pvc->metadata.name));
  }
  const std::string& pv_name = pvc->spec.volume_name;
  auto got = server_.Get(api::PersistentVolume::Info(), "", pv_name, Ctx());
  if (!got.ok()) {
    return Status::Internal(fmt::format("failed to retrieve PV {} from the API server: {}", pv_name,
                                        api::GoQuote(got.error().message())));
  }
  auto pv = api::As<api::PersistentVolume>(*got);
  const auto& ref = pv->spec.claim_ref;
  if (!ref || ref->name != pvc->metadata.name || ref->namespace_ != pvc->metadata.namespace_ ||
      (!ref->uid.empty() && ref->uid != pvc->metadata.uid)) {
    return Status::FailedPrecondition("claim in dataSource not bound or invalid");
  }
  return pv;
}

Status SnapshotController::SyncSnapshot(const SnapshotPtr& vs) {
  if (Status s = CheckAndRemovePvcFinalizer(*vs, /*skip_self=*/false); !s.ok()) {
    recorder_->Warning(*vs, "ErrorPVCFinalizer", "Error check and remove PVC Finalizer for VolumeSnapshot");
  }
  if (vs->metadata.being_deleted()) return ProcessSnapshotWithDeletionTimestamp(vs);
  // Re-checked here: the validation webhook may not be deployed (and v1beta1 objects never were validated).
  const auto& src = vs->spec.source;
  if (src.persistent_volume_claim_name.has_value() == src.volume_snapshot_content_name.has_value()) {
    std::string msg = "Exactly one of PersistentVolumeClaimName and VolumeSnapshotContentName should be specified";
    (void)UpdateSnapshotErrorStatusWithEvent(vs, true, "Warning", "SnapshotValidationError", msg);
    return Status::InvalidArgument(msg);
  }
  if (Status s = CheckAndAddSnapshotFinalizers(vs); !s.ok()) {
    recorder_->Warning(*vs, "SnapshotFinalizerError", "Failed to check and update snapshot: " + s.message());
    return s;
  }
  // The finalizer write may have produced a newer object.
  SnapshotPtr current = SnapshotFromStore(SnapshotKey(*vs));
  if (current == nullptr) current = vs;
  bool bound = current->status && current->status->bound_volume_snapshot_content_name &&
               !current->status->bound_volume_snapshot_content_name->empty();
  if (!IsSnapshotReady(*current) || !bound) return SyncUnreadySnapshot(current);
  return SyncReadySnapshot(current);
}

Result<SnapshotController::ContentPtr> SnapshotController::PreprovisionedContentFromStore(const SnapshotPtr& vs) {
  const std::string& name = *vs->spec.source.volume_snapshot_content_name;
  if (name.empty()) return Status::InvalidArgument(fmt::format("content name not found for snapshot {}", SnapshotKey(*vs)));
  ContentPtr c = ContentFromStore(name);
  if (c == nullptr) return ContentPtr();
  if (!c->spec.source.snapshot_handle) {
    (void)UpdateSnapshotErrorStatusWithEvent(
        vs, true, "Warning", "SnapshotContentMismatch",
        "VolumeSnapshotContent is dynamically provisioned while expecting a pre-provisioned one");
    return Status::FailedPrecondition(fmt::format(
        "snapshot {} expects a pre-provisioned VolumeSnapshotContent {} but gets a dynamically provisioned one",
        SnapshotKey(*vs), name));
  }
  if (!ContentPointsAt(*c, *vs, /*require_uid=*/false)) {
    (void)UpdateSnapshotErrorStatusWithEvent(vs, true, "Warning", "SnapshotContentMisbound",
                                             fmt::format("VolumeSnapshotContent [{}] is bound to a different snapshot", name));
    return Status::FailedPrecondition(fmt::format("VolumeSnapshotContent [{}] is bound to a different snapshot", name));
  }
  return c;
}

Result<SnapshotController::ContentPtr> SnapshotController::DynamicContentFromStore(const SnapshotPtr& vs) {
  std::string name = DynamicContentName(*vs);
  ContentPtr c = ContentFromStore(name);
  if (c == nullptr) return ContentPtr();
  if (!c->spec.source.volume_handle) {
    (void)UpdateSnapshotErrorStatusWithEvent(
        vs, true, "Warning", "SnapshotContentMismatch",
        fmt::format("VolumeSnapshotContent {} is pre-provisioned while expecting a dynamically provisioned one", name));
    return Status::FailedPrecondition(fmt::format(
        "snapshot {} expects a dynamically provisioned VolumeSnapshotContent {} but gets a pre-provisioned one",
        SnapshotKey(*vs), name));
  }
  if (!ContentPointsAt(*c, *vs, /*require_uid=*/true)) {
    (void)UpdateSnapshotErrorStatusWithEvent(vs, true, "Warning", "SnapshotContentMisbound",
                                             fmt::format("VolumeSnapshotContent [{}] is bound to a different snapshot", name));
    return Status::FailedPrecondition(fmt::format("VolumeSnapshotContent [{}] is bound to a different snapshot", name));
  }
  return c;
}

Status SnapshotController::CheckAndAddSnapshotFinalizers(const SnapshotPtr& vs) {
  Result<ContentPtr> content = IsDynamicSnapshot(*vs) ? DynamicContentFromStore(vs) : PreprovisionedContentFromStore(vs);
  if (!content.ok()) return content.status();
  bool add_source = !vs->metadata.being_deleted() && !vs->metadata.HasFinalizer(kVolumeSnapshotAsSourceFinalizer);
  bool bound_name_set = vs->status && vs->status->bound_volume_snapshot_content_name &&
                        !vs->status->bound_volume_snapshot_content_name->empty();
  bool add_bound = !vs->metadata.being_deleted() && !vs->metadata.HasFinalizer(kVolumeSnapshotBoundFinalizer) &&
                   bound_name_set && *content != nullptr && (*content)->spec.deletion_policy == "Delete";
  if (!add_source && !add_bound) return Status::Ok();
  auto copy = api::CloneAs<api::VolumeSnapshot>(vs);
  if (add_source) copy->metadata.AddFinalizer(kVolumeSnapshotAsSourceFinalizer);
  if (add_bound) copy->metadata.AddFinalizer(kVolumeSnapshotBoundFinalizer);
  auto r = server_.Update(copy, Ctx());
  if (!r.ok()) return ControllerUpdateError(SnapshotKey(*vs), r.error().message());
  StoreSnapshot(*r);
  return Status::Ok();
}

Status SnapshotController::SyncReadySnapshot(const SnapshotPtr& vs) {
  ContentPtr content = ContentFromStore(*vs->status->bound_volume_snapshot_content_name);
  if (content == nullptr) {
    return UpdateSnapshotErrorStatusWithEvent(vs, true, "Warning", "SnapshotContentMissing",
                                              "VolumeSnapshotContent is missing");
  }
  if (!ContentPointsAt(*content, *vs, /*require_uid=*/true)) {
    return UpdateSnapshotErrorStatusWithEvent(vs, true, "Warning", "SnapshotMisbound",
                                              "VolumeSnapshotContent is not bound to the VolumeSnapshot correctly");
  }
  return Status::Ok();
}

Status SnapshotController::SyncUnreadySnapshot(const SnapshotPtr& vs) {
  std::string key = SnapshotKey(*vs);
  if (!IsDynamicSnapshot(*vs)) {
    SNAPSIM_ASSIGN_OR_RETURN(ContentPtr content, PreprovisionedContentFromStore(vs));
    const std::string& content_name = *vs->spec.source.volume_snapshot_content_name;
    if (content == nullptr) {
      (void)UpdateSnapshotErrorStatusWithEvent(vs, true, "Warning", "SnapshotContentMissing",
                                               "VolumeSnapshotContent is missing");
      return Status::NotFound(fmt::format("snapshot {} requests an non-existing content {}", key, content_name));
    }
    auto bound = CheckAndBindSnapshotContent(vs, content);
    if (!bound.ok()) {
      (void)UpdateSnapshotErrorStatusWithEvent(vs, true, "Warning", "SnapshotBindFailed",
                                               "Snapshot failed to bind VolumeSnapshotContent, " + bound.status().message());
      return Status::FailedPrecondition(fmt::format("snapshot {} is not bound to content {}", key, content_name));
    }
    auto updated = UpdateSnapshotStatus(vs, *bound);
    if (!updated.ok()) {
      (void)UpdateSnapshotErrorStatusWithEvent(vs, false, "Warning", "SnapshotStatusUpdateFailed",
                                               "Snapshot status update failed, " + updated.status().message());
      return updated.status();
    }
    return Status::Ok();
  }

  SNAPSIM_ASSIGN_OR_RETURN(ContentPtr content, DynamicContentFromStore(vs));
  if (content != nullptr) {
    if (content->spec.source.snapshot_handle) {
      recorder_->Warning(*vs, "SnapshotHandleSet",
                         fmt::format("Snapshot handle should not be set in content {} for dynamic provisioning", key));
      return Status::FailedPrecondition(
          fmt::format("snapshotHandle should not be set in the content for dynamic provisioning for snapshot {}", key));
    }
    // bindandUpdateVolumeSnapshot: mirror the content's status onto a fresh copy of the snapshot.
    auto fresh = server_.Get(api::VolumeSnapshot::Info(), vs->metadata.namespace_, vs->metadata.name, Ctx());
    if (!fresh.ok()) {
      return Status::Internal(fmt::format("error get snapshot {} from api server: {}", key, fresh.error().message()));
    }
    auto updated = UpdateSnapshotStatus(api::As<api::VolumeSnapshot>(*fresh), content);
    if (!updated.ok()) {
      (void)UpdateSnapshotErrorStatusWithEvent(vs, true, "Warning", "SnapshotStatusUpdateFailed",
                                               "Snapshot status update failed, " + updated.status().message());
      return updated.status();
    }
    return Status::Ok();
  }
  auto created = CreateSnapshotContent(vs);
  if (!created.ok()) {
    (void)UpdateSnapshotErrorStatusWithEvent(vs, true, "Warning", "SnapshotContentCreationFailed",
                                             "Failed to create snapshot content with error " + created.status().message());
    return created.status();
  }
  auto updated = UpdateSnapshotStatus(vs, *created);
  if (!updated.ok()) {
    (void)UpdateSnapshotErrorStatusWithEvent(vs, false, "Warning", "SnapshotStatusUpdateFailed",
                                             "Snapshot status update failed, " + updated.status().message());
    return updated.status();
  }
  return Status::Ok();
}

Result<SnapshotController::ContentPtr> SnapshotController::CheckAndBindSnapshotContent(const SnapshotPtr& vs,
                                                                                     const ContentPtr& content) {
  const auto& ref = content->spec.volume_snapshot_ref;
  if (ref.name != vs->metadata.name || (!ref.uid.empty() && ref.uid != vs->metadata.uid)) {
    return Status::FailedPrecondition(fmt::format(
        "Could not bind snapshot {} and content {}, the VolumeSnapshotRef does not match", vs->metadata.name,
        content->metadata.name));
  }
  if (!ref.uid.empty() && content->spec.volume_snapshot_class_name) return content;
  auto copy = api::CloneAs<api::VolumeSnapshotContent>(content);
  copy->spec.volume_snapshot_ref.uid = vs->metadata.uid;
  if (vs->spec.volume_snapshot_class_name) copy->spec.volume_snapshot_class_name = vs->spec.volume_snapshot_class_name;
  auto r = server_.Update(copy, Ctx());
  if (!r.ok()) return ControllerUpdateError(vs->metadata.name, r.error().message());
  StoreContent(*r);
  return api::As<api::VolumeSnapshotContent>(*r);
}

Result<SnapshotController::ContentPtr> SnapshotController::CreateSnapshotContent(const SnapshotPtr& vs) {
  SNAPSIM_RETURN_IF_ERROR(EnsurePvcFinalizer(*vs));
  // getCreateSnapshotInput
  auto input = [&]() -> Result<std::pair<std::shared_ptr<const api::VolumeSnapshotClass>,
                                         std::shared_ptr<const api::PersistentVolume>>> {
    if (!vs->spec.volume_snapshot_class_name) {
      return Status::InvalidArgument(
          fmt::format("failed to take snapshot {} without a snapshot class", vs->metadata.name));
    }
    SNAPSIM_ASSIGN_OR_RETURN(auto cls, SnapshotClass(*vs->spec.volume_snapshot_class_name));
    SNAPSIM_ASSIGN_OR_RETURN(auto pv, VolumeFromSnapshot(*vs));
    return std::make_pair(cls, pv);
  }();
  if (!input.ok()) {
    return Status::FailedPrecondition(fmt::format("failed to get input parameters to create snapshot {}: {}",
                                                  vs->metadata.name, api::GoQuote(input.status().message())));
  }
  auto [cls, pv] = *input;
  if (!pv->spec.csi) {
    return Status::FailedPrecondition(
        fmt::format("cannot find CSI PersistentVolumeSource for volume {}", pv->metadata.name));
  }
  auto content = std::make_shared<api::VolumeSnapshotContent>();
  content->metadata.name = DynamicContentName(*vs);
  auto& ref = content->spec.volume_snapshot_ref;
  ref.kind = "VolumeSnapshot";
  ref.namespace_ = vs->metadata.namespace_;
  ref.name = vs->metadata.name;
  ref.uid = vs->metadata.uid;
  ref.api_version = "snapshot.storage.k8s.io/v1";
  ref.resource_version = vs->metadata.resource_version;
  content->spec.source.volume_handle = pv->spec.csi->volume_handle;
  content->spec.volume_snapshot_class_name = cls->metadata.name;
  content->spec.deletion_policy = cls->deletion_policy;
  content->spec.driver = cls->driver;
  if (options_.prevent_volume_mode_conversion && pv->spec.volume_mode) {
    content->spec.source_volume_mode = pv->spec.volume_mode;
  }
  const std::string* secret_name = nullptr;
  auto sn = cls->parameters.find("csi.storage.k8s.io/snapshotter-secret-name");
  auto sns = cls->parameters.find("csi.storage.k8s.io/snapshotter-secret-namespace");
  if (sn != cls->parameters.end() && sns != cls->parameters.end()) {
    secret_name = &sn->second;
    content->metadata.annotations[std::string(kDeletionSecretNameAnnotation)] = *secret_name;
    content->metadata.annotations[std::string(kDeletionSecretNamespaceAnnotation)] = sns->second;
  }
  api::ObjectPtr stored;
  auto r = server_.Create(content, Ctx());
  if (r.ok()) {
    stored = *r;
  } else if (r.error().Is(apiserver::ApiError::Reason::kAlreadyExists)) {
    stored = content;  // created by an earlier sync whose reply was lost: reuse it
  } else {
    std::string msg = fmt::format("Error creating volume snapshot content object for snapshot {}: {}.",
                                  SnapshotKey(*vs), r.error().message());
    recorder_->Warning(*vs, "CreateSnapshotContentFailed", msg);
    return ControllerUpdateError(SnapshotKey(*vs), r.error().message());
  }
  recorder_->Normal(*vs, "CreatingSnapshot",
                    fmt::format("Waiting for a snapshot {} to be created by the CSI driver.", SnapshotKey(*vs)));
  StoreContent(stored);
  return api::As<api::VolumeSnapshotContent>(stored);
}

Status SnapshotController::EnsurePvcFinalizer(const api::VolumeSnapshot& vs) {
  auto pvc = ClaimFromSnapshot(vs);
  if (!pvc.ok()) return ControllerUpdateError(vs.metadata.name, "cannot get claim from snapshot");
  bool has_finalizer = (*pvc)->metadata.HasFinalizer(kPvcAsSourceFinalizer);
  if (has_finalizer && !options_.refuse_terminating_pvc) return Status::Ok();  // even while deleting (PR #413)
  if ((*pvc)->metadata.being_deleted()) {
    return ControllerUpdateError((*pvc)->metadata.name, "cannot add finalizer on claim because it is being deleted");
  }
  if (has_finalizer) return Status::Ok();
  auto copy = api::CloneAs<api::PersistentVolumeClaim>(*pvc);
  copy->metadata.AddFinalizer(kPvcAsSourceFinalizer);
  auto r = server_.Update(copy, Ctx());
  if (!r.ok()) return ControllerUpdateError((*pvc)->metadata.name, r.error().message());
  return Status::Ok();
}

bool SnapshotController::IsPvcBeingUsed(const api::PersistentVolumeClaim& pvc, const api::VolumeSnapshot& vs,
                                        bool skip_self) const {
  return snapshots_->AnyByIndex(
      kSnapshotsBySourceClaim, pvc.metadata.namespace_ + "/" + pvc.metadata.name, [&](const api::Object& o) {
        const auto& other = static_cast<const api::VolumeSnapshot&>(o);
        if (skip_self && other.metadata.name == vs.metadata.name) return false;
        const auto& src = other.spec.source.persistent_volume_claim_name;
        return src && *src == pvc.metadata.name && !IsSnapshotReady(other);
      });
}

Status SnapshotController::CheckAndRemovePvcFinalizer(const api::VolumeSnapshot& vs, bool skip_self) {
  if (!vs.spec.source.persistent_volume_claim_name) return Status::Ok();
  auto pvc = ClaimFromSnapshot(vs);
  if (!pvc.ok()) return Status::Ok();  // the claim may be deleted already
  if (!(*pvc)->metadata.HasFinalizer(kPvcAsSourceFinalizer) || IsPvcBeingUsed(**pvc, vs, skip_self)) {
    return Status::Ok();
  }
  // Remove it with retry on conflict (v8.6, #1339): re-read and retry a few times.
  for (int attempt = 0; attempt < 5; ++attempt) {
    auto fresh = server_.Get(api::PersistentVolumeClaim::Info(), (*pvc)->metadata.namespace_,
                             (*pvc)->metadata.name, Ctx());
    if (!fresh.ok()) return ControllerUpdateError((*pvc)->metadata.name, fresh.error().message());
    auto copy = api::CloneAs<api::PersistentVolumeClaim>(*fresh);
    if (!copy->metadata.RemoveFinalizer(kPvcAsSourceFinalizer)) return Status::Ok();
    auto r = server_.Update(copy, Ctx());
    if (r.ok()) return Status::Ok();
    if (!r.error().Is(apiserver::ApiError::Reason::kConflict)) {
      return ControllerUpdateError((*pvc)->metadata.name, r.error().message());
    }
  }
  return ControllerUpdateError((*pvc)->metadata.name, "too many conflicts removing the finalizer");
}

}  // namespace snapsim::csi
