// Pieces of GNU ls output, as pure functions over names and numbers:
//   TtyName     - the name as ls shows it on a terminal (shell-escape quoting: 'b c',
//                 "it's"); names that need no quotes are returned unchanged.
//   NeedsQuotes - whether TtyName quotes the name.
//   FormatColumns - `ls -C` (the terminal default): GNU's layout, filling columns top
//                 to bottom; the most columns whose widths (each the longest name in it
//                 plus 2, the last without the 2) sum to less than the line width; the
//                 gaps written with tabs to 8-column stops where a tab fits, as ls does.
//   LsDate      - "Jan  1 00:00" (%b %e %H:%M, UTC) for a recent time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace snapsim::csi::shell {

bool NeedsQuotes(std::string_view name);
std::string TtyName(std::string_view name);

// `names` are the display strings (already quoted/padded); "" for no names.
std::string FormatColumns(const std::vector<std::string>& names, std::size_t line_width);

std::string LsDate(std::int64_t unix_seconds);

}  // namespace snapsim::csi::shell
