// Validation of API objects on create and update, with the real messages.
//
// Three sources of rules, as on a real cluster:
//  - core/apps/storage validation compiled into kube-apiserver (field errors → 422 Invalid);
//  - CRD OpenAPI schema and CEL rules for the snapshot kinds (422 Invalid), which
//    serve from snapshot-controller v8 (Kubernetes 1.30 here);
//  - before that, external-snapshotter's validating webhook, whose denials are
//    400 BadRequest "admission webhook ... denied the request: ...".
// v1beta1 snapshot objects were never checked by the schema (§1.5 of the
// semantics reference): they are validated by the webhook era rules only.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "src/api/object.h"
#include "src/fake_apiserver/api_error.h"

namespace snapsim::apiserver {

struct ValidationContext {
  int kube_minor = 22;
  std::string_view submitted_version;  // the apiVersion's version as the client sent it; "" = storage version
  // The request body as sent (JSON form), when the request had one: the schema's
  // "Required" rules need to tell an absent field from an empty one, which the
  // typed object cannot. Null for in-process clients, which never omit fields.
  const api::Value* body = nullptr;
};

struct ValidationResult {
  std::vector<FieldError> errors;              // → 422 Invalid
  std::optional<std::string> webhook_denial;   // → 400 BadRequest from the admission webhook
  bool ok() const { return errors.empty() && !webhook_denial; }
};

// The name of external-snapshotter's validating webhook, as kubectl shows it.
inline constexpr std::string_view kSnapshotWebhookName = "validation-webhook.snapshot.storage.k8s.io";

// True iff the cluster version serves snapshot CRDs with CEL validation rules.
bool SnapshotCelEra(int kube_minor);

class Validator {
 public:
  // `old` is null on create.
  ValidationResult Validate(const api::Object& obj, const api::Object* old, const ValidationContext& ctx) const;
};

// Rules shared by every kind: metadata.name / generateName and namespace format.
void ValidateObjectMeta(const api::Object& obj, const api::Object* old, std::vector<FieldError>& errors);
// Per-group rules, each in its own file.
void ValidateSnapshotKinds(const api::Object& obj, const api::Object* old, const ValidationContext& ctx,
                           ValidationResult& out);
void ValidateCoreKinds(const api::Object& obj, const api::Object* old, const ValidationContext& ctx,
                       ValidationResult& out);

// "a lowercase RFC 1123 subdomain must consist of ..." when `name` is not one; "" otherwise.
std::string CheckDns1123Subdomain(std::string_view name);
std::string CheckDns1123Label(std::string_view name);
// validation.IsQualifiedName / IsValidLabelValue: the reasons `value` is not one (empty when it is).
std::vector<std::string> QualifiedNameErrors(std::string_view value);
std::vector<std::string> LabelValueErrors(std::string_view value);

}  // namespace snapsim::apiserver
