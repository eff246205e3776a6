// The members of ObjectOf<Derived> (object.h), for the explicit instantiations in
// kinds_*.cc only: `template class ObjectOf<Kind>;` after including this. Everyone
// else sees the declarations and the `extern template` of the kind's header.
#pragma once

#include <memory>

#include "src/api/object.h"
#include "src/api/reflect.h"

namespace snapsim::api {

template <class Derived>
Value ObjectOf<Derived>::ToValue() const {
  Value v = Encode(static_cast<const Derived&>(*this));
  v["apiVersion"] = Value(Derived::Info().ApiVersion(Derived::Info().storage_version));
  v["kind"] = Value(Derived::Info().kind);
  return v;
}

template <class Derived>
std::shared_ptr<Object> ObjectOf<Derived>::Clone() const {
  return std::make_shared<Derived>(static_cast<const Derived&>(*this));
}

template <class Derived>
void ObjectOf<Derived>::DecodeFields(const Value& in, DecodeContext& ctx) {
  Decode(in, static_cast<Derived&>(*this), ctx);
}

template <class Derived>
void ObjectOf<Derived>::ResetStatus() {
  if constexpr (requires(Derived d) { d.status; }) static_cast<Derived&>(*this).status = {};
}

template <class Derived>
void ObjectOf<Derived>::CopyStatusFrom(const Object& other) {
  if constexpr (requires(Derived d) { d.status; }) {
    static_cast<Derived&>(*this).status = static_cast<const Derived&>(other).status;
  }
}

template <class Derived>
bool ObjectOf<Derived>::BodyEncodesEqual(const Object& other, bool with_status) const {
  const auto& a = static_cast<const Derived&>(*this);
  const auto& b = static_cast<const Derived&>(other);
  // apiVersion and kind are set by ToValue from the kind, the same for both.
  if (with_status) return EncodesEqualExcept(a, b, {"metadata", "apiVersion", "kind"});
  return EncodesEqualExcept(a, b, {"metadata", "status", "apiVersion", "kind"});
}

template <class Derived>
bool ObjectOf<Derived>::StatusEncodesEqual(const Object& other) const {
  return FieldEncodesEqualByName(static_cast<const Derived&>(*this), static_cast<const Derived&>(other), "status");
}

template <class Derived>
std::optional<Value> ObjectOf<Derived>::EncodedMember(std::string_view field) const {
  return EncodeField(static_cast<const Derived&>(*this), field);
}

template <class Derived>
std::optional<Value> ObjectOf<Derived>::EncodedStatusMember(std::string_view field) const {
  if constexpr (requires(Derived d) { d.status.has_value(); }) {  // an optional status
    const auto& status = static_cast<const Derived&>(*this).status;
    return status ? EncodeField(*status, field) : std::nullopt;
  } else if constexpr (requires(Derived d) { d.status; }) {
    return EncodeField(static_cast<const Derived&>(*this).status, field);
  } else {
    return std::nullopt;
  }
}

template <class Derived>
bool ObjectOf<Derived>::SetStatusMember(std::string_view field, const Value& value) {
  if constexpr (requires(Derived d) { d.status.has_value(); }) {  // a patched status exists
    auto& status = static_cast<Derived&>(*this).status;
    if (!status) status.emplace();
    return DecodeField(*status, field, value);
  } else if constexpr (requires(Derived d) { d.status; }) {
    return DecodeField(static_cast<Derived&>(*this).status, field, value);
  } else {
    return false;
  }
}

}  // namespace snapsim::api
