#include "sim/engine/byte_codec.h"

#include <algorithm>

namespace snapsim::engine {

void PutVarint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

std::uint64_t GetVarint(std::string_view& in) {
  std::uint64_t v = 0;
  for (int shift = 0; !in.empty() && shift < 64; shift += 7) {
    const auto byte = static_cast<unsigned char>(in.front());
    in.remove_prefix(1);
    v |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) break;
  }
  return v;
}

std::size_t VarintSize(std::uint64_t v) {
  std::size_t n = 1;
  for (; v >= 0x80; v >>= 7) ++n;
  return n;
}

void PutBytes(std::string& out, std::string_view s) {
  PutVarint(out, s.size());
  out.append(s);
}

std::string_view GetBytes(std::string_view& in) {
  const std::uint64_t declared = GetVarint(in);  // before reading in.size(): it consumes
  const std::size_t n = std::min<std::uint64_t>(declared, in.size());
  std::string_view s = in.substr(0, n);
  in.remove_prefix(n);
  return s;
}

}  // namespace snapsim::engine
