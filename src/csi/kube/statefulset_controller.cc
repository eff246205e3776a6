#include "src/csi/kube/statefulset_controller.h"

#include "src/csi/kube/pod_util.h"

namespace snapsim::csi::kube {

StatefulSetController::StatefulSetController(apiserver::ApiServer& server,
                                             ControllerOptions options)
    : server_(server),
      set_informer_(
          server, api::StatefulSet::Info(),
          {.client = std::string(kControllerManager), .watch_delay = options.watch_delay}),
      pod_informer_(
          server, api::Pod::Info(),
          {.client = std::string(kControllerManager), .watch_delay = options.watch_delay}),
      claim_informer_(
          server, api::PersistentVolumeClaim::Info(),
          {.client = std::string(kControllerManager), .watch_delay = options.watch_delay}),
      queue_(server.loop(), "statefulset", {5 * engine::kMillisecond, 1000 * engine::kSecond},
             [this](const std::string& key) { return SyncStatefulSet(key); }),
      recorder_(server, std::string(kStatefulSetControllerSource)) {
  auto enqueue_set = [this](const api::ObjectPtr& o) { queue_.Add(o->Key()); };
  set_informer_.AddHandlers(
      {enqueue_set, [=](const api::ObjectPtr&, const api::ObjectPtr& o) { enqueue_set(o); },
       enqueue_set});
  pod_informer_.AddHandlers({[this](const api::ObjectPtr& o) {
                               replicas_.Put(api::As<api::Pod>(o));
                               EnqueueOwner(o);
                             },
                             [this](const api::ObjectPtr& old_obj, const api::ObjectPtr& o) {
                               replicas_.Put(api::As<api::Pod>(o));
                               EnqueueOwner(o);
                               auto a = ControllerRef(old_obj->metadata),
                                    b = ControllerRef(o->metadata);
                               if (a && (!b || a->uid != b->uid)) EnqueueOwner(old_obj);
                             },
                             [this](const api::ObjectPtr& o) {
                               replicas_.Remove(o->Key());
                               EnqueueOwner(o);
                             }});
  claim_informer_.AddHandlers({[this](const api::ObjectPtr& o) { ForgetClaim(o); },
                               [this](const api::ObjectPtr&, const api::ObjectPtr& o) { ForgetClaim(o); },
                               [this](const api::ObjectPtr& o) { ForgetClaim(o); }});
}

StatefulSetController::~StatefulSetController() { Stop(); }

void StatefulSetController::Start() {
  if (running_) return;
  running_ = true;
  claim_informer_.Start();
  pod_informer_.Start();
  set_informer_.Start();
}

void StatefulSetController::Stop() {
  if (!running_) return;
  running_ = false;
  set_informer_.Stop();
  pod_informer_.Stop();
  claim_informer_.Stop();
  queue_.Reset();
  recorder_.Reset();
  replicas_.Clear();
  settled_by_claim_.clear();
}

void StatefulSetController::EnqueueOwner(const api::ObjectPtr& pod_obj) {
  auto ref = ControllerRef(pod_obj->metadata);
  if (!ref || ref->kind != "StatefulSet" || ref->api_version != "apps/v1") return;
  api::ObjectPtr set = set_informer_.Get(pod_obj->metadata.namespace_, ref->name);
  if (set == nullptr || set->metadata.uid != ref->uid) return;
  queue_.Add(set->Key());
}

}  // namespace snapsim::csi::kube
