// Server-side printing: the meta.k8s.io Table an API server returns for `kubectl get`.
//
// Since Kubernetes 1.11 the API server, not kubectl, decides the columns of `kubectl get`:
// kube-apiserver's built-in printers (pkg/printers/internalversion) for core and storage
// kinds, the CRD's additionalPrinterColumns for custom resources (VolumeSnapshot & co.,
// external-snapshotter v1 CRDs) and the default "Name, Created At" table for
// CustomResourceDefinition objects. This file reproduces those tables for the kinds snapsim
// holds, per Kubernetes minor version (columns appeared over 1.18..1.32).
//
// Like the real server, a table always carries every column and every cell, wide ones
// (priority 1) included; kubectl drops the priority-1 columns unless `-o wide`
// (see table_printer.h). Cells are JSON-shaped exactly as the server would send them:
// string, int, bool or null (null prints as an empty cell).
//
// Objects are api::Values in the usual Kubernetes JSON shape. Missing fields read as Go's zero
// values (or the API defaults the real server would have applied); a timestamp that is
// present but not RFC 3339 is an InvalidArgument error. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/engine/status.h"
#include "src/api/value.h"

namespace snapsim::kubectl {

// One metav1.TableColumnDefinition.
struct TableColumn {
  std::string name;  // as the server declares it: "Name", "Access Modes", "ReadyToUse"
  std::string type;  // "string", "integer", "boolean", "number" or "date"
  int priority = 0;  // 0: always printed; 1: only with -o wide

  friend bool operator==(const TableColumn&, const TableColumn&) = default;
};

// A metav1.Table: one row per object, each row with one cell per column.
struct ServerTable {
  std::vector<TableColumn> columns;
  std::vector<std::vector<api::Value>> rows;
};

// The columns the server declares for `kind` ("Pod", "VolumeSnapshot", ...) on a cluster of
// Kubernetes minor version `kube_minor` (e.g. 22 for 1.22). Unsupported for an unknown kind.
Result<std::vector<TableColumn>> TableColumns(std::string_view kind, int kube_minor);

// The table the server returns for `objects` (all of kind `kind`, in that order) at virtual
// time `now_unix_seconds` (used for AGE and other relative-time cells).
Result<ServerTable> ConvertToTable(std::string_view kind, const std::vector<api::Value>& objects,
                                   int kube_minor, std::int64_t now_unix_seconds);

// Whether the kind is cluster-scoped (kubectl then prints no NAMESPACE column, even with -A).
// False for unknown kinds.
bool IsClusterScopedKind(std::string_view kind);

// Whether TableColumns/ConvertToTable know the kind.
bool IsTableKind(std::string_view kind);

}  // namespace snapsim::kubectl
