// Rng: the one seeded random generator of a simulation.
//
// Every random choice a simulation makes (fault probabilities, latencies, generated
// names and UUIDs, chaos interleavings) is drawn from one Rng, so one seed = one run.
// The stream is identical on every platform and standard library: the engine is
// std::mt19937_64 (fully specified by the C++ standard) and every reduction to a range,
// a probability or a string is done here, never by std::uniform_*_distribution (whose
// output is implementation-defined). Changing how any method consumes the stream
// changes every seeded transcript; rng_test.cc pins golden values to catch that.
//
// Not thread-safe; a simulation is single-threaded and owns its Rng.
#pragma once

#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>

namespace snapsim::engine {

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : engine_(seed) {}

  // The next raw 64-bit output of the engine.
  std::uint64_t Next() { return engine_(); }

  // Uniform in [0, n), without bias (Lemire's multiply-shift with rejection).
  // Usually consumes one draw, rarely more. REQUIRES: n > 0 (n == 0 returns 0 and
  // consumes nothing).
  std::uint64_t Uniform(std::uint64_t n);

  // Uniform in [lo, hi], both inclusive; the full int64 range is allowed.
  // REQUIRES: lo <= hi (otherwise returns lo and consumes nothing).
  std::int64_t Range(std::int64_t lo, std::int64_t hi);

  // True with probability 1/n. REQUIRES: n > 0 (n == 0 returns false, no draw).
  bool OneIn(std::uint64_t n) { return n != 0 && Uniform(n) == 0; }

  // True with probability p (p <= 0: never, p >= 1: always). Always consumes exactly
  // one draw, whatever p is, so adjusting a probability does not shift later draws.
  bool Chance(double p) { return Unit() < p; }

  // Uniform in [0, 1) with 53 bits of precision; one draw.
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

  // A random RFC 4122 version-4 UUID, "xxxxxxxx-xxxx-4xxx-Yxxx-xxxxxxxxxxxx" (lowercase
  // hex, Y in 8..b), from two draws.
  std::string Uuid();

  // n characters drawn uniformly from [a-z0-9].
  std::string LowerAlnum(std::size_t n) { return FromAlphabet(kLowerAlnum, n); }

  // n characters drawn uniformly from `alphabet`. REQUIRES: alphabet non-empty.
  std::string FromAlphabet(std::string_view alphabet, std::size_t n);

  static constexpr std::string_view kLowerAlnum = "abcdefghijklmnopqrstuvwxyz0123456789";

 private:
  std::mt19937_64 engine_;
};

}  // namespace snapsim::engine
