// LoadYaml: every document of a YAML text as yaml::Node trees. Text in
// ReadYamlSubset's subset is read by it; anything else by yaml-cpp, whose tree is
// copied over (and whose error, if any, is returned as a value).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "src/api/yaml_node.h"

namespace snapsim::yaml {

struct SyntaxError {
  yaml::Mark mark;  // may be null
  std::string message;  // yaml-cpp's wording
};

struct Documents {
  std::vector<Node> nodes;
  std::optional<SyntaxError> error;  // set: `nodes` is empty
};

Documents LoadYaml(std::string_view text);

// yaml-cpp alone, for tests that hold the subset reader to it.
Documents LoadYamlWithYamlCpp(std::string_view text);

}  // namespace snapsim::yaml
