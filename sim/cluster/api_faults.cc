#include "sim/cluster/api_faults.h"

#include <fmt/format.h>

namespace snapsim::cluster {

Result<ApiFaultRule> ParseApiFaultRule(const api::Value& v) {
  if (!v.is_object()) return Status::InvalidArgument("fault.apiserver: expected a map");
  ApiFaultRule rule;
  for (const auto& [key, val] : v.as_object()) {
    auto need_string = [&](std::string& out) -> Status {
      if (!val.is_string()) return Status::InvalidArgument(fmt::format("fault.apiserver.{}: expected a string", key));
      out = val.as_string();
      return Status::Ok();
    };
    if (key == "verb") {
      SNAPSIM_RETURN_IF_ERROR(need_string(rule.verb));
      static constexpr std::string_view kVerbs[] = {"get", "list", "watch", "create", "update", "patch", "delete", "*"};
      bool known = false;
      for (auto vb : kVerbs) known |= vb == rule.verb;
      if (!known) {
        return Status::InvalidArgument(fmt::format(
            "fault.apiserver.verb: unknown verb \"{}\"; expected one of: get, list, watch, create, update, patch, "
            "delete, *",
            rule.verb));
      }
    } else if (key == "resource") {
      SNAPSIM_RETURN_IF_ERROR(need_string(rule.resource));
      std::size_t slash = rule.resource.find('/');
      if (slash != std::string::npos) {
        if (rule.resource.substr(slash + 1) != "status") {
          return Status::InvalidArgument(fmt::format(
              "fault.apiserver.resource: unknown subresource in \"{}\"; expected \"status\"", rule.resource));
        }
        rule.status_only = true;
        rule.resource = rule.resource.substr(0, slash);
      }
    } else if (key == "component") {
      SNAPSIM_RETURN_IF_ERROR(need_string(rule.component));
    } else if (key == "error") {
      SNAPSIM_RETURN_IF_ERROR(need_string(rule.error));
    } else if (key == "times") {
      if (!val.is_int() || val.as_int() < 1) {
        return Status::InvalidArgument("fault.apiserver.times: expected a whole number of at least 1");
      }
      rule.times = static_cast<int>(val.as_int());
    } else if (key == "probability") {
      if (!val.is_number() || val.as_double() <= 0 || val.as_double() > 1) {
        return Status::InvalidArgument("fault.apiserver.probability: expected a number in (0, 1]");
      }
      rule.probability = val.as_double();
    } else if (key == "afterEffect") {
      if (!val.is_bool()) return Status::InvalidArgument("fault.apiserver.afterEffect: expected true or false");
      rule.after_effect = val.as_bool();
    } else {
      return Status::InvalidArgument(fmt::format(
          "fault.apiserver: unknown key \"{}\"; expected one of: verb, resource, component, error, times, "
          "probability, afterEffect",
          key));
    }
  }
  if (rule.error.empty()) return Status::InvalidArgument("fault.apiserver: missing key \"error\" (e.g. Conflict)");
  // Validate the reason against the one mapping the API server knows.
  static const api::KindInfo kProbe{"", "Probe", "probes", "probe", {}, false, false, false, "v1", {"v1"}, nullptr};
  auto probe = apiserver::ApiError::FromReasonName(rule.error, kProbe, "x");
  if (!probe.ok()) return Status::InvalidArgument("fault.apiserver.error: " + probe.status().message());
  return rule;
}

std::optional<apiserver::FaultDecision> ApiFaultInjector::Check(const apiserver::Request& r) {
  for (auto& rule : rules_) {
    if (rule.times == 0) continue;
    if (rule.verb != "*" && rule.verb != apiserver::VerbName(r.verb)) continue;
    if (rule.resource != "*" && rule.resource != r.kind->plural && rule.resource != r.kind->Resource()) continue;
    if (rule.status_only && r.subresource != "status") continue;
    if (!rule.component.empty() && rule.component != r.client) continue;
    if (rule.probability < 1.0 && !rng_.Chance(rule.probability)) continue;
    if (rule.times > 0) --rule.times;
    auto error = apiserver::ApiError::FromReasonName(rule.error, *r.kind, r.name);
    if (!error.ok()) continue;  // validated at parse time
    return apiserver::FaultDecision{*error, rule.after_effect};
  }
  return std::nullopt;
}

}  // namespace snapsim::cluster
