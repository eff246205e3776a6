#include "sim/engine/time.h"

#include <fmt/format.h>

#include <cstdint>
#include <limits>

namespace snapsim::engine {
namespace {

__extension__ typedef unsigned __int128 Uint128;

constexpr std::int64_t kSecondsPerDay = 86400;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

Status InvalidDuration(std::string_view s) {
  return Status::InvalidArgument(fmt::format(
      "invalid duration \"{}\": expected a number and a unit (ns, us, ms, s, m, h, d), e.g. 90s "
      "or 1h30m",
      s));
}

// The length of one unit, or 0 for an unknown unit.
Nanos UnitLength(std::string_view unit) {
  if (unit == "ns") return kNanosecond;
  if (unit == "us" || unit == "\u00b5s" || unit == "\u03bcs") return kMicrosecond;
  if (unit == "ms") return kMillisecond;
  if (unit == "s") return kSecond;
  if (unit == "m") return kMinute;
  if (unit == "h") return kHour;
  if (unit == "d") return kDay;
  return 0;
}

// Writes the decimal digits of v right-aligned ending before buf[w]; returns the new start.
int PutInt(char* buf, int w, std::uint64_t v) {
  do {
    buf[--w] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v > 0);
  return w;
}

// Writes the fraction v / 10^prec (without trailing zeros, and without the point when
// it is zero) right-aligned before buf[w]; stores v / 10^prec in *rest.
int PutFraction(char* buf, int w, std::uint64_t v, int prec, std::uint64_t* rest) {
  bool print = false;
  for (int i = 0; i < prec; ++i) {
    int digit = static_cast<int>(v % 10);
    print = print || digit != 0;
    if (print) buf[--w] = static_cast<char>('0' + digit);
    v /= 10;
  }
  if (print) buf[--w] = '.';
  *rest = v;
  return w;
}

// Floor division for possibly negative numerators.
std::int64_t FloorDiv(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

int DaysInMonth(std::int64_t year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2) {
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return leap ? 29 : 28;
  }
  return kDays[month - 1];
}

// "YYYY-MM-DDTHH:MM:SS" of a count of seconds since the epoch.
std::string FormatDateTime(std::int64_t unix_seconds) {
  std::int64_t days = FloorDiv(unix_seconds, kSecondsPerDay);
  std::int64_t secs = unix_seconds - days * kSecondsPerDay;
  CivilDate date = CivilFromDays(days);
  if (date.year < 0 || date.year > 9999) {
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", date.year, date.month, date.day, secs / 3600,
                       secs / 60 % 60, secs % 60);
  }
  // Hot (every object's timestamps, every ECS describe): digits by hand, not fmt.
  char out[19] = {'0', '0', '0', '0', '-', '0', '0', '-', '0', '0', 'T', '0', '0', ':', '0', '0', ':', '0', '0'};
  auto put = [&out](int pos, int width, std::int64_t v) {
    for (int i = pos + width - 1; i >= pos; --i, v /= 10) out[i] = static_cast<char>('0' + v % 10);
  };
  put(0, 4, date.year);
  put(5, 2, date.month);
  put(8, 2, date.day);
  put(11, 2, secs / 3600);
  put(14, 2, secs / 60 % 60);
  put(17, 2, secs % 60);
  return std::string(out, sizeof out);
}

// A cursor over an RFC 3339 timestamp.
class TimestampParser {
 public:
  explicit TimestampParser(std::string_view s) : s_(s) {}

  bool AtEnd() const { return pos_ == s_.size(); }
  bool Peek(char c) const { return pos_ < s_.size() && s_[pos_] == c; }
  bool Consume(char c) {
    if (!Peek(c)) return false;
    ++pos_;
    return true;
  }
  bool ConsumeEither(char a, char b) { return Consume(a) || Consume(b); }
  // Reads exactly n digits.
  bool Digits(int n, int* out) {
    int v = 0;
    for (int i = 0; i < n; ++i) {
      if (pos_ >= s_.size() || !IsDigit(s_[pos_])) return false;
      v = v * 10 + (s_[pos_++] - '0');
    }
    *out = v;
    return true;
  }
  // Reads one or more digits as a fraction of a second, in nanoseconds (truncated).
  bool Fraction(Nanos* out) {
    Nanos v = 0;
    int n = 0;
    while (pos_ < s_.size() && IsDigit(s_[pos_])) {
      if (n < 9) v = v * 10 + (s_[pos_] - '0');
      ++n;
      ++pos_;
    }
    for (int i = n; i < 9; ++i) v *= 10;
    *out = v;
    return n > 0;
  }

 private:
  std::string_view s_;
  std::size_t pos_ = 0;
};

}  // namespace

