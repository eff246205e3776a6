// ObjectMeta and the small shared types every API object uses.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "src/api/reflect.h"

namespace snapsim::api {

struct OwnerReference {
  std::string api_version;
  std::string kind;
  std::string name;
  std::string uid;
  std::optional<bool> controller;
  std::optional<bool> block_owner_deletion;
};

struct ObjectMeta {
  std::string name;
  std::string generate_name;
  std::string namespace_;
  std::string self_link;
  std::string uid;
  std::string resource_version;
  std::int64_t generation = 0;
  std::optional<std::string> creation_timestamp;  // RFC 3339; null until the server sets it
  std::optional<std::string> deletion_timestamp;
  std::optional<std::int64_t> deletion_grace_period_seconds;
  std::map<std::string, std::string> labels;
  std::map<std::string, std::string> annotations;
  std::vector<OwnerReference> owner_references;
  std::vector<std::string> finalizers;
  std::vector<Value> managed_fields;  // accepted and kept; never produced

  bool HasFinalizer(std::string_view f) const;
  // Returns true iff it was added (false: already present).
  bool AddFinalizer(std::string_view f);
  // Returns true iff it was removed.
  bool RemoveFinalizer(std::string_view f);
  const std::string* Annotation(std::string_view key) const;
  bool being_deleted() const { return deletion_timestamp.has_value(); }
};

// A reference to another object (VolumeSnapshotContent.spec.volumeSnapshotRef, PV claimRef, ...).
struct ObjectReference {
  std::string api_version;
  std::string kind;
  std::string namespace_;
  std::string name;
  std::string uid;
  std::string resource_version;
  std::string field_path;
};

struct LocalObjectReference {
  std::string name;
};

struct LabelSelectorRequirement {
  std::string key;
  std::string operator_;
  std::vector<std::string> values;
};

struct LabelSelector {
  std::map<std::string, std::string> match_labels;
  std::vector<LabelSelectorRequirement> match_expressions;
  // Returns true iff the labels satisfy the selector (an empty selector matches all).
  bool Matches(const std::map<std::string, std::string>& labels) const;
};

template <>
struct Reflect<OwnerReference> {
  static constexpr std::string_view kGoName = "OwnerReference";
  static constexpr auto kFields = std::make_tuple(
      Field("apiVersion", &OwnerReference::api_version, kAlways), Field("kind", &OwnerReference::kind, kAlways),
      Field("name", &OwnerReference::name, kAlways), Field("uid", &OwnerReference::uid, kAlways),
      Field("controller", &OwnerReference::controller),
      Field("blockOwnerDeletion", &OwnerReference::block_owner_deletion));
};

template <>
struct Reflect<ObjectMeta> {
  static constexpr std::string_view kGoName = "ObjectMeta";
  static constexpr auto kFields = std::make_tuple(
      Field("name", &ObjectMeta::name), Field("generateName", &ObjectMeta::generate_name),
      Field("namespace", &ObjectMeta::namespace_), Field("selfLink", &ObjectMeta::self_link),
      Field("uid", &ObjectMeta::uid), Field("resourceVersion", &ObjectMeta::resource_version),
      Field("generation", &ObjectMeta::generation),
      Field("creationTimestamp", &ObjectMeta::creation_timestamp, kAlways),
      Field("deletionTimestamp", &ObjectMeta::deletion_timestamp),
      Field("deletionGracePeriodSeconds", &ObjectMeta::deletion_grace_period_seconds),
      Field("labels", &ObjectMeta::labels), Field("annotations", &ObjectMeta::annotations),
      Field("ownerReferences", &ObjectMeta::owner_references), Field("finalizers", &ObjectMeta::finalizers),
      Field("managedFields", &ObjectMeta::managed_fields));
};

template <>
struct Reflect<ObjectReference> {
  static constexpr std::string_view kGoName = "ObjectReference";
  static constexpr auto kFields = std::make_tuple(
      Field("apiVersion", &ObjectReference::api_version), Field("kind", &ObjectReference::kind),
      Field("namespace", &ObjectReference::namespace_), Field("name", &ObjectReference::name),
      Field("uid", &ObjectReference::uid), Field("resourceVersion", &ObjectReference::resource_version),
      Field("fieldPath", &ObjectReference::field_path));
};

template <>
struct Reflect<LocalObjectReference> {
  static constexpr std::string_view kGoName = "LocalObjectReference";
  static constexpr auto kFields = std::make_tuple(Field("name", &LocalObjectReference::name));
};

template <>
struct Reflect<LabelSelectorRequirement> {
  static constexpr std::string_view kGoName = "LabelSelectorRequirement";
  static constexpr auto kFields = std::make_tuple(Field("key", &LabelSelectorRequirement::key, kAlways),
                                                  Field("operator", &LabelSelectorRequirement::operator_, kAlways),
                                                  Field("values", &LabelSelectorRequirement::values));
};

template <>
struct Reflect<LabelSelector> {
  static constexpr std::string_view kGoName = "LabelSelector";
  static constexpr auto kFields = std::make_tuple(Field("matchLabels", &LabelSelector::match_labels),
                                                  Field("matchExpressions", &LabelSelector::match_expressions));
};

}  // namespace snapsim::api
