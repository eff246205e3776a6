// Item (6) of BENCHMARKS.md: one controller sync of an upstream-style table case, timed
// alone. Each sync gets a fresh world built untimed exactly as the table tests build it
// (API server, the row's objects through the same builders, faults, the component
// started, snapshot-controller's private stores primed); only the one sync call is
// timed (steady clock). After each sync, untimed, the row's effect is checked, and a
// sync without it is an error: a broken sync never reports a fast number.
//
// The rows are snapsim's equivalents of the upstream rows issue 7 names (our tables are
// numbered differently):
//  - kDynamicCreate: snapshot_create_test.cc "2-1" (upstream common-controller "6-1 -
//    successful create snapshot with snapshot class gold");
//  - kDynamicDelete: snapshot_delete_test.cc "7-1" (upstream "3-1 - (dynamic) content
//    will be deleted if snapshot deletion timestamp is set");
//  - kSidecarCreate: content_create_test.cc "S-1" (upstream sidecar "1-2: Basic sync
//    content create snapshot");
//  - kSidecarDelete: content_delete_test.cc "S-31" (upstream sidecar "1-1 - content
//    non-nil DeletionTimestamp with delete policy will delete snapshot").
// The timed calls are the functions TimedSnapshotSync and TimedContentSync (never
// inlined, so that callgrind's --toggle-collect can name them).
#pragma once

#include <string>
#include <vector>

#include "sim/engine/status.h"

namespace snapsim::bench {

enum class TableCase { kDynamicCreate, kDynamicDelete, kSidecarCreate, kSidecarDelete };

inline constexpr TableCase kAllTableCases[] = {TableCase::kDynamicCreate, TableCase::kDynamicDelete,
                                               TableCase::kSidecarCreate, TableCase::kSidecarDelete};

// "snapshot-controller create (2-1 / 6-1)": the component, the kind of sync, our row / upstream's.
std::string TableCaseTitle(TableCase c);
// The row's number in our tables ("2-1", "S-31").
std::string TableCaseRow(TableCase c);

// Seconds per sync, one sample per sync; an error names what was wrong with the world or
// the sync's effect.
Result<std::vector<double>> TimeTableCase(TableCase c, int syncs);

}  // namespace snapsim::bench
