// csi-snapshotter's content sync and create path (semantics reference §4.1, §4.2,
// §4.3, §4.5): syncContent, createSnapshot(Wrapper), checkandUpdateContentStatus.
#include <fmt/format.h>

#include "src/api/go_format.h"
#include "src/api/kinds_core.h"
#include "src/csi/snapshotter_sidecar/snapshotter_sidecar.h"
#include "src/csi/util/snapshot_names.h"

namespace snapsim::csi {
namespace {

// isCSIFinalError: codes after which the driver may still be working are not final.
bool IsFinalError(disk::GrpcCode code) {
  switch (code) {
    case disk::GrpcCode::kCancelled:
    case disk::GrpcCode::kDeadlineExceeded:
    case disk::GrpcCode::kUnavailable:
    case disk::GrpcCode::kResourceExhausted:
    case disk::GrpcCode::kAborted:
      return false;
    default:
      return true;
  }
}

bool IsGroupMember(const api::VolumeSnapshotContent& c) {
  return c.status && c.status->volume_group_snapshot_handle.has_value();
}

}  // namespace

bool SnapshotterSidecar::IsDriverMatch(const api::VolumeSnapshotContent& c) const {
  if (!c.spec.source.volume_handle && !c.spec.source.snapshot_handle) return false;
  if (c.spec.driver != driver_name_) return false;
  if (c.spec.volume_snapshot_class_name) {
    // A class that exists must be of this driver too; a missing class does not exclude.
    if (auto cls = api::As<api::VolumeSnapshotClass>(classes_->Get("", *c.spec.volume_snapshot_class_name))) {
      if (cls->driver != driver_name_) return false;
    }
  }
  return true;
}

bool SnapshotterSidecar::ShouldDelete(const api::VolumeSnapshotContent& c) const {
  if (!c.metadata.being_deleted()) return false;
  // An unbound pre-provisioned content can go at once.
  if (c.spec.source.snapshot_handle && c.spec.volume_snapshot_ref.uid.empty()) return true;
  // A CreateSnapshot call has not answered: wait for it, or the snapshot would leak (#134).
  if (HasAnnotation(c, kBeingCreatedAnnotation) && !options_.no_being_created_guard) return false;
  return HasAnnotation(c, kBeingDeletedAnnotation);
}

void SnapshotterSidecar::SyncContent(const ContentPtr& c, SyncDone done) {
  if (ShouldDelete(*c)) {
    if (c->spec.deletion_policy == "Delete" && c->status && c->status->snapshot_handle && !IsGroupMember(*c)) {
      DeleteCsiSnapshot(c, [done](Status s) { done({!s.ok(), s}); });
      return;
    }
    // Retain, or nothing on the storage to delete: just release the content.
    Status s = RemoveContentFinalizer(c);
    done({!s.ok(), s});
    return;
  }
  if (c->spec.source.volume_handle && !c->status) {
    CreateSnapshot(c, std::move(done));
    return;
  }
  if (IsContentReady(*c)) {
    // No more CSI calls once ready; only a leftover being-created annotation goes.
    auto r = RemoveBeingCreatedAnnotation(c);
    done({false, r.status()});
    return;
  }
  CheckAndUpdateContentStatus(c, std::move(done));
}

void SnapshotterSidecar::CreateSnapshot(const ContentPtr& c, SyncDone done) {
  CreateSnapshotWrapper(c, [this, c, done](Result<ContentPtr> r) {
    if (!r.ok()) {
      (void)UpdateContentErrorStatusWithEvent(c, "Warning", "SnapshotCreationFailed",
                                              "Failed to create snapshot: " + r.status().message());
      done({true, r.status()});
      return;
    }
    StoreContent(*r);
    done({!IsContentReady(**r), Status::Ok()});
  });
}

void SnapshotterSidecar::CheckAndUpdateContentStatus(const ContentPtr& c, SyncDone done) {
  CheckAndUpdateContentStatusOperation(c, [this, c, done](Result<ContentPtr> r) {
    if (!r.ok()) {
      (void)UpdateContentErrorStatusWithEvent(c, "Warning", "SnapshotContentCheckandUpdateFailed",
                                              "Failed to check and update snapshot content: " + r.status().message());
      done({true, r.status()});
      return;
    }
    StoreContent(*r);
    done({!IsContentReady(**r), Status::Ok()});
  });
}

void SnapshotterSidecar::CheckAndUpdateContentStatusOperation(const ContentPtr& c, ContentDone done) {
  if (!c->spec.source.snapshot_handle) {
    // Dynamic: poll by calling CreateSnapshot again with the same name (drivers are idempotent).
    CreateSnapshotWrapper(c, std::move(done));
    return;
  }
  Secrets list_secrets;
  if (c->spec.volume_snapshot_class_name) {
    const std::string& cls_name = *c->spec.volume_snapshot_class_name;
    auto cls = GetSnapshotClass(cls_name);
    if (!cls.ok()) {
      done(Status::FailedPrecondition(fmt::format("failed to get snapshot class {} for snapshot content {}: {}",
                                                  cls_name, c->metadata.name, cls.status().message())));
      return;
    }
    // The snapshot is not known here: only ${volumesnapshotcontent.name} resolves.
    auto ref = ResolveSecretReference(kSnapshotterListSecretParams, (*cls)->parameters, c->metadata.name,
                                      std::nullopt);
    if (!ref.ok()) {
      done(Status::FailedPrecondition(fmt::format("failed to get secret reference for snapshot content {}: {}",
                                                  c->metadata.name, ref.status().message())));
      return;
    }
    if (*ref) {
      auto creds = GetCredentials(**ref);
      if (!creds.ok()) {
        done(Status::FailedPrecondition(fmt::format("failed to get credentials for snapshot content {}: {}",
                                                    c->metadata.name, creds.status().message())));
        return;
      }
      list_secrets = *creds;
    }
  }
  GetSnapshotStatus(c, list_secrets, std::move(done));
}

void SnapshotterSidecar::GetSnapshotStatus(const ContentPtr& c, const Secrets& list_secrets, ContentDone done) {
  std::string handle = c->status && c->status->snapshot_handle ? *c->status->snapshot_handle
                                                                : c->spec.source.snapshot_handle.value_or("");
  auto finish = [this, c, handle, done](bool ready, std::int64_t created_seconds, std::int64_t size) {
    std::int64_t created = created_seconds != 0 ? created_seconds * 1'000'000'000 : server_.NowUnixNanos();
    done(UpdateSnapshotContentStatus(c, handle, ready, created, size));
  };
  if (!snapshotter_.SupportsListSnapshots()) {
    finish(true, 0, 0);  // assume the handle is valid and ready
    return;
  }
  disk::ListSnapshotsRequest req;
  req.snapshot_id = handle;
  req.secrets = list_secrets;
  CsiListSnapshots(req, [c, handle, finish, done](disk::CsiResult<disk::ListSnapshotsResponse> r) {
    auto fail = [&](const std::string& err) {
      done(Status::Internal(
          fmt::format("failed to list snapshot for content {}: {}", c->metadata.name, api::GoQuote(err))));
    };
    if (!r.ok()) {
      fail(r.error().ToString());
      return;
    }
    if (r->entries.empty()) {
      fail("can not find snapshot for snapshotID " + handle);
      return;
    }
    const disk::Snapshot& s = r->entries.front();
    finish(s.ready_to_use, s.creation_time_unix_seconds, s.size_bytes);
  });
}

void SnapshotterSidecar::CreateSnapshotWrapper(const ContentPtr& input, ContentDone done) {
  ContentPtr c = input;
  // getCSISnapshotInput: the class (dynamic contents need one) and the create secret.
  ClassPtr cls;
  Secrets creds;
  Status in = [&]() -> Status {
    if (c->spec.volume_snapshot_class_name) {
      auto r = GetSnapshotClass(*c->spec.volume_snapshot_class_name);
      if (!r.ok()) return r.status();
      cls = *r;
    } else if (c->spec.source.volume_handle) {
      return Status::FailedPrecondition(
          fmt::format("failed to take snapshot {} without a snapshot class", c->metadata.name));
    }
    auto s = CredentialsFromAnnotation(*c);
    if (!s.ok()) return s.status();
    creds = *s;
    return Status::Ok();
  }();
  if (!in.ok()) {
    done(Status::FailedPrecondition(fmt::format("failed to get input parameters to create snapshot for content {}: {}",
                                                c->metadata.name, api::GoQuote(in.message()))));
    return;
  }
  // Mark the call as started BEFORE making it: until a definite answer, the content
  // must not be deleted (the storage may cut a snapshot nobody would delete, #134).
  if (!options_.no_being_created_guard) {
    auto marked = SetBeingCreatedAnnotation(c);
    if (!marked.ok()) {
      done(Status::Internal(fmt::format("failed to add VolumeSnapshotBeingCreated annotation on the content {}: {}",
                                        c->metadata.name, api::GoQuote(marked.status().message()))));
      return;
    }
    c = *marked;
  }
  auto params = RemovePrefixedParameters(cls ? cls->parameters : std::map<std::string, std::string>{});
  if (!params.ok()) {
    done(Status::InvalidArgument("failed to remove CSI Parameters of prefixed keys: " + params.status().message()));
    return;
  }
  if (options_.extra_create_metadata) {
    (*params)[std::string(kVolumeSnapshotNameParam)] = c->spec.volume_snapshot_ref.name;
    (*params)[std::string(kVolumeSnapshotNamespaceParam)] = c->spec.volume_snapshot_ref.namespace_;
    (*params)[std::string(kVolumeSnapshotContentNameParam)] = c->metadata.name;
  }
  // handler.CreateSnapshot: plain (non-gRPC) errors are not final: the annotation stays.
  auto not_final = [&](const std::string& msg) {
    done(Status::Internal(fmt::format("failed to take snapshot of the volume {}: {}",
                                      c->spec.source.volume_handle.value_or(""), api::GoQuote(msg))));
  };
  if (c->spec.volume_snapshot_ref.uid.empty()) {
    not_final(fmt::format("cannot create snapshot. Snapshot content {} not bound to a snapshot", c->metadata.name));
    return;
  }
  if (!c->spec.source.volume_handle) {
    not_final(fmt::format("cannot create snapshot. Volume handle not found in snapshot content {}", c->metadata.name));
    return;
  }
  auto name = MakeSnapshotName(c->spec.volume_snapshot_ref.uid);
  if (!name.ok()) {
    not_final(name.status().message());
    return;
  }
  disk::CreateSnapshotRequest req;
  req.source_volume_id = *c->spec.source.volume_handle;
  req.name = *name;
  req.secrets = creds;
  req.parameters = *params;
  CsiCreateSnapshot(req, [this, c, done](disk::CsiResult<disk::CreateSnapshotResponse> r) {
    std::string volume = c->spec.source.volume_handle.value_or("");
    if (!r.ok()) {
      if (IsFinalError(r.error().code)) {
        // A definite failure: nothing is being cut, deletion may proceed.
        auto removed = RemoveBeingCreatedAnnotation(c);
        if (!removed.ok()) {
          done(Status::Internal(fmt::format("failed to remove VolumeSnapshotBeingCreated annotation from the content {}: {}",
                                            c->metadata.name, removed.status().message())));
          return;
        }
      }
      done(Status::Internal(
          fmt::format("failed to take snapshot of the volume {}: {}", volume, api::GoQuote(r.error().ToString()))));
      return;
    }
    const disk::Snapshot& s = r->snapshot;
    std::int64_t created = s.creation_time_unix_seconds != 0 ? s.creation_time_unix_seconds * 1'000'000'000
                                                               : server_.NowUnixNanos();
    auto updated = UpdateSnapshotContentStatus(c, s.snapshot_id, s.ready_to_use, created, s.size_bytes);
    if (!updated.ok()) {
      done(Status::Internal(fmt::format("error updating volume snapshot content status for snapshot {}: {}.",
                                        c->metadata.name, updated.status().message())));
      return;
    }
    // The handle is stored: the snapshot can no longer leak.
    auto removed = RemoveBeingCreatedAnnotation(*updated);
    if (!removed.ok()) {
      done(Status::Internal(fmt::format("failed to remove VolumeSnapshotBeingCreated annotation on the content {}: {}",
                                        c->metadata.name, api::GoQuote(removed.status().message()))));
      return;
    }
    done(*removed);
  });
}

Result<SnapshotterSidecar::ClassPtr> SnapshotterSidecar::GetSnapshotClass(const std::string& name) const {
  auto cls = api::As<api::VolumeSnapshotClass>(classes_->Get("", name));
  if (cls == nullptr) {
    return Status::NotFound(fmt::format(
        "failed to retrieve snapshot class {} from the informer: {}", name,
        api::GoQuote(fmt::format("volumesnapshotclass.snapshot.storage.k8s.io \"{}\" not found", name))));
  }
  return cls;
}

Result<SnapshotterSidecar::Secrets> SnapshotterSidecar::CredentialsFromAnnotation(const api::VolumeSnapshotContent& c) {
  const std::string* name = c.metadata.Annotation(kDeletionSecretNameAnnotation);
  const std::string* ns = c.metadata.Annotation(kDeletionSecretNamespaceAnnotation);
  if (name == nullptr || ns == nullptr) return Secrets{};
  if (name->empty() || ns->empty()) {
    return Status::InvalidArgument(
        fmt::format("cannot retrieve secrets for snapshot content {}, err: secret name or namespace not specified",
                    api::GoQuote(c.metadata.name)));
  }
  auto creds = GetCredentials(SecretRef{*name, *ns});
  if (!creds.ok()) {
    return Status::FailedPrecondition(
        fmt::format("cannot get credentials for snapshot content {}", api::GoQuote(c.metadata.name)));
  }
  return creds;
}

Result<SnapshotterSidecar::Secrets> SnapshotterSidecar::GetCredentials(const SecretRef& ref) {
  auto r = server_.Get(api::Secret::Info(), ref.namespace_, ref.name, Ctx());
  if (!r.ok()) {
    return Status::NotFound(
        fmt::format("error getting secret {} in namespace {}: {}", ref.name, ref.namespace_, r.error().message()));
  }
  auto secret = api::As<api::Secret>(*r);
  Secrets out;
  for (const auto& [k, v] : secret->data) {
    auto decoded = api::Base64Decode(v);
    out[k] = decoded.ok() ? *decoded : v;
  }
  return out;
}

}  // namespace snapsim::csi
