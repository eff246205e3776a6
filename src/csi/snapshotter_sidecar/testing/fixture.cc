// Builders, the scripted CSI driver, the Fixture and the operations of
// csi-snapshotter's table tests (fixture.h). No gtest.
#include "src/csi/snapshotter_sidecar/testing/fixture.h"

#include <fmt/format.h>

#include <cstdio>

namespace snapsim::csi::sidecar_testing {
namespace {

constexpr std::string_view kSetupClient = "test-setup";
constexpr std::string_view kSidecarClient = "csi-snapshotter";
constexpr std::string_view kDeletingMarker = "2026-01-01T00:00:00Z";

std::string MapText(const std::map<std::string, std::string>& m) {
  std::string out;
  for (const auto& [k, v] : m) out += fmt::format("{}={} ", k, v);
  return out;
}

std::function<void(std::string_view)>& Reporter() {
  static std::function<void(std::string_view)> reporter = [](std::string_view message) {
    std::fprintf(stderr, "table-test failure: %.*s\n", static_cast<int>(message.size()), message.data());
  };
  return reporter;
}

int& Failures() {
  static int failures = 0;
  return failures;
}

void ExpectEq(std::string_view what, const std::string& actual, const std::string& expected) {
  if (actual != expected) ReportFailure(fmt::format("{}: got \"{}\", expected \"{}\"", what, actual, expected));
}

// Maps are formatted only when they differ (this runs inside timed syncs).
void ExpectEq(std::string_view what, const std::map<std::string, std::string>& actual,
              const std::map<std::string, std::string>& expected) {
  if (actual != expected) ExpectEq(what, MapText(actual), MapText(expected));
}

}  // namespace

// ---- failures ------------------------------------------------------------------------------

void ReportFailure(std::string_view message) {
  ++Failures();
  Reporter()(message);
}
void SetFailureReporter(std::function<void(std::string_view)> reporter) { Reporter() = std::move(reporter); }
int FailureCount() { return Failures(); }

// ---- builders ---------------------------------------------------------------------------

VsClass::VsClass(std::string name) : obj(std::make_shared<api::VolumeSnapshotClass>()) {
  obj->metadata.name = std::move(name);
  obj->driver = std::string(kDriver);
  obj->deletion_policy = "Delete";
}
VsClass& VsClass::Driver(std::string_view d) {
  obj->driver = std::string(d);
  return *this;
}
VsClass& VsClass::Policy(std::string_view p) {
  obj->deletion_policy = std::string(p);
  return *this;
}
VsClass& VsClass::Param(std::string key, std::string value) {
  obj->parameters[std::move(key)] = std::move(value);
  return *this;
}
std::vector<VsClass> StandardClasses() { return {VsClass("gold"), VsClass("silver").Policy("Retain")}; }

SecretObj::SecretObj(std::string name, std::string ns, std::map<std::string, std::string> data)
    : obj(std::make_shared<api::Secret>()) {
  obj->metadata.name = std::move(name);
  obj->metadata.namespace_ = std::move(ns);
  for (auto& [k, v] : data) obj->data[k] = api::Base64Encode(v);
}

Vsc::Vsc(std::string name) : obj(std::make_shared<api::VolumeSnapshotContent>()) {
  obj->metadata.name = std::move(name);
  obj->spec.driver = std::string(kDriver);
  obj->spec.deletion_policy = "Delete";
}
Vsc& Vsc::Ref(std::string vs, std::string uid, std::string ns) {
  auto& ref = obj->spec.volume_snapshot_ref;
  ref.kind = "VolumeSnapshot";
  ref.api_version = "snapshot.storage.k8s.io/v1";
  ref.name = std::move(vs);
  ref.namespace_ = std::move(ns);
  ref.uid = std::move(uid);
  return *this;
}
Vsc& Vsc::VolumeHandle(std::string h) {
  obj->spec.source.volume_handle = std::move(h);
  return *this;
}
Vsc& Vsc::SnapshotHandle(std::string h) {
  obj->spec.source.snapshot_handle = std::move(h);
  return *this;
}
Vsc& Vsc::Policy(std::string_view p) {
  obj->spec.deletion_policy = std::string(p);
  return *this;
}
Vsc& Vsc::Driver(std::string_view d) {
  obj->spec.driver = std::string(d);
  return *this;
}
Vsc& Vsc::Class(std::string c) {
  obj->spec.volume_snapshot_class_name = std::move(c);
  return *this;
}
Vsc& Vsc::NoClass() {
  obj->spec.volume_snapshot_class_name.reset();
  return *this;
}
Vsc& Vsc::Annotation(std::string key, std::string value) {
  obj->metadata.annotations[std::move(key)] = std::move(value);
  return *this;
}
Vsc& Vsc::NoAnnotation(std::string_view key) {
  obj->metadata.annotations.erase(std::string(key));
  return *this;
}
Vsc& Vsc::Finalizers(std::vector<std::string_view> f) {
  obj->metadata.finalizers.assign(f.begin(), f.end());
  return *this;
}
Vsc& Vsc::Deleting() {
  obj->metadata.deletion_timestamp = std::string(kDeletingMarker);
  return *this;
}
Vsc& Vsc::EmptyStatus() {
  if (!obj->status) obj->status.emplace();
  return *this;
}
Vsc& Vsc::Handle(std::string h) {
  EmptyStatus();
  obj->status->snapshot_handle = std::move(h);
  return *this;
}
Vsc& Vsc::Ready(bool r) {
  EmptyStatus();
  obj->status->ready_to_use = r;
  return *this;
}
Vsc& Vsc::CreatedNanos(std::int64_t n) {
  EmptyStatus();
  obj->status->creation_time = n;
  return *this;
}
Vsc& Vsc::RestoreSize(std::int64_t b) {
  EmptyStatus();
  obj->status->restore_size = b;
  return *this;
}
Vsc& Vsc::Error(std::string message) {
  EmptyStatus();
  obj->status->error = api::VolumeSnapshotError{std::string(kDeletingMarker), std::move(message)};
  return *this;
}
Vsc& Vsc::GroupHandle(std::string h) {
  EmptyStatus();
  obj->status->volume_group_snapshot_handle = std::move(h);
  return *this;
}

Vsc Dynamic(std::string name, std::string vs, std::string uid, std::string volume) {
  Vsc c(std::move(name));
  c.Ref(std::move(vs), std::move(uid)).VolumeHandle(std::move(volume)).Class("gold").Finalizers({kContentBound});
  return c;
}

Vsc Static(std::string name, std::string vs, std::string uid, std::string handle) {
  Vsc c(std::move(name));
  c.Ref(std::move(vs), std::move(uid)).SnapshotHandle(std::move(handle)).Class("gold");
  return c;
}

CsiCall Create(std::string volume, std::string name, std::string id, bool ready, std::int64_t created_seconds,
               std::int64_t size) {
  CsiCall c{.method = "CreateSnapshot", .volume = volume, .name = std::move(name)};
  c.snapshot = disk::Snapshot{.size_bytes = size,
                              .snapshot_id = std::move(id),
                              .source_volume_id = std::move(volume),
                              .creation_time_unix_seconds = created_seconds,
                              .ready_to_use = ready};
  return c;
}
CsiCall CreateFails(std::string volume, std::string name, disk::GrpcCode code, std::string message) {
  CsiCall c{.method = "CreateSnapshot", .volume = std::move(volume), .name = std::move(name)};
  c.error = disk::GrpcStatus{code, std::move(message)};
  return c;
}
CsiCall Delete(std::string id) { return CsiCall{.method = "DeleteSnapshot", .snapshot_id = std::move(id)}; }
CsiCall DeleteFails(std::string id, disk::GrpcCode code, std::string message) {
  CsiCall c = Delete(std::move(id));
  c.error = disk::GrpcStatus{code, std::move(message)};
  return c;
}
CsiCall List(std::string id, std::vector<disk::Snapshot> entries) {
  CsiCall c{.method = "ListSnapshots", .snapshot_id = std::move(id)};
  c.entries = std::move(entries);
  return c;
}
disk::Snapshot Entry(std::string id, bool ready, std::int64_t created_seconds, std::int64_t size) {
  return disk::Snapshot{.size_bytes = size,
                        .snapshot_id = std::move(id),
                        .source_volume_id = "vol-1",
                        .creation_time_unix_seconds = created_seconds,
                        .ready_to_use = ready};
}

// ---- the fake driver ------------------------------------------------------------------

std::optional<CsiCall> FakeSnapshotter::Next(std::string_view method, const std::string& what) {
  ++calls;
  if (script.empty() || script.front().method != method) {
    ReportFailure(fmt::format("unexpected CSI call {} {}{}", method, what,
                              script.empty() ? " (none expected)"
                                             : " (expected " + script.front().method + ")"));
    return std::nullopt;
  }
  CsiCall c = std::move(script.front());
  script.erase(script.begin());
  return c;
}

template <class Resp>
void FakeSnapshotter::Reply(const CsiCall& call, disk::CsiReply<Resp> done, disk::CsiResult<Resp> r) {
  if (call.reply_after < 0) {
    done(std::move(r));
    return;
  }
  f_.loop().After(call.reply_after, [done, r] { done(r); });
}

void FakeSnapshotter::CreateSnapshot(const disk::CreateSnapshotRequest& req,
                                     disk::CsiReply<disk::CreateSnapshotResponse> done) {
  // Which content is this for, and does it carry the being-created annotation now?
  std::string bc = "no";
  for (const auto& o : f_.server().PeekAll(api::VolumeSnapshotContent::Info())) {
    auto c = api::As<api::VolumeSnapshotContent>(o);
    if (c->spec.source.volume_handle == req.source_volume_id && HasAnnotation(*c, kBeingCreated)) bc = "yes";
  }
  f_.Trace(fmt::format("csi CreateSnapshot {} being-created={}", req.name, bc));
  auto call = Next("CreateSnapshot", req.name);
  if (!call) {
    done(disk::GrpcStatus{disk::GrpcCode::kUnknown, "unexpected call"});
    return;
  }
  ExpectEq("CreateSnapshot source_volume_id", req.source_volume_id, call->volume);
  ExpectEq("CreateSnapshot name", req.name, call->name);
  if (call->parameters) {
    ExpectEq("CreateSnapshot parameters", req.parameters, *call->parameters);
  }
  if (call->secrets) ExpectEq("CreateSnapshot secrets", req.secrets, *call->secrets);
  if (call->error) {
    Reply<disk::CreateSnapshotResponse>(*call, done, *call->error);
  } else {
    Reply<disk::CreateSnapshotResponse>(*call, done, disk::CreateSnapshotResponse{call->snapshot});
  }
}

void FakeSnapshotter::DeleteSnapshot(const disk::DeleteSnapshotRequest& req, disk::CsiReply<disk::Empty> done) {
  f_.Trace("csi DeleteSnapshot " + req.snapshot_id);
  auto call = Next("DeleteSnapshot", req.snapshot_id);
  if (!call) {
    done(disk::GrpcStatus{disk::GrpcCode::kUnknown, "unexpected call"});
    return;
  }
  ExpectEq("DeleteSnapshot snapshot_id", req.snapshot_id, call->snapshot_id);
  if (call->secrets) ExpectEq("DeleteSnapshot secrets", req.secrets, *call->secrets);
  if (call->error) {
    Reply<disk::Empty>(*call, done, *call->error);
  } else {
    Reply<disk::Empty>(*call, done, disk::Empty{});
  }
}

void FakeSnapshotter::ListSnapshots(const disk::ListSnapshotsRequest& req,
                                    disk::CsiReply<disk::ListSnapshotsResponse> done) {
  f_.Trace("csi ListSnapshots " + req.snapshot_id);
  auto call = Next("ListSnapshots", req.snapshot_id);
  if (!call) {
    done(disk::GrpcStatus{disk::GrpcCode::kUnknown, "unexpected call"});
    return;
  }
  ExpectEq("ListSnapshots snapshot_id", req.snapshot_id, call->snapshot_id);
  if (call->secrets) ExpectEq("ListSnapshots secrets", req.secrets, *call->secrets);
  if (call->error) {
    Reply<disk::ListSnapshotsResponse>(*call, done, *call->error);
  } else {
    Reply<disk::ListSnapshotsResponse>(*call, done, disk::ListSnapshotsResponse{call->entries, ""});
  }
}

// ---- fixture ------------------------------------------------------------------------------

Fixture::Fixture(bool check_typed_patches)
    : server_(loop_, rng_, apiserver::ApiServerConfig{.check_typed_patches = check_typed_patches}) {
  server_.SetFaultHook([this](const apiserver::Request& r) { return OnRequest(r); });
}

Fixture::~Fixture() {
  sidecar_.reset();
  server_.SetFaultHook(nullptr);
}

void Fixture::Seed(const SidecarTest& t) {
  auto create = [&](api::MutableObjectPtr o) -> api::ObjectPtr {
    auto r = server_.Create(o, {.client = kSetupClient});
    if (!r.ok()) {
      ReportFailure(fmt::format("creating {}: {}", o->metadata.name, r.error().message()));
      return nullptr;
    }
    return *r;
  };
  for (const auto& c : t.classes) create(c.obj->Clone());
  for (const auto& s : t.secrets) create(s.obj->Clone());
  for (const auto& c : t.contents) {
    auto bare = api::CloneAs<api::VolumeSnapshotContent>(c.obj);
    bare->status.reset();
    bare->metadata.deletion_timestamp.reset();
    auto stored = create(bare);
    if (stored && c.obj->status) {
      auto copy = api::CloneAs<api::VolumeSnapshotContent>(api::As<api::VolumeSnapshotContent>(stored));
      copy->status = c.obj->status;
      auto r = server_.UpdateStatus(copy, {.client = kSetupClient});
      if (!r.ok()) ReportFailure(fmt::format("status of {}: {}", c.obj->metadata.name, r.error().message()));
    }
  }
  for (const auto& c : t.contents) {
    if (!c.obj->metadata.being_deleted()) continue;
    auto r = server_.Delete(api::VolumeSnapshotContent::Info(), "", c.obj->metadata.name, {}, {.client = kSetupClient});
    if (!r.ok()) ReportFailure(fmt::format("deleting {}: {}", c.obj->metadata.name, r.error().message()));
    if (GetVsc(c.obj->metadata.name) == nullptr) {
      ReportFailure(fmt::format("{} Deleting() without finalizer", c.obj->metadata.name));
    }
  }
}

void Fixture::StartSidecar(const SidecarOptions& options) {
  sidecar_ = std::make_unique<SnapshotterSidecar>(server_, csi_, options);
  sidecar_->Start();
}

void Fixture::InstallFaults(std::vector<Fault> faults) {
  faults_ = std::move(faults);
  recording_ = true;
}

std::optional<apiserver::FaultDecision> Fixture::OnRequest(const apiserver::Request& r) {
  if (!recording_) return std::nullopt;
  bool write = r.verb == apiserver::Verb::kCreate || r.verb == apiserver::Verb::kUpdate ||
               r.verb == apiserver::Verb::kPatch || r.verb == apiserver::Verb::kDelete;
  if (r.kind == &api::Event::Info()) {
    if (r.client.rfind(kSidecarClient, 0) == 0 && (r.verb == apiserver::Verb::kCreate || r.verb == apiserver::Verb::kUpdate)) {
      emissions_.emplace_back(std::string(r.namespace_), std::string(r.name));
    }
    return std::nullopt;
  }
  if (r.client != kSidecarClient) return std::nullopt;
  auto taken = apiserver::TakeInjectedFault(faults_, r);
  if (!taken.ok()) {
    ReportFailure(taken.status().message());
    return std::nullopt;
  }
  if (*taken) return *taken;
  // Runs inside every timed sync of bench/table_case_bench.cc: no string is built unless it is kept.
  std::string_view verb = apiserver::VerbName(r.verb);
  std::string_view resource = r.kind->plural;
  if (write) {
    std::string& w = trace_.emplace_back();
    w.reserve(verb.size() + resource.size() + r.subresource.size() + 2);
    w.append(verb).append(" ").append(resource);
    if (!r.subresource.empty()) w.append("/").append(r.subresource);
  }
  return std::nullopt;
}

SyncResult Fixture::SyncOnce(const std::string& key) {
  std::optional<SyncResult> out;
  sidecar_->SyncContentByKey(key, [&out](SyncResult r) { out = r; });
  while (!out && loop_.Step()) {
  }
  if (!out) return {true, Status::Internal("the sync never finished")};
  return *out;
}

std::vector<ExpectedEvent> Fixture::events() const {
  std::vector<ExpectedEvent> out;
  for (const auto& [ns, name] : emissions_) {
    auto e = api::As<api::Event>(server_.Peek(api::Event::Info(), ns, name));
    if (e == nullptr) {
      out.push_back({"?", "?", "<event " + name + " not stored>"});
    } else {
      out.push_back({e->type, e->reason, e->message});
    }
  }
  return out;
}

std::shared_ptr<const api::VolumeSnapshotContent> Fixture::GetVsc(std::string_view name) const {
  return api::As<api::VolumeSnapshotContent>(server_.Peek(api::VolumeSnapshotContent::Info(), "", name));
}

void Fixture::AnnotateAndDelete(const std::string& content) {
  auto c = GetVsc(content);
  if (c == nullptr) {
    ReportFailure("AnnotateAndDelete: no content " + content);
    return;
  }
  auto copy = api::CloneAs<api::VolumeSnapshotContent>(c);
  copy->metadata.annotations[std::string(kBeingDeleted)] = "yes";
  auto u = server_.Update(copy, {.client = "snapshot-controller"});
  if (!u.ok()) {
    ReportFailure(fmt::format("AnnotateAndDelete: update {}: {}", content, u.error().message()));
    return;
  }
  auto d = server_.Delete(api::VolumeSnapshotContent::Info(), "", content, {}, {.client = "snapshot-controller"});
  if (!d.ok()) ReportFailure(fmt::format("AnnotateAndDelete: delete {}: {}", content, d.error().message()));
}

// ---- operations -------------------------------------------------------------------------

Operation SyncContent(std::string name) {
  return {[name](Fixture& f) -> Result<SyncResult> { return f.SyncOnce(name); }};
}

Operation RunToRest(engine::Nanos limit) {
  return {[limit](Fixture& f) -> Result<SyncResult> {
    engine::SettleResult r = f.loop().Settle(limit);
    if (!r.at_rest) {
      return Status::Internal(fmt::format("not at rest after {}s: {}", limit / engine::kSecond,
                                          fmt::join(f.loop().PendingLabels(), ", ")));
    }
    return SyncResult{};
  }};
}

Operation Custom(std::function<Result<SyncResult>(Fixture&)> fn) { return {std::move(fn)}; }

}  // namespace snapsim::csi::sidecar_testing
