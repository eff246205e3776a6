// The pieces every describer shares: the prefix writer, labels and annotations,
// times, and the Events section.
#include <algorithm>
#include <limits>

#include "sim/kubectl/columns_util.h"
#include "sim/kubectl/describe.h"
#include "sim/kubectl/table_writer.h"

namespace snapsim::kubectl::describe {
namespace {

constexpr std::size_t kMaxAnnotationLen = 140;
constexpr std::string_view kLastApplied = "kubectl.kubernetes.io/last-applied-configuration";

// printers.EscapeTerminal.
std::string EscapeTerminal(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c == '\x1b') {
      out += "^[";
    } else if (c == '\r') {
      out += "\\r";
    } else {
      out += c;
    }
  }
  return out;
}

std::optional<engine::Nanos> ParseTime(const std::optional<std::string>& t) {
  if (!t || t->empty()) return std::nullopt;
  auto parsed = engine::ParseRfc3339(*t);
  if (!parsed.ok()) return std::nullopt;
  return *parsed;
}

std::string SinceNanos(const Context& ctx, const std::optional<engine::Nanos>& t) {
  if (!t) return "<unknown>";
  return engine::HumanAge(ctx.now - *t);
}

std::string TrimSpace(std::string_view s) {
  std::size_t b = s.find_first_not_of(" \t\n\r\v\f");
  if (b == std::string_view::npos) return "";
  std::size_t e = s.find_last_not_of(" \t\n\r\v\f");
  return std::string(s.substr(b, e - b + 1));
}

}  // namespace

void DescribeWriter::Write(int level, std::string_view text) {
  for (int i = 0; i < level; ++i) text_ += "  ";
  text_ += EscapeTerminal(text);
}

void DescribeWriter::WriteLine(std::string_view text) {
  text_ += EscapeTerminal(text);
  text_ += '\n';
}

std::string DescribeWriter::Finish() const {
  return TabAlign(text_, {.min_width = 0, .padding = 2});
}

void PrintLabelsMultiline(DescribeWriter& w, std::string_view title,
                          const std::map<std::string, std::string>& labels,
                          std::string_view initial_indent, std::string_view inner_indent) {
  w.Writef(kLevel0, "{}{}:{}", initial_indent, title, inner_indent);
  if (labels.empty()) {
    w.WriteLine("<none>");
    return;
  }
  bool first = true;
  for (const auto& [k, v] : labels) {
    if (!first) {
      w.Write(kLevel0, initial_indent);
      w.Write(kLevel0, inner_indent);
    }
    first = false;
    w.Writef(kLevel0, "{}={}\n", k, v);
  }
}

void PrintAnnotationsMultiline(DescribeWriter& w, std::string_view title,
                               const std::map<std::string, std::string>& annotations) {
  w.Writef(kLevel0, "{}:\t", title);
  std::vector<const std::pair<const std::string, std::string>*> entries;
  for (const auto& kv : annotations) {
    if (kv.first != kLastApplied) entries.push_back(&kv);
  }
  if (entries.empty()) {
    w.WriteLine("<none>");
    return;
  }
  const std::string_view indent = "\t";
  bool first = true;
  for (const auto* kv : entries) {
    if (!first) w.Write(kLevel0, indent);
    first = false;
    std::string_view value = kv->second;
    if (!value.empty() && value.back() == '\n') value.remove_suffix(1);
    if (value.size() + kv->first.size() + 2 > kMaxAnnotationLen ||
        value.find('\n') != std::string_view::npos) {
      w.Writef(kLevel0, "{}:\n", kv->first);
      std::size_t pos = 0;
      while (true) {
        std::size_t nl = value.find('\n', pos);
        std::string_view line =
            value.substr(pos, nl == std::string_view::npos ? value.size() - pos : nl - pos);
        std::string shown(line);
        if (shown.size() > kMaxAnnotationLen - 2)
          shown = shown.substr(0, kMaxAnnotationLen - 2) + "...";
        w.Writef(kLevel0, "{}  {}\n", indent, shown);
        if (nl == std::string_view::npos) break;
        pos = nl + 1;
      }
    } else {
      w.Writef(kLevel0, "{}: {}\n", kv->first, value);
    }
  }
}

