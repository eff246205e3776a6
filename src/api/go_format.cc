#include "src/api/go_format.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>

#include "src/api/json.h"

namespace snapsim::api {
namespace {

constexpr char32_t kRuneError = 0xFFFD;
constexpr char kLowerHex[] = "0123456789abcdef";

bool InRange(char32_t r, char32_t lo, char32_t hi) { return r >= lo && r <= hi; }

void AppendGoValue(std::string& out, const api::Value& v) {
  switch (v.type()) {
    case api::Value::Type::kNull:
      out += "<nil>";
      break;
    case api::Value::Type::kBool:
      out += v.as_bool() ? "true" : "false";
      break;
    case api::Value::Type::kInt:
      out += fmt::format("{}", v.as_int());
      break;
    case api::Value::Type::kDouble:
      out += GoFloat(v.as_double());
      break;
    case api::Value::Type::kString:
      out += v.as_string();
      break;
    case api::Value::Type::kArray: {
      out += '[';
      bool first = true;
      for (const api::Value& e : v.as_array()) {
        if (!first) out += ' ';
        first = false;
        AppendGoValue(out, e);
      }
      out += ']';
      break;
    }
    case api::Value::Type::kObject: {
      out += "map[";
      bool first = true;
      for (const auto& [k, e] : v.as_object()) {
        if (!first) out += ' ';
        first = false;
        out += k;
        out += ':';
        AppendGoValue(out, e);
      }
      out += ']';
      break;
    }
  }
}

void AppendGoSyntax(std::string& out, const api::Value& v, bool nested) {
  switch (v.type()) {
    case api::Value::Type::kNull:
      out += nested ? "interface {}(nil)" : "<nil>";
      break;
    case api::Value::Type::kBool:
      out += v.as_bool() ? "true" : "false";
      break;
    case api::Value::Type::kInt:
      out += fmt::format("{}", v.as_int());
      break;
    case api::Value::Type::kDouble:
      out += GoFloat(v.as_double());
      break;
    case api::Value::Type::kString:
      out += GoQuote(v.as_string());
      break;
    case api::Value::Type::kArray: {
      out += "[]interface {}{";
      bool first = true;
      for (const api::Value& e : v.as_array()) {
        if (!first) out += ", ";
        first = false;
        AppendGoSyntax(out, e, true);
      }
      out += '}';
      break;
    }
    case api::Value::Type::kObject: {
      out += "map[string]interface {}{";
      bool first = true;
      for (const auto& [k, e] : v.as_object()) {
        if (!first) out += ", ";
        first = false;
        out += GoQuote(k);
        out += ':';
        AppendGoSyntax(out, e, true);
      }
      out += '}';
      break;
    }
  }
}

}  // namespace

std::string GoFloat(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "+Inf" : "-Inf";
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof(buf), d, std::chars_format::scientific);
  std::string_view s(buf, static_cast<std::size_t>(res.ptr - buf));
  bool neg = false;
  if (!s.empty() && s.front() == '-') {
    neg = true;
    s.remove_prefix(1);
  }
  std::size_t e = s.find('e');
  std::string digits;
  for (char c : s.substr(0, e)) {
    if (c != '.') digits += c;
  }
  std::string_view exp_text = s.substr(e + 1);
  bool exp_neg = !exp_text.empty() && exp_text.front() == '-';
  if (!exp_text.empty() && (exp_text.front() == '-' || exp_text.front() == '+')) {
    exp_text.remove_prefix(1);
  }
  int exp10 = 0;
  std::from_chars(exp_text.data(), exp_text.data() + exp_text.size(), exp10);
  if (exp_neg) exp10 = -exp10;
  // Go's decimal form: digits d[0..nd) with the decimal point after dp digits.
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  int nd = static_cast<int>(digits.size());
  int dp = exp10 + 1;
  if (digits == "0") {
    nd = 0;
    dp = 0;
  }
  std::string out = neg ? "-" : "";
  int x = dp - 1;
  if (x < -4 || x >= 6) {  // %e with the shortest digits
    out += nd == 0 ? '0' : digits[0];
    if (nd > 1) {
      out += '.';
      out.append(digits, 1, std::string::npos);
    }
    int shown = nd == 0 ? 0 : x;
    out += 'e';
    out += shown < 0 ? '-' : '+';
    int a = std::abs(shown);
    if (a < 10) out += '0';
    out += fmt::format("{}", a);
    return out;
  }
  // %f with max(nd-dp, 0) fraction digits.
  if (dp > 0) {
    for (int i = 0; i < dp; ++i) out += i < nd ? digits[static_cast<std::size_t>(i)] : '0';
  } else {
    out += '0';
  }
  int prec = nd - dp > 0 ? nd - dp : 0;
  if (prec > 0) {
    out += '.';
    for (int i = 0; i < prec; ++i) {
      int j = dp + i;
      out += (j >= 0 && j < nd) ? digits[static_cast<std::size_t>(j)] : '0';
    }
  }
  return out;
}

