// Validation compiled into kube-apiserver for the built-in kinds snapsim holds.
#include "src/fake_apiserver/validation.h"

namespace snapsim::apiserver {

void ValidateCoreKinds(const api::Object&, const api::Object*, const ValidationContext&, ValidationResult&) {}

}  // namespace snapsim::apiserver
