// The containers section of pod and pod template descriptions (describeContainers):
// image, ports, command, state, resources, probes, environment and mounts.
#include <algorithm>

#include "sim/kubectl/columns_util.h"
#include "sim/kubectl/describe.h"
#include "src/api/go_format.h"

namespace snapsim::kubectl::describe {
namespace {

using columns_internal::GoSprint;

std::string IntOrStringText(const api::Value* v) {
  if (v == nullptr || v->is_null()) return "0";
  return GoSprint(*v);
}

std::string NoneIfEmpty(const std::string& s) { return s.empty() ? "<none>" : s; }

// A Value labelSelector as metav1.FormatLabelSelector prints it.
std::string DescribeProbe(const api::Value& probe) {
  std::string attrs =
      fmt::format("delay={}s timeout={}s period={}s #success={} #failure={}",
                  IntAt(probe, {"initialDelaySeconds"}), IntAt(probe, {"timeoutSeconds"}),
                  IntAt(probe, {"periodSeconds"}), IntAt(probe, {"successThreshold"}),
                  IntAt(probe, {"failureThreshold"}));
  if (const api::Value* exec = probe.Find("exec"); exec != nullptr && !exec->is_null()) {
    std::vector<std::string> cmd;
    for (const api::Value& c : columns_internal::Arr(*exec, {"command"}))
      cmd.push_back(GoSprint(c));
    return fmt::format("exec {} {}", GoStringSlice(cmd), attrs);
  }
  if (const api::Value* http = probe.Find("httpGet"); http != nullptr && !http->is_null()) {
    std::string scheme = StrAt(*http, {"scheme"});
    std::transform(scheme.begin(), scheme.end(), scheme.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    std::string host = StrAt(*http, {"host"});
    std::string port = IntOrStringText(http->Find("port"));
    std::string hostport =
        port.empty() ? host
                     : (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" + port;
    std::string url = scheme.empty() ? "//" + hostport : scheme + "://" + hostport;
    std::string path = StrAt(*http, {"path"});
    if (!path.empty() && path[0] != '/') path = "/" + path;
    return fmt::format("http-get {}{} {}", url, path, attrs);
  }
  if (const api::Value* tcp = probe.Find("tcpSocket"); tcp != nullptr && !tcp->is_null()) {
    return fmt::format("tcp-socket {}:{} {}", StrAt(*tcp, {"host"}),
                       IntOrStringText(tcp->Find("port")), attrs);
  }
  if (const api::Value* grpc = probe.Find("grpc"); grpc != nullptr && !grpc->is_null()) {
    return fmt::format("grpc <pod>:{} {} {}", IntAt(*grpc, {"port"}), StrAt(*grpc, {"service"}),
                       attrs);
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
  const api::ResourceList& list =
      resource.substr(0, dot) == "limits" ? c.resources.limits : c.resources.requests;
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

}  // namespace

void DescribeContainers(DescribeWriter& w, std::string_view label,
                        const std::vector<api::Container>& containers,
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
      if (type == "Localhost")
        w.Writef(kLevel3, "LocalhostProfile:\t{}\n", StrAt(*sp, {"localhostProfile"}));
    }
    auto split_lines = [&](std::string_view title, const std::vector<std::string>& items) {
      if (items.empty()) return;
      w.Writef(kLevel2, "{}:\n", title);
      for (const auto& item : items) {
        std::size_t pos = 0;
        while (true) {
          std::size_t nl = item.find('\n', pos);
          w.Writef(kLevel3, "{}\n",
                   item.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos));
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
    for (const auto& [name, q] : c.resources.limits)
      w.Writef(kLevel3, "{}:\t{}\n", name, q.ToString());
    if (!c.resources.requests.empty()) w.Write(kLevel2, "Requests:\n");
    for (const auto& [name, q] : c.resources.requests)
      w.Writef(kLevel3, "{}:\t{}\n", name, q.ToString());
    if (!c.liveness_probe.is_null())
      w.Writef(kLevel2, "Liveness:\t{}\n", DescribeProbe(c.liveness_probe));
    if (!c.readiness_probe.is_null())
      w.Writef(kLevel2, "Readiness:\t{}\n", DescribeProbe(c.readiness_probe));
    if (!c.startup_probe.is_null())
      w.Writef(kLevel2, "Startup:\t{}\n", DescribeProbe(c.startup_probe));
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
          w.Writef(kLevel3, "{}\t{} with prefix '{}'\tOptional: {}\n", name, from, prefix,
                   optional);
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
          std::string line =
              e.value.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
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
        w.Writef(kLevel3, "{}:\t{} ({}:{})\n", e.name, ResolveFieldRef(pod, path),
                 StrAt(*f, {"apiVersion"}), path);
      } else if (const api::Value* r = from.Find("resourceFieldRef");
                 r != nullptr && !r->is_null()) {
        std::string value = ResourceFieldValue(*r, c);
        std::string resource = StrAt(*r, {"resource"});
        if (value == "0" && (resource == "limits.cpu" || resource == "limits.memory"))
          value = "node allocatable";
        w.Writef(kLevel3, "{}:\t{} ({})\n", e.name, value, resource);
      } else if (const api::Value* s = from.Find("secretKeyRef"); s != nullptr && !s->is_null()) {
        w.Writef(kLevel3, "{}:\t<set to the key '{}' in secret '{}'>\tOptional: {}\n", e.name,
                 StrAt(*s, {"key"}), StrAt(*s, {"name"}), BoolAt(*s, {"optional"}));
      } else if (const api::Value* m = from.Find("configMapKeyRef");
                 m != nullptr && !m->is_null()) {
        w.Writef(kLevel3, "{}:\t<set to the key '{}' of config map '{}'>\tOptional: {}\n", e.name,
                 StrAt(*m, {"key"}), StrAt(*m, {"name"}), BoolAt(*m, {"optional"}));
      }
    }
    w.Writef(kLevel2, "Mounts:{}\n", c.volume_mounts.empty() ? "\t<none>" : "");
    std::vector<api::VolumeMount> mounts = c.volume_mounts;
    std::stable_sort(mounts.begin(), mounts.end(),
                     [](const api::VolumeMount& a, const api::VolumeMount& b) {
                       return a.mount_path < b.mount_path;
                     });
    for (const auto& m : mounts) {
      std::string flags = m.read_only ? "ro" : "rw";
      if (!m.sub_path.empty()) flags += ",path=" + api::GoQuote(m.sub_path);
      w.Writef(kLevel3, "{} from {} ({})\n", m.mount_path, m.name, flags);
    }
    if (!c.volume_devices.empty()) {
      w.Writef(kLevel2, "Devices:{}\n", c.volume_mounts.empty() ? "\t<none>" : "");
      std::vector<api::VolumeDevice> devices = c.volume_devices;
      std::stable_sort(devices.begin(), devices.end(),
                       [](const api::VolumeDevice& a, const api::VolumeDevice& b) {
                         return a.device_path < b.device_path;
                       });
      for (const auto& d : devices) w.Writef(kLevel3, "{} from {}\n", d.device_path, d.name);
    }
  }
}

}  // namespace snapsim::kubectl::describe
