// Pod and PodSpec defaulting (see defaults.h): k8s.io/kubernetes
// pkg/apis/core/v1 SetDefaults_PodSpec/Pod/Container/Volume/Probe/..., the
// Pod admission plugins ServiceAccount, Priority and DefaultTolerationSeconds,
// and the pod strategy's create-time status.
#include <algorithm>
#include <cctype>
#include <initializer_list>
#include <map>

#include "src/api/defaults.h"

namespace snapsim::api {
namespace {

constexpr std::int32_t kDefaultFileMode =
    0644;  // Secret/ConfigMap/DownwardAPI/Projected defaultMode: 420
constexpr std::int64_t kDefaultTolerationSeconds = 300;

// Sets obj[key] = v when obj is an object whose `key` is absent or null.
void SetIfAbsent(Value& obj, std::string_view key, Value v) {
  if (!obj.is_object()) return;
  const Value* cur = obj.Find(key);
  if (cur == nullptr || cur->is_null()) obj[key] = std::move(v);
}

// Sets obj[key] = v when `key` is absent, null, 0 or "" (a Go zero value).
void SetIfZero(Value& obj, std::string_view key, Value v) {
  if (!obj.is_object()) return;
  const Value* cur = obj.Find(key);
  bool zero = cur == nullptr || cur->is_null() || (cur->is_int() && cur->as_int() == 0) ||
              (cur->is_string() && cur->as_string().empty());
  if (zero) obj[key] = std::move(v);
}

Value* Member(Value& obj, std::string_view key) {
  if (!obj.is_object()) return nullptr;
  Value* v = obj.FindMutable(key);
  return v != nullptr && !v->is_null() ? v : nullptr;
}

template <class F>
void ForEachElement(Value* array, F f) {
  if (array == nullptr || !array->is_array()) return;
  for (Value& item : array->mutable_array()) f(item);
}

// ObjectFieldSelector: apiVersion "v1".
void DefaultFieldRef(Value& holder) {
  if (Value* ref = Member(holder, "fieldRef")) SetIfZero(*ref, "apiVersion", "v1");
}

// HTTPGetAction (path "/", scheme HTTP) and GRPCAction (service "") inside a probe or lifecycle
// handler.
void DefaultHandler(Value& handler) {
  if (Value* http = Member(handler, "httpGet")) {
    SetIfZero(*http, "path", "/");
    SetIfZero(*http, "scheme", "HTTP");
  }
  if (Value* grpc = Member(handler, "grpc")) SetIfAbsent(*grpc, "service", "");
}

void DefaultProbe(Value& probe) {
  if (!probe.is_object()) return;
  SetIfZero(probe, "timeoutSeconds", 1);
  SetIfZero(probe, "periodSeconds", 10);
  SetIfZero(probe, "successThreshold", 1);
  SetIfZero(probe, "failureThreshold", 3);
  DefaultHandler(probe);
}

void DefaultContainer(Container& c) {
  if (c.image_pull_policy.empty()) c.image_pull_policy = DefaultImagePullPolicy(c.image);
  if (c.termination_message_path.empty()) c.termination_message_path = "/dev/termination-log";
  if (c.termination_message_policy.empty()) c.termination_message_policy = "File";
  for (ContainerPort& p : c.ports) {
    if (p.protocol.empty()) p.protocol = "TCP";
  }
  for (EnvVar& e : c.env) DefaultFieldRef(e.value_from);
  DefaultProbe(c.liveness_probe);
  DefaultProbe(c.readiness_probe);
  DefaultProbe(c.startup_probe);
  for (std::string_view hook : {"postStart", "preStop"}) {
    if (Value* h = Member(c.lifecycle, hook)) DefaultHandler(*h);
  }
}

bool HasNoSource(const Volume& v) {
  return !v.host_path && !v.empty_dir && !v.secret && !v.persistent_volume_claim && !v.config_map &&
         !v.csi && v.gce_persistent_disk.is_null() && v.aws_elastic_block_store.is_null() &&
         v.git_repo.is_null() && v.nfs.is_null() && v.iscsi.is_null() && v.glusterfs.is_null() &&
         v.rbd.is_null() && v.flex_volume.is_null() && v.cinder.is_null() && v.cephfs.is_null() &&
         v.flocker.is_null() && v.downward_api.is_null() && v.fc.is_null() &&
         v.azure_file.is_null() && v.vsphere_volume.is_null() && v.quobyte.is_null() &&
         v.azure_disk.is_null() && v.photon_persistent_disk.is_null() && v.projected.is_null() &&
         v.portworx_volume.is_null() && v.scale_io.is_null() && v.storageos.is_null() &&
         v.ephemeral.is_null();
}

void DefaultVolume(Volume& v) {
  if (HasNoSource(v)) v.empty_dir.emplace();
  if (v.host_path && !v.host_path->type) v.host_path->type = "";  // HostPathUnset
  if (v.secret && !v.secret->default_mode) v.secret->default_mode = kDefaultFileMode;
  if (v.config_map && !v.config_map->default_mode) v.config_map->default_mode = kDefaultFileMode;
  if (v.downward_api.is_object()) {
    SetIfAbsent(v.downward_api, "defaultMode", kDefaultFileMode);
    ForEachElement(Member(v.downward_api, "items"), DefaultFieldRef);
  }
  if (v.projected.is_object()) {
    SetIfAbsent(v.projected, "defaultMode", kDefaultFileMode);
    ForEachElement(Member(v.projected, "sources"), [](Value& source) {
      if (Value* dapi = Member(source, "downwardAPI"))
        ForEachElement(Member(*dapi, "items"), DefaultFieldRef);
      if (Value* token = Member(source, "serviceAccountToken"))
        SetIfAbsent(*token, "expirationSeconds", 3600);
    });
  }
  if (Value* tmpl = Member(v.ephemeral, "volumeClaimTemplate")) {
    if (Value* spec = Member(*tmpl, "spec")) SetIfAbsent(*spec, "volumeMode", "Filesystem");
  }
}

// SetDefaults_Pod: requests default to limits where only limits are given.
void DefaultRequestsFromLimits(Container& c) {
  for (const auto& [name, q] : c.resources.limits) c.resources.requests.emplace(name, q);
}

// DefaultTolerationSeconds admission: tolerate not-ready/unreachable nodes for 300s.
void AddDefaultTolerations(PodSpec& spec) {
  auto tolerated = [&](std::string_view key) {
    return std::any_of(spec.tolerations.begin(), spec.tolerations.end(), [&](const Toleration& t) {
      return (t.key == key || t.key.empty()) && (t.effect == "NoExecute" || t.effect.empty());
    });
  };
  for (std::string_view key : {"node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"}) {
    if (tolerated(key)) continue;
    spec.tolerations.push_back(
        {std::string(key), "Exists", "", "NoExecute", kDefaultTolerationSeconds});
  }
}

// Priority admission with the two built-in classes and no global default class.
void DefaultPriority(PodSpec& spec, int kube_minor) {
  if (!spec.priority) {
    if (spec.priority_class_name.empty()) {
      spec.priority = 0;
    } else if (spec.priority_class_name == "system-node-critical") {
      spec.priority = 2000001000;
    } else if (spec.priority_class_name == "system-cluster-critical") {
      spec.priority = 2000000000;
    }
  }
  if (kube_minor >= 19 && !spec.preemption_policy) spec.preemption_policy = "PreemptLowerPriority";
}

bool IsQosResource(const std::string& name) { return name == "cpu" || name == "memory"; }

}  // namespace

std::string DefaultImagePullPolicy(std::string_view image) {
  // Mirrors parsers.ParseImageName: a reference that does not parse has no tag.
  constexpr std::string_view kIfNotPresent = "IfNotPresent";
  std::string_view name = image;
  bool has_digest = false;
  if (std::size_t at = name.find('@'); at != std::string_view::npos) {
    has_digest = true;
    name = name.substr(0, at);
  }
  std::string_view tag;
  std::size_t slash = name.rfind('/');
  std::size_t colon = name.rfind(':');
  if (colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash)) {
    tag = name.substr(colon + 1);
    name = name.substr(0, colon);
  }
  // The first component is a registry host if it has '.' or ':', is localhost, or has upper case.
  std::string_view path = name;
  if (std::size_t first = name.find('/'); first != std::string_view::npos) {
    std::string_view head = name.substr(0, first);
    bool upper = std::any_of(head.begin(), head.end(),
                             [](char c) { return std::isupper(static_cast<unsigned char>(c)); });
    if (head.find_first_of(".:") != std::string_view::npos || head == "localhost" || upper) {
      path = name.substr(first + 1);
    }
  }
  bool valid_path = !path.empty() && std::all_of(path.begin(), path.end(), [](char c) {
    return std::islower(static_cast<unsigned char>(c)) ||
           std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-' ||
           c == '/';
  });
  if (!valid_path) return std::string(kIfNotPresent);
  if (tag.empty() && !has_digest) tag = "latest";
  return tag == "latest" ? "Always" : std::string(kIfNotPresent);
}

