// Admission plugins of a stock kube-apiserver that storage workflows meet.
//
// StorageObjectInUseProtection: a new PVC gets the finalizer
// kubernetes.io/pvc-protection and a new PV kubernetes.io/pv-protection; the
// protection controllers in kube-controller-manager remove them once unused.
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

// ClusterIP allocation: a Service without spec.clusterIP gets a free address
// of the service range (ACK's default 172.21.0.0/20), drawn from the
// simulation's generator; "None" (headless) and ExternalName get none.

// Mutates `obj` on create as the admission chain would; an error rejects the request.
std::optional<ApiError> AdmitCreate(ApiServer& server, api::Object& obj);

}  // namespace snapsim::apiserver
