#include "src/csi/kubelet/container_runtime.h"

#include <fmt/format.h>

#include "src/csi/exec_shell/shell.h"
#include "src/csi/util/sha256.h"

namespace snapsim::csi::kubelet {
namespace {

constexpr int kSigKillExit = 137;

}  // namespace

ContainerRuntime::ContainerRuntime(engine::EventLoop& loop, std::string node_name,
                                   std::string pod_ip_prefix)
    : loop_(loop), node_name_(std::move(node_name)), pod_ip_prefix_(std::move(pod_ip_prefix)) {}

ContainerRuntime::~ContainerRuntime() {
  for (auto& [uid, list] : containers_) {
    for (auto& c : list) {
      loop_.Cancel(c->timer);
      loop_.Cancel(c->kill_timer);
    }
  }
}

const Sandbox& ContainerRuntime::EnsureSandbox(const std::string& pod_uid, const std::string& ns,
                                               const std::string& name) {
  auto it = sandboxes_.find(pod_uid);
  if (it != sandboxes_.end()) return it->second;
  Sandbox s;
  s.pod_uid = pod_uid;
  s.namespace_ = ns;
  s.pod_name = name;
  s.ip = fmt::format("{}.{}", pod_ip_prefix_, next_ip_);
  next_ip_ = next_ip_ >= 254 ? 2 : next_ip_ + 1;
  s.created_at = loop_.Now();
  return sandboxes_.emplace(pod_uid, std::move(s)).first->second;
}

const Sandbox* ContainerRuntime::FindSandbox(const std::string& pod_uid) const {
  auto it = sandboxes_.find(pod_uid);
  return it == sandboxes_.end() ? nullptr : &it->second;
}

std::vector<const Sandbox*> ContainerRuntime::Sandboxes() const {
  std::vector<const Sandbox*> out;
  for (const auto& [uid, s] : sandboxes_) out.push_back(&s);
  return out;
}

void ContainerRuntime::RemoveSandbox(const std::string& pod_uid) {
  auto it = containers_.find(pod_uid);
  if (it != containers_.end()) {
    for (auto& c : it->second) {
      loop_.Cancel(c->timer);
      loop_.Cancel(c->kill_timer);
      shell_.erase(c->id);
    }
    containers_.erase(it);
  }
  sandboxes_.erase(pod_uid);
}

RuntimeContainer& ContainerRuntime::Start(const std::string& pod_uid, const std::string& name,
                                          const std::string& image, ProcessPlan plan,
                                          std::unique_ptr<shell::ContainerFs> fs,
                                          std::string hostname, std::string workdir,
                                          std::int64_t epoch_unix_seconds) {
  auto& list = containers_[pod_uid];
  int attempt = 0;
  for (const auto& c : list) {
    if (c->name == name) attempt = c->attempt + 1;
  }
  // Keep only the newest exited container of this name (what kubelet GC leaves).
  for (auto it = list.begin(); it != list.end();) {
    if ((*it)->name == name && (*it)->attempt < attempt - 1) {
      shell_.erase((*it)->id);
      it = list.erase(it);
    } else {
      ++it;
    }
  }
  auto c = std::make_unique<RuntimeContainer>();
  c->id = Sha256Hex(fmt::format("container:{}:{}:{}:{}", node_name_, pod_uid, name, attempt));
  c->pod_uid = pod_uid;
  c->name = name;
  c->image = image;
  c->attempt = attempt;
  c->started_at = loop_.Now();
  c->plan = std::move(plan);
  c->fs = std::move(fs);
  std::string id = c->id;
  shell_[id] = {std::move(hostname), std::move(workdir), epoch_unix_seconds};
  list.push_back(std::move(c));
  RunSteps(id);
  return *Find(id);
}

void ContainerRuntime::RunSteps(const std::string& id) {
  RuntimeContainer* c = Find(id);
  if (c == nullptr || c->state != RuntimeContainer::State::kRunning) return;
  c->timer = engine::kNoEvent;
  using Kind = ProcessStep::Kind;
  while (c->step < c->plan.steps.size()) {
    const ProcessStep& s = c->plan.steps[c->step++];
    switch (s.kind) {
      case Kind::kRun: {
        const ShellContext& ctx = shell_[id];
        shell::ShellOptions opts;
        opts.hostname = ctx.hostname;
        opts.workdir = ctx.workdir.empty() ? "/" : ctx.workdir;
        opts.now_unix_seconds = ctx.epoch + loop_.Now() / engine::kSecond;
        c->last_run_code = shell::RunShell(s.argv, *c->fs, opts).exit_code;
        break;
      }
      case Kind::kSleep:
        c->timer = loop_.After(
            s.duration, [this, id] { RunSteps(id); },
            {.background = true, .label = "container process"});
        return;
      case Kind::kExit:
        Exit(*c, s.exit_code);
        return;
      case Kind::kForever:
        return;
    }
  }
  Exit(*c, c->last_run_code);
}

void ContainerRuntime::Exit(RuntimeContainer& c, int code) {
  if (c.state == RuntimeContainer::State::kExited) return;
  loop_.Cancel(c.timer);
  loop_.Cancel(c.kill_timer);
  c.timer = c.kill_timer = engine::kNoEvent;
  c.state = RuntimeContainer::State::kExited;
  c.exit_code = code;
  c.reason = code == 0 ? "Completed" : "Error";
  c.finished_at = loop_.Now();
  Notify(c.pod_uid);
}

void ContainerRuntime::Stop(const std::string& id, engine::Nanos grace) {
  RuntimeContainer* c = Find(id);
  if (c == nullptr || c->state != RuntimeContainer::State::kRunning || c->stopping) return;
  c->stopping = true;
  if (c->plan.handles_sigterm && c->plan.stop_latency <= grace) {
    loop_.Cancel(c->timer);
    c->timer = loop_.After(
        c->plan.stop_latency,
        [this, id] {
          if (RuntimeContainer* x = Find(id)) Exit(*x, 0);
        },
        {.label = "container stopping"});
    return;
  }
  c->kill_timer = loop_.After(
      grace,
      [this, id] {
        if (RuntimeContainer* x = Find(id)) Exit(*x, kSigKillExit);
      },
      {.label = "container grace period"});
}

void ContainerRuntime::Kill(const std::string& id) {
  if (RuntimeContainer* c = Find(id)) Exit(*c, kSigKillExit);
}

RuntimeContainer* ContainerRuntime::Latest(const std::string& pod_uid, const std::string& name) {
  RuntimeContainer* out = nullptr;
  for (auto* c : ContainersOf(pod_uid)) {
    if (c->name == name) out = c;
  }
  return out;
}

RuntimeContainer* ContainerRuntime::Previous(const std::string& pod_uid, const std::string& name) {
  RuntimeContainer* prev = nullptr;
  RuntimeContainer* last = nullptr;
  for (auto* c : ContainersOf(pod_uid)) {
    if (c->name != name) continue;
    prev = last;
    last = c;
  }
  return prev;
}

std::vector<RuntimeContainer*> ContainerRuntime::ContainersOf(const std::string& pod_uid) {
  std::vector<RuntimeContainer*> out;
  auto it = containers_.find(pod_uid);
  if (it == containers_.end()) return out;
  for (auto& c : it->second) out.push_back(c.get());
  return out;
}

bool ContainerRuntime::AnyRunning(const std::string& pod_uid) {
  for (auto* c : ContainersOf(pod_uid)) {
    if (c->state == RuntimeContainer::State::kRunning) return true;
  }
  return false;
}

void ContainerRuntime::Notify(const std::string& pod_uid) {
  if (listener_) listener_(pod_uid);
}

RuntimeContainer* ContainerRuntime::Find(const std::string& id) {
  for (auto& [uid, list] : containers_) {
    for (auto& c : list) {
      if (c->id == id) return c.get();
    }
  }
  return nullptr;
}

}  // namespace snapsim::csi::kubelet
