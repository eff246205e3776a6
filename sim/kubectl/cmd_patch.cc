// kubectl patch (k8s.io/kubectl/pkg/cmd/patch): strategic merge, JSON merge and JSON
// patches of server objects (or, with --local, of the objects in -f files).
#include <fmt/format.h>

#include "sim/kubectl/command_support.h"
#include "sim/kubectl/commands.h"
#include "sim/kubectl/jsonpath_format.h"
#include "src/api/yaml.h"
#include "src/fake_apiserver/patch_json.h"
#include "src/fake_apiserver/patch_merge.h"
#include "src/fake_apiserver/served_versions.h"
#include "src/fake_apiserver/strategic_merge.h"
#include "src/fake_apiserver/strategic_schema.h"

namespace snapsim::kubectl {
namespace {

using PatchType = apiserver::ApiServer::PatchType;

std::vector<FlagSpec> PatchFlags() {
  using T = FlagSpec::Type;
  auto flags = GlobalFlags();
  flags.insert(flags.end(), {
                                {"patch", 'p', T::kString, ""},
                                {"patch-file", 0, T::kString, ""},
                                {"type", 0, T::kString, "strategic"},
                                {"filename", 'f', T::kStringArray, ""},
                                {"kustomize", 'k', T::kString, ""},
                                {"recursive", 'R', T::kBool, "false"},
                                {"local", 0, T::kBool, "false"},
                                {"dry-run", 0, T::kString, "none"},
                                {"output", 'o', T::kString, ""},
                                {"subresource", 0, T::kString, ""},
                                {"field-manager", 0, T::kString, "kubectl-patch"},
                                {"record", 0, T::kBool, "false"},
                                {"allow-missing-template-keys", 0, T::kBool, "true"},
                                {"show-managed-fields", 0, T::kBool, "false"},
                                {"template", 0, T::kString, ""},
                            });
  return flags;
}

std::string_view ContentType(PatchType t) {
  switch (t) {
    case PatchType::kJson:
      return "application/json-patch+json";
    case PatchType::kMerge:
      return "application/merge-patch+json";
    case PatchType::kStrategic:
      return "application/strategic-merge-patch+json";
  }
  return "";
}

// schema.GroupVersionKind.String(): "snapshot.storage.k8s.io/v1, Kind=VolumeSnapshot", "/v1,
// Kind=Pod".
std::string GvkString(const Invocation& inv, const api::KindInfo& kind) {
  return fmt::format("{}/{}, Kind={}", kind.group, apiserver::PreferredVersion(kind, inv.minor()),
                     kind.kind);
}

// The patch applied to a local object (getPatchedJSON).
Result<api::Value> PatchLocally(const Invocation& inv, const api::KindInfo& kind,
                                const api::Value& doc, PatchType type, const api::Value& patch) {
  switch (type) {
    case PatchType::kJson:
      return apiserver::ApplyJsonPatch(doc, patch);
    case PatchType::kMerge:
      return apiserver::ApplyMergePatch(doc, patch);
    case PatchType::kStrategic:
      if (kind.custom || !apiserver::SupportsStrategicMergePatch(kind.kind)) {
        return Status::InvalidArgument(
            fmt::format("strategic merge patch is not supported for {} locally, try --type merge",
                        GvkString(inv, kind)));
      }
      return apiserver::ApplyStrategicMergePatchForKind(doc, patch, kind.kind);
  }
  return Status::Internal("unknown patch type");
}

}  // namespace

int RunPatch(Invocation& inv, const std::vector<std::string>& args) {
  static const std::vector<FlagSpec> kSpecs = PatchFlags();
  auto parsed = ParseFlags(args, kSpecs);
  if (!parsed.ok()) return inv.FlagError(parsed.status());
  const ParsedFlags& flags = *parsed;
  if (flags.Has("subresource") && inv.minor() < 24) {
    return inv.FlagError(Status::InvalidArgument("unknown flag: --subresource"));
  }
  if (!flags.Get("kustomize").empty())
    return inv.Fail("unsupported: snapsim does not implement kubectl patch -k");
  std::string dry_run = flags.Get("dry-run");
  if (dry_run != "none" && dry_run != "false") {
    return inv.Fail("unsupported: snapsim does not implement kubectl patch --dry-run");
  }
  bool local = flags.GetBool("local");
  std::string patch_text = flags.Get("patch");
  std::string patch_file = flags.Get("patch-file");
  std::string type_name = flags.Get("type");
  std::string subresource = flags.Get("subresource");
  // Validate().
  if (!patch_text.empty() && !patch_file.empty())
    return inv.Fail("cannot specify --patch and --patch-file together");
  if (patch_text.empty() && patch_file.empty()) {
    return inv.Fail("must specify --patch or --patch-file containing the contents of the patch");
  }
  if (local && !flags.positional.empty())
    return inv.Fail("cannot specify --local and server resources");
  PatchType type = PatchType::kStrategic;
  std::string lower = type_name;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "json") {
    type = PatchType::kJson;
  } else if (lower == "merge") {
    type = PatchType::kMerge;
  } else if (lower == "strategic") {
    type = PatchType::kStrategic;
  } else if (!type_name.empty()) {
    return inv.Fail(
        fmt::format("--type must be one of [json merge strategic], not {}", GoQuote(type_name)));
  }
  if (!subresource.empty() && subresource != "status" && subresource != "scale") {
    return inv.Fail(fmt::format("invalid subresource value: {}. Must be one of [status scale]",
                                GoQuote(subresource)));
  }
  if (subresource == "scale") {
    return inv.Fail("unsupported: snapsim does not implement kubectl patch --subresource=scale");
  }

