#include "src/csi/kube/scheduler_messages.h"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

namespace snapsim::csi::kube {
namespace {

std::string Histogram(const std::map<std::string, int>& counts) {
  std::vector<std::string> parts;
  for (const auto& [reason, n] : counts) parts.push_back(fmt::format("{} {}", n, reason));
  std::sort(parts.begin(), parts.end());
  return fmt::format("{}", fmt::join(parts, ", "));
}

}  // namespace

std::string UntoleratedTaintReason(const api::Taint& taint, int kube_minor) {
  if (kube_minor >= 25)
    return fmt::format("node(s) had untolerated taint {{{}: {}}}", taint.key, taint.value);
  return fmt::format("node(s) had taint {{{}: {}}}, that the pod didn't tolerate", taint.key,
                     taint.value);
}

std::string PvNotExistReason(int kube_minor) {
  return kube_minor >= 23
             ? "node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)"
             : "pvc(s) bound to non-existent pv(s)";
}

std::string InsufficientReason(std::string_view resource) {
  return fmt::format("Insufficient {}", resource);
}

std::string FitErrorMessage(const FitDiagnosis& d, int kube_minor) {
  std::string msg = fmt::format("0/{} nodes are available:", d.num_nodes);
  if (!d.prefilter_reason.empty() && kube_minor >= 27) {
    msg += fmt::format(" {}.", d.prefilter_reason);
  } else {
    std::map<std::string, int> reasons = d.reasons;
    if (!d.prefilter_reason.empty()) reasons = {{d.prefilter_reason, d.num_nodes}};
    msg += fmt::format(" {}.", Histogram(reasons));
  }
  if (kube_minor < 24) return msg;
  std::string post = d.preemption_never ? "preemption: not eligible due to preemptionPolicy=Never."
                                        : fmt::format("preemption: 0/{} nodes are available: {}.",
                                                      d.num_nodes, Histogram(d.preemption));
  msg += " " + post;
  if (kube_minor >= 27 && kube_minor <= 29) msg += ".";
  return msg;
}

}  // namespace snapsim::csi::kube
