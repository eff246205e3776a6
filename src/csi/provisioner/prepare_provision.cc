// ExternalProvisioner::PrepareProvision (csiProvisioner.prepareProvision): the checks and
// the CreateVolumeRequest — data source, driver capabilities, fsType, capabilities,
// content source and the snapshot's finalizer, topology, secrets, parameters.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "src/csi/provisioner/provisioner.h"
#include "src/csi/provisioner/topology.h"

namespace snapsim::csi::provisioner {
namespace {

using State = ExternalProvisioner::State;
using Failure = ExternalProvisioner::Failure;

bool HasCapability(const disk::ControllerGetCapabilitiesResponse& caps,
                   disk::ControllerCapability c) {
  return std::find(caps.capabilities.begin(), caps.capabilities.end(), c) != caps.capabilities.end();
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// accessmodes.ToCSIAccessMode for one mode, without SINGLE_NODE_MULTI_WRITER support.
Result<disk::VolumeCapability::AccessMode, std::string> ToCsiAccessMode(const std::string& mode) {
  using M = disk::VolumeCapability::AccessMode;
  if (mode == "ReadWriteOncePod" || mode == "ReadWriteOnce") return M::kSingleNodeWriter;
  if (mode == "ReadWriteMany") return M::kMultiNodeMultiWriter;
  if (mode == "ReadOnlyMany") return M::kMultiNodeReaderOnly;
  return std::string("unsupported AccessMode");
}

// The well-known reserved keys removePrefixedParameters strips.
bool IsKnownPrefixedKey(std::string_view k) {
  static const char* const kKnown[] = {
      "fstype",
      "provisioner-secret-name",
      "provisioner-secret-namespace",
      "controller-publish-secret-name",
      "controller-publish-secret-namespace",
      "node-stage-secret-name",
      "node-stage-secret-namespace",
      "node-publish-secret-name",
      "node-publish-secret-namespace",
      "controller-expand-secret-name",
      "controller-expand-secret-namespace",
      "secret-name",
      "secret-namespace",
      "node-expand-secret-name",
      "node-expand-secret-namespace",
      "controller-modify-secret-name",
      "controller-modify-secret-namespace",
  };
  std::string_view rest = k.substr(kCsiParameterPrefix.size());
  return std::any_of(std::begin(kKnown), std::end(kKnown),
                     [&](const char* known) { return rest == known; });
}

struct TemplateError {
  std::string message;
};

// Resolves ${pv.name}, ${pvc.name}, ${pvc.namespace} in a secret template.
Result<std::string, TemplateError> ResolveTemplate(const std::string& t,
                                                 const std::map<std::string, std::string>& params) {
  std::string out;
  std::vector<std::string> missing;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t[i] == '$' && i + 1 < t.size() && t[i + 1] == '{') {
      std::size_t end = t.find('}', i);
      if (end != std::string::npos) {
        std::string key = t.substr(i + 2, end - i - 2);
        auto it = params.find(key);
        if (it == params.end()) {
          missing.push_back(key);
        } else {
          out += it->second;
        }
        i = end;
        continue;
      }
    }
    out += t[i];
  }
  if (!missing.empty()) {
    std::string list;
    for (const auto& m : missing) list += (list.empty() ? "\"" : " \"") + m + "\"";
    return TemplateError{fmt::format("invalid tokens: [{}]", list)};
  }
  return out;
}

struct SecretKeys {
  std::string_view what;  // "Provisioner", ...
  std::string name_key;
  std::string namespace_key;
};

// getSecretReference for one secret kind (prefixed keys, then the default secret keys).
Result<std::optional<api::SecretReference>, std::string> SecretRef(
    const SecretKeys& keys, const std::map<std::string, std::string>& params,
    const std::string& pv_name, const api::PersistentVolumeClaim& claim) {
  auto find = [&](const std::string& k) -> const std::string* {
    auto it = params.find(k);
    return it == params.end() ? nullptr : &it->second;
  };
  const std::string* name = find(keys.name_key);
  const std::string* ns = find(keys.namespace_key);
  if (name == nullptr && ns == nullptr) {
    name = find(std::string(kCsiParameterPrefix) + "secret-name");
    ns = find(std::string(kCsiParameterPrefix) + "secret-namespace");
  }
  if (name == nullptr && ns == nullptr) return std::optional<api::SecretReference>();
  if ((name == nullptr) != (ns == nullptr)) {
    return fmt::format("failed to get name and namespace template from params: either name and "
                       "namespace for {} secrets specified, Both must be specified",
                       keys.what);
  }
  if (name->empty() || ns->empty()) {
    return fmt::format("failed to get name and namespace template from params: {} secrets "
                       "specified in parameters but value of either namespace or name is empty",
                       keys.what);
  }
  api::SecretReference ref;
  auto rns = ResolveTemplate(*ns, {{"pv.name", pv_name}, {"pvc.namespace", claim.metadata.namespace_}});
  if (!rns.ok()) return fmt::format("error resolving value \"{}\": {}", *ns, rns.error().message);
  ref.namespace_ = *rns;
  auto rname = ResolveTemplate(*name, {{"pv.name", pv_name},
                                       {"pvc.name", claim.metadata.name},
                                       {"pvc.namespace", claim.metadata.namespace_}});
  if (!rname.ok()) return fmt::format("error resolving value \"{}\": {}", *name, rname.error().message);
  ref.name = *rname;
  return std::optional<api::SecretReference>(ref);
}

}  // namespace

