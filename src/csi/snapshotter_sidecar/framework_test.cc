// The table-driven test framework of the csi-snapshotter tests
// (testing/framework.h describes it). Holds no tests itself.
#include "src/csi/snapshotter_sidecar/testing/framework.h"

#include <fmt/format.h>

#include <algorithm>

#include "src/api/yaml.h"

namespace snapsim::csi::sidecar_testing {
namespace {

constexpr std::string_view kSetupClient = "test-setup";
constexpr std::string_view kSidecarClient = "csi-snapshotter";
constexpr std::string_view kDeletingMarker = "2026-01-01T00:00:00Z";

api::Value Project(const api::Value& v) {
  api::Value out = api::Value::EmptyObject();
  const api::Value* md = v.Find("metadata");
  out["name"] = md->Find("name")->as_string();
  const api::Value* dt = md->Find("deletionTimestamp");
  out["deleting"] = dt != nullptr && !dt->is_null();
  std::vector<std::string> fs;
  if (const api::Value* f = md->Find("finalizers"); f && f->is_array()) {
    for (const auto& e : f->as_array()) fs.push_back(e.as_string());
  }
  std::sort(fs.begin(), fs.end());
  api::Value::Array fa(fs.begin(), fs.end());
  out["finalizers"] = api::Value(std::move(fa));
  for (std::string_view key : {"annotations", "labels"}) {
    if (const api::Value* a = md->Find(key); a && a->is_object() && a->size() > 0) out[key] = *a;
  }
  if (const api::Value* spec = v.Find("spec")) {
    api::Value s = *spec;
    if (api::Value* ref = s.FindMutable("volumeSnapshotRef")) ref->Erase("resourceVersion");
    out["spec"] = s;
  }
  if (const api::Value* status = v.Find("status"); status && !status->is_null()) {
    api::Value s = *status;
    if (api::Value* err = s.FindMutable("error")) err->Erase("time");
    out["status"] = s;
  }
  return out;
}

bool MessageMatches(const std::string& want, const std::string& got) {
  if (want.size() >= 3 && want.compare(want.size() - 3, 3, "...") == 0) {
    return got.rfind(want.substr(0, want.size() - 3), 0) == 0;
  }
  return want == got;
}

std::string MapText(const std::map<std::string, std::string>& m) {
  std::string out;
  for (const auto& [k, v] : m) out += fmt::format("{}={} ", k, v);
  return out;
}

}  // namespace

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
    ADD_FAILURE() << "unexpected CSI call " << method << " " << what
                  << (script.empty() ? " (none expected)" : " (expected " + script.front().method + ")");
    return std::nullopt;
  }
  CsiCall c = script.front();
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
  EXPECT_EQ(req.source_volume_id, call->volume);
  EXPECT_EQ(req.name, call->name);
  if (call->parameters) {
    EXPECT_EQ(MapText(req.parameters), MapText(*call->parameters)) << "CreateSnapshot parameters";
  }
  if (call->secrets) {
    EXPECT_EQ(MapText(req.secrets), MapText(*call->secrets)) << "CreateSnapshot secrets";
  }
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
  EXPECT_EQ(req.snapshot_id, call->snapshot_id);
  if (call->secrets) {
    EXPECT_EQ(MapText(req.secrets), MapText(*call->secrets)) << "DeleteSnapshot secrets";
  }
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
  EXPECT_EQ(req.snapshot_id, call->snapshot_id);
  if (call->secrets) {
    EXPECT_EQ(MapText(req.secrets), MapText(*call->secrets)) << "ListSnapshots secrets";
  }
  if (call->error) {
    Reply<disk::ListSnapshotsResponse>(*call, done, *call->error);
  } else {
    Reply<disk::ListSnapshotsResponse>(*call, done, disk::ListSnapshotsResponse{call->entries, ""});
  }
}

// ---- fixture ------------------------------------------------------------------------------

