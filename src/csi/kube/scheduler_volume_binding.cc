#include "src/csi/kube/scheduler_volume_binding.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "src/csi/kube/kube_names.h"
#include "src/csi/kube/node_matching.h"
#include "src/csi/kube/object_store.h"
#include "src/csi/kube/pod_util.h"
#include "src/csi/kube/scheduler_messages.h"
#include "src/csi/kube/volume_matching.h"
#include "src/fake_apiserver/api_error.h"

namespace snapsim::csi::kube {
namespace {

bool FullyBound(const api::PersistentVolumeClaim& claim) {
  return !claim.spec.volume_name.empty() &&
         claim.metadata.annotations.count(std::string(kAnnBindCompleted));
}

bool IsDelayBinding(const api::PersistentVolumeClaim& claim, const VolumeListers& listers) {
  std::string class_name = ClaimClass(claim);
  if (class_name.empty()) return false;
  auto sc = api::As<api::StorageClass>(listers.classes->Get("", class_name));
  return sc != nullptr && sc->volume_binding_mode.value_or("Immediate") == "WaitForFirstConsumer";
}

}  // namespace

PodVolumeClaims GetPodVolumeClaims(const api::Pod& pod, const VolumeListers& listers) {
  PodVolumeClaims out;
  std::vector<ClaimPtr> claims;
  for (const auto& name : PodClaimNames(pod)) {
    out.has_claims = true;
    auto claim =
        api::As<api::PersistentVolumeClaim>(listers.claims->Get(pod.metadata.namespace_, name));
    if (claim == nullptr) {
      out.rejection = fmt::format("persistentvolumeclaim {} not found", apiserver::Quote(name));
      return out;
    }
    if (claim->status.phase == "Lost") {
      out.rejection =
          fmt::format("persistentvolumeclaim {} bound to non-existent persistentvolume {}",
                      apiserver::Quote(name), apiserver::Quote(claim->spec.volume_name));
      return out;
    }
    if (claim->metadata.being_deleted()) {
      out.rejection =
          fmt::format("persistentvolumeclaim {} is being deleted", apiserver::Quote(name));
      return out;
    }
    claims.push_back(claim);
  }
  for (const auto& claim : claims) {
    if (FullyBound(*claim)) {
      out.bound.push_back(claim);
    } else if (IsDelayBinding(*claim, listers) && claim->spec.volume_name.empty()) {
      out.delayed.push_back(claim);
    } else {
      out.immediate.push_back(claim);
    }
  }
  if (!out.immediate.empty()) {
    out.rejection = std::string(kReasonUnboundImmediateClaims);
    return out;
  }
  if (!out.delayed.empty()) {
    for (const auto& obj : listers.volumes->List()) {
      auto pv = api::As<api::PersistentVolume>(obj);
      if (pv->metadata.being_deleted()) continue;
      bool usable = !pv->spec.claim_ref ||
                    std::any_of(out.delayed.begin(), out.delayed.end(),
                                [&](const ClaimPtr& c) { return IsVolumeBoundToClaim(*pv, *c); });
      if (usable) out.candidate_volumes.push_back(obj);
    }
  }
  return out;
}

PodVolumesOnNode FindPodVolumes(const PodVolumeClaims& claims, const api::Node& node,
                                const VolumeListers& listers, int kube_minor) {
  PodVolumesOnNode out;
  bool bound_satisfied = true, unbound_satisfied = true, pvs_found = true;
  for (const auto& claim : claims.bound) {
    auto pv = api::As<api::PersistentVolume>(listers.volumes->Get("", claim->spec.volume_name));
    if (pv == nullptr) {
      pvs_found = false;
      break;
    }
    if (!VolumeNodeAffinityMatches(*pv, node.metadata.labels)) {
      bound_satisfied = false;
      break;
    }
  }
  if (bound_satisfied && pvs_found && !claims.delayed.empty()) {
    std::vector<ClaimPtr> to_match, to_provision;
    for (const auto& claim : claims.delayed) {
      if (const std::string* selected = claim->metadata.Annotation(kAnnSelectedNode)) {
        if (*selected != node.metadata.name) {
          unbound_satisfied = false;  // fast path: this claim is already promised to another node
          break;
        }
        to_provision.push_back(claim);
      } else {
        to_match.push_back(claim);
      }
    }
    if (unbound_satisfied) {
      // Static volumes first, smallest claims first; a volume serves one claim.
      std::stable_sort(to_match.begin(), to_match.end(), [](const ClaimPtr& a, const ClaimPtr& b) {
        return ClaimRequestBytes(*a) < ClaimRequestBytes(*b);
      });
      std::set<std::string> chosen;
      for (const auto& claim : to_match) {
        std::vector<api::ObjectPtr> candidates;
        for (const auto& v : claims.candidate_volumes) {
          if (!chosen.count(v->metadata.name)) candidates.push_back(v);
        }
        api::ObjectPtr pv = FindMatchingVolume(*claim, candidates, &node.metadata.labels, true);
        if (pv == nullptr) {
          to_provision.push_back(claim);
        } else {
          chosen.insert(pv->metadata.name);
          out.static_bindings.emplace_back(claim, api::As<api::PersistentVolume>(pv));
        }
      }
      for (const auto& claim : to_provision) {
        std::string class_name = ClaimClass(*claim);
        if (class_name.empty()) {
          out.error = fmt::format("no class for claim \"{}/{}\"", claim->metadata.namespace_,
                                  claim->metadata.name);
          return out;
        }
        auto sc = api::As<api::StorageClass>(listers.classes->Get("", class_name));
        if (sc == nullptr) {
          out.error = fmt::format("failed to find storage class {}", apiserver::Quote(class_name));
          return out;
        }
        if (sc->provisioner.empty() || sc->provisioner == kNotSupportedProvisioner ||
            !MatchTopologySelectorTerms(sc->allowed_topologies, node.metadata.labels)) {
          unbound_satisfied = false;
          break;
        }
        out.provisions.push_back(claim);
      }
    }
  }
  if (!bound_satisfied) out.reasons.emplace_back(kReasonVolumeNodeConflict);
  if (!unbound_satisfied) out.reasons.emplace_back(kReasonVolumeBindConflict);
  if (!pvs_found) out.reasons.push_back(PvNotExistReason(kube_minor));
  if (!out.reasons.empty()) {
    out.static_bindings.clear();
    out.provisions.clear();
  }
  return out;
}

BindingCheck CheckBindings(const api::Node& node, const std::vector<WrittenObject>& bound_volumes,
                           const std::vector<WrittenObject>& provisioned_claims,
                           const std::string& ns, const VolumeListers& listers) {
  BindingCheck out;
  auto affinity_error = [&](const api::PersistentVolume& pv) {
    return fmt::format("pv {} node affinity doesn't match node {}: no matching NodeSelectorTerms",
                       apiserver::Quote(pv.metadata.name), apiserver::Quote(node.metadata.name));
  };
  for (const auto& [name, rv] : bound_volumes) {
    auto pv = api::As<api::PersistentVolume>(listers.volumes->Get("", name));
    if (pv != nullptr && ResourceVersionNumber(pv->metadata.resource_version) < rv)
      return out;  // not seen yet
    if (pv == nullptr) {
      out.error = fmt::format("failed to check binding: persistentvolume {} not found",
                              apiserver::Quote(name));
      return out;
    }
    if (!VolumeNodeAffinityMatches(*pv, node.metadata.labels)) {
      out.error = affinity_error(*pv);
      return out;
    }
    if (!pv->spec.claim_ref || pv->spec.claim_ref->uid.empty()) {
      out.error = fmt::format("ClaimRef got reset for pv {}", apiserver::Quote(name));
      return out;
    }
    auto claim =
        api::As<api::PersistentVolumeClaim>(listers.claims->Get(ns, pv->spec.claim_ref->name));
    if (claim == nullptr || !FullyBound(*claim)) return out;
  }
  for (const auto& [name, rv] : provisioned_claims) {
    auto claim = api::As<api::PersistentVolumeClaim>(listers.claims->Get(ns, name));
    if (claim != nullptr && ResourceVersionNumber(claim->metadata.resource_version) < rv)
      return out;
    if (claim == nullptr) {
      out.error =
          fmt::format("failed to check provisioning pvc: persistentvolumeclaim {} not found",
                      apiserver::Quote(name));
      return out;
    }
    const std::string* selected = claim->metadata.Annotation(kAnnSelectedNode);
    if (selected == nullptr || *selected != node.metadata.name) {
      // The provisioner drops the annotation to have the pod rescheduled.
      out.error = fmt::format("selectedNode annotation value {} not set to scheduled node {}",
                              apiserver::Quote(selected ? *selected : ""),
                              apiserver::Quote(node.metadata.name));
      return out;
    }
    if (!claim->spec.volume_name.empty()) {
      auto pv = api::As<api::PersistentVolume>(listers.volumes->Get("", claim->spec.volume_name));
      if (pv == nullptr) return out;  // not seen yet
      if (!VolumeNodeAffinityMatches(*pv, node.metadata.labels)) {
        out.error = affinity_error(*pv);
        return out;
      }
    }
    if (!FullyBound(*claim)) return out;
  }
  out.done = true;
  return out;
}

}  // namespace snapsim::csi::kube
