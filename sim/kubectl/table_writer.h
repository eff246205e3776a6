// Column alignment exactly as kubectl's table output does it: Go's text/tabwriter
// (github.com/liggitt/tabwriter) with kubectl's printers.GetNewTabWriter settings
// minwidth 6, tabwidth 4, padding 3, pad char ' ', flags RememberWidths (which only matters
// across flushes of a long-lived writer, i.e. `get -w`; TabAlign formats one table).
//
// Input is text whose lines end in '\n' and whose cells are terminated by '\t'; the text
// after a line's last tab is the trailing cell and is never padded. Each tab-terminated cell
// is padded with spaces to its column's width: the widest cell of its column block plus the
// padding, at least minwidth. A column block is a run of consecutive lines that all have a
// cell in that column (Go's algorithm, so lines with fewer cells split the blocks). Widths
// count UTF-8 code points, as Go does. Used by table_printer.cc; pure and thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace snapsim::kubectl {

struct TabWriterConfig {
  int min_width = 6;
  int padding = 3;
};

// Aligns `text` (see above). Text after the last '\n' is kept as a final unterminated line.
std::string TabAlign(std::string_view text, const TabWriterConfig& config = {});

}  // namespace snapsim::kubectl
