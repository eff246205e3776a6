// ExternalProvisioner: the volume side — sig-storage-lib's syncVolume
// (isProvisionerForVolume, handleProtectionFinalizer, shouldDelete,
// deleteVolumeOperation) and csiProvisioner.Delete (canDeleteVolume, DeleteVolume).
#include <fmt/format.h>

#include "src/csi/provisioner/provisioner.h"
#include "src/fake_apiserver/api_error.h"

namespace snapsim::csi::provisioner {

bool ExternalProvisioner::IsProvisionerForVolume(const api::PersistentVolume& volume) const {
  if (const std::string* by = volume.metadata.Annotation(kAnnDynamicallyProvisioned)) {
    const std::string* migrated = volume.metadata.Annotation(kAnnMigratedTo);
    return *by == disk::kDriverName || (migrated != nullptr && *migrated == disk::kDriverName);
  }
  if (volume.spec.csi) return volume.spec.csi->driver == disk::kDriverName;
  const std::string* migrated = volume.metadata.Annotation(kAnnMigratedTo);
  return migrated != nullptr && *migrated == disk::kDriverName;
}

Result<ExternalProvisioner::VolumePtr> ExternalProvisioner::HandleProtectionFinalizer(
    VolumePtr volume) {
  const std::string& policy = volume->spec.persistent_volume_reclaim_policy;
  std::vector<std::string> finalizers = volume->metadata.finalizers;
  bool modified = false;
  auto has = [&] {
    return std::find(finalizers.begin(), finalizers.end(), kPvFinalizer) != finalizers.end();
  };
  if (add_finalizer() && policy == "Delete" && !volume->metadata.being_deleted() &&
      volume->status.phase == "Bound" && !has()) {
    finalizers.push_back(std::string(kPvFinalizer));
    modified = true;
  }
  if ((!add_finalizer() || policy == "Retain" || policy == "Recycle") && has()) {
    finalizers.erase(std::find(finalizers.begin(), finalizers.end(), kPvFinalizer));
    modified = true;
  }
  if (!modified) return volume;
  auto clone = api::CloneAs<api::PersistentVolume>(volume);
  clone->metadata.finalizers = finalizers;
  auto r = server_.Update(clone, Ctx());
  if (!r.ok()) {
    return Status::Internal(fmt::format("failed to modify finalizers on volume {} err: {}",
                                        volume->metadata.name, r.error().message()));
  }
  volumes_.Update(*r);
  return api::As<api::PersistentVolume>(*r);
}

bool ExternalProvisioner::ShouldDelete(const api::PersistentVolume& volume) const {
  if (add_finalizer()) {
    if (!volume.metadata.HasFinalizer(kPvFinalizer) && volume.metadata.being_deleted()) return false;
  } else if (volume.metadata.being_deleted()) {
    return false;
  }
  return volume.status.phase == "Released" &&
         volume.spec.persistent_volume_reclaim_policy == "Delete";
}

Status ExternalProvisioner::SyncVolume(VolumePtr volume) {
  if (!IsProvisionerForVolume(*volume)) return Status::Ok();
  SNAPSIM_ASSIGN_OR_RETURN(volume, HandleProtectionFinalizer(volume));
  if (!ShouldDelete(*volume)) return Status::Ok();
  return DeleteVolumeOperation(volume);
}

Status ExternalProvisioner::DeleteVolumeOperation(VolumePtr volume) {
  std::string error;
  if (!volume->spec.csi) {
    error = "invalid CSI PV";
  } else {
    // canDeleteVolume: the driver publishes volumes, so VolumeAttachments are watched.
    for (const auto& o : attachment_informer_.List()) {
      auto va = api::As<api::VolumeAttachment>(o);
      if (va->spec.source.persistent_volume_name &&
          *va->spec.source.persistent_volume_name == volume->metadata.name) {
        error = fmt::format("persistentvolume {} is still attached to node {}",
                            volume->metadata.name, va->spec.node_name);
        break;
      }
    }
  }
  if (!error.empty()) {
    recorder_.Warning(*volume, kEventVolumeFailedDelete, error);
    return Status::Internal(error);
  }
  disk::DeleteVolumeRequest req{.volume_id = volume->spec.csi->volume_handle};
  const std::string* secret_name = volume->metadata.Annotation(kAnnDeletionSecretName);
  const std::string* secret_ns = volume->metadata.Annotation(kAnnDeletionSecretNamespace);
  if (secret_name && secret_ns && !secret_name->empty() && !secret_ns->empty()) {
    // A secret already gone does not block the deletion.
    if (auto creds = Credentials(*secret_name, *secret_ns); creds.ok()) req.secrets = *creds;
  }
  const std::string key = volume->metadata.name;
  volumes_inflight_.insert(key);
  call_started_ = true;
  const std::uint64_t gen = generation_;
  auto answered = std::make_shared<bool>(false);
  engine::EventId timer = server_.loop().After(
      options_.timeout,
      [this, gen, volume, answered] {
        if (*answered) return;
        *answered = true;
        OnDeleteVolumeReply(gen, volume,
                            disk::GrpcStatus{disk::GrpcCode::kDeadlineExceeded,
                                             "context deadline exceeded"});
      },
      {.label = "csi-provisioner/DeleteVolume-timeout"});
  driver_.DeleteVolume(req, [this, gen, volume, answered, timer](disk::CsiResult<disk::Empty> r) {
    if (*answered) return;
    *answered = true;
    server_.loop().Cancel(timer);
    OnDeleteVolumeReply(gen, volume, std::move(r));
  });
  return Status::Ok();
}

void ExternalProvisioner::OnDeleteVolumeReply(std::uint64_t gen, VolumePtr volume,
                                              disk::CsiResult<disk::Empty> reply) {
  if (gen != generation_) return;
  const std::string key = volume->metadata.name;
  volumes_inflight_.erase(key);
  Status st;
  if (!reply.ok()) {
    recorder_.Warning(*volume, kEventVolumeFailedDelete, reply.error().ToString());
    st = Status::Internal(reply.error().ToString());
  } else {
    st = DeletePersistentVolume(volume);
  }
  if (!st.ok()) {
    Requeue(volume_queue_, volume_failures_, key);
  } else {
    volume_failures_.erase(key);
  }
}

Status ExternalProvisioner::DeletePersistentVolume(VolumePtr volume) {
  auto r = server_.Delete(api::PersistentVolume::Info(), "", volume->metadata.name, {}, Ctx());
  if (!r.ok()) {
    if (r.error().Is(apiserver::ApiError::Reason::kNotFound)) return Status::Ok();
    return Status::Internal(r.error().message());
  }
  if (!add_finalizer() || (*r)->metadata.finalizers.empty()) return Status::Ok();
  // The delete left the object with a deletionTimestamp: drop our finalizer.
  auto current = api::As<api::PersistentVolume>(*r);
  if (!current->metadata.HasFinalizer(kPvFinalizer)) return Status::Ok();
  auto clone = api::CloneAs<api::PersistentVolume>(current);
  clone->metadata.RemoveFinalizer(kPvFinalizer);
  auto u = server_.Update(clone, Ctx());
  if (!u.ok() && !u.error().Is(apiserver::ApiError::Reason::kNotFound)) {
    return Status::Internal(u.error().message());
  }
  return Status::Ok();
}

}  // namespace snapsim::csi::provisioner
