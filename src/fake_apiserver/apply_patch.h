// kubectl's client-side `apply` for an object that already exists: the patch it
// computes from the last-applied configuration (annotation
// kubectl.kubernetes.io/last-applied-configuration), the new configuration and the
// live object — k8s.io/kubectl pkg/cmd/apply Patcher.patchSimple.
//
// Built-in kinds get a three-way strategic merge patch
// (application/strategic-merge-patch+json); kinds outside kubectl's scheme
// (custom resources such as VolumeSnapshot) a three-way JSON merge patch
// (application/merge-patch+json). In both: fields removed from the config since
// the last apply are deleted, fields set in the config override the live object,
// fields only in the live object (status, defaults, other writers) are kept. An
// empty patch means kubectl prints "<resource>/<name> unchanged" and sends nothing.
//
// Callers (the simulated kubectl) pass `modified` as kubectl builds it: the
// manifest, namespace filled in, with the last-applied annotation set to the
// manifest itself (see ModifiedConfiguration).
#pragma once

#include <string>
#include <string_view>

#include "sim/engine/status.h"
#include "src/api/value.h"
#include "src/fake_apiserver/strategic_schema.h"

namespace snapsim::apiserver {

inline constexpr std::string_view kLastAppliedConfigAnnotation =
    "kubectl.kubernetes.io/last-applied-configuration";
inline constexpr std::string_view kStrategicMergePatchContentType =
    "application/strategic-merge-patch+json";
inline constexpr std::string_view kMergePatchContentType = "application/merge-patch+json";

struct ApplyPatch {
  api::Value patch;          // an object; send as compact JSON
  bool empty = true;         // patch is {}: "unchanged", no request
  std::string content_type;  // kStrategicMergePatchContentType or kMergePatchContentType
};

// The patch kubectl apply sends. `last_applied` is the previous configuration
// (null when the live object has none), `modified` the new one, `live` the object
// as read from the server. `strategic`: whether the kind is built-in
// (SupportsStrategicMergePatch); `schema` its StrategicSchema (nullptr = empty).
// Errors: for JSON merge patches, a patch touching apiVersion, kind or
// metadata.name fails with InvalidArgument("At least one of apiVersion, kind and
// name was changed"), kubectl's message; other errors carry the upstream message,
// which kubectl prints wrapped as `error when creating patch with: ...`.
Result<ApplyPatch> ComputeApplyPatch(const api::Value& last_applied, const api::Value& modified,
                                     const api::Value& live, bool strategic,
                                     const StrategicSchema* schema);

// kubectl's GetModifiedConfiguration(annotate=true): `manifest` with
// metadata.annotations[kLastAppliedConfigAnnotation] set to the manifest's own
// compact JSON (HTML-escaped like Go's encoder, ending in "\n"), computed with any
// previous value of that annotation removed and `annotations` present (possibly
// {}), as real last-applied annotations read.
api::Value ModifiedConfiguration(const api::Value& manifest);

// kubectl's GetOriginalConfiguration: the last-applied configuration stored on
// `live`, parsed; null when the annotation is absent, empty or "null". A value that
// is not a JSON object fails as the patch computation would:
// InvalidArgument("invalid JSON document") (strategic) or
// InvalidArgument("Invalid JSON Document") (JSON merge patch).
Result<api::Value> OriginalConfiguration(const api::Value& live, bool strategic);

}  // namespace snapsim::apiserver
