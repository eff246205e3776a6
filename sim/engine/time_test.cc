#include "sim/engine/time.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <limits>
#include <string>

namespace snapsim::engine {
namespace {

constexpr Nanos kMaxNanos = std::numeric_limits<Nanos>::max();
constexpr Nanos kMinNanos = std::numeric_limits<Nanos>::min();

Nanos MustParse(std::string_view s) {
  auto r = ParseDuration(s);
  EXPECT_TRUE(r.ok()) << s << ": " << r.status().ToString();
  return r.ok() ? *r : -1;
}

TEST(ParseDurationTest, AcceptsScenarioDurations) {
  EXPECT_EQ(MustParse("90s"), 90 * kSecond);
  EXPECT_EQ(MustParse("5m"), 5 * kMinute);
  EXPECT_EQ(MustParse("2h"), 2 * kHour);
  EXPECT_EQ(MustParse("3d"), 3 * kDay);
  EXPECT_EQ(MustParse("1h30m"), 90 * kMinute);
  EXPECT_EQ(MustParse("500ms"), 500 * kMillisecond);
  EXPECT_EQ(MustParse("1.5s"), 1500 * kMillisecond);
  EXPECT_EQ(MustParse("250us"), 250 * kMicrosecond);
  EXPECT_EQ(MustParse("250\u00b5s"), 250 * kMicrosecond);  // Go's micro sign
  EXPECT_EQ(MustParse("250\u03bcs"), 250 * kMicrosecond);  // Greek mu
  EXPECT_EQ(MustParse("10ns"), 10);
  EXPECT_EQ(MustParse("0"), 0);
  EXPECT_EQ(MustParse("0s"), 0);
  EXPECT_EQ(MustParse("36m"), 36 * kMinute);
  EXPECT_EQ(MustParse("1d12h"), 36 * kHour);
  EXPECT_EQ(MustParse("2h45m30.5s"), 2 * kHour + 45 * kMinute + 30500 * kMillisecond);
}

TEST(ParseDurationTest, FractionsLikeGo) {
  EXPECT_EQ(MustParse(".5s"), 500 * kMillisecond);
  EXPECT_EQ(MustParse("1.s"), kSecond);
  EXPECT_EQ(MustParse("1.004s"), 1004 * kMillisecond);
  EXPECT_EQ(MustParse("0.1h"), 6 * kMinute);
  EXPECT_EQ(MustParse("1.5d"), 36 * kHour);
  EXPECT_EQ(MustParse("1.5ns"), 1);                                   // truncated to nanoseconds
  EXPECT_EQ(MustParse("0.0000000019s"), 1);                           // truncated, not rounded
  EXPECT_EQ(MustParse("1.00000000000000000000000000001s"), kSecond);  // many digits
  EXPECT_EQ(MustParse("1.333333333333333333333333h"), kHour + 20 * kMinute - 1);
  EXPECT_EQ(MustParse("0000000000000000000000000001s"), kSecond);  // leading zeros
}

TEST(ParseDurationTest, LimitsOfTheRange) {
  EXPECT_EQ(MustParse("9223372036854775807ns"), kMaxNanos);
  EXPECT_EQ(MustParse("2562047h47m16.854775807s"), kMaxNanos);
  for (std::string_view s : {"9223372036854775808ns", "2562047h47m16.854775808s", "106752d1h",
                             "99999999999999999999999s", "9223372036854775807ns1ns"}) {
    auto r = ParseDuration(s);
    ASSERT_FALSE(r.ok()) << s;
    EXPECT_EQ(r.status().code(), Status::Code::kInvalidArgument);
    EXPECT_EQ(r.status().message(), "invalid duration \"" + std::string(s) + "\": out of range");
  }
}

TEST(ParseDurationTest, RejectsWithOneMessage) {
  for (std::string_view s : {"",     "-5s",  "+5s", "-0",    "5",      "00",    "1h30",   "5x",
                             "s",    ".s",   ".",   "1..5s", "5 s",    " 5s",   "5s ",    "5S",
                             "5sec", "1e3s", "abc", "5m-3s", "1h 30m", "0x10s", "\u00b5s"}) {
    auto r = ParseDuration(s);
    ASSERT_FALSE(r.ok()) << "accepted \"" << s << "\"";
    EXPECT_EQ(r.status().code(), Status::Code::kInvalidArgument);
    EXPECT_EQ(r.status().message(),
              "invalid duration \"" + std::string(s) +
                  "\": expected a number and a unit (ns, us, ms, s, m, h, d), e.g. 90s or 1h30m");
  }
}

TEST(FormatDurationTest, MatchesGoDurationString) {
  // Vectors from Go's time package tests plus the brief's examples.
  EXPECT_EQ(FormatDuration(0), "0s");
  EXPECT_EQ(FormatDuration(1), "1ns");
  EXPECT_EQ(FormatDuration(999), "999ns");
  EXPECT_EQ(FormatDuration(1100), "1.1\u00b5s");
  EXPECT_EQ(FormatDuration(kMicrosecond), "1\u00b5s");
  EXPECT_EQ(FormatDuration(2200 * kMicrosecond), "2.2ms");
  EXPECT_EQ(FormatDuration(500 * kMillisecond), "500ms");
  EXPECT_EQ(FormatDuration(kMillisecond + 1), "1.000001ms");
  EXPECT_EQ(FormatDuration(kSecond), "1s");
  EXPECT_EQ(FormatDuration(2 * kSecond), "2s");
  EXPECT_EQ(FormatDuration(1500 * kMillisecond), "1.5s");
  EXPECT_EQ(FormatDuration(3300 * kMillisecond), "3.3s");
  EXPECT_EQ(FormatDuration(4 * kMinute + 5 * kSecond), "4m5s");
  EXPECT_EQ(FormatDuration(4 * kMinute + 5001 * kMillisecond), "4m5.001s");
  EXPECT_EQ(FormatDuration(5 * kHour + 6 * kMinute + 7001 * kMillisecond), "5h6m7.001s");
  EXPECT_EQ(FormatDuration(8 * kMinute + 1), "8m0.000000001s");
  EXPECT_EQ(FormatDuration(36 * kMinute), "36m0s");
  EXPECT_EQ(FormatDuration(90 * kMinute), "1h30m0s");
  EXPECT_EQ(FormatDuration(kHour), "1h0m0s");
  EXPECT_EQ(FormatDuration(3 * kDay), "72h0m0s");
  EXPECT_EQ(FormatDuration(kMaxNanos), "2562047h47m16.854775807s");
  EXPECT_EQ(FormatDuration(kMinNanos), "-2562047h47m16.854775808s");
  EXPECT_EQ(FormatDuration(-2 * kSecond), "-2s");
  EXPECT_EQ(FormatDuration(-1), "-1ns");
  EXPECT_EQ(FormatDuration(-1500 * kMicrosecond), "-1.5ms");
}

TEST(FormatDurationTest, RoundTripsThroughParse) {
  for (Nanos d : {Nanos{0}, Nanos{1}, Nanos{1100}, 2200 * kMicrosecond, 3300 * kMillisecond,
                  8 * kMinute + 1, 90 * kMinute, 3 * kDay + 7, kMaxNanos}) {
    EXPECT_EQ(MustParse(FormatDuration(d)), d) << FormatDuration(d);
  }
}

struct AgeCase {
  Nanos d;
  const char* want;
};

TEST(HumanAgeTest, MatchesApimachineryHumanDuration) {
  // Every case of apimachinery's duration_test.go (TestHumanDuration and
  // TestHumanDurationBoundaries), one or more per branch.
  const AgeCase cases[] = {
      {kSecond, "1s"},
      {70 * kSecond, "70s"},
      {190 * kSecond, "3m10s"},
      {70 * kMinute, "70m"},
      {47 * kHour, "47h"},
      {49 * kHour, "2d1h"},
      {(8 * 24 + 2) * kHour, "8d"},
      {367 * 24 * kHour, "367d"},
      {(365 * 2 * 24 + 25) * kHour, "2y1d"},
      {(365 * 8 * 24 + 2) * kHour, "8y"},
      {-2 * kSecond, "<invalid>"},
      {-2 * kSecond + 1, "0s"},
      {0, "0s"},
      {kSecond - kMillisecond, "0s"},
      {2 * kMinute - kMillisecond, "119s"},
      {2 * kMinute, "2m"},
      {2 * kMinute + kSecond, "2m1s"},
      {10 * kMinute - kMillisecond, "9m59s"},
      {10 * kMinute, "10m"},
      {10 * kMinute + kSecond, "10m"},
      {3 * kHour - kMillisecond, "179m"},
      {3 * kHour, "3h"},
      {3 * kHour + kMinute, "3h1m"},
      {8 * kHour - kMillisecond, "7h59m"},
      {8 * kHour, "8h"},
      {8 * kHour + 59 * kMinute, "8h"},
      {2 * kDay - kMillisecond, "47h"},
      {2 * kDay, "2d"},
      {2 * kDay + kHour, "2d1h"},
      {8 * kDay - kMillisecond, "7d23h"},
      {8 * kDay, "8d"},
      {8 * kDay + 23 * kHour, "8d"},
      {2 * 365 * kDay - kMillisecond, "729d"},
      {2 * 365 * kDay, "2y"},
      {2 * 365 * kDay + 23 * kHour, "2y"},
      {2 * 365 * kDay + 23 * kHour + 59 * kMinute, "2y"},
      {2 * 365 * kDay + kDay - kMillisecond, "2y"},
      {2 * 365 * kDay + kDay, "2y1d"},
      {3 * 365 * kDay, "3y"},
      {4 * 365 * kDay, "4y"},
      {5 * 365 * kDay, "5y"},
      {6 * 365 * kDay, "6y"},
      {7 * 365 * kDay, "7y"},
      {8 * 365 * kDay - kMillisecond, "7y364d"},
      {8 * 365 * kDay, "8y"},
      {8 * 365 * kDay + 364 * kDay, "8y"},
      {9 * 365 * kDay, "9y"},
  };
  for (const AgeCase& c : cases) {
    EXPECT_EQ(HumanAge(c.d), c.want) << FormatDuration(c.d);
  }
}

TEST(HumanAgeTest, MoreBranchValues) {
  EXPECT_EQ(HumanAge(-kSecond), "0s");
  EXPECT_EQ(HumanAge(-1999 * kMillisecond), "0s");
  EXPECT_EQ(HumanAge(-kHour), "<invalid>");
  EXPECT_EQ(HumanAge(kMinNanos), "<invalid>");
  EXPECT_EQ(HumanAge(5 * kSecond), "5s");
  EXPECT_EQ(HumanAge(5 * kMinute), "5m");
  EXPECT_EQ(HumanAge(36 * kMinute), "36m");
  EXPECT_EQ(HumanAge(4 * kHour), "4h");
  EXPECT_EQ(HumanAge(5 * kHour + 30 * kMinute), "5h30m");
  EXPECT_EQ(HumanAge(20 * kHour), "20h");
  EXPECT_EQ(HumanAge(3 * kDay), "3d");
  EXPECT_EQ(HumanAge(3 * kDay + 5 * kHour), "3d5h");
  EXPECT_EQ(HumanAge(100 * kDay), "100d");
  EXPECT_EQ(HumanAge(3 * 365 * kDay + 100 * kDay), "3y100d");
  EXPECT_EQ(HumanAge(kMaxNanos), "292y");
}

TEST(CivilTest, KnownDates) {
  EXPECT_EQ(DaysFromCivil(1970, 1, 1), 0);
  EXPECT_EQ(DaysFromCivil(1969, 12, 31), -1);
  EXPECT_EQ(DaysFromCivil(2000, 3, 1), 11017);
  EXPECT_EQ(DaysFromCivil(2026, 1, 1), 20454);
  EXPECT_EQ(DaysFromCivil(0, 3, 1), -719468);
  CivilDate d = CivilFromDays(11016);
  EXPECT_EQ(d.year, 2000);
  EXPECT_EQ(d.month, 2);
  EXPECT_EQ(d.day, 29);
}

TEST(CivilTest, RoundTripsAndAdvancesOneDayAtATime) {
  // From 1600-01-01 to 2400-12-31: covers the 400/100/4-year leap rules both sides of 1970.
  std::int64_t first = DaysFromCivil(1600, 1, 1);
  std::int64_t last = DaysFromCivil(2400, 12, 31);
  CivilDate prev = CivilFromDays(first - 1);
  EXPECT_EQ(prev.year, 1599);
  EXPECT_EQ(prev.month, 12);
  EXPECT_EQ(prev.day, 31);
  for (std::int64_t days = first; days <= last; ++days) {
    CivilDate d = CivilFromDays(days);
    ASSERT_EQ(DaysFromCivil(d.year, d.month, d.day), days);
    bool next_day = d.year == prev.year && d.month == prev.month && d.day == prev.day + 1;
    bool next_month = d.year == prev.year && d.month == prev.month + 1 && d.day == 1;
    bool next_year = d.year == prev.year + 1 && d.month == 1 && d.day == 1 && prev.month == 12;
    ASSERT_TRUE(next_day || next_month || next_year) << days;
    if (next_month || next_year) {
      bool leap = (prev.year % 4 == 0 && prev.year % 100 != 0) || prev.year % 400 == 0;
      const int lengths[] = {31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
      ASSERT_EQ(prev.day, lengths[prev.month - 1]) << prev.year << "-" << prev.month;
    }
    prev = d;
  }
}

TEST(Rfc3339Test, Formats) {
  EXPECT_EQ(FormatRfc3339(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatRfc3339(1767225600), "2026-01-01T00:00:00Z");
  EXPECT_EQ(FormatRfc3339(951782400), "2000-02-29T00:00:00Z");
  EXPECT_EQ(FormatRfc3339(1767225600 + 36 * 60 + 5), "2026-01-01T00:36:05Z");
  EXPECT_EQ(FormatRfc3339(-1), "1969-12-31T23:59:59Z");
  EXPECT_EQ(FormatRfc3339(4102444799), "2099-12-31T23:59:59Z");
  EXPECT_EQ(FormatRfc3339Micro(1767225600 * kSecond), "2026-01-01T00:00:00.000000Z");
  EXPECT_EQ(FormatRfc3339Micro(1767225600 * kSecond + 1234567), "2026-01-01T00:00:00.001234Z");
  EXPECT_EQ(FormatRfc3339Micro(1767225600 * kSecond + 999999999), "2026-01-01T00:00:00.999999Z");
  EXPECT_EQ(FormatRfc3339Micro(-1), "1969-12-31T23:59:59.999999Z");
  EXPECT_EQ(FormatRfc3339Micro(0), "1970-01-01T00:00:00.000000Z");
}

Nanos MustParseTime(std::string_view s) {
  auto r = ParseRfc3339(s);
  EXPECT_TRUE(r.ok()) << s << ": " << r.status().ToString();
  return r.ok() ? *r : -1;
}

TEST(Rfc3339Test, Parses) {
  constexpr Nanos k2026 = 1767225600 * kSecond;
  EXPECT_EQ(MustParseTime("2026-01-01T00:00:00Z"), k2026);
  EXPECT_EQ(MustParseTime("2026-01-01t00:00:00z"), k2026);
  EXPECT_EQ(MustParseTime("2026-01-01T08:00:00+08:00"), k2026);
  EXPECT_EQ(MustParseTime("2025-12-31T19:30:00-04:30"), k2026);
  EXPECT_EQ(MustParseTime("2026-01-01T00:00:00+00:00"), k2026);
  EXPECT_EQ(MustParseTime("2026-01-01T00:00:00.5Z"), k2026 + 500 * kMillisecond);
  EXPECT_EQ(MustParseTime("2026-01-01T00:00:00.000001Z"), k2026 + kMicrosecond);
  EXPECT_EQ(MustParseTime("2026-01-01T00:00:00.123456789Z"), k2026 + 123456789);
  EXPECT_EQ(MustParseTime("2026-01-01T00:00:00.1234567899Z"), k2026 + 123456789);
  EXPECT_EQ(MustParseTime("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(MustParseTime("1969-12-31T23:59:59.999999999Z"), -1);
  EXPECT_EQ(MustParseTime("2000-02-29T12:00:00Z"), (951782400 + 12 * 3600) * kSecond);
  EXPECT_EQ(MustParseTime("2262-04-11T23:47:16.854775807Z"), kMaxNanos);
}

TEST(Rfc3339Test, RoundTrips) {
  for (Nanos t : {Nanos{0}, Nanos{-kSecond}, 1767225600 * kSecond + 123456 * kMicrosecond,
                  Nanos{951782400} * kSecond, Nanos{4102444799} * kSecond}) {
    EXPECT_EQ(MustParseTime(FormatRfc3339Micro(t)), t);
  }
}

TEST(Rfc3339Test, RejectsWithPreciseMessages) {
  const std::pair<const char*, const char*> cases[] = {
      {"", "expected RFC 3339 such as 2026-01-01T00:00:00Z"},
      {"2026-01-01", "expected RFC 3339 such as 2026-01-01T00:00:00Z"},
      {"2026-01-01 00:00:00Z", "expected RFC 3339 such as 2026-01-01T00:00:00Z"},
      {"2026-01-01T00:00:00", "expected RFC 3339 such as 2026-01-01T00:00:00Z"},
      {"2026-01-01T00:00:00.Z", "expected RFC 3339 such as 2026-01-01T00:00:00Z"},
      {"2026-01-01T00:00:00+0800", "expected RFC 3339 such as 2026-01-01T00:00:00Z"},
      {"2026-01-01T00:00:00Zjunk", "expected RFC 3339 such as 2026-01-01T00:00:00Z"},
      {"26-01-01T00:00:00Z", "expected RFC 3339 such as 2026-01-01T00:00:00Z"},
      {"2026-1-01T00:00:00Z", "expected RFC 3339 such as 2026-01-01T00:00:00Z"},
      {"2026-13-01T00:00:00Z", "month out of range"},
      {"2026-00-01T00:00:00Z", "month out of range"},
      {"2026-02-29T00:00:00Z", "day out of range"},
      {"2100-02-29T00:00:00Z", "day out of range"},
      {"2026-04-31T00:00:00Z", "day out of range"},
      {"2026-01-00T00:00:00Z", "day out of range"},
      {"2026-01-01T24:00:00Z", "hour out of range"},
      {"2026-01-01T00:60:00Z", "minute out of range"},
      {"2026-01-01T00:00:60Z", "second out of range"},
      {"2026-01-01T00:00:00+24:00", "time zone offset hour out of range"},
      {"2026-01-01T00:00:00+01:60", "time zone offset minute out of range"},
      {"2263-01-01T00:00:00Z", "outside the representable range (years 1678 to 2262)"},
      {"1600-01-01T00:00:00Z", "outside the representable range (years 1678 to 2262)"},
  };
  for (const auto& [input, why] : cases) {
    auto r = ParseRfc3339(input);
    ASSERT_FALSE(r.ok()) << input;
    EXPECT_EQ(r.status().code(), Status::Code::kInvalidArgument);
    EXPECT_EQ(r.status().message(), fmt::format("invalid timestamp \"{}\": {}", input, why));
  }
  EXPECT_TRUE(ParseRfc3339("2024-02-29T00:00:00Z").ok());
  EXPECT_TRUE(ParseRfc3339("2000-02-29T00:00:00Z").ok());
}

}  // namespace
}  // namespace snapsim::engine
