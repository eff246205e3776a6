// Field reflection for typed API objects: one declaration per struct drives
// encoding to Value, strict decoding from Value, and emptiness checks.
//
// A type opts in by specialising Reflect<T>:
//
//   template <> struct Reflect<VolumeSnapshotSource> {
//     static constexpr std::string_view kGoName = "VolumeSnapshotSource";
//     static constexpr auto kFields = std::make_tuple(
//         Field("persistentVolumeClaimName", &VolumeSnapshotSource::pvc_name),
//         Field("volumeSnapshotContentName", &VolumeSnapshotSource::content_name));
//   };
//
// Member types map to JSON the way Go's encoding/json maps the real API types:
//   std::string, bool, int32/int64, double      scalars; omitted when zero ("omitempty")
//                                               unless the field is kAlways
//   std::optional<X>                            a Go pointer: omitted only when absent
//   std::vector<X>, std::map<std::string, X>    omitted when empty
//   reflected struct                            always encoded (a Go value struct)
//   Quantity, IntOrString, Value (opaque JSON)  their own codecs
// Decoding is strict: every unknown key and every type mismatch is collected in
// the DecodeContext with its full path ("spec.containers[0].imagex"); decoding
// goes on so that all problems are reported at once, as the API server does.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <vector>

#include "src/api/quantity.h"
#include "src/api/value.h"

namespace snapsim::api {

inline constexpr unsigned kAlways = 1;  // encode even when zero (no omitempty)

template <class T, class M>
struct FieldDesc {
  std::string_view name;
  M T::*member;
  unsigned flags;
};
template <class T, class M>
constexpr FieldDesc<T, M> Field(std::string_view name, M T::*member, unsigned flags = 0) {
  return {name, member, flags};
}

template <class T>
struct Reflect;  // specialised per type

template <class T>
concept Reflected = requires { Reflect<T>::kFields; };

// int-or-string, e.g. a Service targetPort.
struct IntOrString {
  bool is_int = true;
  std::int64_t int_value = 0;
  std::string str_value;
  friend bool operator==(const IntOrString&, const IntOrString&) = default;
};

struct DecodeIssue {
  enum class Kind { kUnknownField, kWrongType, kInvalidValue };
  Kind kind;
  std::string path;     // "spec.source.foo"
  std::string go_type;  // for kWrongType: the Go type expected, e.g. "string"
  std::string go_struct;  // for kWrongType: the Go struct that holds the field
  std::string got;      // for kWrongType: the JSON type seen ("number", "object", ...)
  std::string schema_type;  // for kWrongType: OpenAPI type expected ("string", "integer", ...)
  std::string detail;   // for kInvalidValue
};

class DecodeContext {
 public:
  void Push(std::string_view field) { path_.emplace_back(field); }
  void PushIndex(std::size_t i) { path_.push_back("[" + std::to_string(i) + "]"); }
  void Pop() { path_.pop_back(); }
  std::string Path() const;
  void Unknown() { issues_.push_back({DecodeIssue::Kind::kUnknownField, Path()}); }
  void WrongType(std::string_view go_type, std::string_view schema_type, const Value& got);
  void Invalid(std::string detail) {
    issues_.push_back({DecodeIssue::Kind::kInvalidValue, Path(), "", "", "", "", std::move(detail)});
  }
  void SetStruct(std::string_view go_struct) { struct_ = go_struct; }
  std::string_view CurrentStruct() const { return struct_; }
  const std::vector<DecodeIssue>& issues() const { return issues_; }
  bool ok() const { return issues_.empty(); }

