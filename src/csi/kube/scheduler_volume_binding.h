// The scheduler's VolumeBinding plugin (pkg/scheduler/framework/plugins/
// volumebinding and its SchedulerVolumeBinder), as pure functions over the
// scheduler's informer caches:
//  - PreFilter: every claim of the pod must exist, not be Lost nor being
//    deleted; an unbound claim of an Immediate class rejects the pod ("pod has
//    unbound immediate PersistentVolumeClaims") until the PV controller binds it;
//  - Filter (per node): a bound claim's PV must exist and its nodeAffinity fit
//    the node; an unbound WaitForFirstConsumer claim needs an Available PV that
//    fits the node, or else a provisioner and a StorageClass allowedTopologies
//    matching the node's labels; a claim already carrying
//    volume.kubernetes.io/selected-node fits only that node;
//  - the wait after PreBind: every claim fully bound (volumeName +
//    bind-completed), its PV fitting the node; a removed selected-node
//    annotation or a PV in another zone aborts the binding with upstream's error.
// The scheduler itself (scheduler.h) makes the writes.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "src/api/kinds_core.h"
#include "src/api/kinds_pod.h"
#include "src/api/kinds_storage.h"
#include "src/fake_apiserver/informer.h"

namespace snapsim::csi::kube {

using ClaimPtr = std::shared_ptr<const api::PersistentVolumeClaim>;
using VolumePtr = std::shared_ptr<const api::PersistentVolume>;

struct VolumeListers {
  const apiserver::Informer* claims = nullptr;
  const apiserver::Informer* volumes = nullptr;
  const apiserver::Informer* classes = nullptr;
};

struct PodVolumeClaims {
  std::string rejection;  // PreFilter's UnschedulableAndUnresolvable message; "" = go on
  bool has_claims = false;
  std::vector<ClaimPtr> bound;      // volumeName set and bind-completed
  std::vector<ClaimPtr> delayed;    // WaitForFirstConsumer, no volume yet
  std::vector<ClaimPtr> immediate;  // unbound Immediate (or pre-bound, not yet bound)
  // Volumes a delayed claim could take (unclaimed, or reserved for one of them),
  // gathered once per scheduling cycle.
  std::vector<api::ObjectPtr> candidate_volumes;
};

PodVolumeClaims GetPodVolumeClaims(const api::Pod& pod, const VolumeListers& listers);

struct PodVolumesOnNode {
  std::vector<std::string> reasons;  // unschedulable reasons; empty = fits
  std::string error;                 // an internal error (no class, unknown class)
  std::vector<std::pair<ClaimPtr, VolumePtr>> static_bindings;
  std::vector<ClaimPtr> provisions;
};

PodVolumesOnNode FindPodVolumes(const PodVolumeClaims& claims, const api::Node& node,
                                const VolumeListers& listers, int kube_minor);

struct BindingCheck {
  bool done = false;  // every claim is bound as it should be
  std::string error;  // the binding failed and scheduling must start over
};

// An object the PreBind wrote: the cache is not trusted until it has caught up with it.
struct WrittenObject {
  std::string name;
  std::int64_t resource_version = 0;
};

// checkBindings, with the node and the volumes (static bindings) and claims
// (dynamic provisioning) the PreBind wrote.
BindingCheck CheckBindings(const api::Node& node, const std::vector<WrittenObject>& bound_volumes,
                           const std::vector<WrittenObject>& provisioned_claims,
                           const std::string& ns, const VolumeListers& listers);

}  // namespace snapsim::csi::kube
