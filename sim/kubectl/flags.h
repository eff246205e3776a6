// Command-line flags parsed the way kubectl's pflag does: `--name=value`,
// `--name value`, `-n value`, `-nvalue`, `-n=value`, grouped boolean shorthands
// (`-it`), `--flag=false` for booleans, and `--` ending flag parsing.
// Errors carry pflag's wording ("unknown flag: --foo",
// "unknown shorthand flag: 'z' in -z", "flag needs an argument: --namespace").
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/engine/status.h"

namespace snapsim::kubectl {

// The views are of string literals: a ParsedFlags keeps the defaults' views.
struct FlagSpec {
  enum class Type { kBool, kString, kStringArray, kInt };
  std::string_view name;       // "namespace"
  char shorthand = 0;          // 'n'
  Type type = Type::kString;
  std::string_view default_value;  // as text; "" for none
};

class ParsedFlags {
 public:
  std::vector<std::string> positional;  // in order, before `--`
  std::vector<std::string> after_dash;  // everything after `--`
  bool saw_dash = false;

  bool Has(std::string_view name) const { return values_.count(std::string(name)) != 0; }
  // The last value given, or the default.
  std::string Get(std::string_view name) const;
  bool GetBool(std::string_view name) const;
  std::vector<std::string> GetAll(std::string_view name) const;

 private:
  friend Result<ParsedFlags> ParseFlags(const std::vector<std::string>& args, const std::vector<FlagSpec>& specs);
  std::map<std::string, std::vector<std::string>, std::less<>> values_;
  std::vector<std::pair<std::string_view, std::string_view>> defaults_;  // (name, default)
};

// Parses args against specs. Unknown flags and malformed values are errors.
Result<ParsedFlags> ParseFlags(const std::vector<std::string>& args, const std::vector<FlagSpec>& specs);

// Flags every kubectl command accepts (-n, -v, --kubeconfig, --context, --request-timeout, ...).
std::vector<FlagSpec> GlobalFlags();

}  // namespace snapsim::kubectl
