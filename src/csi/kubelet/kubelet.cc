#include "src/csi/kubelet/kubelet.h"

#include <fmt/format.h>

#include <algorithm>

#include "src/csi/exec_shell/shell.h"
#include "src/csi/kube/pod_util.h"
#include "src/csi/util/sha256.h"

namespace snapsim::csi {
namespace {

std::string PodIpPrefix(const KubeletOptions& o) {
  if (!o.pod_ip_prefix.empty()) return o.pod_ip_prefix;
  unsigned third = static_cast<unsigned>(std::stoul(Sha256Hex("node:" + o.node_name).substr(0, 4), nullptr, 16) % 250);
  return fmt::format("172.20.{}", third);
}

// The kubelet's selectors are routes (watch_route.h), each filter exactly its route: its
// own pods (spec.nodeName=<node>) and its own Node (metadata.name=<node>), as upstream's
// config source and node informer ask the server; its VolumeAttachments likewise
// (upstream's CSI attacher watches each one by name; only this node's can ever concern
// it); and the claims its pods wait for, with their PVs. A value function only ever sees
// its informer's kind.
apiserver::InformerOptions InformerOpts(const KubeletOptions& o, apiserver::WatchRoute route) {
  return {.client = std::string(kKubelet),
          .watch_delay = o.watch_delay,
          .filter = apiserver::RouteFilter(route),
          .route = std::move(route)};
}

// Whether an update of the same pod changed only its status. Upstream's pod config
// (podsDifferSemantically) makes that a RECONCILE, which syncs the pod only when its
// readiness gates may need their Ready condition recomputed.
bool StatusOnlyUpdate(const api::Object& old_obj, const api::Object& obj) {
  const auto* before = dynamic_cast<const api::Pod*>(&old_obj);
  const auto* after = dynamic_cast<const api::Pod*>(&obj);
  if (before == nullptr || after == nullptr || !after->spec.readiness_gates.empty()) return false;
  return !kube::PodSpecOrMetaChanged(*before, *after);
}

std::string_view PodNodeName(const api::Object& o, std::string&) { return static_cast<const api::Pod&>(o).spec.node_name; }
std::string_view ObjectName(const api::Object& o, std::string&) { return o.metadata.name; }
std::string_view AttachmentNodeName(const api::Object& o, std::string&) {
  return static_cast<const api::VolumeAttachment&>(o).spec.node_name;
}
// The claim watches' value: the claim's "ns/name", or that of the claim a PV is bound to
// ("" for an unbound PV: no claim key is empty).
std::string_view ClaimKey(const api::Object& o, std::string& scratch) {
  scratch.assign(o.metadata.namespace_).append("/").append(o.metadata.name);
  return scratch;
}
std::string_view BoundClaimKey(const api::Object& o, std::string& scratch) {
  const auto& ref = static_cast<const api::PersistentVolume&>(o).spec.claim_ref;
  if (!ref) return {};
  scratch.assign(ref->namespace_).append("/").append(ref->name);
  return scratch;
}

}  // namespace

Kubelet::Kubelet(apiserver::ApiServer& server, engine::EventLoop& loop, disk::NodeServer& plugin,
                 KubeletOptions options)
    : server_(server),
      loop_(loop),
      plugin_(plugin),
      options_(std::move(options)),
      this_node_(std::make_shared<apiserver::RouteValues>(options_.node_name)),
      wanted_claims_(std::make_shared<apiserver::RouteValues>()),
      pod_informer_(server, api::Pod::Info(), InformerOpts(options_, {&PodNodeName, this_node_})),
      node_informer_(server, api::Node::Info(), InformerOpts(options_, {&ObjectName, this_node_})),
      claim_informer_(server, api::PersistentVolumeClaim::Info(), InformerOpts(options_, {&ClaimKey, wanted_claims_})),
      volume_informer_(server, api::PersistentVolume::Info(), InformerOpts(options_, {&BoundClaimKey, wanted_claims_})),
      va_informer_(server, api::VolumeAttachment::Info(), InformerOpts(options_, {&AttachmentNodeName, this_node_})),
      queue_(loop, "kubelet", {500 * engine::kMillisecond, 2 * engine::kMinute},
             [this](const std::string& key) { return SyncPod(key); }),
      recorder_(server, std::string(kKubelet), options_.node_name),
      runtime_(loop, options_.node_name, PodIpPrefix(options_)) {
  pod_informer_.AddHandlers(
      {[this](const api::ObjectPtr& o) { EnqueuePod(o); },
       [this](const api::ObjectPtr& old_obj, const api::ObjectPtr& o) {
         if (old_obj->metadata.uid != o->metadata.uid) {
           // Another pod under the same name: the old one is still this node's to tear down.
           ForgetNodePod(*old_obj);
           auto old_pod = api::As<api::Pod>(old_obj);
           if (old_pod != nullptr && old_pod->spec.node_name == options_.node_name) queue_.Add(o->Key());
         } else if (StatusOnlyUpdate(*old_obj, *o) && IsOwnStatusWrite(*o)) {
           return;  // the echo of the status manager's own write
         }
         EnqueuePod(o);
       },
       [this](const api::ObjectPtr& o) {
         ForgetNodePod(*o);
         queue_.Add(o->Key());
       }});
  auto mine = [this](const api::ObjectPtr& o) {
    if (o->metadata.name == options_.node_name) EnqueueAllPods();
  };
  node_informer_.AddHandlers(
      {mine, [=](const api::ObjectPtr&, const api::ObjectPtr& o) { mine(o); }, nullptr});
  auto va = [this](const api::ObjectPtr& o) {
    auto a = api::As<api::VolumeAttachment>(o);
    if (a != nullptr && a->spec.node_name == options_.node_name) EnqueueAllPods();
  };
  // WaitForAttach reads an attachment's status and whether it is being deleted; its
  // finalizers and annotations (the attacher's) wake no pod.
  auto va_changed = [=](const api::ObjectPtr& old_obj, const api::ObjectPtr& o) {
    auto before = api::As<api::VolumeAttachment>(old_obj);
    auto after = api::As<api::VolumeAttachment>(o);
    if (before != nullptr && after != nullptr &&
        before->metadata.being_deleted() == after->metadata.being_deleted() &&
        api::EncodesEqual(before->status, after->status)) {
      return;
    }
    va(o);
  };
  va_informer_.AddHandlers({va, va_changed, va});
  auto claim = [this](const api::ObjectPtr& o) {
    EnqueuePodsUsingClaim(o->metadata.namespace_, o->metadata.name);
  };
  claim_informer_.AddHandlers({claim, [=](const api::ObjectPtr&, const api::ObjectPtr& o) { claim(o); }, nullptr});
  auto volume = [this](const api::ObjectPtr& o) {
    auto pv = api::As<api::PersistentVolume>(o);
    if (pv != nullptr && pv->spec.claim_ref) {
      EnqueuePodsUsingClaim(pv->spec.claim_ref->namespace_, pv->spec.claim_ref->name);
    }
  };
  volume_informer_.AddHandlers({volume, [=](const api::ObjectPtr&, const api::ObjectPtr& o) { volume(o); }, nullptr});
}

Kubelet::~Kubelet() { Stop(); }

void Kubelet::Start() {
  if (running_) return;
  running_ = true;
  runtime_.SetListener([this](const std::string& uid) { OnRuntimeChange(uid); });
  node_informer_.Start();
  claim_informer_.Start();
  volume_informer_.Start();
  va_informer_.Start();
  pod_informer_.Start();
  // Pods this node still runs or has volumes of, whether or not the API still has them.
  for (const auto* s : runtime_.Sandboxes()) queue_.Add(s->namespace_ + "/" + s->pod_name);
  for (const auto& [uid, dir] : pod_dirs_) queue_.Add(dir.namespace_ + "/" + dir.name);
}

void Kubelet::Stop() {
  if (!running_) return;
  running_ = false;
  runtime_.SetListener(nullptr);
  for (auto& [uid, w] : work_) {
    loop_.Cancel(w.mount_timer);
    for (auto& [c, id] : w.pulls) loop_.Cancel(id);
    for (auto id : w.timers) loop_.Cancel(id);
  }
  work_.clear();
  in_use_written_.reset();
  node_pods_.clear();
  processed_.clear();
  own_status_versions_.clear();
  wanted_claims_->Clear();
  pod_informer_.Stop();
  va_informer_.Stop();
  volume_informer_.Stop();
  claim_informer_.Stop();
  node_informer_.Stop();
  queue_.Reset();
  recorder_.Reset();
}

void Kubelet::EnqueuePod(const api::ObjectPtr& obj) {
  auto pod = api::As<api::Pod>(obj);
  if (pod == nullptr || pod->spec.node_name != options_.node_name) return;
  std::string key = pod->Key();
  if (auto [it, fresh] = node_pods_.try_emplace(key); fresh) {
    for (const auto& v : pod->spec.volumes) {
      if (!v.persistent_volume_claim) continue;
      it->second.push_back({v.name, pod->metadata.namespace_ + "/" + v.persistent_volume_claim->claim_name});
      wanted_claims_->Add(it->second.back().claim);
    }
  }
  queue_.Add(key);
}

bool Kubelet::IsOwnStatusWrite(const api::Object& pod) const {
  auto it = own_status_versions_.find(pod.metadata.uid);
  return it != own_status_versions_.end() && it->second == pod.metadata.resource_version;
}

void Kubelet::ForgetNodePod(const api::Object& pod) {
  processed_.erase(pod.metadata.uid);
  own_status_versions_.erase(pod.metadata.uid);
  auto it = node_pods_.find(pod.Key());
  if (it == node_pods_.end()) return;
  for (const PodClaim& c : it->second) {
    if (c.waiting) wanted_claims_->Remove(c.claim);
  }
  node_pods_.erase(it);
}

void Kubelet::StopWaitingForClaim(const api::Pod& pod, std::string_view volume) {
  auto it = node_pods_.find(pod.Key());
  if (it == node_pods_.end()) return;
  for (PodClaim& c : it->second) {
    if (c.waiting && c.volume == volume) {
      c.waiting = false;
      wanted_claims_->Remove(c.claim);
    }
  }
}

void Kubelet::EnqueueAllPods() {
  for (const auto& [key, claims] : node_pods_) queue_.Add(key);
}

void Kubelet::EnqueuePodsUsingClaim(std::string_view ns, std::string_view name) {
  std::string claim;
  claim.append(ns).append("/").append(name);
  // Every pod that mounts it, waiting or not: an event the watch let through while the
  // claim was wanted may arrive after another pod's sync processed this pod's volume
  // (DesiredVolumesInUse resolves every pod's), and must still wake this pod.
  for (const auto& [key, claims] : node_pods_) {
    if (std::any_of(claims.begin(), claims.end(), [&](const PodClaim& c) { return c.claim == claim; })) {
      queue_.Add(key);
    }
  }
}

void Kubelet::OnRuntimeChange(const std::string& pod_uid) {
  if (const auto* s = runtime_.FindSandbox(pod_uid)) queue_.Add(s->namespace_ + "/" + s->pod_name);
}

void Kubelet::ResyncAfter(const std::string& uid, const std::string& key, engine::Nanos delay) {
  PodWork& w = work_[uid];
  engine::EventId id = loop_.After(
      delay, [this, key] { queue_.Add(key); },
      {.background = true, .label = "kubelet pod resync"});
  w.timers.insert(id);
}

std::string Kubelet::NowRfc3339() const { return server_.NowRfc3339(); }

std::string Kubelet::TimeRfc3339(engine::Nanos t) const {
  return engine::FormatRfc3339(server_.config().epoch_unix_seconds + t / engine::kSecond);
}

const api::Node* Kubelet::MyNode() const {
  api::ObjectPtr obj = node_informer_.Get("", options_.node_name);
  return obj == nullptr ? nullptr : static_cast<const api::Node*>(obj.get());
}

ExecResult Kubelet::Exec(const ExecRequest& req) {
  auto fail = [](std::string message) {
    return ExecResult{"", "error: " + message + "\n", 1, false};
  };
  api::ObjectPtr obj = server_.Peek(api::Pod::Info(), req.namespace_, req.pod);
  auto pod = api::As<api::Pod>(obj);
  if (pod == nullptr) {
    return ExecResult{"", fmt::format("Error from server (NotFound): pods \"{}\" not found\n", req.pod), 1,
                      false};
  }
  // kubectl's own checks.
  if (pod->status.phase == "Succeeded" || pod->status.phase == "Failed") {
    return fail(fmt::format("cannot exec into a container in a completed pod; current phase is {}",
                            pod->status.phase));
  }
  std::string prefix_err;
  std::string container = req.container;
  if (container.empty()) {
    if (pod->spec.containers.empty()) return fail("pod has no containers");
    const std::string* def = pod->metadata.Annotation("kubectl.kubernetes.io/default-container");
    container = def != nullptr ? *def : pod->spec.containers[0].name;
    if (def == nullptr && pod->spec.containers.size() > 1) {
      std::vector<std::string> names;
      for (const auto& c : pod->spec.containers) names.push_back(c.name);
      prefix_err = fmt::format("Defaulted container \"{}\" out of: {}\n", container, fmt::join(names, ", "));
    }
  }
  bool known = false;
  for (const auto& c : pod->spec.containers) known = known || c.name == container;
  if (!known) return fail(fmt::format("container {} not found in pod {}", container, req.pod));
  if (pod->spec.node_name != options_.node_name) {
    return fail("unable to upgrade connection: pod does not exist");
  }
  kubelet::RuntimeContainer* c = runtime_.Latest(pod->metadata.uid, container);
  if (!running_ || c == nullptr || c->state != kubelet::RuntimeContainer::State::kRunning) {
    ExecResult r = fail(fmt::format("unable to upgrade connection: container not found (\"{}\")", container));
    r.err = prefix_err + r.err;
    return r;
  }
  shell::ShellOptions opts;
  opts.tty = req.tty;
  opts.hostname = pod->spec.hostname.empty() ? pod->metadata.name : pod->spec.hostname;
  for (const auto& spec : pod->spec.containers) {
    if (spec.name == container && !spec.working_dir.empty()) opts.workdir = spec.working_dir;
  }
  opts.now_unix_seconds = server_.NowUnixSeconds();
  shell::ShellResult r = shell::RunShell(req.command, *c->fs, opts);
  return ExecResult{r.out, prefix_err + r.err, r.exit_code, true};
}

}  // namespace snapsim::csi
