#include "sim/kubectl/selectors.h"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

namespace snapsim::kubectl {
namespace {

std::string Trim(std::string_view s) {
  std::size_t b = s.find_first_not_of(' ');
  if (b == std::string_view::npos) return "";
  std::size_t e = s.find_last_not_of(' ');
  return std::string(s.substr(b, e - b + 1));
}

// Splits on commas outside parentheses.
std::vector<std::string> SplitTerms(std::string_view s) {
  std::vector<std::string> out;
  int depth = 0;
  std::string cur;
  for (char c : s) {
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if (c == ',' && depth == 0) {
      out.push_back(Trim(cur));
      cur.clear();
    } else {
      cur += c;
    }
  }
  out.push_back(Trim(cur));
  return out;
}

struct LabelRequirement {
  enum class Op { kEquals, kNotEquals, kIn, kNotIn, kExists, kNotExists };
  std::string key;
  Op op;
  std::vector<std::string> values;
  bool Matches(const std::map<std::string, std::string>& labels) const {
    auto it = labels.find(key);
    bool has = it != labels.end();
    bool in = has && std::find(values.begin(), values.end(), it->second) != values.end();
    switch (op) {
      case Op::kEquals:
      case Op::kIn: return in;
      case Op::kNotEquals:
      case Op::kNotIn: return !in;
      case Op::kExists: return has;
      case Op::kNotExists: return !has;
    }
    return false;
  }
};

Result<LabelRequirement> ParseTerm(const std::string& term) {
  auto err = [&](std::string_view why) {
    return Status::InvalidArgument(fmt::format("unable to parse requirement: {}", why));
  };
  if (term.empty()) return err("found '', expected: identifier");
  if (term[0] == '!') return LabelRequirement{Trim(term.substr(1)), LabelRequirement::Op::kNotExists, {}};
  for (std::string_view op : {"!=", "==", "="}) {
    std::size_t pos = term.find(op);
    if (pos == std::string::npos) continue;
    std::string key = Trim(std::string_view(term).substr(0, pos));
    std::string value = Trim(std::string_view(term).substr(pos + op.size()));
    if (key.empty()) return err("found '', expected: identifier");
    return LabelRequirement{key, op == "!=" ? LabelRequirement::Op::kNotEquals : LabelRequirement::Op::kEquals,
                            {value}};
  }
  for (std::string_view op : {" notin ", " in "}) {
    std::size_t pos = term.find(op);
    if (pos == std::string::npos) continue;
    std::string key = Trim(std::string_view(term).substr(0, pos));
    std::string rest = Trim(std::string_view(term).substr(pos + op.size()));
    if (rest.size() < 2 || rest.front() != '(' || rest.back() != ')') {
      return err(fmt::format("found '{}', expected: '('", rest));
    }
    std::vector<std::string> values;
    for (const auto& v : SplitTerms(std::string_view(rest).substr(1, rest.size() - 2))) values.push_back(v);
    return LabelRequirement{key, op == " in " ? LabelRequirement::Op::kIn : LabelRequirement::Op::kNotIn, values};
  }
  if (term.find(' ') != std::string::npos) return err(fmt::format("found '{}', expected: in, notin, =, ==, !=", term));
  return LabelRequirement{term, LabelRequirement::Op::kExists, {}};
}

// The value of a dotted field path in the object's JSON form, as a string.
std::string FieldValue(const api::Value& v, std::string_view path) {
  const api::Value* cur = &v;
  while (!path.empty()) {
    std::size_t dot = path.find('.');
    cur = cur->Find(path.substr(0, dot));
    if (cur == nullptr) return "";
    path = dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1);
  }
  if (cur->is_string()) return cur->as_string();
  if (cur->is_bool()) return cur->as_bool() ? "true" : "false";
  if (cur->is_int()) return std::to_string(cur->as_int());
  return "";
}

bool FieldSupported(const api::KindInfo& kind, std::string_view field) {
  if (field == "metadata.name" || field == "metadata.namespace") return true;
  if (kind.kind == "Event") {
    return field.rfind("involvedObject.", 0) == 0 || field == "reason" || field == "type" || field == "source" ||
           field == "reportingComponent";
  }
  if (kind.kind == "Pod") {
    return field == "spec.nodeName" || field == "status.phase" || field == "spec.restartPolicy" ||
           field == "spec.schedulerName" || field == "spec.serviceAccountName" || field == "status.podIP";
  }
  if (kind.kind == "Namespace" || kind.kind == "PersistentVolumeClaim" || kind.kind == "PersistentVolume") {
    return field == "status.phase";
  }
  if (kind.kind == "Node") return field == "spec.unschedulable";
  if (kind.kind == "Secret") return field == "type";
  return false;
}

}  // namespace

Result<ObjectPredicate> ParseLabelSelector(std::string_view selector) {
  std::vector<LabelRequirement> reqs;
  if (!Trim(selector).empty()) {
    for (const auto& term : SplitTerms(selector)) {
      SNAPSIM_ASSIGN_OR_RETURN(LabelRequirement r, ParseTerm(term));
      reqs.push_back(std::move(r));
    }
  }
  return ObjectPredicate([reqs](const api::Object& o) {
    for (const auto& r : reqs) {
      if (!r.Matches(o.metadata.labels)) return false;
    }
    return true;
  });
}

Result<ObjectPredicate> ParseFieldSelector(std::string_view selector, const api::KindInfo& kind) {
  struct Term {
    std::string field;
    bool negate;
    std::string value;
  };
  std::vector<Term> terms;
  if (!Trim(selector).empty()) {
    for (const auto& raw : SplitTerms(selector)) {
      std::size_t pos;
      Term t;
      if ((pos = raw.find("!=")) != std::string::npos) {
        t = {Trim(raw.substr(0, pos)), true, Trim(raw.substr(pos + 2))};
      } else if ((pos = raw.find("==")) != std::string::npos) {
        t = {Trim(raw.substr(0, pos)), false, Trim(raw.substr(pos + 2))};
      } else if ((pos = raw.find('=')) != std::string::npos) {
        t = {Trim(raw.substr(0, pos)), false, Trim(raw.substr(pos + 1))};
      } else {
        return Status::InvalidArgument(fmt::format("invalid selector: '{}'; can't understand '{}'", selector, raw));
      }
      if (!FieldSupported(kind, t.field)) {
        return Status::InvalidArgument(fmt::format("field label not supported: {}", t.field));
      }
      terms.push_back(std::move(t));
    }
  }
  return ObjectPredicate([terms](const api::Object& o) {
    if (terms.empty()) return true;
    api::Value v = o.ToValue();
    for (const auto& t : terms) {
      bool eq = FieldValue(v, t.field) == t.value;
      if (eq == t.negate) return false;
    }
    return true;
  });
}

}  // namespace snapsim::kubectl