Result<disk::Secrets, std::string> ExternalProvisioner::Credentials(const std::string& name,
                                                                    const std::string& ns) {
  auto r = server_.Get(api::Secret::Info(), ns, name, Ctx());
  if (!r.ok()) {
    return fmt::format("error getting secret {} in namespace {}: {}", name, ns, r.error().message());
  }
  disk::Secrets out;
  for (const auto& [k, v] : api::As<api::Secret>(*r)->data) {
    auto decoded = api::Base64Decode(v);
    out[k] = decoded.ok() ? *decoded : v;
  }
  return out;
}

Result<ExternalProvisioner::Prepared, ExternalProvisioner::Failure>
ExternalProvisioner::PrepareProvision(const api::PersistentVolumeClaim& claim,
                                      const api::StorageClass& sc, const api::Node* selected_node) {
  auto ds = NormalizeDataSource(claim);
  if (!ds.ok()) return ds.error();
  bool snapshot = false;
  bool clone = false;
  if (*ds) {
    const DataSource& d = **ds;
    if (d.name.empty()) {
      return Failure{State::kFinished,
                     fmt::format("the PVC source not found for PVC {}", claim.metadata.name)};
    }
    if (d.kind == kSnapshotKind) {
      if (d.api_group != kSnapshotApiGroup) {
        return Failure{State::kFinished,
                       fmt::format("the PVC source does not belong to the right APIGroup. "
                                   "Expected {}, Got {}",
                                   kSnapshotApiGroup, d.api_group)};
      }
      snapshot = true;
    } else if (d.kind == kPvcKind) {
      clone = true;
    } else {
      recorder_.Normal(claim, kEventProvisioning,
                       "Assuming an external populator will provision the volume");
      return Failure{State::kFinished, "", /*ignored=*/true};
    }
  }
  const auto caps = driver_.ControllerGetCapabilities();
  if (!HasCapability(caps, disk::ControllerCapability::kCreateDeleteVolume)) {
    return Failure{State::kFinished,
                   "CSI driver does not support dynamic provisioning: controller "
                   "CREATE_DELETE_VOLUME capability is not reported"};
  }
  if (snapshot && !HasCapability(caps, disk::ControllerCapability::kCreateDeleteSnapshot)) {
    return Failure{State::kFinished,
                   "CSI driver does not support snapshot restore: controller "
                   "CREATE_DELETE_SNAPSHOT capability is not reported"};
  }
  if (clone && !HasCapability(caps, disk::ControllerCapability::kCloneVolume)) {
    return Failure{State::kFinished,
                   "CSI driver does not support clone operations: controller CLONE_VOLUME "
                   "capability is not reported"};
  }
  if (clone) {
    return Failure{State::kFinished, "unsupported: PVC-to-PVC clone is not modelled"};
  }
  if (claim.spec.selector) return Failure{State::kFinished, "claim Selector is not supported"};

  Prepared p;
  const std::string pv_name = "pvc-" + claim.metadata.uid;
  int fs_types_found = 0;
  for (const auto& [k, v] : sc.parameters) {
    if (Lower(k) == "fstype" || k == kPrefixedFsTypeKey) {
      p.fs_type = v;
      ++fs_types_found;
    }
  }
  if (fs_types_found > 1) {
    return Failure{State::kFinished,
                   fmt::format("fstype specified in parameters with both \"fstype\" and \"{}\" keys",
                               kPrefixedFsTypeKey)};
  }
  if (p.fs_type.empty()) p.fs_type = options_.default_fs_type;

  std::int64_t size = 0;
  if (auto it = claim.spec.resources.requests.find("storage");
      it != claim.spec.resources.requests.end()) {
    size = it->second.Value();
  }
  bool block = claim.spec.volume_mode && *claim.spec.volume_mode == "Block";
  for (const auto& mode : claim.spec.access_modes) {
    auto m = ToCsiAccessMode(mode);
    if (!m.ok()) return Failure{State::kFinished, m.error()};
    disk::VolumeCapability cap;
    cap.access_mode = *m;
    cap.block = block;
    if (!block) {
      cap.fs_type = p.fs_type;
      cap.mount_flags = sc.mount_options;
    }
    p.req.volume_capabilities.push_back(std::move(cap));
  }
  p.req.name = pv_name;
  p.req.capacity_range = disk::CapacityRange{.required_bytes = size};

  if (snapshot) {
    auto source = SnapshotSource(claim, sc, **ds);
    if (!source.ok()) {
      return Failure{State::kNoChange,
                     fmt::format("error getting handle for DataSource Type {} by Name {}: {}",
                                 (*ds)->kind, (*ds)->name, source.error())};
    }
    p.req.volume_content_source = *source;
    Status st = SetSnapshotFinalizer(**ds);
    if (!st.ok()) return Failure{State::kNoChange, st.message()};
  }

  // Topology (the driver reports VOLUME_ACCESSIBILITY_CONSTRAINTS).
  TopologyInputs topo;
  topo.driver = disk::kDriverName;
  topo.claim_name = claim.metadata.name;
  topo.allowed_topologies = &sc.allowed_topologies;
  topo.selected_node = selected_node;
  topo.strict_topology = options_.strict_topology;
  topo.immediate_topology = options_.immediate_topology;
  for (const auto& o : csinode_informer_.List()) topo.csi_nodes.push_back(api::As<api::CSINode>(o));
  for (const auto& o : node_informer_.List()) topo.nodes.push_back(api::As<api::Node>(o));
  auto requirements = GenerateAccessibilityRequirements(topo);
  if (!requirements.ok()) {
    if (requirements.error().not_found) {
      return Failure{State::kReschedule, requirements.error().message};
    }
    return Failure{State::kNoChange, fmt::format("error generating accessibility requirements: {}",
                                                 requirements.error().message)};
  }
  p.req.accessibility_requirements = *requirements;

  // Secrets.
  const std::string pfx(kCsiParameterPrefix);
  auto provisioner_ref =
      SecretRef({"Provisioner", pfx + "provisioner-secret-name", pfx + "provisioner-secret-namespace"},
                sc.parameters, pv_name, claim);
  if (!provisioner_ref.ok()) return Failure{State::kNoChange, provisioner_ref.error()};
  if (*provisioner_ref) {
    auto creds = Credentials((*provisioner_ref)->name, (*provisioner_ref)->namespace_);
    if (!creds.ok()) return Failure{State::kNoChange, creds.error()};
    p.req.secrets = *creds;
    p.deletion_secret_name = (*provisioner_ref)->name;
    p.deletion_secret_namespace = (*provisioner_ref)->namespace_;
  }
  p.csi_source.driver = std::string(disk::kDriverName);
  struct Slot {
    SecretKeys keys;
    std::optional<api::SecretReference>* out;
  };
  const Slot slots[] = {
      {{"ControllerPublish", pfx + "controller-publish-secret-name",
        pfx + "controller-publish-secret-namespace"},
       &p.csi_source.controller_publish_secret_ref},
      {{"NodeStage", pfx + "node-stage-secret-name", pfx + "node-stage-secret-namespace"},
       &p.csi_source.node_stage_secret_ref},
      {{"NodePublish", pfx + "node-publish-secret-name", pfx + "node-publish-secret-namespace"},
       &p.csi_source.node_publish_secret_ref},
      {{"ControllerExpand", pfx + "controller-expand-secret-name",
        pfx + "controller-expand-secret-namespace"},
       &p.csi_source.controller_expand_secret_ref},
      {{"NodeExpand", pfx + "node-expand-secret-name", pfx + "node-expand-secret-namespace"},
       &p.csi_source.node_expand_secret_ref},
  };
  for (const auto& slot : slots) {
    auto ref = SecretRef(slot.keys, sc.parameters, pv_name, claim);
    if (!ref.ok()) return Failure{State::kNoChange, ref.error()};
    *slot.out = *ref;
  }

  // removePrefixedParameters, then the extra create metadata.
  for (const auto& [k, v] : sc.parameters) {
    if (k.rfind(kCsiParameterPrefix, 0) == 0) {
      if (!IsKnownPrefixedKey(k)) {
        return Failure{State::kFinished,
                       fmt::format("failed to strip CSI Parameters of prefixed keys: found unknown "
                                   "parameter key \"{}\" with reserved namespace {}",
                                   k, kCsiParameterPrefix)};
      }
      continue;
    }
    p.req.parameters[k] = v;
  }
  if (options_.extra_create_metadata) {
    p.req.parameters[std::string(kPvcNameKey)] = claim.metadata.name;
    p.req.parameters[std::string(kPvcNamespaceKey)] = claim.metadata.namespace_;
    p.req.parameters[std::string(kPvNameKey)] = pv_name;
  }
  // ACK's provisioner hands the selected node to the driver (its WaitForFirstConsumer path).
  if (selected_node != nullptr) {
    p.req.parameters[std::string(kSelectedNodeParameter)] = selected_node->metadata.name;
  }
  return p;
}

}  // namespace snapsim::csi::provisioner
