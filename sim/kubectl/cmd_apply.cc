// kubectl apply (client-side) and kubectl create.
#include <fmt/format.h>

#include "sim/kubectl/commands.h"
#include "sim/kubectl/manifests.h"
#include "src/api/json.h"
#include "src/api/registry.h"
#include "src/fake_apiserver/apply_patch.h"
#include "src/fake_apiserver/decode.h"
#include "src/fake_apiserver/served_versions.h"
#include "src/fake_apiserver/strategic_schema.h"

namespace snapsim::kubectl {
namespace {

std::vector<FlagSpec> ApplyFlags() {
  using T = FlagSpec::Type;
  auto flags = GlobalFlags();
  flags.insert(flags.end(), {
                                {"filename", 'f', T::kStringArray, ""},
                                {"output", 'o', T::kString, ""},
                                {"recursive", 'R', T::kBool, "false"},
                                {"validate", 0, T::kString, "strict"},
                                {"server-side", 0, T::kBool, "false"},
                                {"dry-run", 0, T::kString, "none"},
                                {"prune", 0, T::kBool, "false"},
                                {"force", 0, T::kBool, "false"},
                                {"field-manager", 0, T::kString, "kubectl-client-side-apply"},
                                {"save-config", 0, T::kBool, "false"},
                                {"wait", 0, T::kBool, "false"},
                                {"timeout", 0, T::kString, "0s"},
                            });
  return flags;
}

void WarnIfDeprecated(Invocation& inv, const Manifest& m) {
  if (auto w = apiserver::DeprecationWarning(*m.kind, m.version, inv.minor())) inv.Warn(*w);
}

Result<std::vector<Manifest>> Load(Invocation& inv, const ParsedFlags& flags) {
  std::vector<std::string> files = flags.GetAll("filename");
  if (files.empty()) {
    return Status::InvalidArgument(
        "must specify one of -f and -k");
  }
  if (flags.GetBool("server-side")) return Status::Unsupported("unsupported: snapsim does not implement --server-side");
  std::string dry = flags.Get("dry-run");
  if (dry != "none" && dry != "false") return Status::Unsupported("unsupported: snapsim does not implement --dry-run");
  return LoadManifests(inv, files, inv.Namespace(flags), flags.Has("namespace"));
}

std::string Line(const Manifest& m, std::string_view verb, bool name_only) {
  std::string q = Invocation::QualifiedName(*m.kind, m.name);
  return name_only ? q + "\n" : fmt::format("{} {}\n", q, verb);
}

// --validate: strict (or true), warn, ignore (or false) — server-side field validation.
Result<apiserver::FieldValidation> FieldValidationFlag(const ParsedFlags& flags) {
  std::string v = flags.Get("validate");
  if (v == "strict" || v == "true") return apiserver::FieldValidation::kStrict;
  if (v == "warn") return apiserver::FieldValidation::kWarn;
  if (v == "ignore" || v == "false") return apiserver::FieldValidation::kIgnore;
  return Status::InvalidArgument(fmt::format(
      "invalid - validate option \"{}\"; must be one of: strict (or true), warn, ignore (or false)", v));
}

void ServerWarnings(Invocation& inv, const std::vector<std::string>& warnings) {
  for (const auto& w : warnings) inv.Warn(w);
}

int CreateOne(Invocation& inv, const Manifest& m, const api::Value& body, bool name_only,
              apiserver::FieldValidation validation) {
  std::vector<std::string> warnings;
  auto obj = apiserver::DecodeBody(body, *m.kind, m.version, validation, &warnings);
  if (!obj.ok()) return inv.FailApi(obj.error(), "creating", m.file);
  ServerWarnings(inv, warnings);
  auto r = inv.server().Create(*obj, {.client = "kubectl", .api_version = m.api_version, .body = &body});
  if (!r.ok()) return inv.FailApi(r.error(), "creating", m.file);
  inv.Out(Line(m, "created", name_only));
  return 0;
}

std::string PatchFailure(const Invocation& inv, const Manifest& m, const apiserver::ApplyPatch& patch,
                         const apiserver::ApiError& e) {
  if (e.Is(apiserver::ApiError::Reason::kInvalid) && !e.causes().empty()) return inv.Render(e);
  std::string reason = e.ReasonName().empty() ? "" : fmt::format(" ({})", e.ReasonName());
  // kubectl 1.25 added the inner "error when patching" wrapper.
  std::string inner = inv.minor() >= 25 ? fmt::format("error when patching \"{}\": ", m.file) : "";
  return fmt::format(
      "Error from server{}: error when applying patch:\n{}\nto:\nResource: \"{}, Resource={}\", "
      "GroupVersionKind: \"{}, Kind={}\"\nName: \"{}\", Namespace: \"{}\"\nfor: \"{}\": {}{}",
      reason, api::ToJson(patch.patch, {.escape_html = true}), m.api_version, m.kind->plural, m.api_version,
      m.kind->kind, m.name, m.namespace_, m.file, inner, e.message());
}

int ApplyOne(Invocation& inv, const Manifest& m, bool name_only, apiserver::FieldValidation validation) {
  WarnIfDeprecated(inv, m);
  auto live = inv.server().Get(*m.kind, m.namespace_, m.name);
  if (!live.ok()) {
    if (!live.error().Is(apiserver::ApiError::Reason::kNotFound)) {
      return inv.FailApi(live.error(), "retrieving current configuration of", m.file);
    }
    return CreateOne(inv, m, apiserver::ModifiedConfiguration(m.body), name_only, validation);
  }
  if ((*live)->metadata.Annotation(apiserver::kLastAppliedConfigAnnotation) == nullptr) {
    inv.Warn(fmt::format(
        "resource {}/{} is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required "
        "by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl "
        "create --save-config or kubectl apply. The missing annotation will be patched automatically.",
        m.kind->plural, m.name));
  }
  bool strategic = !m.kind->custom && apiserver::SupportsStrategicMergePatch(m.kind->kind);
  api::Value live_value = (*live)->ToValue();
  live_value["apiVersion"] = api::Value(m.api_version);
  auto original = apiserver::OriginalConfiguration(live_value, strategic);
  if (!original.ok()) return inv.Fail(fmt::format("error when creating patch with: {}", original.status().message()));
  api::Value modified = apiserver::ModifiedConfiguration(m.body);
  auto patch = apiserver::ComputeApplyPatch(*original, modified, live_value, strategic,
                                            strategic ? &apiserver::StrategicSchemaFor(m.kind->kind) : nullptr);
  if (!patch.ok()) {
    return inv.Fail(fmt::format("error when creating patch with:\noriginal:\n{}\nmodified:\n{}\ncurrent:\n{}\nfor: \"{}\": {}",
                                api::ToJson(*original), api::ToJson(modified), api::ToJson(live_value), m.file,
                                patch.status().message()));
  }
  if (patch->empty) {
    inv.Out(Line(m, "unchanged", name_only));
    return 0;
  }
  auto type = strategic ? apiserver::ApiServer::PatchType::kStrategic : apiserver::ApiServer::PatchType::kMerge;
  std::vector<std::string> warnings;
  auto r = inv.server().Patch(*m.kind, m.namespace_, m.name, type, patch->patch, false,
                              {.client = "kubectl", .api_version = m.api_version, .field_validation = validation,
                               .warnings = &warnings});
  if (!r.ok()) {
    inv.Err(PatchFailure(inv, m, *patch, r.error()) + "\n");
    return 1;
  }
  ServerWarnings(inv, warnings);
  inv.Out(Line(m, "configured", name_only));
  if ((*r)->metadata.deletion_timestamp) {
    inv.Warn(fmt::format("Detected changes to resource {} which is currently being deleted.", m.name));
  }
  return 0;
}

}  // namespace

int RunApply(Invocation& inv, const std::vector<std::string>& args) {
  static const std::vector<FlagSpec> kSpecs = ApplyFlags();
  auto parsed = ParseFlags(args, kSpecs);
  if (!parsed.ok()) return inv.FlagError(parsed.status());
  if (!parsed->positional.empty()) {
    return inv.Fail(fmt::format("Unexpected args: [{}]\nSee 'kubectl apply -h' for help and examples",
                                fmt::join(parsed->positional, " ")));
  }
  auto validation = FieldValidationFlag(*parsed);
  if (!validation.ok()) return inv.Fail(validation.status().message());
  auto manifests = Load(inv, *parsed);
  if (!manifests.ok()) return inv.Fail(manifests.status().message());
  std::string o = parsed->Get("output");
  if (!o.empty() && o != "name") return inv.Fail("unsupported: snapsim's kubectl apply prints only the default or -o name");
  int exit_code = 0;
  for (const auto& m : *manifests) exit_code |= ApplyOne(inv, m, o == "name", *validation);
  return exit_code;
}

int RunCreate(Invocation& inv, const std::vector<std::string>& args) {
  static const std::vector<FlagSpec> kSpecs = ApplyFlags();
  auto parsed = ParseFlags(args, kSpecs);
  if (!parsed.ok()) return inv.FlagError(parsed.status());
  const ParsedFlags& flags = *parsed;
  if (!flags.positional.empty()) {
    const std::string& sub = flags.positional[0];
    if ((sub == "namespace" || sub == "ns") && flags.positional.size() == 2) {
      const api::KindInfo* kind = api::FindKind("", "Namespace");
      if (kind == nullptr) return inv.Fail("unsupported: namespaces are not modelled");
      api::Value body = api::Value::EmptyObject();
      body["apiVersion"] = api::Value("v1");
      body["kind"] = api::Value("Namespace");
      body["metadata"]["name"] = api::Value(flags.positional[1]);
      Manifest m{"", kind, "v1", "v1", flags.positional[1], "", body};
      auto obj = apiserver::DecodeBody(body, *kind, "v1");
      if (!obj.ok()) return inv.FailApi(obj.error());
      auto r = inv.server().Create(*obj);
      if (!r.ok()) return inv.FailApi(r.error());
      inv.Out(Line(m, "created", false));
      return 0;
    }
    return inv.Fail(fmt::format("unsupported: snapsim's kubectl create supports -f FILE and namespace NAME, not \"{}\"",
                                sub));
  }
  auto validation = FieldValidationFlag(flags);
  if (!validation.ok()) return inv.Fail(validation.status().message());
  auto manifests = Load(inv, flags);
  if (!manifests.ok()) return inv.Fail(manifests.status().message());
  int exit_code = 0;
  for (const auto& m : *manifests) {
    WarnIfDeprecated(inv, m);
    exit_code |= CreateOne(inv, m, m.body, flags.Get("output") == "name", *validation);
  }
  return exit_code;
}

}  // namespace snapsim::kubectl
