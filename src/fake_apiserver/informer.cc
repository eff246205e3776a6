#include "src/fake_apiserver/informer.h"

#include <algorithm>

namespace snapsim::apiserver {

Informer::Informer(ApiServer& server, const api::KindInfo& kind, InformerOptions options)
    : server_(server), kind_(kind), options_(std::move(options)) {}

Informer::~Informer() { Stop(); }

std::string Informer::KeyOf(const api::Object& o) const {
  std::string key;
  KeyInto(o, key);
  return key;
}

void Informer::KeyInto(const api::Object& o, std::string& out) const {
  KeyInto(o.metadata.namespace_, o.metadata.name, out);
}

void Informer::KeyInto(std::string_view ns, std::string_view name, std::string& out) const {
  if (kind_.namespaced) {
    out.assign(ns).append("/").append(name);
  } else {
    out.assign(name);
  }
}

void Informer::Start() {
  if (running_) return;
  running_ = true;
  TryList();
}

void Informer::TryList() {
  retry_ = engine::kNoEvent;
  if (!running_) return;
  auto listed = server_.List(kind_, {.filter = options_.filter}, {.client = options_.client});
  if (!listed.ok()) {
    retry_ = server_.loop().After(engine::kSecond, [this] { TryList(); }, {.label = "informer-relist"});
    return;
  }
  if (watch_ == 0) {
    watch_ = server_.Watch(kind_, [this](const WatchEvent& e) { OnEvent(e); },
                           {.client = options_.client, .delay = options_.watch_delay, .filter = options_.filter, .route = options_.route});
  }
  // Deliver the difference between the listed state and the cache.
  std::map<std::string, api::ObjectPtr, std::less<>> fresh;
  for (const auto& o : *listed) fresh.emplace(KeyOf(*o), o);
  std::vector<std::string> gone;
  for (const auto& [key, o] : cache_) {
    if (fresh.find(key) == fresh.end()) gone.push_back(key);
  }
  for (const std::string& key : gone) {
    auto it = cache_.Find(key);
    Delete(it, key, it->second);
  }
  for (const auto& [key, o] : fresh) {
    auto it = cache_.Find(key);
    if (it == cache_.end()) {
      Add(key, o);
    } else {
      Update(it, key, o);
    }
  }
  synced_ = true;
  if (options_.resync_period > 0 && resync_ == engine::kNoEvent) {
    resync_ = server_.loop().Every(options_.resync_period, [this] { Resync(); },
                                   {.background = true, .label = "informer-resync"});
  }
}

void Informer::OnEvent(const WatchEvent& e) {
  // The key is built once, in a reused buffer; the handlers run after its last use.
  KeyInto(*e.object, event_key_);
  auto it = cache_.Find(event_key_);
  switch (e.type) {
    case WatchEventType::kAdded:
    case WatchEventType::kModified:
      if (it == cache_.end()) {
        Add(event_key_, e.object);
      } else {
        Update(it, event_key_, e.object);
      }
      break;
    case WatchEventType::kDeleted:
      if (it != cache_.end()) Delete(it, event_key_, e.object);
      break;
  }
}

void Informer::AddIndexer(std::string name, IndexFunc fn) { indexers_[std::move(name)].fn = std::move(fn); }

void Informer::Index(const std::string& key, const api::Object* old_obj, const api::ObjectPtr& new_obj) {
  for (auto& [name, ix] : indexers_) {
    std::vector<std::string> now;
    if (new_obj != nullptr) now = ix.fn(*new_obj);
    if (old_obj != nullptr) {
      for (const auto& v : ix.fn(*old_obj)) {
        if (std::find(now.begin(), now.end(), v) != now.end()) continue;  // refiled below
        auto it = ix.by_value.find(v);
        if (it == ix.by_value.end()) continue;
        it->second.erase(key);
        if (it->second.empty()) ix.by_value.erase(it);
      }
    }
    for (auto& v : now) ix.by_value[std::move(v)].insert_or_assign(key, new_obj);
  }
}

std::vector<api::ObjectPtr> Informer::ByIndex(std::string_view index, std::string_view value) const {
  std::vector<api::ObjectPtr> out;
  auto ix = indexers_.find(index);
  if (ix == indexers_.end()) return out;
  auto filed = ix->second.by_value.find(value);
  if (filed == ix->second.by_value.end()) return out;
  out.reserve(filed->second.size());
  for (const auto& [key, obj] : filed->second) out.push_back(obj);
  return out;
}

bool Informer::AnyByIndex(std::string_view index, std::string_view value,
                          const std::function<bool(const api::Object&)>& pred) const {
  auto ix = indexers_.find(index);
  if (ix == indexers_.end()) return false;
  auto filed = ix->second.by_value.find(value);
  if (filed == ix->second.by_value.end()) return false;
  for (const auto& [key, obj] : filed->second) {
    if (pred(*obj)) return true;
  }
  return false;
}

void Informer::Add(const std::string& key, const api::ObjectPtr& o) {
  if (!indexers_.empty()) Index(key, nullptr, o);
  cache_.Put(key, o);
  for (auto& h : handlers_) {
    if (h.on_add) h.on_add(o);
  }
}

void Informer::Update(ObjectTable::iterator held, const std::string& key, const api::ObjectPtr& new_obj) {
  api::ObjectPtr keep_old = held->second;  // the slot takes the new object after indexing
  if (!indexers_.empty()) Index(key, keep_old.get(), new_obj);
  held->second = new_obj;
  for (auto& h : handlers_) {
    if (h.on_update) h.on_update(keep_old, new_obj);
  }
}

void Informer::Delete(ObjectTable::iterator held, const std::string& key, const api::ObjectPtr& last) {
  api::ObjectPtr keep = last;  // `last` may be the slot's own object
  if (!indexers_.empty()) Index(key, held->second.get(), nullptr);
  cache_.Erase(held);
  for (auto& h : handlers_) {
    if (h.on_delete) h.on_delete(keep);
  }
}

void Informer::Resync() {
  std::vector<api::ObjectPtr> all;
  all.reserve(cache_.size());
  for (const auto& [k, o] : cache_) all.push_back(o);
  for (const auto& o : all) {
    for (auto& h : handlers_) {
      if (h.on_update) h.on_update(o, o);
    }
  }
}

void Informer::Relist() {
  if (!running_) return;
  if (watch_ != 0) server_.DropPendingEvents(watch_);
  TryList();
}

void Informer::SetWatchDelay(engine::Nanos delay) {
  options_.watch_delay = delay;
  if (watch_ != 0) {
    server_.StopWatch(watch_);
    watch_ = 0;
    Relist();
  }
}

void Informer::Stop() {
  running_ = false;
  synced_ = false;
  if (watch_ != 0) server_.StopWatch(watch_);
  watch_ = 0;
  if (retry_ != engine::kNoEvent) server_.loop().Cancel(retry_);
  if (resync_ != engine::kNoEvent) server_.loop().Cancel(resync_);
  retry_ = resync_ = engine::kNoEvent;
  cache_.Clear();
  for (auto& [name, ix] : indexers_) ix.by_value.clear();
}

api::ObjectPtr Informer::Get(std::string_view ns, std::string_view name) const {
  KeyInto(ns, name, key_buffer_);
  auto it = cache_.Find(key_buffer_);
  return it == cache_.end() ? nullptr : it->second;
}

std::vector<api::ObjectPtr> Informer::List(std::string_view ns) const {
  std::vector<api::ObjectPtr> out;
  if (ns.empty() || !kind_.namespaced) {
    out.reserve(cache_.size());
    for (const auto& [k, o] : cache_) out.push_back(o);
    return out;
  }
  std::string prefix = std::string(ns) + "/";
  for (auto it = cache_.lower_bound(prefix); it != cache_.end() && it->first.compare(0, prefix.size(), prefix) == 0;
       ++it) {
    out.push_back(it->second);
  }
  return out;
}

}  // namespace snapsim::apiserver