std::string GoValue(const api::Value& v) {
  std::string out;
  AppendGoValue(out, v);
  return out;
}

std::string GoSyntax(const api::Value& v) {
  std::string out;
  AppendGoSyntax(out, v, false);
  return out;
}

std::string GoQuote(std::string_view s) {
  std::string out = "\"";
  out.reserve(s.size() + 2);
  std::size_t i = 0;
  while (i < s.size()) {
    // A run of printable ASCII other than '"' and '\\' is copied as it is.
    std::size_t run = i;
    while (run < s.size() && s[run] >= ' ' && s[run] < 0x7F && s[run] != '"' && s[run] != '\\') ++run;
    if (run > i) {
      out.append(s, i, run - i);
      i = run;
      continue;
    }
    std::size_t width = 1;
    char32_t r = DecodeRune(s, i, &width);
    if (width == 1 && r == kRuneError) {
      auto b = static_cast<unsigned char>(s[i]);
      out += "\\x";
      out += kLowerHex[b >> 4];
      out += kLowerHex[b & 0xF];
      i += width;
      continue;
    }
    i += width;
    if (r == '"' || r == '\\') {
      out += '\\';
      out += static_cast<char>(r);
      continue;
    }
    if (IsPrintRune(r)) {
      AppendRune(out, r);
      continue;
    }
    switch (r) {
      case '\a':
        out += "\\a";
        continue;
      case '\b':
        out += "\\b";
        continue;
      case '\f':
        out += "\\f";
        continue;
      case '\n':
        out += "\\n";
        continue;
      case '\r':
        out += "\\r";
        continue;
      case '\t':
        out += "\\t";
        continue;
      case '\v':
        out += "\\v";
        continue;
      default:
        break;
    }
    if (r < ' ' || r == 0x7F) {
      out += "\\x";
      out += kLowerHex[(r >> 4) & 0xF];
      out += kLowerHex[r & 0xF];
    } else if (r < 0x10000) {
      out += fmt::format("\\u{:04x}", static_cast<std::uint32_t>(r));
    } else {
      out += fmt::format("\\U{:08x}", static_cast<std::uint32_t>(r));
    }
  }
  out += '"';
  return out;
}

std::string GoUnicode(char32_t r) {
  std::string out = fmt::format("U+{:04X}", static_cast<std::uint32_t>(r));
  if (IsPrintRune(r)) {
    out += " '";
    AppendRune(out, r);
    out += '\'';
  }
  return out;
}

std::string JsonpathText(const api::Value& v) {
  switch (v.type()) {
    case api::Value::Type::kNull:
      return "null";
    case api::Value::Type::kArray:
    case api::Value::Type::kObject:
      return api::ToJson(v, api::JsonStyle{"", true});
    default:
      return GoValue(v);
  }
}

