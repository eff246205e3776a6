// The scenario step `fault: { ecs: RULE }` -> an ECS fault rule. The cluster calls this
// with RULE (the value under `ecs:`) and installs the result with Ecs::AddFault.
//
// RULE is a map of scalars (YAML strings, numbers and booleans are taken as their
// text: times: 2 -> "2", afterEffect: true -> "true"), plus an optional map under
// `match:` (parameter -> value), flattened to "match.<Param>" for ecs::ParseFaultRule,
// which checks keys and values (src/fake_ecs/fault.h). Errors read "fault.ecs...: ...".
#pragma once

#include "sim/engine/status.h"
#include "src/api/value.h"
#include "src/fake_ecs/fault.h"

namespace snapsim::aliyun {

Result<ecs::FaultRule> ParseEcsFaultValue(const api::Value& rule);

}  // namespace snapsim::aliyun
