// The aliyun CLI's command-line parser (aliyun-cli cli/parser.go), reproduced: words are
// positional arguments or flags; "--Name value", "--Name=value" and "--Name:value" all
// assign a flag; a word starting with "---" is a value; a flag given twice is an error;
// a flag followed directly by another flag has no value.
#pragma once

#include <set>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace snapsim::aliyun {

struct CommandLine {
  std::vector<std::string> positional;
  std::vector<std::pair<std::string, std::string>> flags;  // name without "--", value; in order
};

// `no_value` names flags that take no value (--quiet). The error is the CLI's message
// ("--DiskId duplicated", "--DiskId must be assigned with value", ...).
std::variant<CommandLine, std::string> ParseCommandLine(const std::vector<std::string>& args,
                                                        const std::set<std::string>& no_value);

}  // namespace snapsim::aliyun
