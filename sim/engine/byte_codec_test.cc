#include "sim/engine/byte_codec.h"

#include <gtest/gtest.h>

#include <limits>
#include <string>

namespace snapsim::engine {
namespace {

TEST(ByteCodecTest, VarintsRoundTripAndVarintSizeIsWhatPutAppends) {
  for (std::uint64_t v : {std::uint64_t{0}, std::uint64_t{127}, std::uint64_t{128}, std::uint64_t{16383},
                          std::uint64_t{16384}, std::numeric_limits<std::uint64_t>::max()}) {
    std::string out;
    PutVarint(out, v);
    EXPECT_EQ(out.size(), VarintSize(v)) << v;
    std::string_view in = out;
    EXPECT_EQ(GetVarint(in), v);
    EXPECT_TRUE(in.empty());
  }
}

TEST(ByteCodecTest, BytesRoundTripAndTruncatedInputIsClamped) {
  std::string out;
  PutBytes(out, std::string(200, 'x'));
  PutBytes(out, "");
  std::string_view in = out;
  EXPECT_EQ(GetBytes(in), std::string(200, 'x'));
  EXPECT_EQ(GetBytes(in), "");
  EXPECT_TRUE(in.empty());
  std::string_view cut = std::string_view(out).substr(0, 50);  // declares 200, holds 48
  EXPECT_EQ(GetBytes(cut).size(), 48u);
  EXPECT_TRUE(cut.empty());
  EXPECT_EQ(GetBytes(cut), "");
  EXPECT_EQ(GetVarint(cut), 0u);
}

}  // namespace
}  // namespace snapsim::engine
