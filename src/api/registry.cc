#include "src/api/registry.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "src/api/kinds.h"

namespace snapsim::api {
namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

bool NameMatches(const KindInfo& k, std::string_view name) {
  if (name == k.plural || name == k.singular || EqualsIgnoreCase(name, k.kind)) return true;
  return std::find(k.short_names.begin(), k.short_names.end(), name) != k.short_names.end();
}

}  // namespace

const std::vector<const KindInfo*>& AllKinds() {
  static const std::vector<const KindInfo*> kinds = RegisteredKinds();
  return kinds;
}

const KindInfo* FindKind(std::string_view group, std::string_view kind) {
  for (const KindInfo* k : AllKinds()) {
    if (k->group == group && k->kind == kind) return k;
  }
  return nullptr;
}

const KindInfo* ResolveResource(std::string_view name) {
  // Unqualified names first.
  for (const KindInfo* k : AllKinds()) {
    if (NameMatches(*k, name)) return k;
  }
  // "plural.group", "singular.group", "kind.group", "plural.version.group".
  std::size_t dot = name.find('.');
  if (dot == std::string_view::npos) return nullptr;
  std::string_view head = name.substr(0, dot);
  std::string_view rest = name.substr(dot + 1);
  for (const KindInfo* k : AllKinds()) {
    if (!NameMatches(*k, head)) continue;
    if (rest == k->group) return k;
    std::size_t dot2 = rest.find('.');
    std::string_view version = rest.substr(0, dot2);
    std::string_view group = dot2 == std::string_view::npos ? std::string_view() : rest.substr(dot2 + 1);
    if (group == k->group && std::find(k->versions.begin(), k->versions.end(), version) != k->versions.end()) {
      return k;
    }
  }
  return nullptr;
}

GroupVersion ParseApiVersion(std::string_view api_version) {
  std::size_t slash = api_version.find('/');
  if (slash == std::string_view::npos) return {"", api_version};
  return {api_version.substr(0, slash), api_version.substr(slash + 1)};
}

Result<DecodedManifest> DecodeManifest(const Value& manifest) {
  if (!manifest.is_object()) {
    return Status::InvalidArgument(
        fmt::format("error validating data: expected an object, got {}", manifest.TypeName()));
  }
  const Value* api_version = manifest.Find("apiVersion");
  const Value* kind = manifest.Find("kind");
  bool has_version = api_version != nullptr && api_version->is_string() && !api_version->as_string().empty();
  bool has_kind = kind != nullptr && kind->is_string() && !kind->as_string().empty();
  if (!has_version || !has_kind) {
    std::vector<std::string> missing;
    if (!has_version) missing.push_back("apiVersion not set");
    if (!has_kind) missing.push_back("kind not set");
    if (missing.size() == 1) return Status::InvalidArgument("error validating data: " + missing[0]);
    return Status::InvalidArgument(fmt::format("error validating data: [{}]", fmt::join(missing, ", ")));
  }
  GroupVersion gv = ParseApiVersion(api_version->as_string());
  const KindInfo* info = FindKind(gv.group, kind->as_string());
  if (info == nullptr ||
      std::find(info->versions.begin(), info->versions.end(), gv.version) == info->versions.end()) {
    return Status::NotFound(fmt::format("no matches for kind \"{}\" in version \"{}\"", kind->as_string(),
                                        api_version->as_string()));
  }
  DecodedManifest out;
  out.object = info->make();
  out.api_version = api_version->as_string();
  Value fields = manifest;
  fields.Erase("apiVersion");
  fields.Erase("kind");
  DecodeContext ctx;
  out.object->DecodeFields(fields, ctx);
  out.issues = ctx.issues();
  return out;
}

}  // namespace snapsim::api
