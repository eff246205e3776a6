// Internal: kube-apiserver's Pod printer (READY, STATUS, RESTARTS derivation), registered in
// CorePrinters(). The STATUS rules follow pkg/printers/internalversion printPod:
// Init:N/M, Init:<reason>, container waiting/terminated reasons, Completed vs Running/NotReady,
// Terminating (deletionTimestamp; from 1.31 not for Succeeded/Failed pods), Unknown (NodeLost).
// RESTARTS gains the " (5m ago)" suffix from 1.22; restartable (sidecar) init containers
// count from 1.28.
#pragma once

#include <vector>

#include "sim/kubectl/columns_util.h"

namespace snapsim::kubectl::columns_internal {

std::vector<TableColumn> PodColumns(int kube_minor);
Result<Cells> PodRow(const api::Value& pod, const RowContext& ctx);

}  // namespace snapsim::kubectl::columns_internal
