#include "src/csi/kube/statefulset_identity.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <initializer_list>

#include "src/api/json.h"
#include "src/csi/kube/kube_names.h"

namespace snapsim::csi::kube {
namespace {

bool IsDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

struct RetentionPolicy {
  bool delete_when_deleted = false;
  bool delete_when_scaled = false;
};

RetentionPolicy PolicyOf(const api::StatefulSet& set) {
  RetentionPolicy p;
  if (const auto& policy = set.spec.persistent_volume_claim_retention_policy) {
    p.delete_when_deleted = policy->when_deleted == "Delete";
    p.delete_when_scaled = policy->when_scaled == "Delete";
  }
  return p;
}

bool HasOwnerUid(const api::ObjectMeta& meta, const std::string& uid) {
  return !uid.empty() && std::any_of(meta.owner_references.begin(), meta.owner_references.end(),
                                     [&](const api::OwnerReference& r) { return r.uid == uid; });
}

api::OwnerReference PodControllerRef(const api::Pod& pod) {
  return {"v1", "Pod", pod.metadata.name, pod.metadata.uid, true, true};
}

// The parent name (a view of pod_name) and ordinal; "" and -1 when the name has none.
std::pair<std::string_view, int> ParseStatefulName(std::string_view pod_name) {
  std::size_t dash = pod_name.rfind('-');
  if (dash == std::string_view::npos) return {"", -1};
  std::string_view digits = pod_name.substr(dash + 1);
  if (!IsDigits(digits)) return {"", -1};
  std::int64_t n = 0;
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (ec != std::errc() || n > 2147483647) return {pod_name.substr(0, dash), -1};
  return {pod_name.substr(0, dash), static_cast<int>(n)};
}

// Whether name is "<parts...>-<ordinal>", without building it.
bool IsJoinedName(std::string_view name, std::initializer_list<std::string_view> parts, int ordinal) {
  for (std::string_view part : parts) {
    if (name.substr(0, part.size()) != part || name.size() <= part.size() || name[part.size()] != '-') return false;
    name.remove_prefix(part.size() + 1);
  }
  char digits[16];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, ordinal);
  return ec == std::errc() && name == std::string_view(digits, static_cast<std::size_t>(end - digits));
}

std::string JoinName(std::initializer_list<std::string_view> parts, int ordinal) {
  char digits[16];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, ordinal);
  std::string out;
  for (std::string_view part : parts) out.append(part).push_back('-');
  out.append(digits, ec == std::errc() ? end : digits);
  return out;
}

}  // namespace

std::pair<std::string, int> ParentNameAndOrdinal(std::string_view pod_name) {
  auto [parent, ordinal] = ParseStatefulName(pod_name);
  return {std::string(parent), ordinal};
}

int OrdinalOf(const api::Pod& pod) { return ParseStatefulName(pod.metadata.name).second; }

std::string StatefulPodName(const api::StatefulSet& set, int ordinal) {
  return JoinName({set.metadata.name}, ordinal);
}

std::string StatefulClaimName(const api::StatefulSet& set,
                              const api::EmbeddedPersistentVolumeClaim& tmpl, int ordinal) {
  return JoinName({tmpl.metadata.name, set.metadata.name}, ordinal);
}

int StartOrdinal(const api::StatefulSet& set) {
  return set.spec.ordinals ? set.spec.ordinals->start : 0;
}
int Replicas(const api::StatefulSet& set) { return set.spec.replicas.value_or(1); }

bool PodInOrdinalRange(const api::Pod& pod, const api::StatefulSet& set) {
  int ordinal = OrdinalOf(pod);
  return ordinal >= StartOrdinal(set) && ordinal < StartOrdinal(set) + Replicas(set);
}

std::uint32_t Fnv1Hash32(std::string_view data) {
  std::uint32_t h = 2166136261u;
  for (unsigned char c : data) {
    h *= 16777619u;
    h ^= c;
  }
  return h;
}

std::string SafeEncodeString(std::string_view s) {
  static constexpr std::string_view kAlphanums = "bcdfghjklmnpqrstvwxz2456789";
  std::string out(s.size(), ' ');
  for (std::size_t i = 0; i < s.size(); ++i) {
    out[i] = kAlphanums[static_cast<unsigned char>(s[i]) % kAlphanums.size()];
  }
  return out;
}

std::string RevisionName(const api::StatefulSet& set) {
  // The revision's data is a patch that replaces spec.template; the collision count (0) is hashed
  // after it.
  api::Value tmpl = api::Encode(set.spec.template_);
  tmpl["$patch"] = "replace";
  api::Value patch;
  patch["spec"]["template"] = std::move(tmpl);
  std::string data = api::ToJson(patch) + "0";
  std::string hash = SafeEncodeString(std::to_string(Fnv1Hash32(data)));
  std::string prefix = set.metadata.name.substr(0, 223);
  return prefix + "-" + hash;
}

void UpdateIdentity(const api::StatefulSet& set, api::Pod& pod, int kube_minor) {
  int ordinal = OrdinalOf(pod);
  pod.metadata.name = StatefulPodName(set, ordinal);
  pod.metadata.namespace_ = set.metadata.namespace_;
  pod.metadata.labels[std::string(kStatefulSetPodNameLabel)] = pod.metadata.name;
  if (kube_minor >= 28) pod.metadata.labels[std::string(kPodIndexLabel)] = std::to_string(ordinal);
}

