// ${NAME} variables of a scenario run.
//
// Syntax: `${NAME}` where NAME is [A-Za-z_][A-Za-z0-9_]*; it is replaced by the value
// saved earlier in the run (`save:` / `saveStdout:`). `$${` is an escape that produces
// a literal `${` (so a manifest can carry a shell `$${HOME}`); any other `$` is literal.
// A `${` that is not a well-formed reference is a load-time error (FindVariableSyntaxError);
// a reference to a variable that is not set is a run-time error of the step (Substitute).
// Substitution applies to kubectl/aliyun command words, inline `files:` contents and
// the string leaves of `fault:` rules. Pure and thread-safe.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "sim/engine/status.h"

namespace snapsim::scenario {

using Variables = std::map<std::string, std::string, std::less<>>;

// Returns true iff `name` is a valid variable name.
bool IsVariableName(std::string_view name);

struct VariableSyntaxError {
  std::size_t offset = 0;  // of the offending `${`
  std::string message;
};

// The first malformed `${...}` in `text`, if any.
std::optional<VariableSyntaxError> FindVariableSyntaxError(std::string_view text);

// Replaces every ${NAME} and $${ escape. Errors (InvalidArgument):
//   undefined variable ${NAME} (no step has saved it yet)
//   plus the syntax errors of FindVariableSyntaxError.
Result<std::string> Substitute(std::string_view text, const Variables& vars);

}  // namespace snapsim::scenario
