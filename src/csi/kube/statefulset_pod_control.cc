// StatefulSetController: pod and claim writes with their events
// (StatefulPodControl in stateful_pod_control.go). Event messages are
// upstream's, e.g. "create Pod web-0 in StatefulSet web successful" and
// "create Claim disk-ssd-web-0 Pod web-0 in StatefulSet web success".
#include <fmt/format.h>

#include <algorithm>

#include "src/csi/kube/statefulset_controller.h"
#include "src/csi/kube/statefulset_identity.h"
#include "src/fake_apiserver/api_error.h"

namespace snapsim::csi::kube {
namespace {

std::string Title(std::string_view verb) {
  std::string s(verb);
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

Status AggregatePodErrors(const std::vector<Status>& errs) {
  if (errs.empty()) return Status::Ok();
  if (errs.size() == 1) return errs[0];
  std::vector<std::string> seen;
  for (const auto& e : errs) {
    if (std::find(seen.begin(), seen.end(), e.message()) == seen.end()) seen.push_back(e.message());
  }
  if (seen.size() == 1) return Status::Internal(seen[0]);
  return Status::Internal(fmt::format("[{}]", fmt::join(seen, ", ")));
}

}  // namespace

void StatefulSetController::RecordPodEvent(std::string_view verb, const api::StatefulSet& set,
                                           const api::Pod& pod, const Status& err) {
  if (err.ok()) {
    recorder_.Normal(set, "Successful" + Title(verb),
                     fmt::format("{} Pod {} in StatefulSet {} successful", verb, pod.metadata.name,
                                 set.metadata.name));
  } else {
    recorder_.Warning(set, "Failed" + Title(verb),
                      fmt::format("{} Pod {} in StatefulSet {} failed error: {}", verb,
                                  pod.metadata.name, set.metadata.name, err.message()));
  }
}

void StatefulSetController::RecordClaimEvent(std::string_view verb, const api::StatefulSet& set,
                                             const api::Pod& pod,
                                             const api::PersistentVolumeClaim& claim,
                                             const Status& err) {
  if (err.ok()) {
    recorder_.Normal(set, "Successful" + Title(verb),
                     fmt::format("{} Claim {} Pod {} in StatefulSet {} success", verb,
                                 claim.metadata.name, pod.metadata.name, set.metadata.name));
  } else {
    recorder_.Warning(
        set, "Failed" + Title(verb),
        fmt::format("{} Claim {} for Pod {} in StatefulSet {} failed error: {}", verb,
                    claim.metadata.name, pod.metadata.name, set.metadata.name, err.message()));
  }
}

Status StatefulSetController::CreatePersistentVolumeClaims(const api::StatefulSet& set,
                                                           const api::Pod& pod) {
  std::vector<Status> errs;
  int ordinal = OrdinalOf(pod);
  for (const auto& tmpl : set.spec.volume_claim_templates) {
    std::string name = StatefulClaimName(set, tmpl, ordinal);
    api::ObjectPtr existing = claim_informer_.Get(set.metadata.namespace_, name);
    if (existing != nullptr) {
      if (existing->metadata.being_deleted()) {
        errs.push_back(Status::FailedPrecondition(fmt::format("pvc {} is being deleted", name)));
      }
      continue;
    }
    auto claim = std::make_shared<api::PersistentVolumeClaim>(StatefulClaim(set, tmpl, ordinal));
    auto r = server_.Create(claim, Ctx());
    Status err = r.ok() ? Status::Ok() : r.error().ToStatus();
    if (!r.ok()) {
      errs.push_back(
          Status::Internal(fmt::format("failed to create PVC {}: {}", name, r.error().message())));
    }
    if (r.ok() || !r.error().Is(apiserver::ApiError::Reason::kAlreadyExists)) {
      RecordClaimEvent("create", set, pod, *claim, err);
    }
  }
  return AggregatePodErrors(errs);
}

Status StatefulSetController::CreateMissingPersistentVolumeClaims(const api::StatefulSet& set,
                                                                  const api::Pod& pod) {
  Status err = CreatePersistentVolumeClaims(set, pod);
  if (!err.ok()) RecordPodEvent("create", set, pod, err);
  return err;
}

bool StatefulSetController::PodClaimIsStale(const api::StatefulSet& set,
                                            const api::Pod& pod) const {
  // A claim still owned by an earlier pod of this name is about to be garbage collected.
  for (const auto& name : StatefulClaimNames(set, OrdinalOf(pod))) {
    api::ObjectPtr existing = claim_informer_.Get(set.metadata.namespace_, name);
    if (existing == nullptr) continue;
    for (const auto& ref : existing->metadata.owner_references) {
      if (ref.kind == "Pod" && ref.name == pod.metadata.name && ref.uid != pod.metadata.uid)
        return true;
    }
  }
  return false;
}

bool StatefulSetController::ClaimsMatchRetentionPolicy(const api::StatefulSet& set,
                                                       const api::Pod& pod) const {
  for (const auto& name : StatefulClaimNames(set, OrdinalOf(pod))) {
    auto existing =
        api::As<api::PersistentVolumeClaim>(claim_informer_.Get(set.metadata.namespace_, name));
    if (existing != nullptr && !ClaimOwnerRefsUpToDate(*existing, set, pod)) return false;
  }
  return true;
}

Status StatefulSetController::UpdatePodClaimForRetentionPolicy(const api::StatefulSet& set,
                                                               const api::Pod& pod) {
  for (const auto& name : StatefulClaimNames(set, OrdinalOf(pod))) {
    auto existing =
        api::As<api::PersistentVolumeClaim>(claim_informer_.Get(set.metadata.namespace_, name));
    if (existing == nullptr || ClaimOwnerRefsUpToDate(*existing, set, pod)) {
      continue;  // missing: the next sync picks it up
    }
    auto clone = api::CloneAs<api::PersistentVolumeClaim>(existing);
    UpdateClaimOwnerRefs(*clone, set, pod);
    auto r = server_.Update(clone, Ctx());
    if (!r.ok()) {
      return Status::Internal(fmt::format(
          "Could not update claim {} for delete policy ownerRefs: {}", name, r.error().message()));
    }
  }
  return Status::Ok();
}

Status StatefulSetController::CreateStatefulPod(const api::StatefulSet& set, const api::Pod& pod) {
  // The pod's claims come first.
  Status err = CreatePersistentVolumeClaims(set, pod);
  if (!err.ok()) {
    RecordPodEvent("create", set, pod, err);
    return err;
  }
  auto r = server_.Create(std::make_shared<api::Pod>(pod), Ctx());
  if (!r.ok() && r.error().Is(apiserver::ApiError::Reason::kAlreadyExists))
    return r.error().ToStatus();
  err = r.ok() ? Status::Ok() : r.error().ToStatus();
  if (r.ok() && minor() >= 27) {
    Status claims = UpdatePodClaimForRetentionPolicy(set, pod);
    if (!claims.ok()) {
      RecordPodEvent("update", set, pod, claims);
      return claims;
    }
  }
  RecordPodEvent("create", set, pod, err);
  return err;
}

Status StatefulSetController::DeleteStatefulPod(const api::StatefulSet& set, const api::Pod& pod) {
  auto r = server_.Delete(api::Pod::Info(), pod.metadata.namespace_, pod.metadata.name, {}, Ctx());
  Status err = r.ok() ? Status::Ok() : r.error().ToStatus();
  RecordPodEvent("delete", set, pod, err);
  return err;
}

Status StatefulSetController::UpdateStatefulPod(const api::StatefulSet& set, const api::Pod& pod) {
  auto updated = std::make_shared<api::Pod>(pod);
  bool consistent = true;
  if (!IdentityMatches(set, *updated)) {
    UpdateIdentity(set, *updated, minor());
    consistent = false;
  }
  if (!StorageMatches(set, *updated)) {
    UpdateStorage(set, *updated);
    consistent = false;
    Status err = CreatePersistentVolumeClaims(set, *updated);
    if (!err.ok()) {
      RecordPodEvent("update", set, *updated, err);
      return err;
    }
  }
  if (minor() >= 27 && !ClaimsMatchRetentionPolicy(set, *updated)) {
    Status err = UpdatePodClaimForRetentionPolicy(set, *updated);
    if (!err.ok()) {
      RecordPodEvent("update", set, *updated, err);
      return err;
    }
    consistent = false;
  }
  if (consistent) return Status::Ok();
  auto r = server_.Update(updated, Ctx());
  Status err = r.ok() ? Status::Ok() : r.error().ToStatus();
  RecordPodEvent("update", set, *updated, err);
  return err;
}

}  // namespace snapsim::csi::kube
