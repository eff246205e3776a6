// Reading `-f FILE` arguments into manifests, as kubectl's resource builder
// does: multi-document YAML or JSON, `kind: List` flattened, each object mapped
// to a kind the server serves in the written version.
//
// Errors are kubectl's:
//   error: the path "x.yaml" does not exist
//   error: error parsing x.yaml: error converting YAML to JSON: yaml: line 3, column 5: ...
//   error: error validating "x.yaml": error validating data: [kind not set]; if you choose to ignore these errors, turn validation off with --validate=false
//   error: resource mapping not found for name: "n" namespace: "" from "x.yaml": no matches for kind "K" in version "g/v"
//   ensure CRDs are installed first
#pragma once

#include <string>
#include <vector>

#include "sim/kubectl/invocation.h"
#include "src/api/value.h"

namespace snapsim::kubectl {

struct Manifest {
  std::string file;              // as named on the command line
  const api::KindInfo* kind;
  std::string api_version;       // as written
  std::string version;           // "v1beta1"
  std::string name;
  std::string namespace_;        // resolved: the manifest's, else -n/default; "" when cluster-scoped
  api::Value body;               // as written, namespace filled in for namespaced kinds
};

// Loads every object of every file, in order. `ns` is the -n namespace (or "default").
// The first error stops loading (kubectl reports it and writes nothing).
Result<std::vector<Manifest>> LoadManifests(Invocation& inv, const std::vector<std::string>& files,
                                            const std::string& ns, bool ns_explicit = false);

}  // namespace snapsim::kubectl
