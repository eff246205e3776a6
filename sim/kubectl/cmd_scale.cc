// kubectl scale (k8s.io/kubectl/pkg/cmd/scale) through the scale subresource, which of
// the kinds snapsim holds only StatefulSet serves.
#include <fmt/format.h>

#include "sim/kubectl/command_support.h"
#include "sim/kubectl/commands.h"
#include "sim/kubectl/waiting.h"
#include "src/api/kinds.h"

namespace snapsim::kubectl {
namespace {

std::vector<FlagSpec> ScaleFlags() {
  using T = FlagSpec::Type;
  auto flags = GlobalFlags();
  flags.insert(flags.end(), {
                                {"all", 0, T::kBool, "false"},
                                {"resource-version", 0, T::kString, ""},
                                {"current-replicas", 0, T::kInt, "-1"},
                                {"replicas", 0, T::kInt, "0"},
                                {"timeout", 0, T::kString, "0s"},
                                {"filename", 'f', T::kStringArray, ""},
                                {"recursive", 'R', T::kBool, "false"},
                                {"kustomize", 'k', T::kString, ""},
                                {"dry-run", 0, T::kString, "none"},
                                {"selector", 'l', T::kString, ""},
                                {"output", 'o', T::kString, ""},
                                {"record", 0, T::kBool, "false"},
                                {"allow-missing-template-keys", 0, T::kBool, "true"},
                                {"show-managed-fields", 0, T::kBool, "false"},
                                {"template", 0, T::kString, ""},
                            });
  return flags;
}

// The error the scale subresource of a kind without one answers with: a custom resource's
// handler says the object is not found, a built-in kind has no such route at all.
CommandError NoScaleSubresource(const Invocation& inv, const Target& t, std::string_view verb) {
  if (t.kind->custom) return CommandError::Api(inv, apiserver::ApiError::NotFound(*t.kind, t.name));
  return {fmt::format("Error from server (NotFound): the server could not find the requested "
                      "resource ({} {} {})",
                      verb, t.kind->plural, t.name),
          true};
}

}  // namespace

int RunScale(Invocation& inv, const std::vector<std::string>& args) {
  static const std::vector<FlagSpec> kSpecs = ScaleFlags();
  auto parsed = ParseFlags(args, kSpecs);
  if (!parsed.ok()) return inv.FlagError(parsed.status());
  const ParsedFlags& flags = *parsed;
  auto timeout = ParseGoDuration(flags.Get("timeout"), "--timeout");
  if (!timeout.ok()) return inv.FlagError(timeout.status());
  if (!flags.Has("replicas")) return inv.Fail("required flag(s) \"replicas\" not set");
  if (!flags.Get("kustomize").empty())
    return inv.Fail("unsupported: snapsim does not implement kubectl scale -k");
  std::string dry_run = flags.Get("dry-run");
  if (dry_run != "none" && dry_run != "false") {
    return inv.Fail("unsupported: snapsim does not implement kubectl scale --dry-run");
  }
  auto format = ParseMutationOutput(flags.Get("output"));
  if (!format.ok()) return inv.Fail(format.status().message());
  std::int64_t replicas = std::stoll(flags.Get("replicas"));
  std::int64_t current = std::stoll(flags.Get("current-replicas"));
  std::string resource_version = flags.Get("resource-version");
  if (replicas < 0) {
    return inv.Fail(
        "The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0");
  }
  if (current < -1)
    return inv.Fail("The --current-replicas must specify an integer of -1 or greater");

  TargetQuery q;
  q.args = flags.positional;
  q.files = flags.GetAll("filename");
  q.selector = flags.Get("selector");
  q.select_all = flags.GetBool("all");
  q.namespace_ = inv.Namespace(flags);
  q.namespace_explicit = flags.Has("namespace");
  q.latest = false;
  auto set = ResolveTargets(inv, q);
  if (!set.ok()) return ReportErrors(inv, {set.error()});
  std::vector<Target> infos;
  std::vector<CommandError> info_errors;
  for (const auto& item : set->items) {
    if (item.error) {
      info_errors.push_back(*item.error);
    } else {
      infos.push_back(item.target);
    }
  }
  if (!resource_version.empty() && infos.size() > 1) {
    return inv.Fail("cannot use --resource-version with multiple resources");
  }
  if (infos.empty()) return inv.Fail("no objects passed to scale");

  bool precondition = current != -1 || !resource_version.empty();
  ObjectPrinter printer(*format);
  for (const Target& t : infos) {
    if (t.kind != &api::StatefulSet::Info()) {
      return ReportErrors(inv, {NoScaleSubresource(inv, t, precondition ? "get" : "patch")});
    }
    api::Value patch = api::Value::EmptyObject();
    patch["spec"]["replicas"] = api::Value(replicas);
    if (precondition) {
      auto got = inv.server().Get(*t.kind, t.namespace_, t.name);
      if (!got.ok()) return ReportErrors(inv, {CommandError::Api(inv, got.error())});
      auto sts = api::As<api::StatefulSet>(*got);
      std::int64_t size = sts->spec.replicas.value_or(1);
      if (current != -1 && size != current) {
        return inv.Fail(fmt::format("Expected replicas to be {}, was {}", current, size));
      }
      if (!resource_version.empty() && sts->metadata.resource_version != resource_version) {
        return inv.Fail(fmt::format("Expected resource version to be {}, was {}", resource_version,
                                    sts->metadata.resource_version));
      }
      // The scale update carries the resourceVersion it read.
      patch["metadata"]["resourceVersion"] = api::Value(sts->metadata.resource_version);
    }
    auto r =
        inv.server().Patch(*t.kind, t.namespace_, t.name, apiserver::ApiServer::PatchType::kMerge,
                           patch, false, {.client = "kubectl", .api_version = ""});
    if (!r.ok()) return ReportErrors(inv, {CommandError::Api(inv, r.error())});
    if (*timeout != 0) {
      auto synced = [&] {
        auto sts = api::As<api::StatefulSet>(inv.server().Peek(*t.kind, t.namespace_, t.name));
        if (sts == nullptr) return false;
        std::int64_t spec = sts->spec.replicas.value_or(1);
        if (spec != replicas) return true;  // reset by someone else
        return sts->status.replicas == replicas;
      };
      if (!AdvanceUntil(*inv.env().loop, synced, *timeout)) {
        return inv.Fail(fmt::format("timed out waiting for \"{}\" to be synced", t.name));
      }
    }
    api::Value shown = t.object != nullptr ? inv.Present(*t.object) : t.file_body;
    Status s = printer.Print(inv, *t.kind, shown, "scaled");
    if (!s.ok()) return inv.Fail(s.message());
  }
  return ReportErrors(inv, info_errors);
}

}  // namespace snapsim::kubectl
