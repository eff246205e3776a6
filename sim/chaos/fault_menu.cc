#include "sim/chaos/fault_menu.h"

#include <fmt/format.h>

#include <map>

namespace snapsim::chaos {
namespace {

using api::Value;

constexpr std::array<std::string_view, 8> kEcsActions = {
    "CreateDisk",     "AttachDisk",     "DetachDisk",        "DeleteDisk",
    "CreateSnapshot", "DeleteSnapshot", "DescribeSnapshots", "DescribeDisks"};

template <class T, std::size_t N>
std::string Pick(engine::Rng& rng, const std::array<T, N>& items) {
  return std::string(items[rng.Uniform(N)]);
}

Value Obj(std::initializer_list<std::pair<const std::string, Value>> members) {
  Value::Object o;
  for (const auto& [k, v] : members) o.emplace(k, v);
  return Value(std::move(o));
}

scenario::Action MakeFaultStep(std::string_view kind, Value rule) {
  Value::Object o;
  o.emplace(std::string(kind), std::move(rule));
  return scenario::FaultStep{Value(std::move(o))};
}

std::string Seconds(engine::Rng& rng, int lo, int hi) { return fmt::format("{}s", rng.Range(lo, hi)); }

// The resources each control-plane component writes (the API server faults aim there).
const std::vector<std::string_view>& ResourcesOf(std::string_view component) {
  static const std::map<std::string_view, std::vector<std::string_view>> kWrites = {
      {"snapshot-controller", {"volumesnapshots", "volumesnapshotcontents"}},
      {"csi-snapshotter", {"volumesnapshotcontents", "volumesnapshots"}},
      {"csi-provisioner", {"persistentvolumes", "persistentvolumeclaims", "volumesnapshots"}},
      {"csi-attacher", {"volumeattachments", "persistentvolumes"}},
      {"kube-controller-manager", {"persistentvolumes", "persistentvolumeclaims", "pods", "volumeattachments"}},
      {"kube-scheduler", {"pods"}},
      {"kubelet", {"pods"}},
  };
  static const std::vector<std::string_view> kNone;
  auto it = kWrites.find(component);
  return it == kWrites.end() ? kNone : it->second;
}

// The running components that write to the API server.
std::vector<std::string> ApiClients(const std::vector<std::string>& components) {
  std::vector<std::string> out;
  for (const auto& c : components) {
    if (!ResourcesOf(c).empty()) out.push_back(c);
  }
  return out;
}

}  // namespace

std::string_view FaultKindName(FaultKind k) {
  switch (k) {
    case FaultKind::kEcsError: return "ecs-error";
    case FaultKind::kEcsLatency: return "ecs-latency";
    case FaultKind::kEcsLostReply: return "ecs-lost-reply";
    case FaultKind::kApiConflict: return "api-conflict";
    case FaultKind::kApi5xx: return "api-5xx";
    case FaultKind::kApiTimeout: return "api-timeout";
    case FaultKind::kWatchDelay: return "watch-delay";
    case FaultKind::kWatchDrop: return "watch-drop";
    case FaultKind::kCrash: return "crash";
    case FaultKind::kSchedule: return "schedule";
  }
  return "?";
}

Result<std::vector<FaultKind>> ParseFaultKinds(std::string_view list) {
  std::vector<FaultKind> out;
  if (list.empty()) return std::vector<FaultKind>(kDefaultFaultKinds.begin(), kDefaultFaultKinds.end());
  if (list == "all") return std::vector<FaultKind>(kAllFaultKinds.begin(), kAllFaultKinds.end());
  std::vector<bool> wanted(kAllFaultKinds.size(), false);
  std::size_t pos = 0;
  while (pos <= list.size()) {
    std::size_t comma = list.find(',', pos);
    std::string_view item = list.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos);
    bool found = false;
    for (std::size_t i = 0; i < kAllFaultKinds.size(); ++i) {
      if (FaultKindName(kAllFaultKinds[i]) == item) {
        wanted[i] = true;
        found = true;
      }
    }
    if (!found) {
      std::string known;
      for (auto k : kAllFaultKinds) known += fmt::format("{}{}", known.empty() ? "" : ", ", FaultKindName(k));
      return Status::InvalidArgument(
          fmt::format("--faults: unknown fault kind \"{}\"; expected a comma-separated list of: {}", item, known));
    }
    if (comma == std::string_view::npos) break;
    pos = comma + 1;
  }
  for (std::size_t i = 0; i < kAllFaultKinds.size(); ++i) {
    if (wanted[i]) out.push_back(kAllFaultKinds[i]);
  }
  return out;
}

