// The API server's defaulting of built-in kinds, so that `kubectl get -o yaml`
// shows what a real 1.18–1.30 server shows after a write.
//
// ApplyDefaults covers, per kind: the scheme's SetDefaults_* functions (run on
// every decode), the version conversion's side effects (Secret stringData is
// merged into data; PodSpec serviceAccount mirrors serviceAccountName), and the
// create-time additions a stock server makes: mutating admission on Pods
// (ServiceAccount name, Priority, DefaultTolerationSeconds), registry strategy
// fields (Pod status phase/qosClass, Namespace "kubernetes" finalizer, PVC
// dataSourceRef, Service clusterIPs/ipFamilies). Fields a controller or an
// allocator owns (cluster IPs, node ports, timestamps, UIDs, the service
// account token volume) are left to their owners.
//
// Every step only fills what is unset, so applying twice changes nothing.
// Features are gated by the minor version where they became enabled by
// default (e.g. PVC retention policy on StatefulSets from 1.27).
// Called by the fake API server on create and update; kinds with no defaults
// (CSINode, VolumeAttachment, Event, ConfigMap, snapshot CRs) are left as is.
#pragma once

#include <string>
#include <string_view>

#include "src/api/kinds.h"

namespace snapsim::api {

enum class WriteKind { kCreate, kUpdate };

// Defaults `obj` in place, as the API server of Kubernetes 1.<kube_minor> does on
// a write of that kind. Create-only steps (the Namespace finalizer, which the
// namespace controller may later remove) are skipped for kUpdate.
void ApplyDefaults(Object& obj, int kube_minor, WriteKind write = WriteKind::kCreate);

// The pieces, for controllers that build objects in memory (e.g. the
// StatefulSet controller stamping a Pod from its template).
void DefaultPodSpec(PodSpec& spec,
                    int kube_minor);        // SetDefaults_PodSpec and below (templates too)
void DefaultPod(Pod& pod, int kube_minor);  // the above + Pod-only defaults and admission
void DefaultPersistentVolumeClaimSpec(PersistentVolumeClaimSpec& spec);

// "Always" when the image has no tag (or tag "latest") and no digest, else "IfNotPresent".
std::string DefaultImagePullPolicy(std::string_view image);
// The pod's QoS class: "Guaranteed", "Burstable" or "BestEffort".
std::string PodQosClass(const PodSpec& spec);

}  // namespace snapsim::api
