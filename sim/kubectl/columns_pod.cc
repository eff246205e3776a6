#include "sim/kubectl/columns_pod.h"

#include <fmt/format.h>

#include <map>
#include <optional>
#include <string>

namespace snapsim::kubectl::columns_internal {
namespace {

// Go's time.Time.Before for optional (zero) times: the zero time is before every set time.
void KeepLatest(std::optional<engine::Nanos>* latest, const std::optional<engine::Nanos>& t) {
  if (!t.has_value()) return;
  if (!latest->has_value() || **latest < *t) *latest = t;
}

bool HasCondition(const api::Value& pod, std::string_view type) {
  for (const api::Value& c : Arr(pod, {"status", "conditions"})) {
    if (Str(c, {"type"}) == type && Str(c, {"status"}) == "True") return true;
  }
  return false;
}

// "Init:Signal:9" / "ExitCode:1" style reason of a terminated state without a reason.
std::string TerminatedReason(const api::Value& terminated, std::string_view prefix) {
  std::string reason = Str(terminated, {"reason"});
  if (!reason.empty()) return std::string(prefix) + reason;
  std::int64_t signal = Int(terminated, {"signal"});
  if (signal != 0) return fmt::format("{}Signal:{}", prefix, signal);
  return fmt::format("{}ExitCode:{}", prefix, Int(terminated, {"exitCode"}));
}

Result<std::optional<engine::Nanos>> LastTerminationFinished(const api::Value& status) {
  const api::Value* term = Find(status, {"lastState", "terminated"});
  if (term == nullptr || !term->is_object()) return std::optional<engine::Nanos>();
  return ParseTime(term->Find("finishedAt"), "lastState.terminated.finishedAt");
}

}  // namespace

std::vector<TableColumn> PodColumns(int kube_minor) {
  return {
      Col("Name", "string"),
      Col("Ready", "string"),
      Col("Status", "string"),
      Col("Restarts", kube_minor >= 22 ? "string" : "integer"),
      Col("Age", "string"),
      Col("IP", "string", 1),
      Col("Node", "string", 1),
      Col("Nominated Node", "string", 1),
      Col("Readiness Gates", "string", 1),
  };
}

Result<Cells> PodRow(const api::Value& pod, const RowContext& ctx) {
  const int minor = ctx.kube_minor;
  std::int64_t restarts = 0;
  std::int64_t sidecar_restarts = 0;
  std::int64_t total = static_cast<std::int64_t>(Arr(pod, {"spec", "containers"}).size());
  std::int64_t ready = 0;
  std::optional<engine::Nanos> last_restart;
  std::optional<engine::Nanos> last_sidecar_restart;

  const std::string phase = Str(pod, {"status", "phase"});
  std::string reason = phase;
  if (std::string r = Str(pod, {"status", "reason"}); !r.empty()) reason = r;
  if (minor >= 26) {
    for (const api::Value& c : Arr(pod, {"status", "conditions"})) {
      if (Str(c, {"type"}) == "PodScheduled" && Str(c, {"reason"}) == "SchedulingGated") {
        reason = "SchedulingGated";
      }
    }
  }

  // Restartable ("sidecar") init containers: restartPolicy Always, from 1.28.
  const api::Value::Array& init_specs = Arr(pod, {"spec", "initContainers"});
  std::map<std::string, bool> restartable;
  for (const api::Value& c : init_specs) {
    bool sidecar = minor >= 28 && Str(c, {"restartPolicy"}) == "Always";
    restartable[Str(c, {"name"})] = sidecar;
    if (sidecar) ++total;
  }
  auto is_sidecar = [&](const std::string& name) {
    auto it = restartable.find(name);
    return it != restartable.end() && it->second;
  };

  bool initializing = false;
  const api::Value::Array& init_statuses = Arr(pod, {"status", "initContainerStatuses"});
  for (std::size_t i = 0; i < init_statuses.size(); ++i) {
    const api::Value& cs = init_statuses[i];
    const std::string name = Str(cs, {"name"});
    restarts += Int(cs, {"restartCount"});
    SNAPSIM_ASSIGN_OR_RETURN(std::optional<engine::Nanos> finished, LastTerminationFinished(cs));
    KeepLatest(&last_restart, finished);
    if (is_sidecar(name)) {
      sidecar_restarts += Int(cs, {"restartCount"});
      KeepLatest(&last_sidecar_restart, finished);
    }
    const api::Value* terminated = Find(cs, {"state", "terminated"});
    const api::Value* waiting = Find(cs, {"state", "waiting"});
    bool has_terminated = terminated != nullptr && terminated->is_object();
    bool has_waiting = waiting != nullptr && waiting->is_object();
    if (has_terminated && Int(*terminated, {"exitCode"}) == 0) continue;
    if (is_sidecar(name) && OptBool(cs, {"started"}).value_or(false)) {
      if (OptBool(cs, {"ready"}).value_or(false)) ++ready;
      continue;
    }
    if (has_terminated) {
      reason = TerminatedReason(*terminated, "Init:");
    } else if (has_waiting && !Str(*waiting, {"reason"}).empty() &&
               Str(*waiting, {"reason"}) != "PodInitializing") {
      reason = "Init:" + Str(*waiting, {"reason"});
    } else {
      reason = fmt::format("Init:{}/{}", i, init_specs.size());
    }
    initializing = true;
    break;
  }

  bool initialized_condition = minor >= 28 && HasCondition(pod, "Initialized");
  if (!initializing || initialized_condition) {
    restarts = sidecar_restarts;
    last_restart = last_sidecar_restart;
    bool has_running = false;
    const api::Value::Array& statuses = Arr(pod, {"status", "containerStatuses"});
    for (std::size_t k = statuses.size(); k-- > 0;) {
      const api::Value& cs = statuses[k];
      restarts += Int(cs, {"restartCount"});
      SNAPSIM_ASSIGN_OR_RETURN(std::optional<engine::Nanos> finished, LastTerminationFinished(cs));
      KeepLatest(&last_restart, finished);
      const api::Value* terminated = Find(cs, {"state", "terminated"});
      const api::Value* waiting = Find(cs, {"state", "waiting"});
      const api::Value* running = Find(cs, {"state", "running"});
      bool has_terminated = terminated != nullptr && terminated->is_object();
      if (waiting != nullptr && waiting->is_object() && !Str(*waiting, {"reason"}).empty()) {
        reason = Str(*waiting, {"reason"});
      } else if (has_terminated) {
        reason = TerminatedReason(*terminated, "");
      } else if (OptBool(cs, {"ready"}).value_or(false) && running != nullptr &&
                 running->is_object()) {
        has_running = true;
        ++ready;
      }
    }
    if (reason == "Completed" && has_running) {
      reason = HasCondition(pod, "Ready") ? "Running" : "NotReady";
    }
  }

  if (Find(pod, {"metadata", "deletionTimestamp"}) != nullptr &&
      !Find(pod, {"metadata", "deletionTimestamp"})->is_null()) {
    bool terminal = phase == "Succeeded" || phase == "Failed";
    if (Str(pod, {"status", "reason"}) == "NodeLost") {
      reason = "Unknown";
    } else if (!(minor >= 31 && terminal)) {
      reason = "Terminating";
    }
  }

  api::Value restarts_cell(restarts);
  if (minor >= 22) {
    std::string s = std::to_string(restarts);
    if (restarts != 0 && last_restart.has_value()) {
      s = fmt::format("{} ({} ago)", restarts, Since(last_restart, ctx));
    }
    restarts_cell = api::Value(std::move(s));
  }

  SNAPSIM_ASSIGN_OR_RETURN(std::string age, Age(pod, ctx));

  // Wide cells.
  std::string ip;
  if (const api::Value::Array& ips = Arr(pod, {"status", "podIPs"}); !ips.empty()) {
    ip = Str(ips[0], {"ip"});
  } else {
    ip = Str(pod, {"status", "podIP"});  // the v1->internal conversion fills podIPs from it
  }
  if (ip.empty()) ip = "<none>";
  std::string node = Str(pod, {"spec", "nodeName"});
  if (node.empty()) node = "<none>";
  std::string nominated = Str(pod, {"status", "nominatedNodeName"});
  if (nominated.empty()) nominated = "<none>";
  std::string gates = "<none>";
  if (const api::Value::Array& rg = Arr(pod, {"spec", "readinessGates"}); !rg.empty()) {
    std::size_t true_conditions = 0;
    for (const api::Value& g : rg) {
      std::string type = Str(g, {"conditionType"});
      for (const api::Value& c : Arr(pod, {"status", "conditions"})) {
        if (Str(c, {"type"}) == type) {
          if (Str(c, {"status"}) == "True") ++true_conditions;
          break;
        }
      }
    }
    gates = fmt::format("{}/{}", true_conditions, rg.size());
  }

  return Cells{Str(pod, {"metadata", "name"}),
               fmt::format("{}/{}", ready, total),
               reason,
               std::move(restarts_cell),
               std::move(age),
               ip,
               node,
               nominated,
               gates};
}

}  // namespace snapsim::kubectl::columns_internal