scenario::Action DrawFault(engine::Rng& rng, FaultKind k, const std::vector<std::string>& components) {
  std::vector<std::string> clients = ApiClients(components);
  bool api_kind = k == FaultKind::kApiConflict || k == FaultKind::kApi5xx || k == FaultKind::kApiTimeout;
  bool component_kind = k == FaultKind::kWatchDelay || k == FaultKind::kWatchDrop || k == FaultKind::kCrash;
  bool fallback = (api_kind && clients.empty()) || (component_kind && components.empty()) || k == FaultKind::kSchedule;
  if (fallback) k = FaultKind::kEcsError;
  auto times = [&] { return Value(static_cast<std::int64_t>(rng.Range(1, 3))); };
  switch (k) {
    case FaultKind::kEcsError: {
      static constexpr std::array<std::string_view, 3> kErrors = {"Throttling", "InternalError", "ServiceUnavailable"};
      std::string api = Pick(rng, kEcsActions);
      std::string error = Pick(rng, kErrors);
      return MakeFaultStep("ecs", Obj({{"api", Value(api)}, {"error", Value(error)}, {"times", times()},
                                   {"component", Value("csi-plugin")}}));
    }
    case FaultKind::kEcsLatency: {
      std::string api = Pick(rng, kEcsActions);
      std::string latency = Seconds(rng, 1, 60);
      return MakeFaultStep("ecs", Obj({{"api", Value(api)}, {"latency", Value(latency)}, {"times", times()},
                                   {"component", Value("csi-plugin")}}));
    }
    case FaultKind::kEcsLostReply: {
      static constexpr std::array<std::string_view, 2> kErrors = {"InternalError", "ServiceUnavailable"};
      std::string api = Pick(rng, kEcsActions);
      std::string error = Pick(rng, kErrors);
      return MakeFaultStep("ecs", Obj({{"api", Value(api)}, {"error", Value(error)}, {"afterEffect", Value(true)},
                                   {"times", times()}, {"component", Value("csi-plugin")}}));
    }
    case FaultKind::kApiConflict:
    case FaultKind::kApi5xx:
    case FaultKind::kApiTimeout: {
      std::string client = clients[rng.Uniform(clients.size())];
      const auto& resources = ResourcesOf(client);
      std::string resource(resources[rng.Uniform(resources.size())]);
      Value::Object rule;
      rule.emplace("component", Value(client));
      rule.emplace("resource", Value(resource));
      if (k == FaultKind::kApiConflict) {
        static constexpr std::array<std::string_view, 2> kVerbs = {"update", "patch"};
        rule.emplace("verb", Value(Pick(rng, kVerbs)));
        rule.emplace("error", Value("Conflict"));
      } else {
        static constexpr std::array<std::string_view, 4> kVerbs = {"create", "update", "patch", "delete"};
        rule.emplace("verb", Value(Pick(rng, kVerbs)));
        if (k == FaultKind::kApi5xx) {
          static constexpr std::array<std::string_view, 2> kErrors = {"InternalError", "ServiceUnavailable"};
          rule.emplace("error", Value(Pick(rng, kErrors)));
        } else {
          static constexpr std::array<std::string_view, 2> kErrors = {"Timeout", "ServerTimeout"};
          rule.emplace("error", Value(Pick(rng, kErrors)));
          if (rng.Chance(0.5)) rule.emplace("afterEffect", Value(true));  // the write happened
        }
      }
      rule.emplace("times", times());
      return MakeFaultStep("apiserver", Value(std::move(rule)));
    }
    case FaultKind::kWatchDelay: {
      std::string component = components[rng.Uniform(components.size())];
      std::string delay = Seconds(rng, 1, 30);
      return MakeFaultStep("watch", Obj({{"component", Value(component)}, {"delay", Value(delay)}}));
    }
    case FaultKind::kWatchDrop: {
      std::string component = components[rng.Uniform(components.size())];
      return MakeFaultStep("watch", Obj({{"component", Value(component)}, {"drop", Value(true)}}));
    }
    case FaultKind::kCrash:
      return scenario::CrashStep{components[rng.Uniform(components.size())]};
    case FaultKind::kSchedule:  // not a step (see fallback)
      break;
  }
  return scenario::CrashStep{"kubelet"};
}

}  // namespace snapsim::chaos
