// kubectl delete.
#include <fmt/format.h>

#include "sim/engine/time.h"
#include "sim/kubectl/commands.h"
#include "sim/kubectl/manifests.h"
#include "sim/kubectl/selectors.h"
#include "sim/kubectl/waiting.h"

namespace snapsim::kubectl {
namespace {

std::vector<FlagSpec> DeleteFlags() {
  using T = FlagSpec::Type;
  auto flags = GlobalFlags();
  flags.insert(flags.end(), {
                                {"filename", 'f', T::kStringArray, ""},
                                {"all", 0, T::kBool, "false"},
                                {"all-namespaces", 'A', T::kBool, "false"},
                                {"selector", 'l', T::kString, ""},
                                {"field-selector", 0, T::kString, ""},
                                {"wait", 0, T::kBool, "true"},
                                {"timeout", 0, T::kString, "0s"},
                                {"ignore-not-found", 0, T::kBool, "false"},
                                {"cascade", 0, T::kString, "background"},
                                {"grace-period", 0, T::kInt, "-1"},
                                {"force", 0, T::kBool, "false"},
                                {"now", 0, T::kBool, "false"},
                                {"output", 'o', T::kString, ""},
                                {"recursive", 'R', T::kBool, "false"},
                            });
  return flags;
}

// `volumesnapshot.snapshot.storage.k8s.io "x" deleted` / `pod "x" deleted`.
std::string DeletedLine(const api::KindInfo& kind, std::string_view name, bool force) {
  std::string type = kind.group.empty() ? std::string(kind.singular) : fmt::format("{}.{}", kind.singular, kind.group);
  return fmt::format("{} \"{}\" {}deleted\n", type, name, force ? "force " : "");
}

struct DeleteTarget {
  const api::KindInfo* kind;
  std::string ns;
  std::string name;
};

}  // namespace

int RunDelete(Invocation& inv, const std::vector<std::string>& args) {
  static const std::vector<FlagSpec> kSpecs = DeleteFlags();
  auto parsed = ParseFlags(args, kSpecs);
  if (!parsed.ok()) return inv.FlagError(parsed.status());
  const ParsedFlags& flags = *parsed;
  std::string ns = inv.Namespace(flags);
  auto timeout = engine::ParseDuration(flags.Get("timeout"));
  if (!timeout.ok()) return inv.Fail(timeout.status().message());
  std::string cascade = flags.Get("cascade");
  apiserver::DeleteOptions opts;
  if (cascade == "background" || cascade == "true") {
    opts.propagation_policy = "Background";
  } else if (cascade == "orphan" || cascade == "false") {
    opts.propagation_policy = "Orphan";
  } else if (cascade == "foreground") {
    opts.propagation_policy = "Foreground";
  } else {
    return inv.Fail(fmt::format("invalid cascade value ({}). Must be \"background\", \"foreground\", or \"orphan\"", cascade));
  }
  std::int64_t grace = std::stoll(flags.Get("grace-period"));
  bool force = flags.GetBool("force");
  if (flags.GetBool("now")) grace = 1;
  if (force && grace < 0) grace = 0;
  if (grace >= 0) opts.grace_period_seconds = grace;
  if (force && grace == 0) {
    inv.Warn("Immediate deletion does not wait for confirmation that the running resource has been terminated. The "
             "resource may continue to run on the cluster indefinitely.");
  }
  bool output_name = flags.Get("output") == "name";

  std::vector<DeleteTarget> targets;
  std::vector<std::string> files = flags.GetAll("filename");
  if (!files.empty()) {
    auto manifests = LoadManifests(inv, files, ns, flags.Has("namespace"));
    if (!manifests.ok()) return inv.Fail(manifests.status().message());
    for (const auto& m : *manifests) targets.push_back({m.kind, m.namespace_, m.name});
  } else {
    if (flags.positional.empty()) {
      return inv.Fail(
          "You must provide one or more resources by argument or filename.\nExample resource specifications "
          "include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'");
    }
    auto refs = ParseResourceArgs(inv, flags.positional);
    if (!refs.ok()) return inv.Fail(refs.status().message());
    bool select_all = flags.GetBool("all") || flags.Has("selector") || flags.Has("field-selector");
    for (const auto& ref : *refs) {
      if (!ref.name.empty()) {
        targets.push_back({ref.kind, ref.kind->namespaced ? ns : "", ref.name});
        continue;
      }
      if (!select_all) return inv.Fail("resource(s) were provided, but no name was specified");
      apiserver::ListOptions lopts;
      lopts.namespace_ = flags.GetBool("all-namespaces") ? "" : ns;
      ObjectPredicate label_filter, field_filter;
      if (flags.Has("selector")) {
        auto sel = ParseLabelSelector(flags.Get("selector"));
        if (!sel.ok()) return inv.Fail(sel.status().message());
        label_filter = *sel;
      }
      if (flags.Has("field-selector")) {
        auto sel = ParseFieldSelector(flags.Get("field-selector"), *ref.kind);
        if (!sel.ok()) return inv.Fail(sel.status().message());
        field_filter = *sel;
      }
      lopts.filter = [&](const api::Object& o) {
        return (!label_filter || label_filter(o)) && (!field_filter || field_filter(o));
      };
      auto listed = inv.server().List(*ref.kind, lopts);
      if (!listed.ok()) return inv.FailApi(listed.error());
      for (const auto& o : *listed) targets.push_back({ref.kind, o->metadata.namespace_, o->metadata.name});
    }
    if (targets.empty()) {
      inv.Out("No resources found\n");
      return 0;
    }
  }

  int exit_code = 0;
  struct Pending {
    const DeleteTarget* target;
    std::string uid;
  };
  std::vector<Pending> pending;
  for (const auto& t : targets) {
    auto r = inv.server().Delete(*t.kind, t.ns, t.name, opts);
    if (!r.ok()) {
      if (r.error().Is(apiserver::ApiError::Reason::kNotFound) && flags.GetBool("ignore-not-found")) continue;
      exit_code = inv.FailApi(r.error());
      continue;
    }
    inv.Out(output_name ? Invocation::QualifiedName(*t.kind, t.name) + "\n"
                        : DeletedLine(*t.kind, t.name, force && grace == 0));
    pending.push_back({&t, (*r)->metadata.uid});
  }
  if (!flags.GetBool("wait") || pending.empty()) return exit_code;

  engine::Nanos limit = *timeout > 0 ? *timeout : inv.env().delete_wait_limit;
  for (const auto& p : pending) {
    auto gone = [&] {
      api::ObjectPtr o = inv.server().Peek(*p.target->kind, p.target->ns, p.target->name);
      return o == nullptr || o->metadata.uid != p.uid;
    };
    if (!AdvanceUntil(*inv.env().loop, gone, limit)) {
      exit_code = inv.Fail(fmt::format("timed out waiting for the condition on {}",
                                       Invocation::ResourceName(*p.target->kind, p.target->name)));
    }
  }
  return exit_code;
}

}  // namespace snapsim::kubectl
