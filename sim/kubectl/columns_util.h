// Internal to the server-side printers (columns*.cc): the per-kind printer registry and the
// field readers and formatters the printers share.
//
// Readers never abort on a malformed object: a missing field or a field of the wrong JSON
// type reads as Go's zero value, so a printer sees what the typed Go struct would hold.
// Only timestamps can fail (present but not RFC 3339). Not for use outside sim/kubectl.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sim/engine/status.h"
#include "sim/engine/time.h"
#include "sim/kubectl/columns.h"
#include "src/api/go_format.h"
#include "src/api/value.h"

namespace snapsim::kubectl::columns_internal {

struct RowContext {
  int kube_minor = 30;
  engine::Nanos now = 0;  // virtual now, nanoseconds since the Unix epoch
};

using Cells = std::vector<api::Value>;

// How the server prints one kind.
struct KindPrinter {
  std::string_view kind;
  bool cluster_scoped;
  std::vector<TableColumn> (*columns)(int kube_minor);
  Result<Cells> (*row)(const api::Value& obj, const RowContext& ctx);  // one cell per column
};

// Registries, one per source file.
std::span<const KindPrinter> CorePrinters();     // columns_core.cc (+ Pod, columns_pod.cc)
std::span<const KindPrinter> StoragePrinters();  // columns_storage.cc
std::span<const KindPrinter> CustomPrinters();   // columns_crd.cc

// Builds a column list: {name, type} or {name, type, priority}.
TableColumn Col(std::string_view name, std::string_view type, int priority = 0);

// ---- field readers -------------------------------------------------------------------

// The value at `path` (object keys), or nullptr if any step is missing or not an object.
const api::Value* Find(const api::Value& v, std::initializer_list<std::string_view> path);
// The string at `path`, "" if missing or not a string.
std::string Str(const api::Value& v, std::initializer_list<std::string_view> path);
// The string at `path`, nullopt if missing, null or not a string (a Go *string).
std::optional<std::string> OptStr(const api::Value& v,
                                  std::initializer_list<std::string_view> path);
// The integer at `path` (a double is truncated), `def` if missing or not a number.
std::int64_t Int(const api::Value& v, std::initializer_list<std::string_view> path,
                 std::int64_t def = 0);
// The bool at `path`, nullopt if missing or not a bool (a Go *bool).
std::optional<bool> OptBool(const api::Value& v, std::initializer_list<std::string_view> path);
// The array at `path`, empty if missing or not an array.
const api::Value::Array& Arr(const api::Value& v, std::initializer_list<std::string_view> path);
// Number of members of the object (or elements of the array) at `path`; 0 if missing.
std::int64_t Count(const api::Value& v, std::initializer_list<std::string_view> path);

// ---- time ------------------------------------------------------------------------------

// Parses the RFC 3339 timestamp `ts` (may be null): nullopt for absent, null or "" (Go's zero
// time); InvalidArgument naming `field` if it is not a valid timestamp.
Result<std::optional<engine::Nanos>> ParseTime(const api::Value* ts, std::string_view field);
// translateTimestampSince: "<unknown>" for the zero time, else HumanAge(now - t).
std::string Since(const std::optional<engine::Nanos>& t, const RowContext& ctx);
// Since() of the timestamp at `path`.
Result<std::string> AgeAt(const api::Value& obj, std::initializer_list<std::string_view> path,
                          const RowContext& ctx);
// Since() of metadata.creationTimestamp: the AGE cell.
Result<std::string> Age(const api::Value& obj, const RowContext& ctx);

// ---- formatting ------------------------------------------------------------------------

// labels.FormatLabels: "k=v,k2=v2" sorted by key, "<none>" when empty.
std::string FormatLabels(const api::Value* labels);
// helper.GetAccessModesAsString: "RWO,ROX,RWX,RWOP" subset in that order, duplicates dropped.
std::string AccessModes(const api::Value* modes);
// resource.Quantity.String() of a quantity value: canonical form; "0" if absent.
std::string QuantityString(const api::Value* q);
// Go's fmt.Sprint of a JSON-decoded value (one implementation: src/api/go_format.h).
inline std::string GoSprint(const api::Value& v) { return api::GoValue(v); }
// Container names and images joined by "," (layoutContainerCells).
void ContainerCells(const api::Value& pod_spec, std::string* names, std::string* images);

}  // namespace snapsim::kubectl::columns_internal
