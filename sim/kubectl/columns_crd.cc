// Tables the apiextensions-apiserver serves: custom resources through their CRD's
// additionalPrinterColumns (the external-snapshotter v1 CRDs: VolumeSnapshot,
// VolumeSnapshotContent, VolumeSnapshotClass) and CustomResourceDefinition objects themselves
// through the generic default table (NAME, CREATED AT).
//
// Custom-resource cells follow apiextensions' tableconvertor: the first column is the name;
// a path that is missing or null gives a null cell (printed empty); "integer"/"boolean" keep
// only values of that JSON type; "string" prints any value as jsonpath would (fmt.Sprint);
// "date" prints an age, "<unknown>" for an empty string and "<invalid>" for a bad timestamp.
// All external-snapshotter columns have priority 0, so `-o wide` adds nothing.
#include <fmt/format.h>

#include <string>

#include "sim/kubectl/columns_util.h"
#include "src/api/go_format.h"

namespace snapsim::kubectl::columns_internal {
namespace {

struct PrinterColumn {
  std::string_view name;
  std::string_view type;
  std::string_view json_path;  // a simple jsonPath: ".a.b.c"
};

// external-snapshotter client/config/crd/snapshot.storage.k8s.io_*.yaml, version v1.
const PrinterColumn kVolumeSnapshotColumns[] = {
    {"ReadyToUse", "boolean", ".status.readyToUse"},
    {"SourcePVC", "string", ".spec.source.persistentVolumeClaimName"},
    {"SourceSnapshotContent", "string", ".spec.source.volumeSnapshotContentName"},
    {"RestoreSize", "string", ".status.restoreSize"},
    {"SnapshotClass", "string", ".spec.volumeSnapshotClassName"},
    {"SnapshotContent", "string", ".status.boundVolumeSnapshotContentName"},
    {"CreationTime", "date", ".status.creationTime"},
    {"Age", "date", ".metadata.creationTimestamp"},
};

const PrinterColumn kVolumeSnapshotContentColumns[] = {
    {"ReadyToUse", "boolean", ".status.readyToUse"},
    {"RestoreSize", "integer", ".status.restoreSize"},
    {"DeletionPolicy", "string", ".spec.deletionPolicy"},
    {"Driver", "string", ".spec.driver"},
    {"VolumeSnapshotClass", "string", ".spec.volumeSnapshotClassName"},
    {"VolumeSnapshot", "string", ".spec.volumeSnapshotRef.name"},
    {"VolumeSnapshotNamespace", "string", ".spec.volumeSnapshotRef.namespace"},
    {"Age", "date", ".metadata.creationTimestamp"},
};

const PrinterColumn kVolumeSnapshotClassColumns[] = {
    {"Driver", "string", ".driver"},
    {"DeletionPolicy", "string", ".deletionPolicy"},
    {"Age", "date", ".metadata.creationTimestamp"},
};

std::vector<TableColumn> CustomColumns(std::span<const PrinterColumn> printer_columns) {
  std::vector<TableColumn> cols = {Col("Name", "string")};
  for (const PrinterColumn& c : printer_columns) cols.push_back(Col(c.name, c.type));
  return cols;
}

// Follows a simple jsonPath (".a.b.c"); nullptr when a step is missing.
const api::Value* FindJsonPath(const api::Value& obj, std::string_view json_path) {
  const api::Value* cur = &obj;
  std::size_t pos = 0;
  while (cur != nullptr && pos < json_path.size()) {
    if (json_path[pos] == '.') ++pos;
    std::size_t end = json_path.find('.', pos);
    if (end == std::string_view::npos) end = json_path.size();
    cur = cur->Find(json_path.substr(pos, end - pos));
    pos = end;
  }
  return cur;
}

api::Value CustomCell(const api::Value& obj, const PrinterColumn& col, const RowContext& ctx) {
  const api::Value* v = FindJsonPath(obj, col.json_path);
  if (v == nullptr || v->is_null()) return api::Value();
  if (col.type == "integer") {
    if (v->is_int()) return *v;
    if (v->is_double()) return api::Value(static_cast<std::int64_t>(v->as_double()));
    return api::Value();
  }
  if (col.type == "number") return v->is_number() ? api::Value(v->as_double()) : api::Value();
  if (col.type == "boolean") return v->is_bool() ? *v : api::Value();
  if (col.type == "string") return api::Value(api::GoValue(*v));
  if (col.type == "date") {
    if (!v->is_string()) return api::Value();
    if (v->as_string().empty()) return api::Value("<unknown>");
    Result<engine::Nanos> t = engine::ParseRfc3339(v->as_string());
    if (!t.ok()) return api::Value("<invalid>");
    return api::Value(engine::HumanAge(ctx.now - *t));
  }
  return api::Value();
}

Result<Cells> CustomRow(const api::Value& obj, std::span<const PrinterColumn> printer_columns,
                        const RowContext& ctx) {
  Cells cells = {Str(obj, {"metadata", "name"})};
  for (const PrinterColumn& c : printer_columns) cells.push_back(CustomCell(obj, c, ctx));
  return cells;
}

std::vector<TableColumn> VolumeSnapshotColumns(int) {
  return CustomColumns(kVolumeSnapshotColumns);
}
Result<Cells> VolumeSnapshotRow(const api::Value& o, const RowContext& ctx) {
  return CustomRow(o, kVolumeSnapshotColumns, ctx);
}
std::vector<TableColumn> VolumeSnapshotContentColumns(int) {
  return CustomColumns(kVolumeSnapshotContentColumns);
}
Result<Cells> VolumeSnapshotContentRow(const api::Value& o, const RowContext& ctx) {
  return CustomRow(o, kVolumeSnapshotContentColumns, ctx);
}
std::vector<TableColumn> VolumeSnapshotClassColumns(int) {
  return CustomColumns(kVolumeSnapshotClassColumns);
}
Result<Cells> VolumeSnapshotClassRow(const api::Value& o, const RowContext& ctx) {
  return CustomRow(o, kVolumeSnapshotClassColumns, ctx);
}

// ---- CustomResourceDefinition: the generic registry's default table ------------------

std::vector<TableColumn> CRDColumns(int) {
  return {Col("Name", "string"), Col("Created At", "date")};
}

Result<Cells> CRDRow(const api::Value& o, const RowContext&) {
  SNAPSIM_ASSIGN_OR_RETURN(
      std::optional<engine::Nanos> created,
      ParseTime(Find(o, {"metadata", "creationTimestamp"}), "metadata.creationTimestamp"));
  std::string created_at = "0001-01-01T00:00:00Z";  // Go's zero time in RFC 3339
  if (created.has_value()) {
    engine::Nanos ns = *created;
    std::int64_t secs = ns / engine::kSecond;
    if (ns % engine::kSecond < 0) --secs;  // floor: Format drops the fraction
    created_at = engine::FormatRfc3339(secs);
  }
  return Cells{Str(o, {"metadata", "name"}), created_at};
}

const KindPrinter kCustomPrinters[] = {
    {"VolumeSnapshot", false, VolumeSnapshotColumns, VolumeSnapshotRow},
    {"VolumeSnapshotContent", true, VolumeSnapshotContentColumns, VolumeSnapshotContentRow},
    {"VolumeSnapshotClass", true, VolumeSnapshotClassColumns, VolumeSnapshotClassRow},
    {"CustomResourceDefinition", true, CRDColumns, CRDRow},
};

}  // namespace

std::span<const KindPrinter> CustomPrinters() { return kCustomPrinters; }

}  // namespace snapsim::kubectl::columns_internal
