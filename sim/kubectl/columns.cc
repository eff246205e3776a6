#include "sim/kubectl/columns.h"

#include <fmt/format.h>

#include "sim/kubectl/columns_util.h"

namespace snapsim::kubectl {
namespace {

using columns_internal::KindPrinter;

const KindPrinter* FindPrinter(std::string_view kind) {
  for (auto registry : {columns_internal::CorePrinters(), columns_internal::StoragePrinters(),
                        columns_internal::CustomPrinters()}) {
    for (const KindPrinter& p : registry) {
      if (p.kind == kind) return &p;
    }
  }
  return nullptr;
}

Status UnknownKind(std::string_view kind) {
  return Status::Unsupported(
      fmt::format("kubectl get: snapsim has no table printer for kind \"{}\"", kind));
}

}  // namespace

Result<std::vector<TableColumn>> TableColumns(std::string_view kind, int kube_minor) {
  const KindPrinter* p = FindPrinter(kind);
  if (p == nullptr) return UnknownKind(kind);
  return p->columns(kube_minor);
}

Result<ServerTable> ConvertToTable(std::string_view kind, const std::vector<api::Value>& objects,
                                   int kube_minor, std::int64_t now_unix_seconds) {
  const KindPrinter* p = FindPrinter(kind);
  if (p == nullptr) return UnknownKind(kind);
  // Keep now * 1e9 inside int64 (years 1678..2262, the range ParseRfc3339 accepts).
  if (now_unix_seconds < -9'000'000'000LL || now_unix_seconds > 9'000'000'000LL) {
    return Status::InvalidArgument(
        fmt::format("kubectl get: virtual time {}s is out of range", now_unix_seconds));
  }
  columns_internal::RowContext ctx{kube_minor, now_unix_seconds * engine::kSecond};
  ServerTable table;
  table.columns = p->columns(kube_minor);
  table.rows.reserve(objects.size());
  for (const api::Value& obj : objects) {
    Result<columns_internal::Cells> row = p->row(obj, ctx);
    if (!row.ok()) {
      std::string name;
      if (const api::Value* n = columns_internal::Find(obj, {"metadata", "name"});
          n != nullptr && n->is_string()) {
        name = n->as_string();
      }
      return row.status().WithPrefix(fmt::format("{} \"{}\": ", kind, name));
    }
    if (row->size() != table.columns.size()) {
      return Status::Internal(fmt::format("table printer for {} made {} cells for {} columns", kind,
                                          row->size(), table.columns.size()));
    }
    table.rows.push_back(std::move(row).value());
  }
  return table;
}

bool IsClusterScopedKind(std::string_view kind) {
  const KindPrinter* p = FindPrinter(kind);
  return p != nullptr && p->cluster_scoped;
}

bool IsTableKind(std::string_view kind) { return FindPrinter(kind) != nullptr; }

}  // namespace snapsim::kubectl