std::vector<api::ObjectPtr> SearchEvents(Context& ctx, const api::Object& obj, bool match_kind,
                                         std::string_view uid_override) {
  const api::KindInfo& kind = obj.kind_info();
  std::string ns = kind.namespaced ? obj.metadata.namespace_ : "";
  std::string uid = uid_override.empty() ? obj.metadata.uid : std::string(uid_override);
  apiserver::ListOptions opts;
  opts.namespace_ = ns;
  opts.filter = [&](const api::Object& o) {
    const auto* e = dynamic_cast<const api::Event*>(&o);
    if (e == nullptr) return false;
    const api::ObjectReference& ref = e->involved_object;
    if (ref.name != obj.metadata.name || ref.namespace_ != ns) return false;
    if (match_kind && ref.kind != kind.kind) return false;
    return uid.empty() || ref.uid == uid;
  };
  auto listed = ctx.inv.server().List(api::Event::Info(), opts);
  if (!listed.ok()) return {};
  return *listed;
}

void WriteEvents(Context& ctx, DescribeWriter& w, std::vector<api::ObjectPtr> objects) {
  if (objects.empty()) {
    w.Write(kLevel0, "Events:\t<none>\n");
    return;
  }
  std::vector<const api::Event*> events;
  for (const auto& o : objects) events.push_back(static_cast<const api::Event*>(o.get()));
  std::stable_sort(events.begin(), events.end(), [](const api::Event* a, const api::Event* b) {
    auto ta = ParseTime(a->last_timestamp).value_or(std::numeric_limits<engine::Nanos>::min());
    auto tb = ParseTime(b->last_timestamp).value_or(std::numeric_limits<engine::Nanos>::min());
    return ta < tb;
  });
  w.Write(kLevel0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n");
  w.Write(kLevel1, "----\t------\t----\t----\t-------\n");
  for (const api::Event* e : events) {
    std::optional<engine::Nanos> event_time = ParseTime(e->event_time);
    std::string first =
        event_time ? SinceNanos(ctx, event_time) : SinceNanos(ctx, ParseTime(e->first_timestamp));
    std::string interval;
    if (e->series) {
      interval =
          fmt::format("{} (x{} over {})", SinceNanos(ctx, ParseTime(e->series->last_observed_time)),
                      e->series->count, first);
    } else if (e->count > 1) {
      interval = fmt::format("{} (x{} over {})", SinceNanos(ctx, ParseTime(e->last_timestamp)),
                             e->count, first);
    } else {
      interval = first;
    }
    std::string source = e->source.component.empty() ? e->reporting_component : e->source.component;
    w.Writef(kLevel1, "{}\t{}\t{}\t{}\t{}\n", e->type, e->reason, interval, source,
             TrimSpace(e->message));
  }
}

void DescribeEventsFor(Context& ctx, DescribeWriter& w, const api::Object& obj, bool match_kind,
                       std::string_view uid_override) {
  if (!ctx.show_events) return;
  WriteEvents(ctx, w, SearchEvents(ctx, obj, match_kind, uid_override));
}

std::string FormatLabels(const std::map<std::string, std::string>& labels) {
  if (labels.empty()) return "<none>";
  std::string out;
  for (const auto& [k, v] : labels) {
    if (!out.empty()) out += ',';
    out += k + "=" + v;
  }
  return out;
}

std::string FormatSelector(const std::optional<api::LabelSelector>& selector) {
  if (!selector) return "";
  struct Req {
    std::string key;
    std::string text;
  };
  std::vector<Req> reqs;
  for (const auto& [k, v] : selector->match_labels) reqs.push_back({k, k + "=" + v});
  for (const auto& e : selector->match_expressions) {
    std::vector<std::string> values = e.values;
    std::sort(values.begin(), values.end());
    std::string joined = fmt::format("{}", fmt::join(values, ","));
    if (e.operator_ == "In") {
      reqs.push_back({e.key, fmt::format("{} in ({})", e.key, joined)});
    } else if (e.operator_ == "NotIn") {
      reqs.push_back({e.key, fmt::format("{} notin ({})", e.key, joined)});
    } else if (e.operator_ == "Exists") {
      reqs.push_back({e.key, e.key});
    } else if (e.operator_ == "DoesNotExist") {
      reqs.push_back({e.key, "!" + e.key});
    }
  }
  std::stable_sort(reqs.begin(), reqs.end(),
                   [](const Req& a, const Req& b) { return a.key < b.key; });
  std::string out;
  for (const auto& r : reqs) {
    if (!out.empty()) out += ',';
    out += r.text;
  }
  return out;
}

std::string Rfc1123z(const std::optional<std::string>& rfc3339) {
  static constexpr std::string_view kDays[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
  static constexpr std::string_view kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::optional<engine::Nanos> t = ParseTime(rfc3339);
  if (!t) return "Mon, 01 Jan 0001 00:00:00 +0000";
  std::int64_t secs = *t / engine::kSecond;
  if (*t < 0 && *t % engine::kSecond != 0) --secs;
  std::int64_t days = secs / 86400;
  std::int64_t rem = secs % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  engine::CivilDate d = engine::CivilFromDays(days);
  std::int64_t wd = ((days % 7) + 7) % 7;
  return fmt::format("{}, {:02} {} {:04} {:02}:{:02}:{:02} +0000", kDays[wd], d.day,
                     kMonths[d.month - 1], d.year, rem / 3600, (rem / 60) % 60, rem % 60);
}

std::string Since(const Context& ctx, const std::optional<std::string>& rfc3339) {
  return SinceNanos(ctx, ParseTime(rfc3339));
}

std::string GoStringSlice(const std::vector<std::string>& v) {
  return fmt::format("[{}]", fmt::join(v, " "));
}

std::string PrintBool(bool b) { return b ? "True" : "False"; }

std::string AccessModes(const std::vector<std::string>& modes) {
  static constexpr std::string_view kModes[] = {"ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany",
                                                "ReadWriteOncePod"};
  static constexpr std::string_view kShort[] = {"RWO", "ROX", "RWX", "RWOP"};
  std::string out;
  for (std::size_t i = 0; i < 4; ++i) {
    if (std::find(modes.begin(), modes.end(), kModes[i]) == modes.end()) continue;
    if (!out.empty()) out += ',';
    out += kShort[i];
  }
  return out;
}

std::string StrAt(const api::Value& v, std::initializer_list<std::string_view> path) {
  const api::Value* x = columns_internal::Find(v, path);
  return x == nullptr || x->is_null() ? "" : columns_internal::GoSprint(*x);
}

std::int64_t IntAt(const api::Value& v, std::initializer_list<std::string_view> path) {
  return columns_internal::Int(v, path, 0);
}

bool BoolAt(const api::Value& v, std::initializer_list<std::string_view> path) {
  return columns_internal::OptBool(v, path).value_or(false);
}

// intstr.IntOrString.String() of a JSON value.

std::string FormatValueSelector(const api::Value& sel) {
  api::LabelSelector s;
  if (const api::Value* ml = sel.Find("matchLabels"); ml != nullptr && ml->is_object()) {
    for (const auto& [k, v] : ml->as_object())
      s.match_labels[k] = v.is_string() ? v.as_string() : columns_internal::GoSprint(v);
  }
  for (const api::Value& e : columns_internal::Arr(sel, {"matchExpressions"})) {
    api::LabelSelectorRequirement r;
    r.key = StrAt(e, {"key"});
    r.operator_ = StrAt(e, {"operator"});
    for (const api::Value& x : columns_internal::Arr(e, {"values"}))
      r.values.push_back(columns_internal::GoSprint(x));
    s.match_expressions.push_back(r);
  }
  std::string out = FormatSelector(s);
  return out.empty() ? "<none>" : out;
}

std::string DescribeObject(Context& ctx, const api::ObjectPtr& obj) {
  if (auto p = api::As<api::Pod>(obj)) return DescribePod(ctx, *p);
  if (auto s = api::As<api::StatefulSet>(obj)) return DescribeStatefulSet(ctx, *s);
  if (auto pv = api::As<api::PersistentVolume>(obj)) return DescribePersistentVolume(ctx, *pv);
  if (auto pvc = api::As<api::PersistentVolumeClaim>(obj))
    return DescribePersistentVolumeClaim(ctx, *pvc);
  if (auto sc = api::As<api::StorageClass>(obj)) return DescribeStorageClass(ctx, *sc);
  if (auto cn = api::As<api::CSINode>(obj)) return DescribeCSINode(ctx, *cn);
  if (auto ns = api::As<api::Namespace>(obj)) return DescribeNamespace(ctx, *ns);
  if (auto svc = api::As<api::Service>(obj)) return DescribeService(ctx, *svc);
  if (auto sec = api::As<api::Secret>(obj)) return DescribeSecret(ctx, *sec);
  if (auto cm = api::As<api::ConfigMap>(obj)) return DescribeConfigMap(ctx, *cm);
  if (auto node = api::As<api::Node>(obj)) return DescribeNode(ctx, *node);
  return DescribeGeneric(ctx, *obj);
}

}  // namespace snapsim::kubectl::describe
