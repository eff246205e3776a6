#include "sim/kubectl/table_printer.h"

#include <cctype>

#include "sim/kubectl/columns_util.h"
#include "sim/kubectl/table_writer.h"

namespace snapsim::kubectl {
namespace {

using columns_internal::Find;
using columns_internal::GoSprint;

// One decorated column: what kubectl prints, before wide filtering.
struct PrintedColumn {
  std::string header;  // already upper-cased
  int priority = 0;
};

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// formatLabelHeaders: the last '/'-separated segment of the key, upper-cased.
std::string LabelHeader(std::string_view key) {
  std::size_t slash = key.rfind('/');
  return Upper(slash == std::string_view::npos ? key : key.substr(slash + 1));
}

bool PrintsNamespace(std::string_view kind, const TableOptions& options) {
  return options.with_namespace && !IsClusterScopedKind(kind);
}

std::vector<PrintedColumn> Decorate(std::string_view kind, const std::vector<TableColumn>& cols,
                                    const TableOptions& options) {
  std::vector<PrintedColumn> out;
  if (PrintsNamespace(kind, options)) out.push_back({"NAMESPACE", 0});
  for (const TableColumn& c : cols) out.push_back({Upper(c.name), c.priority});
  for (const std::string& key : options.label_columns) out.push_back({LabelHeader(key), 0});
  if (options.show_labels) out.push_back({"LABELS", 0});
  return out;
}

// terminalEscaper: ESC -> "^[", CR -> "\r" (two characters).
void AppendEscaped(std::string& out, std::string_view s) {
  for (char c : s) {
    if (c == '\x1b') {
      out += "^[";
    } else if (c == '\r') {
      out += "\\r";
    } else {
      out += c;
    }
  }
}

void AppendCell(std::string& out, const api::Value& cell) {
  if (cell.is_null()) return;
  if (cell.is_string()) {
    std::string_view s = cell.as_string();
    std::size_t cut = s.find_first_of("\f\n\r");
    AppendEscaped(out, s.substr(0, cut));
    if (cut != std::string_view::npos) out += "...";
    return;
  }
  AppendEscaped(out, GoSprint(cell));
}

}  // namespace

Result<std::vector<std::string>> ColumnHeaders(std::string_view kind, const TableOptions& options) {
  SNAPSIM_ASSIGN_OR_RETURN(std::vector<TableColumn> cols, TableColumns(kind, options.kube_minor));
  std::vector<std::string> headers;
  for (PrintedColumn& c : Decorate(kind, cols, options)) {
    if (c.priority != 0 && !options.wide) continue;
    headers.push_back(std::move(c.header));
  }
  return headers;
}

Result<std::string> PrintTable(std::string_view kind, const std::vector<api::Value>& objects,
                               const TableOptions& options) {
  if (!IsTableKind(kind)) {
    return TableColumns(kind, options.kube_minor).status();  // the Unsupported error
  }
  if (objects.empty()) return std::string();
  SNAPSIM_ASSIGN_OR_RETURN(ServerTable table, ConvertToTable(kind, objects, options.kube_minor,
                                                             options.now_unix_seconds));

  const bool with_namespace = PrintsNamespace(kind, options);
  std::vector<PrintedColumn> columns = Decorate(kind, table.columns, options);

  // One line per row: the printed cells of the non-filtered columns, tab-separated.
  std::string text;
  auto append_line = [&](const std::vector<std::string>& cells) {
    bool first = true;
    for (std::size_t i = 0; i < columns.size(); ++i) {
      if (columns[i].priority != 0 && !options.wide) continue;
      if (!first) text += '\t';
      first = false;
      text += cells[i];
    }
    text += '\n';
  };

  if (!options.no_headers) {
    std::vector<std::string> headers;
    for (const PrintedColumn& c : columns) headers.push_back(c.header);
    append_line(headers);
  }

  for (std::size_t r = 0; r < objects.size(); ++r) {
    const api::Value& obj = objects[r];
    std::vector<std::string> cells;
    cells.reserve(columns.size());
    if (with_namespace) {
      const api::Value* ns = Find(obj, {"metadata", "namespace"});
      cells.emplace_back();
      if (ns != nullptr && ns->is_string()) AppendCell(cells.back(), *ns);
    }
    for (const api::Value& c : table.rows[r]) {
      cells.emplace_back();
      AppendCell(cells.back(), c);
    }
    const api::Value* labels = Find(obj, {"metadata", "labels"});
    for (const std::string& key : options.label_columns) {
      const api::Value* v = labels != nullptr ? labels->Find(key) : nullptr;
      cells.emplace_back();
      if (v != nullptr && v->is_string()) AppendCell(cells.back(), *v);
    }
    if (options.show_labels) {
      cells.emplace_back();
      AppendCell(cells.back(), api::Value(columns_internal::FormatLabels(labels)));
    }
    append_line(cells);
  }
  return TabAlign(text);
}

}  // namespace snapsim::kubectl