char32_t DecodeRune(std::string_view s, std::size_t pos, std::size_t* width) {
  auto b = [&](std::size_t i) { return static_cast<unsigned char>(s[pos + i]); };
  std::size_t n = s.size() - pos;
  unsigned char c0 = b(0);
  *width = 1;
  if (c0 < 0x80) return c0;
  auto cont = [&](std::size_t i) { return i < n && (b(i) & 0xC0) == 0x80; };
  if (c0 >= 0xC2 && c0 <= 0xDF && cont(1)) {
    *width = 2;
    return (static_cast<char32_t>(c0 & 0x1F) << 6) | (b(1) & 0x3F);
  }
  if (c0 >= 0xE0 && c0 <= 0xEF && cont(1) && cont(2)) {
    char32_t r = (static_cast<char32_t>(c0 & 0x0F) << 12) |
                 (static_cast<char32_t>(b(1) & 0x3F) << 6) | (b(2) & 0x3F);
    if (r < 0x800 || InRange(r, 0xD800, 0xDFFF)) return kRuneError;
    *width = 3;
    return r;
  }
  if (c0 >= 0xF0 && c0 <= 0xF4 && cont(1) && cont(2) && cont(3)) {
    char32_t r = (static_cast<char32_t>(c0 & 0x07) << 18) |
                 (static_cast<char32_t>(b(1) & 0x3F) << 12) |
                 (static_cast<char32_t>(b(2) & 0x3F) << 6) | (b(3) & 0x3F);
    if (r < 0x10000 || r > 0x10FFFF) return kRuneError;
    *width = 4;
    return r;
  }
  return kRuneError;
}

void AppendRune(std::string& out, char32_t r) {
  if (r > 0x10FFFF || InRange(r, 0xD800, 0xDFFF)) r = kRuneError;
  if (r < 0x80) {
    out += static_cast<char>(r);
  } else if (r < 0x800) {
    out += static_cast<char>(0xC0 | (r >> 6));
    out += static_cast<char>(0x80 | (r & 0x3F));
  } else if (r < 0x10000) {
    out += static_cast<char>(0xE0 | (r >> 12));
    out += static_cast<char>(0x80 | ((r >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (r & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (r >> 18));
    out += static_cast<char>(0x80 | ((r >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((r >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (r & 0x3F));
  }
}

bool IsAlphaNumericRune(char32_t r) {
  if (r < 0x80) {
    return r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9');
  }
  if (r < 0xC0) return r == 0xAA || r == 0xB5 || r == 0xBA;
  if (r == 0xD7 || r == 0xF7) return false;
  if (InRange(r, 0x2000, 0x2BFF) || InRange(r, 0x2E00, 0x2E7F) || InRange(r, 0x3000, 0x303F) ||
      InRange(r, 0xD800, 0xF8FF) || InRange(r, 0xFE30, 0xFE4F) || InRange(r, 0xFF00, 0xFF0F) ||
      InRange(r, 0xFF1A, 0xFF20) || InRange(r, 0xFF3B, 0xFF40) || InRange(r, 0xFF5B, 0xFF65) ||
      InRange(r, 0xFFF0, 0xFFFF) || InRange(r, 0x1F000, 0x1FAFF) || r >= 0xF0000) {
    return false;
  }
  return true;
}

bool IsPrintRune(char32_t r) {
  if (r < 0x20) return false;
  if (r < 0x7F) return true;
  if (r < 0xA1) return false;  // DEL, C1 controls, NO-BREAK SPACE
  if (r == 0xAD) return false;
  if (r == 0x1680 || InRange(r, 0x2000, 0x200F) || InRange(r, 0x2028, 0x202F) ||
      InRange(r, 0x205F, 0x206F) || r == 0x3000 || InRange(r, 0xD800, 0xF8FF) || r == 0xFEFF ||
      InRange(r, 0xFFF9, 0xFFFB) || r == 0xFFFE || r == 0xFFFF || r >= 0xF0000) {
    return false;
  }
  return true;
}

}  // namespace snapsim::api
