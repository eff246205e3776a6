#include "src/csi/exec_shell/ls_format.h"

#include <algorithm>
#include <array>

#include <fmt/format.h>

namespace snapsim::csi::shell {
namespace {

constexpr std::size_t kMinColumnWidth = 3;  // 1 char name + 2 separators
constexpr std::size_t kTabSize = 8;

// Characters the shell would interpret (quotearg's shell_escape list).
bool IsShellSpecial(char c, std::size_t pos) {
  switch (c) {
    case '#':
    case '~':
      return pos == 0;
    case ' ': case '!': case '"': case '$': case '&': case '(': case ')': case '*':
    case ';': case '<': case '=': case '>': case '[': case '^': case '`': case '|':
    case '?': case '\\': case '\'': case '\t': case '\n':
      return true;
    default:
      return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
  }
}

void Indent(std::string& out, std::size_t from, std::size_t to) {
  while (from < to) {
    if (to / kTabSize > (from + 1) / kTabSize) {
      out += '\t';
      from += kTabSize - from % kTabSize;
    } else {
      out += ' ';
      ++from;
    }
  }
}

}  // namespace

bool NeedsQuotes(std::string_view name) {
  if (name.empty()) return true;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (IsShellSpecial(name[i], i)) return true;
  }
  return false;
}

std::string TtyName(std::string_view name) {
  if (!NeedsQuotes(name)) return std::string(name);
  if (name.find('\'') == std::string_view::npos) return "'" + std::string(name) + "'";
  bool dq_safe = name.find_first_of("\"$`\\!") == std::string_view::npos;
  if (dq_safe) return "\"" + std::string(name) + "\"";
  std::string out = "'";
  for (char c : name) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

std::string FormatColumns(const std::vector<std::string>& names, std::size_t line_width) {
  const std::size_t n = names.size();
  if (n == 0) return "";
  std::size_t max_idx = line_width / kMinColumnWidth + (line_width % kMinColumnWidth != 0);
  std::size_t max_cols = std::max<std::size_t>(1, std::min(max_idx, n));

  struct ColumnInfo {
    bool valid = true;
    std::size_t line_len = 0;
    std::vector<std::size_t> widths;
  };
  std::vector<ColumnInfo> info(max_cols);
  for (std::size_t i = 0; i < max_cols; ++i) {
    info[i].line_len = (i + 1) * kMinColumnWidth;
    info[i].widths.assign(i + 1, kMinColumnWidth);
  }
  for (std::size_t f = 0; f < n; ++f) {
    const std::size_t len = names[f].size();
    for (std::size_t i = 0; i < max_cols; ++i) {
      if (!info[i].valid) continue;
      const std::size_t rows = (n + i) / (i + 1);
      const std::size_t idx = f / rows;
      const std::size_t real = len + (idx == i ? 0 : 2);
      if (info[i].widths[idx] < real) {
        info[i].line_len += real - info[i].widths[idx];
        info[i].widths[idx] = real;
        info[i].valid = info[i].line_len < line_width;
      }
    }
  }
  std::size_t cols = max_cols;
  for (; cols > 1; --cols) {
    if (info[cols - 1].valid) break;
  }
  const ColumnInfo& fmt = info[cols - 1];
  const std::size_t rows = n / cols + (n % cols != 0);
  std::string out;
  for (std::size_t row = 0; row < rows; ++row) {
    std::size_t col = 0;
    std::size_t f = row;
    std::size_t pos = 0;
    while (true) {
      out += names[f];
      const std::size_t len = names[f].size();
      const std::size_t max_len = fmt.widths[col++];
      f += rows;
      if (f >= n) break;
      Indent(out, pos + len, pos + max_len);
      pos += max_len;
    }
    out += '\n';
  }
  return out;
}

std::string LsDate(std::int64_t unix_seconds) {
  static constexpr std::array<const char*, 12> kMonths = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::int64_t days = unix_seconds / 86400;
  std::int64_t secs = unix_seconds % 86400;
  if (secs < 0) {
    secs += 86400;
    --days;
  }
  // Civil-from-days (proleptic Gregorian).
  std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
  return fmt::format("{} {:>2} {:02}:{:02}", kMonths[static_cast<std::size_t>(m - 1)], d,
                     secs / 3600, secs % 3600 / 60);
}

}  // namespace snapsim::csi::shell
