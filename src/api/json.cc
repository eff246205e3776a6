#include "src/api/json.h"

#include <charconv>
#include <cmath>
#include <cstdio>

#include <fmt/format.h>

namespace snapsim::api {
namespace {

class Parser {
 public:
  explicit Parser(std::string_view s) : s_(s) {}

  Result<Value> ParseDocument() {
    SkipSpace();
    Value v;
    SNAPSIM_RETURN_IF_ERROR(ParseValue(v, 0));
    SkipSpace();
    if (pos_ != s_.size()) return Error("unexpected trailing characters");
    return v;
  }

 private:
  Status Error(std::string_view what) const {
    int line = 1, col = 1;
    for (std::size_t i = 0; i < pos_ && i < s_.size(); ++i) {
      if (s_[i] == '\n') {
        ++line;
        col = 1;
      } else {
        ++col;
      }
    }
    return Status::InvalidArgument(fmt::format("invalid JSON at line {}, column {}: {}", line, col, what));
  }
  void SkipSpace() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r')) ++pos_;
  }
  bool Consume(std::string_view lit) {
    if (s_.substr(pos_, lit.size()) != lit) return false;
    pos_ += lit.size();
    return true;
  }

  Status ParseValue(Value& out, int depth) {
    if (depth > 512) return Error("nesting too deep");
    if (pos_ >= s_.size()) return Error("unexpected end of input");
    char c = s_[pos_];
    if (c == '{') return ParseObject(out, depth);
    if (c == '[') return ParseArray(out, depth);
    if (c == '"') {
      std::string str;
      SNAPSIM_RETURN_IF_ERROR(ParseString(str));
      out = Value(std::move(str));
      return Status::Ok();
    }
    if (Consume("true")) { out = Value(true); return Status::Ok(); }
    if (Consume("false")) { out = Value(false); return Status::Ok(); }
    if (Consume("null")) { out = Value(); return Status::Ok(); }
    if (c == '-' || (c >= '0' && c <= '9')) return ParseNumber(out);
    return Error(fmt::format("unexpected character '{}'", c));
  }

  Status ParseObject(Value& out, int depth) {
    ++pos_;
    Value::Object obj;
    SkipSpace();
    if (pos_ < s_.size() && s_[pos_] == '}') {
      ++pos_;
      out = Value(std::move(obj));
      return Status::Ok();
    }
    while (true) {
      SkipSpace();
      if (pos_ >= s_.size() || s_[pos_] != '"') return Error("expected a string key");
      std::string key;
      SNAPSIM_RETURN_IF_ERROR(ParseString(key));
      SkipSpace();
      if (!Consume(":")) return Error("expected ':'");
      SkipSpace();
      Value member;
      SNAPSIM_RETURN_IF_ERROR(ParseValue(member, depth + 1));
      obj.insert_or_assign(std::move(key), std::move(member));
      SkipSpace();
      if (Consume(",")) continue;
      if (Consume("}")) break;
      return Error("expected ',' or '}'");
    }
    out = Value(std::move(obj));
    return Status::Ok();
  }

  Status ParseArray(Value& out, int depth) {
    ++pos_;
    Value::Array arr;
    SkipSpace();
    if (Consume("]")) {
      out = Value(std::move(arr));
      return Status::Ok();
    }
    while (true) {
      SkipSpace();
      Value item;
      SNAPSIM_RETURN_IF_ERROR(ParseValue(item, depth + 1));
      arr.push_back(std::move(item));
      SkipSpace();
      if (Consume(",")) continue;
      if (Consume("]")) break;
      return Error("expected ',' or ']'");
    }
    out = Value(std::move(arr));
    return Status::Ok();
  }

  static void AppendUtf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  Status ParseHex4(unsigned& cp) {
    if (pos_ + 4 > s_.size()) return Error("truncated \\u escape");
    cp = 0;
    for (int i = 0; i < 4; ++i) {
      char h = s_[pos_++];
      cp <<= 4;
      if (h >= '0' && h <= '9') cp |= h - '0';
      else if (h >= 'a' && h <= 'f') cp |= h - 'a' + 10;
      else if (h >= 'A' && h <= 'F') cp |= h - 'A' + 10;
      else return Error("invalid \\u escape");
    }
    return Status::Ok();
  }

