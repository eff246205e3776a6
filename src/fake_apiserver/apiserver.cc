#include "src/fake_apiserver/apiserver.h"

#include <algorithm>

#include <fmt/format.h>

#include "sim/engine/time.h"
#include "src/api/defaults.h"
#include "src/api/registry.h"
#include "src/fake_apiserver/admission.h"
#include "src/fake_apiserver/decode.h"
#include "src/fake_apiserver/patch_json.h"
#include "src/fake_apiserver/patch_fast_path.h"
#include "src/fake_apiserver/patch_merge.h"
#include "src/fake_apiserver/patch_util.h"
#include "src/fake_apiserver/strategic_merge.h"
#include "src/fake_apiserver/strategic_schema.h"

namespace snapsim::apiserver {
namespace {

std::string KeyOf(std::string_view ns, std::string_view name) {
  if (ns.empty()) return std::string(name);
  std::string k;
  k.reserve(ns.size() + 1 + name.size());
  k.append(ns).append("/").append(name);
  return k;
}

// Whether two objects' metadata encode alike but for the fields the server owns on
// every write, for no-op checks.
bool MetaEncodesEqual(const api::ObjectMeta& a, const api::ObjectMeta& b) {
  return api::EncodesEqualExcept(a, b, {"resourceVersion", "managedFields"});
}

std::string_view VersionOf(std::string_view api_version) { return api::ParseApiVersion(api_version).version; }

// Only some registry strategies maintain metadata.generation: custom resources,
// workloads with a spec controllers observe, CRDs. StorageClass, PVC, Pod ... have none.
bool TracksGeneration(const api::KindInfo& kind) {
  return kind.custom || kind.kind == "StatefulSet" || kind.kind == "CustomResourceDefinition";
}

constexpr std::string_view kForegroundDeletion = "foregroundDeletion";

// "ns/name" -> {ns, name}; "name" -> {"", name}.
std::pair<std::string, std::string> SplitKey(const std::string& key) {
  std::size_t slash = key.find('/');
  if (slash == std::string::npos) return {"", key};
  return {key.substr(0, slash), key.substr(slash + 1)};
}

// `current` with `patch` applied, as the API server decodes it: the typed fast paths
// where they apply (patch_fast_path.h, same result or none), else the general way -
// encode, patch, decode - with the real server's errors.
ApiResult<api::MutableObjectPtr> PatchedObject(const api::Object& current, ApiServer::PatchType type,
                                               const api::Value& patch, const RequestContext& ctx) {
  const api::KindInfo& kind = current.kind_info();
  if (type == ApiServer::PatchType::kStrategic && !SupportsStrategicMergePatch(kind.kind)) {
    return ApiError::UnsupportedMediaType(
        "the body of the request was in an unknown format - accepted media types include: "
        "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml");
  }
  if (type == ApiServer::PatchType::kJson) {
    if (auto fast = TryMetadataJsonPatch(current, patch)) return fast;
    if (auto fast = TryStatusJsonPatch(current, patch, ctx.field_validation, ctx.warnings)) return fast;
  } else if (type == ApiServer::PatchType::kMerge) {
    if (auto fast = TryMetadataMergePatch(current, patch)) return fast;
    if (auto fast = TryStatusMergePatch(current, patch, ctx.field_validation, ctx.warnings)) return fast;
  }
  api::Value doc = current.ToValue();
  Result<api::Value> patched = Status::Internal("unset");
  switch (type) {
    case ApiServer::PatchType::kMerge: patched = ApplyMergePatch(doc, patch); break;
    case ApiServer::PatchType::kJson: patched = ApplyJsonPatch(std::move(doc), patch); break;
    case ApiServer::PatchType::kStrategic: patched = ApplyStrategicMergePatchForKind(doc, patch, kind.kind); break;
  }
  if (!patched.ok()) {
    int code = PatchErrorHttpCode(patched.status());
    // The real server hides the engine's text behind a generic 422 without causes.
    if (code == 422) return ApiError::InvalidRequest("the server rejected our request due to an error in our request");
    if (code >= 500) return ApiError::InternalError(patched.status().message());
    return ApiError::BadRequest(patched.status().message());
  }
  return DecodeBody(*patched, kind, kind.storage_version, ctx.field_validation, ctx.warnings);
}

}  // namespace

std::string_view VerbName(Verb v) {
  switch (v) {
    case Verb::kGet: return "get";
    case Verb::kList: return "list";
    case Verb::kWatch: return "watch";
    case Verb::kCreate: return "create";
    case Verb::kUpdate: return "update";
    case Verb::kPatch: return "patch";
    case Verb::kDelete: return "delete";
  }
  return "unknown";
}

std::string_view WatchEventTypeName(WatchEventType t) {
  switch (t) {
    case WatchEventType::kAdded: return "ADDED";
    case WatchEventType::kModified: return "MODIFIED";
    case WatchEventType::kDeleted: return "DELETED";
  }
  return "UNKNOWN";
}

ApiServer::ApiServer(engine::EventLoop& loop, engine::Rng& rng, ApiServerConfig config)
    : loop_(loop), rng_(rng), config_(config) {
  // kube-apiserver's bootstrap controller creates the system namespaces at start.
  if (const api::KindInfo* ns_kind = api::FindKind("", "Namespace")) {
    for (std::string_view name : {"default", "kube-node-lease", "kube-public", "kube-system"}) {
      api::MutableObjectPtr ns = ns_kind->make();
      ns->metadata.name = std::string(name);
      ns->metadata.labels["kubernetes.io/metadata.name"] = std::string(name);
      (void)Create(ns, {.client = "kube-apiserver"});
    }
  }
}

std::int64_t ApiServer::NowUnixNanos() const {
  return config_.epoch_unix_seconds * engine::kSecond + loop_.Now();
}
std::int64_t ApiServer::NowUnixSeconds() const { return NowUnixNanos() / engine::kSecond; }
std::string ApiServer::NowRfc3339() const {
  // Many writes share a second; formatting a date costs more than the write's bookkeeping.
  thread_local std::int64_t cached_seconds = -1;
  thread_local std::string cached;
  std::int64_t now = NowUnixSeconds();
  if (now != cached_seconds) {
    cached = engine::FormatRfc3339(now);
    cached_seconds = now;
  }
  return cached;
}

ApiServer::Table& ApiServer::TableFor(const api::KindInfo& kind) { return tables_[&kind]; }

const ApiServer::Table* ApiServer::FindTable(const api::KindInfo& kind) const {
  auto it = tables_.find(&kind);
  return it == tables_.end() ? nullptr : &it->second;
}

std::optional<FaultDecision> ApiServer::CheckFault(const Request& r) const {
  if (!fault_hook_) return std::nullopt;
  return fault_hook_(r);
}

std::string ApiServer::NextResourceVersion() { return std::to_string(++rv_); }

std::string ApiServer::GenerateNameSuffix() {
  // apimachinery's alphabet: no vowels and no confusable digits.
  return rng_.FromAlphabet("bcdfghjklmnpqrstvwxz2456789", 5);
}

const StoredObject* ApiServer::FindStored(const api::KindInfo& kind, std::string_view ns, std::string_view name) const {
  const Table* t = FindTable(kind);
  if (t == nullptr) return nullptr;
  auto it = t->objects.Find(KeyOf(kind.namespaced ? ns : "", name));
  return it == t->objects.end() ? nullptr : &it->second;
}

api::ObjectPtr ApiServer::Peek(const api::KindInfo& kind, std::string_view ns, std::string_view name) const {
  const StoredObject* stored = FindStored(kind, ns, name);
  return stored == nullptr ? nullptr : stored->Get();
}

bool ApiServer::Contains(const api::KindInfo& kind, std::string_view ns, std::string_view name) const {
  return FindStored(kind, ns, name) != nullptr;
}

api::MutableObjectPtr ApiServer::PeekCopy(const api::KindInfo& kind, std::string_view ns, std::string_view name) const {
  const StoredObject* stored = FindStored(kind, ns, name);
  return stored == nullptr ? nullptr : stored->Copy();
}

std::vector<api::ObjectPtr> ApiServer::PeekAll(const api::KindInfo& kind) const {
  std::vector<api::ObjectPtr> out;
  if (const Table* t = FindTable(kind)) {
    out.reserve(t->objects.size());
    for (const auto& [k, o] : t->objects) out.push_back(o.Get());
  }
  return out;
}

std::size_t ApiServer::ObjectCount() const {
  std::size_t n = 0;
  for (const auto& [k, t] : tables_) n += t.objects.size();
  return n;
}

bool ApiServer::UidExists(const std::string& uid) const { return by_uid_.Contains(uid); }

void ApiServer::IndexOwners(const api::KindInfo& kind, const std::string& key, const api::Object* before,
                            const api::Object* after) {
  static const std::vector<api::OwnerReference> kNone;
  const auto& old_refs = before != nullptr ? before->metadata.owner_references : kNone;
  const auto& new_refs = after != nullptr ? after->metadata.owner_references : kNone;
  // The index is keyed by owner uid only: a write that keeps the owners changes nothing.
  if (std::equal(old_refs.begin(), old_refs.end(), new_refs.begin(), new_refs.end(),
                 [](const api::OwnerReference& a, const api::OwnerReference& b) { return a.uid == b.uid; })) {
    return;
  }
  std::string resource = kind.Resource();
  if (before != nullptr) {
    for (const auto& ref : before->metadata.owner_references) {
      auto it = dependents_.find(ref.uid);
      if (it == dependents_.end()) continue;
      it->second.erase({resource, key});
      if (it->second.empty()) dependents_.erase(it);
    }
  }
  if (after != nullptr) {
    for (const auto& ref : after->metadata.owner_references) dependents_[ref.uid].insert({resource, key});
  }
}

void ApiServer::Commit(const api::KindInfo& kind, const std::string& key, api::ObjectPtr obj, WatchEventType type,
                       api::ObjectPtr stored) {
  Table& table = TableFor(kind);
  auto it = table.objects.Find(key);
  // The version being replaced, kept alive for Notify.
  api::ObjectPtr before = stored != nullptr ? std::move(stored) : it == table.objects.end() ? nullptr : it->second.Get();
  if (commit_observer_) commit_observer_(kind, before.get(), obj.get(), current_client_);
  IndexOwners(kind, key, before.get(), obj.get());
  if (it == table.objects.end()) {
    it = table.objects.Put(key, StoredObject(obj));
  } else {
    it->second = StoredObject(obj);
  }
  if (before == nullptr) by_uid_.Put(obj->metadata.uid, {&kind, it->first});
  Notify(kind, type, before, obj);
}

void ApiServer::Notify(const api::KindInfo& kind, WatchEventType type, const api::ObjectPtr& before,
                       const api::ObjectPtr& obj) {
  auto index = watch_index_by_kind_.find(&kind);
  if (index == watch_index_by_kind_.end()) return;
  for (WatchId id : index->second.Candidates(before.get(), *obj)) {
    Watcher& w = watchers_.at(id);
    WatchEvent event{type, obj};
    if (w.opts.filter) {
      bool passes = w.opts.filter(*obj);
      bool passed = type == WatchEventType::kModified && before != nullptr && w.opts.filter(*before);
      if (type != WatchEventType::kModified || passes == passed) {
        if (!passes) continue;
      } else if (passes) {
        event.type = WatchEventType::kAdded;
      } else {
        api::MutableObjectPtr gone = before->Clone();
        gone->metadata.resource_version = obj->metadata.resource_version;
        event = {WatchEventType::kDeleted, std::move(gone)};
      }
    }
    // Each watcher sees events in commit order, `delay` after the commit.
    engine::Nanos at = std::max(loop_.Now() + w.opts.delay, w.last_delivery);
    w.last_delivery = at;
    WatchId wid = id;
    std::uint64_t gen = w.generation;
    loop_.At(
        at,
        [this, wid, gen, event] {
          auto wit = watchers_.find(wid);
          if (wit == watchers_.end() || wit->second.generation != gen) return;
          wit->second.deliver(event);
        },
        {.priority = 0, .background = false, .label = "watch", .lane = w.lane});
  }
}

void ApiServer::Remove(const api::KindInfo& kind, const std::string& key, api::MutableObjectPtr last) {
  Table& table = TableFor(kind);
  auto it = table.objects.Find(key);
  if (it == table.objects.end()) return;
  const api::ObjectPtr held = it->second.Get();
  if (commit_observer_) commit_observer_(kind, held.get(), nullptr, current_client_);
  IndexOwners(kind, key, held.get(), nullptr);
  by_uid_.Erase(last->metadata.uid);  // before the key it views goes
  table.objects.Erase(it);
  last->metadata.resource_version = NextResourceVersion();
  api::ObjectPtr final_state = std::move(last);
  Notify(kind, WatchEventType::kDeleted, nullptr, final_state);
  ScheduleGarbageCollection(final_state->metadata.uid);
  for (const auto& ref : final_state->metadata.owner_references) {
    const UidIndex::Entry* owner = by_uid_.Find(ref.uid);
    if (owner == nullptr) continue;
    const Table* t = FindTable(*owner->kind);
    auto found = t->objects.Find(owner->key);
    if (found != t->objects.end() && found->second.Get()->metadata.HasFinalizer(kForegroundDeletion)) {
      std::string uid = ref.uid;
      loop_.After(0, [this, uid] { CollectForeground(uid); },
                  {.priority = 1, .background = false, .label = "garbage-collector"});
    }
  }
}

ApiResult<api::ObjectPtr> ApiServer::Create(api::MutableObjectPtr obj, const RequestContext& ctx) {
  const api::KindInfo& kind = obj->kind_info();
  api::ObjectMeta& m = obj->metadata;
  if (!kind.namespaced) {
    m.namespace_.clear();
  } else if (m.namespace_.empty()) {
    m.namespace_ = "default";
  }
  if (m.name.empty() && !m.generate_name.empty()) m.name = m.generate_name + GenerateNameSuffix();
  Request req{Verb::kCreate, &kind, m.namespace_, m.name, "", ctx.client};
  auto fault = CheckFault(req);
  if (fault && !fault->after_effect) return fault->error;

  if (kind.namespaced && kind.kind != "Namespace") {
    if (const api::KindInfo* ns_kind = api::FindKind("", "Namespace")) {
      api::ObjectPtr ns = Peek(*ns_kind, "", m.namespace_);
      if (ns == nullptr) return ApiError::NotFound(*ns_kind, m.namespace_);
      if (ns->metadata.being_deleted()) {
        return ApiError::Forbidden(fmt::format(
            "{} \"{}\" is forbidden: unable to create new content in namespace {} because it is being terminated",
            kind.Resource(), m.name, m.namespace_));
      }
    }
  }
  if (kind.has_status) obj->ResetStatus();
  api::ApplyDefaults(*obj, config_.kube_minor, api::WriteKind::kCreate);
  if (kind.kind == "Namespace") m.labels["kubernetes.io/metadata.name"] = m.name;
  if (auto rejected = AdmitCreate(*this, *obj)) return *rejected;
  ValidationResult vr = validator_.Validate(*obj, nullptr, {config_.kube_minor, VersionOf(ctx.api_version), ctx.body});
  if (!vr.errors.empty()) return ApiError::Invalid(kind, m.name, vr.errors);
  if (vr.webhook_denial) {
    return ApiError::WithoutReason(
        400, fmt::format("admission webhook \"{}\" denied the request: {}", kSnapshotWebhookName, *vr.webhook_denial));
  }
  std::string key = KeyOf(m.namespace_, m.name);
  if (Contains(kind, m.namespace_, m.name)) return ApiError::AlreadyExists(kind, m.name);

  m.uid = rng_.Uuid();
  m.creation_timestamp = NowRfc3339();
  m.deletion_timestamp.reset();
  m.deletion_grace_period_seconds.reset();
  m.generation = TracksGeneration(kind) ? 1 : 0;
  m.managed_fields.clear();
  m.self_link.clear();
  m.resource_version = NextResourceVersion();
  api::ObjectPtr stored = obj;
  Commit(kind, key, stored, WatchEventType::kAdded);
  if (fault) return fault->error;
  return stored;
}

ApiResult<api::ObjectPtr> ApiServer::Get(const api::KindInfo& kind, std::string_view ns, std::string_view name,
                                         const RequestContext& ctx) {
  Request req{Verb::kGet, &kind, ns, name, "", ctx.client};
  if (auto fault = CheckFault(req)) return fault->error;
  api::ObjectPtr o = Peek(kind, ns, name);
  if (o == nullptr) return ApiError::NotFound(kind, name);
  return o;
}

ApiResult<std::vector<api::ObjectPtr>> ApiServer::List(const api::KindInfo& kind, const ListOptions& opts,
                                                       const RequestContext& ctx) {
  Request req{Verb::kList, &kind, opts.namespace_, "", "", ctx.client};
  if (auto fault = CheckFault(req)) return fault->error;
  std::vector<api::ObjectPtr> out;
  const Table* t = FindTable(kind);
  if (t == nullptr) return out;
  auto begin = t->objects.begin();
  std::string prefix;
  if (kind.namespaced && !opts.namespace_.empty()) {
    prefix = opts.namespace_ + "/";
    begin = t->objects.lower_bound(prefix);
  }
  for (auto it = begin; it != t->objects.end(); ++it) {
    if (!prefix.empty() && it->first.compare(0, prefix.size(), prefix) != 0) break;
    api::ObjectPtr obj = it->second.Get();
    if (opts.filter && !opts.filter(*obj)) continue;
    out.push_back(std::move(obj));
  }
  return out;
}

ApiResult<api::ObjectPtr> ApiServer::Update(api::MutableObjectPtr obj, const RequestContext& ctx) {
  return Write(std::move(obj), /*status_only=*/false, ctx);
}

ApiResult<api::ObjectPtr> ApiServer::UpdateStatus(api::MutableObjectPtr obj, const RequestContext& ctx) {
  if (!obj->kind_info().has_status) {
    return ApiError::NotFoundResource(obj->kind_info().Resource() + "/status", obj->metadata.name);
  }
  return Write(std::move(obj), /*status_only=*/true, ctx);
}

ApiResult<api::ObjectPtr> ApiServer::Write(api::MutableObjectPtr obj, bool status_only, const RequestContext& ctx,
                                           bool check_fault) {
  RequestClient who(current_client_, ctx.client);
  const api::KindInfo& kind = obj->kind_info();
  api::ObjectMeta& m = obj->metadata;
  if (!kind.namespaced) m.namespace_.clear();
  if (kind.namespaced && m.namespace_.empty()) m.namespace_ = "default";
  Request req{Verb::kUpdate, &kind, m.namespace_, m.name, status_only ? "status" : "", ctx.client};
  std::optional<FaultDecision> fault;
  if (check_fault) fault = CheckFault(req);
  if (fault && !fault->after_effect) return fault->error;

  std::string key = KeyOf(m.namespace_, m.name);
  api::ObjectPtr old = Peek(kind, m.namespace_, m.name);
  if (old == nullptr) return ApiError::NotFound(kind, m.name);
  if (m.resource_version.empty()) {
    if (kind.custom) {
      return ApiError::Invalid(kind, m.name,
                               {FieldError::Invalid("metadata.resourceVersion", "0x0", "must be specified for an update")});
    }
  } else if (m.resource_version != old->metadata.resource_version) {
    return ApiError::StaleResourceVersion(kind, m.name);
  }
  if (!m.uid.empty() && m.uid != old->metadata.uid) {
    return ApiError::Conflict(kind, m.name,
                              fmt::format("Precondition failed: UID in precondition: {}, UID in object meta: {}",
                                          m.uid, old->metadata.uid));
  }

  api::MutableObjectPtr next;
  if (status_only) {
    next = old->Clone();
    next->CopyStatusFrom(*obj);
  } else {
    next = obj;
    if (kind.has_status) next->CopyStatusFrom(*old);
  }
  api::ObjectMeta& nm = next->metadata;
  const api::ObjectMeta& om = old->metadata;
  nm.uid = om.uid;
  nm.creation_timestamp = om.creation_timestamp;
  nm.deletion_timestamp = om.deletion_timestamp;
  nm.deletion_grace_period_seconds = om.deletion_grace_period_seconds;
  nm.generation = om.generation;
  nm.managed_fields.clear();
  nm.self_link.clear();
  nm.generate_name = status_only ? om.generate_name : nm.generate_name;

  if (!status_only) api::ApplyDefaults(*next, config_.kube_minor, api::WriteKind::kUpdate);
  std::vector<FieldError> errors;
  if (om.deletion_timestamp) {
    std::vector<std::string> added;
    for (const auto& f : nm.finalizers) {
      if (!om.HasFinalizer(f)) added.push_back(fmt::format("\"{}\"", f));
    }
    if (!added.empty()) {
      errors.push_back(FieldError::Forbidden(
          "metadata.finalizers",
          fmt::format("no new finalizers can be added if the object is being deleted, found new finalizers "
                      "[]string{{{}}}",
                      fmt::join(added, ", "))));
    }
  }
  if (!status_only) {
    ValidationResult vr = validator_.Validate(*next, old.get(), {config_.kube_minor, VersionOf(ctx.api_version), ctx.body});
    errors.insert(errors.end(), vr.errors.begin(), vr.errors.end());
    if (errors.empty() && vr.webhook_denial) {
      return ApiError::WithoutReason(400, fmt::format("admission webhook \"{}\" denied the request: {}",
                                                      kSnapshotWebhookName, *vr.webhook_denial));
    }
  }
  if (!errors.empty()) return ApiError::Invalid(kind, m.name, errors);

  // A write that changes nothing is not a write: no new resourceVersion, no event.
  // (Compared as their JSON would be, without encoding: see api::EncodesEqual.) A
  // status write's body is the stored one's clone, so only its status can differ.
  const bool body_changed =
      !(status_only && kind.has_status) && !next->BodyEncodesEqual(*old, /*with_status=*/!kind.has_status);
  const bool status_changed = kind.has_status && !next->StatusEncodesEqual(*old);
  if (!body_changed && !status_changed && MetaEncodesEqual(nm, om)) {
    if (fault) return fault->error;
    return old;
  }
  if (body_changed && !status_only && TracksGeneration(kind)) nm.generation = om.generation + 1;

  if (nm.deletion_timestamp && nm.finalizers.empty() && !(kind.kind == "Pod" && nm.deletion_grace_period_seconds.value_or(0) > 0)) {
    Remove(kind, key, next);
    if (fault) return fault->error;
    return api::ObjectPtr(next);
  }
  nm.resource_version = NextResourceVersion();
  api::ObjectPtr stored = next;
  Commit(kind, key, stored, WatchEventType::kModified, std::move(old));
  if (fault) return fault->error;
  return stored;
}

ApiResult<api::ObjectPtr> ApiServer::PatchRequest(const api::KindInfo& kind, std::string_view ns,
                                                  std::string_view name, bool status, const RequestContext& ctx,
                                                  const Patcher& patched) {
  std::string_view eff_ns = kind.namespaced ? (ns.empty() ? std::string_view("default") : ns) : std::string_view();
  Request req{Verb::kPatch, &kind, eff_ns, name, status ? "status" : "", ctx.client};
  auto fault = CheckFault(req);
  if (fault && !fault->after_effect) return fault->error;
  api::ObjectPtr current = Peek(kind, eff_ns, name);
  if (current == nullptr) return ApiError::NotFound(kind, name);
  auto obj = patched(*current);
  if (!obj.ok()) return obj.error();
  auto r = Write(*obj, status, ctx, /*check_fault=*/false);
  if (!r.ok()) return r.error();
  if (fault) return fault->error;
  return r;
}

ApiResult<api::ObjectPtr> ApiServer::Patch(const api::KindInfo& kind, std::string_view ns, std::string_view name,
                                           PatchType type, const api::Value& patch, bool status,
                                           const RequestContext& ctx) {
  return PatchRequest(kind, ns, name, status, ctx,
                      [&](const api::Object& current) { return PatchedObject(current, type, patch, ctx); });
}

ApiResult<api::ObjectPtr> ApiServer::PatchTyped(const api::KindInfo& kind, std::string_view ns,
                                                std::string_view name, PatchType type,
                                                const std::function<bool(api::Object&)>& apply,
                                                const std::function<api::Value()>& patch, bool status,
                                                const RequestContext& ctx) {
  return PatchRequest(kind, ns, name, status, ctx, [&](const api::Object& current) -> ApiResult<api::MutableObjectPtr> {
    api::MutableObjectPtr copy = current.Clone();
    if (!apply(*copy)) return PatchedObject(current, type, patch(), ctx);
    if (config_.check_typed_patches) {
      api::Value json = patch();
      auto expected = PatchedObject(current, type, json, ctx);
      if (!expected.ok() || !((*expected)->ToValue() == copy->ToValue())) {
        // Short: the message may end up in the object's own status, and be patched again.
        return ApiError::InternalError(
            fmt::format("typed patch of {} {} is not what its JSON patch gives", kind.kind, name));
      }
    }
    return copy;
  });
}

ApiResult<api::ObjectPtr> ApiServer::Delete(const api::KindInfo& kind, std::string_view ns, std::string_view name,
                                            const DeleteOptions& opts, const RequestContext& ctx) {
  RequestClient who(current_client_, ctx.client);
  std::string_view eff_ns = kind.namespaced ? (ns.empty() ? std::string_view("default") : ns) : std::string_view();
  Request req{Verb::kDelete, &kind, eff_ns, name, "", ctx.client};
  auto fault = CheckFault(req);
  if (fault && !fault->after_effect) return fault->error;
  api::ObjectPtr old = Peek(kind, eff_ns, name);
  if (old == nullptr) return ApiError::NotFound(kind, name);
  if (opts.precondition_uid && *opts.precondition_uid != old->metadata.uid) {
    return ApiError::Conflict(kind, name,
                              fmt::format("Precondition failed: UID in precondition: {}, UID in object meta: {}",
                                          *opts.precondition_uid, old->metadata.uid));
  }
  if (opts.precondition_resource_version && *opts.precondition_resource_version != old->metadata.resource_version) {
    return ApiError::Conflict(
        kind, name,
        fmt::format("Precondition failed: ResourceVersion in precondition: {}, ResourceVersion in object meta: {}",
                    *opts.precondition_resource_version, old->metadata.resource_version));
  }
  std::string key = KeyOf(eff_ns, name);

  if (opts.propagation_policy == "Orphan") {
    auto it = dependents_.find(old->metadata.uid);
    if (it != dependents_.end()) {
      auto deps = it->second;  // copy: updates below edit the index
      for (const auto& [resource, dep_key] : deps) {
        const api::KindInfo* dk = api::ResolveResource(resource);
        if (dk == nullptr) continue;
        auto [dns, dname] = SplitKey(dep_key);
        api::ObjectPtr dep = Peek(*dk, dns, dname);
        if (dep == nullptr) continue;
        api::MutableObjectPtr copy = dep->Clone();
        auto& refs = copy->metadata.owner_references;
        refs.erase(std::remove_if(refs.begin(), refs.end(),
                                  [&](const api::OwnerReference& r) { return r.uid == old->metadata.uid; }),
                   refs.end());
        (void)Update(copy, {.client = "generic-garbage-collector"});
      }
    }
  }

  // Graceful deletion of pods that a kubelet runs.
  if (kind.kind == "Pod") {
    api::Value pod = old->ToValue();
    const api::Value* spec = pod.Find("spec");
    const api::Value* node = spec ? spec->Find("nodeName") : nullptr;
    std::int64_t grace = 30;
    if (spec && spec->Find("terminationGracePeriodSeconds") && spec->Find("terminationGracePeriodSeconds")->is_int()) {
      grace = spec->Find("terminationGracePeriodSeconds")->as_int();
    }
    if (opts.grace_period_seconds) grace = *opts.grace_period_seconds;
    bool scheduled = node != nullptr && node->is_string() && !node->as_string().empty();
    if (scheduled && grace > 0) {
      const auto& om = old->metadata;
      if (om.deletion_timestamp && om.deletion_grace_period_seconds.value_or(0) <= grace) {
        if (fault) return fault->error;
        return old;
      }
      api::MutableObjectPtr next = old->Clone();
      next->metadata.deletion_timestamp = engine::FormatRfc3339(NowUnixSeconds() + grace);
      next->metadata.deletion_grace_period_seconds = grace;
      next->metadata.resource_version = NextResourceVersion();
      api::ObjectPtr stored = next;
      Commit(kind, key, stored, WatchEventType::kModified);
      if (fault) return fault->error;
      return stored;
    }
  }

  if (opts.propagation_policy == "Foreground" && !old->metadata.HasFinalizer(kForegroundDeletion)) {
    // The owner stays, marked, until the garbage collector has removed every
    // dependent that blocks owner deletion.
    api::MutableObjectPtr next = old->Clone();
    next->metadata.AddFinalizer(kForegroundDeletion);
    if (!next->metadata.deletion_timestamp) {
      next->metadata.deletion_timestamp = NowRfc3339();
      next->metadata.deletion_grace_period_seconds = 0;
    }
    next->metadata.resource_version = NextResourceVersion();
    api::ObjectPtr stored = next;
    Commit(kind, key, stored, WatchEventType::kModified);
    std::string uid = stored->metadata.uid;
    loop_.After(0, [this, uid] { CollectForeground(uid); },
                {.priority = 1, .background = false, .label = "garbage-collector"});
    if (fault) return fault->error;
    return stored;
  }

  if (!old->metadata.finalizers.empty()) {
    if (old->metadata.deletion_timestamp) {
      if (fault) return fault->error;
      return old;
    }
    api::MutableObjectPtr next = old->Clone();
    next->metadata.deletion_timestamp = NowRfc3339();
    next->metadata.deletion_grace_period_seconds = 0;
    next->metadata.resource_version = NextResourceVersion();
    api::ObjectPtr stored = next;
    Commit(kind, key, stored, WatchEventType::kModified);
    if (fault) return fault->error;
    return stored;
  }
  api::MutableObjectPtr last = old->Clone();
  Remove(kind, key, last);
  if (fault) return fault->error;
  return api::ObjectPtr(last);
}

void ApiServer::CollectForeground(const std::string& owner_uid) {
  const UidIndex::Entry* owner_at = by_uid_.Find(owner_uid);
  if (owner_at == nullptr) return;
  const api::KindInfo* owner_kind = owner_at->kind;
  const std::string owner_key(owner_at->key);  // a copy: the owner may be removed below
  RequestContext gc{.client = "generic-garbage-collector"};
  bool blocked = false;
  auto it = dependents_.find(owner_uid);
  if (it != dependents_.end()) {
    auto deps = it->second;  // copy: deletes below edit the index
    for (const auto& [resource, dep_key] : deps) {
      const api::KindInfo* dk = api::ResolveResource(resource);
      if (dk == nullptr) continue;
      auto [dns, dname] = SplitKey(dep_key);
      api::ObjectPtr dep = Peek(*dk, dns, dname);
      if (dep == nullptr) continue;
      for (const auto& ref : dep->metadata.owner_references) {
        if (ref.uid == owner_uid && ref.block_owner_deletion.value_or(false)) blocked = true;
      }
      if (!dep->metadata.deletion_timestamp) {
        (void)Delete(*dk, dns, dname, {.propagation_policy = "Foreground"}, gc);
      }
    }
  }
  if (blocked) return;  // re-checked when a dependent goes (Remove)
  api::ObjectPtr owner = FindTable(*owner_kind)->objects.at(owner_key).Get();
  api::MutableObjectPtr next = owner->Clone();
  if (next->metadata.RemoveFinalizer(kForegroundDeletion)) (void)Update(next, gc);
}

void ApiServer::ScheduleGarbageCollection(const std::string& owner_uid) {
  if (dependents_.count(owner_uid) == 0) return;
  loop_.After(0, [this, owner_uid] { CollectGarbage(owner_uid); },
              {.priority = 1, .background = false, .label = "garbage-collector"});
}

void ApiServer::CollectGarbage(const std::string& owner_uid) {
  auto it = dependents_.find(owner_uid);
  if (it == dependents_.end() || UidExists(owner_uid)) return;
  auto deps = it->second;  // copy: deletes below edit the index
  RequestContext gc{.client = "generic-garbage-collector"};
  for (const auto& [resource, dep_key] : deps) {
    const api::KindInfo* dk = api::ResolveResource(resource);
    if (dk == nullptr) continue;
    auto [dns, dname] = SplitKey(dep_key);
    api::ObjectPtr dep = Peek(*dk, dns, dname);
    if (dep == nullptr) continue;
    bool solid_owner = false;
    for (const auto& ref : dep->metadata.owner_references) solid_owner |= UidExists(ref.uid);
    if (!solid_owner) {
      (void)Delete(*dk, dns, dname, {.propagation_policy = "Background"}, gc);
      continue;
    }
    // Some owners are alive: drop only the dangling references.
    api::MutableObjectPtr copy = dep->Clone();
    auto& refs = copy->metadata.owner_references;
    refs.erase(std::remove_if(refs.begin(), refs.end(), [&](const api::OwnerReference& r) { return !UidExists(r.uid); }),
               refs.end());
    (void)Update(copy, gc);
  }
}

WatchId ApiServer::Watch(const api::KindInfo& kind, std::function<void(const WatchEvent&)> deliver,
                         WatchOptions opts) {
  WatchId id = next_watch_++;
  if (!opts.filter) opts.route = {};  // a route only narrows whom a filter is asked about
  auto& w = watchers_.emplace(id, Watcher{&kind, std::move(deliver), std::move(opts), loop_.Now(), 0, loop_.NewLane()})
                .first->second;
  WatchIndex& index = watch_index_by_kind_[&kind];
  index.Add(id, w.opts.route);
  if (w.opts.route) {
    w.route_listener = w.opts.route.values->Listen(
        [&index, id, fn = w.opts.route.value_of](std::string_view value, bool present) {
          if (present) {
            index.AddValue(id, fn, value);
          } else {
            index.RemoveValue(id, fn, value);
          }
        });
  }
  return id;
}

void ApiServer::StopWatch(WatchId id) {
  auto it = watchers_.find(id);
  if (it == watchers_.end()) return;
  Watcher& w = it->second;
  if (w.opts.route) w.opts.route.values->Unlisten(w.route_listener);
  watch_index_by_kind_[w.kind].Remove(id, w.opts.route);
  watchers_.erase(it);
}

ApiServer::~ApiServer() {
  // Routed watchers' value sets may outlive the server: stop them telling it.
  for (auto& [id, w] : watchers_) {
    if (w.opts.route) w.opts.route.values->Unlisten(w.route_listener);
  }
}

void ApiServer::DropPendingEvents(WatchId id) {
  auto it = watchers_.find(id);
  if (it == watchers_.end()) return;
  ++it->second.generation;
  it->second.last_delivery = loop_.Now();
}

}  // namespace snapsim::apiserver
