// kubectl get.
#include <fmt/format.h>

#include "sim/kubectl/commands.h"
#include "sim/kubectl/manifests.h"
#include "sim/kubectl/output.h"
#include "sim/kubectl/selectors.h"
#include "sim/kubectl/table_printer.h"
#include "src/fake_apiserver/served_versions.h"

namespace snapsim::kubectl {
namespace {

std::vector<FlagSpec> GetFlags() {
  using T = FlagSpec::Type;
  auto flags = GlobalFlags();
  flags.insert(flags.end(), {
                                {"output", 'o', T::kString, ""},
                                {"selector", 'l', T::kString, ""},
                                {"field-selector", 0, T::kString, ""},
                                {"all-namespaces", 'A', T::kBool, "false"},
                                {"show-labels", 0, T::kBool, "false"},
                                {"label-columns", 'L', T::kStringArray, ""},
                                {"no-headers", 0, T::kBool, "false"},
                                {"filename", 'f', T::kStringArray, ""},
                                {"watch", 'w', T::kBool, "false"},
                                {"ignore-not-found", 0, T::kBool, "false"},
                                {"show-kind", 0, T::kBool, "false"},
                                {"chunk-size", 0, T::kInt, "500"},
                                {"sort-by", 0, T::kString, ""},
                                {"recursive", 'R', T::kBool, "false"},
                            });
  return flags;
}

struct Group {
  const api::KindInfo* kind;
  std::string version;  // requested explicitly, or "" for the preferred one
  std::vector<api::ObjectPtr> objects;
};

Group& GroupFor(std::vector<Group>& groups, const api::KindInfo* kind, const std::string& version) {
  for (auto& g : groups) {
    if (g.kind == kind && g.version == version) return g;
  }
  groups.push_back({kind, version, {}});
  return groups.back();
}

}  // namespace

int RunGet(Invocation& inv, const std::vector<std::string>& args) {
  static const std::vector<FlagSpec> kSpecs = GetFlags();
  auto parsed = ParseFlags(args, kSpecs);
  if (!parsed.ok()) return inv.FlagError(parsed.status());
  const ParsedFlags& flags = *parsed;
  if (flags.GetBool("watch")) return inv.Fail("unsupported: snapsim does not implement kubectl get --watch");
  if (!flags.Get("sort-by").empty()) return inv.Fail("unsupported: snapsim does not implement kubectl get --sort-by");
  auto format = ParseOutputFormat(flags.Get("output"));
  if (!format.ok()) return inv.Fail(format.status().message());
  bool all_ns = flags.GetBool("all-namespaces");
  std::string ns = inv.Namespace(flags);

  // Selectors are evaluated by the server, which reports problems against the resource.
  auto selector_error = [&](const api::KindInfo& kind, const std::string& why) {
    std::string_view version = apiserver::PreferredVersion(kind, inv.minor());
    return apiserver::ApiError::BadRequest(fmt::format(
        "Unable to find \"{}/{}, Resource={}\" that match label selector \"{}\", field selector \"{}\": {}", kind.group,
        version, kind.plural, flags.Get("selector"), flags.Get("field-selector"), why));
  };
  ObjectPredicate label_filter;
  Status label_error = Status::Ok();
  if (flags.Has("selector")) {
    auto sel = ParseLabelSelector(flags.Get("selector"));
    if (sel.ok()) {
      label_filter = *sel;
    } else {
      label_error = sel.status();
    }
  }

  std::vector<ResourceRef> refs;
  std::vector<std::string> files = flags.GetAll("filename");
  if (!files.empty()) {
    auto manifests = LoadManifests(inv, files, ns);
    if (!manifests.ok()) return inv.Fail(manifests.status().message());
    for (const auto& m : *manifests) refs.push_back({m.kind, m.name, ""});
    if (!flags.positional.empty()) {
      return inv.Fail("when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well");
    }
  } else {
    if (flags.positional.empty()) {
      inv.Err("You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of "
              "supported resources.\n\n");
      inv.Err("error: Required resource not specified.\nUse \"kubectl explain <resource>\" for a detailed description "
              "of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples\n");
      return 1;
    }
    auto r = ParseResourceArgs(inv, flags.positional);
    if (!r.ok()) return inv.Fail(r.status().message());
    refs = std::move(*r);
  }

  int exit_code = 0;
  bool single_named = refs.size() == 1 && !refs[0].name.empty();
  std::vector<Group> groups;
  bool any_list = false;
  for (const auto& ref : refs) {
    Group& g = GroupFor(groups, ref.kind, ref.version);
    if (!ref.version.empty()) {
      if (auto w = apiserver::DeprecationWarning(*ref.kind, ref.version, inv.minor())) inv.Warn(*w);
    }
    if (!ref.name.empty()) {
      std::string rns = ref.kind->namespaced ? ns : "";
      auto got = inv.server().Get(*ref.kind, rns, ref.name);
      if (!got.ok()) {
        if (got.error().Is(apiserver::ApiError::Reason::kNotFound) && flags.GetBool("ignore-not-found")) continue;
        exit_code = inv.FailApi(got.error());
        continue;
      }
      g.objects.push_back(*got);
      continue;
    }
    any_list = true;
    if (!label_error.ok()) {
      exit_code = inv.FailApi(selector_error(*ref.kind, label_error.message()));
      continue;
    }
    apiserver::ListOptions opts;
    opts.namespace_ = all_ns ? "" : ns;
    ObjectPredicate field_filter;
    if (flags.Has("field-selector")) {
      auto sel = ParseFieldSelector(flags.Get("field-selector"), *ref.kind);
      if (!sel.ok()) {
        exit_code = inv.FailApi(selector_error(*ref.kind, sel.status().message()));
        continue;
      }
      field_filter = *sel;
    }
    opts.filter = [&](const api::Object& o) {
      return (!label_filter || label_filter(o)) && (!field_filter || field_filter(o));
    };
    auto listed = inv.server().List(*ref.kind, opts);
    if (!listed.ok()) {
      exit_code = inv.FailApi(listed.error());
      continue;
    }
    g.objects.insert(g.objects.end(), listed->begin(), listed->end());
  }

  std::size_t total = 0;
  for (const auto& g : groups) total += g.objects.size();
  if (total == 0) {
    if (any_list && exit_code == 0 && format->kind != OutputFormat::Kind::kJson &&
        format->kind != OutputFormat::Kind::kYaml && format->kind != OutputFormat::Kind::kJsonPath &&
        format->kind != OutputFormat::Kind::kJsonPathAsJson) {
      // kubectl names the namespace only when every requested type is namespaced.
      bool namespaced = true;
      for (const auto& g : groups) namespaced &= g.kind->namespaced;
      if (format->kind == OutputFormat::Kind::kName) return exit_code;
      if (all_ns || !namespaced) {
        inv.Err("No resources found\n");
      } else {
        inv.Err(fmt::format("No resources found in {} namespace.\n", ns));
      }
      return exit_code;
    }
    if (!any_list) return exit_code;
  }

  switch (format->kind) {
    case OutputFormat::Kind::kName:
      for (const auto& g : groups) {
        for (const auto& o : g.objects) inv.Out(Invocation::QualifiedName(*g.kind, o->metadata.name) + "\n");
      }
      return exit_code;
    case OutputFormat::Kind::kYaml:
    case OutputFormat::Kind::kJson:
    case OutputFormat::Kind::kJsonPath:
    case OutputFormat::Kind::kJsonPathAsJson: {
      api::Value data;
      if (single_named && total == 1) {
        data = inv.Present(*groups[0].objects[0], groups[0].version);
      } else {
        std::vector<api::Value> items;
        for (const auto& g : groups) {
          for (const auto& o : g.objects) items.push_back(inv.Present(*o, g.version));
        }
        data = ListOf(std::move(items));
      }
      auto text = RenderData(*format, data);
      if (!text.ok()) return inv.Fail(text.status().message());
      inv.Out(*text);
      return exit_code;
    }
    case OutputFormat::Kind::kTable:
    case OutputFormat::Kind::kWide: {
      bool show_kind = flags.GetBool("show-kind") || groups.size() > 1;
      bool first = true;
      for (const auto& g : groups) {
        if (g.objects.empty()) continue;
        std::vector<api::Value> values;
        values.reserve(g.objects.size());
        for (const auto& o : g.objects) {
          api::Value v = inv.Present(*o, g.version);
          if (show_kind) {
            v["metadata"]["name"] = api::Value(Invocation::QualifiedName(*g.kind, o->metadata.name));
          }
          values.push_back(std::move(v));
        }
        TableOptions topts;
        topts.wide = format->kind == OutputFormat::Kind::kWide;
        topts.with_namespace = all_ns && g.kind->namespaced;
        topts.no_headers = flags.GetBool("no-headers");
        topts.show_labels = flags.GetBool("show-labels");
        topts.label_columns = flags.GetAll("label-columns");
        topts.kube_minor = inv.minor();
        topts.now_unix_seconds = inv.server().NowUnixSeconds();
        auto table = PrintTable(g.kind->kind, values, topts);
        if (!table.ok()) return inv.Fail(table.status().message());
        if (!first && !topts.no_headers) inv.Out("\n");
        first = false;
        inv.Out(*table);
      }
      return exit_code;
    }
  }
  return exit_code;
}

}  // namespace snapsim::kubectl