  // RunPatch().
  if (!patch_file.empty()) {
    auto text = inv.files()(patch_file);
    if (!text.ok()) {
      return inv.Fail(
          fmt::format("unable to read patch file: open {}: no such file or directory", patch_file));
    }
    patch_text = *text;
  }
  auto patch = api::ParseYaml(patch_text);
  if (!patch.ok()) {
    return inv.Fail(fmt::format("unable to parse {}: {}", GoQuote(flags.Get("patch")),
                                patch.status().message()));
  }

  TargetQuery q;
  q.args = flags.positional;
  q.files = flags.GetAll("filename");
  q.namespace_ = inv.Namespace(flags);
  q.namespace_explicit = flags.Has("namespace");
  q.latest = false;
  auto set = ResolveTargets(inv, q);
  if (!set.ok()) return ReportErrors(inv, {set.error()});

  std::vector<CommandError> errors;
  std::optional<ObjectPrinter> printer;
  int count = 0;
  for (const TargetItem& item : set->items) {
    if (item.error) {
      errors.push_back(*item.error);
      continue;
    }
    ++count;
    const Target& t = item.target;
    api::Value before;
    bool changed;
    api::Value result;
    if (local) {
      auto patched = PatchLocally(inv, *t.kind, t.file_body, type, *patch);
      if (!patched.ok()) {
        errors.push_back(CommandError::Plain(patched.status().message()));
        continue;
      }
      changed = !(*patched == t.file_body);
      result = std::move(*patched);
    } else {
      bool status = subresource == "status";
      if (status && !t.kind->has_status) {
        // The builder's GET of the status subresource fails first.
        if (t.kind->custom) {
          errors.push_back(CommandError::Api(inv, apiserver::ApiError::NotFound(*t.kind, t.name)));
        } else {
          errors.push_back(
              {fmt::format("Error from server (NotFound): the server could not find the requested "
                           "resource (get {} {})",
                           t.kind->Resource(), t.name),
               true});
        }
        continue;
      }
      if (t.from_file) {
        before = t.file_body;
      } else if (t.object != nullptr) {
        before = inv.Present(*t.object);
      }
      auto r = inv.server().Patch(*t.kind, t.namespace_, t.name, type, *patch, status,
                                  {.client = "kubectl", .api_version = ""});
      if (!r.ok()) {
        if (r.error().Is(apiserver::ApiError::Reason::kUnsupportedMediaType) && inv.minor() >= 26) {
          errors.push_back(
              CommandError::Plain(fmt::format("{} is not supported by {}: {}", ContentType(type),
                                              GvkString(inv, *t.kind), r.error().message())));
        } else {
          errors.push_back(CommandError::Api(inv, r.error()));
        }
        continue;
      }
      result = inv.Present(**r);
      changed = !(result == before);
    }
    if (!printer) {
      // kubectl builds its printer only after the patch went through.
      auto f = ParseMutationOutput(flags.Get("output"));
      if (!f.ok()) {
        errors.push_back(CommandError::Plain(f.status().message()));
        break;
      }
      printer.emplace(*f);
    }
    Status s = printer->Print(inv, *t.kind, result, changed ? "patched" : "patched (no change)");
    if (!s.ok()) errors.push_back(CommandError::Plain(s.message()));
  }
  if (errors.empty() && count == 0)
    errors.push_back(CommandError::Plain("no objects passed to patch"));
  return ReportErrors(inv, errors);
}

}  // namespace snapsim::kubectl
