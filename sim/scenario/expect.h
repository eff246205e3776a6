// Checking a step's output against its `expect:` block, and describing the difference.
//
// Order of checks (the first failure wins): the exit code (expect.exitCode, or non-zero
// when exitCode is not given), then stdout (exact, Contains, Matches), then stderr.
// Exact comparisons are byte for byte (a missing final newline is a difference);
// Matches is an ECMAScript regex search (not anchored). Pure and thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/scenario/host.h"
#include "sim/scenario/scenario.h"

namespace snapsim::scenario {

struct Mismatch {
  std::string summary;              // one line, e.g. `stdout differs from expect.stdout`
  std::vector<std::string> detail;  // further lines (a diff, the actual output), unindented
};

// The first way `out` fails `expect`, or nullopt when it passes.
std::optional<Mismatch> CheckExpect(const Expect& expect, const CommandOutput& out);

// A compact unified-style diff of the first line where `expected` and `actual` differ:
//   --- expected stdout
//   +++ actual stdout
//   @@ -3 +3 @@
//    <line 2, as context>
//   -<expected line 3>
//   +<actual line 3>
// plus "\ No newline at end of ..." when only the final newline differs, and the lines
// in C-escaped quotes when they differ only in invisible characters.
// REQUIRES: expected != actual. `stream` is "stdout" or "stderr".
std::vector<std::string> FirstLineDiff(std::string_view expected, std::string_view actual,
                                       std::string_view stream);

// `text` split into lines (without their '\n'); a final newline adds no empty line.
std::vector<std::string_view> SplitLines(std::string_view text);

// `s` in double quotes with \n, \t, \r, \\, \" and \xNN escapes.
std::string CQuote(std::string_view s);

}  // namespace snapsim::scenario
