#include "sim/kubectl/columns_util.h"

#include "src/api/go_format.h"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <cmath>
#include <cstdlib>

#include "src/api/quantity.h"

namespace snapsim::kubectl::columns_internal {

TableColumn Col(std::string_view name, std::string_view type, int priority) {
  return TableColumn{std::string(name), std::string(type), priority};
}

const api::Value* Find(const api::Value& v, std::initializer_list<std::string_view> path) {
  const api::Value* cur = &v;
  for (std::string_view key : path) {
    cur = cur->Find(key);  // nullptr when cur is not an object
    if (cur == nullptr) return nullptr;
  }
  return cur;
}

std::string Str(const api::Value& v, std::initializer_list<std::string_view> path) {
  const api::Value* f = Find(v, path);
  return f != nullptr && f->is_string() ? f->as_string() : std::string();
}

std::optional<std::string> OptStr(const api::Value& v,
                                  std::initializer_list<std::string_view> path) {
  const api::Value* f = Find(v, path);
  if (f == nullptr || !f->is_string()) return std::nullopt;
  return f->as_string();
}

std::int64_t Int(const api::Value& v, std::initializer_list<std::string_view> path,
                 std::int64_t def) {
  const api::Value* f = Find(v, path);
  if (f == nullptr) return def;
  if (f->is_int()) return f->as_int();
  if (f->is_double()) {
    double d = f->as_double();
    if (d >= -9.2e18 && d <= 9.2e18) return static_cast<std::int64_t>(d);
  }
  return def;
}

std::optional<bool> OptBool(const api::Value& v, std::initializer_list<std::string_view> path) {
  const api::Value* f = Find(v, path);
  if (f == nullptr || !f->is_bool()) return std::nullopt;
  return f->as_bool();
}

const api::Value::Array& Arr(const api::Value& v, std::initializer_list<std::string_view> path) {
  static const api::Value::Array kEmpty;
  const api::Value* f = Find(v, path);
  return f != nullptr && f->is_array() ? f->as_array() : kEmpty;
}

std::int64_t Count(const api::Value& v, std::initializer_list<std::string_view> path) {
  const api::Value* f = Find(v, path);
  if (f == nullptr || !(f->is_array() || f->is_object())) return 0;
  return static_cast<std::int64_t>(f->size());
}

Result<std::optional<engine::Nanos>> ParseTime(const api::Value* ts, std::string_view field) {
  if (ts == nullptr || ts->is_null()) return std::optional<engine::Nanos>();
  if (!ts->is_string()) {
    return Status::InvalidArgument(
        fmt::format("{}: expected an RFC 3339 timestamp string, got {}", field, ts->TypeName()));
  }
  if (ts->as_string().empty()) return std::optional<engine::Nanos>();
  Result<engine::Nanos> t = engine::ParseRfc3339(ts->as_string());
  if (!t.ok()) return t.status().WithPrefix(fmt::format("{}: ", field));
  return std::optional<engine::Nanos>(*t);
}

std::string Since(const std::optional<engine::Nanos>& t, const RowContext& ctx) {
  if (!t.has_value()) return "<unknown>";
  return engine::HumanAge(ctx.now - *t);
}

Result<std::string> AgeAt(const api::Value& obj, std::initializer_list<std::string_view> path,
                          const RowContext& ctx) {
  std::string field;
  for (std::string_view key : path) {
    if (!field.empty()) field += '.';
    field += key;
  }
  SNAPSIM_ASSIGN_OR_RETURN(std::optional<engine::Nanos> t, ParseTime(Find(obj, path), field));
  return Since(t, ctx);
}

Result<std::string> Age(const api::Value& obj, const RowContext& ctx) {
  return AgeAt(obj, {"metadata", "creationTimestamp"}, ctx);
}

std::string FormatLabels(const api::Value* labels) {
  std::string out;
  if (labels != nullptr && labels->is_object()) {
    for (const auto& [k, v] : labels->as_object()) {  // sorted by key, like Go's Set.String
      if (!out.empty()) out += ',';
      out += k;
      out += '=';
      out += v.is_string() ? v.as_string() : api::GoValue(v);
    }
  }
  return out.empty() ? "<none>" : out;
}

std::string AccessModes(const api::Value* modes) {
  bool has[4] = {false, false, false, false};
  static constexpr std::array<std::string_view, 4> kModes = {"ReadWriteOnce", "ReadOnlyMany",
                                                             "ReadWriteMany", "ReadWriteOncePod"};
  static constexpr std::array<std::string_view, 4> kShort = {"RWO", "ROX", "RWX", "RWOP"};
  if (modes != nullptr && modes->is_array()) {
    for (const api::Value& m : modes->as_array()) {
      if (!m.is_string()) continue;
      for (std::size_t i = 0; i < kModes.size(); ++i) {
        if (m.as_string() == kModes[i]) has[i] = true;
      }
    }
  }
  std::string out;
  for (std::size_t i = 0; i < kShort.size(); ++i) {
    if (!has[i]) continue;
    if (!out.empty()) out += ',';
    out += kShort[i];
  }
  return out;
}

std::string QuantityString(const api::Value* q) {
  if (q == nullptr || q->is_null()) return "0";
  std::string text = q->is_string() ? q->as_string() : api::GoValue(*q);
  Result<api::Quantity> parsed = api::Quantity::Parse(text);
  return parsed.ok() ? parsed->ToString() : text;
}


void ContainerCells(const api::Value& pod_spec, std::string* names, std::string* images) {
  names->clear();
  images->clear();
  bool first = true;
  for (const api::Value& c : Arr(pod_spec, {"containers"})) {
    if (!first) {
      *names += ',';
      *images += ',';
    }
    first = false;
    *names += Str(c, {"name"});
    *images += Str(c, {"image"});
  }
}

}  // namespace snapsim::kubectl::columns_internal
