#include "src/fake_apiserver/validation.h"

#include <cctype>
#include <unordered_set>

#include <fmt/format.h>

namespace snapsim::apiserver {

bool SnapshotCelEra(int kube_minor) { return kube_minor >= 30; }

namespace {

// Hand-written matchers for apimachinery's name regexes (std::regex costs microseconds
// per match, and every write validates several names).
bool IsLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool IsAlnum(char c) { return IsLowerAlnum(c) || (c >= 'A' && c <= 'Z'); }

// [a-z0-9]([-a-z0-9]*[a-z0-9])?
bool MatchesDns1123Label(std::string_view s) {
  if (s.empty() || !IsLowerAlnum(s.front()) || !IsLowerAlnum(s.back())) return false;
  for (char c : s) {
    if (!IsLowerAlnum(c) && c != '-') return false;
  }
  return true;
}

// [a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*
bool MatchesDns1123Subdomain(std::string_view s) {
  std::size_t pos = 0;
  while (true) {
    std::size_t dot = s.find('.', pos);
    std::string_view part = s.substr(pos, dot == std::string_view::npos ? std::string_view::npos : dot - pos);
    if (!MatchesDns1123Label(part)) return false;
    if (dot == std::string_view::npos) return true;
    pos = dot + 1;
  }
}

// ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]
bool MatchesQualifiedName(std::string_view s) {
  if (s.empty() || !IsAlnum(s.front()) || !IsAlnum(s.back())) return false;
  for (char c : s) {
    if (!IsAlnum(c) && c != '-' && c != '_' && c != '.') return false;
  }
  return true;
}

}  // namespace

std::string CheckDns1123Subdomain(std::string_view name) {
  if (name.size() > 253) return "must be no more than 253 characters";
  if (MatchesDns1123Subdomain(name)) return "";
  return "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and "
         "must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is "
         "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
}

std::string CheckDns1123Label(std::string_view name) {
  if (name.size() > 63) return "must be no more than 63 characters";
  if (MatchesDns1123Label(name)) return "";
  return "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start "
         "and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is "
         "'[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
}

namespace {
constexpr std::string_view kQualifiedNameMsg =
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
    "alphanumeric "
    "character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
    "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

}  // namespace

// validation.IsValidLabelValue.
std::vector<std::string> LabelValueErrors(std::string_view v) {
  std::vector<std::string> errs;
  if (v.size() > 63) errs.push_back("must be no more than 63 characters");
  if (!v.empty() && !MatchesQualifiedName(v)) {
    errs.push_back(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or "
        "'.', and must "
        "start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or "
        "'12345', regex used "
        "for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')");
  }
  return errs;
}

// validation.IsQualifiedName.
std::vector<std::string> QualifiedNameErrors(std::string_view value) {
  std::vector<std::string> errs;
  std::vector<std::string_view> parts;
  std::size_t pos = 0;
  while (true) {
    std::size_t slash = value.find('/', pos);
    parts.push_back(
        value.substr(pos, slash == std::string_view::npos ? std::string_view::npos : slash - pos));
    if (slash == std::string_view::npos) break;
    pos = slash + 1;
  }
  std::string_view name;
  if (parts.size() == 1) {
    name = parts[0];
  } else if (parts.size() == 2) {
    if (parts[0].empty()) {
      errs.push_back("prefix part must be non-empty");
    } else if (std::string why = CheckDns1123Subdomain(parts[0]); !why.empty()) {
      errs.push_back("prefix part " + why);
    }
    name = parts[1];
  } else {
    errs.push_back(
        fmt::format("a qualified name {} with an optional DNS subdomain prefix and '/' (e.g. "
                    "'example.com/MyName')",
                    kQualifiedNameMsg));
    return errs;
  }
  if (name.empty()) {
    errs.push_back("name part must be non-empty");
  } else if (name.size() > 63) {
    errs.push_back("name part must be no more than 63 characters");
  }
  if (!MatchesQualifiedName(name))
    errs.push_back(fmt::format("name part {}", kQualifiedNameMsg));
  return errs;
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
  // The name checks are pure functions and writes repeat the same few keys and values:
  // each thread remembers (up to a bound) the strings that passed.
  thread_local std::unordered_set<std::string> good_label_keys, good_label_values, good_annotation_keys;
  auto passed = [](std::unordered_set<std::string>& good, const std::string& s) { return good.count(s) != 0; };
  auto remember = [](std::unordered_set<std::string>& good, const std::string& s) {
    if (good.size() < 4096) good.insert(s);
  };
  for (const auto& [k, v] : m.labels) {
    if (!passed(good_label_keys, k)) {
      auto whys = QualifiedNameErrors(k);
      for (const auto& why : whys) errors.push_back(FieldError::Invalid("metadata.labels", Quote(k), why));
      if (whys.empty()) remember(good_label_keys, k);
    }
    if (!passed(good_label_values, v)) {
      auto whys = LabelValueErrors(v);
      for (const auto& why : whys) errors.push_back(FieldError::Invalid("metadata.labels", Quote(v), why));
      if (whys.empty()) remember(good_label_values, v);
    }
  }
  std::size_t annotation_bytes = 0;
  for (const auto& [k, v] : m.annotations) {
    annotation_bytes += k.size() + v.size();
    if (passed(good_annotation_keys, k)) continue;
    std::string lower = k;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto whys = QualifiedNameErrors(lower);
    for (const auto& why : whys) errors.push_back(FieldError::Invalid("metadata.annotations", Quote(k), why));
    if (whys.empty()) remember(good_annotation_keys, k);
  }
  if (annotation_bytes > 256 * 1024) {
    errors.push_back(FieldError{FieldError::Type::kTooLong, "metadata.annotations", "", "must have at most 262144 bytes"});
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
