#include "sim/kubectl/table_writer.h"

#include <algorithm>
#include <vector>

namespace snapsim::kubectl {
namespace {

struct Cell {
  std::string_view text;
  int width;  // in UTF-8 code points
};

struct Line {
  std::vector<Cell> cells;
  bool newline = true;  // false only for a final unterminated line
};

int RuneCount(std::string_view s) {
  int n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) ++n;
  }
  return n;
}

class Formatter {
 public:
  Formatter(const std::vector<Line>& lines, const TabWriterConfig& config)
      : lines_(lines), config_(config) {}

  std::string Run() {
    Format(0, lines_.size());
    return std::move(out_);
  }

 private:
  // Go's tabwriter.format: lays out the columns right of the ones whose widths are known.
  void Format(std::size_t line0, std::size_t line1) {
    const std::size_t column = widths_.size();
    for (std::size_t cur = line0; cur < line1; ++cur) {
      if (column + 1 >= lines_[cur].cells.size()) continue;  // no cell in this column
      // A column block starts here: print the lines before it.
      WriteLines(line0, cur);
      line0 = cur;
      int width = config_.min_width;
      for (; cur < line1; ++cur) {
        const std::vector<Cell>& cells = lines_[cur].cells;
        if (column + 1 >= cells.size()) break;
        width = std::max(width, cells[column].width + config_.padding);
      }
      widths_.push_back(width);
      Format(line0, cur);
      widths_.pop_back();
      line0 = cur;
      // Like Go, the loop increment then skips the line that ended the block; it is
      // printed by a later WriteLines since line0 points at it.
    }
    WriteLines(line0, line1);
  }

  void WriteLines(std::size_t line0, std::size_t line1) {
    for (std::size_t i = line0; i < line1; ++i) {
      const Line& line = lines_[i];
      for (std::size_t j = 0; j < line.cells.size(); ++j) {
        const Cell& c = line.cells[j];
        out_.append(c.text);
        if (j < widths_.size()) {
          out_.append(static_cast<std::size_t>(std::max(0, widths_[j] - c.width)), ' ');
        }
      }
      if (line.newline) out_ += '\n';
    }
  }

  const std::vector<Line>& lines_;
  const TabWriterConfig& config_;
  std::vector<int> widths_;
  std::string out_;
};

}  // namespace

std::string TabAlign(std::string_view text, const TabWriterConfig& config) {
  std::vector<Line> lines;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    bool terminated = nl != std::string_view::npos;
    std::string_view line_text = text.substr(pos, terminated ? nl - pos : text.size() - pos);
    Line line;
    line.newline = terminated;
    std::size_t cell_start = 0;
    while (true) {
      std::size_t tab = line_text.find('\t', cell_start);
      std::string_view cell =
          line_text.substr(cell_start, tab == std::string_view::npos ? line_text.size() - cell_start
                                                                     : tab - cell_start);
      // An unterminated final line ends with an open cell only if it has text (Go's Flush).
      if (tab != std::string_view::npos || terminated || !cell.empty()) {
        line.cells.push_back(Cell{cell, RuneCount(cell)});
      }
      if (tab == std::string_view::npos) break;
      cell_start = tab + 1;
    }
    lines.push_back(std::move(line));
    pos = terminated ? nl + 1 : text.size();
  }
  return Formatter(lines, config).Run();
}

}  // namespace snapsim::kubectl
