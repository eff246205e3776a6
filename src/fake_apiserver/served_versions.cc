#include "src/fake_apiserver/served_versions.h"

#include <algorithm>

#include <fmt/format.h>

namespace snapsim::apiserver {

std::vector<std::string_view> ServedVersions(const api::KindInfo& kind, int kube_minor) {
  if (kind.group != "snapshot.storage.k8s.io") return kind.versions;
  if (kube_minor < 20) return {"v1beta1"};
  if (kube_minor < 24) return {"v1beta1", "v1"};
  return {"v1"};
}

bool IsServed(const api::KindInfo& kind, std::string_view version, int kube_minor) {
  auto served = ServedVersions(kind, kube_minor);
  return std::find(served.begin(), served.end(), version) != served.end();
}

std::string_view PreferredVersion(const api::KindInfo& kind, int kube_minor) {
  auto served = ServedVersions(kind, kube_minor);
  return served.empty() ? std::string_view() : served.back();
}

std::optional<std::string> DeprecationWarning(const api::KindInfo& kind, std::string_view version, int kube_minor) {
  if (kind.group != "snapshot.storage.k8s.io" || version != "v1beta1" || kube_minor < 20) return std::nullopt;
  return fmt::format("{0}/v1beta1 {1} is deprecated; use {0}/v1 {1}", kind.group, kind.kind);
}

}  // namespace snapsim::apiserver