Result<Nanos> ParseDuration(std::string_view s) {
  if (s == "0") return Nanos{0};
  if (s.empty()) return InvalidDuration(s);
  constexpr Uint128 kMax = static_cast<Uint128>(std::numeric_limits<Nanos>::max());
  Uint128 total = 0;
  bool overflow = false;
  std::size_t i = 0;
  while (i < s.size()) {
    // The number: digits, optionally a point and more digits; at least one digit.
    std::uint64_t whole = 0;
    bool has_whole = false;
    while (i < s.size() && IsDigit(s[i])) {
      unsigned digit = static_cast<unsigned>(s[i] - '0');
      if (whole > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) overflow = true;
      whole = whole * 10 + digit;
      has_whole = true;
      ++i;
    }
    std::uint64_t frac = 0;
    std::uint64_t scale = 1;
    bool has_frac = false;
    if (i < s.size() && s[i] == '.') {
      ++i;
      int kept = 0;
      while (i < s.size() && IsDigit(s[i])) {
        if (kept < 19) {  // 10^19 still fits in 64 bits; later digits are below 1ns
          frac = frac * 10 + static_cast<unsigned>(s[i] - '0');
          scale *= 10;
          ++kept;
        }
        has_frac = true;
        ++i;
      }
    }
    if (!has_whole && !has_frac) return InvalidDuration(s);
    // The unit: everything up to the next digit or point.
    std::size_t unit_start = i;
    while (i < s.size() && !IsDigit(s[i]) && s[i] != '.') ++i;
    Nanos unit = UnitLength(s.substr(unit_start, i - unit_start));
    if (unit == 0) return InvalidDuration(s);
    if (overflow) continue;  // keep checking the syntax of the rest
    Uint128 part = static_cast<Uint128>(whole) * static_cast<std::uint64_t>(unit) +
                   static_cast<Uint128>(frac) * static_cast<std::uint64_t>(unit) / scale;
    total += part;
    if (total > kMax) overflow = true;
  }
  if (overflow) {
    return Status::InvalidArgument(fmt::format("invalid duration \"{}\": out of range", s));
  }
  return static_cast<Nanos>(total);
}

std::string FormatDuration(Nanos d) {
  char buf[32];
  int w = sizeof(buf);
  std::uint64_t u = static_cast<std::uint64_t>(d);
  bool negative = d < 0;
  if (negative) u = ~u + 1;  // two's complement magnitude; safe for the minimum value
  if (u < static_cast<std::uint64_t>(kSecond)) {
    if (u == 0) return "0s";
    int prec;
    buf[--w] = 's';
    if (u < static_cast<std::uint64_t>(kMicrosecond)) {
      prec = 0;
      buf[--w] = 'n';
    } else if (u < static_cast<std::uint64_t>(kMillisecond)) {
      prec = 3;
      buf[--w] = '\xb5';  // U+00B5 MICRO SIGN, as Go prints it
      buf[--w] = '\xc2';
    } else {
      prec = 6;
      buf[--w] = 'm';
    }
    w = PutFraction(buf, w, u, prec, &u);
    w = PutInt(buf, w, u);
  } else {
    buf[--w] = 's';
    w = PutFraction(buf, w, u, 9, &u);
    w = PutInt(buf, w, u % 60);  // whole seconds
    u /= 60;
    if (u > 0) {
      buf[--w] = 'm';
      w = PutInt(buf, w, u % 60);
      u /= 60;
      if (u > 0) {  // hours; Go stops here because days vary in length
        buf[--w] = 'h';
        w = PutInt(buf, w, u);
      }
    }
  }
  if (negative) buf[--w] = '-';
  return std::string(buf + w, sizeof(buf) - w);
}

std::string HumanAge(Nanos d) {
  // Up to 2s in the future is tolerated as clock skew and shown as "0s".
  std::int64_t seconds = d / kSecond;
  if (seconds < -1) return "<invalid>";
  if (seconds < 0) return "0s";
  if (seconds < 120) return fmt::format("{}s", seconds);
  std::int64_t minutes = d / kMinute;
  if (minutes < 10) {
    std::int64_t s = seconds % 60;
    return s == 0 ? fmt::format("{}m", minutes) : fmt::format("{}m{}s", minutes, s);
  }
  if (minutes < 180) return fmt::format("{}m", minutes);
  std::int64_t hours = d / kHour;
  if (hours < 8) {
    std::int64_t m = minutes % 60;
    return m == 0 ? fmt::format("{}h", hours) : fmt::format("{}h{}m", hours, m);
  }
  if (hours < 48) return fmt::format("{}h", hours);
  std::int64_t days = hours / 24;
  if (hours < 24 * 8) {
    std::int64_t h = hours % 24;
    return h == 0 ? fmt::format("{}d", days) : fmt::format("{}d{}h", days, h);
  }
  if (hours < 24 * 365 * 2) return fmt::format("{}d", days);
  std::int64_t years = days / 365;
  if (hours < 24 * 365 * 8) {
    std::int64_t dy = days % 365;
    return dy == 0 ? fmt::format("{}y", years) : fmt::format("{}y{}d", years, dy);
  }
  return fmt::format("{}y", years);
}

