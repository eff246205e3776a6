// `kubectl get <kind>` human-readable output (the default table, -o wide, -A, --show-labels,
// -L, --no-headers), byte for byte as real kubectl prints it.
//
// The pipeline is the real one: the server builds a meta.k8s.io Table for the cluster's
// Kubernetes minor version (columns.h); kubectl decorates it (a leading NAMESPACE column with
// -A, unless the kind is cluster-scoped; one column per -L key, headed by the key's last
// '/'-segment upper-cased, empty where the label is missing; a trailing LABELS column
// "k=v,k2=v2" or "<none>" with --show-labels), drops priority-1 columns unless -o wide,
// upper-cases the headers, prints cells (null as empty; strings cut at the first \n, \r or
// \f with "..." appended; ESC and CR escaped as "^[" and "\r") and aligns them with its
// tabwriter (table_writer.h). Every line ends in "\n".
//
// The caller prints "No resources found ..." for an empty list; PrintTable returns "" for
// no objects. Called by the kubectl front end (`get`) and by describe. Thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/engine/status.h"
#include "sim/kubectl/columns.h"
#include "src/api/value.h"

namespace snapsim::kubectl {

struct TableOptions {
  bool wide = false;                       // -o wide
  bool with_namespace = false;             // -A / --all-namespaces: a leading NAMESPACE column
  bool no_headers = false;                 // --no-headers
  bool show_labels = false;                // a trailing LABELS column: k=v,k2=v2 or <none>
  std::vector<std::string> label_columns;  // -L key (upper-cased header)
  int kube_minor = 30;                     // cluster.kubernetesVersion minor, e.g. 22 for "1.22"
  std::int64_t now_unix_seconds = 0;       // virtual "now", for AGE and date columns
};

// Renders one table for objects of one kind ("Pod", "VolumeSnapshot", ...), in the given
// order. Returns an Unsupported status for a kind it does not know, InvalidArgument for an
// object with a malformed timestamp.
Result<std::string> PrintTable(std::string_view kind, const std::vector<api::Value>& objects,
                               const TableOptions& options);

// The header cells kubectl would print for `kind` with `options` (NAMESPACE, wide, label
// columns applied; upper-cased), whether or not no_headers is set. Unsupported for an
// unknown kind. The server's own declaration is TableColumns() in columns.h.
Result<std::vector<std::string>> ColumnHeaders(std::string_view kind, const TableOptions& options);

}  // namespace snapsim::kubectl
