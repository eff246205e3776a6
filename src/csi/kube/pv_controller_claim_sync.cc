// PersistentVolumeController: syncClaim and its branches (pv_controller.go),
// level-triggered: each call looks at one claim as stored now and makes the
// next write towards "claim and volume Bound to each other".
#include <fmt/format.h>

#include <algorithm>

#include "src/csi/kube/pod_util.h"
#include "src/csi/kube/pv_controller.h"
#include "src/csi/kube/volume_matching.h"
#include "src/fake_apiserver/api_error.h"

namespace snapsim::csi::kube {

Status PersistentVolumeController::SyncClaim(ClaimPtr claim) {
  if (claim->metadata.annotations.count(std::string(kAnnBindCompleted)) == 0)
    return SyncUnboundClaim(claim);
  return SyncBoundClaim(claim);
}

bool PersistentVolumeController::IsDelayBindingMode(const api::PersistentVolumeClaim& claim) const {
  std::string class_name = ClaimClass(claim);
  if (class_name.empty()) return false;
  auto sc = api::As<api::StorageClass>(class_informer_.Get("", class_name));
  return sc != nullptr && sc->volume_binding_mode.value_or("Immediate") == "WaitForFirstConsumer";
}

void PersistentVolumeController::EmitEventForUnboundDelayBindingClaim(
    const api::PersistentVolumeClaim& claim) {
  std::vector<std::string> pods;
  for (const auto& obj : pod_informer_.List(claim.metadata.namespace_)) {
    auto pod = api::As<api::Pod>(obj);
    if (IsPodTerminated(*pod) || !pod->spec.node_name.empty()) continue;
    auto claims = PodClaimNames(*pod);
    if (std::find(claims.begin(), claims.end(), claim.metadata.name) != claims.end()) {
      pods.push_back(pod->metadata.name);
    }
  }
  if (pods.empty()) {
    recorder_.Normal(claim, kEventWaitForFirstConsumer,
                     "waiting for first consumer to be created before binding");
  } else if (pods.size() == 1) {
    recorder_.Normal(claim, kEventWaitForPodScheduled,
                     fmt::format("waiting for pod {} to be scheduled", pods[0]));
  } else {
    recorder_.Normal(claim, kEventWaitForPodScheduled,
                     fmt::format("waiting for pods {} to be scheduled", fmt::join(pods, ",")));
  }
}

Status PersistentVolumeController::ProvisionClaim(ClaimPtr claim) {
  std::string class_name = ClaimClass(*claim);
  auto sc = api::As<api::StorageClass>(class_informer_.Get("", class_name));
  if (sc == nullptr) {
    // findProvisionablePlugin: the lister's NotFound error (listers name the resource in the
    // singular), reported and retried on the next sync.
    recorder_.Warning(
        *claim, kEventProvisioningFailed,
        fmt::format("storageclass.storage.k8s.io {} not found", apiserver::Quote(class_name)));
    return Status::Ok();
  }
  const std::string& provisioner = sc->provisioner;
  if (provisioner.rfind("kubernetes.io/", 0) == 0) {
    // In-tree volume plugins are not part of the simulated cluster.
    recorder_.Warning(*claim, kEventProvisioningFailed,
                      fmt::format("no volume plugin matched name: {}", provisioner));
    return Status::Ok();
  }
  auto updated = SetClaimProvisioner(claim, provisioner);
  if (!updated.ok()) {
    if (minor() >= 28) {
      recorder_.Warning(*claim, kEventProvisioningFailed,
                        "Error saving claim: " + updated.status().message());
    }
    return updated.status();
  }
  std::string msg = minor() >= 28 ? fmt::format(
                                        "Waiting for a volume to be created either by the external "
                                        "provisioner '{}' or manually by the "
                                        "system administrator. If volume creation is delayed, "
                                        "please verify that the provisioner is "
                                        "running and correctly registered.",
                                        provisioner)
                                  : fmt::format(
                                        "waiting for a volume to be created, either by external "
                                        "provisioner {} or manually created "
                                        "by system administrator",
                                        apiserver::Quote(provisioner));
  recorder_.Normal(**updated, kEventExternalProvisioning, msg);
  return Status::Ok();
}

Status PersistentVolumeController::SyncUnboundClaim(ClaimPtr claim) {
  if (claim->spec.volume_name.empty()) {
    bool delay_binding = IsDelayBindingMode(*claim);
    api::ObjectPtr found = FindMatchingVolume(*claim, VolumesByName(), nullptr, delay_binding);
    if (found == nullptr) {
      if (delay_binding && claim->metadata.annotations.count(std::string(kAnnSelectedNode)) == 0) {
        EmitEventForUnboundDelayBindingClaim(*claim);
      } else if (!ClaimClass(*claim).empty()) {
        return ProvisionClaim(claim);
      } else {
        recorder_.Normal(
            *claim, kEventFailedBinding,
            "no persistent volumes available for this claim and no storage class is set");
      }
      return UpdateClaimStatus(claim, "Pending", nullptr).status();
    }
    return Bind(api::As<api::PersistentVolume>(found), claim);
  }

  // The user asked for a specific volume.
  auto volume = api::As<api::PersistentVolume>(volumes_.Get(claim->spec.volume_name));
  if (volume == nullptr) return UpdateClaimStatus(claim, "Pending", nullptr).status();
  if (!volume->spec.claim_ref) {
    std::string why;
    if (volume->metadata.being_deleted()) {
      why = fmt::format("the volume is marked for deletion \"{}\"", volume->metadata.name);
    } else if (VolumeCapacityBytes(*volume) < ClaimRequestBytes(*claim)) {
      why = "requested PV is too small";
    } else if (VolumeClass(*volume) != ClaimClass(*claim)) {
      why = "storageClassName does not match";
    } else if (VolumeModeMismatches(*claim, *volume)) {
      why = "incompatible volumeMode";
    } else if (!CheckAccessModes(*claim, *volume)) {
      why = "incompatible accessMode";
    }
    if (!why.empty()) {
      recorder_.Warning(
          *claim, kEventVolumeMismatch,
          fmt::format("Cannot bind to requested volume \"{}\": {}", volume->metadata.name, why));
      return UpdateClaimStatus(claim, "Pending", nullptr).status();
    }
    return Bind(volume, claim);
  }
  if (IsVolumeBoundToClaim(*volume, *claim)) return Bind(volume, claim);
  recorder_.Warning(
      *claim, kEventFailedBinding,
      fmt::format("volume \"{}\" already bound to a different claim.", volume->metadata.name));
  if (claim->metadata.annotations.count(std::string(kAnnBoundByController)) == 0) {
    return UpdateClaimStatus(claim, "Pending", nullptr).status();
  }
  const auto& ref = *volume->spec.claim_ref;
  return Status::Internal(
      fmt::format("invalid binding of claim \"{}/{}\" to volume \"{}\": volume already claimed by "
                  "\"{}/{}\"",
                  claim->metadata.namespace_, claim->metadata.name, claim->spec.volume_name,
                  ref.namespace_, ref.name));
}

Status PersistentVolumeController::SyncBoundClaim(ClaimPtr claim) {
  if (claim->spec.volume_name.empty()) {
    return UpdateClaimStatusWithEvent(
               claim, "Lost", nullptr, "Warning", "ClaimLost",
               "Bound claim has lost reference to PersistentVolume. Data on the volume is lost!")
        .status();
  }
  auto volume = api::As<api::PersistentVolume>(volumes_.Get(claim->spec.volume_name));
  if (volume == nullptr) {
    return UpdateClaimStatusWithEvent(
               claim, "Lost", nullptr, "Warning", "ClaimLost",
               "Bound claim has lost its PersistentVolume. Data on the volume is lost!")
        .status();
  }
  if (!volume->spec.claim_ref || volume->spec.claim_ref->uid == claim->metadata.uid) {
    return Bind(volume, claim);  // re-establish (or confirm) every half of the binding
  }
  return UpdateClaimStatusWithEvent(
             claim, "Lost", nullptr, "Warning", "ClaimMisbound",
             "Two claims are bound to the same volume, this one is bound incorrectly")
      .status();
}

}  // namespace snapsim::csi::kube
