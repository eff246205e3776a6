#include "src/csi/kube/pvc_protection_controller.h"

#include "src/csi/kube/pod_util.h"

namespace snapsim::csi::kube {

PvcProtectionController::PvcProtectionController(apiserver::ApiServer& server,
                                                 ControllerOptions options)
    : server_(server),
      claim_informer_(
          server, api::PersistentVolumeClaim::Info(),
          {.client = std::string(kControllerManager), .watch_delay = options.watch_delay}),
      pod_informer_(
          server, api::Pod::Info(),
          {.client = std::string(kControllerManager), .watch_delay = options.watch_delay}),
      queue_(server.loop(), "pvc-protection", {5 * engine::kMillisecond, 1000 * engine::kSecond},
             [this](const std::string& key) { return SyncClaim(key); }) {
  claim_informer_.AddHandlers(
      {[this](const api::ObjectPtr& o) { OnClaim(o); },
       [this](const api::ObjectPtr&, const api::ObjectPtr& o) { OnClaim(o); }, nullptr});
  pod_informer_.AddHandlers(
      {[this](const api::ObjectPtr& o) { OnPod(nullptr, o, false); },
       [this](const api::ObjectPtr& old_obj, const api::ObjectPtr& o) { OnPod(old_obj, o, false); },
       [this](const api::ObjectPtr& o) { OnPod(nullptr, o, true); }});
}

PvcProtectionController::~PvcProtectionController() { Stop(); }

void PvcProtectionController::Start() {
  if (running_) return;
  running_ = true;
  pod_informer_.Start();
  claim_informer_.Start();
}

void PvcProtectionController::Stop() {
  if (!running_) return;
  running_ = false;
  claim_informer_.Stop();
  pod_informer_.Stop();
  queue_.Reset();
}

void PvcProtectionController::OnClaim(const api::ObjectPtr& obj) {
  const auto& meta = obj->metadata;
  bool has = meta.HasFinalizer(kPvcProtectionFinalizer);
  bool need_to_add = !meta.being_deleted() && !has;
  bool deletion_candidate = meta.being_deleted() && has;
  if (need_to_add || deletion_candidate) queue_.Add(obj->Key());
}

void PvcProtectionController::OnPod(const api::ObjectPtr& old_obj, const api::ObjectPtr& obj,
                                    bool deleted) {
  auto enqueue = [this](const api::Pod& pod, bool gone) {
    // Only pods that can unblock a claim matter: gone, terminated or never scheduled.
    if (!gone && !IsPodTerminated(pod) && !pod.spec.node_name.empty()) return;
    for (const auto& claim : PodClaimNames(pod)) queue_.Add(pod.metadata.namespace_ + "/" + claim);
  };
  auto pod = api::As<api::Pod>(obj);
  if (pod == nullptr) return;
  enqueue(*pod, deleted);
  // An update may hide the deletion of one pod and the creation of another with the same name.
  auto old_pod = api::As<api::Pod>(old_obj);
  if (old_pod != nullptr && old_pod->metadata.uid != pod->metadata.uid) enqueue(*old_pod, true);
}

}  // namespace snapsim::csi::kube
