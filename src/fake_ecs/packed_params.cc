#include "src/fake_ecs/packed_params.h"

#include <stdexcept>

#include "sim/engine/byte_codec.h"

namespace snapsim::ecs {
namespace {

std::size_t PackedSize(const Params& params) {
  std::size_t n = 0;
  for (const auto& [key, value] : params) {
    n += engine::VarintSize(key.size()) + key.size() + engine::VarintSize(value.size()) + value.size();
  }
  return n;
}

}  // namespace

PackedParams::PackedParams(const Params& params) : size_(static_cast<std::uint32_t>(params.size())) {
  bytes_.reserve(PackedSize(params));
  for (const auto& [key, value] : params) {
    engine::PutBytes(bytes_, key);
    engine::PutBytes(bytes_, value);
  }
}

PackedParams::const_iterator::const_iterator(std::string_view bytes, std::size_t at) : bytes_(bytes), at_(at) {
  if (at_ < bytes_.size()) {
    std::string_view rest = bytes_.substr(at_);
    entry_.first = engine::GetBytes(rest);
    entry_.second = engine::GetBytes(rest);
    next_ = bytes_.size() - rest.size();
  }
}

PackedParams::const_iterator& PackedParams::const_iterator::operator++() {
  *this = const_iterator(bytes_, next_);
  return *this;
}

std::optional<std::string_view> PackedParams::Find(std::string_view key) const {
  for (const auto& [k, v] : *this) {
    if (k == key) return v;
    if (k > key) break;  // key order
  }
  return std::nullopt;
}

std::string_view PackedParams::at(std::string_view key) const {
  auto v = Find(key);
  if (!v) throw std::out_of_range("PackedParams::at");
  return *v;
}

Params PackedParams::Unpack() const {
  Params out;
  for (const auto& [k, v] : *this) out.emplace_hint(out.end(), std::string(k), std::string(v));
  return out;
}

bool PackedParams::Equals(const Params& params) const {
  if (params.size() != size_) return false;
  auto it = begin();
  for (const auto& [key, value] : params) {
    if (it->first != key || it->second != value) return false;
    ++it;
  }
  return true;
}

}  // namespace snapsim::ecs
