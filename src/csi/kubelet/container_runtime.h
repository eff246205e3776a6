// ContainerRuntime: containerd on one node — pod sandboxes, containers and their
// processes, and the node's image store. It is NOT part of the kubelet's volatile
// state: a kubelet crash (Stop+Start) keeps it, so running containers keep running
// and their processes exit on their own schedule while the kubelet is down; the
// restarted kubelet relists it (its PLEG) and carries on.
//
// Processes run their ProcessPlan (process_model.h) in virtual time: a step that
// runs a command executes it at once through the exec shell on the container's
// file system; sleeps and exits are background events (a running container does not
// make the cluster busy). Stop() sends the stop signal: a process with a handler
// exits after its stop latency (exit 0), any other is killed when the grace period
// ends (exit 137). Every state change is reported to the listener (the kubelet's
// PLEG) when one is attached.
//
// Container ids are 64 hex digits derived from node, pod uid, name and attempt;
// sandbox IPs come from the node's pod range in creation order.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "sim/engine/event_loop.h"
#include "src/csi/exec_shell/container_fs.h"
#include "src/csi/kubelet/process_model.h"

namespace snapsim::csi::kubelet {

struct RuntimeContainer {
  enum class State { kRunning, kExited };
  std::string id;  // 64 hex
  std::string pod_uid;
  std::string name;
  std::string image;  // as in the pod spec
  int attempt = 0;    // 0 for the first container of this name in the sandbox
  State state = State::kRunning;
  engine::Nanos started_at = 0;
  engine::Nanos finished_at = 0;
  int exit_code = 0;
  std::string reason;  // when exited: Completed | Error
  ProcessPlan plan;
  std::unique_ptr<shell::ContainerFs> fs;
  std::size_t step = 0;     // next plan step
  int last_run_code = 0;    // exit code of the last command step
  engine::EventId timer = engine::kNoEvent;
  engine::EventId kill_timer = engine::kNoEvent;
  bool stopping = false;
};

struct Sandbox {
  std::string pod_uid;
  std::string namespace_;
  std::string pod_name;
  std::string ip;
  engine::Nanos created_at = 0;
};

class ContainerRuntime {
 public:
  ContainerRuntime(engine::EventLoop& loop, std::string node_name, std::string pod_ip_prefix);
  ~ContainerRuntime();
  ContainerRuntime(const ContainerRuntime&) = delete;
  ContainerRuntime& operator=(const ContainerRuntime&) = delete;

  // The PLEG: called with the pod uid after a container of it changed state.
  void SetListener(std::function<void(const std::string& pod_uid)> listener) {
    listener_ = std::move(listener);
  }

  bool HasImage(const std::string& normalized) const { return images_.count(normalized) > 0; }
  void AddImage(const std::string& normalized) { images_.insert(normalized); }

  // The pod's sandbox, created (with a fresh IP) when missing.
  const Sandbox& EnsureSandbox(const std::string& pod_uid, const std::string& ns,
                               const std::string& name);
  const Sandbox* FindSandbox(const std::string& pod_uid) const;
  std::vector<const Sandbox*> Sandboxes() const;
  // Removes the sandbox and every container of it (they must have exited).
  void RemoveSandbox(const std::string& pod_uid);

  // Creates and starts a container (attempt = previous attempts of `name` + 1). The
  // shell options give the hostname and working directory for command steps.
  RuntimeContainer& Start(const std::string& pod_uid, const std::string& name,
                          const std::string& image, ProcessPlan plan,
                          std::unique_ptr<shell::ContainerFs> fs, std::string hostname,
                          std::string workdir, std::int64_t epoch_unix_seconds);
  // Sends the stop signal; the process exits by itself or is killed after `grace`.
  void Stop(const std::string& id, engine::Nanos grace);
  // Kills at once (exit 137).
  void Kill(const std::string& id);

  // The newest container of `name` in the pod (running or exited), and the one before.
  RuntimeContainer* Latest(const std::string& pod_uid, const std::string& name);
  RuntimeContainer* Previous(const std::string& pod_uid, const std::string& name);
  // Every container of the pod, oldest first.
  std::vector<RuntimeContainer*> ContainersOf(const std::string& pod_uid);
  bool AnyRunning(const std::string& pod_uid);

 private:
  void RunSteps(const std::string& id);
  void Exit(RuntimeContainer& c, int code);
  void Notify(const std::string& pod_uid);
  RuntimeContainer* Find(const std::string& id);

  engine::EventLoop& loop_;
  std::string node_name_;
  std::string pod_ip_prefix_;
  int next_ip_ = 2;
  std::function<void(const std::string&)> listener_;
  std::set<std::string> images_;
  std::map<std::string, Sandbox> sandboxes_;  // by pod uid
  std::map<std::string, std::vector<std::unique_ptr<RuntimeContainer>>> containers_;  // by pod uid
  struct ShellContext {
    std::string hostname;
    std::string workdir;
    std::int64_t epoch = 0;
  };
  std::map<std::string, ShellContext> shell_;  // by container id
};

}  // namespace snapsim::csi::kubelet