std::int64_t DaysFromCivil(std::int64_t year, int month, int day) {
  // Count in years that start on March 1st, so that the leap day ends a year.
  std::int64_t y = month <= 2 ? year - 1 : year;
  std::int64_t era = FloorDiv(y, 400);
  std::int64_t year_of_era = y - era * 400;                               // [0, 399]
  std::int64_t month_from_march = (month + 9) % 12;                       // March = 0
  std::int64_t day_of_year = (153 * month_from_march + 2) / 5 + day - 1;  // [0, 365]
  std::int64_t day_of_era =
      year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;  // [0, 146096]
  return era * 146097 + day_of_era - 719468;  // 719468 = days from 0000-03-01 to 1970-01-01
}

CivilDate CivilFromDays(std::int64_t days) {
  std::int64_t z = days + 719468;
  std::int64_t era = FloorDiv(z, 146097);
  std::int64_t day_of_era = z - era * 146097;  // [0, 146096]
  std::int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  std::int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  std::int64_t month_from_march = (5 * day_of_year + 2) / 153;
  int day = static_cast<int>(day_of_year - (153 * month_from_march + 2) / 5 + 1);
  int month = static_cast<int>(month_from_march < 10 ? month_from_march + 3 : month_from_march - 9);
  std::int64_t year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
  return CivilDate{year, month, day};
}

std::string FormatRfc3339(std::int64_t unix_seconds) { return FormatDateTime(unix_seconds) + "Z"; }

std::string FormatRfc3339Micro(Nanos unix_nanos) {
  std::int64_t seconds = FloorDiv(unix_nanos, kSecond);
  std::int64_t micros = (unix_nanos - seconds * kSecond) / kMicrosecond;
  return fmt::format("{}.{:06}Z", FormatDateTime(seconds), micros);
}

Result<Nanos> ParseRfc3339(std::string_view s) {
  auto invalid = [&](std::string_view why) {
    return Status::InvalidArgument(fmt::format("invalid timestamp \"{}\": {}", s, why));
  };
  constexpr std::string_view kExpected = "expected RFC 3339 such as 2026-01-01T00:00:00Z";
  TimestampParser p(s);
  int year, month, day, hour, minute, second;
  if (!p.Digits(4, &year) || !p.Consume('-') || !p.Digits(2, &month) || !p.Consume('-') ||
      !p.Digits(2, &day) || !p.ConsumeEither('T', 't') || !p.Digits(2, &hour) || !p.Consume(':') ||
      !p.Digits(2, &minute) || !p.Consume(':') || !p.Digits(2, &second)) {
    return invalid(kExpected);
  }
  Nanos frac = 0;
  if (p.Consume('.') && !p.Fraction(&frac)) return invalid(kExpected);
  std::int64_t offset = 0;  // seconds east of UTC
  if (!p.ConsumeEither('Z', 'z')) {
    bool negative = p.Peek('-');
    if (!p.ConsumeEither('+', '-')) return invalid(kExpected);
    int oh, om;
    if (!p.Digits(2, &oh) || !p.Consume(':') || !p.Digits(2, &om)) return invalid(kExpected);
    if (oh > 23) return invalid("time zone offset hour out of range");
    if (om > 59) return invalid("time zone offset minute out of range");
    offset = (negative ? -1 : 1) * (oh * 3600 + om * 60);
  }
  if (!p.AtEnd()) return invalid(kExpected);
  if (month < 1 || month > 12) return invalid("month out of range");
  if (day < 1 || day > DaysInMonth(year, month)) return invalid("day out of range");
  if (hour > 23) return invalid("hour out of range");
  if (minute > 59) return invalid("minute out of range");
  if (second > 59) return invalid("second out of range");
  std::int64_t secs = DaysFromCivil(year, month, day) * kSecondsPerDay + hour * 3600 + minute * 60 +
                      second - offset;
  constexpr std::int64_t kMaxSeconds = std::numeric_limits<Nanos>::max() / kSecond;
  constexpr std::int64_t kMinSeconds = std::numeric_limits<Nanos>::min() / kSecond;
  if (secs > kMaxSeconds || secs < kMinSeconds ||
      (secs == kMaxSeconds && frac > std::numeric_limits<Nanos>::max() % kSecond)) {
    return invalid("outside the representable range (years 1678 to 2262)");
  }
  return secs * kSecond + frac;
}

}  // namespace snapsim::engine
