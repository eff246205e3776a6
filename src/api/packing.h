// Packing: a typed API object as compact bytes and back, driven by its reflection
// (reflect.h): every reflected field in declaration order, lengths and integers as
// varints (sim/engine/byte_codec.h), an optional as a presence byte then its value.
//
// For objects kept in bulk and seldom read, such as the Events the API server stores (an
// Event's struct and strings take about 1.5 KB; packed, about 500 bytes).
// Exact for reflected members: Unpack(Pack(x)) has every reflected field of x, so it
// encodes (ToValue) as x does; a member without a Reflect<> field is not kept. Two
// members go through their text: an opaque api::Value through JSON (a NaN or infinite
// number, which JSON cannot hold, comes back null) and a Quantity through its canonical
// form (same amount, the format may be canonicalised). Not a wire or file format: bytes
// are read back only by the build that wrote them.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>

#include "sim/engine/byte_codec.h"
#include "src/api/json.h"
#include "src/api/quantity.h"
#include "src/api/reflect.h"
#include "src/api/value.h"

namespace snapsim::api {
namespace packing {

using engine::GetBytes;
using engine::GetVarint;
using engine::PutBytes;
using engine::PutVarint;

template <class T>
void Put(std::string& out, const T& v) {
  if constexpr (std::is_same_v<T, std::string>) {
    PutBytes(out, v);
  } else if constexpr (std::is_same_v<T, bool>) {
    out.push_back(v ? 1 : 0);
  } else if constexpr (std::is_integral_v<T>) {
    const auto x = static_cast<std::int64_t>(v);  // zigzag: small negatives stay short
    PutVarint(out, (static_cast<std::uint64_t>(x) << 1) ^ static_cast<std::uint64_t>(x >> 63));
  } else if constexpr (std::is_same_v<T, double>) {
    char raw[sizeof v];
    std::memcpy(raw, &v, sizeof v);
    out.append(raw, sizeof v);
  } else if constexpr (std::is_same_v<T, Value>) {
    PutBytes(out, ToJson(v));
  } else if constexpr (std::is_same_v<T, Quantity>) {
    PutBytes(out, v.ToString());
  } else if constexpr (std::is_same_v<T, IntOrString>) {
    Put(out, v.is_int);
    if (v.is_int) {
      Put(out, v.int_value);
    } else {
      Put(out, v.str_value);
    }
  } else if constexpr (requires { v.has_value(); }) {
    Put(out, v.has_value());
    if (v.has_value()) Put(out, *v);
  } else if constexpr (requires { typename T::key_type; }) {
    PutVarint(out, v.size());
    for (const auto& [key, item] : v) {
      Put(out, key);
      Put(out, item);
    }
  } else if constexpr (requires { typename T::value_type; }) {
    PutVarint(out, v.size());
    for (const auto& item : v) Put(out, item);
  } else {
    static_assert(Reflected<T>, "type has no Reflect<> specialisation");
    std::apply([&](const auto&... f) { (Put(out, v.*(f.member)), ...); }, Reflect<T>::kFields);
  }
}

template <class T>
void Get(std::string_view& in, T& v) {
  if constexpr (std::is_same_v<T, std::string>) {
    v = GetBytes(in);
  } else if constexpr (std::is_same_v<T, bool>) {
    v = !in.empty() && in.front() != 0;
    in.remove_prefix(in.empty() ? 0 : 1);
  } else if constexpr (std::is_integral_v<T>) {
    const std::uint64_t z = GetVarint(in);
    v = static_cast<T>(static_cast<std::int64_t>(z >> 1) ^ -static_cast<std::int64_t>(z & 1));
  } else if constexpr (std::is_same_v<T, double>) {
    v = 0;
    if (in.size() >= sizeof v) std::memcpy(&v, in.data(), sizeof v);
    in.remove_prefix(std::min(in.size(), sizeof v));
  } else if constexpr (std::is_same_v<T, Value>) {
    auto parsed = ParseJson(GetBytes(in));
    v = parsed.ok() ? std::move(*parsed) : Value();
  } else if constexpr (std::is_same_v<T, Quantity>) {
    auto parsed = Quantity::Parse(GetBytes(in));
    v = parsed.ok() ? std::move(*parsed) : Quantity();
  } else if constexpr (std::is_same_v<T, IntOrString>) {
    v = IntOrString();  // the member not sent is reset, not kept
    Get(in, v.is_int);
    if (v.is_int) {
      Get(in, v.int_value);
    } else {
      Get(in, v.str_value);
    }
  } else if constexpr (requires { v.has_value(); }) {
    bool present = false;
    Get(in, present);
    if (!present) {
      v.reset();
      return;
    }
    v.emplace();
    Get(in, *v);
  } else if constexpr (requires { typename T::key_type; }) {
    v.clear();
    for (std::uint64_t n = GetVarint(in); n > 0 && !in.empty(); --n) {
      std::string key(GetBytes(in));
      Get(in, v.emplace_hint(v.end(), std::move(key), typename T::mapped_type())->second);
    }
  } else if constexpr (requires { typename T::value_type; }) {
    v.clear();
    for (std::uint64_t n = GetVarint(in); n > 0 && !in.empty(); --n) Get(in, v.emplace_back());
  } else {
    static_assert(Reflected<T>, "type has no Reflect<> specialisation");
    std::apply([&](const auto&... f) { (Get(in, v.*(f.member)), ...); }, Reflect<T>::kFields);
  }
}

}  // namespace packing

template <class T>
std::string Pack(const T& v) {
  thread_local std::string scratch;  // grows once; the result is one exact allocation
  scratch.clear();
  packing::Put(scratch, v);
  return scratch;
}

// REQUIRES: `bytes` came from Pack<T> of this build.
template <class T>
void UnpackInto(std::string_view bytes, T& v) {
  packing::Get(bytes, v);
}

}  // namespace snapsim::api
