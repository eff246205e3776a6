#include "src/csi/kube/attach_detach_controller.h"

#include <algorithm>

#include "src/csi/util/sha256.h"

namespace snapsim::csi::kube {

std::string AttachDetachController::UniqueVolumeName(std::string_view driver, std::string_view handle) {
  return std::string(kCsiVolumePluginName) + "/" + std::string(driver) + "^" + std::string(handle);
}

std::string AttachDetachController::AttachmentName(std::string_view handle, std::string_view driver,
                                                   std::string_view node) {
  std::string joined;
  joined.append(handle).append(driver).append(node);
  return "csi-" + Sha256Hex(joined);
}

AttachDetachController::AttachDetachController(apiserver::ApiServer& server, AttachDetachControllerOptions options)
    : server_(server),
      options_(options),
      pod_informer_(server, api::Pod::Info(),
                    {.client = std::string(kControllerManager), .watch_delay = options.watch_delay}),
      node_informer_(server, api::Node::Info(),
                     {.client = std::string(kControllerManager), .watch_delay = options.watch_delay}),
      claim_informer_(server, api::PersistentVolumeClaim::Info(),
                      {.client = std::string(kControllerManager), .watch_delay = options.watch_delay}),
      volume_informer_(server, api::PersistentVolume::Info(),
                       {.client = std::string(kControllerManager), .watch_delay = options.watch_delay}),
      va_informer_(server, api::VolumeAttachment::Info(),
                   {.client = std::string(kControllerManager), .watch_delay = options.watch_delay}),
      driver_informer_(server, api::CSIDriver::Info(),
                       {.client = std::string(kControllerManager), .watch_delay = options.watch_delay}),
      queue_(server.loop(), "attachdetach-controller", {100 * engine::kMillisecond, 10 * engine::kSecond},
             [this](const std::string&) { return Reconcile(); }),
      recorder_(server, std::string(kAttachDetachControllerSource)) {
  auto any = [this](const api::ObjectPtr&) { Trigger(); };
  auto any_update = [this](const api::ObjectPtr&, const api::ObjectPtr&) { Trigger(); };
  for (apiserver::Informer* inf : {&pod_informer_, &volume_informer_, &va_informer_, &driver_informer_}) {
    inf->AddHandlers({any, any_update, any});
  }
  // Of a claim the desired state reads only its phase, volume name and uid: other
  // updates (finalizers, annotations: snapshot-controller's source protection on every
  // VolumeSnapshot) change nothing for the reconciler.
  claim_informer_.AddHandlers({any,
                               [this](const api::ObjectPtr& o, const api::ObjectPtr& n) {
                                 auto a = api::As<api::PersistentVolumeClaim>(o);
                                 auto b = api::As<api::PersistentVolumeClaim>(n);
                                 if (a == nullptr || b == nullptr || a->status.phase != b->status.phase ||
                                     a->spec.volume_name != b->spec.volume_name ||
                                     a->metadata.uid != b->metadata.uid) {
                                   Trigger();
                                 }
                               },
                               any});
  node_informer_.AddHandlers({[this](const api::ObjectPtr& n) { OnNode(n); },
                              [this](const api::ObjectPtr&, const api::ObjectPtr& n) { OnNode(n); }, any});
}

AttachDetachController::~AttachDetachController() { Stop(); }

std::vector<apiserver::Informer*> AttachDetachController::informers() {
  return {&pod_informer_, &node_informer_, &claim_informer_, &volume_informer_, &va_informer_, &driver_informer_};
}

void AttachDetachController::Start() {
  if (running_) return;
  running_ = true;
  for (apiserver::Informer* inf : informers()) inf->Start();
  next_state_sync_ = server_.loop().Now() + options_.resync_period;
  if (options_.resync_period > 0) {
    resync_ = server_.loop().Every(options_.resync_period, [this] { Trigger(); },
                                   {.background = true, .label = "attachdetach-controller/resync"});
  }
  Trigger();
}

void AttachDetachController::Stop() {
  if (!running_) return;
  running_ = false;
  for (apiserver::Informer* inf : informers()) inf->Stop();
  queue_.Reset();
  if (resync_ != engine::kNoEvent) server_.loop().Cancel(resync_);
  resync_ = engine::kNoEvent;
  ArmWake(std::nullopt);
  actual_.clear();
  operations_.clear();
  backoff_.clear();
  multi_attach_reported_.clear();
  nodes_to_update_.clear();
  populated_ = false;
  recorder_.Reset();
}

// processVolumesInUse: the kubelet's volumesInUse decides which attached volumes are mounted.
void AttachDetachController::OnNode(const api::ObjectPtr& obj) {
  auto node = api::As<api::Node>(obj);
  if (node != nullptr) {
    const auto& in_use = node->status.volumes_in_use;
    for (auto& [key, a] : actual_) {
      if (key.second != node->metadata.name) continue;
      a.mounted_by_node = std::find(in_use.begin(), in_use.end(), key.first) != in_use.end();
    }
  }
  Trigger();
}

void AttachDetachController::ArmWake(std::optional<engine::Nanos> at) {
  if (wake_ != engine::kNoEvent && at && *at == wake_at_) return;
  if (wake_ != engine::kNoEvent) server_.loop().Cancel(wake_);
  wake_ = engine::kNoEvent;
  if (!at) return;
  wake_at_ = *at;
  wake_ = server_.loop().At(*at, [this] {
    wake_ = engine::kNoEvent;
    Trigger();
  }, {.label = "attachdetach-controller/wake"});
}

}  // namespace snapsim::csi::kube
