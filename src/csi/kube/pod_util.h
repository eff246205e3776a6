// Small predicates over pods, claims and owner references that several
// built-in controllers share (pkg/api/v1/pod, pkg/volume/util and
// component-helpers/storage/volume): readiness, termination, the claims a pod
// uses, a claim's or volume's class. Pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "src/api/kinds_pod.h"
#include "src/api/kinds_storage.h"
#include "src/api/meta.h"

namespace snapsim::csi::kube {

// The pod's Ready condition is "True".
bool IsPodReady(const api::Pod& pod);
// Phase Running and Ready.
bool IsPodRunningAndReady(const api::Pod& pod);
// When the Ready condition last changed, in unix seconds; nullopt without one, without a
// transition time, or with one that does not parse.
std::optional<std::int64_t> ReadySinceUnixSeconds(const api::Pod& pod);
// Ready for at least min_ready_seconds at `now_unix_seconds` (podutil.IsPodAvailable).
bool IsPodAvailable(const api::Pod& pod, std::int32_t min_ready_seconds,
                    std::int64_t now_unix_seconds);
// Succeeded or Failed, or being deleted with no container running (volumeutil.IsPodTerminated).
bool IsPodTerminated(const api::Pod& pod);
// Whether the pod's spec or metadata differ, resourceVersion, generation and
// managedFields aside: a change other than the status (the scheduler's isPodUpdated,
// the kubelet config's podsDifferSemantically). Compared as their JSON would be.
bool PodSpecOrMetaChanged(const api::Pod& a, const api::Pod& b);
// Names of the PersistentVolumeClaims the pod's volumes reference, in volume order.
std::vector<std::string> PodClaimNames(const api::Pod& pod);

// The owner reference with controller: true (a pointer into meta), or nullptr.
const api::OwnerReference* ControllerRef(const api::ObjectMeta& meta);

// The claim's class: the beta annotation, else spec.storageClassName, else "".
std::string ClaimClass(const api::PersistentVolumeClaim& claim);
// The volume's class: the beta annotation, else spec.storageClassName.
std::string VolumeClass(const api::PersistentVolume& volume);
// The claim's requested storage in bytes (0 when absent).
std::int64_t ClaimRequestBytes(const api::PersistentVolumeClaim& claim);
// The volume's storage capacity in bytes (0 when absent).
std::int64_t VolumeCapacityBytes(const api::PersistentVolume& volume);

}  // namespace snapsim::csi::kube
