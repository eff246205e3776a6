// Label selectors (-l) and field selectors (--field-selector) as the API server
// evaluates them.
//
// Labels: `k=v`, `k==v`, `k!=v`, `k in (a,b)`, `k notin (a)`, `k`, `!k`, joined by commas.
// Fields: `path=v`, `path==v`, `path!=v` joined by commas, on the fields the
// real server supports for that kind (metadata.name and metadata.namespace for
// all kinds; involvedObject.*, reason, type, source for events; spec.nodeName,
// status.phase for pods; status.phase for namespaces and PVCs).
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "sim/engine/status.h"
#include "src/api/object.h"

namespace snapsim::kubectl {

using ObjectPredicate = std::function<bool(const api::Object&)>;

// Errors read like the server's: `unable to parse requirement: ...`.
Result<ObjectPredicate> ParseLabelSelector(std::string_view selector);
// Errors read like the server's: `field label not supported: foo`.
Result<ObjectPredicate> ParseFieldSelector(std::string_view selector, const api::KindInfo& kind);

}  // namespace snapsim::kubectl