std::string PodQosClass(const PodSpec& spec) {
  // Sums of positive cpu/memory requests and limits over containers and init containers, in
  // milli-units.
  std::map<std::string, std::int64_t> requests;
  std::map<std::string, std::int64_t> limits;
  bool guaranteed = true;
  auto visit = [&](const Container& c) {
    for (const auto& [name, q] : c.resources.requests) {
      if (IsQosResource(name) && q.MilliValue() > 0) requests[name] += q.MilliValue();
    }
    int limit_kinds = 0;
    for (const auto& [name, q] : c.resources.limits) {
      if (IsQosResource(name) && q.MilliValue() > 0) {
        limits[name] += q.MilliValue();
        ++limit_kinds;
      }
    }
    if (limit_kinds < 2) guaranteed = false;  // needs both cpu and memory limits
  };
  for (const Container& c : spec.containers) visit(c);
  for (const Container& c : spec.init_containers) visit(c);
  if (requests.empty() && limits.empty()) return "BestEffort";
  if (guaranteed) {
    for (const auto& [name, milli] : requests) {
      auto it = limits.find(name);
      if (it == limits.end() || it->second != milli) {
        guaranteed = false;
        break;
      }
    }
  }
  return guaranteed && requests.size() == limits.size() ? "Guaranteed" : "Burstable";
}

