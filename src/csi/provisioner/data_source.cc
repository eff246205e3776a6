// ExternalProvisioner: the claim's data source — normalisation (dataSource /
// dataSourceRef, cross-namespace), getSnapshotSource's checks in upstream order, and
// the VolumeSnapshot's source-protection finalizer. Snapshots and contents are read
// from the API server (v1), as the provisioner's typed snapshot client does.
#include <fmt/format.h>

#include "src/csi/provisioner/provisioner.h"
#include "src/csi/util/snapshot_names.h"
#include "src/fake_apiserver/api_error.h"

namespace snapsim::csi::provisioner {
namespace {

using State = ExternalProvisioner::State;
using Failure = ExternalProvisioner::Failure;

// strconv.ParseBool.
std::optional<bool> ParseBool(const std::string& s) {
  if (s == "1" || s == "t" || s == "T" || s == "TRUE" || s == "true" || s == "True") return true;
  if (s == "0" || s == "f" || s == "F" || s == "FALSE" || s == "false" || s == "False") return false;
  return std::nullopt;
}

}  // namespace

Result<std::optional<ExternalProvisioner::DataSource>, ExternalProvisioner::Failure>
ExternalProvisioner::NormalizeDataSource(const api::PersistentVolumeClaim& claim) {
  DataSource ds;
  if (claim.spec.data_source) {
    ds.kind = claim.spec.data_source->kind;
    ds.name = claim.spec.data_source->name;
    ds.api_group = claim.spec.data_source->api_group.value_or("");
    ds.namespace_ = claim.metadata.namespace_;
  } else if (claim.spec.data_source_ref) {
    const auto& ref = *claim.spec.data_source_ref;
    bool has_ns = ref.namespace_ && !ref.namespace_->empty();
    if (has_ns && !options_.cross_namespace_volume_data_source) {
      return Failure{State::kFinished,
                     "dataSourceRef namespace specified but the CrossNamespaceVolumeDataSource "
                     "feature is disabled"};
    }
    ds.kind = ref.kind;
    ds.name = ref.name;
    ds.api_group = ref.api_group.value_or("");
    ds.namespace_ = has_ns ? *ref.namespace_ : claim.metadata.namespace_;
  } else {
    return std::optional<DataSource>();
  }
  if (ds.namespace_ != claim.metadata.namespace_) {
    // IsGranted over the ReferenceGrants (gateway.networking.k8s.io/v1beta1) of the source
    // namespace. The simulated API server does not serve that kind, so the lister is
    // always empty and no cross-namespace source is ever granted.
    const auto& ref = *claim.spec.data_source_ref;
    return Failure{State::kFinished,
                   fmt::format("accessing {}/{} of {} dataSource from {}/{} isn't allowed",
                               ref.namespace_.value_or(""), ref.name, ref.kind,
                               claim.metadata.namespace_, claim.metadata.name)};
  }
  return std::optional<DataSource>(std::move(ds));
}

Result<disk::VolumeContentSource, std::string> ExternalProvisioner::SnapshotSource(
    const api::PersistentVolumeClaim& claim, const api::StorageClass& sc, const DataSource& ds) {
  auto got = server_.Get(api::VolumeSnapshot::Info(), ds.namespace_, ds.name, Ctx());
  if (!got.ok()) {
    return fmt::format("error getting snapshot {} from api server: {}", ds.name,
                       got.error().message());
  }
  auto vs = api::As<api::VolumeSnapshot>(*got);
  if (vs->metadata.being_deleted() &&
      !vs->metadata.HasFinalizer(kProvisionerSnapshotSourceFinalizer)) {
    return fmt::format("snapshot {} is being deleted", ds.name);
  }
  if (!vs->status || !vs->status->bound_volume_snapshot_content_name) {
    return fmt::format("snapshot {} not bound", ds.name);
  }
  const std::string& content_name = *vs->status->bound_volume_snapshot_content_name;
  auto content_got = server_.Get(api::VolumeSnapshotContent::Info(), "", content_name, Ctx());
  if (!content_got.ok()) {
    return fmt::format("error getting snapshotcontent {} for snapshot {}", content_name, ds.name);
  }
  auto content = api::As<api::VolumeSnapshotContent>(*content_got);
  const auto& ref = content->spec.volume_snapshot_ref;
  if (ref.uid != vs->metadata.uid || ref.namespace_ != vs->metadata.namespace_ ||
      ref.name != vs->metadata.name) {
    return fmt::format("snapshotcontent {} for snapshot {} is bound to a different snapshot",
                       content_name, ds.name);
  }
  if (content->spec.driver != sc.provisioner) {
    return fmt::format(
        "snapshotcontent {} for snapshot {} is not handled by CSI driver of StorageClass {}",
        content_name, ds.name, sc.metadata.name);
  }
  if (!vs->status->ready_to_use || !*vs->status->ready_to_use) {
    return fmt::format("snapshot {} is not Ready", ds.name);
  }
  if (!content->status || !content->status->snapshot_handle) {
    return fmt::format("snapshot handle {} is not available", ds.name);
  }
  disk::VolumeContentSource source;
  source.snapshot_id = *content->status->snapshot_handle;

  if (vs->status->restore_size) {
    auto it = claim.spec.resources.requests.find("storage");
    if (it == claim.spec.resources.requests.end()) {
      return fmt::format("error getting capacity for PVC {} when creating snapshot {}",
                         claim.metadata.name, vs->metadata.name);
    }
    std::int64_t requested = it->second.Value();
    std::int64_t restore = vs->status->restore_size->Value();
    if (requested < restore) {
      return fmt::format("requested volume size {} is less than the size {} for the source snapshot {}",
                         requested, restore, vs->metadata.name);
    }
    // Larger is allowed: the driver (NodeStage) grows the filesystem.
  }

  if (options_.prevent_volume_mode_conversion && content->spec.source_volume_mode &&
      claim.spec.volume_mode && *content->spec.source_volume_mode != *claim.spec.volume_mode) {
    const std::string prefix = fmt::format(
        "requested volume {}/{} modifies the mode of the source volume but does not have "
        "permission to do so. ",
        claim.metadata.namespace_, claim.metadata.name);
    const std::string* allow = content->metadata.Annotation(kAllowVolumeModeChangeAnnotation);
    if (allow == nullptr) {
      return prefix + fmt::format("{} annotation is not present on snapshotcontent {}",
                                  kAllowVolumeModeChangeAnnotation, content->metadata.name);
    }
    std::optional<bool> allowed = ParseBool(*allow);
    if (!allowed) {
      return prefix + fmt::format("failed to convert {} annotation value to boolean with error: "
                                  "strconv.ParseBool: parsing \"{}\": invalid syntax",
                                  kAllowVolumeModeChangeAnnotation, *allow);
    }
    if (!*allowed) {
      return prefix + fmt::format("{} is set to false on snapshotcontent {}",
                                  kAllowVolumeModeChangeAnnotation, content->metadata.name);
    }
  }
  return source;
}

Status ExternalProvisioner::SetSnapshotFinalizer(const DataSource& ds) {
  auto got = server_.Get(api::VolumeSnapshot::Info(), ds.namespace_, ds.name, Ctx());
  if (!got.ok()) return Status::Internal(got.error().message());
  if ((*got)->metadata.HasFinalizer(kProvisionerSnapshotSourceFinalizer)) return Status::Ok();
  auto clone = api::CloneAs<api::VolumeSnapshot>(*got);
  clone->metadata.finalizers.push_back(std::string(kProvisionerSnapshotSourceFinalizer));
  auto r = server_.Update(clone, Ctx());
  if (!r.ok() && !r.error().Is(apiserver::ApiError::Reason::kForbidden)) {
    return Status::Internal(r.error().message());
  }
  return Status::Ok();  // Forbidden (no RBAC for update): provisioning goes on unprotected
}

Status ExternalProvisioner::RemoveSnapshotFinalizer(const std::string& ns, const std::string& name) {
  auto got = server_.Get(api::VolumeSnapshot::Info(), ns, name, Ctx());
  if (!got.ok()) {
    if (got.error().Is(apiserver::ApiError::Reason::kNotFound)) return Status::Ok();
    return Status::Internal(got.error().message());
  }
  if (!(*got)->metadata.HasFinalizer(kProvisionerSnapshotSourceFinalizer)) return Status::Ok();
  auto clone = api::CloneAs<api::VolumeSnapshot>(*got);
  clone->metadata.RemoveFinalizer(kProvisionerSnapshotSourceFinalizer);
  auto r = server_.Update(clone, Ctx());
  if (!r.ok() && !r.error().Is(apiserver::ApiError::Reason::kNotFound) &&
      !r.error().Is(apiserver::ApiError::Reason::kForbidden)) {
    return Status::Internal(r.error().message());
  }
  return Status::Ok();
}

}  // namespace snapsim::csi::provisioner
