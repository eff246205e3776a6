// kube-apiserver's printers for the core kinds snapsim holds: Pod (columns_pod.cc), Namespace,
// Node, Service, Event, Secret, ConfigMap and StatefulSet.
#include <fmt/format.h>

#include <cctype>
#include <set>
#include <string>

#include "sim/kubectl/columns_pod.h"
#include "sim/kubectl/columns_util.h"
#include "src/api/go_format.h"

namespace snapsim::kubectl::columns_internal {
namespace {

// ---- Namespace -----------------------------------------------------------------------

std::vector<TableColumn> NamespaceColumns(int) {
  return {Col("Name", "string"), Col("Status", "string"), Col("Age", "string")};
}

Result<Cells> NamespaceRow(const api::Value& o, const RowContext& ctx) {
  SNAPSIM_ASSIGN_OR_RETURN(std::string age, Age(o, ctx));
  return Cells{Str(o, {"metadata", "name"}), Str(o, {"status", "phase"}), std::move(age)};
}

// ---- Node ----------------------------------------------------------------------------

std::vector<TableColumn> NodeColumns(int) {
  return {Col("Name", "string"),
          Col("Status", "string"),
          Col("Roles", "string"),
          Col("Age", "string"),
          Col("Version", "string"),
          Col("Internal-IP", "string", 1),
          Col("External-IP", "string", 1),
          Col("OS-Image", "string", 1),
          Col("Kernel-Version", "string", 1),
          Col("Container-Runtime", "string", 1)};
}

std::string NodeAddress(const api::Value& node, std::string_view type) {
  for (const api::Value& a : Arr(node, {"status", "addresses"})) {
    if (Str(a, {"type"}) == type) return Str(a, {"address"});
  }
  return "<none>";
}

Result<Cells> NodeRow(const api::Value& o, const RowContext& ctx) {
  // Only the Ready condition counts; the last one of that type wins (Go map overwrite).
  std::optional<std::string> ready;
  for (const api::Value& c : Arr(o, {"status", "conditions"})) {
    if (Str(c, {"type"}) == "Ready") ready = Str(c, {"status"});
  }
  std::string status = !ready.has_value() ? "Unknown" : *ready == "True" ? "Ready" : "NotReady";
  if (OptBool(o, {"spec", "unschedulable"}).value_or(false)) status += ",SchedulingDisabled";

  std::set<std::string> roles;  // sorted, like sets.String.List()
  if (const api::Value* labels = Find(o, {"metadata", "labels"});
      labels != nullptr && labels->is_object()) {
    static constexpr std::string_view kRolePrefix = "node-role.kubernetes.io/";
    for (const auto& [k, v] : labels->as_object()) {
      if (k.starts_with(kRolePrefix)) {
        if (k.size() > kRolePrefix.size()) roles.insert(k.substr(kRolePrefix.size()));
      } else if (k == "kubernetes.io/role" && v.is_string() && !v.as_string().empty()) {
        roles.insert(v.as_string());
      }
    }
  }
  std::string role_text;
  for (const std::string& r : roles) {
    if (!role_text.empty()) role_text += ',';
    role_text += r;
  }
  if (role_text.empty()) role_text = "<none>";

  auto or_unknown = [](std::string s) { return s.empty() ? std::string("<unknown>") : s; };
  SNAPSIM_ASSIGN_OR_RETURN(std::string age, Age(o, ctx));
  return Cells{Str(o, {"metadata", "name"}),
               status,
               role_text,
               std::move(age),
               Str(o, {"status", "nodeInfo", "kubeletVersion"}),
               NodeAddress(o, "InternalIP"),
               NodeAddress(o, "ExternalIP"),
               or_unknown(Str(o, {"status", "nodeInfo", "osImage"})),
               or_unknown(Str(o, {"status", "nodeInfo", "kernelVersion"})),
               or_unknown(Str(o, {"status", "nodeInfo", "containerRuntimeVersion"}))};
}

// ---- Service -------------------------------------------------------------------------

std::vector<TableColumn> ServiceColumns(int) {
  return {Col("Name", "string"),        Col("Type", "string"),    Col("Cluster-IP", "string"),
          Col("External-IP", "string"), Col("Port(s)", "string"), Col("Age", "string"),
          Col("Selector", "string", 1)};
}

std::string JoinStrings(const api::Value::Array& a) {
  std::string out;
  for (const api::Value& v : a) {
    if (!out.empty()) out += ',';
    out += v.is_string() ? v.as_string() : api::GoValue(v);
  }
  return out;
}

std::string ServiceExternalIP(const api::Value& svc) {
  const std::string type = Str(svc, {"spec", "type"});
  const api::Value::Array& external_ips = Arr(svc, {"spec", "externalIPs"});
  if (type == "ClusterIP" || type == "NodePort") {
    return external_ips.empty() ? "<none>" : JoinStrings(external_ips);
  }
  if (type == "LoadBalancer") {
    // The server prints with Wide=true, so the 16-character clipping never applies here.
    std::set<std::string> ingress;
    for (const api::Value& i : Arr(svc, {"status", "loadBalancer", "ingress"})) {
      if (std::string ip = Str(i, {"ip"}); !ip.empty()) {
        ingress.insert(ip);
      } else if (std::string host = Str(i, {"hostname"}); !host.empty()) {
        ingress.insert(host);
      }
    }
    std::string out;
    for (const std::string& s : ingress) {
      if (!out.empty()) out += ',';
      out += s;
    }
    if (!external_ips.empty()) {
      if (!out.empty()) out += ',';
      out += JoinStrings(external_ips);
    }
    return out.empty() ? "<pending>" : out;
  }
  if (type == "ExternalName") return Str(svc, {"spec", "externalName"});
  return "<unknown>";
}

Result<Cells> ServiceRow(const api::Value& o, const RowContext& ctx) {
  std::string cluster_ip;
  if (const api::Value::Array& ips = Arr(o, {"spec", "clusterIPs"}); !ips.empty()) {
    cluster_ip = ips[0].is_string() ? ips[0].as_string() : "";
  } else {
    cluster_ip = Str(o, {"spec", "clusterIP"});  // conversion fills clusterIPs from it
  }
  if (cluster_ip.empty()) cluster_ip = "<none>";
  std::string ports;
  for (const api::Value& p : Arr(o, {"spec", "ports"})) {
    if (!ports.empty()) ports += ',';
    std::string protocol = Str(p, {"protocol"});
    if (protocol.empty()) protocol = "TCP";  // the API default
    std::int64_t node_port = Int(p, {"nodePort"});
    if (node_port > 0) {
      ports += fmt::format("{}:{}/{}", Int(p, {"port"}), node_port, protocol);
    } else {
      ports += fmt::format("{}/{}", Int(p, {"port"}), protocol);
    }
  }
  if (ports.empty()) ports = "<none>";
  SNAPSIM_ASSIGN_OR_RETURN(std::string age, Age(o, ctx));
  return Cells{Str(o, {"metadata", "name"}),
               Str(o, {"spec", "type"}),
               cluster_ip,
               ServiceExternalIP(o),
               ports,
               std::move(age),
               FormatLabels(Find(o, {"spec", "selector"}))};
}

// ---- Event ---------------------------------------------------------------------------

std::vector<TableColumn> EventColumns(int) {
  return {Col("Last Seen", "string"), Col("Type", "string"),          Col("Reason", "string"),
          Col("Object", "string"),    Col("Subobject", "string", 1),  Col("Source", "string", 1),
          Col("Message", "string"),   Col("First Seen", "string", 1), Col("Count", "string", 1),
          Col("Name", "string", 1)};
}

std::string Trim(std::string_view s) {
  static constexpr std::string_view kSpace = " \t\n\r\v\f";
  std::size_t b = s.find_first_not_of(kSpace);
  if (b == std::string_view::npos) return "";
  std::size_t e = s.find_last_not_of(kSpace);
  return std::string(s.substr(b, e - b + 1));
}

Result<Cells> EventRow(const api::Value& o, const RowContext& ctx) {
  SNAPSIM_ASSIGN_OR_RETURN(std::optional<engine::Nanos> first_ts,
                           ParseTime(Find(o, {"firstTimestamp"}), "firstTimestamp"));
  std::string first;
  if (first_ts.has_value()) {
    first = Since(first_ts, ctx);
  } else {
    SNAPSIM_ASSIGN_OR_RETURN(first, AgeAt(o, {"eventTime"}, ctx));
  }
  SNAPSIM_ASSIGN_OR_RETURN(std::optional<engine::Nanos> last_ts,
                           ParseTime(Find(o, {"lastTimestamp"}), "lastTimestamp"));
  std::string last = last_ts.has_value() ? Since(last_ts, ctx) : first;

  std::int64_t count = Int(o, {"count"});
  if (const api::Value* series = Find(o, {"series"}); series != nullptr && series->is_object()) {
    SNAPSIM_ASSIGN_OR_RETURN(last, AgeAt(o, {"series", "lastObservedTime"}, ctx));
    count = Int(*series, {"count"});
  } else if (count == 0) {
    count = 1;  // singleton events have no count in the new API
  }

  std::string kind = Str(o, {"involvedObject", "kind"});
  for (char& c : kind) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string name = Str(o, {"involvedObject", "name"});
  std::string target = name.empty() ? kind : kind + "/" + name;

  std::string component = Str(o, {"source", "component"});
  if (component.empty()) component = Str(o, {"reportingComponent"});
  std::string host = Str(o, {"source", "host"});
  if (host.empty()) host = Str(o, {"reportingInstance"});
  std::string source = host.empty() ? component : component + ", " + host;

  return Cells{last,
               Str(o, {"type"}),
               Str(o, {"reason"}),
               target,
               Str(o, {"involvedObject", "fieldPath"}),
               source,
               Trim(Str(o, {"message"})),
               first,
               count,
               Str(o, {"metadata", "name"})};
}

// ---- Secret, ConfigMap ---------------------------------------------------------------

std::vector<TableColumn> SecretColumns(int) {
  return {Col("Name", "string"), Col("Type", "string"), Col("Data", "string"),
          Col("Age", "string")};
}

Result<Cells> SecretRow(const api::Value& o, const RowContext& ctx) {
  SNAPSIM_ASSIGN_OR_RETURN(std::string age, Age(o, ctx));
  return Cells{Str(o, {"metadata", "name"}), Str(o, {"type"}), Count(o, {"data"}), std::move(age)};
}

std::vector<TableColumn> ConfigMapColumns(int) {
  return {Col("Name", "string"), Col("Data", "string"), Col("Age", "string")};
}

Result<Cells> ConfigMapRow(const api::Value& o, const RowContext& ctx) {
  SNAPSIM_ASSIGN_OR_RETURN(std::string age, Age(o, ctx));
  return Cells{Str(o, {"metadata", "name"}), Count(o, {"data"}) + Count(o, {"binaryData"}),
               std::move(age)};
}

// ---- StatefulSet ---------------------------------------------------------------------

std::vector<TableColumn> StatefulSetColumns(int) {
  return {Col("Name", "string"), Col("Ready", "string"), Col("Age", "string"),
          Col("Containers", "string", 1), Col("Images", "string", 1)};
}

Result<Cells> StatefulSetRow(const api::Value& o, const RowContext& ctx) {
  std::int64_t desired = Int(o, {"spec", "replicas"}, 1);  // the API default
  std::int64_t ready = Int(o, {"status", "readyReplicas"});
  std::string names;
  std::string images;
  if (const api::Value* spec = Find(o, {"spec", "template", "spec"}); spec != nullptr) {
    ContainerCells(*spec, &names, &images);
  }
  SNAPSIM_ASSIGN_OR_RETURN(std::string age, Age(o, ctx));
  return Cells{Str(o, {"metadata", "name"}), fmt::format("{}/{}", ready, desired), std::move(age),
               names, images};
}

const KindPrinter kCorePrinters[] = {
    {"Pod", false, PodColumns, PodRow},
    {"Namespace", true, NamespaceColumns, NamespaceRow},
    {"Node", true, NodeColumns, NodeRow},
    {"Service", false, ServiceColumns, ServiceRow},
    {"Event", false, EventColumns, EventRow},
    {"Secret", false, SecretColumns, SecretRow},
    {"ConfigMap", false, ConfigMapColumns, ConfigMapRow},
    {"StatefulSet", false, StatefulSetColumns, StatefulSetRow},
};

}  // namespace

std::span<const KindPrinter> CorePrinters() { return kCorePrinters; }

}  // namespace snapsim::kubectl::columns_internal
