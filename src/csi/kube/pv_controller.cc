#include "src/csi/kube/pv_controller.h"

namespace snapsim::csi::kube {
namespace {

constexpr engine::BackoffPolicy kControllerBackoff{5 * engine::kMillisecond,
                                                   1000 * engine::kSecond};

std::pair<std::string, std::string> SplitKey(const std::string& key) {
  std::size_t slash = key.find('/');
  if (slash == std::string::npos) return {"", key};
  return {key.substr(0, slash), key.substr(slash + 1)};
}

}  // namespace

PersistentVolumeController::PersistentVolumeController(apiserver::ApiServer& server,
                                                       PersistentVolumeControllerOptions options)
    : server_(server),
      options_(options),
      claim_informer_(
          server, api::PersistentVolumeClaim::Info(),
          {.client = std::string(kControllerManager), .watch_delay = options.watch_delay}),
      volume_informer_(
          server, api::PersistentVolume::Info(),
          {.client = std::string(kControllerManager), .watch_delay = options.watch_delay}),
      class_informer_(
          server, api::StorageClass::Info(),
          {.client = std::string(kControllerManager), .watch_delay = options.watch_delay}),
      pod_informer_(
          server, api::Pod::Info(),
          {.client = std::string(kControllerManager), .watch_delay = options.watch_delay}),
      claim_queue_(server.loop(), "persistentvolume-controller.claims", kControllerBackoff,
                   [this](const std::string& key) { return ProcessClaimKey(key); }),
      volume_queue_(server.loop(), "persistentvolume-controller.volumes", kControllerBackoff,
                    [this](const std::string& key) { return ProcessVolumeKey(key); }),
      recorder_(server, std::string(kPersistentVolumeControllerSource)) {
  auto enqueue_claim = [this](const api::ObjectPtr& o) { claim_queue_.Add(o->Key()); };
  claim_informer_.AddHandlers(
      {enqueue_claim, [=](const api::ObjectPtr&, const api::ObjectPtr& o) { enqueue_claim(o); },
       enqueue_claim});
  auto enqueue_volume = [this](const api::ObjectPtr& o) { volume_queue_.Add(o->metadata.name); };
  volume_informer_.AddHandlers(
      {enqueue_volume, [=](const api::ObjectPtr&, const api::ObjectPtr& o) { enqueue_volume(o); },
       enqueue_volume});
}

PersistentVolumeController::~PersistentVolumeController() { Stop(); }

std::vector<apiserver::Informer*> PersistentVolumeController::informers() {
  return {&claim_informer_, &volume_informer_, &class_informer_, &pod_informer_};
}

void PersistentVolumeController::Start() {
  if (running_) return;
  running_ = true;
  class_informer_.Start();
  pod_informer_.Start();
  volume_informer_.Start();
  claim_informer_.Start();
  // initializeCaches: the stores start from the informers' initial lists.
  for (const auto& v : volume_informer_.List()) volumes_.Update(v);
  for (const auto& c : claim_informer_.List()) claims_.Update(c);
  if (options_.resync_period > 0) {
    resync_timer_ =
        server_.loop().Every(options_.resync_period, [this] { Resync(); },
                             {.background = true, .label = "persistentvolume-controller/resync"});
  }
}

void PersistentVolumeController::Stop() {
  if (!running_) return;
  running_ = false;
  for (apiserver::Informer* inf : informers()) inf->Stop();
  claim_queue_.Reset();
  volume_queue_.Reset();
  if (resync_timer_ != engine::kNoEvent) server_.loop().Cancel(resync_timer_);
  resync_timer_ = engine::kNoEvent;
  resynced_at_version_ = -1;
  claims_.Clear();
  volumes_.Clear();
  recorder_.Reset();
}

void PersistentVolumeController::Resync() {
  // Every sync reads only the API's objects (through the caches) and writes, or records
  // an Event, whenever it has something to do. So when nothing at all was written since
  // the last resync and both queues are idle, that resync's syncs did nothing and these
  // would find exactly what they found: the resync is skipped, not its outcome.
  const std::int64_t version = server_.resource_version();
  if (version == resynced_at_version_ && claim_queue_.Idle() && volume_queue_.Idle()) return;
  resynced_at_version_ = version;
  for (const auto& c : claim_informer_.List()) claim_queue_.Add(c->Key());
  for (const auto& v : volume_informer_.List()) volume_queue_.Add(v->metadata.name);
}

Status PersistentVolumeController::ProcessClaimKey(const std::string& key) {
  auto [ns, name] = SplitKey(key);
  if (api::ObjectPtr obj = claim_informer_.Get(ns, name)) {
    // updateClaim: an older version than the one already stored is not processed.
    if (!claims_.Update(obj)) return Status::Ok();
    return SyncClaim(api::As<api::PersistentVolumeClaim>(obj));
  }
  // deleteClaim: the volume it was bound to is synced at once, to be released.
  api::ObjectPtr stored = claims_.Get(key);
  if (stored == nullptr) return Status::Ok();
  claims_.Delete(key);
  auto claim = api::As<api::PersistentVolumeClaim>(stored);
  if (!claim->spec.volume_name.empty()) volume_queue_.Add(claim->spec.volume_name);
  return Status::Ok();
}

Status PersistentVolumeController::ProcessVolumeKey(const std::string& key) {
  if (api::ObjectPtr obj = volume_informer_.Get("", key)) {
    if (!volumes_.Update(obj)) return Status::Ok();
    return SyncVolume(api::As<api::PersistentVolume>(obj));
  }
  // deleteVolume: the claim it was bound to is synced at once (to go Lost).
  api::ObjectPtr stored = volumes_.Get(key);
  if (stored == nullptr) return Status::Ok();
  volumes_.Delete(key);
  auto volume = api::As<api::PersistentVolume>(stored);
  if (volume->spec.claim_ref) {
    claim_queue_.Add(volume->spec.claim_ref->namespace_ + "/" + volume->spec.claim_ref->name);
  }
  return Status::Ok();
}

}  // namespace snapsim::csi::kube
