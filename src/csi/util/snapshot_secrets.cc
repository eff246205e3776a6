#include "src/csi/util/snapshot_secrets.h"

#include <fmt/format.h>

#include <set>

#include "src/api/go_format.h"

namespace snapsim::csi {
namespace {

bool IsAlnumLower(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// validation.IsDNS1123Label.
bool IsDns1123Label(std::string_view s) {
  if (s.empty() || s.size() > 63) return false;
  if (!IsAlnumLower(s.front()) || !IsAlnumLower(s.back())) return false;
  for (char c : s) {
    if (!IsAlnumLower(c) && c != '-') return false;
  }
  return true;
}

// validation.IsDNS1123Subdomain.
bool IsDns1123Subdomain(std::string_view s) {
  if (s.empty() || s.size() > 253) return false;
  std::size_t start = 0;
  while (true) {
    std::size_t dot = s.find('.', start);
    std::string_view label = s.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (label.empty() || !IsAlnumLower(label.front()) || !IsAlnumLower(label.back())) return false;
    for (char c : label) {
      if (!IsAlnumLower(c) && c != '-') return false;
    }
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

bool IsShellNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// os.Expand over `params`; unknown tokens collected (sorted, as sets.String.List()).
Result<std::string> ResolveTemplate(std::string_view tpl, const std::map<std::string, std::string>& params) {
  std::string out;
  std::set<std::string> missing;
  for (std::size_t i = 0; i < tpl.size();) {
    if (tpl[i] != '$' || i + 1 >= tpl.size()) {
      out += tpl[i++];
      continue;
    }
    std::string key;
    std::size_t next;
    if (tpl[i + 1] == '{') {
      std::size_t close = tpl.find('}', i + 2);
      if (close == std::string_view::npos) {  // os.Expand drops a bad "${"
        i += 2;
        continue;
      }
      key = std::string(tpl.substr(i + 2, close - i - 2));
      next = close + 1;
    } else {
      std::size_t j = i + 1;
      while (j < tpl.size() && IsShellNameChar(tpl[j])) ++j;
      if (j == i + 1) {
        out += tpl[i++];
        continue;
      }
      key = std::string(tpl.substr(i + 1, j - i - 1));
      next = j;
    }
    auto it = params.find(key);
    if (it == params.end()) {
      missing.insert(key);
    } else {
      out += it->second;
    }
    i = next;
  }
  if (!missing.empty()) {
    std::string list;
    for (const auto& m : missing) list += (list.empty() ? "" : " ") + api::GoQuote(m);
    return Status::InvalidArgument(fmt::format("invalid tokens: [{}]", list));
  }
  return out;
}

}  // namespace

Result<std::optional<SecretRef>> ResolveSecretReference(const SecretParams& which,
                                                        const std::map<std::string, std::string>& class_params,
                                                        std::string_view content_name,
                                                        const std::optional<SnapshotIdentity>& snapshot) {
  auto n = class_params.find(std::string(which.name_key));
  auto ns = class_params.find(std::string(which.namespace_key));
  bool has_name = n != class_params.end(), has_ns = ns != class_params.end();
  auto wrap = [](const std::string& e) {
    return Status::InvalidArgument("failed to get name and namespace template from params: " + e);
  };
  if (has_name != has_ns) {
    return wrap(fmt::format("either name and namespace for {} secrets specified, Both must be specified",
                            which.name));
  }
  if (!has_name) return std::optional<SecretRef>();
  if (n->second.empty() || ns->second.empty()) {
    return wrap(fmt::format("{} secrets specified in parameters but value of either namespace or name is empty",
                            which.name));
  }
  SecretRef ref;
  std::map<std::string, std::string> ns_params{{"volumesnapshotcontent.name", std::string(content_name)}};
  if (snapshot) ns_params["volumesnapshot.namespace"] = snapshot->namespace_;
  auto resolved_ns = ResolveTemplate(ns->second, ns_params);
  if (!resolved_ns.ok()) {
    return Status::InvalidArgument(
        fmt::format("error resolving value {}: {}", api::GoQuote(ns->second), resolved_ns.status().message()));
  }
  if (!IsDns1123Label(*resolved_ns)) {
    if (*resolved_ns != ns->second) {
      return Status::InvalidArgument(fmt::format("{} resolved to {} which is not a valid namespace name",
                                                 api::GoQuote(ns->second), api::GoQuote(*resolved_ns)));
    }
    return Status::InvalidArgument(fmt::format("{} is not a valid namespace name", api::GoQuote(ns->second)));
  }
  ref.namespace_ = *resolved_ns;
  std::map<std::string, std::string> name_params{{"volumesnapshotcontent.name", std::string(content_name)}};
  if (snapshot) {
    name_params["volumesnapshot.name"] = snapshot->name;
    name_params["volumesnapshot.namespace"] = snapshot->namespace_;
  }
  auto resolved_name = ResolveTemplate(n->second, name_params);
  if (!resolved_name.ok()) {
    return Status::InvalidArgument(
        fmt::format("error resolving value {}: {}", api::GoQuote(n->second), resolved_name.status().message()));
  }
  if (!IsDns1123Subdomain(*resolved_name)) {
    if (*resolved_name != n->second) {
      return Status::InvalidArgument(fmt::format("{} resolved to {} which is not a valid secret name",
                                                 api::GoQuote(n->second), api::GoQuote(*resolved_name)));
    }
    return Status::InvalidArgument(fmt::format("{} is not a valid secret name", api::GoQuote(n->second)));
  }
  ref.name = *resolved_name;
  return std::optional<SecretRef>(ref);
}

Result<std::map<std::string, std::string>> RemovePrefixedParameters(
    const std::map<std::string, std::string>& params) {
  static const std::set<std::string_view> kKnown = {
      kSnapshotterSecretNameKey,      kSnapshotterSecretNamespaceKey,      kSnapshotterListSecretNameKey,
      kSnapshotterListSecretNamespaceKey, kGroupSnapshotterSecretNameKey, kGroupSnapshotterSecretNamespaceKey};
  std::map<std::string, std::string> out;
  for (const auto& [k, v] : params) {
    if (k.rfind(kCsiParameterPrefix, 0) != 0) {
      out[k] = v;
    } else if (kKnown.count(k) == 0) {
      return Status::InvalidArgument(
          fmt::format("found unknown parameter key \"{}\" with reserved namespace {}", k, kCsiParameterPrefix));
    }
  }
  return out;
}

}  // namespace snapsim::csi
