#include "sim/engine/rng.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <limits>
#include <random>
#include <regex>
#include <set>
#include <string>

namespace snapsim::engine {
namespace {

// FNV-1a over 64-bit words: a digest of a long mixed stream of calls.
struct Digest {
  std::uint64_t h = 0xcbf29ce484222325u;
  void Add(std::uint64_t v) {
    for (int i = 0; i < 8; ++i) {
      h ^= (v >> (8 * i)) & 0xff;
      h *= 0x100000001b3u;
    }
  }
  void Add(const std::string& s) {
    for (char c : s) Add(static_cast<std::uint64_t>(static_cast<unsigned char>(c)));
  }
};

TEST(RngTest, EngineIsTheStandardMt19937_64) {
  // The standard pins the 10000th output of a default-constructed mt19937_64.
  std::mt19937_64 engine;
  engine.discard(9999);
  EXPECT_EQ(engine(), 9981545732273789042u);
  Rng rng(5489);  // the default seed
  for (int i = 0; i < 9999; ++i) rng.Next();
  EXPECT_EQ(rng.Next(), 9981545732273789042u);
}

// Golden values: if any of these change, every seeded transcript changes. Do not
// update them unless that is intended (and say so in the commit).
TEST(RngTest, GoldenSequenceForSeed1) {
  Rng rng(1);
  EXPECT_EQ(rng.Next(), 2469588189546311528u);
  EXPECT_EQ(rng.Next(), 2516265689700432462u);
  EXPECT_EQ(rng.Next(), 8323445853463659930u);
  EXPECT_EQ(rng.Uniform(10), 0u);
  EXPECT_EQ(rng.Uniform(10), 3u);
  EXPECT_EQ(rng.Uniform(10), 9u);
  EXPECT_EQ(rng.Uniform(10), 4u);
  EXPECT_EQ(rng.Uniform(10), 0u);
  EXPECT_EQ(rng.Range(-5, 5), 1);
  EXPECT_EQ(rng.Range(-5, 5), 1);
  EXPECT_EQ(rng.Range(-5, 5), -5);
  EXPECT_DOUBLE_EQ(rng.Unit(), 0.55617889912237994);
  EXPECT_EQ(rng.Uuid(), "ca26a1a8-4099-4e65-b8bc-fc057e745a63");
  EXPECT_EQ(rng.LowerAlnum(12), "pik2rjk0qlle");
}

TEST(RngTest, GoldenDigestOfAMixedStream) {
  Rng rng(20260101);
  Digest d;
  for (int i = 0; i < 1000; ++i) {
    d.Add(rng.Next());
    d.Add(rng.Uniform(7));
    d.Add(rng.Uniform((std::uint64_t{1} << 63) + 1));  // rejects often
    d.Add(static_cast<std::uint64_t>(rng.Range(-1000, 1000)));
    d.Add(static_cast<std::uint64_t>(rng.Range(std::numeric_limits<std::int64_t>::min(),
                                               std::numeric_limits<std::int64_t>::max())));
    d.Add(rng.OneIn(3));
    d.Add(rng.Chance(0.3));
    d.Add(rng.Uuid());
    d.Add(rng.LowerAlnum(5));
  }
  EXPECT_EQ(d.h, 2391802270675933451u);
}

TEST(RngTest, SameSeedSameStreamDifferentSeedDifferentStream) {
  Rng a(99), b(99), c(100);
  bool differs = false;
  for (int i = 0; i < 100; ++i) {
    std::uint64_t x = a.Next();
    EXPECT_EQ(x, b.Next());
    differs = differs || x != c.Next();
  }
  EXPECT_TRUE(differs);
}

TEST(RngTest, UniformIsInRangeAndRoughlyUniform) {
  Rng rng(7);
  constexpr int kBuckets = 10;
  constexpr int kSamples = 200000;
  std::array<int, kBuckets> counts{};
  for (int i = 0; i < kSamples; ++i) {
    std::uint64_t v = rng.Uniform(kBuckets);
    ASSERT_LT(v, static_cast<std::uint64_t>(kBuckets));
    ++counts[v];
  }
  // Chi-square with 9 degrees of freedom; 27.88 is the 0.001 critical value.
  double expected = static_cast<double>(kSamples) / kBuckets;
  double chi2 = 0;
  for (int c : counts) chi2 += (c - expected) * (c - expected) / expected;
  EXPECT_LT(chi2, 27.88);
}

TEST(RngTest, UniformWithHugeBoundIsUnbiasedInHalves) {
  // n = 2^63 + 1: a naive modulo would put almost everything in the lower half twice.
  Rng rng(11);
  const std::uint64_t n = (std::uint64_t{1} << 63) + 1;
  int low = 0;
  for (int i = 0; i < 20000; ++i) {
    std::uint64_t v = rng.Uniform(n);
    ASSERT_LT(v, n);
    if (v < n / 2) ++low;
  }
  EXPECT_NEAR(low, 10000, 400);
}

TEST(RngTest, EdgeCases) {
  Rng rng(3);
  Rng twin(3);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(rng.Uniform(1), 0u);
  for (int i = 0; i < 100; ++i) twin.Next();
  // Degenerate arguments consume nothing.
  EXPECT_EQ(rng.Uniform(0), 0u);
  EXPECT_FALSE(rng.OneIn(0));
  EXPECT_EQ(rng.Range(5, 4), 5);
  EXPECT_EQ(rng.Range(5, 5), 5);  // span 1 draws once
  twin.Next();
  EXPECT_EQ(rng.Next(), twin.Next());
  EXPECT_TRUE(rng.OneIn(1));
  EXPECT_EQ(rng.FromAlphabet("", 5), "");
  EXPECT_EQ(rng.FromAlphabet("x", 3), "xxx");
  EXPECT_EQ(rng.LowerAlnum(0), "");
}

TEST(RngTest, RangeCoversBothEnds) {
  Rng rng(5);
  std::set<std::int64_t> seen;
  for (int i = 0; i < 1000; ++i) {
    std::int64_t v = rng.Range(-3, 3);
    ASSERT_GE(v, -3);
    ASSERT_LE(v, 3);
    seen.insert(v);
  }
  EXPECT_EQ(seen.size(), 7u);
  std::int64_t min = std::numeric_limits<std::int64_t>::min();
  std::int64_t max = std::numeric_limits<std::int64_t>::max();
  bool negative = false, positive = false;
  for (int i = 0; i < 100; ++i) {
    std::int64_t v = rng.Range(min, max);
    negative = negative || v < 0;
    positive = positive || v > 0;
  }
  EXPECT_TRUE(negative && positive);
  EXPECT_EQ(rng.Range(max, max), max);
  EXPECT_EQ(rng.Range(min, min), min);
}

TEST(RngTest, ChanceAndUnit) {
  Rng rng(13);
  Rng twin(13);
  int hits = 0;
  for (int i = 0; i < 100000; ++i) {
    double u = rng.Unit();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    if (twin.Chance(0.25)) ++hits;
  }
  EXPECT_NEAR(hits, 25000, 600);
  for (int i = 0; i < 1000; ++i) {
    EXPECT_FALSE(rng.Chance(0.0));
    EXPECT_FALSE(rng.Chance(-1.0));
    EXPECT_TRUE(rng.Chance(1.0));
    EXPECT_TRUE(rng.Chance(2.0));
  }
  // Chance always consumes exactly one draw, whatever p is.
  Rng a(17), b(17);
  (void)a.Chance(0.0);
  (void)b.Chance(1.0);
  EXPECT_EQ(a.Next(), b.Next());
}

TEST(RngTest, UuidIsVersion4Lowercase) {
  Rng rng(21);
  std::regex pattern("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string u = rng.Uuid();
    ASSERT_TRUE(std::regex_match(u, pattern)) << u;
    seen.insert(u);
  }
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(RngTest, LowerAlnumUsesTheWholeAlphabet) {
  Rng rng(23);
  std::string s = rng.LowerAlnum(5000);
  ASSERT_EQ(s.size(), 5000u);
  std::set<char> seen(s.begin(), s.end());
  EXPECT_EQ(seen.size(), 36u);
  for (char c : s) EXPECT_TRUE((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) << c;
}

}  // namespace
}  // namespace snapsim::engine
