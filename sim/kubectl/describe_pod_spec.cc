// The pod spec pieces of pod and StatefulSet descriptions other than containers:
// volumes, tolerations, topology spread constraints, QoS class and the pod template.
#include <algorithm>

#include "sim/kubectl/columns_util.h"
#include "sim/kubectl/describe.h"
#include "src/api/go_format.h"

namespace snapsim::kubectl::describe {

using columns_internal::GoSprint;

void DescribeVolumes(DescribeWriter& w, const std::vector<api::Volume>& volumes,
                     std::string_view space) {
  if (volumes.empty()) {
    w.Writef(kLevel0, "{}Volumes:\t<none>\n", space);
    return;
  }
  w.Writef(kLevel0, "{}Volumes:\n", space);
  std::string name_indent = space.empty() ? "" : " ";
  for (const api::Volume& v : volumes) {
    w.Writef(kLevel1, "{}{}:\n", name_indent, v.name);
    if (v.host_path) {
      w.Writef(
          kLevel2,
          "Type:\tHostPath (bare host directory volume)\n    Path:\t{}\n    HostPathType:\t{}\n",
          v.host_path->path, v.host_path->type ? *v.host_path->type : "<none>");
    } else if (v.empty_dir) {
      std::string limit = v.empty_dir->size_limit && v.empty_dir->size_limit->MilliValue() > 0
                              ? v.empty_dir->size_limit->ToString()
                              : "<unset>";
      w.Writef(
          kLevel2,
          "Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t{}\n"
          "    SizeLimit:\t{}\n",
          v.empty_dir->medium, limit);
    } else if (v.secret) {
      w.Writef(kLevel2,
               "Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t{}\n    "
               "Optional:\t{}\n",
               v.secret->secret_name, v.secret->optional.value_or(false));
    } else if (v.config_map) {
      w.Writef(kLevel2,
               "Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t{}\n    "
               "Optional:\t{}\n",
               v.config_map->name, v.config_map->optional.value_or(false));
    } else if (!v.nfs.is_null()) {
      w.Writef(kLevel2,
               "Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t{}\n    "
               "Path:\t{}\n"
               "    ReadOnly:\t{}\n",
               StrAt(v.nfs, {"server"}), StrAt(v.nfs, {"path"}), BoolAt(v.nfs, {"readOnly"}));
    } else if (v.persistent_volume_claim) {
      w.Writef(kLevel2,
               "Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same "
               "namespace)\n"
               "    ClaimName:\t{}\n    ReadOnly:\t{}\n",
               v.persistent_volume_claim->claim_name, v.persistent_volume_claim->read_only);
    } else if (!v.ephemeral.is_null()) {
      w.Write(kLevel2,
              "Type:\tEphemeralVolume (an inline specification for a volume that gets created and "
              "deleted with "
              "the pod)\n");
    } else if (!v.downward_api.is_null()) {
      w.Write(kLevel2,
              "Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n");
      for (const api::Value& item : columns_internal::Arr(v.downward_api, {"items"})) {
        if (const api::Value* f = item.Find("fieldRef"); f != nullptr && !f->is_null()) {
          w.Writef(kLevel3, "{} -> {}\n", StrAt(*f, {"fieldPath"}), StrAt(item, {"path"}));
        }
        if (const api::Value* r = item.Find("resourceFieldRef"); r != nullptr && !r->is_null()) {
          w.Writef(kLevel3, "{} -> {}\n", StrAt(*r, {"resource"}), StrAt(item, {"path"}));
        }
      }
    } else if (!v.projected.is_null()) {
      w.Write(kLevel2,
              "Type:\tProjected (a volume that contains injected data from multiple sources)\n");
      for (const api::Value& src : columns_internal::Arr(v.projected, {"sources"})) {
        auto opt = [](const api::Value& x) {
          const api::Value* o = x.Find("optional");
          // Go prints the *bool pointer itself; snapsim prints the value it points to.
          return o == nullptr || o->is_null() ? std::string("<nil>") : GoSprint(*o);
        };
        if (const api::Value* s = src.Find("secret"); s != nullptr && !s->is_null()) {
          w.Writef(kLevel2, "SecretName:\t{}\n    SecretOptionalName:\t{}\n", StrAt(*s, {"name"}),
                   opt(*s));
        } else if (const api::Value* d = src.Find("downwardAPI"); d != nullptr && !d->is_null()) {
          w.Write(kLevel2, "DownwardAPI:\ttrue\n");
        } else if (const api::Value* cm = src.Find("configMap"); cm != nullptr && !cm->is_null()) {
          w.Writef(kLevel2, "ConfigMapName:\t{}\n    ConfigMapOptional:\t{}\n",
                   StrAt(*cm, {"name"}), opt(*cm));
        } else if (const api::Value* t = src.Find("serviceAccountToken");
                   t != nullptr && !t->is_null()) {
          w.Writef(kLevel2, "TokenExpirationSeconds:\t{}\n", IntAt(*t, {"expirationSeconds"}));
        }
      }
    } else if (v.csi) {
      w.Writef(kLevel2,
               "Type:\tCSI (a Container Storage Interface (CSI) volume source)\n    Driver:\t{}\n  "
               "  FSType:\t{}\n"
               "    ReadOnly:\t{}\n",
               v.csi->driver, v.csi->fs_type.value_or(""), v.csi->read_only.value_or(false));
      w.Write(kLevel2, "VolumeAttributes:\t");
      if (v.csi->volume_attributes.empty()) {
        w.WriteLine("<none>");
      } else {
        bool first = true;
        for (const auto& [k, val] : v.csi->volume_attributes) {
          if (!first) {
            w.Write(kLevel2, "");
            w.Write(kLevel2, "\t");
          }
          first = false;
          std::string line = k + "=" + val;
          w.Writef(kLevel2, "{}\n", line.size() > 140 ? line.substr(0, 140) + "..." : line);
        }
      }
    } else {
      w.Write(kLevel1, "<unknown>\n");
    }
  }
}

void DescribeTolerations(DescribeWriter& w, std::string_view title,
                         std::vector<api::Toleration> tolerations) {
  w.Writef(kLevel0, "{}:\t", title);
  if (tolerations.empty()) {
    w.WriteLine("<none>");
    return;
  }
  std::stable_sort(
      tolerations.begin(), tolerations.end(),
      [](const api::Toleration& a, const api::Toleration& b) { return a.key < b.key; });
  bool first = true;
  for (const auto& t : tolerations) {
    if (!first) w.Write(kLevel0, "\t");
    first = false;
    std::string line = t.key;
    if (!t.value.empty()) line += "=" + t.value;
    if (!t.effect.empty()) line += ":" + t.effect;
    if (t.operator_ == "Exists" && t.value.empty())
      line += (!t.key.empty() || !t.effect.empty()) ? " op=Exists" : "op=Exists";
    if (t.toleration_seconds) line += fmt::format(" for {}s", *t.toleration_seconds);
    w.Writef(kLevel0, "{}\n", line);
  }
}

void DescribeSpreadConstraints(DescribeWriter& w, std::vector<api::Value> tscs,
                               std::string_view space) {
  if (tscs.empty()) return;
  std::stable_sort(tscs.begin(), tscs.end(), [](const api::Value& a, const api::Value& b) {
    return StrAt(a, {"topologyKey"}) < StrAt(b, {"topologyKey"});
  });
  w.Writef(kLevel0, "{}Topology Spread Constraints:\t", space);
  bool first = true;
  for (const api::Value& t : tscs) {
    if (!first) {
      w.Write(kLevel0, space);
      w.Write(kLevel0, "\t");
    }
    first = false;
    std::string line = fmt::format("{}:{} when max skew {} is exceeded", StrAt(t, {"topologyKey"}),
                                   StrAt(t, {"whenUnsatisfiable"}), IntAt(t, {"maxSkew"}));
    if (const api::Value* sel = t.Find("labelSelector"); sel != nullptr && !sel->is_null()) {
      line += " for selector " + FormatValueSelector(*sel);
    }
    w.Writef(kLevel0, "{}\n", line);
  }
}

// qos.GetPodQOS.
std::string PodQos(const api::Pod& pod) {
  if (!pod.status.qos_class.empty()) return pod.status.qos_class;
  std::map<std::string, std::int64_t> requests, limits;
  bool guaranteed = true;
  std::vector<const api::Container*> all;
  for (const auto& c : pod.spec.containers) all.push_back(&c);
  for (const auto& c : pod.spec.init_containers) all.push_back(&c);
  for (const api::Container* c : all) {
    for (const auto& [name, q] : c->resources.requests) {
      if ((name == "cpu" || name == "memory") && q.MilliValue() > 0)
        requests[name] += q.MilliValue();
    }
    bool cpu = false, memory = false;
    for (const auto& [name, q] : c->resources.limits) {
      if ((name == "cpu" || name == "memory") && q.MilliValue() > 0) {
        limits[name] += q.MilliValue();
        (name == "cpu" ? cpu : memory) = true;
      }
    }
    if (!cpu || !memory) guaranteed = false;
  }
  if (requests.empty() && limits.empty()) return "BestEffort";
  if (guaranteed) {
    for (const auto& [name, req] : requests) {
      auto it = limits.find(name);
      if (it == limits.end() || it->second != req) {
        guaranteed = false;
        break;
      }
    }
  }
  return guaranteed && requests.size() == limits.size() ? "Guaranteed" : "Burstable";
}

void DescribePodTemplate(DescribeWriter& w, const api::PodTemplateSpec& t) {
  w.Write(kLevel0, "Pod Template:\n");
  PrintLabelsMultiline(w, "  Labels", t.metadata.labels);
  if (!t.metadata.annotations.empty())
    PrintAnnotationsMultiline(w, "  Annotations", t.metadata.annotations);
  if (!t.spec.service_account_name.empty()) {
    w.Writef(kLevel1, "Service Account:\t{}\n", t.spec.service_account_name);
  }
  if (!t.spec.init_containers.empty()) {
    DescribeContainers(w, "Init Containers", t.spec.init_containers, nullptr, nullptr, "  ");
  }
  DescribeContainers(w, "Containers", t.spec.containers, nullptr, nullptr, "  ");
  DescribeVolumes(w, t.spec.volumes, "  ");
  DescribeSpreadConstraints(w, t.spec.topology_spread_constraints, "  ");
  if (!t.spec.priority_class_name.empty()) {
    w.Writef(kLevel1, "Priority Class Name:\t{}\n", t.spec.priority_class_name);
  }
  PrintLabelsMultiline(w, "  Node-Selectors", t.spec.node_selector);
  DescribeTolerations(w, "  Tolerations", t.spec.tolerations);
}

}  // namespace snapsim::kubectl::describe
