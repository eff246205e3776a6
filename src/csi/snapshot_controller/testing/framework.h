// Table-driven test framework for the snapshot controller, in the spirit of
// external-snapshotter's pkg/common-controller/framework_test.go. Test-only.
// The rows, the operations and the Fixture (steps 1-4) are in fixture.h, without
// gtest (fixture.cc, builders.cc; bench/table_case_bench.cc runs single syncs on
// them); the runner (steps 5-6) and the gtest glue here, in ../framework_test.cc.
// Failures of the builders and the fixture reach gtest through ReportFailure().
//
// One ControllerTest is one table row: a numbered, named case ("2-1 - (dynamic)
// ..."), the initial objects (classes, claims, volumes, snapshots, contents),
// API errors to inject, one operation, and what must hold afterwards: objects,
// events, the returned error (or success), optionally the exact write requests.
//
// How a row runs (RunControllerTest):
//  1. A fresh EventLoop + Rng + ApiServer; the initial objects are created as
//     client "test-setup" (namespaces first, then classes, claims, volumes,
//     snapshots, contents; statuses through UpdateStatus; objects marked
//     Deleting() are deleted last, so they keep a deletionTimestamp — give them
//     a finalizer). The API server assigns uids, so rows name uids symbolically:
//     "{uid:snap1}" (VolumeSnapshot default/snap1; "{uid:ns/snap1}" for another
//     namespace) and "{pvcuid:claim1}" are replaced in every string of every
//     object, key, expected event and expected error.
//  2. The controller is started (Start()): its informers list synchronously, so
//     their caches are complete at once, and every key is queued (as loop events).
//  3. Operations:
//     - SyncSnapshot(key) / SyncContent(name): exactly one call of
//       SyncSnapshotByKey / SyncContentByKey; the loop does not run, so nothing
//       else is processed (the queued keys stay queued). Beforehand the
//       framework "primes" the controller's private stores, as upstream's test
//       framework fills ctrl.snapshotStore/contentStore and as upstream's Run()
//       does in initializeCaches(): it syncs every initial content and snapshot
//       once with *every* request of the controller refused (503), so the only
//       effect is that the private stores hold the objects. (Start() itself does
//       not fill them yet: case 9-3. Once it does, priming is redundant and
//       harmless.) (A snapshot whose
//       class cannot be resolved never reaches the store this way; rows that need
//       one there should not depend on it.) Priming requests, events and writes
//       are not recorded and consume no injected error.
//     - RunToRest(limit): no priming; the loop settles (queues, backoff, watch
//       events) until at rest; the outcome is an error if it is not at rest.
//     - Custom(fn, single_sync): anything else (two syncs in a row, settling,
//       then mutating an object as csi-snapshotter, ...).
//     `before` runs after the start (and priming) but before the operation,
//     like upstream's wrapTestWithInjectedOperation (e.g. an object the
//     informer has not seen yet).
//  4. Injected errors: a Fault {verb, resource, reason} fails the first request
//     of the snapshot-controller that matches it, then is used up (one per
//     matching call, in table order). A fault left unused fails the row: the
//     call it was meant for never happened.
//  5. Afterwards, with the API server's store read through Peek (never faulted):
//     - snapshots and contents (expected_* unset = "unchanged from the initial
//       objects"): name, namespace, deleting or not, finalizers (sorted),
//       annotations, labels, spec and status (status.creationTime included) are
//       compared; ignored are metadata uid, resourceVersion, creation and
//       deletion timestamps (only "deleting" yes/no), status.error.time and
//       spec.volumeSnapshotRef.resourceVersion. An object deleted from the
//       store must be absent from the expected list.
//     - claims: name, deleting or not and the snapshot.storage.kubernetes.io/*
//       finalizers (the admission plugin's kubernetes.io/pvc-protection is not
//       the controller's business).
//     - events: every event the controller emitted (each emission, including
//       repeats that the recorder aggregates), in order: type, reason and
//       message; a message ending in "..." matches as a prefix.
//     - the operation's Status: Success(), Failure() or Failure(exact message).
//     - expected_writes (when set): the controller's write requests, in order,
//       as "verb resource[/subresource]" ("update volumesnapshots/status").
//  6. A row with a non-empty `bug` is skipped with GTEST_SKIP() << "BUG: " <<
//     bug: the expectation is upstream's behaviour and the controller deviates.
//     With SNAPSIM_RUN_BUG_CASES=1 in the environment such rows run anyway (to
//     see the failure, or to confirm a fix before deleting the `bug` line).
#pragma once

#include <gtest/gtest.h>

#include <ostream>
#include <string>

#include "src/csi/snapshot_controller/testing/fixture.h"

namespace snapsim::csi::testing {

// Runs one row (steps 1-6). Call from a TEST_P body.
void RunControllerTest(const ControllerTest& t);

// gtest parameter name: "C2_1_dynamic_snapshot_..." from "2-1 - (dynamic) snapshot ...".
std::string CaseName(const std::string& name);

// gtest prints a row by its name.
void PrintTo(const ControllerTest& t, std::ostream* os);

class ControllerTableTest : public ::testing::TestWithParam<ControllerTest> {};

// INSTANTIATE_TEST_SUITE_P(Create, ControllerTableTest, ::testing::ValuesIn(CreateCases()),
// CaseParamName);
std::string CaseParamName(const ::testing::TestParamInfo<ControllerTest>& info);

}  // namespace snapsim::csi::testing
