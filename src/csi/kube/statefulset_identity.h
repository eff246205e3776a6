// StatefulSet identity (pkg/controller/statefulset/stateful_set_utils.go):
// what a member pod and its claims look like, as pure functions of the set.
//
//  - pod "<set>-<ordinal>" stamped from spec.template: template labels and
//    annotations, generateName "<set>-", an ownerReference to the set
//    (controller, blockOwnerDeletion), hostname = pod name, subdomain =
//    spec.serviceName, labels controller-revision-hash, statefulset.kubernetes.io/
//    pod-name and, from 1.28, apps.kubernetes.io/pod-index;
//  - one volume per volumeClaimTemplate, named after the template, using claim
//    "<template>-<set>-<ordinal>" (claim volumes first, in template order, then
//    the template's other volumes — upstream's order is a Go map's, i.e. random);
//  - claims with the template's labels plus the selector's matchLabels.
// ControllerRevisions are not modelled: the revision name is "<set>-<hash>",
// the hash a deterministic FNV-1 of the template JSON rendered the way
// apimachinery's SafeEncodeString renders a revision hash (e.g. "web-7b9c8d6f4d").
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "src/api/kinds_apps.h"
#include "src/api/kinds_pod.h"
#include "src/api/kinds_storage.h"

namespace snapsim::csi::kube {

// "web-3" -> ("web", 3); anything else -> ("", -1).
std::pair<std::string, int> ParentNameAndOrdinal(std::string_view pod_name);
int OrdinalOf(const api::Pod& pod);
std::string StatefulPodName(const api::StatefulSet& set, int ordinal);
std::string StatefulClaimName(const api::StatefulSet& set,
                              const api::EmbeddedPersistentVolumeClaim& tmpl, int ordinal);
int StartOrdinal(const api::StatefulSet& set);
int Replicas(const api::StatefulSet& set);
bool PodInOrdinalRange(const api::Pod& pod, const api::StatefulSet& set);

// FNV-1 (32-bit) and apimachinery's rand.SafeEncodeString.
std::uint32_t Fnv1Hash32(std::string_view data);
std::string SafeEncodeString(std::string_view s);
// "<set>-<hash>" of the set's current pod template.
std::string RevisionName(const api::StatefulSet& set);

// A new member pod (not yet created): the template, the identity, the storage, the revision label.
api::Pod NewStatefulSetPod(const api::StatefulSet& set, int ordinal, const std::string& revision,
                           int kube_minor);
// The names of the claims of the member with `ordinal`, in template order.
std::vector<std::string> StatefulClaimNames(const api::StatefulSet& set, int ordinal);
// The claim of the member with `ordinal` for one of the set's templates.
api::PersistentVolumeClaim StatefulClaim(const api::StatefulSet& set,
                                         const api::EmbeddedPersistentVolumeClaim& tmpl,
                                         int ordinal);

bool IdentityMatches(const api::StatefulSet& set, const api::Pod& pod);
bool StorageMatches(const api::StatefulSet& set, const api::Pod& pod);
void UpdateIdentity(const api::StatefulSet& set, api::Pod& pod, int kube_minor);
void UpdateStorage(const api::StatefulSet& set, api::Pod& pod);

// PVC retention policy (StatefulSetAutoDeletePVC, on from 1.27): the owner
// references a member's claim should carry, given whether the member is
// scaled down (out of the ordinal range). Retain/Retain: none.
api::OwnerReference SetControllerRef(const api::StatefulSet& set);
bool ClaimOwnerRefsUpToDate(const api::PersistentVolumeClaim& claim, const api::StatefulSet& set,
                            const api::Pod& pod);
// Rewrites the claim's references to the set and the pod per the policy.
void UpdateClaimOwnerRefs(api::PersistentVolumeClaim& claim, const api::StatefulSet& set,
                          const api::Pod& pod);

}  // namespace snapsim::csi::kube
