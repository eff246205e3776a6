// Informer: a client-side cache of one kind fed by a watch — what client-go's
// shared informer gives a controller — on virtual time.
//
// Contract:
//  1. Start() lists the kind through the API server (as `client`, so faults
//     apply; a failed list is retried every second) and then follows its watch.
//     Handlers see every object as an add, then adds/updates/deletes in commit
//     order, each delivered `watch_delay` after the commit: the cache lags the store.
//  2. Every `resync_period` (if > 0) each cached object is re-delivered as an
//     update with old == new, on a background timer (it never keeps the cluster busy).
//  3. Relist() models a lost watch: undelivered events are dropped, the kind is
//     listed again and the difference to the cache is delivered (adds, updates,
//     deletes for objects that vanished meanwhile; unchanged objects as updates
//     with old == new, as client-go's Replace does).
//  4. Stop() models a crash: the watch, timers and cache are gone; Start() again
//     begins from nothing.
#pragma once

#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "sim/engine/event_loop.h"
#include "sim/engine/string_map.h"
#include "src/fake_apiserver/apiserver.h"
#include "src/fake_apiserver/object_table.h"

namespace snapsim::apiserver {

struct InformerHandlers {
  std::function<void(const api::ObjectPtr& obj)> on_add;
  std::function<void(const api::ObjectPtr& old_obj, const api::ObjectPtr& new_obj)> on_update;
  std::function<void(const api::ObjectPtr& last)> on_delete;
};

struct InformerOptions {
  std::string client;               // the component, for faults and logs
  engine::Nanos resync_period = 0;  // 0 = never
  engine::Nanos watch_delay = 0;
  // Empty: every object of the kind. Else the server-side selector of the list and
  // the watch (a field selector such as the kubelet's spec.nodeName=<node>): the
  // cache holds only objects that pass, and one that stops passing is a delete.
  ObjectFilter filter;
  WatchRoute route;  // the filter's route, for the watch (watch_route.h)
};

class Informer {
 public:
  Informer(ApiServer& server, const api::KindInfo& kind, InformerOptions options);
  ~Informer();
  Informer(const Informer&) = delete;
  Informer& operator=(const Informer&) = delete;

  void AddHandlers(InformerHandlers handlers) { handlers_.push_back(std::move(handlers)); }
  void Start();
  void Stop();
  void Relist();
  // Changes the watch latency for events committed from now on.
  void SetWatchDelay(engine::Nanos delay);

  bool HasSynced() const { return synced_; }
  const api::KindInfo& kind() const { return kind_; }
  // Cached objects: by key, and all of a namespace ("" = every namespace) in key order.
  api::ObjectPtr Get(std::string_view ns, std::string_view name) const;
  std::vector<api::ObjectPtr> List(std::string_view ns = "") const;
  std::size_t Size() const { return cache_.size(); }

  // Indexers, as client-go's: `fn` maps an object to the index values it is filed
  // under; ByIndex returns the cached objects filed under `value`, in key order.
  // Add them before Start(). Lookups cost O(log n + matches), not a scan.
  using IndexFunc = std::function<std::vector<std::string>(const api::Object&)>;
  void AddIndexer(std::string name, IndexFunc fn);
  std::vector<api::ObjectPtr> ByIndex(std::string_view index, std::string_view value) const;
  // Whether any object filed under `value` satisfies `pred` (tried in key order, stopping
  // at the first that does), without copying the matches out.
  bool AnyByIndex(std::string_view index, std::string_view value,
                  const std::function<bool(const api::Object&)>& pred) const;

 private:
  void TryList();
  void OnEvent(const WatchEvent& e);
  void Resync();
  // The cache changes with their handlers; `key` is the object's cache key (KeyOf) and
  // `held` its slot in cache_ (Update, Delete).
  void Add(const std::string& key, const api::ObjectPtr& o);
  void Update(ObjectTable::iterator held, const std::string& key, const api::ObjectPtr& new_obj);
  void Delete(ObjectTable::iterator held, const std::string& key, const api::ObjectPtr& last);
  std::string KeyOf(const api::Object& o) const;
  void KeyInto(const api::Object& o, std::string& out) const;
  void KeyInto(std::string_view ns, std::string_view name, std::string& out) const;
  void Index(const std::string& key, const api::Object* old_obj, const api::ObjectPtr& new_obj);

  struct Indexer {
    IndexFunc fn;
    // index value -> the cached objects filed under it, in key order (ByIndex's order),
    // kept in step with the cache so a lookup needs no second search by key; the outer
    // table is for lookups only (string_map.h).
    engine::StringMap<std::map<std::string, api::ObjectPtr, std::less<>>> by_value;
  };
  std::map<std::string, Indexer, std::less<>> indexers_;

  ApiServer& server_;
  const api::KindInfo& kind_;
  InformerOptions options_;
  std::vector<InformerHandlers> handlers_;
  ObjectTable cache_;  // by key, in key order (List), hashed for Get
  mutable std::string key_buffer_;  // Get's key, built without allocating
  std::string event_key_;           // OnEvent's, likewise
  WatchId watch_ = 0;
  engine::EventId retry_ = engine::kNoEvent;
  engine::EventId resync_ = engine::kNoEvent;
  bool running_ = false;
  bool synced_ = false;
};

}  // namespace snapsim::apiserver
