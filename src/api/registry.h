// The kinds snapsim holds, and how names map to them.
//
// kubectl resolves a resource argument the way real kubectl's RESTMapper does
// from discovery: plural, singular, short name, Kind (any case), and the fully
// qualified forms "plural.group" / "singular.version.group".
#pragma once

#include <string_view>
#include <vector>

#include "sim/engine/status.h"
#include "src/api/object.h"

namespace snapsim::api {

// Every kind, in a fixed order (core group first, then by group).
const std::vector<const KindInfo*>& AllKinds();

// The kind named `kind` in `group`; nullptr if snapsim does not hold it.
const KindInfo* FindKind(std::string_view group, std::string_view kind);

// The kind a kubectl resource argument names ("vs", "pvc", "volumesnapshots.snapshot.storage.k8s.io",
// "VolumeSnapshotContent", "sts.v1.apps"); nullptr if none.
const KindInfo* ResolveResource(std::string_view name);

// Splits "group/version" ("v1" for core).
struct GroupVersion {
  std::string_view group;
  std::string_view version;
};
GroupVersion ParseApiVersion(std::string_view api_version);

// A manifest decoded into a typed object, as written (before defaulting and validation).
struct DecodedManifest {
  MutableObjectPtr object;
  std::string api_version;           // as written, e.g. "snapshot.storage.k8s.io/v1beta1"
  std::vector<DecodeIssue> issues;   // unknown fields, wrong types, invalid values
};

// Decodes a manifest. Fails when apiVersion or kind is missing or names a kind
// snapsim does not hold (whether that version is *served* is the API server's call).
Result<DecodedManifest> DecodeManifest(const Value& manifest);

}  // namespace snapsim::api
