#include "src/csi/attacher/external_attacher.h"

#include "src/csi/attacher/attacher_util.h"

namespace snapsim::csi::attacher {
namespace {

// shouldEnqueueVAChange: an update that changes nothing but attachError /
// detachError (and the resourceVersion) was our own error report; re-queueing
// it would defeat the backoff. Periodic resyncs (same resourceVersion) pass.
bool ShouldEnqueueVaChange(const api::VolumeAttachment& old_va, const api::VolumeAttachment& new_va) {
  if (old_va.metadata.resource_version == new_va.metadata.resource_version) return true;
  const auto& o = old_va.status;
  const auto& n = new_va.status;
  if (!o.attach_error && !o.detach_error && !n.attach_error && !n.detach_error) return true;
  api::VolumeAttachment sanitized = new_va;
  sanitized.metadata.resource_version = old_va.metadata.resource_version;
  sanitized.status.attach_error = o.attach_error;
  sanitized.status.detach_error = o.detach_error;
  return !api::EncodesEqual(sanitized, old_va);
}

}  // namespace

ExternalAttacher::ExternalAttacher(apiserver::ApiServer& server, disk::ControllerServer& driver,
                                   AttacherOptions options)
    : server_(server),
      driver_(driver),
      options_(std::move(options)),
      finalizer_(FinalizerName(options_.driver_name)),
      va_informer_(server, api::VolumeAttachment::Info(),
                   {.client = std::string(kAttacherClient),
                    .resync_period = options_.resync_period,
                    .watch_delay = options_.watch_delay}),
      pv_informer_(server, api::PersistentVolume::Info(),
                   {.client = std::string(kAttacherClient),
                    .resync_period = options_.resync_period,
                    .watch_delay = options_.watch_delay}),
      csinode_informer_(server, api::CSINode::Info(),
                        {.client = std::string(kAttacherClient), .watch_delay = options_.watch_delay}),
      va_queue_(server.loop(), "csi-attacher-va", {options_.retry_interval_start, options_.retry_interval_max},
                [this](const std::string& key) { return SyncVa(key); }),
      pv_queue_(server.loop(), "csi-attacher-pv", {options_.retry_interval_start, options_.retry_interval_max},
                [this](const std::string& key) { return SyncPv(key); }) {
  va_informer_.AddHandlers({
      [this](const api::ObjectPtr& o) { va_queue_.Add(o->metadata.name); },
      [this](const api::ObjectPtr& o, const api::ObjectPtr& n) { OnVaUpdate(o, n); },
      [this](const api::ObjectPtr& o) {
        // vaDeleted: the PV may now lose its finalizer.
        auto va = api::As<api::VolumeAttachment>(o);
        if (va && va->spec.source.persistent_volume_name) pv_queue_.Add(*va->spec.source.persistent_volume_name);
      },
  });
  auto enqueue_pv = [this](const api::ObjectPtr& o) { pv_queue_.Add(o->metadata.name); };
  pv_informer_.AddHandlers(
      {enqueue_pv, [=](const api::ObjectPtr&, const api::ObjectPtr& n) { enqueue_pv(n); }, nullptr});
}

ExternalAttacher::~ExternalAttacher() { Stop(); }

std::vector<apiserver::Informer*> ExternalAttacher::informers() {
  return {&va_informer_, &pv_informer_, &csinode_informer_};
}

void ExternalAttacher::OnVaUpdate(const api::ObjectPtr& old_obj, const api::ObjectPtr& new_obj) {
  auto o = api::As<api::VolumeAttachment>(old_obj);
  auto n = api::As<api::VolumeAttachment>(new_obj);
  if (o == nullptr || n == nullptr || ShouldEnqueueVaChange(*o, *n)) va_queue_.Add(new_obj->metadata.name);
}

void ExternalAttacher::Start() {
  if (running_) return;
  running_ = true;
  csinode_informer_.Start();
  pv_informer_.Start();
  va_informer_.Start();
}

void ExternalAttacher::Stop() {
  if (!running_) return;
  running_ = false;
  ++generation_;
  for (auto& [name, op] : in_flight_) {
    if (op.deadline != engine::kNoEvent) server_.loop().Cancel(op.deadline);
  }
  in_flight_.clear();
  failures_.clear();
  for (apiserver::Informer* inf : informers()) inf->Stop();
  va_queue_.Reset();
  pv_queue_.Reset();
}

std::uint64_t ExternalAttacher::BeginRpc(const std::string& va, std::function<void()> on_timeout) {
  ++rpcs_;
  InFlight& op = in_flight_[va];
  op.token = ++next_token_;
  op.dirty = false;
  op.deadline = server_.loop().After(options_.timeout, std::move(on_timeout), {.label = "csi-attacher/rpc-deadline"});
  return op.token;
}

bool ExternalAttacher::Awaited(const std::string& va, std::uint64_t token) const {
  auto it = in_flight_.find(va);
  return it != in_flight_.end() && it->second.token == token;
}

void ExternalAttacher::EndRpc(const std::string& va) {
  auto it = in_flight_.find(va);
  if (it == in_flight_.end()) return;
  server_.loop().Cancel(it->second.deadline);  // no-op when the deadline itself fired
  bool dirty = it->second.dirty;
  in_flight_.erase(it);
  if (dirty) va_queue_.Add(va);
}

void ExternalAttacher::Retry(const std::string& va_name) {
  int n = failures_[va_name]++;
  va_queue_.AddAfter(va_name, va_queue_.Backoff(n));
}

void ExternalAttacher::Succeeded(const std::string& va_name) {
  failures_.erase(va_name);
  va_queue_.Forget(va_name);
}

bool ExternalAttacher::Supports(disk::ControllerCapability cap) const {
  for (auto c : driver_.ControllerGetCapabilities().capabilities) {
    if (c == cap) return true;
  }
  return false;
}

}  // namespace snapsim::csi::attacher
