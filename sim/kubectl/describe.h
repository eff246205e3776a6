// kubectl describe's describers (k8s.io/kubectl/pkg/describe), re-implemented over
// snapsim's typed objects, byte for byte as kubectl 1.30 prints them.
//
// Each describer writes through a DescribeWriter (describe's PrefixWriter: two
// spaces per level) into text whose cells are tab-terminated; Finish() aligns it
// as describe's tabwriter does (minwidth 0, padding 2, pad ' '). Built-in
// describers: Pod, PersistentVolume(Claim), StorageClass, CSINode, StatefulSet,
// Node, Namespace, Service, Secret, ConfigMap; every other kind (custom resources,
// VolumeAttachment, CSIDriver, Event) goes through the generic describer.
//
// Internal to sim/kubectl: used by cmd_describe.cc only.
#pragma once

#include <fmt/format.h>

#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "sim/engine/time.h"
#include "sim/kubectl/invocation.h"
#include "src/api/kinds.h"

namespace snapsim::kubectl::describe {

inline constexpr int kLevel0 = 0;
inline constexpr int kLevel1 = 1;
inline constexpr int kLevel2 = 2;
inline constexpr int kLevel3 = 3;
inline constexpr int kLevel4 = 4;

class DescribeWriter {
 public:
  // Writes `text` after two spaces per level (no newline is added).
  void Write(int level, std::string_view text);
  template <class... Args>
  void Writef(int level, fmt::format_string<Args...> format, Args&&... args) {
    Write(level, fmt::format(format, std::forward<Args>(args)...));
  }
  // Writes `text` and a newline, without indentation.
  void WriteLine(std::string_view text);
  // The text, aligned as describe's tabwriter aligns it.
  std::string Finish() const;

 private:
  std::string text_;
};

// What every describer needs besides the object.
struct Context {
  Invocation& inv;
  bool show_events = true;
  engine::Nanos now = 0;  // virtual now, nanoseconds since the Unix epoch
};

// Describes `obj` with its kind's describer (or the generic one).
std::string DescribeObject(Context& ctx, const api::ObjectPtr& obj);

// ---- per-kind describers -----------------------------------------------------------------

std::string DescribePod(Context& ctx, const api::Pod& pod);
std::string DescribeStatefulSet(Context& ctx, const api::StatefulSet& sts);
std::string DescribePersistentVolume(Context& ctx, const api::PersistentVolume& pv);
std::string DescribePersistentVolumeClaim(Context& ctx, const api::PersistentVolumeClaim& pvc);
std::string DescribeStorageClass(Context& ctx, const api::StorageClass& sc);
std::string DescribeCSINode(Context& ctx, const api::CSINode& node);
std::string DescribeNamespace(Context& ctx, const api::Namespace& ns);
std::string DescribeService(Context& ctx, const api::Service& svc);
std::string DescribeSecret(Context& ctx, const api::Secret& secret);
std::string DescribeConfigMap(Context& ctx, const api::ConfigMap& cm);
std::string DescribeNode(Context& ctx, const api::Node& node);
std::string DescribeGeneric(Context& ctx, const api::Object& obj);

// ---- shared pieces (describe_common.cc) --------------------------------------------------

// printLabelsMultilineWithIndent: "Labels:\tk=v" then "\tk2=v2" lines, or "<none>".
void PrintLabelsMultiline(DescribeWriter& w, std::string_view title,
                          const std::map<std::string, std::string>& labels,
                          std::string_view initial_indent = "",
                          std::string_view inner_indent = "\t");
// printAnnotationsMultiline: last-applied-configuration skipped, long values wrapped.
void PrintAnnotationsMultiline(DescribeWriter& w, std::string_view title,
                               const std::map<std::string, std::string>& annotations);
// The core/v1 Events whose involvedObject is `obj` (searchEvents' field selector: name,
// namespace, kind unless !match_kind, and uid, or `uid_override`), in list order.
std::vector<api::ObjectPtr> SearchEvents(Context& ctx, const api::Object& obj,
                                         bool match_kind = true,
                                         std::string_view uid_override = "");
// The Events section (DescribeEvents): `Events:  <none>` or the table, sorted by lastTimestamp.
void WriteEvents(Context& ctx, DescribeWriter& w, std::vector<api::ObjectPtr> events);
// WriteEvents(SearchEvents(...)) when ctx.show_events.
void DescribeEventsFor(Context& ctx, DescribeWriter& w, const api::Object& obj,
                       bool match_kind = true, std::string_view uid_override = "");
// labels.FormatLabels / FormatLabels of a selector: "k=v,k2=v2" sorted, "<none>" when empty.
std::string FormatLabels(const std::map<std::string, std::string>& labels);
// metav1.LabelSelectorAsSelector(...).String(): "app=nginx,tier in (a,b)"; "" for nil or empty.
std::string FormatSelector(const std::optional<api::LabelSelector>& selector);
// time.RFC1123Z of an RFC 3339 timestamp: "Thu, 01 Jan 2026 00:00:36 +0000"; the zero time
// ("Mon, 01 Jan 0001 00:00:00 +0000") when absent or malformed.
std::string Rfc1123z(const std::optional<std::string>& rfc3339);
// translateTimestampSince: "<unknown>" for an absent time, else HumanAge(now - t).
std::string Since(const Context& ctx, const std::optional<std::string>& rfc3339);
// Go's fmt %v of a []string: "[a b]".
std::string GoStringSlice(const std::vector<std::string>& v);
// "True"/"False" (printBool).
std::string PrintBool(bool b);
// storageutil.GetAccessModesAsString: "RWO,ROX,RWX,RWOP".
std::string AccessModes(const std::vector<std::string>& modes);
// Fields of opaque JSON subtrees (probes, volume sources): %v text ("" when absent or null),
// integer (0), bool (false).
std::string StrAt(const api::Value& v, std::initializer_list<std::string_view> path);
std::int64_t IntAt(const api::Value& v, std::initializer_list<std::string_view> path);
bool BoolAt(const api::Value& v, std::initializer_list<std::string_view> path);
// metav1.FormatLabelSelector of a labelSelector held as JSON: "app=x", "<none>" when empty.
std::string FormatValueSelector(const api::Value& selector);

// ---- pod spec pieces (describe_containers.cc, describe_pod_spec.cc) ----------------------

// describeContainers: the `label` section ("Containers", "Init Containers") of a pod
// (statuses and the pod's JSON, for fieldRef env values) or of a template (both null,
// `space` "  ").
void DescribeContainers(DescribeWriter& w, std::string_view label,
                        const std::vector<api::Container>& containers,
                        const std::vector<api::ContainerStatus>* statuses, const api::Value* pod,
                        std::string_view space);
// describeVolumes.
void DescribeVolumes(DescribeWriter& w, const std::vector<api::Volume>& volumes,
                     std::string_view space);
// printTolerationsMultilineWithIndent.
void DescribeTolerations(DescribeWriter& w, std::string_view title,
                         std::vector<api::Toleration> tolerations);
// describeTopologySpreadConstraints (nothing when there are none).
void DescribeSpreadConstraints(DescribeWriter& w, std::vector<api::Value> constraints,
                               std::string_view space);
// qos.GetPodQOS: status.qosClass, else computed from the containers' resources.
std::string PodQos(const api::Pod& pod);
// DescribePodTemplate.
void DescribePodTemplate(DescribeWriter& w, const api::PodTemplateSpec& t);

}  // namespace snapsim::kubectl::describe
