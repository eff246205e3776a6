// apiextensions.k8s.io/v1 CustomResourceDefinition (k8s.io/apiextensions-apiserver
// pkg/apis/apiextensions/v1 as of Kubernetes 1.30). The OpenAPI schema,
// subresources and conversion are opaque Values: the fake API server reads
// them, the codec only keeps them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "src/api/object.h"

namespace snapsim::api {

struct CustomResourceDefinitionNames {
  std::string plural;
  std::string singular;
  std::vector<std::string> short_names;
  std::string kind;
  std::string list_kind;
  std::vector<std::string> categories;
};

struct CustomResourceColumnDefinition {
  std::string name;
  std::string type;
  std::string format;
  std::string description;
  std::int32_t priority = 0;
  std::string json_path;
};

struct CustomResourceDefinitionVersion {
  std::string name;
  bool served = false;
  bool storage = false;
  bool deprecated = false;
  std::optional<std::string> deprecation_warning;
  Value schema;        // *CustomResourceValidation: {openAPIV3Schema: ...}
  Value subresources;  // *CustomResourceSubresources: {status: {}, scale: ...}
  std::vector<CustomResourceColumnDefinition> additional_printer_columns;
  std::vector<Value> selectable_fields;
};

struct CustomResourceDefinitionSpec {
  std::string group;
  CustomResourceDefinitionNames names;
  std::string scope;  // Namespaced | Cluster
  std::vector<CustomResourceDefinitionVersion> versions;
  Value conversion;  // *CustomResourceConversion
  bool preserve_unknown_fields = false;
};

struct CustomResourceDefinitionCondition {
  std::string type;  // Established | NamesAccepted | NonStructuralSchema | Terminating |
                     // KubernetesAPIApprovalPolicyConformant
  std::string status;
  std::optional<std::string> last_transition_time;
  std::string reason;
  std::string message;
};

// Go nil slices (null) and empty slices ([]) both occur here and print differently.
struct CustomResourceDefinitionStatus {
  std::optional<std::vector<CustomResourceDefinitionCondition>> conditions;
  CustomResourceDefinitionNames accepted_names;
  std::optional<std::vector<std::string>> stored_versions;
};

struct CustomResourceDefinition : ObjectOf<CustomResourceDefinition> {
  CustomResourceDefinitionSpec spec;
  CustomResourceDefinitionStatus status;
  static const KindInfo& Info();
};

template <>
struct Reflect<CustomResourceDefinitionNames> {
  using S = CustomResourceDefinitionNames;
  static constexpr std::string_view kGoName = "CustomResourceDefinitionNames";
  static constexpr auto kFields =
      std::make_tuple(Field("plural", &S::plural, kAlways), Field("singular", &S::singular),
                      Field("shortNames", &S::short_names), Field("kind", &S::kind, kAlways),
                      Field("listKind", &S::list_kind), Field("categories", &S::categories));
};

template <>
struct Reflect<CustomResourceColumnDefinition> {
  using S = CustomResourceColumnDefinition;
  static constexpr std::string_view kGoName = "CustomResourceColumnDefinition";
  static constexpr auto kFields =
      std::make_tuple(Field("name", &S::name, kAlways), Field("type", &S::type, kAlways),
                      Field("format", &S::format), Field("description", &S::description),
                      Field("priority", &S::priority), Field("jsonPath", &S::json_path, kAlways));
};

template <>
struct Reflect<CustomResourceDefinitionVersion> {
  using S = CustomResourceDefinitionVersion;
  static constexpr std::string_view kGoName = "CustomResourceDefinitionVersion";
  static constexpr auto kFields =
      std::make_tuple(Field("name", &S::name, kAlways), Field("served", &S::served, kAlways),
                      Field("storage", &S::storage, kAlways), Field("deprecated", &S::deprecated),
                      Field("deprecationWarning", &S::deprecation_warning),
                      Field("schema", &S::schema), Field("subresources", &S::subresources),
                      Field("additionalPrinterColumns", &S::additional_printer_columns),
                      Field("selectableFields", &S::selectable_fields));
};

template <>
struct Reflect<CustomResourceDefinitionSpec> {
  using S = CustomResourceDefinitionSpec;
  static constexpr std::string_view kGoName = "CustomResourceDefinitionSpec";
  static constexpr auto kFields =
      std::make_tuple(Field("group", &S::group, kAlways), Field("names", &S::names, kAlways),
                      Field("scope", &S::scope, kAlways), Field("versions", &S::versions, kAlways),
                      Field("conversion", &S::conversion),
                      Field("preserveUnknownFields", &S::preserve_unknown_fields));
};

template <>
struct Reflect<CustomResourceDefinitionCondition> {
  using S = CustomResourceDefinitionCondition;
  static constexpr std::string_view kGoName = "CustomResourceDefinitionCondition";
  static constexpr auto kFields =
      std::make_tuple(Field("type", &S::type, kAlways), Field("status", &S::status, kAlways),
                      Field("lastTransitionTime", &S::last_transition_time, kAlways),
                      Field("reason", &S::reason), Field("message", &S::message));
};

template <>
struct Reflect<CustomResourceDefinitionStatus> {
  using S = CustomResourceDefinitionStatus;
  static constexpr std::string_view kGoName = "CustomResourceDefinitionStatus";
  static constexpr auto kFields =
      std::make_tuple(Field("conditions", &S::conditions, kAlways),
                      Field("acceptedNames", &S::accepted_names, kAlways),
                      Field("storedVersions", &S::stored_versions, kAlways));
};

template <>
struct Reflect<CustomResourceDefinition> {
  static constexpr std::string_view kGoName = "CustomResourceDefinition";
  static constexpr auto kFields =
      std::make_tuple(Field("metadata", &CustomResourceDefinition::metadata, kAlways),
                      Field("spec", &CustomResourceDefinition::spec, kAlways),
                      Field("status", &CustomResourceDefinition::status, kAlways));
};

extern template Value Encode<CustomResourceDefinition>(const CustomResourceDefinition&);
extern template void Decode<CustomResourceDefinition>(const Value&, CustomResourceDefinition&,
                                                      DecodeContext&);

// Their Object members are compiled once, in kinds_apiext.cc (object_of.h).
extern template class ObjectOf<CustomResourceDefinition>;

}  // namespace snapsim::api
