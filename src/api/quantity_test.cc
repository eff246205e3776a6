#include "src/api/quantity.h"

#include <gtest/gtest.h>

namespace snapsim::api {
namespace {

TEST(QuantityTest, ParsesAndPrintsCanonically) {
  struct Case {
    const char* in;
    std::int64_t value;
    const char* canonical;
  } cases[] = {
      {"20Gi", 21474836480, "20Gi"}, {"1024Mi", 1073741824, "1Gi"}, {"1536Mi", 1610612736, "1536Mi"},
      {"1.5Gi", 1610612736, "1536Mi"}, {"10G", 10000000000, "10G"}, {"100m", 1, "100m"},
      {"2e3", 2000, "2e3"}, {"0", 0, "0"}, {"21474836480", 21474836480, "21474836480"},
      {"1000", 1000, "1k"},
  };
  for (const auto& c : cases) {
    auto q = Quantity::Parse(c.in);
    ASSERT_TRUE(q.ok()) << c.in << ": " << q.status().ToString();
    EXPECT_EQ(q->Value(), c.value) << c.in;
    EXPECT_EQ(q->ToString(), c.canonical) << c.in;
  }
}

TEST(QuantityTest, RejectsMalformed) {
  for (const char* bad : {"", "Gi", "20GB", "1.2.3", "abc", "20 Gi"}) {
    auto q = Quantity::Parse(bad);
    ASSERT_FALSE(q.ok()) << bad;
    EXPECT_EQ(q.status().message(), kQuantityRegexMessage);
  }
}

TEST(QuantityTest, OrdersByValue) {
  EXPECT_LT(*Quantity::Parse("10Gi"), *Quantity::Parse("20Gi"));
  EXPECT_EQ(*Quantity::Parse("1Gi"), *Quantity::Parse("1024Mi"));
}

}  // namespace
}  // namespace snapsim::api
