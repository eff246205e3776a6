#include "src/fake_ecs/fault.h"

#include <fmt/format.h>

#include <charconv>

#include "src/fake_ecs/actions.h"

namespace snapsim::ecs {
namespace {

constexpr std::string_view kKeys =
    "api, error, latency, times, probability, afterEffect, component, snapshotStatus, "
    "match.<Param>";

Status Bad(std::string_view key, std::string_view what) {
  return Status::InvalidArgument(fmt::format("fault.ecs.{}: {}", key, what));
}

std::string ActionList() {
  std::string out = "*";
  for (const auto& a : ModelledActions()) out += fmt::format(", {}", a.name);
  return out;
}

}  // namespace

Result<FaultRule> ParseFaultRule(const std::map<std::string, std::string>& fields) {
  FaultRule rule;
  bool has_snapshot_status = false;
  for (const auto& [key, value] : fields) {
    if (key == "api") {
      if (value != "*" && FindModelledAction(value) == nullptr) {
        return Bad(key, fmt::format("unknown ECS action \"{}\"; expected one of: {}", value,
                                    ActionList()));
      }
      rule.api = value;
    } else if (key == "error") {
      auto e = ErrorForCode(value);
      if (!e.ok()) return Bad(key, e.status().message());
      rule.error = *e;
    } else if (key == "latency") {
      auto d = engine::ParseDuration(value);
      if (!d.ok()) return Bad(key, d.status().message());
      rule.latency = *d;
    } else if (key == "times") {
      int n = 0;
      auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
      if (value.empty() || ec != std::errc() || p != value.data() + value.size() || n < 1) {
        return Bad(key, fmt::format("expected a whole number of at least 1, got \"{}\"", value));
      }
      rule.times = n;
    } else if (key == "probability") {
      double d = 0;
      auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), d);
      if (value.empty() || ec != std::errc() || p != value.data() + value.size() || !(d > 0) ||
          d > 1) {
        return Bad(key, fmt::format("expected a number in (0, 1], got \"{}\"", value));
      }
      rule.probability = d;
    } else if (key == "afterEffect") {
      if (value != "true" && value != "false") {
        return Bad(key, fmt::format("expected true or false, got \"{}\"", value));
      }
      rule.after_effect = value == "true";
    } else if (key == "component") {
      if (value.empty()) return Bad(key, "expected a component name, e.g. csi-plugin");
      rule.component = value;
    } else if (key == "snapshotStatus") {
      if (value != "failed") return Bad(key, fmt::format("expected \"failed\", got \"{}\"", value));
      has_snapshot_status = true;
      rule.fail_snapshot = true;
    } else if (key.rfind("match.", 0) == 0 && key.size() > 6) {
      rule.match[key.substr(6)] = value;
    } else {
      return Status::InvalidArgument(
          fmt::format("fault.ecs: unknown key \"{}\"; expected one of: {}", key, kKeys));
    }
  }
  if (!rule.error && rule.latency == 0 && !has_snapshot_status) {
    return Status::InvalidArgument(
        "fault.ecs: expected at least one of: error (e.g. Throttling), latency (e.g. 30s), "
        "snapshotStatus (failed)");
  }
  if (rule.after_effect && !rule.error) {
    return Bad("afterEffect",
               "needs an error: the call takes effect and the caller gets that error");
  }
  if (has_snapshot_status && rule.api != "CreateSnapshot") {
    return Bad("snapshotStatus", "only applies to api: CreateSnapshot");
  }
  if (has_snapshot_status && rule.error && !rule.after_effect) {
    return Bad("snapshotStatus", "cannot be combined with an error that stops the call");
  }
  if (rule.api != "*") {
    const ActionSpec* spec = FindModelledAction(rule.api);
    for (const auto& [param, v] : rule.match) {
      if (FindParam(*spec, param) == nullptr) {
        return Bad("match." + param,
                   fmt::format("ECS {} has no parameter \"{}\"", rule.api, param));
      }
    }
  }
  return rule;
}

FaultDecision FaultInjector::Check(std::string_view action, const Params& params,
                                   std::string_view caller) {
  for (auto& rule : rules_) {
    if (rule.times == 0) continue;
    if (rule.api != "*" && rule.api != action) continue;
    if (!rule.component.empty() && rule.component != caller) continue;
    bool matched = true;
    for (const auto& [k, v] : rule.match) {
      auto it = params.find(k);
      if (it == params.end() || it->second != v) {
        matched = false;
        break;
      }
    }
    if (!matched) continue;
    if (rule.probability < 1.0 && !rng_.Chance(rule.probability)) continue;
    if (rule.times > 0) --rule.times;
    return {true, rule.error, rule.latency, rule.after_effect, rule.fail_snapshot};
  }
  return {};
}

}  // namespace snapsim::ecs
