// Describers of the volume kinds: PersistentVolume, PersistentVolumeClaim,
// StorageClass and CSINode.
#include <algorithm>

#include "sim/kubectl/columns_util.h"
#include "sim/kubectl/describe.h"

namespace snapsim::kubectl::describe {
namespace {

constexpr std::string_view kBetaStorageClass = "volume.beta.kubernetes.io/storage-class";

std::string QuantityOf(const api::ResourceList& list, std::string_view name) {
  auto it = list.find(std::string(name));
  return it == list.end() ? api::Quantity().ToString() : it->second.ToString();
}

std::string Str(const api::Value& v, std::string_view key) {
  const api::Value* x = v.Find(key);
  return x != nullptr ? columns_internal::GoSprint(*x) : "";
}

// %v of a field that Go holds as a plain value: its zero value when absent.
std::string StrOr(const api::Value& v, std::string_view key, std::string_view zero) {
  const api::Value* x = v.Find(key);
  return x == nullptr || x->is_null() ? std::string(zero) : columns_internal::GoSprint(*x);
}

void PrintCsiAttributes(DescribeWriter& w, const std::map<std::string, std::string>& attributes) {
  w.Write(kLevel2, "VolumeAttributes:\t");
  if (attributes.empty()) {
    w.WriteLine("<none>");
    return;
  }
  bool first = true;
  for (const auto& [k, v] : attributes) {
    if (!first) {
      w.Write(kLevel2, "");
      w.Write(kLevel2, "\t");
    }
    first = false;
    std::string line = k + "=" + v;
    if (line.size() > 140) {
      w.Writef(kLevel2, "{}...\n", line.substr(0, 140));
    } else {
      w.Writef(kLevel2, "{}\n", line);
    }
  }
}

void PrintPvSource(DescribeWriter& w, const api::PersistentVolumeSpec& spec) {
  if (!spec.host_path.is_null()) {
    const api::Value* type = spec.host_path.Find("type");
    w.Writef(kLevel2,
             "Type:\tHostPath (bare host directory volume)\n    Path:\t{}\n    HostPathType:\t{}\n",
             Str(spec.host_path, "path"),
             type == nullptr || type->is_null() ? "<none>" : columns_internal::GoSprint(*type));
  } else if (!spec.nfs.is_null()) {
    w.Writef(kLevel2,
             "Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t{}\n    "
             "Path:\t{}\n"
             "    ReadOnly:\t{}\n",
             Str(spec.nfs, "server"), Str(spec.nfs, "path"), StrOr(spec.nfs, "readOnly", "false"));
  } else if (!spec.local.is_null()) {
    w.Writef(kLevel2,
             "Type:\tLocalVolume (a persistent volume backed by local storage on a node)\n    "
             "Path:\t{}\n",
             Str(spec.local, "path"));
  } else if (!spec.flex_volume.is_null()) {
    const api::Value* secret = spec.flex_volume.Find("secretRef");
    w.Writef(
        kLevel2,
        "Type:\tFlexVolume (a generic volume resource that is provisioned/attached using an exec "
        "based "
        "plugin)\n    Driver:\t{}\n    FSType:\t{}\n    SecretRef:\t{}\n    ReadOnly:\t{}\n    "
        "Options:\t{}\n",
        Str(spec.flex_volume, "driver"), Str(spec.flex_volume, "fsType"),
        secret == nullptr || secret->is_null() ? "nil" : "&" + columns_internal::GoSprint(*secret),
        StrOr(spec.flex_volume, "readOnly", "false"), StrOr(spec.flex_volume, "options", "map[]"));
  } else if (spec.csi) {
    const api::CSIPersistentVolumeSource& csi = *spec.csi;
    w.Writef(kLevel2,
             "Type:\tCSI (a Container Storage Interface (CSI) volume source)\n    Driver:\t{}\n    "
             "FSType:\t{}\n"
             "    VolumeHandle:\t{}\n    ReadOnly:\t{}\n",
             csi.driver, csi.fs_type, csi.volume_handle, csi.read_only);
    PrintCsiAttributes(w, csi.volume_attributes);
  } else {
    // Sources snapsim keeps but does not lay out (gcePersistentDisk, rbd, ...) print as
    // kubectl prints a source it does not know.
    w.Write(kLevel1, "<unknown>\n");
  }
}

void PrintNodeAffinity(DescribeWriter& w, const std::optional<api::VolumeNodeAffinity>& affinity) {
  w.Write(kLevel0, "Node Affinity:\t");
  if (!affinity || !affinity->required) {
    w.WriteLine("<none>");
    return;
  }
  w.WriteLine("");
  w.Write(kLevel1, "Required Terms:\t");
  const auto& terms = affinity->required->node_selector_terms;
  if (terms.empty()) {
    w.WriteLine("<none>");
    return;
  }
  w.WriteLine("");
  for (std::size_t i = 0; i < terms.size(); ++i) {
    w.Writef(kLevel2, "Term {}:\t", i);
    const auto& reqs = terms[i].match_expressions;
    if (reqs.empty()) {
      w.WriteLine("<none>");
      continue;
    }
    for (std::size_t j = 0; j < reqs.size(); ++j) {
      if (j != 0) w.Write(kLevel2, "\t");
      std::string op = reqs[j].operator_;
      std::transform(op.begin(), op.end(), op.begin(),
                     [](unsigned char c) { return std::tolower(c); });
      std::string expr = reqs[j].key + " " + op;
      if (!reqs[j].values.empty()) expr += fmt::format(" [{}]", fmt::join(reqs[j].values, ", "));
      w.Writef(kLevel0, "{}\n", expr);
    }
  }
}

std::string PvcClass(const api::ObjectMeta& meta, const std::optional<std::string>& spec_class) {
  if (const std::string* a = meta.Annotation(kBetaStorageClass)) return *a;
  return spec_class.value_or("");
}

// The pods that use the claim: by volume, then by ownerReference (getPodsForPVC).
std::vector<std::string> PodsForClaim(Context& ctx, const api::PersistentVolumeClaim& pvc) {
  apiserver::ListOptions opts;
  opts.namespace_ = pvc.metadata.namespace_;
  auto listed = ctx.inv.server().List(api::Pod::Info(), opts);
  std::vector<std::string> names;
  if (!listed.ok()) return names;
  std::vector<std::string> uids;
  for (const auto& o : *listed) {
    const auto& pod = static_cast<const api::Pod&>(*o);
    for (const auto& v : pod.spec.volumes) {
      if (v.persistent_volume_claim && v.persistent_volume_claim->claim_name == pvc.metadata.name) {
        names.push_back(pod.metadata.name);
        uids.push_back(pod.metadata.uid);
      }
    }
  }
  for (const auto& ref : pvc.metadata.owner_references) {
    if (ref.kind != "Pod") continue;
    for (const auto& o : *listed) {
      if (o->metadata.uid != ref.uid) continue;
      if (std::find(uids.begin(), uids.end(), ref.uid) == uids.end()) {
        names.push_back(o->metadata.name);
        uids.push_back(ref.uid);
      }
      break;
    }
  }
  std::stable_sort(names.begin(), names.end());
  return names;
}

}  // namespace

std::string DescribePersistentVolume(Context& ctx, const api::PersistentVolume& pv) {
  DescribeWriter w;
  w.Writef(kLevel0, "Name:\t{}\n", pv.metadata.name);
  PrintLabelsMultiline(w, "Labels", pv.metadata.labels);
  PrintAnnotationsMultiline(w, "Annotations", pv.metadata.annotations);
  w.Writef(kLevel0, "Finalizers:\t{}\n", GoStringSlice(pv.metadata.finalizers));
  const std::string* beta = pv.metadata.Annotation(kBetaStorageClass);
  w.Writef(kLevel0, "StorageClass:\t{}\n", beta != nullptr ? *beta : pv.spec.storage_class_name);
  if (pv.metadata.deletion_timestamp) {
    w.Writef(kLevel0, "Status:\tTerminating (lasts {})\n",
             Since(ctx, pv.metadata.deletion_timestamp));
  } else {
    w.Writef(kLevel0, "Status:\t{}\n", pv.status.phase);
  }
  if (pv.spec.claim_ref) {
    w.Writef(kLevel0, "Claim:\t{}/{}\n", pv.spec.claim_ref->namespace_, pv.spec.claim_ref->name);
  } else {
    w.Write(kLevel0, "Claim:\t\n");
  }
  w.Writef(kLevel0, "Reclaim Policy:\t{}\n", pv.spec.persistent_volume_reclaim_policy);
  w.Writef(kLevel0, "Access Modes:\t{}\n", AccessModes(pv.spec.access_modes));
  if (pv.spec.volume_mode) w.Writef(kLevel0, "VolumeMode:\t{}\n", *pv.spec.volume_mode);
  w.Writef(kLevel0, "Capacity:\t{}\n", QuantityOf(pv.spec.capacity, "storage"));
  PrintNodeAffinity(w, pv.spec.node_affinity);
  w.Writef(kLevel0, "Message:\t{}\n", pv.status.message);
  w.Write(kLevel0, "Source:\n");
  PrintPvSource(w, pv.spec);
  DescribeEventsFor(ctx, w, pv);
  return w.Finish();
}

std::string DescribePersistentVolumeClaim(Context& ctx, const api::PersistentVolumeClaim& pvc) {
  DescribeWriter w;
  w.Writef(kLevel0, "Name:\t{}\n", pvc.metadata.name);
  w.Writef(kLevel0, "Namespace:\t{}\n", pvc.metadata.namespace_);
  w.Writef(kLevel0, "StorageClass:\t{}\n", PvcClass(pvc.metadata, pvc.spec.storage_class_name));
  if (pvc.metadata.deletion_timestamp) {
    w.Writef(kLevel0, "Status:\tTerminating (lasts {})\n",
             Since(ctx, pvc.metadata.deletion_timestamp));
  } else {
    w.Writef(kLevel0, "Status:\t{}\n", pvc.status.phase);
  }
  w.Writef(kLevel0, "Volume:\t{}\n", pvc.spec.volume_name);
  PrintLabelsMultiline(w, "Labels", pvc.metadata.labels);
  PrintAnnotationsMultiline(w, "Annotations", pvc.metadata.annotations);
  w.Writef(kLevel0, "Finalizers:\t{}\n", GoStringSlice(pvc.metadata.finalizers));
  std::string capacity, access_modes;
  if (!pvc.spec.volume_name.empty()) {
    access_modes = AccessModes(pvc.status.access_modes);
    capacity = QuantityOf(pvc.status.capacity, "storage");
  }
  w.Writef(kLevel0, "Capacity:\t{}\n", capacity);
  w.Writef(kLevel0, "Access Modes:\t{}\n", access_modes);
  if (pvc.spec.volume_mode) w.Writef(kLevel0, "VolumeMode:\t{}\n", *pvc.spec.volume_mode);
  if (pvc.spec.data_source) {
    w.Write(kLevel0, "DataSource:\n");
    if (pvc.spec.data_source->api_group)
      w.Writef(kLevel1, "APIGroup:\t{}\n", *pvc.spec.data_source->api_group);
    w.Writef(kLevel1, "Kind:\t{}\n", pvc.spec.data_source->kind);
    w.Writef(kLevel1, "Name:\t{}\n", pvc.spec.data_source->name);
  }
  std::vector<std::string> pods = PodsForClaim(ctx, pvc);
  w.Write(kLevel0, "Used By:\t");
  if (pods.empty()) {
    w.WriteLine("<none>");
  } else {
    for (std::size_t i = 0; i < pods.size(); ++i) {
      if (i != 0) w.Write(kLevel0, "\t");
      w.Writef(kLevel0, "{}\n", pods[i]);
    }
  }
  if (!pvc.status.conditions.empty()) {
    w.Write(kLevel0, "Conditions:\n");
    w.Write(kLevel1, "Type\tStatus\tLastProbeTime\tLastTransitionTime\tReason\tMessage\n");
    w.Write(kLevel1, "----\t------\t-----------------\t------------------\t------\t-------\n");
    for (const auto& c : pvc.status.conditions) {
      w.Writef(kLevel1, "{} \t{} \t{} \t{} \t{} \t{}\n", c.type, c.status,
               Rfc1123z(c.last_probe_time), Rfc1123z(c.last_transition_time), c.reason, c.message);
    }
  }
  DescribeEventsFor(ctx, w, pvc);
  return w.Finish();
}

std::string DescribeStorageClass(Context& ctx, const api::StorageClass& sc) {
  DescribeWriter w;
  auto is_default = [&](std::string_view key) {
    const std::string* v = sc.metadata.Annotation(key);
    return v != nullptr && *v == "true";
  };
  bool def = is_default("storageclass.kubernetes.io/is-default-class") ||
             is_default("storageclass.beta.kubernetes.io/is-default-class");
  w.Writef(kLevel0, "Name:\t{}\n", sc.metadata.name);
  w.Writef(kLevel0, "IsDefaultClass:\t{}\n", def ? "Yes" : "No");
  w.Writef(kLevel0, "Annotations:\t{}\n", FormatLabels(sc.metadata.annotations));
  w.Writef(kLevel0, "Provisioner:\t{}\n", sc.provisioner);
  w.Writef(kLevel0, "Parameters:\t{}\n", FormatLabels(sc.parameters));
  w.Writef(kLevel0, "AllowVolumeExpansion:\t{}\n",
           sc.allow_volume_expansion ? PrintBool(*sc.allow_volume_expansion) : "<unset>");
  if (sc.mount_options.empty()) {
    w.Write(kLevel0, "MountOptions:\t<none>\n");
  } else {
    w.Write(kLevel0, "MountOptions:\n");
    for (const auto& o : sc.mount_options) w.Writef(kLevel1, "{}\n", o);
  }
  if (sc.reclaim_policy) w.Writef(kLevel0, "ReclaimPolicy:\t{}\n", *sc.reclaim_policy);
  if (sc.volume_binding_mode)
    w.Writef(kLevel0, "VolumeBindingMode:\t{}\n", *sc.volume_binding_mode);
  if (!sc.allowed_topologies.empty()) {
    w.Write(kLevel0, "AllowedTopologies:\t");
    w.WriteLine("");
    for (std::size_t i = 0; i < sc.allowed_topologies.size(); ++i) {
      w.Writef(kLevel1, "Term {}:\t", i);
      const auto& reqs = sc.allowed_topologies[i].match_label_expressions;
      if (reqs.empty()) {
        w.WriteLine("<none>");
        continue;
      }
      for (std::size_t j = 0; j < reqs.size(); ++j) {
        if (j != 0) w.Write(kLevel1, "\t");
        std::string expr = reqs[j].key + " in";
        if (!reqs[j].values.empty()) expr += fmt::format(" [{}]", fmt::join(reqs[j].values, ", "));
        w.Writef(kLevel0, "{}\n", expr);
      }
    }
  }
  DescribeEventsFor(ctx, w, sc);
  return w.Finish();
}

std::string DescribeCSINode(Context& ctx, const api::CSINode& node) {
  DescribeWriter w;
  w.Writef(kLevel0, "Name:\t{}\n", node.metadata.name);
  PrintLabelsMultiline(w, "Labels", node.metadata.labels);
  PrintAnnotationsMultiline(w, "Annotations", node.metadata.annotations);
  w.Writef(kLevel0, "CreationTimestamp:\t{}\n", Rfc1123z(node.metadata.creation_timestamp));
  w.Write(kLevel0, "Spec:\n");
  // Go checks `Drivers != nil`; a decoded empty list is non-nil, an absent one nil. snapsim
  // keeps no difference, so an empty list prints like an absent one.
  if (!node.spec.drivers.empty()) {
    w.Write(kLevel1, "Drivers:\n");
    for (const auto& d : node.spec.drivers) {
      w.Writef(kLevel2, "{}:\n", d.name);
      w.Writef(kLevel3, "Node ID:\t{}\n", d.node_id);
      if (d.allocatable && d.allocatable->count) {
        w.Write(kLevel3, "Allocatables:\n");
        w.Writef(kLevel4, "Count:\t{}\n", *d.allocatable->count);
      }
      if (d.topology_keys)
        w.Writef(kLevel3, "Topology Keys:\t{}\n", GoStringSlice(*d.topology_keys));
    }
  }
  DescribeEventsFor(ctx, w, node);
  return w.Finish();
}

}  // namespace snapsim::kubectl::describe