void DefaultPodSpec(PodSpec& spec, int /*kube_minor*/) {
  if (spec.dns_policy.empty()) spec.dns_policy = "ClusterFirst";
  if (spec.restart_policy.empty()) spec.restart_policy = "Always";
  if (spec.security_context.is_null()) spec.security_context = Value::EmptyObject();
  if (!spec.termination_grace_period_seconds) spec.termination_grace_period_seconds = 30;
  if (spec.scheduler_name.empty()) spec.scheduler_name = "default-scheduler";
  // v1 conversion: the deprecated serviceAccount is read when serviceAccountName is unset, and
  // always written back as a copy of serviceAccountName.
  if (spec.service_account_name.empty()) spec.service_account_name = spec.service_account;
  spec.service_account = spec.service_account_name;
  for (Volume& v : spec.volumes) DefaultVolume(v);
  for (Container& c : spec.init_containers) DefaultContainer(c);
  for (Container& c : spec.containers) DefaultContainer(c);
  for (EphemeralContainer& c : spec.ephemeral_containers) DefaultContainer(c);
}

void DefaultPod(Pod& pod, int kube_minor) {
  PodSpec& spec = pod.spec;
  DefaultPodSpec(spec, kube_minor);
  // SetDefaults_Pod.
  for (Container& c : spec.containers) DefaultRequestsFromLimits(c);
  for (Container& c : spec.init_containers) DefaultRequestsFromLimits(c);
  if (!spec.enable_service_links) spec.enable_service_links = true;
  if (spec.host_network) {
    for (auto* list : {&spec.containers, &spec.init_containers}) {
      for (Container& c : *list) {
        for (ContainerPort& p : c.ports) {
          if (p.host_port == 0) p.host_port = p.container_port;
        }
      }
    }
  }
  // Mutating admission.
  if (spec.service_account_name.empty()) {
    spec.service_account_name = "default";
    spec.service_account = "default";
  }
  DefaultPriority(spec, kube_minor);
  AddDefaultTolerations(spec);
  // Pod strategy PrepareForCreate.
  if (pod.status.phase.empty()) pod.status.phase = "Pending";
  if (pod.status.qos_class.empty()) pod.status.qos_class = PodQosClass(spec);
}

}  // namespace snapsim::api
