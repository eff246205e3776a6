#include "src/api/quantity.h"

#include <array>
#include <cstdlib>

#include <fmt/format.h>

namespace snapsim::api {
namespace {

// Exact intermediate arithmetic; quantities overflow int64 only after scaling.
__extension__ using Int128 = __int128;

struct Suffix {
  std::string_view text;
  Quantity::Format format;
  int base;      // 2 or 10
  int exponent;  // power of base
};

constexpr std::array<Suffix, 14> kSuffixes = {{
    {"Ki", Quantity::Format::kBinarySI, 2, 10}, {"Mi", Quantity::Format::kBinarySI, 2, 20},
    {"Gi", Quantity::Format::kBinarySI, 2, 30}, {"Ti", Quantity::Format::kBinarySI, 2, 40},
    {"Pi", Quantity::Format::kBinarySI, 2, 50}, {"Ei", Quantity::Format::kBinarySI, 2, 60},
    {"n", Quantity::Format::kDecimalSI, 10, -9}, {"u", Quantity::Format::kDecimalSI, 10, -6},
    {"m", Quantity::Format::kDecimalSI, 10, -3}, {"k", Quantity::Format::kDecimalSI, 10, 3},
    {"M", Quantity::Format::kDecimalSI, 10, 6},  {"G", Quantity::Format::kDecimalSI, 10, 9},
    {"T", Quantity::Format::kDecimalSI, 10, 12}, {"P", Quantity::Format::kDecimalSI, 10, 15},
}};

// Multiplies with overflow detection.
bool MulOk(Int128 a, Int128 b, Int128& out) {
  out = a * b;
  return out < (static_cast<Int128>(1) << 100) && out > -(static_cast<Int128>(1) << 100);
}

Int128 Pow(int base, int exp) {
  Int128 r = 1;
  for (int i = 0; i < exp; ++i) r *= base;
  return r;
}

}  // namespace

Quantity Quantity::FromBytes(std::int64_t bytes, Format f) {
  Quantity q;
  q.milli_ = bytes * 1000;
  q.format_ = f;
  return q;
}

Result<Quantity> Quantity::Parse(std::string_view s) {
  auto fail = [] { return Status::InvalidArgument(std::string(kQuantityRegexMessage)); };
  if (s.empty()) return fail();
  std::size_t i = 0;
  bool negative = false;
  if (s[i] == '+' || s[i] == '-') {
    negative = s[i] == '-';
    ++i;
  }
  // Mantissa: digits with at most one dot.
  Int128 mantissa = 0;
  int frac_digits = 0;
  bool seen_dot = false, seen_digit = false;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c >= '0' && c <= '9') {
      seen_digit = true;
      if (mantissa > (static_cast<Int128>(1) << 90)) return fail();
      mantissa = mantissa * 10 + (c - '0');
      if (seen_dot) ++frac_digits;
    } else if (c == '.' && !seen_dot) {
      seen_dot = true;
    } else {
      break;
    }
  }
  if (!seen_digit) return fail();
  std::string_view rest = s.substr(i);
  Quantity q;
  int base = 10, exponent = 0;
  if (rest.empty()) {
    q.format_ = Format::kDecimalSI;
  } else if (rest[0] == 'e' || rest[0] == 'E') {
    q.format_ = Format::kDecimalExponent;
    char* end = nullptr;
    std::string exp_text(rest.substr(1));
    if (exp_text.empty()) return fail();
    long e = std::strtol(exp_text.c_str(), &end, 10);
    if (*end != '\0' || e > 30 || e < -30) return fail();
    exponent = static_cast<int>(e);
  } else {
    bool found = false;
    for (const Suffix& suf : kSuffixes) {
      if (rest == suf.text) {
        q.format_ = suf.format;
        base = suf.base;
        exponent = suf.exponent;
        found = true;
        break;
      }
    }
    if (!found) return fail();
  }
  // value_milli = mantissa * base^exponent * 1000 / 10^frac_digits, rounded up.
  Int128 num = mantissa * 1000;
  Int128 den = Pow(10, frac_digits);
  if (base == 2) {
    if (!MulOk(num, Pow(2, exponent), num)) return fail();
  } else if (exponent >= 0) {
    if (!MulOk(num, Pow(10, exponent), num)) return fail();
  } else {
    den *= Pow(10, -exponent);
  }
  Int128 milli = (num + den - 1) / den;
  if (milli > INT64_MAX) return fail();
  q.milli_ = static_cast<std::int64_t>(negative ? -milli : milli);
  return q;
}

std::int64_t Quantity::Value() const {
  if (milli_ >= 0) return (milli_ + 999) / 1000;
  return -((-milli_) / 1000);
}

std::string Quantity::ToString() const {
  if (milli_ == 0) return "0";
  std::int64_t abs = milli_ < 0 ? -milli_ : milli_;
  std::string sign = milli_ < 0 ? "-" : "";
  if (abs % 1000 != 0) {
    // Fractional: decimal SI with the largest exact sub-unit suffix.
    if (abs % 1 == 0 && abs % 1000 != 0) return sign + fmt::format("{}m", abs);
  }
  std::int64_t units = abs / 1000;
  if (format_ == Format::kBinarySI) {
    static constexpr std::array<std::string_view, 7> kBin = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
    int idx = 0;
    while (idx + 1 < static_cast<int>(kBin.size()) && units % 1024 == 0 && units >= 1024) {
      units /= 1024;
      ++idx;
    }
    // apimachinery prints small binary values below 1Ki in decimal form.
    return sign + fmt::format("{}{}", units, kBin[static_cast<std::size_t>(idx)]);
  }
  static constexpr std::array<std::string_view, 7> kDec = {"", "k", "M", "G", "T", "P", "E"};
  int idx = 0;
  while (idx + 1 < static_cast<int>(kDec.size()) && units % 1000 == 0 && units >= 1000) {
    units /= 1000;
    ++idx;
  }
  if (format_ == Format::kDecimalExponent) {
    return sign + (idx == 0 ? fmt::format("{}", units) : fmt::format("{}e{}", units, idx * 3));
  }
  return sign + fmt::format("{}{}", units, kDec[static_cast<std::size_t>(idx)]);
}

}  // namespace snapsim::api
