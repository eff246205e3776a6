#include "sim/engine/rng.h"

namespace snapsim::engine {
namespace {

__extension__ typedef unsigned __int128 Uint128;

constexpr char kHex[] = "0123456789abcdef";

}  // namespace

std::uint64_t Rng::Uniform(std::uint64_t n) {
  if (n == 0) return 0;
  // The high word of x * n is uniform in [0, n) unless the low word falls in the
  // first (2^64 mod n) values, which are over-represented: redraw those.
  Uint128 m = static_cast<Uint128>(Next()) * n;
  auto low = static_cast<std::uint64_t>(m);
  if (low < n) {
    std::uint64_t threshold = (0 - n) % n;  // 2^64 mod n
    while (low < threshold) {
      m = static_cast<Uint128>(Next()) * n;
      low = static_cast<std::uint64_t>(m);
    }
  }
  return static_cast<std::uint64_t>(m >> 64);
}

std::int64_t Rng::Range(std::int64_t lo, std::int64_t hi) {
  if (lo > hi) return lo;
  std::uint64_t span = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo) + 1;
  std::uint64_t offset = span == 0 ? Next() : Uniform(span);  // span 0: all 2^64 values
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(lo) + offset);
}

std::string Rng::Uuid() {
  std::uint64_t hi = Next();
  std::uint64_t lo = Next();
  hi = (hi & ~std::uint64_t{0xf000}) | 0x4000;                         // version 4
  lo = (lo & ~(std::uint64_t{0xc} << 60)) | (std::uint64_t{8} << 60);  // variant 10xx
  std::string out(36, '-');
  std::size_t pos = 0;
  auto put = [&](std::uint64_t word, int nibbles) {
    for (int i = nibbles - 1; i >= 0; --i) {
      if (pos == 8 || pos == 13 || pos == 18 || pos == 23) ++pos;  // keep the dash
      out[pos++] = kHex[(word >> (4 * i)) & 0xf];
    }
  };
  put(hi, 16);
  put(lo, 16);
  return out;
}

std::string Rng::FromAlphabet(std::string_view alphabet, std::size_t n) {
  std::string out;
  if (alphabet.empty()) return out;
  out.resize(n);
  for (std::size_t i = 0; i < n; ++i) out[i] = alphabet[Uniform(alphabet.size())];
  return out;
}

}  // namespace snapsim::engine
