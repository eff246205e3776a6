// Small API types shared by several kind headers (core/v1 and meta/v1 types
// that more than one kind embeds): resource lists, metav1.Condition, node
// selectors. Same mapping rules as reflect.h: a Go pointer is std::optional,
// a Go value struct is a plain member, a field without `omitempty` is kAlways.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "src/api/quantity.h"
#include "src/api/reflect.h"

namespace snapsim::api {

// core/v1 ResourceList: "storage" -> 20Gi, "cpu" -> 500m.
using ResourceList = std::map<std::string, Quantity>;

// meta/v1 Condition (Service status, and most newer APIs).
struct MetaCondition {
  std::string type;
  std::string status;  // "True" | "False" | "Unknown"
  std::int64_t observed_generation = 0;
  std::optional<std::string> last_transition_time;  // metav1.Time value: null when unset
  std::string reason;
  std::string message;
};

// core/v1 NodeSelector and friends (PersistentVolume nodeAffinity).
struct NodeSelectorRequirement {
  std::string key;
  std::string operator_;  // In | NotIn | Exists | DoesNotExist | Gt | Lt
  std::vector<std::string> values;
};

struct NodeSelectorTerm {
  std::vector<NodeSelectorRequirement> match_expressions;
  std::vector<NodeSelectorRequirement> match_fields;
};

struct NodeSelector {
  std::vector<NodeSelectorTerm> node_selector_terms;
};

// core/v1 SecretReference: a secret in any namespace (CSI secret refs).
struct SecretReference {
  std::string name;
  std::string namespace_;
};

template <>
struct Reflect<MetaCondition> {
  static constexpr std::string_view kGoName = "Condition";
  static constexpr auto kFields =
      std::make_tuple(Field("type", &MetaCondition::type, kAlways),
                      Field("status", &MetaCondition::status, kAlways),
                      Field("observedGeneration", &MetaCondition::observed_generation),
                      Field("lastTransitionTime", &MetaCondition::last_transition_time, kAlways),
                      Field("reason", &MetaCondition::reason, kAlways),
                      Field("message", &MetaCondition::message, kAlways));
};

template <>
struct Reflect<NodeSelectorRequirement> {
  static constexpr std::string_view kGoName = "NodeSelectorRequirement";
  static constexpr auto kFields =
      std::make_tuple(Field("key", &NodeSelectorRequirement::key, kAlways),
                      Field("operator", &NodeSelectorRequirement::operator_, kAlways),
                      Field("values", &NodeSelectorRequirement::values));
};

template <>
struct Reflect<NodeSelectorTerm> {
  static constexpr std::string_view kGoName = "NodeSelectorTerm";
  static constexpr auto kFields =
      std::make_tuple(Field("matchExpressions", &NodeSelectorTerm::match_expressions),
                      Field("matchFields", &NodeSelectorTerm::match_fields));
};

template <>
struct Reflect<NodeSelector> {
  static constexpr std::string_view kGoName = "NodeSelector";
  static constexpr auto kFields =
      std::make_tuple(Field("nodeSelectorTerms", &NodeSelector::node_selector_terms, kAlways));
};

template <>
struct Reflect<SecretReference> {
  static constexpr std::string_view kGoName = "SecretReference";
  static constexpr auto kFields = std::make_tuple(Field("name", &SecretReference::name),
                                                  Field("namespace", &SecretReference::namespace_));
};

}  // namespace snapsim::api
