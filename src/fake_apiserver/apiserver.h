// ApiServer: the fake Kubernetes API server — a typed object store with the
// real server's semantics, driven by the simulation's event loop.
//
// Semantics reproduced (each pinned by a test in apiserver_test.cc):
//  1. Every write bumps one global resourceVersion; objects carry it as a string.
//  2. Create assigns uid (from the seeded Rng), creationTimestamp (virtual time),
//     generation 1, defaulting and validation; generateName gets 5 random chars.
//  3. Update with a stale resourceVersion fails with 409 Conflict; custom
//     resources must name one ("must be specified for an update").
//  4. Kinds with a status subresource ignore status on Update and everything
//     but status on UpdateStatus. generation increments when anything outside
//     metadata and status changes.
//  5. Delete of an object with finalizers only sets deletionTimestamp; the
//     write that removes the last finalizer removes the object. No finalizer
//     may be added to an object being deleted.
//  6. Pods bound to a node are deleted gracefully (deletionTimestamp in the
//     future; the kubelet finishes the deletion).
//  7. Watchers get ADDED/MODIFIED/DELETED events in commit order, each through
//     the event loop after the watcher's delay (so informers lag the store). A
//     watch with a filter (a selector) hears only of objects inside it; entering
//     is ADDED, leaving is DELETED.
//  8. Dependents whose owners are all gone are deleted by the garbage
//     collector (background propagation) a moment after the owner goes.
//
// Faults: a FaultHook sees every request first and may fail it, before or
// after it takes effect (the lost reply).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "sim/engine/event_loop.h"
#include "sim/engine/rng.h"
#include "sim/engine/string_map.h"
#include "src/api/object.h"
#include "src/fake_apiserver/api_error.h"
#include "src/fake_apiserver/decode.h"
#include "src/fake_apiserver/object_table.h"
#include "src/fake_apiserver/stored_object.h"
#include "src/fake_apiserver/uid_index.h"
#include "src/fake_apiserver/validation.h"
#include "src/fake_apiserver/watch_index.h"
#include "src/fake_apiserver/watch_route.h"

namespace snapsim::apiserver {

struct ApiServerConfig {
  int kube_minor = 22;                              // from cluster.kubernetesVersion "1.22"
  std::int64_t epoch_unix_seconds = 1767225600;     // virtual time 0 = 2026-01-01T00:00:00Z
  // Tests: PatchTyped also applies the patch as JSON and answers an internal error when
  // the two objects differ (its REQUIRES checked on every call).
  bool check_typed_patches = false;
};

enum class Verb { kGet, kList, kWatch, kCreate, kUpdate, kPatch, kDelete };
std::string_view VerbName(Verb v);  // "get", "list", ... as in RBAC and fault rules

struct RequestContext {
  std::string_view client = "kubectl";  // the component making the request
  std::string_view api_version;         // as the client sent it ("snapshot.storage.k8s.io/v1beta1"); "" = storage
  const api::Value* body = nullptr;     // the request body as sent, when there is one (schema presence checks)
  FieldValidation field_validation = FieldValidation::kStrict;  // for bodies the server decodes (patch)
  std::vector<std::string>* warnings = nullptr;                  // where the server's warnings go
};

struct Request {
  Verb verb;
  const api::KindInfo* kind;
  std::string_view namespace_;
  std::string_view name;
  std::string_view subresource;  // "" or "status"
  std::string_view client;
};

struct FaultDecision {
  ApiError error;
  bool after_effect = false;  // the request takes effect, but the caller sees `error`
};
using FaultHook = std::function<std::optional<FaultDecision>(const Request&)>;

struct DeleteOptions {
  std::optional<std::int64_t> grace_period_seconds;
  std::string propagation_policy;  // "", "Background", "Foreground", "Orphan"
  std::optional<std::string> precondition_uid;
  std::optional<std::string> precondition_resource_version;
};

// Which objects a list or watch covers: a field or label selector, evaluated by the server.
using ObjectFilter = std::function<bool(const api::Object&)>;

struct ListOptions {
  std::string namespace_;  // empty: all namespaces (or a cluster-scoped kind)
  ObjectFilter filter;     // label/field selectors, applied in order
};

enum class WatchEventType { kAdded, kModified, kDeleted };
std::string_view WatchEventTypeName(WatchEventType t);  // "ADDED", ...
struct WatchEvent {
  WatchEventType type;
  api::ObjectPtr object;
};

using WatchId = std::uint64_t;
struct WatchOptions {
  std::string client;
  engine::Nanos delay = 0;  // delivery latency; later issues vary it per component
  // Empty: every object of the kind. Else only objects that pass, as the watch cache
  // serves a selector: a change that makes an object pass arrives as ADDED, one that
  // makes it stop passing as DELETED (its previous state at the new resourceVersion),
  // and changes outside the selector are not sent at all.
  ObjectFilter filter;
  // Optional, beside a filter: which values of an object the filter can pass, so that
  // the server asks this watcher only about changes of such objects (watch_route.h).
  WatchRoute route;
};

class ApiServer {
 public:
  ApiServer(engine::EventLoop& loop, engine::Rng& rng, ApiServerConfig config);
  ApiServer(const ApiServer&) = delete;
  ApiServer& operator=(const ApiServer&) = delete;
  ~ApiServer();

