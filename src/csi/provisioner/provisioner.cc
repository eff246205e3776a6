// ExternalProvisioner wiring: informers, the claim and volume queues, Start/Stop.
#include "src/csi/provisioner/provisioner.h"

#include <fmt/format.h>

namespace snapsim::csi::provisioner {
namespace {

std::pair<std::string, std::string> SplitKey(const std::string& key) {
  std::size_t slash = key.find('/');
  if (slash == std::string::npos) return {"", key};
  return {key.substr(0, slash), key.substr(slash + 1)};
}

apiserver::InformerOptions InformerOpts(const ProvisionerOptions& o) {
  return {.client = std::string(kProvisionerClient), .watch_delay = o.watch_delay};
}

}  // namespace

ExternalProvisioner::ExternalProvisioner(apiserver::ApiServer& server,
                                         disk::ControllerServer& driver,
                                         ProvisionerOptions options)
    : server_(server),
      driver_(driver),
      options_(std::move(options)),
      claim_informer_(server, api::PersistentVolumeClaim::Info(), InformerOpts(options_)),
      volume_informer_(server, api::PersistentVolume::Info(), InformerOpts(options_)),
      class_informer_(server, api::StorageClass::Info(), InformerOpts(options_)),
      node_informer_(server, api::Node::Info(), InformerOpts(options_)),
      csinode_informer_(server, api::CSINode::Info(), InformerOpts(options_)),
      attachment_informer_(server, api::VolumeAttachment::Info(), InformerOpts(options_)),
      snapshot_informer_(server, api::VolumeSnapshot::Info(), InformerOpts(options_)),
      claim_queue_(server.loop(), "csi-provisioner.claims",
                   {options_.retry_interval_start, options_.retry_interval_max},
                   [this](const std::string& key) { return ProcessClaimKey(key); }),
      volume_queue_(server.loop(), "csi-provisioner.volumes",
                    {options_.retry_interval_start, options_.retry_interval_max},
                    [this](const std::string& key) { return ProcessVolumeKey(key); }),
      recorder_(server, fmt::format("{}_{}", disk::kDriverName, options_.hostname)) {
  auto enqueue_claim = [this](const api::ObjectPtr& o) { claim_queue_.Add(o->Key()); };
  claim_informer_.AddHandlers(
      {enqueue_claim, [=](const api::ObjectPtr&, const api::ObjectPtr& o) { enqueue_claim(o); },
       enqueue_claim});
  auto enqueue_volume = [this](const api::ObjectPtr& o) {
    volumes_.Update(o);
    volume_queue_.Add(o->metadata.name);
  };
  volume_informer_.AddHandlers(
      {enqueue_volume, [=](const api::ObjectPtr&, const api::ObjectPtr& o) { enqueue_volume(o); },
       [this](const api::ObjectPtr& o) { volumes_.Delete(o->Key()); }});
}

ExternalProvisioner::~ExternalProvisioner() { Stop(); }

std::vector<apiserver::Informer*> ExternalProvisioner::informers() {
  return {&claim_informer_,   &volume_informer_,     &class_informer_,   &node_informer_,
          &csinode_informer_, &attachment_informer_, &snapshot_informer_};
}

bool ExternalProvisioner::add_finalizer() const {
  return options_.honor_pv_reclaim_policy.value_or(server_.config().kube_minor >= 31);
}

void ExternalProvisioner::Start() {
  if (running_) return;
  running_ = true;
  ++generation_;
  ++starts_;
  identity_ = fmt::format("{}-{}-{}", server_.NowUnixNanos() / 1000000, starts_, disk::kDriverName);
  for (apiserver::Informer* inf : informers()) {
    if (inf != &claim_informer_ && inf != &volume_informer_) inf->Start();
  }
  volume_informer_.Start();
  claim_informer_.Start();
  if (options_.snapshot_orphan_sweep_interval > 0) {
    sweep_timer_ = server_.loop().Every(
        options_.snapshot_orphan_sweep_interval, [this] { SweepOrphanedSnapshotFinalizers(); },
        {.background = true, .label = "csi-provisioner/snapshot-finalizer-sweep"});
  }
}

void ExternalProvisioner::Stop() {
  if (!running_) return;
  running_ = false;
  ++generation_;  // in-flight CSI replies and timeouts of this run are ignored
  for (apiserver::Informer* inf : informers()) inf->Stop();
  claim_queue_.Reset();
  volume_queue_.Reset();
  if (sweep_timer_ != engine::kNoEvent) server_.loop().Cancel(sweep_timer_);
  sweep_timer_ = engine::kNoEvent;
  volumes_.Clear();
  claims_in_progress_.clear();
  claims_inflight_.clear();
  volumes_inflight_.clear();
  claim_failures_.clear();
  volume_failures_.clear();
  recorder_.Reset();
  identity_.clear();
}

void ExternalProvisioner::Requeue(engine::WorkQueue& queue, std::map<std::string, int>& failures,
                                  const std::string& key) {
  int& n = failures[key];
  queue.AddAfter(key, queue.Backoff(n));
  ++n;
}

ExternalProvisioner::ClassPtr ExternalProvisioner::StorageClassOf(
    const api::PersistentVolumeClaim& claim) const {
  // util.GetPersistentVolumeClaimClass: the beta annotation wins over the field.
  std::string name;
  if (const std::string* ann = claim.metadata.Annotation(kAnnBetaStorageClass)) {
    name = *ann;
  } else if (claim.spec.storage_class_name) {
    name = *claim.spec.storage_class_name;
  }
  if (name.empty()) return nullptr;
  return api::As<api::StorageClass>(class_informer_.Get("", name));
}

Status ExternalProvisioner::ProcessClaimKey(const std::string& key) {
  if (claims_inflight_.count(key)) return Status::Ok();  // the reply requeues it
  auto [ns, name] = SplitKey(key);
  auto claim = api::As<api::PersistentVolumeClaim>(claim_informer_.Get(ns, name));
  if (claim == nullptr) {
    // A claim deleted while its provisioning runs in the background is finished
    // (sig-storage-lib claimsInProgress), so that no volume leaks.
    auto it = claims_in_progress_.find(key);
    if (it == claims_in_progress_.end()) return Status::Ok();
    claim = it->second;
  }
  call_started_ = false;
  Status st = SyncClaim(claim);
  if (!st.ok()) {
    Requeue(claim_queue_, claim_failures_, key);
  } else if (!call_started_) {
    claim_failures_.erase(key);
  }
  return Status::Ok();
}

Status ExternalProvisioner::ProcessVolumeKey(const std::string& key) {
  if (volumes_inflight_.count(key)) return Status::Ok();
  auto volume = api::As<api::PersistentVolume>(volume_informer_.Get("", key));
  if (volume == nullptr) return Status::Ok();
  // A newer version written by this provisioner wins over a stale informer copy.
  if (auto own = api::As<api::PersistentVolume>(volumes_.Get(key));
      own != nullptr && kube::ResourceVersionNumber(own->metadata.resource_version) >
                            kube::ResourceVersionNumber(volume->metadata.resource_version)) {
    volume = own;
  }
  call_started_ = false;
  Status st = SyncVolume(volume);
  if (!st.ok()) {
    Requeue(volume_queue_, volume_failures_, key);
  } else if (!call_started_) {
    volume_failures_.erase(key);
  }
  return Status::Ok();
}

}  // namespace snapsim::csi::provisioner
