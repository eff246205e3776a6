// apps/v1 StatefulSet (k8s.io/api apps/v1 as of Kubernetes 1.30).
// spec.volumeClaimTemplates are whole core/v1 PersistentVolumeClaims embedded
// in the spec, so they may carry their own (optional) apiVersion and kind.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "src/api/kinds_pod.h"
#include "src/api/kinds_storage.h"
#include "src/api/object.h"

namespace snapsim::api {

// A PersistentVolumeClaim embedded in a StatefulSet spec (Go: v1.PersistentVolumeClaim).
struct EmbeddedPersistentVolumeClaim {
  std::string api_version;  // "v1" when written; usually absent
  std::string kind;         // "PersistentVolumeClaim" when written
  ObjectMeta metadata;
  PersistentVolumeClaimSpec spec;
  PersistentVolumeClaimStatus status;
};

struct RollingUpdateStatefulSetStrategy {
  std::optional<std::int32_t> partition;
  std::optional<IntOrString> max_unavailable;
};

struct StatefulSetUpdateStrategy {
  std::string type;  // RollingUpdate | OnDelete
  std::optional<RollingUpdateStatefulSetStrategy> rolling_update;
};

struct StatefulSetPersistentVolumeClaimRetentionPolicy {
  std::string when_deleted;  // Retain | Delete
  std::string when_scaled;
};

struct StatefulSetOrdinals {
  std::int32_t start = 0;
};

struct StatefulSetSpec {
  std::optional<std::int32_t> replicas;
  std::optional<LabelSelector> selector;  // no omitempty: null when unset
  PodTemplateSpec template_;
  std::vector<EmbeddedPersistentVolumeClaim> volume_claim_templates;
  std::string service_name;
  std::string pod_management_policy;  // OrderedReady | Parallel
  StatefulSetUpdateStrategy update_strategy;
  std::optional<std::int32_t> revision_history_limit;
  std::int32_t min_ready_seconds = 0;
  std::optional<StatefulSetPersistentVolumeClaimRetentionPolicy>
      persistent_volume_claim_retention_policy;
  std::optional<StatefulSetOrdinals> ordinals;
};

struct StatefulSetCondition {
  std::string type;
  std::string status;
  std::optional<std::string> last_transition_time;
  std::string reason;
  std::string message;
};

struct StatefulSetStatus {
  std::int64_t observed_generation = 0;
  std::int32_t replicas = 0;
  std::int32_t ready_replicas = 0;
  std::int32_t current_replicas = 0;
  std::int32_t updated_replicas = 0;
  std::string current_revision;
  std::string update_revision;
  std::optional<std::int32_t> collision_count;
  std::vector<StatefulSetCondition> conditions;
  std::int32_t available_replicas = 0;
};

struct StatefulSet : ObjectOf<StatefulSet> {
  StatefulSetSpec spec;
  StatefulSetStatus status;
  static const KindInfo& Info();
};

template <>
struct Reflect<EmbeddedPersistentVolumeClaim> {
  using S = EmbeddedPersistentVolumeClaim;
  static constexpr std::string_view kGoName = "PersistentVolumeClaim";
  static constexpr auto kFields =
      std::make_tuple(Field("apiVersion", &S::api_version), Field("kind", &S::kind),
                      Field("metadata", &S::metadata, kAlways), Field("spec", &S::spec, kAlways),
                      Field("status", &S::status, kAlways));
};

template <>
struct Reflect<RollingUpdateStatefulSetStrategy> {
  static constexpr std::string_view kGoName = "RollingUpdateStatefulSetStrategy";
  static constexpr auto kFields =
      std::make_tuple(Field("partition", &RollingUpdateStatefulSetStrategy::partition),
                      Field("maxUnavailable", &RollingUpdateStatefulSetStrategy::max_unavailable));
};

template <>
struct Reflect<StatefulSetUpdateStrategy> {
  static constexpr std::string_view kGoName = "StatefulSetUpdateStrategy";
  static constexpr auto kFields =
      std::make_tuple(Field("type", &StatefulSetUpdateStrategy::type),
                      Field("rollingUpdate", &StatefulSetUpdateStrategy::rolling_update));
};

template <>
struct Reflect<StatefulSetPersistentVolumeClaimRetentionPolicy> {
  using S = StatefulSetPersistentVolumeClaimRetentionPolicy;
  static constexpr std::string_view kGoName = "StatefulSetPersistentVolumeClaimRetentionPolicy";
  static constexpr auto kFields =
      std::make_tuple(Field("whenDeleted", &S::when_deleted), Field("whenScaled", &S::when_scaled));
};

template <>
struct Reflect<StatefulSetOrdinals> {
  static constexpr std::string_view kGoName = "StatefulSetOrdinals";
  static constexpr auto kFields =
      std::make_tuple(Field("start", &StatefulSetOrdinals::start, kAlways));
};

template <>
struct Reflect<StatefulSetSpec> {
  using S = StatefulSetSpec;
  static constexpr std::string_view kGoName = "StatefulSetSpec";
  static constexpr auto kFields = std::make_tuple(
      Field("replicas", &S::replicas), Field("selector", &S::selector, kAlways),
      Field("template", &S::template_, kAlways),
      Field("volumeClaimTemplates", &S::volume_claim_templates),
      Field("serviceName", &S::service_name, kAlways),
      Field("podManagementPolicy", &S::pod_management_policy),
      Field("updateStrategy", &S::update_strategy),
      Field("revisionHistoryLimit", &S::revision_history_limit),
      Field("minReadySeconds", &S::min_ready_seconds),
      Field("persistentVolumeClaimRetentionPolicy", &S::persistent_volume_claim_retention_policy),
      Field("ordinals", &S::ordinals));
};

template <>
struct Reflect<StatefulSetCondition> {
  using S = StatefulSetCondition;
  static constexpr std::string_view kGoName = "StatefulSetCondition";
  static constexpr auto kFields =
      std::make_tuple(Field("type", &S::type, kAlways), Field("status", &S::status, kAlways),
                      Field("lastTransitionTime", &S::last_transition_time, kAlways),
                      Field("reason", &S::reason), Field("message", &S::message));
};

template <>
struct Reflect<StatefulSetStatus> {
  using S = StatefulSetStatus;
  static constexpr std::string_view kGoName = "StatefulSetStatus";
  static constexpr auto kFields = std::make_tuple(
      Field("observedGeneration", &S::observed_generation),
      Field("replicas", &S::replicas, kAlways), Field("readyReplicas", &S::ready_replicas),
      Field("currentReplicas", &S::current_replicas),
      Field("updatedReplicas", &S::updated_replicas),
      Field("currentRevision", &S::current_revision), Field("updateRevision", &S::update_revision),
      Field("collisionCount", &S::collision_count), Field("conditions", &S::conditions),
      Field("availableReplicas", &S::available_replicas, kAlways));
};

template <>
struct Reflect<StatefulSet> {
  static constexpr std::string_view kGoName = "StatefulSet";
  static constexpr auto kFields = std::make_tuple(
      Field("metadata", &StatefulSet::metadata, kAlways),
      Field("spec", &StatefulSet::spec, kAlways), Field("status", &StatefulSet::status, kAlways));
};

extern template Value Encode<StatefulSet>(const StatefulSet&);
extern template void Decode<StatefulSet>(const Value&, StatefulSet&, DecodeContext&);

// Their Object members are compiled once, in kinds_apps.cc (object_of.h).
extern template class ObjectOf<StatefulSet>;

}  // namespace snapsim::api
