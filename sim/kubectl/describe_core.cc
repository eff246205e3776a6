// Describers of the core kinds other than Pod and the volume kinds: Namespace,
// Service, Secret, ConfigMap and Node.
#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "sim/kubectl/describe.h"

namespace snapsim::kubectl::describe {
namespace {

// A sum of quantities of one resource, printed in the format of the first one.
struct QuantitySum {
  std::int64_t milli = 0;
  api::Quantity::Format format = api::Quantity::Format::kDecimalSI;
  bool set = false;

  void Add(const api::Quantity& q) {
    if (!set) format = q.format();
    set = true;
    milli += q.MilliValue();
  }
  void Max(const api::Quantity& q) {
    if (!set || q.MilliValue() > milli) {
      format = q.format();
      milli = q.MilliValue();
      set = true;
    }
  }
  std::int64_t Value() const { return (milli + 999) / 1000; }
  std::string String() const {
    if (format == api::Quantity::Format::kBinarySI && milli % 1000 == 0) {
      return api::Quantity::FromBytes(milli / 1000, api::Quantity::Format::kBinarySI).ToString();
    }
    auto q = api::Quantity::Parse(std::to_string(milli) + "m");
    return q.ok() ? q->ToString() : std::to_string(milli) + "m";
  }
};

using ResourceSums = std::map<std::string, QuantitySum>;

// resourcehelper.PodRequestsAndLimits: containers summed, init containers as a floor, overhead
// added.
void PodRequestsAndLimits(const api::Pod& pod, ResourceSums* reqs, ResourceSums* limits) {
  for (const auto& c : pod.spec.containers) {
    for (const auto& [n, q] : c.resources.requests) (*reqs)[n].Add(q);
    for (const auto& [n, q] : c.resources.limits) (*limits)[n].Add(q);
  }
  for (const auto& c : pod.spec.init_containers) {
    for (const auto& [n, q] : c.resources.requests) (*reqs)[n].Max(q);
    for (const auto& [n, q] : c.resources.limits) (*limits)[n].Max(q);
  }
  for (const auto& [n, q] : pod.spec.overhead) {
    if (reqs->count(n) != 0) (*reqs)[n].Add(q);
    if (limits->count(n) != 0) (*limits)[n].Add(q);
  }
}

// Go's int64(float64) of a percentage: NaN and infinities convert to MinInt64 on amd64.
std::int64_t Percent(double num, double den) {
  double f = num / den * 100;
  if (std::isnan(f) || std::isinf(f)) return std::numeric_limits<std::int64_t>::min();
  return static_cast<std::int64_t>(f);
}

QuantitySum Sum(const ResourceSums& sums, const std::string& name) {
  auto it = sums.find(name);
  return it == sums.end() ? QuantitySum{} : it->second;
}

std::int64_t AllocMilli(const api::ResourceList& alloc, const std::string& name) {
  auto it = alloc.find(name);
  return it == alloc.end() ? 0 : it->second.MilliValue();
}

std::int64_t AllocValue(const api::ResourceList& alloc, const std::string& name) {
  auto it = alloc.find(name);
  return it == alloc.end() ? 0 : it->second.Value();
}

bool IsStandardContainerResource(const std::string& name) {
  return name == "cpu" || name == "memory" || name == "ephemeral-storage" ||
         name.rfind("hugepages-", 0) == 0;
}

void DescribeNodeResources(Context& ctx, DescribeWriter& w, const api::Node& node,
                           const std::vector<const api::Pod*>& pods) {
  w.Writef(kLevel0, "Non-terminated Pods:\t({} in total)\n", pods.size());
  w.Write(kLevel1,
          "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n");
  w.Write(kLevel1,
          "---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n");
  const api::ResourceList& alloc =
      node.status.allocatable.empty() ? node.status.capacity : node.status.allocatable;
  double cpu_alloc = static_cast<double>(AllocMilli(alloc, "cpu"));
  double mem_alloc = static_cast<double>(AllocValue(alloc, "memory"));
  ResourceSums total_reqs, total_limits;
  for (const api::Pod* pod : pods) {
    ResourceSums reqs, limits;
    PodRequestsAndLimits(*pod, &reqs, &limits);
    auto accumulate = [](ResourceSums& total, const ResourceSums& add) {
      for (const auto& [n, s] : add) {
        QuantitySum& t = total[n];
        if (!t.set) t.format = s.format;
        t.set = true;
        t.milli += s.milli;
      }
    };
    accumulate(total_reqs, reqs);
    accumulate(total_limits, limits);
    QuantitySum cr = Sum(reqs, "cpu"), cl = Sum(limits, "cpu"), mr = Sum(reqs, "memory"),
                ml = Sum(limits, "memory");
    w.Writef(kLevel1, "{}\t{}\t\t{} ({}%)\t{} ({}%)\t{} ({}%)\t{} ({}%)\t{}\n",
             pod->metadata.namespace_, pod->metadata.name, cr.String(),
             Percent(static_cast<double>(cr.milli), cpu_alloc), cl.String(),
             Percent(static_cast<double>(cl.milli), cpu_alloc), mr.String(),
             Percent(static_cast<double>(mr.Value()), mem_alloc), ml.String(),
             Percent(static_cast<double>(ml.Value()), mem_alloc),
             Since(ctx, pod->metadata.creation_timestamp));
  }
  w.Write(kLevel0,
          "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n");
  w.Write(kLevel1, "Resource\tRequests\tLimits\n");
  w.Write(kLevel1, "--------\t--------\t------\n");
  auto row = [&](const std::string& name, bool milli) {
    QuantitySum r = Sum(total_reqs, name), l = Sum(total_limits, name);
    double den = milli ? static_cast<double>(AllocMilli(alloc, name))
                       : static_cast<double>(AllocValue(alloc, name));
    std::int64_t rp = 0, lp = 0;
    if (den != 0) {
      rp = Percent(static_cast<double>(milli ? r.milli : r.Value()), den);
      lp = Percent(static_cast<double>(milli ? l.milli : l.Value()), den);
    }
    w.Writef(kLevel1, "{}\t{} ({}%)\t{} ({}%)\n", name, r.String(), rp, l.String(), lp);
  };
  row("cpu", true);
  row("memory", false);
  row("ephemeral-storage", false);
  std::vector<std::string> huge, ext;
  for (const auto& [name, q] : alloc) {
    if (name.rfind("hugepages-", 0) == 0) {
      huge.push_back(name);
    } else if (!IsStandardContainerResource(name) && name != "pods") {
      ext.push_back(name);
    }
  }
  for (const auto& name : huge) row(name, false);
  for (const auto& name : ext) {
    w.Writef(kLevel1, "{}\t{}\t{}\n", name, Sum(total_reqs, name).String(),
             Sum(total_limits, name).String());
  }
}

}  // namespace

std::string DescribeNamespace(Context& ctx, const api::Namespace& ns) {
  (void)ctx;
  DescribeWriter w;
  w.Writef(kLevel0, "Name:\t{}\n", ns.metadata.name);
  PrintLabelsMultiline(w, "Labels", ns.metadata.labels);
  PrintAnnotationsMultiline(w, "Annotations", ns.metadata.annotations);
  w.Writef(kLevel0, "Status:\t{}\n", ns.status.phase);
  if (!ns.status.conditions.empty()) {
    w.Write(kLevel0, "Conditions:\n");
    w.Write(kLevel1, "Type\tStatus\tLastTransitionTime\tReason\tMessage\n");
    w.Write(kLevel1, "----\t------\t------------------\t------\t-------\n");
    for (const auto& c : ns.status.conditions) {
      w.Writef(kLevel1, "{}\t{}\t{}\t{}\t{}\n", c.type, c.status, Rfc1123z(c.last_transition_time),
               c.reason, c.message);
    }
  }
  // snapsim holds no ResourceQuota or LimitRange objects: both lists are empty.
  w.Write(kLevel0, "\n");
  w.Write(kLevel0, "No resource quota.\n");
  w.Write(kLevel0, "\n");
  w.Write(kLevel0, "No LimitRange resource.\n");
  return w.Finish();
}

std::string DescribeService(Context& ctx, const api::Service& svc) {
  DescribeWriter w;
  const api::ServiceSpec& spec = svc.spec;
  w.Writef(kLevel0, "Name:\t{}\n", svc.metadata.name);
  w.Writef(kLevel0, "Namespace:\t{}\n", svc.metadata.namespace_);
  PrintLabelsMultiline(w, "Labels", svc.metadata.labels);
  PrintAnnotationsMultiline(w, "Annotations", svc.metadata.annotations);
  w.Writef(kLevel0, "Selector:\t{}\n", FormatLabels(spec.selector));
  w.Writef(kLevel0, "Type:\t{}\n", spec.type);
  if (spec.ip_family_policy) w.Writef(kLevel0, "IP Family Policy:\t{}\n", *spec.ip_family_policy);
  w.Writef(
      kLevel0, "IP Families:\t{}\n",
      spec.ip_families.empty() ? "<none>" : fmt::format("{}", fmt::join(spec.ip_families, ",")));
  w.Writef(kLevel0, "IP:\t{}\n", spec.cluster_ip);
  w.Writef(
      kLevel0, "IPs:\t{}\n",
      spec.cluster_ips.empty() ? "<none>" : fmt::format("{}", fmt::join(spec.cluster_ips, ",")));
  if (!spec.external_ips.empty())
    w.Writef(kLevel0, "External IPs:\t{}\n", fmt::join(spec.external_ips, ","));
  if (!spec.load_balancer_ip.empty()) w.Writef(kLevel0, "IP:\t{}\n", spec.load_balancer_ip);
  if (!spec.external_name.empty()) w.Writef(kLevel0, "External Name:\t{}\n", spec.external_name);
  if (!svc.status.load_balancer.ingress.empty()) {
    std::vector<std::string> list;
    for (const api::Value& in : svc.status.load_balancer.ingress) {
      const api::Value* ip = in.Find("ip");
      const api::Value* host = in.Find("hostname");
      if (ip != nullptr && ip->is_string() && !ip->as_string().empty()) {
        list.push_back(ip->as_string());
      } else {
        list.push_back(host != nullptr && host->is_string() ? host->as_string() : "");
      }
    }
    w.Writef(kLevel0, "LoadBalancer Ingress:\t{}\n", fmt::join(list, ", "));
  }
  for (const auto& p : spec.ports) {
    std::string name = p.name.empty() ? "<unset>" : p.name;
    w.Writef(kLevel0, "Port:\t{}\t{}/{}\n", name, p.port, p.protocol);
    if (p.target_port.is_int) {
      w.Writef(kLevel0, "TargetPort:\t{}/{}\n", p.target_port.int_value, p.protocol);
    } else {
      w.Writef(kLevel0, "TargetPort:\t{}/{}\n", p.target_port.str_value, p.protocol);
    }
    if (p.node_port != 0)
      w.Writef(kLevel0, "NodePort:\t{}\t{}/{}\n", name, p.node_port, p.protocol);
    // snapsim holds no Endpoints objects.
    w.Write(kLevel0, "Endpoints:\t<none>\n");
  }
  w.Writef(kLevel0, "Session Affinity:\t{}\n", spec.session_affinity);
  if (!spec.external_traffic_policy.empty()) {
    w.Writef(kLevel0, "External Traffic Policy:\t{}\n", spec.external_traffic_policy);
  }
  if (spec.health_check_node_port != 0)
    w.Writef(kLevel0, "HealthCheck NodePort:\t{}\n", spec.health_check_node_port);
  if (!spec.load_balancer_source_ranges.empty()) {
    w.Writef(kLevel0, "LoadBalancer Source Ranges:\t{}\n",
             fmt::join(spec.load_balancer_source_ranges, ","));
  }
  DescribeEventsFor(ctx, w, svc);
  return w.Finish();
}

std::string DescribeSecret(Context& ctx, const api::Secret& secret) {
  (void)ctx;
  DescribeWriter w;
  w.Writef(kLevel0, "Name:\t{}\n", secret.metadata.name);
  w.Writef(kLevel0, "Namespace:\t{}\n", secret.metadata.namespace_);
  PrintLabelsMultiline(w, "Labels", secret.metadata.labels);
  PrintAnnotationsMultiline(w, "Annotations", secret.metadata.annotations);
  w.Writef(kLevel0, "\nType:\t{}\n", secret.type);
  w.Write(kLevel0, "\nData\n====\n");
  // Go ranges over a map here (random order); snapsim prints keys sorted.
  for (const auto& [k, v] : secret.data) {
    auto bytes = api::Base64Decode(v);
    std::string data = bytes.ok() ? *bytes : std::string();
    if (k == "token" && secret.type == "kubernetes.io/service-account-token") {
      w.Writef(kLevel0, "{}:\t{}\n", k, data);
    } else {
      w.Writef(kLevel0, "{}:\t{} bytes\n", k, data.size());
    }
  }
  return w.Finish();
}

std::string DescribeConfigMap(Context& ctx, const api::ConfigMap& cm) {
  DescribeWriter w;
  w.Writef(kLevel0, "Name:\t{}\n", cm.metadata.name);
  w.Writef(kLevel0, "Namespace:\t{}\n", cm.metadata.namespace_);
  PrintLabelsMultiline(w, "Labels", cm.metadata.labels);
  PrintAnnotationsMultiline(w, "Annotations", cm.metadata.annotations);
  w.Write(kLevel0, "\nData\n====\n");
  for (const auto& [k, v] : cm.data) {
    w.Writef(kLevel0, "{}:\n----\n", k);
    w.Writef(kLevel0, "{}\n", v);
  }
  w.Write(kLevel0, "\nBinaryData\n====\n");
  for (const auto& [k, v] : cm.binary_data) {
    auto bytes = api::Base64Decode(v);
    w.Writef(kLevel0, "{}: {} bytes\n", k, bytes.ok() ? bytes->size() : 0);
  }
  w.Write(kLevel0, "\n");
  DescribeEventsFor(ctx, w, cm);
  return w.Finish();
}

std::string DescribeNode(Context& ctx, const api::Node& node) {
  DescribeWriter w;
  w.Writef(kLevel0, "Name:\t{}\n", node.metadata.name);
  std::set<std::string> roles;
  for (const auto& [k, v] : node.metadata.labels) {
    constexpr std::string_view kPrefix = "node-role.kubernetes.io/";
    if (k.rfind(kPrefix, 0) == 0) {
      if (k.size() > kPrefix.size()) roles.insert(k.substr(kPrefix.size()));
    } else if (k == "kubernetes.io/role" && !v.empty()) {
      roles.insert(v);
    }
  }
  w.Writef(kLevel0, "Roles:\t{}\n",
           roles.empty() ? "<none>" : fmt::format("{}", fmt::join(roles, ",")));
  PrintLabelsMultiline(w, "Labels", node.metadata.labels);
  PrintAnnotationsMultiline(w, "Annotations", node.metadata.annotations);
  w.Writef(kLevel0, "CreationTimestamp:\t{}\n", Rfc1123z(node.metadata.creation_timestamp));
  w.Write(kLevel0, "Taints:\t");
  if (node.spec.taints.empty()) {
    w.WriteLine("<none>");
  } else {
    std::vector<api::Taint> taints = node.spec.taints;
    std::stable_sort(taints.begin(), taints.end(), [](const api::Taint& a, const api::Taint& b) {
      return a.effect + "," + a.key < b.effect + "," + b.key;
    });
    bool first = true;
    for (const auto& t : taints) {
      if (!first) w.Write(kLevel0, "\t");
      first = false;
      std::string s = t.key;
      if (t.effect.empty()) {
        if (!t.value.empty()) s += "=" + t.value + ":";
      } else {
        s += t.value.empty() ? ":" + t.effect : "=" + t.value + ":" + t.effect;
      }
      w.Writef(kLevel0, "{}\n", s);
    }
  }
  w.Writef(kLevel0, "Unschedulable:\t{}\n", node.spec.unschedulable);
  // snapsim holds no coordination.k8s.io Leases; kubectl prints the lookup's failure.
  w.Writef(kLevel0, "Lease:\tFailed to get lease: leases.coordination.k8s.io \"{}\" not found\n",
           node.metadata.name);
  if (!node.status.conditions.empty()) {
    w.Write(
        kLevel0,
        "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n");
    w.Write(kLevel1, "----\t------\t-----------------\t------------------\t------\t-------\n");
    for (const auto& c : node.status.conditions) {
      w.Writef(kLevel1, "{} \t{} \t{} \t{} \t{} \t{}\n", c.type, c.status,
               Rfc1123z(c.last_heartbeat_time), Rfc1123z(c.last_transition_time), c.reason,
               c.message);
    }
  }
  w.Write(kLevel0, "Addresses:\n");
  for (const auto& a : node.status.addresses) w.Writef(kLevel1, "{}:\t{}\n", a.type, a.address);
  auto resource_list = [&](std::string_view title, const api::ResourceList& list) {
    if (list.empty()) return;
    w.Writef(kLevel0, "{}:\n", title);
    for (const auto& [name, q] : list) w.Writef(kLevel0, "  {}:\t{}\n", name, q.ToString());
  };
  resource_list("Capacity", node.status.capacity);
  resource_list("Allocatable", node.status.allocatable);
  const api::NodeSystemInfo& info = node.status.node_info;
  w.Write(kLevel0, "System Info:\n");
  w.Writef(kLevel0, "  Machine ID:\t{}\n", info.machine_id);
  w.Writef(kLevel0, "  System UUID:\t{}\n", info.system_uuid);
  w.Writef(kLevel0, "  Boot ID:\t{}\n", info.boot_id);
  w.Writef(kLevel0, "  Kernel Version:\t{}\n", info.kernel_version);
  w.Writef(kLevel0, "  OS Image:\t{}\n", info.os_image);
  w.Writef(kLevel0, "  Operating System:\t{}\n", info.operating_system);
  w.Writef(kLevel0, "  Architecture:\t{}\n", info.architecture);
  w.Writef(kLevel0, "  Container Runtime Version:\t{}\n", info.container_runtime_version);
  w.Writef(kLevel0, "  Kubelet Version:\t{}\n", info.kubelet_version);
  w.Writef(kLevel0, "  Kube-Proxy Version:\t{}\n", info.kube_proxy_version);
  if (!node.spec.pod_cidr.empty()) w.Writef(kLevel0, "PodCIDR:\t{}\n", node.spec.pod_cidr);
  if (!node.spec.pod_cidrs.empty())
    w.Writef(kLevel0, "PodCIDRs:\t{}\n", fmt::join(node.spec.pod_cidrs, ","));
  if (!node.spec.provider_id.empty()) w.Writef(kLevel0, "ProviderID:\t{}\n", node.spec.provider_id);
  auto listed = ctx.inv.server().List(api::Pod::Info(), {});
  std::vector<const api::Pod*> pods;
  std::vector<api::ObjectPtr> keep;
  if (listed.ok()) keep = *listed;
  for (const auto& o : keep) {
    const auto& pod = static_cast<const api::Pod&>(*o);
    if (pod.spec.node_name != node.metadata.name) continue;
    if (pod.status.phase == "Succeeded" || pod.status.phase == "Failed") continue;
    pods.push_back(&pod);
  }
  DescribeNodeResources(ctx, w, node, pods);
  if (ctx.show_events) {
    // Node events carry the node's uid (controllers) or its name (kubelet) as the uid.
    std::vector<api::ObjectPtr> events = SearchEvents(ctx, node);
    std::vector<api::ObjectPtr> by_name = SearchEvents(ctx, node, true, node.metadata.name);
    events.insert(events.end(), by_name.begin(), by_name.end());
    WriteEvents(ctx, w, std::move(events));
  }
  return w.Finish();
}

}  // namespace snapsim::kubectl::describe