void UpdateStorage(const api::StatefulSet& set, api::Pod& pod) {
  int ordinal = OrdinalOf(pod);
  std::vector<api::Volume> volumes;
  for (const auto& tmpl : set.spec.volume_claim_templates) {
    api::Volume v;
    v.name = tmpl.metadata.name;
    v.persistent_volume_claim =
        api::PersistentVolumeClaimVolumeSource{StatefulClaimName(set, tmpl, ordinal), false};
    volumes.push_back(std::move(v));
  }
  for (const auto& v : pod.spec.volumes) {
    bool replaced =
        std::any_of(set.spec.volume_claim_templates.begin(), set.spec.volume_claim_templates.end(),
                    [&](const auto& t) { return t.metadata.name == v.name; });
    if (!replaced) volumes.push_back(v);
  }
  pod.spec.volumes = std::move(volumes);
}

api::Pod NewStatefulSetPod(const api::StatefulSet& set, int ordinal, const std::string& revision,
                           int kube_minor) {
  api::Pod pod;
  const auto& tmpl = set.spec.template_;
  pod.metadata.labels = tmpl.metadata.labels;
  pod.metadata.annotations = tmpl.metadata.annotations;
  pod.metadata.finalizers = tmpl.metadata.finalizers;
  pod.metadata.generate_name = set.metadata.name + "-";
  pod.metadata.owner_references.push_back(SetControllerRef(set));
  pod.spec = tmpl.spec;
  pod.metadata.name = StatefulPodName(set, ordinal);
  UpdateIdentity(set, pod, kube_minor);
  pod.spec.hostname = pod.metadata.name;
  pod.spec.subdomain = set.spec.service_name;
  UpdateStorage(set, pod);
  pod.metadata.labels[std::string(kStatefulSetRevisionLabel)] = revision;
  return pod;
}

std::vector<std::string> StatefulClaimNames(const api::StatefulSet& set, int ordinal) {
  std::vector<std::string> out;
  out.reserve(set.spec.volume_claim_templates.size());
  for (const auto& tmpl : set.spec.volume_claim_templates)
    out.push_back(StatefulClaimName(set, tmpl, ordinal));
  return out;
}

api::PersistentVolumeClaim StatefulClaim(const api::StatefulSet& set,
                                         const api::EmbeddedPersistentVolumeClaim& tmpl,
                                         int ordinal) {
  api::PersistentVolumeClaim claim;
  claim.metadata = tmpl.metadata;
  claim.metadata.name = StatefulClaimName(set, tmpl, ordinal);
  claim.metadata.namespace_ = set.metadata.namespace_;
  if (set.spec.selector) {
    for (const auto& [k, v] : set.spec.selector->match_labels) claim.metadata.labels[k] = v;
  }
  claim.spec = tmpl.spec;
  return claim;
}

bool IdentityMatches(const api::StatefulSet& set, const api::Pod& pod) {
  static const std::string kPodNameLabel(kStatefulSetPodNameLabel);
  auto [parent, ordinal] = ParseStatefulName(pod.metadata.name);
  auto it = pod.metadata.labels.find(kPodNameLabel);
  return ordinal >= 0 && parent == set.metadata.name &&
         IsJoinedName(pod.metadata.name, {set.metadata.name}, ordinal) &&
         pod.metadata.namespace_ == set.metadata.namespace_ && it != pod.metadata.labels.end() &&
         it->second == pod.metadata.name;
}

bool StorageMatches(const api::StatefulSet& set, const api::Pod& pod) {
  int ordinal = OrdinalOf(pod);
  if (ordinal < 0) return false;
  for (const auto& tmpl : set.spec.volume_claim_templates) {
    const api::Volume* v = pod.spec.FindVolume(tmpl.metadata.name);
    if (v == nullptr || !v->persistent_volume_claim ||
        !IsJoinedName(v->persistent_volume_claim->claim_name, {tmpl.metadata.name, set.metadata.name}, ordinal)) {
      return false;
    }
  }
  return true;
}

api::OwnerReference SetControllerRef(const api::StatefulSet& set) {
  return {"apps/v1", "StatefulSet", set.metadata.name, set.metadata.uid, true, true};
}

bool ClaimOwnerRefsUpToDate(const api::PersistentVolumeClaim& claim, const api::StatefulSet& set,
                            const api::Pod& pod) {
  RetentionPolicy p = PolicyOf(set);
  bool scaled_down = !PodInOrdinalRange(pod, set);
  bool want_set = p.delete_when_deleted && !(p.delete_when_scaled && scaled_down);
  bool want_pod = p.delete_when_scaled && scaled_down;
  return HasOwnerUid(claim.metadata, set.metadata.uid) == want_set &&
         HasOwnerUid(claim.metadata, pod.metadata.uid) == want_pod;
}

void UpdateClaimOwnerRefs(api::PersistentVolumeClaim& claim, const api::StatefulSet& set,
                          const api::Pod& pod) {
  auto& refs = claim.metadata.owner_references;
  refs.erase(std::remove_if(refs.begin(), refs.end(),
                            [&](const api::OwnerReference& r) {
                              return (r.kind == "StatefulSet" && r.api_version == "apps/v1" &&
                                      r.name == set.metadata.name) ||
                                     (r.kind == "Pod" && r.api_version == "v1" &&
                                      r.name == pod.metadata.name);
                            }),
             refs.end());
  RetentionPolicy p = PolicyOf(set);
  bool scaled_down = !PodInOrdinalRange(pod, set);
  if (p.delete_when_scaled && scaled_down) {
    refs.push_back(PodControllerRef(pod));
  } else if (p.delete_when_deleted) {
    refs.push_back(SetControllerRef(set));
  }
}

}  // namespace snapsim::csi::kube