 private:
  std::vector<std::string> path_;
  std::vector<DecodeIssue> issues_;
  std::string_view struct_;
};

// ---- encoding --------------------------------------------------------------

template <class T>
Value Encode(const T& v);

template <class T>
bool IsZero(const T& v) {
  if constexpr (std::is_same_v<T, std::string>) {
    return v.empty();
  } else if constexpr (std::is_same_v<T, bool>) {
    return !v;
  } else if constexpr (std::is_arithmetic_v<T>) {
    return v == 0;
  } else if constexpr (std::is_same_v<T, Value>) {
    return v.is_null();
  } else if constexpr (requires { v.has_value(); }) {
    return !v.has_value();
  } else if constexpr (requires { v.empty(); }) {
    return v.empty();
  } else {
    return false;  // structs, Quantity, IntOrString are always encoded
  }
}

template <class T>
Value Encode(const T& v) {
  if constexpr (std::is_same_v<T, std::string> || std::is_same_v<T, bool> || std::is_same_v<T, double>) {
    return Value(v);
  } else if constexpr (std::is_integral_v<T>) {
    return Value(static_cast<std::int64_t>(v));
  } else if constexpr (std::is_same_v<T, Value>) {
    return v;
  } else if constexpr (std::is_same_v<T, Quantity>) {
    return Value(v.ToString());
  } else if constexpr (std::is_same_v<T, IntOrString>) {
    return v.is_int ? Value(v.int_value) : Value(v.str_value);
  } else if constexpr (requires { v.has_value(); }) {
    return v ? Encode(*v) : Value();
  } else if constexpr (requires { typename T::key_type; }) {
    Value::Object out;
    for (const auto& [k, item] : v) out.emplace(k, Encode(item));
    return Value(std::move(out));
  } else if constexpr (requires { typename T::value_type; }) {
    Value::Array out;
    out.reserve(v.size());
    for (const auto& item : v) out.push_back(Encode(item));
    return Value(std::move(out));
  } else {
    static_assert(Reflected<T>, "type has no Reflect<> specialisation");
    Value::Object out;
    std::apply(
        [&](const auto&... f) {
          ((IsZero(v.*(f.member)) && !(f.flags & kAlways) ? void()
                                                          : void(out.emplace(std::string(f.name),
                                                                             Encode(v.*(f.member))))),
           ...);
        },
        Reflect<T>::kFields);
    return Value(std::move(out));
  }
}

// The encoding of the one field of a reflected struct named `name` in JSON, as Encode(v)
// would put it in its object; nullopt when Encode would omit it or there is no such field.
template <class T>
std::optional<Value> EncodeField(const T& v, std::string_view name) {
  static_assert(Reflected<T>, "type has no Reflect<> specialisation");
  std::optional<Value> out;
  std::apply(
      [&](const auto&... f) {
        ((f.name == name && !(IsZero(v.*(f.member)) && !(f.flags & kAlways)) ? void(out = Encode(v.*(f.member)))
                                                                              : void()),
         ...);
      },
      Reflect<T>::kFields);
  return out;
}

// ---- comparing by encoding ------------------------------------------------
//
// EncodesEqual(a, b) == (Encode(a) == Encode(b)), without building either Value:
// omitted fields (zero, no kAlways) on both sides are equal, omitted on one side only
// differ, and everything else compares as its encoding would.

template <class T>
bool EncodesEqual(const T& a, const T& b);

namespace internal {
// One reflected field of a and b, as the encoder would see it.
template <class F, class T>
bool FieldEncodesEqual(const F& f, const T& a, const T& b) {
  const auto& x = a.*(f.member);
  const auto& y = b.*(f.member);
  if (!(f.flags & kAlways)) {
    bool zx = IsZero(x), zy = IsZero(y);
    if (zx || zy) return zx == zy;
  }
  return EncodesEqual(x, y);
}
}  // namespace internal

template <class T>
bool EncodesEqual(const T& a, const T& b) {
  if constexpr (std::is_same_v<T, std::string> || std::is_same_v<T, bool> || std::is_same_v<T, double>) {
    return a == b;
  } else if constexpr (std::is_integral_v<T>) {
    return static_cast<std::int64_t>(a) == static_cast<std::int64_t>(b);
  } else if constexpr (std::is_same_v<T, Value>) {
    return a == b;
  } else if constexpr (std::is_same_v<T, Quantity>) {
    if (a.MilliValue() == b.MilliValue() && a.format() == b.format()) return true;
    return a.ToString() == b.ToString();
  } else if constexpr (std::is_same_v<T, IntOrString>) {
    if (a.is_int != b.is_int) return false;
    return a.is_int ? a.int_value == b.int_value : a.str_value == b.str_value;
  } else if constexpr (requires { a.has_value(); }) {
    if (a.has_value() && b.has_value()) return EncodesEqual(*a, *b);
    if (!a.has_value() && !b.has_value()) return true;
    return (a.has_value() ? Encode(*a) : Encode(*b)).is_null();  // Encode(absent) is null
  } else if constexpr (requires { typename T::key_type; }) {
    if (a.size() != b.size()) return false;
    for (auto i = a.begin(), j = b.begin(); i != a.end(); ++i, ++j) {
      if (!(i->first == j->first) || !EncodesEqual(i->second, j->second)) return false;
    }
    return true;
  } else if constexpr (requires { typename T::value_type; }) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!EncodesEqual(a[i], b[i])) return false;
    }
    return true;
  } else {
    static_assert(Reflected<T>, "type has no Reflect<> specialisation");
    return std::apply([&](const auto&... f) { return (internal::FieldEncodesEqual(f, a, b) && ...); },
                      Reflect<T>::kFields);
  }
}

// EncodesEqual for a reflected struct, ignoring the fields whose JSON names are in `skip`.
template <class T>
bool EncodesEqualExcept(const T& a, const T& b, std::initializer_list<std::string_view> skip) {
  static_assert(Reflected<T>, "type has no Reflect<> specialisation");
  auto skipped = [&](std::string_view name) {
    for (std::string_view s : skip) {
      if (s == name) return true;
    }
    return false;
  };
  return std::apply(
      [&](const auto&... f) { return ((skipped(f.name) || internal::FieldEncodesEqual(f, a, b)) && ...); },
      Reflect<T>::kFields);
}