Fixture::Fixture() : server_(loop_, rng_, apiserver::ApiServerConfig{}) {
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
      ADD_FAILURE() << "creating " << o->metadata.name << ": " << r.error().message();
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
      if (!r.ok()) ADD_FAILURE() << "status of " << c.obj->metadata.name << ": " << r.error().message();
    }
  }
  for (const auto& c : t.contents) {
    if (!c.obj->metadata.being_deleted()) continue;
    auto r = server_.Delete(api::VolumeSnapshotContent::Info(), "", c.obj->metadata.name, {}, {.client = kSetupClient});
    if (!r.ok()) ADD_FAILURE() << "deleting " << c.obj->metadata.name << ": " << r.error().message();
    if (GetVsc(c.obj->metadata.name) == nullptr) ADD_FAILURE() << c.obj->metadata.name << " Deleting() without finalizer";
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
  std::string verb(apiserver::VerbName(r.verb));
  std::string resource(r.kind->plural);
  for (auto it = faults_.begin(); it != faults_.end(); ++it) {
    if (it->verb != verb || it->resource != resource) continue;
    if (it->subresource != "*" && it->subresource != r.subresource) continue;
    auto err = apiserver::ApiError::FromReasonName(it->reason, *r.kind, r.name);
    faults_.erase(it);
    if (!err.ok()) {
      ADD_FAILURE() << err.status().message();
      return std::nullopt;
    }
    return apiserver::FaultDecision{*err};
  }
  if (write) trace_.push_back(verb + " " + resource + (r.subresource.empty() ? "" : "/" + std::string(r.subresource)));
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
  ASSERT_NE(c, nullptr);
  auto copy = api::CloneAs<api::VolumeSnapshotContent>(c);
  copy->metadata.annotations[std::string(kBeingDeleted)] = "yes";
  auto u = server_.Update(copy, {.client = "snapshot-controller"});
  ASSERT_TRUE(u.ok()) << u.error().message();
  auto d = server_.Delete(api::VolumeSnapshotContent::Info(), "", content, {}, {.client = "snapshot-controller"});
  ASSERT_TRUE(d.ok()) << d.error().message();
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

// ---- the runner -----------------------------------------------------------------------------

void RunSidecarTest(const SidecarTest& t) {
  SCOPED_TRACE(t.name);
  Fixture f;
  f.Seed(t);
  if (::testing::Test::HasFailure()) return;
  f.csi().script = t.csi;
  f.csi().list_supported = t.list_supported;
  f.InstallFaults(t.errors);
  f.StartSidecar(t.options);
  if (t.before) t.before(f);
  Result<SyncResult> result = t.op.run(f);

  if (!result.ok()) {
    ADD_FAILURE() << "operation failed: " << result.status().ToString();
  } else if (t.outcome.ok) {
    EXPECT_TRUE(result->status.ok()) << "expected success, got " << result->status.ToString();
    EXPECT_EQ(result->requeue, t.outcome.requeue) << "requeue";
  } else {
    EXPECT_FALSE(result->status.ok()) << "expected an error, got success";
    EXPECT_TRUE(result->requeue) << "an error requeues";
    if (t.outcome.message && !result->status.ok()) {
      EXPECT_TRUE(MessageMatches(*t.outcome.message, result->status.message()))
          << "error message\n  expected: " << *t.outcome.message << "\n  actual:   " << result->status.message();
    }
  }

  std::map<std::string, std::string> want, got;
  for (const auto& c : t.expected_contents.value_or(t.contents)) {
    api::Value p = Project(c.obj->ToValue());
    want[p.Find("name")->as_string()] = api::ToYaml(p);
  }
  for (const auto& o : f.server().PeekAll(api::VolumeSnapshotContent::Info())) {
    api::Value p = Project(o->ToValue());
    got[p.Find("name")->as_string()] = api::ToYaml(p);
  }
  for (const auto& [k, y] : want) {
    auto it = got.find(k);
    if (it == got.end()) {
      ADD_FAILURE() << "content " << k << " expected but absent:\n" << y;
    } else {
      EXPECT_EQ(y, it->second) << "content " << k << " differs (expected first, actual second)";
    }
  }
  for (const auto& [k, y] : got) {
    if (want.count(k) == 0) ADD_FAILURE() << "content " << k << " present but not expected:\n" << y;
  }

  auto events = f.events();
  bool same = events.size() == t.expected_events.size();
  for (std::size_t i = 0; same && i < events.size(); ++i) {
    same = events[i].type == t.expected_events[i].type && events[i].reason == t.expected_events[i].reason &&
           MessageMatches(t.expected_events[i].message, events[i].message);
  }
  if (!same) {
    std::string w, g;
    for (const auto& e : t.expected_events) w += fmt::format("  {} {} {}\n", e.type, e.reason, e.message);
    for (const auto& e : events) g += fmt::format("  {} {} {}\n", e.type, e.reason, e.message);
    ADD_FAILURE() << "events differ\nexpected:\n" << w << "got:\n" << g;
  }
  if (t.expected_trace) {
    EXPECT_EQ(fmt::format("{}", fmt::join(*t.expected_trace, "\n")), fmt::format("{}", fmt::join(f.trace(), "\n")))
        << "trace differs";
  }
  for (const auto& c : f.csi().script) ADD_FAILURE() << "expected CSI call never made: " << c.method;
  for (const auto& fault : f.unused_faults()) {
    ADD_FAILURE() << "injected error never used: " << fault.verb << " " << fault.resource << " " << fault.reason;
  }
  if (t.check) t.check(f);
}

void PrintTo(const SidecarTest& t, std::ostream* os) { *os << '"' << t.name << '"'; }

std::string CaseParamName(const ::testing::TestParamInfo<SidecarTest>& info) {
  std::string out;
  for (char c : info.param.name) {
    bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (alnum) {
      out += c;
    } else if (!out.empty() && out.back() != '_') {
      out += '_';
    }
    if (out.size() >= 80) break;
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out;
}

TEST_P(SidecarTableTest, Run) { RunSidecarTest(GetParam()); }

}  // namespace snapsim::csi::sidecar_testing
