// The generic describer kubectl uses for kinds without a describer of their own
// (custom resources such as VolumeSnapshot, and VolumeAttachment, CSIDriver, Event):
// the object's content with field names in "Title Case With Spaces".
#include <cctype>

#include "sim/kubectl/columns_util.h"
#include "sim/kubectl/describe.h"

namespace snapsim::kubectl::describe {
namespace {

bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }

// fatih/camelcase.Split over ASCII.
std::vector<std::string> CamelSplit(std::string_view s) {
  std::vector<std::string> runs;
  int last = 0;
  for (char c : s) {
    int cls = IsLower(c) ? 1 : IsUpper(c) ? 2 : (c >= '0' && c <= '9') ? 3 : 4;
    if (cls == last) {
      runs.back() += c;
    } else {
      runs.emplace_back(1, c);
    }
    last = cls;
  }
  // "PDFL", "oader" -> "PDF", "Loader"
  for (std::size_t i = 0; i + 1 < runs.size(); ++i) {
    if (!runs[i].empty() && IsUpper(runs[i][0]) && !runs[i + 1].empty() &&
        IsLower(runs[i + 1][0])) {
      runs[i + 1].insert(runs[i + 1].begin(), runs[i].back());
      runs[i].pop_back();
    }
  }
  std::vector<std::string> out;
  for (auto& r : runs) {
    if (!r.empty()) out.push_back(std::move(r));
  }
  return out;
}

// smartLabelFor.
std::string SmartLabel(std::string_view field) {
  for (char c : field) {
    bool letter = IsLower(c) || IsUpper(c);
    if (!letter && c != '-') return std::string(field);
  }
  static constexpr std::string_view kAcronyms[] = {"API", "URL", "UID", "OSB", "GUID"};
  std::vector<std::string> parts;
  for (std::string part : CamelSplit(field)) {
    if (part == "_") continue;
    std::string upper = part;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    bool acronym = false;
    for (auto a : kAcronyms) acronym |= upper == a;
    if (acronym) {
      part = upper;
    } else if (!part.empty() && IsLower(part[0])) {
      part[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(part[0])));
    }
    parts.push_back(part);
  }
  return fmt::format("{}", fmt::join(parts, " "));
}

bool Skipped(const std::vector<std::string_view>& skip, const std::string& expr) {
  for (auto s : skip) {
    if (s == expr) return true;
  }
  return false;
}

void PrintContent(DescribeWriter& w, int level, const api::Value::Object& content,
                  const std::string& prefix, const std::vector<std::string_view>& skip) {
  for (const auto& [field, value] : content) {
    std::string expr = prefix + "." + field;
    if (Skipped(skip, expr)) continue;
    if (value.is_object()) {
      w.Writef(level, "{}:\n", SmartLabel(field));
      PrintContent(w, level + 1, value.as_object(), expr, skip);
    } else if (value.is_array()) {
      w.Writef(level, "{}:\n", SmartLabel(field));
      for (const api::Value& child : value.as_array()) {
        if (child.is_object()) {
          PrintContent(w, level + 1, child.as_object(), expr, skip);
        } else {
          w.Writef(level + 1, "{}\n", columns_internal::GoSprint(child));
        }
      }
    } else {
      w.Writef(level, "{}:\t{}\n", SmartLabel(field), columns_internal::GoSprint(value));
    }
  }
}

}  // namespace

std::string DescribeGeneric(Context& ctx, const api::Object& obj) {
  api::Value content = ctx.inv.Present(obj);
  DescribeWriter w;
  w.Writef(kLevel0, "Name:\t{}\n", obj.metadata.name);
  w.Writef(kLevel0, "Namespace:\t{}\n", obj.metadata.namespace_);
  PrintLabelsMultiline(w, "Labels", obj.metadata.labels);
  PrintAnnotationsMultiline(w, "Annotations", obj.metadata.annotations);
  static const std::vector<std::string_view> kSkip = {".metadata.managedFields", ".metadata.name",
                                                      ".metadata.namespace", ".metadata.labels",
                                                      ".metadata.annotations"};
  if (content.is_object()) PrintContent(w, kLevel0, content.as_object(), "", kSkip);
  DescribeEventsFor(ctx, w, obj);
  return w.Finish();
}

}  // namespace snapsim::kubectl::describe
