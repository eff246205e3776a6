#include "sim/kubectl/invocation.h"

#include <fmt/format.h>

#include "src/api/registry.h"
#include "src/fake_apiserver/served_versions.h"

namespace snapsim::kubectl {

void Invocation::Warn(const std::string& msg) {
  if (warned_.insert(msg).second) err_ += "Warning: " + msg + "\n";
}

int Invocation::Fail(std::string_view msg) {
  err_ += "error: ";
  err_ += msg;
  err_ += "\n";
  return 1;
}

int Invocation::FlagError(const Status& s) {
  err_ += fmt::format("error: {}\nSee 'kubectl {} --help' for usage.\n", s.message(), command_);
  return 1;
}

std::string Invocation::Render(const apiserver::ApiError& e, std::string_view source_verb,
                               std::string_view source_file) const {
  if (e.Is(apiserver::ApiError::Reason::kInvalid) && !e.causes().empty()) {
    std::vector<std::string> parts;
    for (const auto& c : e.causes()) parts.push_back(c.ToString());
    // kubectl's MultipleErrors: one cause inline, several as a "* " list.
    std::string joined = parts.size() == 1 ? parts[0] : "\n* " + fmt::format("{}", fmt::join(parts, "\n* "));
    return fmt::format("The {} \"{}\" is invalid: {}", e.details_kind(), e.details_name(), joined);
  }
  if (e.Is(apiserver::ApiError::Reason::kInvalid)) return "The request is invalid: " + e.message();
  std::string message = e.message();
  if (!source_verb.empty()) message = fmt::format("error when {} \"{}\": {}", source_verb, source_file, message);
  if (e.ReasonName().empty()) return "Error from server: " + message;
  return fmt::format("Error from server ({}): {}", e.ReasonName(), message);
}

int Invocation::FailApi(const apiserver::ApiError& e, std::string_view source_verb, std::string_view source_file) {
  err_ += Render(e, source_verb, source_file);
  err_ += "\n";
  return 1;
}

std::string Invocation::Namespace(const ParsedFlags& flags) const {
  std::string ns = flags.Get("namespace");
  return ns.empty() ? "default" : ns;
}

Result<const api::KindInfo*> Invocation::ResolveType(std::string_view type) const {
  const api::KindInfo* kind = api::ResolveResource(type);
  if (kind == nullptr && type.find('.') != std::string_view::npos) {
    std::string_view head = type.substr(0, type.find('.'));
    if (api::ResolveResource(head) != nullptr) {
      return Status::NotFound(fmt::format("the server doesn't have a resource type \"{}\" in group \"{}\"", head,
                                          type.substr(type.find('.') + 1)));
    }
  }
  if (kind == nullptr || apiserver::ServedVersions(*kind, minor()).empty()) {
    return Status::NotFound(fmt::format("the server doesn't have a resource type \"{}\"", type));
  }
  // "plural.version.group" must name a served version.
  std::size_t dot = type.find('.');
  if (dot != std::string_view::npos) {
    std::string_view rest = type.substr(dot + 1);
    std::size_t dot2 = rest.find('.');
    if (dot2 != std::string_view::npos && rest.substr(dot2 + 1) == kind->group &&
        !apiserver::IsServed(*kind, rest.substr(0, dot2), minor())) {
      return Status::NotFound(fmt::format("the server doesn't have a resource type \"{}\"", type));
    }
  }
  return kind;
}

std::string Invocation::QualifiedName(const api::KindInfo& kind, std::string_view name) {
  if (kind.group.empty()) return fmt::format("{}/{}", kind.singular, name);
  return fmt::format("{}.{}/{}", kind.singular, kind.group, name);
}

std::string Invocation::ResourceName(const api::KindInfo& kind, std::string_view name) {
  return fmt::format("{}/{}", kind.plural, name);
}

api::Value Invocation::Present(const api::Object& obj) const { return Present(obj, ""); }

api::Value Invocation::Present(const api::Object& obj, std::string_view requested) const {
  api::Value v = obj.ToValue();
  const api::KindInfo& kind = obj.kind_info();
  std::string_view version = requested.empty() ? apiserver::PreferredVersion(kind, minor()) : requested;
  if (!version.empty()) v["apiVersion"] = api::Value(kind.ApiVersion(version));
  return v;
}

std::string RequestedVersion(std::string_view type, const api::KindInfo& kind) {
  std::size_t dot = type.find('.');
  if (dot == std::string_view::npos) return "";
  std::string_view rest = type.substr(dot + 1);
  std::size_t dot2 = rest.find('.');
  if (dot2 == std::string_view::npos || rest.substr(dot2 + 1) != kind.group) return "";
  return std::string(rest.substr(0, dot2));
}

Result<std::vector<ResourceRef>> ParseResourceArgs(Invocation& inv, const std::vector<std::string>& args) {
  std::vector<ResourceRef> refs;
  if (args.empty()) return refs;
  bool slash_form = args[0].find('/') != std::string::npos;
  if (slash_form) {
    for (const auto& a : args) {
      std::size_t slash = a.find('/');
      if (slash == std::string::npos) {
        return Status::InvalidArgument(fmt::format(
            "arguments in resource/name form must have a single resource and name"));
      }
      SNAPSIM_ASSIGN_OR_RETURN(const api::KindInfo* kind, inv.ResolveType(a.substr(0, slash)));
      std::string name = a.substr(slash + 1);
      if (name.empty()) {
        return Status::InvalidArgument("arguments in resource/name form must have a single resource and name");
      }
      refs.push_back({kind, name, RequestedVersion(a.substr(0, slash), *kind)});
    }
    return refs;
  }
  std::vector<std::pair<const api::KindInfo*, std::string>> kinds;  // kind, requested version
  std::string_view types = args[0];
  while (!types.empty()) {
    std::size_t comma = types.find(',');
    std::string_view t = types.substr(0, comma);
    if (t == "all") {
      // The "all" category: of the kinds snapsim holds, pods, services and statefulsets.
      for (std::string_view k : {"pods", "services", "statefulsets"}) {
        SNAPSIM_ASSIGN_OR_RETURN(const api::KindInfo* kind, inv.ResolveType(k));
        kinds.push_back({kind, ""});
      }
      types = comma == std::string_view::npos ? std::string_view() : types.substr(comma + 1);
      continue;
    }
    SNAPSIM_ASSIGN_OR_RETURN(const api::KindInfo* kind, inv.ResolveType(t));
    kinds.push_back({kind, RequestedVersion(t, *kind)});
    types = comma == std::string_view::npos ? std::string_view() : types.substr(comma + 1);
  }
  for (std::size_t i = 1; i < args.size(); ++i) {
    if (args[i].find('/') != std::string::npos) {
      return Status::InvalidArgument(
          "there is no need to specify a resource type as a separate argument when passing arguments in "
          "resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource "
          "resource/<resource_name>'");
    }
  }
  for (const auto& [kind, version] : kinds) {
    if (args.size() == 1) {
      refs.push_back({kind, "", version});
    } else {
      for (std::size_t i = 1; i < args.size(); ++i) refs.push_back({kind, args[i], version});
    }
  }
  return refs;
}

}  // namespace snapsim::kubectl