  ApiResult<api::ObjectPtr> Create(api::MutableObjectPtr obj, const RequestContext& ctx = {});
  ApiResult<api::ObjectPtr> Get(const api::KindInfo& kind, std::string_view ns, std::string_view name,
                                const RequestContext& ctx = {});
  ApiResult<std::vector<api::ObjectPtr>> List(const api::KindInfo& kind, const ListOptions& opts = {},
                                              const RequestContext& ctx = {});
  ApiResult<api::ObjectPtr> Update(api::MutableObjectPtr obj, const RequestContext& ctx = {});
  ApiResult<api::ObjectPtr> UpdateStatus(api::MutableObjectPtr obj, const RequestContext& ctx = {});
  enum class PatchType { kMerge, kJson, kStrategic };
  // Applies a patch to the stored object (storage version) and writes the result
  // through the same rules as Update (or UpdateStatus when `status`).
  ApiResult<api::ObjectPtr> Patch(const api::KindInfo& kind, std::string_view ns, std::string_view name,
                                  PatchType type, const api::Value& patch, bool status = false,
                                  const RequestContext& ctx = {});
  // The same patch request, with its effect given typed: `apply` edits a copy of the
  // stored object as the patch would and returns true, or returns false where it cannot
  // say (a key the patch removes is not there, say); then `patch()` is built and goes
  // the way Patch takes it, errors included. Faults, conflicts and the write are
  // Patch's. For a controller's own patches: no api::Value is built or read.
  // REQUIRES: where `apply` returns true, Patch(..., patch(), ...) gives the same object.
  ApiResult<api::ObjectPtr> PatchTyped(const api::KindInfo& kind, std::string_view ns, std::string_view name,
                                       PatchType type, const std::function<bool(api::Object&)>& apply,
                                       const std::function<api::Value()>& patch, bool status = false,
                                       const RequestContext& ctx = {});
  // Returns the object as it stands after the call: marked for deletion
  // (deletionTimestamp set) while finalizers or a grace period remain, else its last state.
  ApiResult<api::ObjectPtr> Delete(const api::KindInfo& kind, std::string_view ns, std::string_view name,
                                   const DeleteOptions& opts = {}, const RequestContext& ctx = {});

  WatchId Watch(const api::KindInfo& kind, std::function<void(const WatchEvent&)> deliver, WatchOptions opts);
  void StopWatch(WatchId id);
  // Drops every event not yet delivered to this watcher (a lost watch).
  void DropPendingEvents(WatchId id);

  void SetFaultHook(FaultHook hook) { fault_hook_ = std::move(hook); }

  // Called synchronously on every committed change of a stored object, before watchers
  // hear of it: `before` is null for a create, `after` null for the final removal;
  // `client` made the request ("" for the server's own work: GC, grace periods). For
  // invariant checks of ordering; the observer may Peek but must not write.
  using CommitObserver = std::function<void(const api::KindInfo& kind, const api::Object* before,
                                            const api::Object* after, std::string_view client)>;
  void SetCommitObserver(CommitObserver observer) { commit_observer_ = std::move(observer); }

  // Store inspection without a request (invariant checks, bench); never faulted.
  api::ObjectPtr Peek(const api::KindInfo& kind, std::string_view ns, std::string_view name) const;
  bool Contains(const api::KindInfo& kind, std::string_view ns, std::string_view name) const;
  // A private, mutable copy of the stored object (null when absent): Peek then Clone,
  // without the second copy for a kind kept packed.
  api::MutableObjectPtr PeekCopy(const api::KindInfo& kind, std::string_view ns, std::string_view name) const;
  std::vector<api::ObjectPtr> PeekAll(const api::KindInfo& kind) const;
  std::size_t ObjectCount() const;

