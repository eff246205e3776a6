// Kubelet: the pod worker — one level-triggered sync per pod key ("ns/name"):
// tear down instances of the key that are gone, then run, finish or terminate
// the pod that is there.
#include <fmt/format.h>

#include <algorithm>

#include "src/csi/exec_shell/image_rootfs.h"
#include "src/csi/kubelet/image_ref.h"
#include "src/csi/kubelet/kubelet.h"
#include "src/csi/kubelet/kubelet_messages.h"
#include "src/csi/kubelet/process_model.h"

namespace snapsim::csi {
namespace {

using kubelet::RuntimeContainer;

constexpr engine::Nanos kInitialBackoff = 10 * engine::kSecond;
constexpr engine::Nanos kMaxBackoff = 300 * engine::kSecond;
constexpr std::int64_t kMinimumGracePeriodSeconds = 2;

bool IsTerminalPhase(const api::Pod& pod) {
  return pod.status.phase == "Succeeded" || pod.status.phase == "Failed";
}

}  // namespace

Status Kubelet::SyncPod(const std::string& key) {
  if (!pod_informer_.HasSynced() || !node_informer_.HasSynced()) {
    return Status::FailedPrecondition("kubelet: informers not synced");
  }
  std::size_t slash = key.find('/');
  std::string ns = key.substr(0, slash), name = key.substr(slash + 1);
  auto pod = api::As<api::Pod>(pod_informer_.Get(ns, name));
  bool mine = pod != nullptr && pod->spec.node_name == options_.node_name;
  // Earlier instances of this key (or the pod itself, gone from the API).
  std::set<std::string> stale;
  for (const auto* s : runtime_.Sandboxes()) {
    if (s->namespace_ == ns && s->pod_name == name && (!mine || s->pod_uid != pod->metadata.uid))
      stale.insert(s->pod_uid);
  }
  for (const auto& [uid, dir] : pod_dirs_) {
    if (dir.namespace_ == ns && dir.name == name && (!mine || uid != pod->metadata.uid)) stale.insert(uid);
  }
  for (const auto& uid : stale) SNAPSIM_RETURN_IF_ERROR(CleanupOrphan(uid));
  if (!mine) return UpdateVolumesInUse();
  if (pod->metadata.being_deleted()) return SyncTerminating(*pod);
  if (IsTerminalPhase(*pod)) return SyncTerminal(*pod);
  return SyncRunning(*pod);
}

Status Kubelet::CleanupOrphan(const std::string& uid) {
  for (auto* c : runtime_.ContainersOf(uid)) {
    if (c->state == RuntimeContainer::State::kRunning) runtime_.Kill(c->id);
  }
  SNAPSIM_RETURN_IF_ERROR(TearDownVolumes(uid));
  runtime_.RemoveSandbox(uid);
  auto it = work_.find(uid);
  if (it != work_.end()) {
    loop_.Cancel(it->second.mount_timer);
    for (auto& [c, id] : it->second.pulls) loop_.Cancel(id);
    for (auto id : it->second.timers) loop_.Cancel(id);
    work_.erase(it);
  }
  return UpdateVolumesInUse();
}

Status Kubelet::SyncRunning(const api::Pod& pod) {
  const std::string& uid = pod.metadata.uid;
  PodWork& w = work_[uid];
  SNAPSIM_RETURN_IF_ERROR(UpdateVolumesInUse());
  VolumeReport volumes = SetUpVolumes(pod);
  if (!volumes.ready) {
    if (!volumes.errors.empty()) {
      // The volume manager's processing errors end the wait at once (PopPodErrors).
      recorder_.Warning(pod, "FailedMount",
                        kubelet::MountErrorMessage(minor(), volumes.unmounted, volumes.expected,
                                                   volumes.unattached, volumes.not_processed,
                                                   fmt::format("{}", fmt::join(volumes.errors, "; "))));
      ResyncAfter(uid, pod.Key(), 10 * engine::kSecond);
    } else {
      ArmMountTimeout(pod);
    }
    return WriteStatus(pod);
  }
  loop_.Cancel(w.mount_timer);
  w.mount_timer = engine::kNoEvent;
  w.wait_start = -1;
  runtime_.EnsureSandbox(uid, pod.metadata.namespace_, pod.metadata.name);
  for (const auto& c : pod.spec.containers) SyncContainer(pod, c);
  return WriteStatus(pod);
}

void Kubelet::SyncContainer(const api::Pod& pod, const api::Container& c) {
  const std::string& uid = pod.metadata.uid;
  PodWork& w = work_[uid];
  if (w.pulls.count(c.name) > 0) return;  // being pulled
  RuntimeContainer* last = runtime_.Latest(uid, c.name);
  if (last == nullptr) {
    StartContainer(pod, c);
    return;
  }
  if (last->state == RuntimeContainer::State::kRunning) return;
  const std::string& policy = pod.spec.restart_policy;
  bool restart = policy == "Always" || (policy == "OnFailure" && last->exit_code != 0);
  if (!restart) return;
  engine::Nanos remaining = 0, current = 0;
  if (InBackoff(pod, *last, &remaining, &current)) {
    auto seen = w.backoff_event.find(c.name);
    if (seen != w.backoff_event.end() && loop_.Now() - seen->second < 10 * engine::kSecond) return;
    w.backoff_event[c.name] = loop_.Now();
    recorder_.Warning(pod, "BackOff",
                      kubelet::BackOffEventMessage(
                          minor(), c.name,
                          kubelet::PodDesc(pod.metadata.name, pod.metadata.namespace_, uid)));
    // The pod worker retries a back-off error every 10s; the restart itself waits
    // until the back-off has passed.
    ResyncAfter(uid, pod.Key(), std::min(remaining, 10 * engine::kSecond));
    return;
  }
  StartContainer(pod, c);
}

bool Kubelet::InBackoff(const api::Pod& pod, const RuntimeContainer& last, engine::Nanos* remaining,
                        engine::Nanos* current) {
  Backoff& b = work_[pod.metadata.uid].backoff[last.name];
  engine::Nanos now = loop_.Now();
  if (b.duration > 0 && now - b.last_update > 2 * kMaxBackoff) b = Backoff{};  // expired
  if (b.duration > 0 && now - last.finished_at < b.duration) {
    *remaining = last.finished_at + b.duration - now;
    *current = b.duration;
    return true;
  }
  b.duration = b.duration == 0 ? kInitialBackoff : std::min(2 * b.duration, kMaxBackoff);
  b.last_update = now;
  return false;
}

void Kubelet::StartContainer(const api::Pod& pod, const api::Container& c) {
  std::string ref = kubelet::NormalizeImage(c.image);
  bool present = runtime_.HasImage(ref);
  std::string policy = c.image_pull_policy.empty() ? "IfNotPresent" : c.image_pull_policy;
  if (policy == "Never" || (policy == "IfNotPresent" && present)) {
    if (present) recorder_.Normal(pod, "Pulled", kubelet::AlreadyPresentMessage(c.image));
    CreateAndStart(pod, c);
    return;
  }
  recorder_.Normal(pod, "Pulling", kubelet::PullingMessage(c.image));
  engine::Nanos d = kubelet::PullDuration(c.image, present);
  std::string uid = pod.metadata.uid, key = pod.Key(), name = c.name;
  engine::EventId id = loop_.After(
      d,
      [this, uid, key, name, d, ref] {
        work_[uid].pulls.erase(name);
        runtime_.AddImage(ref);
        auto pod = api::As<api::Pod>(pod_informer_.Get(key.substr(0, key.find('/')), key.substr(key.find('/') + 1)));
        if (pod == nullptr || pod->metadata.uid != uid || pod->metadata.being_deleted()) {
          queue_.Add(key);
          return;
        }
        for (const auto& spec : pod->spec.containers) {
          if (spec.name != name) continue;
          recorder_.Normal(*pod, "Pulled",
                           kubelet::PulledMessage(minor(), spec.image, d, d, kubelet::ImageSizeBytes(spec.image)));
          CreateAndStart(*pod, spec);
        }
        queue_.Add(key);
      },
      {.label = "kubelet image pull"});
  work_[uid].pulls[name] = id;
}

std::unique_ptr<shell::ContainerFs> Kubelet::BuildFs(const api::Pod& pod, const api::Container& c) {
  std::string hostname = pod.spec.hostname.empty() ? pod.metadata.name : pod.spec.hostname;
  auto fs = std::make_unique<shell::ContainerFs>(shell::ImageRootFs(c.image, hostname));
  auto dir = pod_dirs_.find(pod.metadata.uid);
  for (const auto& m : c.volume_mounts) {
    if (dir == pod_dirs_.end()) break;
    auto rec = dir->second.volumes.find(m.name);
    if (rec == dir->second.volumes.end()) continue;  // not a disk volume
    auto mounted = plugin_.Mounted(rec->second.target);
    if (!mounted.ok()) continue;
    fs->Mount(m.mount_path, mounted->device, m.read_only || mounted->readonly);
  }
  return fs;
}

void Kubelet::CreateAndStart(const api::Pod& pod, const api::Container& c) {
  std::string hostname = pod.spec.hostname.empty() ? pod.metadata.name : pod.spec.hostname;
  runtime_.EnsureSandbox(pod.metadata.uid, pod.metadata.namespace_, pod.metadata.name);
  runtime_.Start(pod.metadata.uid, c.name, c.image, kubelet::PlanFor(c), BuildFs(pod, c), hostname,
                 c.working_dir, server_.config().epoch_unix_seconds);
  recorder_.Normal(pod, "Created", "Created container " + c.name);
  recorder_.Normal(pod, "Started", "Started container " + c.name);
}

Status Kubelet::SyncTerminating(const api::Pod& pod) {
  const std::string& uid = pod.metadata.uid;
  PodWork& w = work_[uid];
  for (auto& [name, id] : w.pulls) loop_.Cancel(id);
  w.pulls.clear();
  loop_.Cancel(w.mount_timer);
  w.mount_timer = engine::kNoEvent;
  std::int64_t grace = pod.metadata.deletion_grace_period_seconds.value_or(
      pod.spec.termination_grace_period_seconds.value_or(30));
  grace = std::max(grace, kMinimumGracePeriodSeconds);
  bool running = false;
  for (auto* c : runtime_.ContainersOf(uid)) {
    if (c->state != RuntimeContainer::State::kRunning) continue;
    running = true;
    if (w.killing.insert(c->id).second && !c->stopping) {
      recorder_.Normal(pod, "Killing", "Stopping container " + c->name);
      runtime_.Stop(c->id, grace * engine::kSecond);
    }
  }
  if (running) return Status::Ok();
  if (runtime_.FindSandbox(uid) != nullptr) SNAPSIM_RETURN_IF_ERROR(WriteStatus(pod, true));
  SNAPSIM_RETURN_IF_ERROR(TearDownVolumes(uid));
  SNAPSIM_RETURN_IF_ERROR(UpdateVolumesInUse());
  apiserver::DeleteOptions opts;
  opts.grace_period_seconds = 0;
  opts.precondition_uid = uid;
  auto r = server_.Delete(api::Pod::Info(), pod.metadata.namespace_, pod.metadata.name, opts, Ctx());
  if (!r.ok() && !r.error().Is(apiserver::ApiError::Reason::kNotFound) &&
      !r.error().Is(apiserver::ApiError::Reason::kConflict)) {
    return r.error().ToStatus();
  }
  runtime_.RemoveSandbox(uid);
  auto it = work_.find(uid);
  if (it != work_.end()) {
    for (auto id : it->second.timers) loop_.Cancel(id);
    work_.erase(it);
  }
  return Status::Ok();
}

Status Kubelet::SyncTerminal(const api::Pod& pod) {
  // The phase is final: the containers stay (for logs), the volumes are unmounted.
  for (auto* c : runtime_.ContainersOf(pod.metadata.uid)) {
    if (c->state == RuntimeContainer::State::kRunning) runtime_.Kill(c->id);
  }
  SNAPSIM_RETURN_IF_ERROR(TearDownVolumes(pod.metadata.uid));
  return UpdateVolumesInUse();
}

}  // namespace snapsim::csi
