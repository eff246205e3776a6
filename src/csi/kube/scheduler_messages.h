// The scheduler's user-visible strings, per Kubernetes minor version: filter
// reasons and the FitError message of FailedScheduling events and of the
// PodScheduled=False condition ("0/1 nodes are available: 1 node(s) had volume
// node affinity conflict. preemption: 0/1 nodes are available: 1 Preemption is
// not helpful for scheduling.").
//
// Version history reproduced (pkg/scheduler/framework/types.go FitError.Error):
//  - 1.22–1.23: "0/N nodes are available: <histogram>." (no preemption part);
//  - 1.24–1.26: + " preemption: <preemption histogram>." (kubernetes#107775);
//  - 1.27–1.29: a PreFilter failure prints its message once, without a count,
//    and the preemption part gets a second period ("..");
//  - 1.30: the doubled period is gone.
// The histogram is "<count> <reason>" entries sorted as strings, joined by ", ".
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "src/api/kinds_core.h"

namespace snapsim::csi::kube {

// Filter reasons (plugin ErrReason strings).
inline constexpr std::string_view kReasonNodeUnschedulable = "node(s) were unschedulable";
inline constexpr std::string_view kReasonNodeAffinity =
    "node(s) didn't match Pod's node affinity/selector";
inline constexpr std::string_view kReasonTooManyPods = "Too many pods";
inline constexpr std::string_view kReasonMaxVolumeCount = "node(s) exceed max volume count";
inline constexpr std::string_view kReasonVolumeNodeConflict =
    "node(s) had volume node affinity conflict";
inline constexpr std::string_view kReasonVolumeBindConflict =
    "node(s) didn't find available persistent volumes to bind";
inline constexpr std::string_view kReasonNotEnoughSpace =
    "node(s) did not have enough free storage";
inline constexpr std::string_view kReasonUnboundImmediateClaims =
    "pod has unbound immediate PersistentVolumeClaims";
inline constexpr std::string_view kPreemptionNotHelpful =
    "Preemption is not helpful for scheduling";
inline constexpr std::string_view kPreemptionNoVictims =
    "No preemption victims found for incoming pod";

// "node(s) had untolerated taint {k: v}" (from 1.25; "had taint {k: v}, that the pod didn't
// tolerate" before).
std::string UntoleratedTaintReason(const api::Taint& taint, int kube_minor);
// "node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)" (1.23+; shorter
// before).
std::string PvNotExistReason(int kube_minor);
// "Insufficient cpu", "Insufficient memory".
std::string InsufficientReason(std::string_view resource);

struct FitDiagnosis {
  int num_nodes = 0;
  // Set when PreFilter rejected the pod (every node then carries this reason).
  std::string prefilter_reason;
  // Filter reasons: reason -> number of nodes.
  std::map<std::string, int> reasons;
  // Preemption verdict per node ("Preemption is not helpful..." / "No preemption victims..."): ->
  // count.
  std::map<std::string, int> preemption;
  bool preemption_never = false;  // spec.preemptionPolicy: Never
};

std::string FitErrorMessage(const FitDiagnosis& d, int kube_minor);

}  // namespace snapsim::csi::kube
