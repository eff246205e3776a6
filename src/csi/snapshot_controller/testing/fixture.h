// The rows and the world of the snapshot controller's table-driven tests
// (framework.h describes them): ControllerTest, the operations and the Fixture
// that seeds, starts and primes. No gtest: failures go through ReportFailure()
// (builders.h), so bench/table_case_bench.cc can time single syncs on the same
// fixtures. Implemented in fixture.cc.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/engine/event_loop.h"
#include "sim/engine/rng.h"
#include "src/csi/snapshot_controller/snapshot_controller.h"
#include "src/csi/snapshot_controller/testing/builders.h"
#include "src/fake_apiserver/apiserver.h"
#include "src/fake_apiserver/injected_faults.h"

namespace snapsim::csi::testing {

// ---- expectations -----------------------------------------------------------

using Fault = apiserver::InjectedFault;

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

  // Replaces {uid:...} / {pvcuid:...}; an unknown name is a failure (ReportFailure).
  std::string Resolve(std::string_view s) const;
  // The object as JSON with every placeholder replaced.
  api::Value ResolvedValue(const api::Object& o) const;
  // Creates a row's initial objects (step 1).
  void Seed(const ControllerTest& t);
  void StartController();
  void PrimeCaches(const ControllerTest& t);
  void InstallFaults(std::vector<Fault> faults);
  engine::SettleResult Settle(engine::Nanos limit = engine::kHour) { return loop_.Settle(limit); }
  // Creates an object as `client` (placeholders resolved); an error is a failure.
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

}  // namespace snapsim::csi::testing
