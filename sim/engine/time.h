// Virtual time: the Nanos unit, duration parsing/printing, kubectl ages, RFC 3339.
//
// Simulated time is a signed 64-bit count of nanoseconds (Nanos). What a scenario
// writes ("90s", "1h30m") goes through ParseDuration; what the simulator prints goes
// through the formatters below, each of which reproduces a real tool byte for byte:
//   FormatDuration  - Go's time.Duration.String()           ("1h30m0s", "1.5s", "0s")
//   HumanAge        - kubectl's AGE column (apimachinery duration.HumanDuration)
//   FormatRfc3339*  - metav1.Time / metav1.MicroTime as serialized in UTC
// Calendar arithmetic is done here by hand (proleptic Gregorian, UTC); nothing reads
// the environment (no TZ, no locale, no timegm/gmtime), so output is the same anywhere.
// All functions are pure and thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sim/engine/status.h"

namespace snapsim::engine {

using Nanos = std::int64_t;

inline constexpr Nanos kNanosecond = 1;
inline constexpr Nanos kMicrosecond = 1000 * kNanosecond;
inline constexpr Nanos kMillisecond = 1000 * kMicrosecond;
inline constexpr Nanos kSecond = 1000 * kMillisecond;
inline constexpr Nanos kMinute = 60 * kSecond;
inline constexpr Nanos kHour = 60 * kMinute;
inline constexpr Nanos kDay = 24 * kHour;

// Parses a scenario duration, Go style plus days: a sequence of decimal numbers, each
// with an optional fraction and a unit: ns, us (also µs/μs), ms, s, m, h, d. Examples:
// "90s", "1h30m", "1.5s", "500ms", "3d". "0" alone needs no unit. Fractions beyond
// nanosecond precision are truncated. Errors (InvalidArgument):
//   - negative values, signs, spaces, empty input, missing or unknown units:
//     invalid duration "<s>": expected a number and a unit (ns, us, ms, s, m, h, d),
//     e.g. 90s or 1h30m          <- one line in the message
//   - a value beyond the int64 range: invalid duration "<s>": out of range
Result<Nanos> ParseDuration(std::string_view s);

// Exactly Go's time.Duration.String(): "0s", "10ns", "1.5µs" (U+00B5), "500ms",
// "1.5s", "36m0s", "1h30m0s", "-2s". Never uses days.
std::string FormatDuration(Nanos d);

// Exactly kubectl's AGE column (k8s.io/apimachinery/pkg/util/duration.HumanDuration):
// "<invalid>" below -1s, "0s" for small negatives, then "119s", "9m59s", "179m",
// "7h59m", "47h", "7d23h", "729d", "7y364d", "8y".
std::string HumanAge(Nanos d);

// "2026-01-01T00:00:00Z": RFC 3339 in UTC with second precision (metav1.Time).
std::string FormatRfc3339(std::int64_t unix_seconds);

// "2026-01-01T00:00:00.000000Z": RFC 3339 in UTC with microseconds (metav1.MicroTime).
// Sub-microsecond digits are truncated toward the past.
std::string FormatRfc3339Micro(Nanos unix_nanos);

// Parses "YYYY-MM-DDTHH:MM:SS[.fraction](Z|+hh:mm|-hh:mm)" ('t' and 'z' accepted too)
// into nanoseconds since the Unix epoch. Validates every field (a day that does not
// exist in its month is an error); fractional digits beyond 9 are truncated. Instants
// outside the int64-nanosecond range (years 1678..2262) are rejected.
Result<Nanos> ParseRfc3339(std::string_view s);

// Days since 1970-01-01 of a proleptic Gregorian date. REQUIRES: 1 <= month <= 12.
std::int64_t DaysFromCivil(std::int64_t year, int month, int day);

struct CivilDate {
  std::int64_t year;
  int month;  // 1..12
  int day;    // 1..31
};
// The date that is `days` days after 1970-01-01 (negative: before).
CivilDate CivilFromDays(std::int64_t days);

}  // namespace snapsim::engine