  Status ParseString(std::string& out) {
    ++pos_;  // opening quote
    while (true) {
      if (pos_ >= s_.size()) return Error("unterminated string");
      char c = s_[pos_++];
      if (c == '"') return Status::Ok();
      if (static_cast<unsigned char>(c) < 0x20) return Error("control character in string");
      if (c != '\\') {
        out += c;
        continue;
      }
      if (pos_ >= s_.size()) return Error("unterminated escape");
      char e = s_[pos_++];
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          unsigned cp;
          SNAPSIM_RETURN_IF_ERROR(ParseHex4(cp));
          if (cp >= 0xD800 && cp < 0xDC00 && Consume("\\u")) {
            unsigned lo;
            SNAPSIM_RETURN_IF_ERROR(ParseHex4(lo));
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          }
          AppendUtf8(out, cp);
          break;
        }
        default: return Error(fmt::format("invalid escape '\\{}'", e));
      }
    }
  }

  Status ParseNumber(Value& out) {
    std::size_t start = pos_;
    bool is_float = false;
    if (s_[pos_] == '-') ++pos_;
    while (pos_ < s_.size()) {
      char c = s_[pos_];
      if (c >= '0' && c <= '9') {
        ++pos_;
      } else if (c == '.' || c == 'e' || c == 'E' || c == '+' || (c == '-' && pos_ > start)) {
        is_float = true;
        ++pos_;
      } else {
        break;
      }
    }
    std::string_view num = s_.substr(start, pos_ - start);
    if (!is_float) {
      std::int64_t i;
      auto [p, ec] = std::from_chars(num.data(), num.data() + num.size(), i);
      if (ec == std::errc() && p == num.data() + num.size()) {
        out = Value(i);
        return Status::Ok();
      }
    }
    double d;
    auto [p, ec] = std::from_chars(num.data(), num.data() + num.size(), d);
    if (ec != std::errc() || p != num.data() + num.size()) return Error("invalid number");
    out = Value(d);
    return Status::Ok();
  }

  std::string_view s_;
  std::size_t pos_ = 0;
};

void AppendNumber(std::string& out, double d) {
  if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 1e21) {
    out += fmt::format("{}", static_cast<std::int64_t>(d));
  } else {
    out += fmt::format("{}", d);
  }
}

void Write(std::string& out, const Value& v, const JsonStyle& style, int depth) {
  auto newline = [&](int d) {
    if (style.indent.empty()) return;
    out += '\n';
    for (int i = 0; i < d; ++i) out += style.indent;
  };
  const char* colon = style.indent.empty() ? ":" : ": ";
  switch (v.type()) {
    case Value::Type::kNull: out += "null"; break;
    case Value::Type::kBool: out += v.as_bool() ? "true" : "false"; break;
    case Value::Type::kInt: out += fmt::format("{}", v.as_int()); break;
    case Value::Type::kDouble: AppendNumber(out, v.as_double()); break;
    case Value::Type::kString: AppendJsonString(out, v.as_string(), style.escape_html); break;
    case Value::Type::kArray: {
      const auto& a = v.as_array();
      if (a.empty()) { out += "[]"; break; }
      out += '[';
      for (std::size_t i = 0; i < a.size(); ++i) {
        if (i) out += ',';
        newline(depth + 1);
        Write(out, a[i], style, depth + 1);
      }
      newline(depth);
      out += ']';
      break;
    }
    case Value::Type::kObject: {
      const auto& o = v.as_object();
      if (o.empty()) { out += "{}"; break; }
      out += '{';
      bool first = true;
      for (const auto& [k, member] : o) {
        if (!first) out += ',';
        first = false;
        newline(depth + 1);
        AppendJsonString(out, k, style.escape_html);
        out += colon;
        Write(out, member, style, depth + 1);
      }
      newline(depth);
      out += '}';
      break;
    }
  }
}

}  // namespace

Result<Value> ParseJson(std::string_view text) { return Parser(text).ParseDocument(); }

void AppendJsonString(std::string& out, std::string_view s, bool escape_html) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  std::size_t run = 0;  // the start of the characters not yet appended, all written as they are
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\' && !(escape_html && (c == '<' || c == '>' || c == '&'))) continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 0xF];
    }
  }
  out.append(s.data() + run, s.size() - run);
  out += '"';
}

std::string ToJson(const Value& v, const JsonStyle& style) {
  std::string out;
  Write(out, v, style, 0);
  return out;
}

}  // namespace snapsim::api
