#include "src/csi/kube/scheduler.h"

#include "src/api/reflect.h"
#include "src/csi/kube/pod_util.h"

namespace snapsim::csi::kube {
namespace {

constexpr engine::Nanos kPodInitialBackoff = engine::kSecond;
constexpr engine::Nanos kPodMaxBackoff = 10 * engine::kSecond;
constexpr engine::Nanos kFlushPeriod = 30 * engine::kSecond;

}  // namespace

Scheduler::Scheduler(apiserver::ApiServer& server, SchedulerOptions options)
    : server_(server),
      options_(options),
      pod_informer_(server, api::Pod::Info(),
                    {.client = std::string(kScheduler), .watch_delay = options.watch_delay}),
      node_informer_(server, api::Node::Info(),
                     {.client = std::string(kScheduler), .watch_delay = options.watch_delay}),
      claim_informer_(server, api::PersistentVolumeClaim::Info(),
                      {.client = std::string(kScheduler), .watch_delay = options.watch_delay}),
      volume_informer_(server, api::PersistentVolume::Info(),
                       {.client = std::string(kScheduler), .watch_delay = options.watch_delay}),
      class_informer_(server, api::StorageClass::Info(),
                      {.client = std::string(kScheduler), .watch_delay = options.watch_delay}),
      csinode_informer_(server, api::CSINode::Info(),
                        {.client = std::string(kScheduler), .watch_delay = options.watch_delay}),
      queue_(server.loop(), "kube-scheduler", {kPodInitialBackoff, kPodMaxBackoff},
             [this](const std::string& key) { return SyncPod(key); }),
      recorder_(server, std::string(kDefaultSchedulerSource)) {
  // The memo forgets first, before any handler below can start a scheduling cycle.
  auto forget = [](auto fn) {
    return apiserver::InformerHandlers{[fn](const api::ObjectPtr& o) { fn(*o); },
                                       [fn](const api::ObjectPtr&, const api::ObjectPtr& o) { fn(*o); },
                                       [fn](const api::ObjectPtr& o) { fn(*o); }};
  };
  csi_volumes_.OnForget([this](const std::string& pod_key) { cache_.Touch(pod_key); });
  claim_informer_.AddHandlers(forget([this](const api::Object& o) { csi_volumes_.ForgetClaim(o); }));
  volume_informer_.AddHandlers(forget([this](const api::Object& o) { csi_volumes_.ForgetVolume(o); }));
  class_informer_.AddHandlers(forget([this](const api::Object& o) { csi_volumes_.ForgetClass(o); }));
  pod_informer_.AddHandlers({nullptr, nullptr, [this](const api::ObjectPtr& o) { csi_volumes_.ForgetPod(*o); }});
  pod_informer_.AddHandlers(
      {[this](const api::ObjectPtr& o) { cache_.SetPod(o->Key(), api::As<api::Pod>(o)); },
       [this](const api::ObjectPtr&, const api::ObjectPtr& o) { cache_.SetPod(o->Key(), api::As<api::Pod>(o)); },
       [this](const api::ObjectPtr& o) { cache_.SetPod(o->Key(), nullptr); }});
  pod_informer_.AddHandlers(
      {[this](const api::ObjectPtr& o) { OnPod(nullptr, o, false); },
       [this](const api::ObjectPtr& a, const api::ObjectPtr& b) { OnPod(a, b, false); },
       [this](const api::ObjectPtr& o) { OnPod(nullptr, o, true); }});
  auto cluster = [this](bool volume_related) {
    return apiserver::InformerHandlers{
        [this, volume_related](const api::ObjectPtr& o) {
          OnClusterEvent(nullptr, o, volume_related);
        },
        [this, volume_related](const api::ObjectPtr& a, const api::ObjectPtr& b) {
          OnClusterEvent(a, b, volume_related);
        },
        nullptr};
  };
  node_informer_.AddHandlers(cluster(false));
  csinode_informer_.AddHandlers(cluster(false));
  claim_informer_.AddHandlers(cluster(true));
  volume_informer_.AddHandlers(cluster(true));
  class_informer_.AddHandlers(cluster(true));
}

Scheduler::~Scheduler() { Stop(); }

std::vector<apiserver::Informer*> Scheduler::informers() {
  return {&pod_informer_,    &node_informer_,  &claim_informer_,
          &volume_informer_, &class_informer_, &csinode_informer_};
}

void Scheduler::Start() {
  if (running_) return;
  running_ = true;
  // Caches first, pods last: the first cycles see the whole cluster.
  for (apiserver::Informer* inf : {&node_informer_, &csinode_informer_, &class_informer_,
                                   &volume_informer_, &claim_informer_, &pod_informer_}) {
    inf->Start();
  }
  flush_timer_ =
      server_.loop().Every(kFlushPeriod, [this] { FlushUnschedulableLeftover(); },
                           {.background = true, .label = "kube-scheduler/flush-unschedulable"});
}

void Scheduler::Stop() {
  if (!running_) return;
  running_ = false;
  for (apiserver::Informer* inf : informers()) inf->Stop();
  queue_.Reset();
  for (auto& [key, b] : bindings_) {
    if (b.timeout != engine::kNoEvent) server_.loop().Cancel(b.timeout);
  }
  bindings_.clear();
  waiting_claims_.clear();
  pods_.clear();
  parked_.clear();
  csi_volumes_.Clear();
  cache_.Clear();
  next_start_node_index_ = 0;  // a restarted scheduler starts from the first node
  if (flush_timer_ != engine::kNoEvent) server_.loop().Cancel(flush_timer_);
  flush_timer_ = engine::kNoEvent;
  recorder_.Reset();
}

engine::Nanos Scheduler::BackoffFor(int attempts) const {
  engine::Nanos d = kPodInitialBackoff;
  for (int i = 1; i < attempts; ++i) {
    d *= 2;
    if (d > kPodMaxBackoff) return kPodMaxBackoff;
  }
  return d;
}

void Scheduler::Requeue(const std::string& key) {
  auto it = pods_.find(key);
  if (it == pods_.end() || it->second.attempts == 0) {
    queue_.Add(key);
    return;
  }
  parked_.erase(key);
  engine::Nanos ready = it->second.last_attempt + BackoffFor(it->second.attempts);
  queue_.AddAfter(key, ready - server_.loop().Now());
}

void Scheduler::MoveAllToActiveOrBackoff() {
  const std::vector<std::string> keys(parked_.begin(), parked_.end());  // Requeue unparks
  for (const auto& key : keys) Requeue(key);
}

void Scheduler::FlushUnschedulableLeftover() {
  engine::Nanos max_parked = minor() >= 26 ? 5 * engine::kMinute : 60 * engine::kSecond;
  const std::vector<std::string> keys(parked_.begin(), parked_.end());  // Requeue unparks
  for (const auto& key : keys) {
    if (server_.loop().Now() - pods_[key].parked_at >= max_parked) Requeue(key);
  }
}

void Scheduler::Forget(const std::string& key) {
  pods_.erase(key);
  parked_.erase(key);
  DropBinding(key);
}

void Scheduler::DropBinding(const std::string& key) {
  auto it = bindings_.find(key);
  if (it == bindings_.end()) return;
  if (it->second.timeout != engine::kNoEvent) server_.loop().Cancel(it->second.timeout);
  for (const auto& claim : it->second.claim_keys) waiting_claims_.erase(claim);
  bindings_.erase(it);
}

void Scheduler::OnPod(const api::ObjectPtr& old_obj, const api::ObjectPtr& obj, bool deleted) {
  auto pod = api::As<api::Pod>(obj);
  std::string key = obj->Key();
  if (deleted) {
    Forget(key);
    bool was_assigned = !pod->spec.node_name.empty() || cache_.IsAssumed(key);
    cache_.Unassume(key);
    if (was_assigned) MoveAllToActiveOrBackoff();  // its resources are free again
    return;
  }
  if (!pod->spec.node_name.empty()) {
    cache_.Unassume(key);
    if (pods_.count(key) || bindings_.count(key)) Forget(key);
    return;
  }
  if (pod->metadata.being_deleted()) return;
  if (old_obj == nullptr || !pods_.count(key)) {
    queue_.Add(key);
    return;
  }
  if (old_obj != obj && parked_.count(key) && PodSpecOrMetaChanged(*api::As<api::Pod>(old_obj), *pod)) {
    Requeue(key);
  }
}

void Scheduler::OnClusterEvent(const api::ObjectPtr& old_obj, const api::ObjectPtr& obj,
                               bool volume_related) {
  if (old_obj != nullptr && old_obj == obj) return;  // a resync, not a change
  MoveAllToActiveOrBackoff();
  if (!volume_related) return;
  // Re-check the binding that waits for this claim (or for the claim of this volume).
  std::string claim_key;
  if (&obj->kind_info() == &api::PersistentVolumeClaim::Info()) {
    claim_key = obj->Key();
  } else if (auto pv = api::As<api::PersistentVolume>(obj)) {
    if (pv->spec.claim_ref)
      claim_key = pv->spec.claim_ref->namespace_ + "/" + pv->spec.claim_ref->name;
  } else {
    for (const auto& [key, b] : bindings_) queue_.Add(key);
    return;
  }
  auto it = waiting_claims_.find(claim_key);
  if (it != waiting_claims_.end()) queue_.Add(it->second);
}

}  // namespace snapsim::csi::kube