// EncodesEqual for the one field of a reflected struct whose JSON name is `name` (true
// when it has none).
template <class T>
bool FieldEncodesEqualByName(const T& a, const T& b, std::string_view name) {
  static_assert(Reflected<T>, "type has no Reflect<> specialisation");
  return std::apply(
      [&](const auto&... f) { return ((f.name != name || internal::FieldEncodesEqual(f, a, b)) && ...); },
      Reflect<T>::kFields);
}

// ---- decoding --------------------------------------------------------------

namespace internal {
void DecodeString(const Value& in, std::string& out, DecodeContext& ctx);
void DecodeBool(const Value& in, bool& out, DecodeContext& ctx);
void DecodeInt(const Value& in, std::int64_t& out, std::string_view go_type, DecodeContext& ctx);
void DecodeDouble(const Value& in, double& out, DecodeContext& ctx);
void DecodeQuantity(const Value& in, Quantity& out, DecodeContext& ctx);
void DecodeIntOrString(const Value& in, IntOrString& out, DecodeContext& ctx);
}  // namespace internal

template <class T>
void Decode(const Value& in, T& out, DecodeContext& ctx) {
  if constexpr (std::is_same_v<T, std::string>) {
    internal::DecodeString(in, out, ctx);
  } else if constexpr (std::is_same_v<T, bool>) {
    internal::DecodeBool(in, out, ctx);
  } else if constexpr (std::is_same_v<T, double>) {
    internal::DecodeDouble(in, out, ctx);
  } else if constexpr (std::is_integral_v<T>) {
    std::int64_t i = out;
    internal::DecodeInt(in, i, sizeof(T) == 4 ? "int32" : "int64", ctx);
    out = static_cast<T>(i);
  } else if constexpr (std::is_same_v<T, Value>) {
    out = in;
  } else if constexpr (std::is_same_v<T, Quantity>) {
    internal::DecodeQuantity(in, out, ctx);
  } else if constexpr (std::is_same_v<T, IntOrString>) {
    internal::DecodeIntOrString(in, out, ctx);
  } else if constexpr (requires { out.has_value(); }) {
    if (in.is_null()) {
      out.reset();
      return;
    }
    if (!out) out.emplace();
    Decode(in, *out, ctx);
  } else if constexpr (requires { typename T::key_type; }) {
    out.clear();
    if (in.is_null()) return;
    if (!in.is_object()) {
      ctx.WrongType("map[string]", "object", in);
      return;
    }
    for (const auto& [k, item] : in.as_object()) {
      ctx.Push(k);
      Decode(item, out[k], ctx);
      ctx.Pop();
    }
  } else if constexpr (requires { typename T::value_type; }) {
    out.clear();
    if (in.is_null()) return;
    if (!in.is_array()) {
      ctx.WrongType("[]", "array", in);
      return;
    }
    out.resize(in.size());
    for (std::size_t i = 0; i < in.size(); ++i) {
      ctx.PushIndex(i);
      Decode(in.as_array()[i], out[i], ctx);
      ctx.Pop();
    }
  } else {
    static_assert(Reflected<T>, "type has no Reflect<> specialisation");
    if (in.is_null()) return;
    if (!in.is_object()) {
      ctx.WrongType(Reflect<T>::kGoName, "object", in);
      return;
    }
    std::string_view outer = ctx.CurrentStruct();
    ctx.SetStruct(Reflect<T>::kGoName);
    for (const auto& [key, item] : in.as_object()) {
      bool found = false;
      ctx.Push(key);
      std::apply(
          [&](const auto&... f) {
            ((found || f.name != key ? void() : (found = true, Decode(item, out.*(f.member), ctx))), ...);
          },
          Reflect<T>::kFields);
      if (!found) ctx.Unknown();
      ctx.Pop();
      ctx.SetStruct(Reflect<T>::kGoName);
    }
    ctx.SetStruct(outer);
  }
}

// Sets the field of reflected `v` whose JSON name is `name` to `value` decoded from
// scratch (the field is reset to its zero first; a null `value` leaves it zero). False
// when there is no such field or `value` does not decode cleanly (an unknown member, a
// wrong type): the field is then unspecified.
template <class T>
bool DecodeField(T& v, std::string_view name, const Value& value) {
  static_assert(Reflected<T>, "type has no Reflect<> specialisation");
  bool found = false;
  bool clean = true;
  std::apply(
      [&](const auto&... f) {
        auto set = [&](auto& field) {
          found = true;
          field = std::remove_reference_t<decltype(field)>{};
          if (value.is_null()) return;
          DecodeContext ctx;
          Decode(value, field, ctx);
          clean = ctx.ok();
        };
        ((found || f.name != name ? void() : set(v.*(f.member))), ...);
      },
      Reflect<T>::kFields);
  return found && clean;
}

}  // namespace snapsim::api
