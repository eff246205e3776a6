// Kubelet: the pod status it reports (generateAPIPodStatus + the status manager's
// merge): phase from the containers, the kubelet's conditions after the others with
// their transition times kept, IPs, start time and one status per container.
#include <fmt/format.h>

#include "src/csi/kubelet/image_ref.h"
#include "src/csi/kubelet/kubelet.h"
#include "src/csi/kubelet/kubelet_messages.h"

namespace snapsim::csi {
namespace {

using kubelet::RuntimeContainer;

bool OwnedByKubelet(const std::string& type) {
  return type == "PodScheduled" || type == "Ready" || type == "Initialized" ||
         type == "ContainersReady" || type == "PodReadyToStartContainers";
}

api::PodCondition Condition(std::string type, bool ok, std::string reason = "",
                            std::string message = "") {
  api::PodCondition c;
  c.type = std::move(type);
  c.status = ok ? "True" : "False";
  c.reason = std::move(reason);
  c.message = std::move(message);
  return c;
}

// getPhase (pkg/kubelet/kubelet_pods.go), without init containers.
std::string Phase(const api::Pod& pod, const std::vector<api::ContainerStatus>& statuses,
                  bool terminal, int minor) {
  int running = 0, waiting = 0, stopped = 0, succeeded = 0;
  for (const auto& s : statuses) {
    if (s.state.running) {
      ++running;
    } else if (s.state.terminated) {
      ++stopped;
      if (s.state.terminated->exit_code == 0) ++succeeded;
    } else if (s.last_state.terminated) {
      ++stopped;
    } else {
      ++waiting;
    }
  }
  if (waiting > 0) return "Pending";
  if (running > 0) return "Running";
  if (stopped > 0) {
    // From 1.27 a pod that the kubelet terminated (deletion) reaches a terminal phase.
    if (terminal && minor >= 27) return stopped == succeeded ? "Succeeded" : "Failed";
    if (pod.spec.restart_policy == "Always") return "Running";
    if (stopped == succeeded) return "Succeeded";
    if (pod.spec.restart_policy == "Never") return "Failed";
    return "Running";
  }
  return "Pending";
}

}  // namespace

api::ContainerStatus Kubelet::ContainerStatusFor(const api::Pod& pod, const api::Container& c) {
  api::ContainerStatus s;
  s.name = c.name;
  RuntimeContainer* last = runtime_.Latest(pod.metadata.uid, c.name);
  if (last == nullptr) {
    s.state.waiting = api::ContainerStateWaiting{"ContainerCreating", ""};
    s.image = c.image;
    s.started = false;
    return s;
  }
  s.image = kubelet::NormalizeImage(last->image);
  s.image_id = kubelet::ImageId(last->image);
  s.container_id = "containerd://" + last->id;
  s.restart_count = last->attempt;
  auto terminated = [this](const RuntimeContainer& r) {
    api::ContainerStateTerminated t;
    t.exit_code = r.exit_code;
    t.reason = r.reason;
    t.started_at = TimeRfc3339(r.started_at);
    t.finished_at = TimeRfc3339(r.finished_at);
    t.container_id = "containerd://" + r.id;
    return t;
  };
  if (last->state == RuntimeContainer::State::kRunning) {
    s.state.running = api::ContainerStateRunning{TimeRfc3339(last->started_at)};
    s.ready = true;
    s.started = true;
    if (RuntimeContainer* prev = runtime_.Previous(pod.metadata.uid, c.name)) {
      s.last_state.terminated = terminated(*prev);
    }
    return s;
  }
  s.started = false;
  const std::string& policy = pod.spec.restart_policy;
  bool restart = !pod.metadata.being_deleted() &&
                 (policy == "Always" || (policy == "OnFailure" && last->exit_code != 0));
  if (!restart) {
    s.state.terminated = terminated(*last);
    if (RuntimeContainer* prev = runtime_.Previous(pod.metadata.uid, c.name)) {
      s.last_state.terminated = terminated(*prev);
    }
    return s;
  }
  // Waiting to be restarted: CrashLoopBackOff while the back-off lasts.
  s.last_state.terminated = terminated(*last);
  auto w = work_.find(pod.metadata.uid);
  engine::Nanos backoff = 0;
  if (w != work_.end()) {
    auto b = w->second.backoff.find(c.name);
    if (b != w->second.backoff.end()) backoff = b->second.duration;
  }
  if (backoff > 0 && loop_.Now() - last->finished_at < backoff) {
    s.state.waiting = api::ContainerStateWaiting{
        "CrashLoopBackOff",
        kubelet::CrashLoopMessage(backoff, c.name,
                                  kubelet::PodDesc(pod.metadata.name, pod.metadata.namespace_, pod.metadata.uid))};
  } else {
    s.state.terminated = terminated(*last);
    s.last_state = {};
    if (RuntimeContainer* prev = runtime_.Previous(pod.metadata.uid, c.name)) {
      s.last_state.terminated = terminated(*prev);
    }
  }
  return s;
}

api::PodStatus Kubelet::GenerateStatus(const api::Pod& pod, const api::PodStatus& old, bool terminal) {
  api::PodStatus st = old;
  const kubelet::Sandbox* sandbox = runtime_.FindSandbox(pod.metadata.uid);
  st.container_statuses.clear();
  st.container_statuses.reserve(pod.spec.containers.size());
  for (const auto& c : pod.spec.containers) st.container_statuses.push_back(ContainerStatusFor(pod, c));
  st.phase = Phase(pod, st.container_statuses, terminal, minor());
  if (const api::Node* node = MyNode()) {
    for (const auto& a : node->status.addresses) {
      if (a.type == "InternalIP") {
        st.host_ip = a.address;
        break;
      }
    }
  }
  st.host_ips.clear();
  if (minor() >= 29 && !st.host_ip.empty()) st.host_ips.push_back({st.host_ip});
  if (sandbox != nullptr) {
    // A pod on the host network has the node's address (generateAPIPodStatus).
    const std::string& ip = pod.spec.host_network && !st.host_ip.empty() ? st.host_ip : sandbox->ip;
    st.pod_ip = ip;
    st.pod_ips = {{ip}};
  }
  if (!st.start_time) st.start_time = NowRfc3339();

  // The kubelet's conditions.
  std::vector<std::string> unready;
  for (const auto& s : st.container_statuses) {
    if (!s.ready) unready.push_back(s.name);
  }
  std::vector<api::PodCondition> mine;
  mine.reserve(5);
  if (minor() >= 29) mine.push_back(Condition("PodReadyToStartContainers", sandbox != nullptr));
  bool completed = st.phase == "Succeeded";
  mine.push_back(Condition("Initialized", true, completed ? "PodCompleted" : ""));
  auto ready = [&](const char* type) {
    if (completed) return Condition(type, false, "PodCompleted");
    if (unready.empty()) return Condition(type, true);
    return Condition(type, false, "ContainersNotReady",
                     fmt::format("containers with unready status: {}", kubelet::GoList(unready)));
  };
  mine.push_back(ready("Ready"));
  mine.push_back(ready("ContainersReady"));
  mine.push_back(Condition("PodScheduled", true));
  std::vector<api::PodCondition> merged;
  merged.reserve(old.conditions.size() + mine.size());
  for (const auto& c : old.conditions) {
    if (!OwnedByKubelet(c.type)) merged.push_back(c);
  }
  for (auto& c : mine) {
    const api::PodCondition* prev = old.FindCondition(c.type);
    if (prev != nullptr && prev->status == c.status) {
      c.last_transition_time = prev->last_transition_time;
      c.last_probe_time = prev->last_probe_time;
    } else {
      c.last_transition_time = NowRfc3339();
    }
    merged.push_back(std::move(c));
  }
  st.conditions = std::move(merged);
  return st;
}

Status Kubelet::WriteStatus(const api::Pod& pod, bool terminal) {
  auto got = server_.Get(api::Pod::Info(), pod.metadata.namespace_, pod.metadata.name, Ctx());
  if (!got.ok()) {
    if (got.error().Is(apiserver::ApiError::Reason::kNotFound)) return Status::Ok();
    return got.error().ToStatus();
  }
  auto current = api::As<api::Pod>(*got);
  if (current->metadata.uid != pod.metadata.uid) return Status::Ok();
  api::PodStatus st = GenerateStatus(*current, current->status, terminal);
  // Only the status differs between the pod and its update: compare it as JSON would.
  if (api::EncodesEqual(st, current->status)) return Status::Ok();
  auto next = api::CloneAs<api::Pod>(current);
  next->status = std::move(st);
  auto r = server_.UpdateStatus(next, Ctx());
  if (!r.ok()) return r.error().ToStatus();
  own_status_versions_[(*r)->metadata.uid] = (*r)->metadata.resource_version;
  return Status::Ok();
}

}  // namespace snapsim::csi
