// Describers of Pod and StatefulSet, with the pod spec pieces they share
// (containers, volumes, tolerations, the pod template).
#include <algorithm>

#include "sim/kubectl/columns_util.h"
#include "sim/kubectl/describe.h"

namespace snapsim::kubectl::describe {
namespace {

using columns_internal::GoSprint;

std::string StrAt(const api::Value& v, std::initializer_list<std::string_view> path) {
  const api::Value* x = columns_internal::Find(v, path);
  return x == nullptr || x->is_null() ? "" : GoSprint(*x);
}

std::int64_t IntAt(const api::Value& v, std::initializer_list<std::string_view> path) {
  return columns_internal::Int(v, path, 0);
}

bool BoolAt(const api::Value& v, std::initializer_list<std::string_view> path) {
  return columns_internal::OptBool(v, path).value_or(false);
}

// intstr.IntOrString.String() of a JSON value.
std::string IntOrStringText(const api::Value* v) {
  if (v == nullptr || v->is_null()) return "0";
  return GoSprint(*v);
}

std::string NoneIfEmpty(const std::string& s) { return s.empty() ? "<none>" : s; }

// A Value labelSelector as metav1.FormatLabelSelector prints it.
std::string FormatValueSelector(const api::Value& sel) {
  api::LabelSelector s;
  if (const api::Value* ml = sel.Find("matchLabels"); ml != nullptr && ml->is_object()) {
    for (const auto& [k, v] : ml->as_object()) s.match_labels[k] = v.is_string() ? v.as_string() : GoSprint(v);
  }
  for (const api::Value& e : columns_internal::Arr(sel, {"matchExpressions"})) {
    api::LabelSelectorRequirement r;
    r.key = StrAt(e, {"key"});
    r.operator_ = StrAt(e, {"operator"});
    for (const api::Value& x : columns_internal::Arr(e, {"values"})) r.values.push_back(GoSprint(x));
    s.match_expressions.push_back(r);
  }
  std::string out = FormatSelector(s);
  return out.empty() ? "<none>" : out;
}

std::string DescribeProbe(const api::Value& probe) {
  std::string attrs = fmt::format("delay={}s timeout={}s period={}s #success={} #failure={}",
                                  IntAt(probe, {"initialDelaySeconds"}), IntAt(probe, {"timeoutSeconds"}),
                                  IntAt(probe, {"periodSeconds"}), IntAt(probe, {"successThreshold"}),
                                  IntAt(probe, {"failureThreshold"}));
  if (const api::Value* exec = probe.Find("exec"); exec != nullptr && !exec->is_null()) {
    std::vector<std::string> cmd;
    for (const api::Value& c : columns_internal::Arr(*exec, {"command"})) cmd.push_back(GoSprint(c));
    return fmt::format("exec {} {}", GoStringSlice(cmd), attrs);
  }
  if (const api::Value* http = probe.Find("httpGet"); http != nullptr && !http->is_null()) {
    std::string scheme = StrAt(*http, {"scheme"});
    std::transform(scheme.begin(), scheme.end(), scheme.begin(), [](unsigned char c) { return std::tolower(c); });
    std::string host = StrAt(*http, {"host"});
    std::string port = IntOrStringText(http->Find("port"));
    std::string hostport = port.empty() ? host : (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" + port;
    std::string url = scheme.empty() ? "//" + hostport : scheme + "://" + hostport;
    std::string path = StrAt(*http, {"path"});
    if (!path.empty() && path[0] != '/') path = "/" + path;
    return fmt::format("http-get {}{} {}", url, path, attrs);
  }
  if (const api::Value* tcp = probe.Find("tcpSocket"); tcp != nullptr && !tcp->is_null()) {
    return fmt::format("tcp-socket {}:{} {}", StrAt(*tcp, {"host"}), IntOrStringText(tcp->Find("port")), attrs);
  }
  if (const api::Value* grpc = probe.Find("grpc"); grpc != nullptr && !grpc->is_null()) {
    return fmt::format("grpc <pod>:{} {} {}", IntAt(*grpc, {"port"}), StrAt(*grpc, {"service"}), attrs);
  }
  return fmt::format("unknown {}", attrs);
}

void DescribeState(DescribeWriter& w, std::string_view name, const api::ContainerState& s) {
  if (s.running) {
    w.Writef(kLevel2, "{}:\tRunning\n", name);
    w.Writef(kLevel3, "Started:\t{}\n", Rfc1123z(s.running->started_at));
  } else if (s.waiting) {
    w.Writef(kLevel2, "{}:\tWaiting\n", name);
    if (!s.waiting->reason.empty()) w.Writef(kLevel3, "Reason:\t{}\n", s.waiting->reason);
  } else if (s.terminated) {
    const auto& t = *s.terminated;
    w.Writef(kLevel2, "{}:\tTerminated\n", name);
    if (!t.reason.empty()) w.Writef(kLevel3, "Reason:\t{}\n", t.reason);
    if (!t.message.empty()) w.Writef(kLevel3, "Message:\t{}\n", t.message);
    w.Writef(kLevel3, "Exit Code:\t{}\n", t.exit_code);
    if (t.signal > 0) w.Writef(kLevel3, "Signal:\t{}\n", t.signal);
    w.Writef(kLevel3, "Started:\t{}\n", Rfc1123z(t.started_at));
    w.Writef(kLevel3, "Finished:\t{}\n", Rfc1123z(t.finished_at));
  } else {
    w.Writef(kLevel2, "{}:\tWaiting\n", name);
  }
}

// The value a fieldRef env var resolves to in the pod (EnvValueRetriever).
std::string ResolveFieldRef(const api::Value* pod, const std::string& path) {
  if (pod == nullptr) return "";
  for (std::string_view map : {"metadata.labels", "metadata.annotations"}) {
    if (path.rfind(std::string(map) + "['", 0) == 0 && path.size() > map.size() + 4 &&
        path.substr(path.size() - 2) == "']") {
      std::string key = path.substr(map.size() + 2, path.size() - map.size() - 4);
      std::string field(map.substr(map.find('.') + 1));
      return StrAt(*pod, {"metadata", field, key});
    }
  }
  const api::Value* cur = pod;
  std::string_view rest = path;
  while (cur != nullptr && !rest.empty()) {
    std::size_t dot = rest.find('.');
    cur = cur->Find(rest.substr(0, dot));
    rest = dot == std::string_view::npos ? std::string_view() : rest.substr(dot + 1);
  }
  if (cur == nullptr || cur->is_null() || cur->is_object() || cur->is_array()) return "";
  return GoSprint(*cur);
}

// resourcehelper.ExtractContainerResourceValue for the common resources.
std::string ResourceFieldValue(const api::Value& ref, const api::Container& c) {
  std::string resource = StrAt(ref, {"resource"});
  std::size_t dot = resource.find('.');
  if (dot == std::string::npos) return "";
  const api::ResourceList& list = resource.substr(0, dot) == "limits" ? c.resources.limits : c.resources.requests;
  auto it = list.find(resource.substr(dot + 1));
  std::int64_t divisor_milli = 1000;
  if (const api::Value* d = ref.Find("divisor"); d != nullptr && !d->is_null()) {
    auto q = api::Quantity::Parse(GoSprint(*d));
    if (q.ok() && q->MilliValue() > 0) divisor_milli = q->MilliValue();
  }
  if (it == list.end()) return "0";
  std::int64_t milli = it->second.MilliValue();
  return std::to_string((milli + divisor_milli - 1) / divisor_milli);
}

void DescribeContainerList(DescribeWriter& w, std::string_view label, const std::vector<api::Container>& containers,
                           const std::vector<api::ContainerStatus>* statuses, const api::Value* pod,
                           std::string_view space) {
  w.Writef(kLevel0, "{}{}:{}\n", space, label, containers.empty() ? " <none>" : "");
  std::string name_indent = space.empty() ? "" : " ";
  for (const api::Container& c : containers) {
    const api::ContainerStatus* status = nullptr;
    if (statuses != nullptr) {
      for (const auto& s : *statuses) {
        if (s.name == c.name) status = &s;
      }
    }
    w.Writef(kLevel1, "{}{}:\n", name_indent, c.name);
    if (status != nullptr) w.Writef(kLevel2, "Container ID:\t{}\n", status->container_id);
    w.Writef(kLevel2, "Image:\t{}\n", c.image);
    if (status != nullptr) w.Writef(kLevel2, "Image ID:\t{}\n", status->image_id);
    std::vector<std::string> ports, host_ports;
    for (const auto& p : c.ports) {
      ports.push_back(fmt::format("{}/{}", p.container_port, p.protocol));
      host_ports.push_back(fmt::format("{}/{}", p.host_port, p.protocol));
    }
    std::string port_text = fmt::format("{}", fmt::join(ports, ", "));
    std::string host_text = fmt::format("{}", fmt::join(host_ports, ", "));
    if (port_text.find(',') != std::string::npos) {
      w.Writef(kLevel2, "Ports:\t{}\n", port_text);
    } else {
      w.Writef(kLevel2, "Port:\t{}\n", NoneIfEmpty(port_text));
    }
    if (host_text.find(',') != std::string::npos) {
      w.Writef(kLevel2, "Host Ports:\t{}\n", host_text);
    } else {
      w.Writef(kLevel2, "Host Port:\t{}\n", NoneIfEmpty(host_text));
    }
    if (const api::Value* sp = columns_internal::Find(c.security_context, {"seccompProfile"});
        sp != nullptr && !sp->is_null()) {
      std::string type = StrAt(*sp, {"type"});
      w.Writef(kLevel2, "SeccompProfile:\t{}\n", type);
      if (type == "Localhost") w.Writef(kLevel3, "LocalhostProfile:\t{}\n", StrAt(*sp, {"localhostProfile"}));
    }
    auto split_lines = [&](std::string_view title, const std::vector<std::string>& items) {
      if (items.empty()) return;
      w.Writef(kLevel2, "{}:\n", title);
      for (const auto& item : items) {
        std::size_t pos = 0;
        while (true) {
          std::size_t nl = item.find('\n', pos);
          w.Writef(kLevel3, "{}\n", item.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos));
          if (nl == std::string::npos) break;
          pos = nl + 1;
        }
      }
    };
    split_lines("Command", c.command);
    split_lines("Args", c.args);
    if (status != nullptr) {
      DescribeState(w, "State", status->state);
      if (status->last_state.terminated) DescribeState(w, "Last State", status->last_state);
      w.Writef(kLevel2, "Ready:\t{}\n", PrintBool(status->ready));
      w.Writef(kLevel2, "Restart Count:\t{}\n", status->restart_count);
    }
    if (!c.resources.limits.empty()) w.Write(kLevel2, "Limits:\n");
    for (const auto& [name, q] : c.resources.limits) w.Writef(kLevel3, "{}:\t{}\n", name, q.ToString());
    if (!c.resources.requests.empty()) w.Write(kLevel2, "Requests:\n");
    for (const auto& [name, q] : c.resources.requests) w.Writef(kLevel3, "{}:\t{}\n", name, q.ToString());
    if (!c.liveness_probe.is_null()) w.Writef(kLevel2, "Liveness:\t{}\n", DescribeProbe(c.liveness_probe));
    if (!c.readiness_probe.is_null()) w.Writef(kLevel2, "Readiness:\t{}\n", DescribeProbe(c.readiness_probe));
    if (!c.startup_probe.is_null()) w.Writef(kLevel2, "Startup:\t{}\n", DescribeProbe(c.startup_probe));
    if (!c.env_from.empty()) {
      w.Write(kLevel2, "Environment Variables from:\n");
      for (const api::Value& e : c.env_from) {
        std::string from, name;
        bool optional = false;
        if (const api::Value* cm = e.Find("configMapRef"); cm != nullptr && !cm->is_null()) {
          from = "ConfigMap";
          name = StrAt(*cm, {"name"});
          optional = BoolAt(*cm, {"optional"});
        } else if (const api::Value* sec = e.Find("secretRef"); sec != nullptr && !sec->is_null()) {
          from = "Secret";
          name = StrAt(*sec, {"name"});
          optional = BoolAt(*sec, {"optional"});
        }
        std::string prefix = StrAt(e, {"prefix"});
        if (prefix.empty()) {
          w.Writef(kLevel3, "{}\t{}\tOptional: {}\n", name, from, optional);
        } else {
          w.Writef(kLevel3, "{}\t{} with prefix '{}'\tOptional: {}\n", name, from, prefix, optional);
        }
      }
    }
    w.Writef(kLevel2, "Environment:{}\n", c.env.empty() ? "\t<none>" : "");
    for (const api::EnvVar& e : c.env) {
      if (e.value_from.is_null()) {
        std::size_t pos = 0;
        bool first = true;
        while (true) {
          std::size_t nl = e.value.find('\n', pos);
          std::string line = e.value.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
          if (first) {
            w.Writef(kLevel3, "{}:\t{}\n", e.name, line);
          } else {
            w.Writef(kLevel3, "\t{}\n", line);
          }
          first = false;
          if (nl == std::string::npos) break;
          pos = nl + 1;
        }
        continue;
      }
      const api::Value& from = e.value_from;
      if (const api::Value* f = from.Find("fieldRef"); f != nullptr && !f->is_null()) {
        std::string path = StrAt(*f, {"fieldPath"});
        w.Writef(kLevel3, "{}:\t{} ({}:{})\n", e.name, ResolveFieldRef(pod, path), StrAt(*f, {"apiVersion"}), path);
      } else if (const api::Value* r = from.Find("resourceFieldRef"); r != nullptr && !r->is_null()) {
        std::string value = ResourceFieldValue(*r, c);
        std::string resource = StrAt(*r, {"resource"});
        if (value == "0" && (resource == "limits.cpu" || resource == "limits.memory")) value = "node allocatable";
        w.Writef(kLevel3, "{}:\t{} ({})\n", e.name, value, resource);
      } else if (const api::Value* s = from.Find("secretKeyRef"); s != nullptr && !s->is_null()) {
        w.Writef(kLevel3, "{}:\t<set to the key '{}' in secret '{}'>\tOptional: {}\n", e.name, StrAt(*s, {"key"}),
                 StrAt(*s, {"name"}), BoolAt(*s, {"optional"}));
      } else if (const api::Value* m = from.Find("configMapKeyRef"); m != nullptr && !m->is_null()) {
        w.Writef(kLevel3, "{}:\t<set to the key '{}' of config map '{}'>\tOptional: {}\n", e.name,
                 StrAt(*m, {"key"}), StrAt(*m, {"name"}), BoolAt(*m, {"optional"}));
      }
    }
    w.Writef(kLevel2, "Mounts:{}\n", c.volume_mounts.empty() ? "\t<none>" : "");
    std::vector<api::VolumeMount> mounts = c.volume_mounts;
    std::stable_sort(mounts.begin(), mounts.end(),
                     [](const api::VolumeMount& a, const api::VolumeMount& b) { return a.mount_path < b.mount_path; });
    for (const auto& m : mounts) {
      std::string flags = m.read_only ? "ro" : "rw";
      if (!m.sub_path.empty()) flags += fmt::format(",path=\"{}\"", m.sub_path);
      w.Writef(kLevel3, "{} from {} ({})\n", m.mount_path, m.name, flags);
    }
    if (!c.volume_devices.empty()) {
      w.Writef(kLevel2, "Devices:{}\n", c.volume_mounts.empty() ? "\t<none>" : "");
      std::vector<api::VolumeDevice> devices = c.volume_devices;
      std::stable_sort(devices.begin(), devices.end(), [](const api::VolumeDevice& a, const api::VolumeDevice& b) {
        return a.device_path < b.device_path;
      });
      for (const auto& d : devices) w.Writef(kLevel3, "{} from {}\n", d.device_path, d.name);
    }
  }
}

void DescribeVolumeList(DescribeWriter& w, const std::vector<api::Volume>& volumes, std::string_view space) {
  if (volumes.empty()) {
    w.Writef(kLevel0, "{}Volumes:\t<none>\n", space);
    return;
  }
  w.Writef(kLevel0, "{}Volumes:\n", space);
  std::string name_indent = space.empty() ? "" : " ";
  for (const api::Volume& v : volumes) {
    w.Writef(kLevel1, "{}{}:\n", name_indent, v.name);
    if (v.host_path) {
      w.Writef(kLevel2, "Type:\tHostPath (bare host directory volume)\n    Path:\t{}\n    HostPathType:\t{}\n",
               v.host_path->path, v.host_path->type ? *v.host_path->type : "<none>");
    } else if (v.empty_dir) {
      std::string limit = v.empty_dir->size_limit && v.empty_dir->size_limit->MilliValue() > 0
                              ? v.empty_dir->size_limit->ToString()
                              : "<unset>";
      w.Writef(kLevel2,
               "Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t{}\n"
               "    SizeLimit:\t{}\n",
               v.empty_dir->medium, limit);
    } else if (v.secret) {
      w.Writef(kLevel2, "Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t{}\n    Optional:\t{}\n",
               v.secret->secret_name, v.secret->optional.value_or(false));
    } else if (v.config_map) {
      w.Writef(kLevel2, "Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t{}\n    Optional:\t{}\n",
               v.config_map->name, v.config_map->optional.value_or(false));
    } else if (!v.nfs.is_null()) {
      w.Writef(kLevel2,
               "Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t{}\n    Path:\t{}\n"
               "    ReadOnly:\t{}\n",
               StrAt(v.nfs, {"server"}), StrAt(v.nfs, {"path"}), BoolAt(v.nfs, {"readOnly"}));
    } else if (v.persistent_volume_claim) {
      w.Writef(kLevel2,
               "Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n"
               "    ClaimName:\t{}\n    ReadOnly:\t{}\n",
               v.persistent_volume_claim->claim_name, v.persistent_volume_claim->read_only);
    } else if (!v.ephemeral.is_null()) {
      w.Write(kLevel2,
              "Type:\tEphemeralVolume (an inline specification for a volume that gets created and deleted with "
              "the pod)\n");
    } else if (!v.downward_api.is_null()) {
      w.Write(kLevel2, "Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n");
      for (const api::Value& item : columns_internal::Arr(v.downward_api, {"items"})) {
        if (const api::Value* f = item.Find("fieldRef"); f != nullptr && !f->is_null()) {
          w.Writef(kLevel3, "{} -> {}\n", StrAt(*f, {"fieldPath"}), StrAt(item, {"path"}));
        }
        if (const api::Value* r = item.Find("resourceFieldRef"); r != nullptr && !r->is_null()) {
          w.Writef(kLevel3, "{} -> {}\n", StrAt(*r, {"resource"}), StrAt(item, {"path"}));
        }
      }
    } else if (!v.projected.is_null()) {
      w.Write(kLevel2, "Type:\tProjected (a volume that contains injected data from multiple sources)\n");
      for (const api::Value& src : columns_internal::Arr(v.projected, {"sources"})) {
        auto opt = [](const api::Value& x) {
          const api::Value* o = x.Find("optional");
          // Go prints the *bool pointer itself; snapsim prints the value it points to.
          return o == nullptr || o->is_null() ? std::string("<nil>") : GoSprint(*o);
        };
        if (const api::Value* s = src.Find("secret"); s != nullptr && !s->is_null()) {
          w.Writef(kLevel2, "SecretName:\t{}\n    SecretOptionalName:\t{}\n", StrAt(*s, {"name"}), opt(*s));
        } else if (const api::Value* d = src.Find("downwardAPI"); d != nullptr && !d->is_null()) {
          w.Write(kLevel2, "DownwardAPI:\ttrue\n");
        } else if (const api::Value* cm = src.Find("configMap"); cm != nullptr && !cm->is_null()) {
          w.Writef(kLevel2, "ConfigMapName:\t{}\n    ConfigMapOptional:\t{}\n", StrAt(*cm, {"name"}), opt(*cm));
        } else if (const api::Value* t = src.Find("serviceAccountToken"); t != nullptr && !t->is_null()) {
          w.Writef(kLevel2, "TokenExpirationSeconds:\t{}\n", IntAt(*t, {"expirationSeconds"}));
        }
      }
    } else if (v.csi) {
      w.Writef(kLevel2,
               "Type:\tCSI (a Container Storage Interface (CSI) volume source)\n    Driver:\t{}\n    FSType:\t{}\n"
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

void DescribeTolerations(DescribeWriter& w, std::string_view title, std::vector<api::Toleration> tolerations) {
  w.Writef(kLevel0, "{}:\t", title);
  if (tolerations.empty()) {
    w.WriteLine("<none>");
    return;
  }
  std::stable_sort(tolerations.begin(), tolerations.end(),
                   [](const api::Toleration& a, const api::Toleration& b) { return a.key < b.key; });
  bool first = true;
  for (const auto& t : tolerations) {
    if (!first) w.Write(kLevel0, "\t");
    first = false;
    std::string line = t.key;
    if (!t.value.empty()) line += "=" + t.value;
    if (!t.effect.empty()) line += ":" + t.effect;
    if (t.operator_ == "Exists" && t.value.empty()) line += (!t.key.empty() || !t.effect.empty()) ? " op=Exists" : "op=Exists";
    if (t.toleration_seconds) line += fmt::format(" for {}s", *t.toleration_seconds);
    w.Writef(kLevel0, "{}\n", line);
  }
}

void DescribeSpreadConstraints(DescribeWriter& w, std::vector<api::Value> tscs, std::string_view space) {
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
      if ((name == "cpu" || name == "memory") && q.MilliValue() > 0) requests[name] += q.MilliValue();
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

const api::OwnerReference* ControllerOf(const api::ObjectMeta& m) {
  for (const auto& r : m.owner_references) {
    if (r.controller.value_or(false)) return &r;
  }
  return nullptr;
}

void DescribePodTemplate(DescribeWriter& w, const api::PodTemplateSpec& t) {
  w.Write(kLevel0, "Pod Template:\n");
  PrintLabelsMultiline(w, "  Labels", t.metadata.labels);
  if (!t.metadata.annotations.empty()) PrintAnnotationsMultiline(w, "  Annotations", t.metadata.annotations);
  if (!t.spec.service_account_name.empty()) {
    w.Writef(kLevel1, "Service Account:\t{}\n", t.spec.service_account_name);
  }
  if (!t.spec.init_containers.empty()) {
    DescribeContainerList(w, "Init Containers", t.spec.init_containers, nullptr, nullptr, "  ");
  }
  DescribeContainerList(w, "Containers", t.spec.containers, nullptr, nullptr, "  ");
  DescribeVolumeList(w, t.spec.volumes, "  ");
  DescribeSpreadConstraints(w, t.spec.topology_spread_constraints, "  ");
  if (!t.spec.priority_class_name.empty()) {
    w.Writef(kLevel1, "Priority Class Name:\t{}\n", t.spec.priority_class_name);
  }
  PrintLabelsMultiline(w, "  Node-Selectors", t.spec.node_selector);
  DescribeTolerations(w, "  Tolerations", t.spec.tolerations);
}

}  // namespace

std::string DescribePod(Context& ctx, const api::Pod& pod) {
  api::Value pod_value = pod.ToValue();
  const api::PodSpec& spec = pod.spec;
  DescribeWriter w;
  w.Writef(kLevel0, "Name:\t{}\n", pod.metadata.name);
  w.Writef(kLevel0, "Namespace:\t{}\n", pod.metadata.namespace_);
  if (spec.priority) w.Writef(kLevel0, "Priority:\t{}\n", *spec.priority);
  if (!spec.priority_class_name.empty()) w.Writef(kLevel0, "Priority Class Name:\t{}\n", spec.priority_class_name);
  if (spec.runtime_class_name && !spec.runtime_class_name->empty()) {
    w.Writef(kLevel0, "Runtime Class Name:\t{}\n", *spec.runtime_class_name);
  }
  if (!spec.service_account_name.empty()) w.Writef(kLevel0, "Service Account:\t{}\n", spec.service_account_name);
  if (spec.node_name.empty()) {
    w.Write(kLevel0, "Node:\t<none>\n");
  } else {
    w.Writef(kLevel0, "Node:\t{}/{}\n", spec.node_name, pod.status.host_ip);
  }
  if (pod.status.start_time) w.Writef(kLevel0, "Start Time:\t{}\n", Rfc1123z(pod.status.start_time));
  PrintLabelsMultiline(w, "Labels", pod.metadata.labels);
  PrintAnnotationsMultiline(w, "Annotations", pod.metadata.annotations);
  if (pod.metadata.deletion_timestamp) {
    w.Writef(kLevel0, "Status:\tTerminating (lasts {})\n", Since(ctx, pod.metadata.deletion_timestamp));
    w.Writef(kLevel0, "Termination Grace Period:\t{}s\n", pod.metadata.deletion_grace_period_seconds.value_or(0));
  } else {
    w.Writef(kLevel0, "Status:\t{}\n", pod.status.phase);
  }
  if (!pod.status.reason.empty()) w.Writef(kLevel0, "Reason:\t{}\n", pod.status.reason);
  if (!pod.status.message.empty()) w.Writef(kLevel0, "Message:\t{}\n", pod.status.message);
  if (const api::Value* sp = columns_internal::Find(spec.security_context, {"seccompProfile"});
      sp != nullptr && !sp->is_null()) {
    std::string type = StrAt(*sp, {"type"});
    w.Writef(kLevel0, "SeccompProfile:\t{}\n", type);
    if (type == "Localhost") w.Writef(kLevel0, "LocalhostProfile:\t{}\n", StrAt(*sp, {"localhostProfile"}));
  }
  w.Writef(kLevel0, "IP:\t{}\n", pod.status.pod_ip);
  if (pod.status.pod_ips.empty()) {
    w.Write(kLevel0, "IPs:\t<none>\n");
  } else {
    w.Write(kLevel0, "IPs:\n");
    for (const auto& ip : pod.status.pod_ips) w.Writef(kLevel1, "IP:\t{}\n", ip.ip);
  }
  if (const api::OwnerReference* c = ControllerOf(pod.metadata)) {
    w.Writef(kLevel0, "Controlled By:\t{}/{}\n", c->kind, c->name);
  }
  if (!pod.status.nominated_node_name.empty()) {
    w.Writef(kLevel0, "NominatedNodeName:\t{}\n", pod.status.nominated_node_name);
  }
  if (!spec.init_containers.empty()) {
    DescribeContainerList(w, "Init Containers", spec.init_containers, &pod.status.init_container_statuses,
                          &pod_value, "");
  }
  DescribeContainerList(w, "Containers", spec.containers, &pod.status.container_statuses, &pod_value, "");
  if (!spec.ephemeral_containers.empty()) {
    std::vector<api::Container> ec(spec.ephemeral_containers.begin(), spec.ephemeral_containers.end());
    DescribeContainerList(w, "Ephemeral Containers", ec, &pod.status.ephemeral_container_statuses, &pod_value, "");
  }
  if (!spec.readiness_gates.empty()) {
    w.Write(kLevel0, "Readiness Gates:\n  Type\tStatus\n");
    for (const auto& g : spec.readiness_gates) {
      std::string status = "<none>";
      for (const auto& c : pod.status.conditions) {
        if (c.type == g.condition_type) {
          status = c.status;
          break;
        }
      }
      w.Writef(kLevel1, "{} \t{} \n", g.condition_type, status);
    }
  }
  if (!pod.status.conditions.empty()) {
    w.Write(kLevel0, "Conditions:\n  Type\tStatus\n");
    for (const auto& c : pod.status.conditions) w.Writef(kLevel1, "{} \t{} \n", c.type, c.status);
  }
  DescribeVolumeList(w, spec.volumes, "");
  w.Writef(kLevel0, "QoS Class:\t{}\n", PodQos(pod));
  PrintLabelsMultiline(w, "Node-Selectors", spec.node_selector);
  DescribeTolerations(w, "Tolerations", spec.tolerations);
  DescribeSpreadConstraints(w, spec.topology_spread_constraints, "");
  // Pod events are matched without the kind; a mirror pod's by its config hash.
  const std::string* mirror = pod.metadata.Annotation("kubernetes.io/config.mirror");
  DescribeEventsFor(ctx, w, pod, /*match_kind=*/false, mirror != nullptr ? std::string_view(*mirror) : "");
  return w.Finish();
}

std::string DescribeStatefulSet(Context& ctx, const api::StatefulSet& sts) {
  DescribeWriter w;
  w.Writef(kLevel0, "Name:\t{}\n", sts.metadata.name);
  w.Writef(kLevel0, "Namespace:\t{}\n", sts.metadata.namespace_);
  w.Writef(kLevel0, "CreationTimestamp:\t{}\n", Rfc1123z(sts.metadata.creation_timestamp));
  w.Writef(kLevel0, "Selector:\t{}\n", FormatSelector(sts.spec.selector));
  PrintLabelsMultiline(w, "Labels", sts.metadata.labels);
  PrintAnnotationsMultiline(w, "Annotations", sts.metadata.annotations);
  w.Writef(kLevel0, "Replicas:\t{} desired | {} total\n", sts.spec.replicas.value_or(1), sts.status.replicas);
  w.Writef(kLevel0, "Update Strategy:\t{}\n", sts.spec.update_strategy.type);
  if (const auto& ru = sts.spec.update_strategy.rolling_update; ru && ru->partition) {
    w.Writef(kLevel1, "Partition:\t{}\n", *ru->partition);
    if (ru->max_unavailable) {
      const api::IntOrString& mu = *ru->max_unavailable;
      w.Writef(kLevel1, "MaxUnavailable:\t{}\n", mu.is_int ? std::to_string(mu.int_value) : mu.str_value);
    }
  }
  int running = 0, waiting = 0, succeeded = 0, failed = 0;
  apiserver::ListOptions opts;
  opts.namespace_ = sts.metadata.namespace_;
  auto pods = ctx.inv.server().List(api::Pod::Info(), opts);
  if (pods.ok()) {
    for (const auto& o : *pods) {
      const auto& pod = static_cast<const api::Pod&>(*o);
      if (!sts.spec.selector || !sts.spec.selector->Matches(pod.metadata.labels)) continue;
      const api::OwnerReference* c = ControllerOf(pod.metadata);
      if (c == nullptr || c->uid != sts.metadata.uid) continue;
      const std::string& phase = pod.status.phase;
      if (phase == "Running") ++running;
      else if (phase == "Pending") ++waiting;
      else if (phase == "Succeeded") ++succeeded;
      else if (phase == "Failed") ++failed;
    }
  }
  w.Writef(kLevel0, "Pods Status:\t{} Running / {} Waiting / {} Succeeded / {} Failed\n", running, waiting, succeeded,
           failed);
  DescribePodTemplate(w, sts.spec.template_);
  if (sts.spec.volume_claim_templates.empty()) {
    w.Write(kLevel0, "Volume Claims:\t<none>\n");
  } else {
    w.Write(kLevel0, "Volume Claims:\n");
    for (const auto& t : sts.spec.volume_claim_templates) {
      w.Writef(kLevel1, "Name:\t{}\n", t.metadata.name);
      const std::string* beta = t.metadata.Annotation("volume.beta.kubernetes.io/storage-class");
      w.Writef(kLevel1, "StorageClass:\t{}\n", beta != nullptr ? *beta : t.spec.storage_class_name.value_or(""));
      PrintLabelsMultiline(w, "Labels", t.metadata.labels, "  ");
      PrintLabelsMultiline(w, "Annotations", t.metadata.annotations, "  ");
      auto it = t.spec.resources.requests.find("storage");
      w.Writef(kLevel1, "Capacity:\t{}\n", it != t.spec.resources.requests.end() ? it->second.ToString() : "<default>");
      w.Writef(kLevel1, "Access Modes:\t{}\n", GoStringSlice(t.spec.access_modes));
    }
  }
  DescribeEventsFor(ctx, w, sts);
  return w.Finish();
}

}  // namespace snapsim::kubectl::describe
