#include "src/fake_apiserver/injected_faults.h"

#include <string_view>

namespace snapsim::apiserver {

Result<std::optional<FaultDecision>> TakeInjectedFault(std::vector<InjectedFault>& faults, const Request& r) {
  std::string_view verb = VerbName(r.verb);
  std::string_view resource = r.kind->plural;
  for (auto it = faults.begin(); it != faults.end(); ++it) {
    if (it->verb != verb || it->resource != resource) continue;
    if (it->subresource != "*" && it->subresource != r.subresource) continue;
    auto err = ApiError::FromReasonName(it->reason, *r.kind, r.name);
    faults.erase(it);
    if (!err.ok()) return err.status();
    return std::optional<FaultDecision>(FaultDecision{*err});
  }
  return std::optional<FaultDecision>();
}

}  // namespace snapsim::apiserver
