// StrategicSchema: the patch metadata strategic merge patch needs — for each field
// that holds a list (or object), its declared patchStrategy ("merge", "replace",
// "retainKeys", or "merge,retainKeys") and patchMergeKey — i.e. what upstream reads
// from the Go struct tags (patchStrategy:"merge" patchMergeKey:"name") of k8s.io/api.
//
// A schema is a graph of named struct types; a field names the struct type of its
// value (or of its list's elements). Fields the schema does not list behave as
// upstream's untagged fields: lists are atomic (replaced whole), objects merge.
// Unlike the Go lookup, an unknown field is not an error: the fake apiserver
// rejects unknown fields elsewhere (strict decoding).
//
// StrategicSchemaFor(kind) returns the schema of a built-in kind snapsim holds
// (immutable, process-lifetime); SupportsStrategicMergePatch(kind) says whether
// the apiserver and kubectl treat the kind as built-in. Custom resources (the
// snapshot.storage.k8s.io kinds) do not support strategic merge patch: the
// apiserver answers 415 with StrategicMergeUnsupportedMessage().
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace snapsim::apiserver {

// The patch metadata of one field, as declared upstream.
struct PatchMeta {
  std::vector<std::string> strategies;  // e.g. {"merge"}, {"merge", "retainKeys"}; empty = none
  std::string merge_key;                // e.g. "name"; empty for lists of primitives

  bool has(std::string_view strategy) const;
  // The non-retainKeys strategy ("merge", "replace" or "").
  std::string_view strategy() const;
  bool retain_keys() const { return has("retainKeys"); }
};

class StrategicSchema {
 public:
  struct Field {
    std::string
        type;  // struct type of the value / list element; "" = opaque (primitive, free-form map)
    PatchMeta meta;
  };
  using Struct = std::map<std::string, Field, std::less<>>;
  using Types = std::map<std::string, Struct, std::less<>>;

  // A position in the type graph: a struct type, or nothing known (every lookup
  // from it answers "no metadata").
  class Node {
   public:
    Node() = default;
    // The metadata of `field` of this struct and the node of its value (or, for
    // a list, of its elements).
    std::pair<Node, PatchMeta> Lookup(std::string_view field) const;
    // Upstream's LookupPatchMeta.Name() for error messages: "struct" for a struct type.
    std::string_view name() const;

   private:
    friend class StrategicSchema;
    Node(const Types* types, const Struct* s) : types_(types), struct_(s) {}
    const Types* types_ = nullptr;
    const Struct* struct_ = nullptr;
  };

  StrategicSchema() = default;  // knows nothing: every list atomic, every object merged
  StrategicSchema(std::string root_type, Types types);

  Node Root() const;
  // The metadata of the field at `path`: field names from the object root, list
  // elements adding no component, e.g. {"spec","template","spec","containers"}.
  PatchMeta Lookup(const std::vector<std::string>& path) const;
  const std::string& root_type() const { return root_type_; }

 private:
  std::string root_type_;
  Types types_;
};

// The schema of a built-in kind (Pod, StatefulSet, PersistentVolumeClaim, ...);
// an empty schema for kinds it does not know.
const StrategicSchema& StrategicSchemaFor(std::string_view kind);

// Whether `kind` is a built-in kind (in kubectl's scheme): true for Pod, PVC,
// StatefulSet, ...; false for custom resources such as VolumeSnapshot. kubectl
// apply uses a strategic merge patch for the former, a JSON merge patch for the
// latter; the apiserver rejects strategic merge patches on the latter (415).
bool SupportsStrategicMergePatch(std::string_view kind);

// The message of the apiserver's 415 UnsupportedMediaType answer to a strategic
// merge patch on a custom resource (kubectl prints
// "Error from server (UnsupportedMediaType): <message>"). `server_side_apply`:
// whether the server serves apply patches (every version snapsim models, 1.16+).
std::string StrategicMergeUnsupportedMessage(bool server_side_apply = true);

}  // namespace snapsim::apiserver
