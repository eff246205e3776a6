#include "src/csi/kube/attach_detach_controller.h"

#include <algorithm>

#include "src/csi/kube/pod_util.h"
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
  pod_informer_.AddIndexer(std::string(kPodsByClaim), [](const api::Object& o) {
    std::vector<std::string> out;
    for (const std::string& claim : PodClaimNames(static_cast<const api::Pod&>(o))) {
      out.push_back(o.metadata.namespace_ + "/" + claim);
    }
    return out;
  });
  pod_informer_.AddIndexer(std::string(kPodsByNode), [](const api::Object& o) {
    const std::string& node = static_cast<const api::Pod&>(o).spec.node_name;
    return node.empty() ? std::vector<std::string>{} : std::vector<std::string>{node};
  });
  claim_informer_.AddIndexer(std::string(kClaimsByVolume), [](const api::Object& o) {
    const std::string& volume = static_cast<const api::PersistentVolumeClaim&>(o).spec.volume_name;
    return volume.empty() ? std::vector<std::string>{} : std::vector<std::string>{volume};
  });

  auto pod = [this](const api::ObjectPtr& o) {
    RefreshPod(o->Key());
    Trigger();
  };
  pod_informer_.AddHandlers({pod, [=](const api::ObjectPtr&, const api::ObjectPtr& o) { pod(o); }, pod});
  // Of a claim the desired state reads only its phase, volume name and uid: other
  // updates (finalizers, annotations: snapshot-controller's source protection on every
  // VolumeSnapshot) change nothing for the reconciler.
  auto claim = [this](const api::ObjectPtr& o) {
    RefreshPodsOfClaim(o->metadata.namespace_, o->metadata.name);
    Trigger();
  };
  claim_informer_.AddHandlers({claim,
                               [=](const api::ObjectPtr& o, const api::ObjectPtr& n) {
                                 auto a = api::As<api::PersistentVolumeClaim>(o);
                                 auto b = api::As<api::PersistentVolumeClaim>(n);
                                 if (a == nullptr || b == nullptr || a->status.phase != b->status.phase ||
                                     a->spec.volume_name != b->spec.volume_name ||
                                     a->metadata.uid != b->metadata.uid) {
                                   claim(n);
                                 }
                               },
                               claim});
  auto volume = [this](const api::ObjectPtr& o) {
    for (const auto& c : claim_informer_.ByIndex(kClaimsByVolume, o->metadata.name)) {
      RefreshPodsOfClaim(c->metadata.namespace_, c->metadata.name);
    }
    Trigger();
  };
  volume_informer_.AddHandlers({volume, [=](const api::ObjectPtr&, const api::ObjectPtr& o) { volume(o); }, volume});
  // syncStates looks again at an attached volume whose VolumeAttachment changed, and
  // CheckOperations at an operation's.
  auto attachment = [this](const api::ObjectPtr& o) {
    if (auto it = actual_by_va_.find(o->metadata.name); it != actual_by_va_.end()) to_verify_.insert(it->second);
    if (auto it = operation_vas_.find(o->metadata.name); it != operation_vas_.end()) it->second = true;
    Trigger();
  };
  va_informer_.AddHandlers(
      {attachment, [=](const api::ObjectPtr&, const api::ObjectPtr& o) { attachment(o); }, attachment});
  auto driver = [this](const api::ObjectPtr&) {
    RefreshAllPods();
    Trigger();
  };
  driver_informer_.AddHandlers({driver, [=](const api::ObjectPtr&, const api::ObjectPtr& o) { driver(o); }, driver});
  // A node's existence decides whether its pods want anything.
  auto node_pods = [this](const api::ObjectPtr& n) {
    for (const auto& p : pod_informer_.ByIndex(kPodsByNode, n->metadata.name)) RefreshPod(p->Key());
  };
  node_informer_.AddHandlers({[=, this](const api::ObjectPtr& n) {
                                node_pods(n);
                                OnNode(n);
                              },
                              [this](const api::ObjectPtr&, const api::ObjectPtr& n) { OnNode(n); },
                              [=, this](const api::ObjectPtr& n) {
                                node_pods(n);
                                Trigger();
                              }});
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
  desired_.clear();
  wants_of_pod_.clear();
  actual_.clear();
  actual_by_node_.clear();
  actual_by_va_.clear();
  to_attach_.clear();
  to_detach_.clear();
  touched_.clear();
  left_desired_.clear();
  to_verify_.clear();
  operations_.clear();
  operation_locks_.clear();
  operation_vas_.clear();
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
    const std::string& name = node->metadata.name;
    for (auto it = actual_by_node_.lower_bound({name, ""}); it != actual_by_node_.end() && it->first == name; ++it) {
      actual_.at({it->second, name}).mounted_by_node =
          std::find(in_use.begin(), in_use.end(), it->second) != in_use.end();
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
