// The rows and the world of csi-snapshotter's table-driven tests (framework.h
// describes them): builders, the scripted CSI driver, SidecarTest, the operations
// and the Fixture. No gtest: failures go through ReportFailure(), so
// bench/table_case_bench.cc can time single syncs on the same fixtures.
// Implemented in fixture.cc.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/engine/event_loop.h"
#include "sim/engine/rng.h"
#include "src/api/kinds_core.h"
#include "src/api/kinds_snapshot.h"
#include "src/csi/snapshotter_sidecar/snapshotter_sidecar.h"
#include "src/csi/util/snapshot_names.h"
#include "src/fake_apiserver/apiserver.h"
#include "src/fake_apiserver/injected_faults.h"

namespace snapsim::csi::sidecar_testing {

inline constexpr std::string_view kDriver = "diskplugin.csi.alibabacloud.com";
inline constexpr std::string_view kOtherDriver = "nasplugin.csi.alibabacloud.com";
inline constexpr std::string_view kContentBound = kVolumeSnapshotContentFinalizer;
inline constexpr std::string_view kBeingCreated = kBeingCreatedAnnotation;
inline constexpr std::string_view kBeingDeleted = kBeingDeletedAnnotation;
// Virtual time 0 in Unix seconds / nanoseconds.
inline constexpr std::int64_t kTime0Seconds = 1767225600;
inline constexpr std::int64_t kTime0Nanos = kTime0Seconds * 1'000'000'000;
inline constexpr std::int64_t kGiB = std::int64_t{1} << 30;

// ---- failures ----------------------------------------------------------------------

// Counts the failure and hands it to the reporter: by default a line on stderr;
// the gtest framework (framework_test.cc) installs one that calls ADD_FAILURE().
void ReportFailure(std::string_view message);
void SetFailureReporter(std::function<void(std::string_view)> reporter);
// Failures reported since the process started.
int FailureCount();

// ---- builders -------------------------------------------------------------------

class VsClass {
 public:
  explicit VsClass(std::string name);  // kDriver, Delete
  VsClass& Driver(std::string_view d);
  VsClass& Policy(std::string_view p);
  VsClass& Param(std::string key, std::string value);
  std::shared_ptr<api::VolumeSnapshotClass> obj;
};
// gold (Delete) and silver (Retain).
std::vector<VsClass> StandardClasses();

class SecretObj {
 public:
  SecretObj(std::string name, std::string ns, std::map<std::string, std::string> data);  // plain values
  std::shared_ptr<api::Secret> obj;
};

class Vsc {
 public:
  explicit Vsc(std::string name);  // kDriver, Delete, no source, no ref
  Vsc& Ref(std::string vs, std::string uid, std::string ns = "default");
  Vsc& VolumeHandle(std::string h);
  Vsc& SnapshotHandle(std::string h);
  Vsc& Policy(std::string_view p);
  Vsc& Driver(std::string_view d);
  Vsc& Class(std::string c);
  Vsc& NoClass();
  Vsc& Annotation(std::string key, std::string value);
  Vsc& NoAnnotation(std::string_view key);
  Vsc& BeingCreated() { return Annotation(std::string(kBeingCreated), "yes"); }
  Vsc& BeingDeleted() { return Annotation(std::string(kBeingDeleted), "yes"); }
  Vsc& Finalizers(std::vector<std::string_view> f);
  Vsc& Deleting();
  Vsc& EmptyStatus();
  Vsc& Handle(std::string h);
  Vsc& Ready(bool r);
  Vsc& CreatedNanos(std::int64_t unix_nanos);
  Vsc& RestoreSize(std::int64_t bytes);
  Vsc& Error(std::string message);
  Vsc& GroupHandle(std::string h);
  std::shared_ptr<api::VolumeSnapshotContent> obj;
};

// A dynamic content as the common controller creates it and binds it: ref
// default/<vs> with uid, volumeHandle, class gold, Delete, the content finalizer.
Vsc Dynamic(std::string name, std::string vs, std::string uid, std::string volume = "vol-1");
// A pre-provisioned content: ref default/<vs> (uid given or ""), snapshotHandle, class gold.
Vsc Static(std::string name, std::string vs, std::string uid, std::string handle);

// ---- CSI script -----------------------------------------------------------------------

struct CsiCall {
  std::string method;  // CreateSnapshot | DeleteSnapshot | ListSnapshots
  // Expected request.
  std::string volume;       // CreateSnapshot: source_volume_id
  std::string name;         // CreateSnapshot: name
  std::string snapshot_id;  // DeleteSnapshot / ListSnapshots
  std::optional<std::map<std::string, std::string>> parameters;  // unset: not checked
  std::optional<std::map<std::string, std::string>> secrets;     // unset: not checked
  // Reply.
  std::optional<disk::GrpcStatus> error;
  disk::Snapshot snapshot;                   // CreateSnapshot's answer
  std::vector<disk::Snapshot> entries;       // ListSnapshots' answer
  engine::Nanos reply_after = -1;            // < 0: inside the call
};
// CreateSnapshot(volume, name) answering a snapshot.
CsiCall Create(std::string volume, std::string name, std::string id, bool ready,
               std::int64_t created_seconds = kTime0Seconds + 100, std::int64_t size = 20 * kGiB);
CsiCall CreateFails(std::string volume, std::string name, disk::GrpcCode code, std::string message);
CsiCall Delete(std::string id);
CsiCall DeleteFails(std::string id, disk::GrpcCode code, std::string message);
CsiCall List(std::string id, std::vector<disk::Snapshot> entries);
disk::Snapshot Entry(std::string id, bool ready, std::int64_t created_seconds = kTime0Seconds + 100,
                     std::int64_t size = 20 * kGiB);

class Fixture;

class FakeSnapshotter : public Snapshotter {
 public:
  explicit FakeSnapshotter(Fixture& f) : f_(f) {}
  std::string DriverName() override { return std::string(kDriver); }
  bool SupportsListSnapshots() override { return list_supported; }
  void CreateSnapshot(const disk::CreateSnapshotRequest& req,
                      disk::CsiReply<disk::CreateSnapshotResponse> done) override;
  void DeleteSnapshot(const disk::DeleteSnapshotRequest& req, disk::CsiReply<disk::Empty> done) override;
  void ListSnapshots(const disk::ListSnapshotsRequest& req,
                     disk::CsiReply<disk::ListSnapshotsResponse> done) override;

