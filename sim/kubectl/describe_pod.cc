// Describers of Pod and StatefulSet.
#include <algorithm>

#include "sim/kubectl/columns_util.h"
#include "sim/kubectl/describe.h"
#include "src/api/go_format.h"

namespace snapsim::kubectl::describe {
namespace {

const api::OwnerReference* ControllerOf(const api::ObjectMeta& m) {
  for (const auto& r : m.owner_references) {
    if (r.controller.value_or(false)) return &r;
  }
  return nullptr;
}

}  // namespace

std::string DescribePod(Context& ctx, const api::Pod& pod) {
  api::Value pod_value = pod.ToValue();
  const api::PodSpec& spec = pod.spec;
  DescribeWriter w;
  w.Writef(kLevel0, "Name:\t{}\n", pod.metadata.name);
  w.Writef(kLevel0, "Namespace:\t{}\n", pod.metadata.namespace_);
  if (spec.priority) w.Writef(kLevel0, "Priority:\t{}\n", *spec.priority);
  if (!spec.priority_class_name.empty())
    w.Writef(kLevel0, "Priority Class Name:\t{}\n", spec.priority_class_name);
  if (spec.runtime_class_name && !spec.runtime_class_name->empty()) {
    w.Writef(kLevel0, "Runtime Class Name:\t{}\n", *spec.runtime_class_name);
  }
  if (!spec.service_account_name.empty())
    w.Writef(kLevel0, "Service Account:\t{}\n", spec.service_account_name);
  if (spec.node_name.empty()) {
    w.Write(kLevel0, "Node:\t<none>\n");
  } else {
    w.Writef(kLevel0, "Node:\t{}/{}\n", spec.node_name, pod.status.host_ip);
  }
  if (pod.status.start_time)
    w.Writef(kLevel0, "Start Time:\t{}\n", Rfc1123z(pod.status.start_time));
  PrintLabelsMultiline(w, "Labels", pod.metadata.labels);
  PrintAnnotationsMultiline(w, "Annotations", pod.metadata.annotations);
  if (pod.metadata.deletion_timestamp) {
    w.Writef(kLevel0, "Status:\tTerminating (lasts {})\n",
             Since(ctx, pod.metadata.deletion_timestamp));
    w.Writef(kLevel0, "Termination Grace Period:\t{}s\n",
             pod.metadata.deletion_grace_period_seconds.value_or(0));
  } else {
    w.Writef(kLevel0, "Status:\t{}\n", pod.status.phase);
  }
  if (!pod.status.reason.empty()) w.Writef(kLevel0, "Reason:\t{}\n", pod.status.reason);
  if (!pod.status.message.empty()) w.Writef(kLevel0, "Message:\t{}\n", pod.status.message);
  if (const api::Value* sp = columns_internal::Find(spec.security_context, {"seccompProfile"});
      sp != nullptr && !sp->is_null()) {
    std::string type = StrAt(*sp, {"type"});
    w.Writef(kLevel0, "SeccompProfile:\t{}\n", type);
    if (type == "Localhost")
      w.Writef(kLevel0, "LocalhostProfile:\t{}\n", StrAt(*sp, {"localhostProfile"}));
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
    DescribeContainers(w, "Init Containers", spec.init_containers,
                       &pod.status.init_container_statuses, &pod_value, "");
  }
  DescribeContainers(w, "Containers", spec.containers, &pod.status.container_statuses, &pod_value,
                     "");
  if (!spec.ephemeral_containers.empty()) {
    std::vector<api::Container> ec(spec.ephemeral_containers.begin(),
                                   spec.ephemeral_containers.end());
    DescribeContainers(w, "Ephemeral Containers", ec, &pod.status.ephemeral_container_statuses,
                       &pod_value, "");
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
  DescribeVolumes(w, spec.volumes, "");
  w.Writef(kLevel0, "QoS Class:\t{}\n", PodQos(pod));
  PrintLabelsMultiline(w, "Node-Selectors", spec.node_selector);
  DescribeTolerations(w, "Tolerations", spec.tolerations);
  DescribeSpreadConstraints(w, spec.topology_spread_constraints, "");
  // Pod events are matched without the kind; a mirror pod's by its config hash.
  const std::string* mirror = pod.metadata.Annotation("kubernetes.io/config.mirror");
  DescribeEventsFor(ctx, w, pod, /*match_kind=*/false,
                    mirror != nullptr ? std::string_view(*mirror) : "");
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
  w.Writef(kLevel0, "Replicas:\t{} desired | {} total\n", sts.spec.replicas.value_or(1),
           sts.status.replicas);
  w.Writef(kLevel0, "Update Strategy:\t{}\n", sts.spec.update_strategy.type);
  if (const auto& ru = sts.spec.update_strategy.rolling_update; ru && ru->partition) {
    w.Writef(kLevel1, "Partition:\t{}\n", *ru->partition);
    if (ru->max_unavailable) {
      const api::IntOrString& mu = *ru->max_unavailable;
      w.Writef(kLevel1, "MaxUnavailable:\t{}\n",
               mu.is_int ? std::to_string(mu.int_value) : mu.str_value);
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
      if (phase == "Running")
        ++running;
      else if (phase == "Pending")
        ++waiting;
      else if (phase == "Succeeded")
        ++succeeded;
      else if (phase == "Failed")
        ++failed;
    }
  }
  w.Writef(kLevel0, "Pods Status:\t{} Running / {} Waiting / {} Succeeded / {} Failed\n", running,
           waiting, succeeded, failed);
  DescribePodTemplate(w, sts.spec.template_);
  if (sts.spec.volume_claim_templates.empty()) {
    w.Write(kLevel0, "Volume Claims:\t<none>\n");
  } else {
    w.Write(kLevel0, "Volume Claims:\n");
    for (const auto& t : sts.spec.volume_claim_templates) {
      w.Writef(kLevel1, "Name:\t{}\n", t.metadata.name);
      const std::string* beta = t.metadata.Annotation("volume.beta.kubernetes.io/storage-class");
      w.Writef(kLevel1, "StorageClass:\t{}\n",
               beta != nullptr ? *beta : t.spec.storage_class_name.value_or(""));
      PrintLabelsMultiline(w, "Labels", t.metadata.labels, "  ");
      PrintLabelsMultiline(w, "Annotations", t.metadata.annotations, "  ");
      auto it = t.spec.resources.requests.find("storage");
      w.Writef(kLevel1, "Capacity:\t{}\n",
               it != t.spec.resources.requests.end() ? it->second.ToString() : "<default>");
      w.Writef(kLevel1, "Access Modes:\t{}\n", GoStringSlice(t.spec.access_modes));
    }
  }
  DescribeEventsFor(ctx, w, sts);
  return w.Finish();
}

}  // namespace snapsim::kubectl::describe
