// ExternalProvisioner: the claim side — sig-storage-lib's syncClaim / shouldProvision /
// provisionClaimOperation / provisionVolumeErrorHandling and csiProvisioner.Provision.
// A sync either finishes (OK), asks for a retry with backoff (an error), or starts a
// CreateVolume whose reply continues in OnCreateVolumeReply.
#include <fmt/format.h>

#include "src/csi/provisioner/provisioner.h"
#include "src/csi/provisioner/topology.h"
#include "src/fake_apiserver/api_error.h"

namespace snapsim::csi::provisioner {
namespace {

const std::string* ProvisionerAnnotation(const api::PersistentVolumeClaim& claim) {
  if (const std::string* p = claim.metadata.Annotation(kAnnStorageProvisioner)) return p;
  return claim.metadata.Annotation(kAnnBetaStorageProvisioner);
}

std::string ClaimClassName(const api::PersistentVolumeClaim& claim) {
  if (const std::string* ann = claim.metadata.Annotation(kAnnBetaStorageClass)) return *ann;
  return claim.spec.storage_class_name.value_or("");
}

// checkError: which provisioning state a CreateVolume error leaves.
ExternalProvisioner::State CheckError(disk::GrpcCode code, bool may_reschedule) {
  using S = ExternalProvisioner::State;
  switch (code) {
    case disk::GrpcCode::kResourceExhausted:
      return may_reschedule ? S::kReschedule : S::kFinished;
    case disk::GrpcCode::kCancelled:
    case disk::GrpcCode::kDeadlineExceeded:
    case disk::GrpcCode::kUnavailable:
    case disk::GrpcCode::kAborted:
      return S::kInBackground;
    default:
      return S::kFinished;
  }
}

}  // namespace

Result<bool> ExternalProvisioner::ShouldProvision(const api::PersistentVolumeClaim& claim) {
  if (!claim.spec.volume_name.empty()) return false;
  // csiProvisioner.ShouldProvision: the claim is for this driver (or migrated to it).
  const std::string* prov = ProvisionerAnnotation(claim);
  const std::string* migrated = claim.metadata.Annotation(kAnnMigratedTo);
  bool ours = (prov != nullptr && *prov == disk::kDriverName) ||
              (migrated != nullptr && *migrated == disk::kDriverName);
  if (!ours || prov == nullptr || *prov != disk::kDriverName) return false;
  ClassPtr sc = StorageClassOf(claim);
  if (sc == nullptr) {
    return Status::NotFound(
        fmt::format("storageclass.storage.k8s.io \"{}\" not found", ClaimClassName(claim)));
  }
  if (sc->volume_binding_mode.value_or("Immediate") == "WaitForFirstConsumer") {
    const std::string* node = claim.metadata.Annotation(kAnnSelectedNode);
    return node != nullptr && !node->empty();
  }
  return true;
}

Status ExternalProvisioner::SyncClaim(ClaimPtr claim) {
  const std::string key = claim->Key();
  SNAPSIM_ASSIGN_OR_RETURN(bool should, ShouldProvision(*claim));
  if (!should) {
    claims_in_progress_.erase(key);
    return Status::Ok();
  }
  // provisionClaimOperation. The PV has a deterministic name: done if it exists.
  const std::string pv_name = "pvc-" + claim->metadata.uid;
  if (volumes_.Get(pv_name) != nullptr) {
    claims_in_progress_.erase(key);
    return Status::Ok();
  }
  const std::string claim_class = ClaimClassName(*claim);
  ClassPtr sc = StorageClassOf(*claim);
  if (sc == nullptr) {
    return Status::NotFound(fmt::format("storageclass.storage.k8s.io \"{}\" not found", claim_class));
  }
  if (sc->provisioner != disk::kDriverName) {
    claims_in_progress_.erase(key);
    return Status::Ok();
  }
  std::shared_ptr<const api::Node> selected_node;
  if (const std::string* node_name = claim->metadata.Annotation(kAnnSelectedNode)) {
    selected_node = api::As<api::Node>(node_informer_.Get("", *node_name));
    if (selected_node == nullptr) {
      return HandleFailure(claim, claim_class,
                           {State::kReschedule, fmt::format("node \"{}\" not found", *node_name)});
    }
  }
  recorder_.Normal(*claim, kEventProvisioning,
                   fmt::format("External provisioner is provisioning volume for claim \"{}/{}\"",
                               claim->metadata.namespace_, claim->metadata.name));

  // csiProvisioner.Provision.
  auto prepared = PrepareProvision(*claim, *sc, selected_node.get());
  if (!prepared.ok()) {
    Failure f = prepared.error();
    if (f.ignored) {
      claims_in_progress_.erase(key);
      return Status::Ok();
    }
    f.message = fmt::format("failed to provision volume with StorageClass \"{}\": {}", claim_class,
                            f.message);
    return HandleFailure(claim, claim_class, f);
  }
  auto prep = std::make_shared<Prepared>(std::move(prepared).value());
  claims_inflight_.insert(key);
  call_started_ = true;
  const std::uint64_t gen = generation_;
  auto answered = std::make_shared<bool>(false);
  engine::EventId timer = server_.loop().After(
      options_.timeout,
      [this, gen, claim, sc, prep, answered] {
        if (*answered) return;
        *answered = true;
        OnCreateVolumeReply(gen, claim, sc, prep,
                            disk::GrpcStatus{disk::GrpcCode::kDeadlineExceeded,
                                             "context deadline exceeded"});
      },
      {.label = "csi-provisioner/CreateVolume-timeout"});
  driver_.CreateVolume(prep->req, [this, gen, claim, sc, prep, answered,
                                   timer](disk::CsiResult<disk::CreateVolumeResponse> reply) {
    if (*answered) return;  // timed out already: the late answer is lost
    *answered = true;
    server_.loop().Cancel(timer);
    OnCreateVolumeReply(gen, claim, sc, prep, std::move(reply));
  });
  return Status::Ok();
}

void ExternalProvisioner::OnCreateVolumeReply(std::uint64_t gen, ClaimPtr claim, ClassPtr sc,
                                              std::shared_ptr<Prepared> prep,
                                              disk::CsiResult<disk::CreateVolumeResponse> reply) {
  if (gen != generation_) return;  // this run of the provisioner is gone
  const std::string key = claim->Key();
  const std::string claim_class = ClaimClassName(*claim);
  auto fail = [this, key, claim, claim_class](Failure f) {
    claims_inflight_.erase(key);
    f.message = fmt::format("failed to provision volume with StorageClass \"{}\": {}", claim_class,
                            f.message);
    Status st = HandleFailure(claim, claim_class, std::move(f));
    if (!st.ok()) {
      Requeue(claim_queue_, claim_failures_, key);
    } else {
      claim_failures_.erase(key);
    }
  };
  if (!reply.ok()) {
    bool may_reschedule = claim->metadata.Annotation(kAnnSelectedNode) != nullptr;
    fail({CheckError(reply.error().code, may_reschedule), reply.error().ToString()});
    return;
  }
  const disk::CreateVolumeResponse& resp = *reply;
  const std::int64_t requested = prep->req.capacity_range->required_bytes;
  std::string cleanup_reason;
  if (resp.volume.capacity_bytes != 0 && resp.volume.capacity_bytes < requested) {
    cleanup_reason = fmt::format("created volume capacity {} less than requested capacity {}",
                                 resp.volume.capacity_bytes, requested);
  } else if (claim->spec.data_source && !resp.volume.content_source) {
    cleanup_reason = "volume content source missing";
  }
  if (!cleanup_reason.empty()) {
    CleanupVolume(gen, resp.volume.volume_id, 0,
                  [fail, cleanup_reason, name = prep->req.name](std::optional<disk::GrpcStatus> err) {
                    std::string msg = cleanup_reason;
                    if (err) {
                      msg += fmt::format(". cleanup of volume {} failed, volume is orphaned: {}",
                                         name, err->ToString());
                    }
                    fail({State::kInBackground, msg});
                  });
    return;
  }
  claims_inflight_.erase(key);
  Status st = FinishProvisioning(claim, sc, *prep, resp);
  if (!st.ok()) {
    Requeue(claim_queue_, claim_failures_, key);
    return;
  }
  ClaimDone(key, false, claim);
}

void ExternalProvisioner::CleanupVolume(std::uint64_t gen, const std::string& volume_id, int attempt,
                                        std::function<void(std::optional<disk::GrpcStatus>)> done) {
  driver_.DeleteVolume({.volume_id = volume_id},
                       [this, gen, volume_id, attempt, done](disk::CsiResult<disk::Empty> r) {
                         if (gen != generation_) return;
                         if (r.ok()) return done(std::nullopt);
                         if (attempt + 1 >= 5) return done(r.error());  // deleteVolumeRetryCount
                         CleanupVolume(gen, volume_id, attempt + 1, done);
                       });
}

Status ExternalProvisioner::FinishProvisioning(ClaimPtr claim, ClassPtr sc, const Prepared& prep,
                                               const disk::CreateVolumeResponse& resp) {
  std::int64_t capacity = resp.volume.capacity_bytes;
  if (capacity == 0) capacity = prep.req.capacity_range->required_bytes;

  auto pv = std::make_shared<api::PersistentVolume>();
  pv->metadata.name = prep.req.name;
  pv->metadata.annotations[std::string(kAnnDeletionSecretName)] = prep.deletion_secret_name;
  pv->metadata.annotations[std::string(kAnnDeletionSecretNamespace)] = prep.deletion_secret_namespace;
  pv->spec.access_modes = claim->spec.access_modes;
  pv->spec.mount_options = sc->mount_options;
  pv->spec.capacity["storage"] = api::Quantity::FromBytes(capacity, api::Quantity::Format::kBinarySI);
  api::CSIPersistentVolumeSource csi = prep.csi_source;
  csi.volume_handle = resp.volume.volume_id;
  csi.volume_attributes[std::string(kProvisionerIdKey)] = identity_;
  for (const auto& [k, v] : resp.volume.volume_context) csi.volume_attributes[k] = v;
  csi.read_only = false;
  bool block = claim->spec.volume_mode && *claim->spec.volume_mode == "Block";
  if (!block) csi.fs_type = prep.fs_type;
  pv->spec.csi = std::move(csi);
  if (sc->reclaim_policy) pv->spec.persistent_volume_reclaim_policy = *sc->reclaim_policy;
  pv->spec.node_affinity = VolumeNodeAffinity(resp.volume.accessible_topology);
  if (claim->spec.volume_mode) pv->spec.volume_mode = claim->spec.volume_mode;

  // The snapshot's source protection is no longer needed (best effort).
  if (claim->spec.data_source && claim->spec.data_source->kind == kSnapshotKind) {
    (void)RemoveSnapshotFinalizer(claim->metadata.namespace_, claim->spec.data_source->name);
  }

  // sig-storage-lib: claimRef, the finalizer, provisioned-by, the class; then store it.
  api::ObjectReference ref;
  ref.api_version = "v1";
  ref.kind = "PersistentVolumeClaim";
  ref.namespace_ = claim->metadata.namespace_;
  ref.name = claim->metadata.name;
  ref.uid = claim->metadata.uid;
  ref.resource_version = claim->metadata.resource_version;
  pv->spec.claim_ref = std::move(ref);
  if (add_finalizer()) pv->metadata.AddFinalizer(kPvFinalizer);
  pv->metadata.annotations[std::string(kAnnDynamicallyProvisioned)] = sc->provisioner;
  pv->spec.storage_class_name = ClaimClassName(*claim);

  auto created = server_.Create(pv, Ctx());
  if (!created.ok() && !created.error().Is(apiserver::ApiError::Reason::kAlreadyExists)) {
    // The volume store retries; the next sync calls CreateVolume again (idempotent).
    return Status::Internal(fmt::format("error saving volume {}: {}", pv->metadata.name,
                                        created.error().message()));
  }
  volumes_.Update(created.ok() ? *created : api::ObjectPtr(pv));
  recorder_.Normal(*claim, kEventProvisioningSucceeded,
                   fmt::format("Successfully provisioned volume {}", pv->metadata.name));
  return Status::Ok();
}

Status ExternalProvisioner::HandleFailure(ClaimPtr claim, const std::string& claim_class, Failure f) {
  (void)claim_class;
  const std::string key = claim->Key();
  recorder_.Warning(*claim, kEventProvisioningFailed, f.message);
  if (f.state == State::kReschedule && claim->metadata.Annotation(kAnnSelectedNode) != nullptr) {
    Status st = Reschedule(claim);
    claims_in_progress_.erase(key);
    if (!st.ok()) return Status::Internal(f.message);  // try again later
    return Status::Ok();  // the scheduler picks another node
  }
  if (f.state == State::kReschedule) f.state = State::kFinished;
  if (f.state == State::kFinished) claims_in_progress_.erase(key);
  if (f.state == State::kInBackground) claims_in_progress_[key] = claim;
  return Status::Internal(f.message);
}

Status ExternalProvisioner::Reschedule(ClaimPtr claim) {
  auto clone = api::CloneAs<api::PersistentVolumeClaim>(claim);
  clone->metadata.annotations.erase(std::string(kAnnSelectedNode));
  auto r = server_.Update(clone, Ctx());
  if (!r.ok()) {
    return Status::Internal(fmt::format(
        "delete annotation 'annSelectedNode' for PersistentVolumeClaim \"{}/{}\": {}",
        claim->metadata.namespace_, claim->metadata.name, r.error().message()));
  }
  return Status::Ok();
}

void ExternalProvisioner::ClaimDone(const std::string& key, bool in_background, ClaimPtr claim) {
  if (in_background) {
    claims_in_progress_[key] = std::move(claim);
  } else {
    claims_in_progress_.erase(key);
  }
  claim_failures_.erase(key);
}

}  // namespace snapsim::csi::provisioner
