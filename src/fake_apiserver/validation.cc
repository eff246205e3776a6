#include "src/fake_apiserver/validation.h"

#include <regex>

#include <fmt/format.h>

namespace snapsim::apiserver {

bool SnapshotCelEra(int kube_minor) { return kube_minor >= 30; }

std::string CheckDns1123Subdomain(std::string_view name) {
  static const std::regex kRe(R"([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)");
  if (name.size() > 253) return "must be no more than 253 characters";
  if (std::regex_match(name.begin(), name.end(), kRe)) return "";
  return "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and "
         "must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is "
         "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
}

std::string CheckDns1123Label(std::string_view name) {
  static const std::regex kRe(R"([a-z0-9]([-a-z0-9]*[a-z0-9])?)");
  if (name.size() > 63) return "must be no more than 63 characters";
  if (std::regex_match(name.begin(), name.end(), kRe)) return "";
  return "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start "
         "and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is "
         "'[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
}

void ValidateObjectMeta(const api::Object& obj, const api::Object* old, std::vector<FieldError>& errors) {
  const api::ObjectMeta& m = obj.metadata;
  if (m.name.empty() && m.generate_name.empty()) {
    errors.push_back(FieldError::Required("metadata.name", "name or generateName is required"));
  } else if (!m.name.empty()) {
    // Namespaces and a few other kinds need DNS labels; most need subdomains.
    bool label = obj.kind_info().kind == "Namespace" || obj.kind_info().kind == "Service";
    std::string why = label ? CheckDns1123Label(m.name) : CheckDns1123Subdomain(m.name);
    if (!why.empty()) errors.push_back(FieldError::Invalid("metadata.name", Quote(m.name), why));
  }
  if (old != nullptr) {
    if (old->metadata.uid != m.uid && !m.uid.empty()) {
      errors.push_back(FieldError::Invalid("metadata.uid", Quote(m.uid), "field is immutable"));
    }
  }
  for (const auto& [k, v] : m.labels) {
    if (v.size() > 63) {
      errors.push_back(FieldError::Invalid(fmt::format("metadata.labels"), Quote(v),
                                           "must be no more than 63 characters"));
    }
  }
}

ValidationResult Validator::Validate(const api::Object& obj, const api::Object* old,
                                     const ValidationContext& ctx) const {
  ValidationResult out;
  ValidateObjectMeta(obj, old, out.errors);
  const api::KindInfo& kind = obj.kind_info();
  if (kind.group == "snapshot.storage.k8s.io") {
    ValidateSnapshotKinds(obj, old, ctx, out);
  } else {
    ValidateCoreKinds(obj, old, ctx, out);
  }
  return out;
}

}  // namespace snapsim::apiserver
