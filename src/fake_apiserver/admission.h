// Admission plugins of a stock kube-apiserver that storage workflows meet.
//
// DefaultStorageClass: a PVC created without spec.storageClassName gets the
// cluster's default StorageClass (annotation
// storageclass.kubernetes.io/is-default-class: "true", or the beta one). With
// several defaults, 1.26+ picks the newest; older servers refuse with
// "Internal error occurred: 2 default StorageClasses were found".
#pragma once

#include <optional>

#include "src/api/object.h"
#include "src/fake_apiserver/api_error.h"

namespace snapsim::apiserver {

class ApiServer;

// Mutates `obj` on create as the admission chain would; an error rejects the request.
std::optional<ApiError> AdmitCreate(const ApiServer& server, api::Object& obj);

}  // namespace snapsim::apiserver