  std::vector<CsiCall> script;  // still expected, in order
  bool list_supported = true;
  int calls = 0;

 private:
  std::optional<CsiCall> Next(std::string_view method, const std::string& what);
  template <class Resp>
  void Reply(const CsiCall& call, disk::CsiReply<Resp> done, disk::CsiResult<Resp> r);
  Fixture& f_;
};

// ---- rows -----------------------------------------------------------------------------

using Fault = apiserver::InjectedFault;

struct ExpectedEvent {
  std::string type, reason, message;  // message "...": prefix
};
inline ExpectedEvent Normal(std::string r, std::string m) { return {"Normal", std::move(r), std::move(m)}; }
inline ExpectedEvent Warning(std::string r, std::string m) { return {"Warning", std::move(r), std::move(m)}; }

struct Outcome {
  bool ok = true;
  bool requeue = false;
  std::optional<std::string> message;
};
inline Outcome Success(bool requeue = false) { return {true, requeue, std::nullopt}; }
inline Outcome Failure(std::string message) { return {false, true, std::move(message)}; }

struct Operation {
  std::function<Result<SyncResult>(Fixture&)> run;  // a SyncResult, or (RunToRest) an error
};
Operation SyncContent(std::string name);
Operation RunToRest(engine::Nanos limit = engine::kHour);
Operation Custom(std::function<Result<SyncResult>(Fixture&)> fn);

struct SidecarTest {
  std::string name;
  std::vector<VsClass> classes = StandardClasses();
  std::vector<SecretObj> secrets;
  std::vector<Vsc> contents;
  SidecarOptions options;
  bool list_supported = true;
  std::vector<Fault> errors;
  std::vector<CsiCall> csi;
  std::function<void(Fixture&)> before;
  Operation op;
  std::optional<std::vector<Vsc>> expected_contents;  // unset: unchanged
  std::vector<ExpectedEvent> expected_events;
  Outcome outcome = Success();
  std::optional<std::vector<std::string>> expected_trace;
  std::function<void(Fixture&)> check;
};

class Fixture {
 public:
  // `check_typed_patches`: the API server checks each typed patch against its JSON
  // (ApiServerConfig); off for benchmarks.
  explicit Fixture(bool check_typed_patches = true);
  ~Fixture();
  Fixture(const Fixture&) = delete;
  Fixture& operator=(const Fixture&) = delete;

  apiserver::ApiServer& server() { return server_; }
  engine::EventLoop& loop() { return loop_; }
  SnapshotterSidecar& sidecar() { return *sidecar_; }
  FakeSnapshotter& csi() { return csi_; }

  void Seed(const SidecarTest& t);
  void StartSidecar(const SidecarOptions& options);
  void InstallFaults(std::vector<Fault> faults);
  // Runs one sync of `key`; steps the loop only while its CSI reply is awaited.
  SyncResult SyncOnce(const std::string& key);
  void Trace(std::string entry) { trace_.push_back(std::move(entry)); }
  const std::vector<std::string>& trace() const { return trace_; }
  std::vector<ExpectedEvent> events() const;
  const std::vector<Fault>& unused_faults() const { return faults_; }
  std::shared_ptr<const api::VolumeSnapshotContent> GetVsc(std::string_view name) const;
  // Writes as the common controller would (test acting as snapshot-controller);
  // an error is a failure (ReportFailure).
  void AnnotateAndDelete(const std::string& content);

 private:
  std::optional<apiserver::FaultDecision> OnRequest(const apiserver::Request& r);

  engine::EventLoop loop_;
  engine::Rng rng_{1};
  apiserver::ApiServer server_;
  FakeSnapshotter csi_{*this};
  std::unique_ptr<SnapshotterSidecar> sidecar_;
  std::vector<Fault> faults_;
  std::vector<std::pair<std::string, std::string>> emissions_;
  std::vector<std::string> trace_;
  bool recording_ = false;
};

}  // namespace snapsim::csi::sidecar_testing
