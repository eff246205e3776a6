// kubectl describe (k8s.io/kubectl/pkg/cmd/describe).
#include <fmt/format.h>

#include <algorithm>

#include "sim/kubectl/command_support.h"
#include "sim/kubectl/commands.h"
#include "sim/kubectl/describe.h"

namespace snapsim::kubectl {
namespace {

std::vector<FlagSpec> DescribeFlags() {
  using T = FlagSpec::Type;
  auto flags = GlobalFlags();
  flags.insert(flags.end(), {
                                {"filename", 'f', T::kStringArray, ""},
                                {"selector", 'l', T::kString, ""},
                                {"all-namespaces", 'A', T::kBool, "false"},
                                {"show-events", 0, T::kBool, "true"},
                                {"chunk-size", 0, T::kInt, "500"},
                                {"recursive", 'R', T::kBool, "false"},
                                {"kustomize", 'k', T::kString, ""},
                            });
  return flags;
}

// The object a target names, as the describer fetches it.
apiserver::ApiResult<api::ObjectPtr> Fetch(Invocation& inv, const Target& t) {
  if (t.object != nullptr && !t.from_file) return t.object;
  return inv.server().Get(*t.kind, t.namespace_, t.name);
}

// DescribeMatchingResources: `describe TYPE PREFIX` when no object is named PREFIX.
int DescribeByPrefix(Invocation& inv, describe::Context& ctx, const std::vector<std::string>& args,
                     const std::string& ns, const CommandError& original) {
  if (args[0].find('/') != std::string::npos) return ReportErrors(inv, {original});
  TargetQuery q;
  q.args = {args[0]};
  q.select_all = true;
  q.namespace_ = ns;
  auto set = ResolveTargets(inv, q);
  if (!set.ok()) return ReportErrors(inv, {set.error()});
  const api::KindInfo* kind = nullptr;
  for (const auto& item : set->items) {
    if (item.error) return ReportErrors(inv, {*item.error});
    if (kind != nullptr && kind != item.target.kind) {
      return ReportErrors(inv,
                          {CommandError::Plain("you may only specify a single resource type")});
    }
    kind = item.target.kind;
  }
  bool found = false;
  for (const auto& item : set->items) {
    if (item.target.name.rfind(args[1], 0) != 0) continue;
    found = true;
    inv.Out(describe::DescribeObject(ctx, item.target.object) + "\n");
  }
  if (!found) return ReportErrors(inv, {original});
  return 0;
}

}  // namespace

int RunDescribe(Invocation& inv, const std::vector<std::string>& args) {
  static const std::vector<FlagSpec> kSpecs = DescribeFlags();
  auto parsed = ParseFlags(args, kSpecs);
  if (!parsed.ok()) return inv.FlagError(parsed.status());
  const ParsedFlags& flags = *parsed;
  if (!flags.Get("kustomize").empty())
    return inv.Fail("unsupported: snapsim does not implement kubectl describe -k");
  std::vector<std::string> files = flags.GetAll("filename");
  if (flags.positional.empty() && files.empty()) {
    return ReportErrors(inv, {CommandError::Plain(
                                 "You must specify the type of resource to describe. Use \"kubectl "
                                 "api-resources\" for a complete list of supported resources.\n")});
  }
  std::string ns = inv.Namespace(flags);
  bool all_ns = flags.GetBool("all-namespaces");
  describe::Context ctx{inv, flags.GetBool("show-events"), inv.server().NowUnixNanos()};

  TargetQuery q;
  q.args = flags.positional;
  q.files = files;
  q.selector = flags.Get("selector");
  q.select_all = true;
  q.all_namespaces = all_ns;
  q.namespace_ = ns;
  q.namespace_explicit = flags.Has("namespace") && !all_ns;
  q.latest = false;
  auto set = ResolveTargets(inv, q);
  if (!set.ok()) return ReportErrors(inv, {set.error()});

  std::vector<CommandError> errors;
  std::vector<Target> infos;
  for (auto& item : set->items) {
    if (item.error) {
      errors.push_back(*item.error);
    } else {
      infos.push_back(item.target);
    }
  }
  if (errors.size() == 1 && flags.positional.size() == 2 &&
      errors[0].message.rfind("Error from server (NotFound)", 0) == 0) {
    return DescribeByPrefix(inv, ctx, flags.positional, ns, errors[0]);
  }

  bool first = true;
  std::vector<std::string> seen;
  for (const Target& t : infos) {
    auto obj = Fetch(inv, t);
    if (!obj.ok()) {
      std::string m = inv.Render(obj.error());
      if (std::find(seen.begin(), seen.end(), m) == seen.end()) {
        seen.push_back(m);
        errors.push_back({m, true});
      }
      continue;
    }
    std::string text = describe::DescribeObject(ctx, *obj);
    inv.Out(first ? text : "\n\n" + text);
    first = false;
  }
  if (infos.empty() && errors.empty()) {
    if (all_ns) {
      inv.Err("No resources found\n");
    } else {
      inv.Err(fmt::format("No resources found in {} namespace.\n", ns));
    }
  }
  return ReportErrors(inv, errors);
}

}  // namespace snapsim::kubectl