  std::int64_t resource_version() const { return rv_; }
  engine::EventLoop& loop() { return loop_; }
  engine::Rng& rng() { return rng_; }
  const ApiServerConfig& config() const { return config_; }
  // Virtual now as RFC 3339 ("2026-01-01T00:00:36Z") and as Unix seconds/nanos.
  std::string NowRfc3339() const;
  std::int64_t NowUnixSeconds() const;
  std::int64_t NowUnixNanos() const;

 private:
  struct Table {
    KeyedTable<StoredObject> objects;
  };
  struct Watcher {
    const api::KindInfo* kind;
    std::function<void(const WatchEvent&)> deliver;
    WatchOptions opts;
    engine::Nanos last_delivery = 0;
    std::uint64_t generation = 0;  // bumped by DropPendingEvents
    std::uint64_t lane = 0;        // the event loop lane of this stream (kept in order)
    std::uint64_t route_listener = 0;  // RouteValues::Listen's token (routed watchers)
  };

  Table& TableFor(const api::KindInfo& kind);
  const Table* FindTable(const api::KindInfo& kind) const;
  // The stored object's slot; null when absent.
  const StoredObject* FindStored(const api::KindInfo& kind, std::string_view ns, std::string_view name) const;
  std::optional<FaultDecision> CheckFault(const Request& r) const;
  std::string NextResourceVersion();
  // Commits obj (replacing any previous version) and notifies watchers. `stored`, when
  // given, is the version being replaced as the caller read it (a packed kind's is then
  // not unpacked again).
  void Commit(const api::KindInfo& kind, const std::string& key, api::ObjectPtr obj, WatchEventType type,
              api::ObjectPtr stored = nullptr);
  // Schedules the event for every watcher of `kind` whose filter it concerns;
  // `before` is the previous state of a modified object (null otherwise).
  void Notify(const api::KindInfo& kind, WatchEventType type, const api::ObjectPtr& before,
              const api::ObjectPtr& obj);
  // Removes the object for good: DELETED event and garbage collection of dependents.
  void Remove(const api::KindInfo& kind, const std::string& key, api::MutableObjectPtr last);
  ApiResult<api::ObjectPtr> Write(api::MutableObjectPtr obj, bool status_only, const RequestContext& ctx,
                                  bool check_fault = true);
  // A patch request: `patched` gives the stored object with the patch applied.
  using Patcher = std::function<ApiResult<api::MutableObjectPtr>(const api::Object& current)>;
  ApiResult<api::ObjectPtr> PatchRequest(const api::KindInfo& kind, std::string_view ns, std::string_view name,
                                         bool status, const RequestContext& ctx, const Patcher& patched);
  void ScheduleGarbageCollection(const std::string& owner_uid);
  void CollectGarbage(const std::string& owner_uid);
  void CollectForeground(const std::string& owner_uid);
  bool UidExists(const std::string& uid) const;
  void IndexOwners(const api::KindInfo& kind, const std::string& key, const api::Object* before,
                   const api::Object* after);
  std::string GenerateNameSuffix();

  engine::EventLoop& loop_;
  engine::Rng& rng_;
  ApiServerConfig config_;
  std::int64_t rv_ = 0;
  std::map<const api::KindInfo*, Table> tables_;  // iteration never observable
  // Lookups only (string_map.h); each dependents_ set is in (kind, key) order.
  UidIndex by_uid_;
  engine::StringMap<std::set<std::pair<std::string, std::string>>> dependents_;  // owner uid -> {(kind, key)}
  std::map<WatchId, Watcher> watchers_;
  // The watchers of each kind, for Notify (watch_index.h); lookups only.
  std::map<const api::KindInfo*, WatchIndex> watch_index_by_kind_;
  WatchId next_watch_ = 1;
  FaultHook fault_hook_;
  CommitObserver commit_observer_;
  // The client of the request being served ("" between requests), for the observer.
  std::string current_client_;
  struct RequestClient {  // sets current_client_ for one request, restores it after
    RequestClient(std::string& slot, std::string_view client) : slot_(slot), saved_(std::move(slot)) {
      slot_ = std::string(client);
    }
    ~RequestClient() { slot_ = std::move(saved_); }
    std::string& slot_;
    std::string saved_;
  };
  Validator validator_;
};

}  // namespace snapsim::apiserver
