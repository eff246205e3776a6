#include "sim/kubectl/jsonpath_lex.h"

#include <charconv>
#include <system_error>
#include <utility>

#include "sim/kubectl/jsonpath_format.h"

namespace snapsim::kubectl::jsonpath_internal {
namespace {

bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

int Unhex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Go's strconv.UnquoteChar, appending the decoded character to `out`. Returns false on
// a syntax error.
bool UnquoteChar(std::string_view& s, char quote, std::string& out) {
  if (s.empty()) return false;
  char c = s[0];
  if (c == quote) return false;
  if (static_cast<unsigned char>(c) >= 0x80) {
    std::size_t width = 1;
    char32_t r = DecodeRune(s, 0, &width);
    AppendRune(out, r);
    s.remove_prefix(width);
    return true;
  }
  if (c != '\\') {
    out += c;
    s.remove_prefix(1);
    return true;
  }
  if (s.size() <= 1) return false;
  c = s[1];
  s.remove_prefix(2);
  switch (c) {
    case 'a':
      out += '\a';
      return true;
    case 'b':
      out += '\b';
      return true;
    case 'f':
      out += '\f';
      return true;
    case 'n':
      out += '\n';
      return true;
    case 'r':
      out += '\r';
      return true;
    case 't':
      out += '\t';
      return true;
    case 'v':
      out += '\v';
      return true;
    case '\\':
      out += '\\';
      return true;
    case '\'':
    case '"':
      if (c != quote) return false;
      out += c;
      return true;
    case 'x':
    case 'u':
    case 'U': {
      std::size_t n = c == 'x' ? 2 : (c == 'u' ? 4 : 8);
      if (s.size() < n) return false;
      char32_t v = 0;
      for (std::size_t j = 0; j < n; ++j) {
        int x = Unhex(s[j]);
        if (x < 0) return false;
        v = (v << 4) | static_cast<char32_t>(x);
      }
      s.remove_prefix(n);
      if (c == 'x') {  // a single byte, possibly not UTF-8
        out += static_cast<char>(v);
        return true;
      }
      if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return false;
      AppendRune(out, v);
      return true;
    }
    case '0':
    case '1':
    case '2':
    case '3':
    case '4':
    case '5':
    case '6':
    case '7': {
      int v = c - '0';
      if (s.size() < 2) return false;
      for (std::size_t j = 0; j < 2; ++j) {
        int x = s[j] - '0';
        if (x < 0 || x > 7) return false;
        v = (v << 3) | x;
      }
      s.remove_prefix(2);
      if (v > 255) return false;
      out += static_cast<char>(v);
      return true;
    }
    default:
      return false;
  }
}

bool IsOperatorChar(char c) { return c == '!' || c == '<' || c == '>' || c == '='; }

}  // namespace

// Go's strconv.Atoi: optional sign, at least one ASCII digit, within int64.
bool GoAtoi(std::string_view s, std::int64_t* out) {
  bool neg = false;
  if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
    neg = s.front() == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  std::string text = neg ? "-" + std::string(s) : std::string(s);
  std::int64_t v = 0;
  auto res = std::from_chars(text.data(), text.data() + text.size(), v);
  if (res.ec != std::errc() || res.ptr != text.data() + text.size()) return false;
  *out = v;
  return true;
}

// Go's strconv.ParseFloat for the inputs parseNumber can produce: sign, digits and dots.
bool GoParseFloat(std::string_view s, double* out) {
  bool neg = false;
  if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
    neg = s.front() == '-';
    s.remove_prefix(1);
  }
  if (s.empty() || s == ".") return false;
  double v = 0;
  auto res = std::from_chars(s.data(), s.data() + s.size(), v, std::chars_format::fixed);
  if (res.ec != std::errc() || res.ptr != s.data() + s.size()) return false;
  *out = neg ? -v : v;
  return true;
}

// client-go's UnquoteExtend: strconv.Unquote that also accepts single quotes.
bool UnquoteExtend(std::string_view s, std::string* out) {
  if (s.size() < 2) return false;
  char quote = s.front();
  if (quote != s.back()) return false;
  if (quote != '"' && quote != '\'') return false;
  s = s.substr(1, s.size() - 2);
  if (s.find('\\') == std::string_view::npos && s.find(quote) == std::string_view::npos) {
    *out = std::string(s);
    return true;
  }
  std::string buf;
  while (!s.empty()) {
    if (!UnquoteChar(s, quote, buf)) return false;
  }
  *out = std::move(buf);
  return true;
}

// Matches ^(-?\d*)(:-?\d*)?(:-?\d*)?$ and returns the three groups ("" when absent).
bool MatchSlice(std::string_view t, std::array<std::string_view, 3>* groups) {
  auto number_end = [&](std::size_t j) {
    if (j < t.size() && t[j] == '-') ++j;
    while (j < t.size() && IsAsciiDigit(t[j])) ++j;
    return j;
  };
  std::size_t i = number_end(0);
  (*groups)[0] = t.substr(0, i);
  for (std::size_t g = 1; g < 3; ++g) {
    if (i < t.size() && t[i] == ':') {
      std::size_t j = number_end(i + 1);
      (*groups)[g] = t.substr(i, j - i);
      i = j;
    } else {
      (*groups)[g] = std::string_view();
    }
  }
  return i == t.size();
}

// Matches ^([^!<>=]+)([!<>=]+)(.+?)$ (no newlines can occur here).
bool MatchComparison(std::string_view t, std::string_view* left, std::string_view* op,
                     std::string_view* right) {
  std::size_t i = 0;
  while (i < t.size() && !IsOperatorChar(t[i])) ++i;
  if (i == 0 || i == t.size()) return false;
  std::size_t j = i;
  while (j < t.size() && IsOperatorChar(t[j])) ++j;
  if (j == t.size()) {  // the operator run must leave at least one character
    if (j - i < 2) return false;
    --j;
  }
  *left = t.substr(0, i);
  *op = t.substr(i, j - i);
  *right = t.substr(j);
  return true;
}

}  // namespace snapsim::kubectl::jsonpath_internal
