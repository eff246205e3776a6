// Decoding a request body into a typed object the way kube-apiserver does it,
// with its error messages:
//  - unknown fields (strict field validation, the kubectl default since 1.25):
//      400 `VolumeSnapshot in version "v1" cannot be handled as a VolumeSnapshot:
//           strict decoding error: unknown field "spec.foo", unknown field "bar"`
//  - a wrong JSON type in a built-in kind (Go's encoding/json):
//      400 `... cannot be handled as a PersistentVolumeClaim: json: cannot unmarshal
//           number into Go struct field PersistentVolumeClaimSpec.spec.storageClassName of type string`
//  - a wrong type in a custom resource (the CRD's OpenAPI schema):
//      422 `VolumeSnapshotClass.snapshot.storage.k8s.io "x" is invalid:
//           parameters.days: Invalid value: "integer": parameters.days in body must be of type string: "integer"`
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "src/api/object.h"
#include "src/api/value.h"
#include "src/fake_apiserver/api_error.h"

namespace snapsim::apiserver {

// The fieldValidation query parameter kubectl's --validate selects:
// Strict rejects unknown fields, Warn drops them with a warning each, Ignore drops them.
enum class FieldValidation { kStrict, kWarn, kIgnore };

// Decodes `body` (a full object with apiVersion/kind) as `kind`, written in `version`.
// With kWarn, one "unknown field \"<path>\"" warning per dropped field goes to `warnings`.
ApiResult<api::MutableObjectPtr> DecodeBody(const api::Value& body, const api::KindInfo& kind,
                                            std::string_view version,
                                            FieldValidation validation = FieldValidation::kStrict,
                                            std::vector<std::string>* warnings = nullptr);

}  // namespace snapsim::apiserver
