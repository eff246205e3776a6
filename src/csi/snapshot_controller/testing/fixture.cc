// The Fixture and the operations of the snapshot controller's table tests
// (fixture.h): seeding, starting, priming, fault injection, recording. No gtest.
#include "src/csi/snapshot_controller/testing/fixture.h"

#include <fmt/format.h>

#include <algorithm>

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
      ReportFailure(fmt::format("unknown placeholder {{{}}}", token));
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
  if (!ctx.ok()) {
    ReportFailure(fmt::format("cannot decode resolved {} {}", o.kind_info().kind, o.metadata.name));
  }
  return out;
}

api::ObjectPtr Fixture::CreateAs(std::string_view client, api::MutableObjectPtr obj) {
  api::MutableObjectPtr resolved = ResolveObject(*obj);
  auto r = server_.Create(resolved, {.client = client});
  if (!r.ok()) {
    ReportFailure(fmt::format("creating {} {}: {}", obj->kind_info().kind, resolved->metadata.name,
                              r.error().message()));
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
    if (!r.ok()) {
      ReportFailure(fmt::format("status of {}: {}", want->metadata.name, r.error().message()));
    }
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
    if (!r.ok()) ReportFailure(fmt::format("deleting {}: {}", name, r.error().message()));
    if (server_.Peek(builder.kind_info(), builder.metadata.namespace_, name) == nullptr) {
      ReportFailure(fmt::format("{} {} is Deleting() but has no finalizer: it is gone",
                                builder.kind_info().kind, name));
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
  auto taken = apiserver::TakeInjectedFault(faults_, r);
  if (!taken.ok()) {
    ReportFailure(taken.status().message());
    return std::nullopt;
  }
  if (*taken) return *taken;
  // Runs inside every timed sync of bench/table_case_bench.cc: no string is built unless it is kept.
  std::string_view verb = apiserver::VerbName(r.verb);
  std::string_view resource = r.kind->plural;
  bool write = r.verb == apiserver::Verb::kCreate || r.verb == apiserver::Verb::kUpdate ||
               r.verb == apiserver::Verb::kPatch || r.verb == apiserver::Verb::kDelete;
  if (r.kind == &api::Event::Info()) {
    if (r.verb == apiserver::Verb::kCreate || r.verb == apiserver::Verb::kUpdate) {
      emissions_.emplace_back(std::string(r.namespace_), std::string(r.name));
    }
  } else if (write) {
    std::string& w = writes_.emplace_back();
    w.reserve(verb.size() + resource.size() + r.subresource.size() + 2);
    w.append(verb).append(" ").append(resource);
    if (!r.subresource.empty()) w.append("/").append(r.subresource);
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

// ---- operations ----------------------------------------------------------------

Operation SyncSnapshot(std::string key) {
  return {[key](Fixture& f) { return f.controller().SyncSnapshotByKey(f.Resolve(key)); }, true};
}

Operation SyncContent(std::string name) {
  return {[name](Fixture& f) { return f.controller().SyncContentByKey(f.Resolve(name)); }, true};
}

Operation RunToRest(engine::Nanos limit) {
  return {
      [limit](Fixture& f) {
        engine::SettleResult r = f.Settle(limit);
        if (r.at_rest) return Status::Ok();
        return Status::Internal(fmt::format("not at rest after {}s: {}", limit / engine::kSecond,
                                            fmt::join(f.loop().PendingLabels(), ", ")));
      },
      false};
}

Operation Custom(std::function<Status(Fixture&)> fn, bool single_sync) {
  return {std::move(fn), single_sync};
}

}  // namespace snapsim::csi::testing
