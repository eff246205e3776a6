// InjectedFault: a request failure as the table-driven controller tests declare it
// (upstream's fake-clientset reactors): the first request of the component under test
// whose verb, resource and subresource match fails with the reason's error, and the
// fault is used up. Both table frameworks (snapshot-controller, csi-snapshotter) take
// their faults from here through their request hooks.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/engine/status.h"
#include "src/fake_apiserver/apiserver.h"

namespace snapsim::apiserver {

struct InjectedFault {
  std::string verb;               // VerbName: "get", "create", "update", "patch", "delete", "list"
  std::string resource;           // plural: "volumesnapshotcontents", "persistentvolumeclaims", ...
  std::string reason;             // ApiError::FromReasonName: "Conflict", "InternalError", ...
  std::string subresource = "*";  // "*" any, "" main resource only, "status"
};

// Removes the first fault matching `r` from `faults` and returns its error; nullopt when
// none matches. A fault whose reason ApiError does not know is used up all the same and
// is an error. Builds no string unless a fault matches (it runs inside timed syncs).
Result<std::optional<FaultDecision>> TakeInjectedFault(std::vector<InjectedFault>& faults, const Request& r);

}  // namespace snapsim::apiserver
