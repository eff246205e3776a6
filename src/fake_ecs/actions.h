// The ECS OpenAPI surface as data: every real action name, and for each modelled action
// every real parameter with whether snapsim models it and whether it is required.
//
// Sources: the Alibaba Cloud Go SDK ecs-20140526 v7 request models (parameter names)
// and the ECS API reference (required flags); see COVERAGE.md. The aliyun front end
// uses this table to tell an unknown parameter (the CLI's own error) from a real one
// that snapsim does not model ("unsupported"), and the request layer (params.h) to
// reject unmodelled parameters loudly instead of ignoring them.
#pragma once

#include <string_view>
#include <vector>

namespace snapsim::ecs {

struct ParamSpec {
  // The API name; a repeat list is written with N: "Tag.N.Key" matches "Tag.1.Key",
  // "Tag.20.Key", ...; "AdditionalAttributes.N" matches "AdditionalAttributes.3".
  std::string_view name;
  bool modelled = false;
  bool required = false;  // the CLI refuses to send the call without it
};

struct ActionSpec {
  std::string_view name;
  std::vector<ParamSpec> params;
};

// The modelled actions, in alphabetical order.
const std::vector<ActionSpec>& ModelledActions();
// nullptr if snapsim does not model the action (it may still be a real one).
const ActionSpec* FindModelledAction(std::string_view name);
// Every action of the real ECS 2014-05-26 API, sorted.
const std::vector<std::string_view>& AllEcsActions();
bool IsEcsAction(std::string_view name);

// The spec matching a concrete parameter name ("Tag.3.Key"), or nullptr. RegionId is
// accepted for every action (the CLI and SDK always send it).
const ParamSpec* FindParam(const ActionSpec& action, std::string_view name);

namespace internal {
std::vector<std::string_view> EcsActionNames();  // action_names.cc, unsorted
}  // namespace internal

}  // namespace snapsim::ecs
