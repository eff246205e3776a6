#include "src/csi/kube/pv_protection_controller.h"

namespace snapsim::csi::kube {

PvProtectionController::PvProtectionController(apiserver::ApiServer& server,
                                               ControllerOptions options)
    : server_(server),
      volume_informer_(
          server, api::PersistentVolume::Info(),
          {.client = std::string(kControllerManager), .watch_delay = options.watch_delay}),
      queue_(server.loop(), "pv-protection", {5 * engine::kMillisecond, 1000 * engine::kSecond},
             [this](const std::string& key) { return SyncVolume(key); }) {
  auto on_volume = [this](const api::ObjectPtr& obj) {
    const auto& meta = obj->metadata;
    bool has = meta.HasFinalizer(kPvProtectionFinalizer);
    if ((meta.being_deleted() && has) || (!meta.being_deleted() && !has)) queue_.Add(meta.name);
  };
  volume_informer_.AddHandlers(
      {on_volume, [=](const api::ObjectPtr&, const api::ObjectPtr& o) { on_volume(o); }, nullptr});
}

PvProtectionController::~PvProtectionController() { Stop(); }

void PvProtectionController::Start() {
  if (running_) return;
  running_ = true;
  volume_informer_.Start();
}

void PvProtectionController::Stop() {
  if (!running_) return;
  running_ = false;
  volume_informer_.Stop();
  queue_.Reset();
}

}  // namespace snapsim::csi::kube
