// The table-driven test framework of the snapshot controller tests
// (testing/framework.h describes it). Holds no tests itself.
#include "src/csi/snapshot_controller/testing/framework.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>

#include "src/api/yaml.h"

namespace snapsim::csi::testing {
namespace {

constexpr std::string_view kSetupClient = "test-setup";
constexpr std::string_view kControllerClient = "snapshot-controller";

void ResolveStrings(const Fixture& f, api::Value& v) {
  if (v.is_string()) {
    if (v.as_string().find('{') != std::string::npos) v = api::Value(f.Resolve(v.as_string()));
  } else if (v.is_array()) {
    for (auto& e : v.mutable_array()) ResolveStrings(f, e);
  } else if (v.is_object()) {
    for (auto& [k, e] : v.mutable_object()) ResolveStrings(f, e);
  }
}

enum class Kind { kSnapshot, kContent, kClaim };

// The fields of an object a row's expectation covers (framework.h, step 5).
api::Value Project(const api::Value& v, Kind kind) {
  api::Value out = api::Value::EmptyObject();
  const api::Value* md = v.Find("metadata");
  auto str = [&](const api::Value* p, std::string_view key) -> std::string {
    const api::Value* x = p ? p->Find(key) : nullptr;
    return x && x->is_string() ? x->as_string() : "";
  };
  out["name"] = str(md, "name");
  if (kind != Kind::kContent) out["namespace"] = str(md, "namespace");
  const api::Value* dt = md ? md->Find("deletionTimestamp") : nullptr;
  out["deleting"] = dt != nullptr && !dt->is_null();
  std::vector<std::string> finalizers;
  if (const api::Value* fs = md ? md->Find("finalizers") : nullptr; fs && fs->is_array()) {
    for (const auto& f : fs->as_array()) {
      if (kind == Kind::kClaim && f.as_string().rfind("snapshot.storage.kubernetes.io/", 0) != 0)
        continue;
      finalizers.push_back(f.as_string());
    }
  }
  std::sort(finalizers.begin(), finalizers.end());
  api::Value::Array fa;
  for (auto& f : finalizers) fa.emplace_back(f);
  out["finalizers"] = api::Value(std::move(fa));
  if (kind == Kind::kClaim) return out;
  for (std::string_view key : {"annotations", "labels"}) {
    if (const api::Value* a = md ? md->Find(key) : nullptr; a && a->is_object() && a->size() > 0)
      out[key] = *a;
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

std::string KeyOf(const api::Value& projected) {
  const api::Value* ns = projected.Find("namespace");
  std::string name = projected.Find("name")->as_string();
  return ns ? ns->as_string() + "/" + name : name;
}

void CompareObjects(const Fixture& f, std::string_view what, Kind kind,
                    const std::vector<api::ObjectPtr>& actual,
                    const std::vector<const api::Object*>& expected) {
  std::map<std::string, std::string> want, got;
  for (const api::Object* o : expected) {
    api::Value p = Project(f.ResolvedValue(*o), kind);
    want[KeyOf(p)] = api::ToYaml(p);
  }
  for (const auto& o : actual) {
    api::Value p = Project(o->ToValue(), kind);
    got[KeyOf(p)] = api::ToYaml(p);
  }
  for (const auto& [key, yaml] : want) {
    auto it = got.find(key);
    if (it == got.end()) {
      ADD_FAILURE() << what << " " << key << " expected but absent from the store; expected:\n"
                    << yaml;
      continue;
    }
    EXPECT_EQ(yaml, it->second) << what << " " << key << " differs (expected first, actual second)";
  }
  for (const auto& [key, yaml] : got) {
    if (want.count(key) == 0)
      ADD_FAILURE() << what << " " << key << " present but not expected:\n" << yaml;
  }
}

bool MessageMatches(const std::string& want, const std::string& got) {
  if (want.size() >= 3 && want.compare(want.size() - 3, 3, "...") == 0) {
    return got.rfind(want.substr(0, want.size() - 3), 0) == 0;
  }
  return want == got;
}

template <class T>
std::vector<const api::Object*> Objects(const std::vector<T>& builders) {
  std::vector<const api::Object*> out;
  for (const auto& b : builders) out.push_back(b.obj.get());
  return out;
}

}  // namespace

// ---- fixture ---------------------------------------------------------------------

Fixture::Fixture() : server_(loop_, rng_, apiserver::ApiServerConfig{}) {
  server_.SetFaultHook([this](const apiserver::Request& r) { return OnRequest(r); });
}

Fixture::~Fixture() {
  controller_.reset();
  server_.SetFaultHook(nullptr);
}

std::string Fixture::Resolve(std::string_view s) const {
  std::string out;
  std::size_t pos = 0;
  while (pos < s.size()) {
    std::size_t open = s.find('{', pos);
    if (open == std::string_view::npos) break;
    std::size_t close = s.find('}', open);
    std::string_view token =
        s.substr(open + 1, close == std::string_view::npos ? 0 : close - open - 1);
    bool is_uid = token.rfind("uid:", 0) == 0 || token.rfind("pvcuid:", 0) == 0;
    if (close == std::string_view::npos || !is_uid) {
      out.append(s.substr(pos, open + 1 - pos));
      pos = open + 1;
      continue;
    }
    std::size_t colon = token.find(':');
    std::string name(token.substr(colon + 1));
    if (name.find('/') == std::string::npos) name = "default/" + name;
    std::string key = std::string(token.substr(0, colon)) + ":" + name;
    auto it =
        std::find_if(uids_.begin(), uids_.end(), [&](const auto& kv) { return kv.first == key; });
    out.append(s.substr(pos, open - pos));
    if (it == uids_.end()) {
      ADD_FAILURE() << "unknown placeholder {" << token << "}";
      out.append(s.substr(open, close + 1 - open));
    } else {
      out.append(it->second);
    }
    pos = close + 1;
  }
  if (pos < s.size()) out.append(s.substr(pos));
  return out;
}

api::Value Fixture::ResolvedValue(const api::Object& o) const {
  api::Value v = o.ToValue();
  ResolveStrings(*this, v);
  return v;
}

api::MutableObjectPtr Fixture::ResolveObject(const api::Object& o) const {
  api::Value v = ResolvedValue(o);
  v.Erase("apiVersion");
  v.Erase("kind");
  api::MutableObjectPtr out = o.kind_info().make();
  api::DecodeContext ctx;
  out->DecodeFields(v, ctx);
  if (!ctx.ok())
    ADD_FAILURE() << "cannot decode resolved " << o.kind_info().kind << " " << o.metadata.name;
  return out;
}

api::ObjectPtr Fixture::CreateAs(std::string_view client, api::MutableObjectPtr obj) {
  api::MutableObjectPtr resolved = ResolveObject(*obj);
  auto r = server_.Create(resolved, {.client = client});
  if (!r.ok()) {
    ADD_FAILURE() << "creating " << obj->kind_info().kind << " " << resolved->metadata.name << ": "
                  << r.error().message();
    return nullptr;
  }
  return *r;
}

void Fixture::Seed(const ControllerTest& t) {
  std::vector<std::string> namespaces = {"default"};
  auto add_ns = [&](const std::string& ns) {
    if (std::find(namespaces.begin(), namespaces.end(), ns) == namespaces.end())
      namespaces.push_back(ns);
  };
  for (const auto& c : t.claims) add_ns(c.obj->metadata.namespace_);
  for (const auto& s : t.snapshots) add_ns(s.obj->metadata.namespace_);
  for (const auto& ns : namespaces) {
    if (server_.Peek(api::Namespace::Info(), "", ns) != nullptr)
      continue;  // the server makes "default"
    auto n = std::make_shared<api::Namespace>();
    n->metadata.name = ns;
    CreateAs(kSetupClient, n);
  }
  for (const auto& c : t.classes) CreateAs(kSetupClient, c.obj->Clone());

  // Writes the builder's status onto the stored object (the status subresource).
  auto set_status = [&](const api::Object& builder) {
    api::MutableObjectPtr want = ResolveObject(builder);
    api::ObjectPtr stored =
        server_.Peek(builder.kind_info(), builder.metadata.namespace_, want->metadata.name);
    if (stored == nullptr) return;
    api::MutableObjectPtr copy = stored->Clone();
    copy->CopyStatusFrom(*want);
    auto r = server_.UpdateStatus(copy, {.client = kSetupClient});
    if (!r.ok())
      ADD_FAILURE() << "status of " << want->metadata.name << ": " << r.error().message();
  };
  for (const auto& c : t.claims) {
    if (auto o = CreateAs(kSetupClient, c.obj->Clone())) {
      Uid("pvcuid:" + o->metadata.namespace_ + "/" + o->metadata.name, o->metadata.uid);
      set_status(*c.obj);
    }
  }
  for (const auto& v : t.volumes) CreateAs(kSetupClient, v.obj->Clone());
  for (const auto& s : t.snapshots) {
    auto bare = api::CloneAs<api::VolumeSnapshot>(s.obj);
    bare->status.reset();
    if (auto o = CreateAs(kSetupClient, bare))
      Uid("uid:" + o->metadata.namespace_ + "/" + o->metadata.name, o->metadata.uid);
  }
  for (const auto& s : t.snapshots) {
    if (s.obj->status) set_status(*s.obj);
  }
  for (const auto& c : t.contents) {
    if (CreateAs(kSetupClient, c.obj->Clone()) && c.obj->status) set_status(*c.obj);
  }
  // Deletions last: the objects keep a deletionTimestamp thanks to their finalizers.
  auto del = [&](const api::Object& builder) {
    if (!builder.metadata.being_deleted()) return;
    std::string name = Resolve(builder.metadata.name);
    auto r = server_.Delete(builder.kind_info(), builder.metadata.namespace_, name, {},
                            {.client = kSetupClient});
    if (!r.ok()) ADD_FAILURE() << "deleting " << name << ": " << r.error().message();
    if (server_.Peek(builder.kind_info(), builder.metadata.namespace_, name) == nullptr) {
      ADD_FAILURE() << builder.kind_info().kind << " " << name
                    << " is Deleting() but has no finalizer: it is gone";
    }
  };
  for (const auto& c : t.claims) del(*c.obj);
  for (const auto& s : t.snapshots) del(*s.obj);
  for (const auto& c : t.contents) del(*c.obj);
}

void Fixture::StartController() {
  controller_ = std::make_unique<SnapshotController>(server_);
  controller_->Start();
}

void Fixture::PrimeCaches(const ControllerTest& t) {
  priming_ = true;
  for (const auto& c : t.contents)
    (void)controller_->SyncContentByKey(Resolve(c.obj->metadata.name));
  for (const auto& s : t.snapshots) (void)controller_->SyncSnapshotByKey(SnapshotKey(*s.obj));
  priming_ = false;
}

void Fixture::InstallFaults(std::vector<Fault> faults) {
  faults_ = std::move(faults);
  recording_ = true;
}

std::optional<apiserver::FaultDecision> Fixture::OnRequest(const apiserver::Request& r) {
  if (r.client != kControllerClient) return std::nullopt;
  if (priming_) {
    return apiserver::FaultDecision{
        apiserver::ApiError::ServiceUnavailable("priming the controller's caches")};
  }
  if (!recording_) return std::nullopt;
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
  bool write = r.verb == apiserver::Verb::kCreate || r.verb == apiserver::Verb::kUpdate ||
               r.verb == apiserver::Verb::kPatch || r.verb == apiserver::Verb::kDelete;
  if (r.kind == &api::Event::Info()) {
    if (r.verb == apiserver::Verb::kCreate || r.verb == apiserver::Verb::kUpdate) {
      emissions_.emplace_back(std::string(r.namespace_), std::string(r.name));
    }
  } else if (write) {
    writes_.push_back(verb + " " + resource +
                      (r.subresource.empty() ? "" : "/" + std::string(r.subresource)));
  }
  return std::nullopt;
}

std::vector<EmittedEvent> Fixture::events() const {
  std::vector<EmittedEvent> out;
  for (const auto& [ns, name] : emissions_) {
    auto e = api::As<api::Event>(server_.Peek(api::Event::Info(), ns, name));
    if (e == nullptr) {
      out.push_back({"?", "?", "<event " + name + " not stored>", ""});
    } else {
      out.push_back({e->type, e->reason, e->message, e->involved_object.name});
    }
  }
  return out;
}

std::shared_ptr<const api::VolumeSnapshot> Fixture::GetVs(std::string_view name,
                                                          std::string_view ns) const {
  return api::As<api::VolumeSnapshot>(server_.Peek(api::VolumeSnapshot::Info(), ns, Resolve(name)));
}
std::shared_ptr<const api::VolumeSnapshotContent> Fixture::GetVsc(std::string_view name) const {
  return api::As<api::VolumeSnapshotContent>(
      server_.Peek(api::VolumeSnapshotContent::Info(), "", Resolve(name)));
}
std::shared_ptr<const api::PersistentVolumeClaim> Fixture::GetPvc(std::string_view name,
                                                                  std::string_view ns) const {
  return api::As<api::PersistentVolumeClaim>(
      server_.Peek(api::PersistentVolumeClaim::Info(), ns, name));
}

// ---- the runner ---------------------------------------------------------------------

void RunControllerTest(const ControllerTest& t) {
  // SNAPSIM_RUN_BUG_CASES=1 runs them anyway (to see the failure, or to check a fix).
  const char* run_bugs = std::getenv("SNAPSIM_RUN_BUG_CASES");
  if (!t.bug.empty() && (run_bugs == nullptr || std::string_view(run_bugs) != "1")) {
    GTEST_SKIP() << "BUG: " << t.bug;
  }
  SCOPED_TRACE(t.name);
  Fixture f;
  f.Seed(t);
  if (::testing::Test::HasFailure()) return;
  f.InstallFaults(t.errors);
  f.StartController();
  if (t.op.single_sync) f.PrimeCaches(t);
  if (t.before) t.before(f);
  Status result = t.op.run(f);

  if (t.outcome.ok) {
    EXPECT_TRUE(result.ok()) << "expected success, got " << result.ToString();
  } else {
    EXPECT_FALSE(result.ok()) << "expected an error, got success";
    if (t.outcome.message && !result.ok()) {
      EXPECT_EQ(result.message(), f.Resolve(*t.outcome.message));
    }
  }

  CompareObjects(f, "VolumeSnapshot", Kind::kSnapshot,
                 f.server().PeekAll(api::VolumeSnapshot::Info()),
                 Objects(t.expected_snapshots.value_or(t.snapshots)));
  CompareObjects(f, "VolumeSnapshotContent", Kind::kContent,
                 f.server().PeekAll(api::VolumeSnapshotContent::Info()),
                 Objects(t.expected_contents.value_or(t.contents)));
  CompareObjects(f, "PersistentVolumeClaim", Kind::kClaim,
                 f.server().PeekAll(api::PersistentVolumeClaim::Info()),
                 Objects(t.expected_claims.value_or(t.claims)));

  std::vector<EmittedEvent> got = f.events();
  bool same = got.size() == t.expected_events.size();
  for (std::size_t i = 0; same && i < got.size(); ++i) {
    const ExpectedEvent& want = t.expected_events[i];
    same = want.type == got[i].type && want.reason == got[i].reason &&
           MessageMatches(f.Resolve(want.message), got[i].message);
  }
  if (!same) {
    std::string w, g;
    for (const auto& e : t.expected_events)
      w += fmt::format("  {} {} {}\n", e.type, e.reason, f.Resolve(e.message));
    for (const auto& e : got)
      g += fmt::format("  {} {} {}  (on {})\n", e.type, e.reason, e.message, e.object);
    ADD_FAILURE() << "events differ\nexpected:\n" << w << "got:\n" << g;
  }

  if (t.expected_writes) {
    EXPECT_EQ(fmt::format("{}", fmt::join(*t.expected_writes, "\n")),
              fmt::format("{}", fmt::join(f.writes(), "\n")))
        << "write requests differ";
  }
  for (const Fault& fault : f.unused_faults()) {
    ADD_FAILURE() << "injected error never used: " << fault.verb << " " << fault.resource << " "
                  << fault.reason;
  }
  if (t.check) t.check(f);
}

std::string CaseName(const std::string& name) {
  std::string out = "C";
  for (char c : name) {
    bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (alnum) {
      out += c;
    } else if (out.back() != '_') {
      out += '_';
    }
    if (out.size() >= 80) break;
  }
  while (out.back() == '_') out.pop_back();
  return out;
}

void PrintTo(const ControllerTest& t, std::ostream* os) { *os << '"' << t.name << '"'; }

std::string CaseParamName(const ::testing::TestParamInfo<ControllerTest>& info) {
  return CaseName(info.param.name);
}

TEST_P(ControllerTableTest, Run) { RunControllerTest(GetParam()); }

}  // namespace snapsim::csi::testing
