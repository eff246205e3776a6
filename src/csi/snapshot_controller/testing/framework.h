// Table-driven test framework for the snapshot controller, in the spirit of
// external-snapshotter's pkg/common-controller/framework_test.go. Test-only:
// implemented in ../framework_test.cc and ../framework_builders_test.cc (the
// builders of builders.h and the operations), used by the *_test.cc files there.
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

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/engine/event_loop.h"
#include "sim/engine/rng.h"
#include "src/csi/snapshot_controller/snapshot_controller.h"
#include "src/csi/snapshot_controller/testing/builders.h"
#include "src/fake_apiserver/apiserver.h"

namespace snapsim::csi::testing {

// ---- expectations -----------------------------------------------------------

struct Fault {
  std::string verb;               // "get", "create", "update", "patch", "delete", "list"
  std::string resource;           // plural: "volumesnapshots", "persistentvolumeclaims", ...
  std::string reason;             // ApiError::FromReasonName: "Conflict", "InternalError", ...
  std::string subresource = "*";  // "*" any, "" main resource only, "status"
};

struct ExpectedEvent {
  std::string type;  // Normal | Warning
  std::string reason;
  std::string message;  // exact; ending in "..." = prefix
};
inline ExpectedEvent Normal(std::string reason, std::string message) {
  return {"Normal", std::move(reason), std::move(message)};
}
inline ExpectedEvent Warning(std::string reason, std::string message) {
  return {"Warning", std::move(reason), std::move(message)};
}

struct Outcome {
  bool ok = true;
  std::optional<std::string> message;  // exact error message when set
};
inline Outcome Success() { return {}; }
inline Outcome Failure() { return {false, std::nullopt}; }
inline Outcome Failure(std::string message) { return {false, std::move(message)}; }

class Fixture;

struct Operation {
  std::function<Status(Fixture&)> run;
  bool single_sync = true;  // prime the private stores; the loop is not run
};
Operation SyncSnapshot(std::string key);  // "default/snap1"
Operation SyncContent(std::string name);
Operation RunToRest(engine::Nanos limit = engine::kHour);
Operation Custom(std::function<Status(Fixture&)> fn, bool single_sync);

struct ControllerTest {
  std::string name;  // "2-1 - (dynamic) ..."
  std::vector<VsClass> classes = StandardClasses();
  std::vector<Pvc> claims;
  std::vector<Pv> volumes;
  std::vector<Vs> snapshots;
  std::vector<Vsc> contents;
  std::function<void(Fixture&)> before;  // after start/priming, before the operation
  std::vector<Fault> errors;
  Operation op;
  std::optional<std::vector<Vs>> expected_snapshots;  // unset: unchanged
  std::optional<std::vector<Vsc>> expected_contents;  // unset: unchanged
  std::optional<std::vector<Pvc>> expected_claims;    // unset: unchanged
  std::vector<ExpectedEvent> expected_events;
  Outcome outcome = Success();
  std::optional<std::vector<std::string>> expected_writes;
  std::function<void(Fixture&)> check;  // extra assertions
  std::string bug;                      // non-empty: skipped as a known controller bug
};

struct EmittedEvent {
  std::string type, reason, message, object;
};

// One row's world. Rows reach it through `before`, Custom operations and `check`.
class Fixture {
 public:
  Fixture();
  ~Fixture();
  Fixture(const Fixture&) = delete;
  Fixture& operator=(const Fixture&) = delete;

  apiserver::ApiServer& server() { return server_; }
  engine::EventLoop& loop() { return loop_; }
  SnapshotController& controller() { return *controller_; }

  // Replaces {uid:...} / {pvcuid:...}; an unknown name is a test failure.
  std::string Resolve(std::string_view s) const;
  // The object as JSON with every placeholder replaced.
  api::Value ResolvedValue(const api::Object& o) const;
  // Creates a row's initial objects (step 1).
  void Seed(const ControllerTest& t);
  void StartController();
  void PrimeCaches(const ControllerTest& t);
  void InstallFaults(std::vector<Fault> faults);
  engine::SettleResult Settle(engine::Nanos limit = engine::kHour) { return loop_.Settle(limit); }
  // Creates an object as `client` (placeholders resolved); the test fails on error.
  api::ObjectPtr CreateAs(std::string_view client, api::MutableObjectPtr obj);

  // Every event emission of the controller since the operation began, in order.
  std::vector<EmittedEvent> events() const;
  const std::vector<std::string>& writes() const { return writes_; }
  const std::vector<Fault>& unused_faults() const { return faults_; }

  // Peek helpers (never faulted).
  std::shared_ptr<const api::VolumeSnapshot> GetVs(std::string_view name,
                                                   std::string_view ns = "default") const;
  std::shared_ptr<const api::VolumeSnapshotContent> GetVsc(std::string_view name) const;
  std::shared_ptr<const api::PersistentVolumeClaim> GetPvc(std::string_view name,
                                                           std::string_view ns = "default") const;

 private:
  std::optional<apiserver::FaultDecision> OnRequest(const apiserver::Request& r);
  api::MutableObjectPtr ResolveObject(const api::Object& o) const;
  void Uid(std::string key, std::string uid) { uids_.emplace_back(std::move(key), std::move(uid)); }

  engine::EventLoop loop_;
  engine::Rng rng_{1};
  apiserver::ApiServer server_;
  std::unique_ptr<SnapshotController> controller_;
  std::vector<std::pair<std::string, std::string>>
      uids_;  // "uid:ns/name" / "pvcuid:ns/name" -> uid
  std::vector<Fault> faults_;
  std::vector<std::pair<std::string, std::string>>
      emissions_;  // (namespace, Event name), read back later
  std::vector<std::string> writes_;
  bool priming_ = false;
  bool recording_ = false;
};

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
