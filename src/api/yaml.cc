#include "src/api/yaml.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <map>
#include <regex>
#include <set>

#include <fmt/format.h>

#include "src/api/json.h"
#include "src/api/yaml_load.h"

namespace snapsim::api {
namespace {

bool OneOf(std::string_view s, std::initializer_list<std::string_view> options) {
  for (auto o : options) {
    if (s == o) return true;
  }
  return false;
}

bool ParseInt(std::string_view s, std::int64_t& out) {
  std::string clean;
  for (char c : s) {
    if (c != '_') clean += c;
  }
  std::string_view v = clean;
  bool neg = false;
  if (!v.empty() && (v[0] == '-' || v[0] == '+')) {
    neg = v[0] == '-';
    v.remove_prefix(1);
  }
  if (v.empty()) return false;
  int base = 10;
  if (v.size() > 2 && v[0] == '0' && (v[1] == 'x' || v[1] == 'X')) {
    base = 16;
    v.remove_prefix(2);
  } else if (v.size() > 2 && v[0] == '0' && (v[1] == 'b' || v[1] == 'B')) {
    base = 2;
    v.remove_prefix(2);
  } else if (v.size() > 1 && v[0] == '0') {
    base = 8;
    v.remove_prefix(1);
  }
  std::uint64_t u = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), u, base);
  if (ec != std::errc() || p != v.data() + v.size()) return false;
  if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) + (neg ? 1 : 0)) return false;
  out = neg ? static_cast<std::int64_t>(0 - u) : static_cast<std::int64_t>(u);
  return true;
}

bool ParseFloat(std::string_view s, double& out) {
  if (OneOf(s, {".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"})) {
    out = std::numeric_limits<double>::infinity();
    return true;
  }
  if (OneOf(s, {"-.inf", "-.Inf", "-.INF"})) {
    out = -std::numeric_limits<double>::infinity();
    return true;
  }
  if (OneOf(s, {".nan", ".NaN", ".NAN"})) {
    out = std::numeric_limits<double>::quiet_NaN();
    return true;
  }
  if (!IsYamlFloatSyntax(s)) return false;
  std::string clean;
  for (char c : s) {
    if (c != '_') clean += c;
  }
  if (!clean.empty() && clean[0] == '+') clean.erase(0, 1);
  auto [p, ec] = std::from_chars(clean.data(), clean.data() + clean.size(), out);
  return ec == std::errc() && p == clean.data() + clean.size();
}

bool LooksLikeTimestamp(std::string_view s) {
  static const std::regex kTs(
      R"(^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ]|[ \t]+)?([0-9]{1,2}:[0-9]{2}:[0-9]{2}(\.[0-9]*)?)?)"
      R"(([ \t]*(Z|[-+][0-9]{1,2}(:[0-9]{2})?))?$)");
  if (s.size() < 8 || s.size() > 40) return false;
  return std::regex_match(std::string(s), kTs);
}

bool IsNull(std::string_view s) { return OneOf(s, {"", "~", "null", "Null", "NULL"}); }
int BoolOf(std::string_view s) {  // 1 true, 0 false, -1 not a bool
  if (OneOf(s, {"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"})) return 1;
  if (OneOf(s, {"n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"})) return 0;
  return -1;
}

Status ConvertNode(const yaml::Node& node, Value& out, int depth) {
  if (depth > 256) return Status::InvalidArgument("yaml: nesting too deep");
  switch (node.Type()) {
    case yaml::NodeType::Null:
      out = Value();
      return Status::Ok();
    case yaml::NodeType::Scalar:
      if (node.Tag() == "!" || node.Tag() == "tag:yaml.org,2002:str") {
        out = Value(node.Scalar());
      } else {
        out = ResolvePlainScalar(node.Scalar());
      }
      return Status::Ok();
    case yaml::NodeType::Sequence: {
      Value::Array arr;
      arr.reserve(node.size());
      for (const auto& item : node.items()) {
        Value v;
        SNAPSIM_RETURN_IF_ERROR(ConvertNode(item, v, depth + 1));
        arr.push_back(std::move(v));
      }
      out = Value(std::move(arr));
      return Status::Ok();
    }
    case yaml::NodeType::Map: {
      Value::Object obj;
      for (const auto& kv : node.members()) {
        if (!kv.first.IsScalar()) {
          return Status::InvalidArgument(fmt::format("yaml: line {}: mapping keys must be scalars",
                                                     kv.first.Mark().line + 1));
        }
        const std::string& key = kv.first.Scalar();
        if (key == "<<") {
          return Status::Unsupported(fmt::format("yaml: line {}: merge keys (<<) are not supported",
                                                 kv.first.Mark().line + 1));
        }
        Value v;
        SNAPSIM_RETURN_IF_ERROR(ConvertNode(kv.second, v, depth + 1));
        if (!obj.emplace(key, std::move(v)).second) {
          return Status::InvalidArgument(fmt::format(
              "yaml: unmarshal errors:\n  line {}: key \"{}\" already set in map", kv.first.Mark().line + 1, key));
        }
      }
      out = Value(std::move(obj));
      return Status::Ok();
    }
  }
  return Status::Internal("yaml: unknown node type");
}

// --- emitter ---------------------------------------------------------------

bool NeedsSingleQuotes(std::string_view s) {
  if (s.empty()) return false;
  if (s.front() == ' ' || s.back() == ' ' || s.front() == '\t' || s.back() == '\t') return true;
  static constexpr std::string_view kIndicators = "-?:,[]{}#&*!|>'\"%@`";
  char f = s.front();
  if (kIndicators.find(f) != std::string_view::npos) {
    // "-", "?" and ":" may start a plain scalar when followed by a non-space.
    if (!((f == '-' || f == '?' || f == ':') && s.size() > 1 && s[1] != ' ')) return true;
  }
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == ':' && (i + 1 == s.size() || s[i + 1] == ' ')) return true;
    if (c == '#' && i > 0 && s[i - 1] == ' ') return true;
    if (static_cast<unsigned char>(c) < 0x20 && c != '\t') return true;
    if (c == ',' || c == '[' || c == ']' || c == '{' || c == '}') return true;  // flow indicators
  }
  if (s.find("---") == 0 || s.find("...") == 0) return true;
  return false;
}

std::string DoubleQuoted(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          out += fmt::format("\\x{:02X}", c);
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

std::string ScalarText(const Value& v) {
  switch (v.type()) {
    case Value::Type::kNull: return "null";
    case Value::Type::kBool: return v.as_bool() ? "true" : "false";
    case Value::Type::kInt: return fmt::format("{}", v.as_int());
    case Value::Type::kDouble: {
      double d = v.as_double();
      if (std::isinf(d)) return d > 0 ? ".inf" : "-.inf";
      if (std::isnan(d)) return ".nan";
      return fmt::format("{}", d);
    }
    case Value::Type::kString: {
      const std::string& s = v.as_string();
      if (s.empty()) return "\"\"";
      if (PlainScalarIsNonString(s)) return DoubleQuoted(s);
      if (NeedsSingleQuotes(s)) {
        std::string out = "'";
        for (char c : s) {
          out += c;
          if (c == '\'') out += '\'';
        }
        return out + "'";
      }
      return s;
    }
    default: return "";
  }
}

bool IsMultiline(const Value& v) {
  return v.is_string() && v.as_string().find('\n') != std::string::npos;
}

void AppendIndent(std::string& out, int n) { out.append(static_cast<std::size_t>(n), ' '); }

// Literal block: "|" (or "|-" without a trailing newline), lines at `indent`.
void AppendLiteral(std::string& out, const std::string& s, int indent) {
  bool trailing_newline = !s.empty() && s.back() == '\n';
  bool multi_trailing = s.size() >= 2 && s[s.size() - 1] == '\n' && s[s.size() - 2] == '\n';
  out += "|";
  if (!s.empty() && s[0] == ' ') out += "2";
  out += trailing_newline ? (multi_trailing ? "+" : "") : "-";
  out += "\n";
  std::size_t start = 0;
  std::string body = trailing_newline ? s.substr(0, s.size() - 1) : s;
  while (start <= body.size()) {
    std::size_t nl = body.find('\n', start);
    std::string_view line = std::string_view(body).substr(start, nl == std::string::npos ? std::string::npos : nl - start);
    if (!line.empty()) {
      AppendIndent(out, indent);
      out += line;
    }
    out += "\n";
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
}

void EmitNode(std::string& out, const Value& v, int indent);

// Emits the value of a mapping entry whose "key:" has just been written.
void EmitMappingValue(std::string& out, const Value& v, int indent) {
  if (v.is_object() && !v.as_object().empty()) {
    out += "\n";
    EmitNode(out, v, indent + 2);
  } else if (v.is_array() && !v.as_array().empty()) {
    out += "\n";
    EmitNode(out, v, indent);  // sequences are not indented under their key
  } else if (IsMultiline(v)) {
    out += " ";
    AppendLiteral(out, v.as_string(), indent + 2);
  } else if (v.is_object()) {
    out += " {}\n";
  } else if (v.is_array()) {
    out += " []\n";
  } else {
    out += " ";
    out += ScalarText(v);
    out += "\n";
  }
}

void EmitNode(std::string& out, const Value& v, int indent) {
  if (v.is_object() && !v.as_object().empty()) {
    for (const auto& [k, member] : v.as_object()) {
      AppendIndent(out, indent);
      out += ScalarText(Value(k));
      out += ":";
      EmitMappingValue(out, member, indent);
    }
  } else if (v.is_array() && !v.as_array().empty()) {
    for (const auto& item : v.as_array()) {
      AppendIndent(out, indent);
      out += "-";
      if (item.is_object() && !item.as_object().empty()) {
        // First member on the dash line, the rest aligned under it.
        bool first = true;
        for (const auto& [k, member] : item.as_object()) {
          if (first) {
            out += " ";
            first = false;
          } else {
            AppendIndent(out, indent + 2);
          }
          out += ScalarText(Value(k));
          out += ":";
          EmitMappingValue(out, member, indent + 2);
        }
      } else if (item.is_array() && !item.as_array().empty()) {
        out += " ";
        std::string nested;
        EmitNode(nested, item, indent + 2);
        out += nested.substr(static_cast<std::size_t>(indent + 2));
      } else if (IsMultiline(item)) {
        out += " ";
        AppendLiteral(out, item.as_string(), indent + 2);
      } else {
        out += " ";
        out += item.is_object() ? "{}" : item.is_array() ? "[]" : ScalarText(item);
        out += "\n";
      }
    }
  } else if (IsMultiline(v)) {
    AppendLiteral(out, v.as_string(), indent);
  } else {
    AppendIndent(out, indent);
    out += v.is_object() ? "{}" : v.is_array() ? "[]" : ScalarText(v);
    out += "\n";
  }
}

}  // namespace

bool PlainScalarIsNonString(std::string_view s) {
  if (IsNull(s) || BoolOf(s) >= 0) return true;
  std::int64_t i;
  double d;
  if (ParseInt(s, i) || ParseFloat(s, d)) return true;
  return LooksLikeTimestamp(s);
}

bool IsYamlFloatSyntax(std::string_view s) {
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  std::size_t i = 0;
  const std::size_t n = s.size();
  if (i < n && (s[i] == '-' || s[i] == '+')) ++i;
  if (i < n && s[i] == '.') {  // \.[0-9]+
    ++i;
    if (i == n || !digit(s[i])) return false;
    while (i < n && digit(s[i])) ++i;
  } else {  // [0-9][0-9_]*(\.[0-9_]*)?
    if (i == n || !digit(s[i])) return false;
    while (i < n && (digit(s[i]) || s[i] == '_')) ++i;
    if (i < n && s[i] == '.') {
      ++i;
      while (i < n && (digit(s[i]) || s[i] == '_')) ++i;
    }
  }
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {  // ([eE][-+]?[0-9]+)?
    ++i;
    if (i < n && (s[i] == '-' || s[i] == '+')) ++i;
    if (i == n || !digit(s[i])) return false;
    while (i < n && digit(s[i])) ++i;
  }
  return i == n;
}

Value ResolvePlainScalar(std::string_view s) {
  if (IsNull(s)) return Value();
  if (int b = BoolOf(s); b >= 0) return Value(b == 1);
  std::int64_t i;
  if (ParseInt(s, i)) return Value(i);
  double d;
  if (ParseFloat(s, d)) return Value(d);
  return Value(s);
}

namespace {

// go-yaml's wording for the parse errors yaml-cpp reports (what kubectl prints).
std::string GoYamlMessage(const std::string& msg) {
  static const std::pair<std::string_view, std::string_view> kMap[] = {
      {"illegal map value", "mapping values are not allowed in this context"},
      {"end of map not found", "did not find expected key"},
      {"end of sequence not found", "did not find expected '-' indicator"},
      {"end of map flow not found", "did not find expected ',' or '}'"},
      {"end of sequence flow not found", "did not find expected ',' or ']'"},
      {"unknown token", "found character that cannot start any token"},
      {"illegal tab when looking for indentation", "found a tab character that violates indentation"},
      {"end of string not found", "found unexpected end of stream"},
  };
  for (const auto& [from, to] : kMap) {
    if (msg == from) return std::string(to);
  }
  if (msg.rfind("unknown escape character", 0) == 0) return "found unknown escape character";
  return msg;
}

}  // namespace

namespace {

std::size_t CountMembers(const Value& v) {
  std::size_t n = 0;
  if (v.is_object()) {
    for (const auto& [k, member] : v.as_object()) n += 1 + CountMembers(member);
  } else if (v.is_array()) {
    for (const auto& item : v.as_array()) n += CountMembers(item);
  }
  return n;
}

}  // namespace

std::optional<Value> ParseYamlCompatibleJson(std::string_view text) {
  std::size_t first = text.find_first_not_of(" \n");
  if (first == std::string_view::npos || (text[first] != '{' && text[first] != '[')) return std::nullopt;
  constexpr std::string_view kStructure = "{}[], \n";  // what may stand between values
  bool in_string = false;
  std::size_t colons = 0;  // one a member, outside strings
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80 || (c < 0x20 && c != '\n')) return std::nullopt;
    if (in_string) {
      if (c == '\\') return std::nullopt;
      if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == ':') {
      ++colons;
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      // An integer as JSON writes it: -?(0|[1-9][0-9]*), at most 18 digits.
      std::size_t start = i + (c == '-' ? 1 : 0), end = start;
      while (end < text.size() && text[end] >= '0' && text[end] <= '9') ++end;
      std::size_t digits = end - start;
      if (digits == 0 || digits > 18 || (digits > 1 && text[start] == '0')) return std::nullopt;
      if (end < text.size() && kStructure.find(text[end]) == std::string_view::npos) {
        return std::nullopt;  // a fraction, an exponent, or more than a number
      }
      i = end - 1;
    } else if (c == 't' || c == 'f' || c == 'n') {
      std::string_view rest = text.substr(i);
      std::size_t len = rest.starts_with("true") || rest.starts_with("null") ? 4 : rest.starts_with("false") ? 5 : 0;
      if (len == 0) return std::nullopt;
      i += len - 1;
    } else if (kStructure.find(static_cast<char>(c)) == std::string_view::npos) {
      return std::nullopt;  // a comment, a plain scalar, a tab ...
    }
  }
  auto parsed = ParseJson(text);
  if (!parsed.ok() || CountMembers(*parsed) != colons) return std::nullopt;  // a repeated key
  return std::move(*parsed);
}

Result<std::vector<Value>> ParseYamlDocumentsAsYaml(std::string_view text) {
  yaml::Documents loaded = yaml::LoadYaml(text);
  if (loaded.error) {
    return Status::InvalidArgument(
        fmt::format("yaml: line {}: {}", loaded.error->mark.line + 1, GoYamlMessage(loaded.error->message)));
  }
  std::vector<Value> docs;
  for (const auto& node : loaded.nodes) {
    if (node.IsNull()) continue;
    Value v;
    SNAPSIM_RETURN_IF_ERROR(ConvertNode(node, v, 0));
    docs.push_back(std::move(v));
  }
  return docs;
}

namespace {

Result<std::vector<Value>> ParseYamlDocumentsUncached(std::string_view text) {
  if (auto json = ParseYamlCompatibleJson(text)) {
    std::vector<Value> docs;
    docs.push_back(std::move(*json));
    return docs;
  }
  return ParseYamlDocumentsAsYaml(text);
}

}  // namespace

Result<std::vector<Value>> ParseYamlDocuments(std::string_view text) {
  // The same manifests are parsed again and again (every run of a scenario applies
  // the same files; a read costs ~50 instructions a byte, ~900 when yaml-cpp reads
  // it), so remember recent results. Per thread, bounded, and a pure function of the
  // text, so invisible in results.
  constexpr std::size_t kMaxText = 64 * 1024, kMaxEntries = 256;
  if (text.size() > kMaxText) return ParseYamlDocumentsUncached(text);
  thread_local std::map<std::string, std::vector<Value>, std::less<>> memo;
  auto it = memo.find(text);
  if (it != memo.end()) return it->second;
  auto parsed = ParseYamlDocumentsUncached(text);
  if (!parsed.ok()) return parsed;
  if (memo.size() >= kMaxEntries) memo.clear();
  memo.emplace(std::string(text), *parsed);
  return parsed;
}

Result<Value> ParseYaml(std::string_view text) {
  SNAPSIM_ASSIGN_OR_RETURN(auto docs, ParseYamlDocuments(text));
  if (docs.empty()) return Value();
  if (docs.size() > 1) return Status::InvalidArgument("yaml: expected a single document");
  return std::move(docs[0]);
}

std::string ToYaml(const Value& v) {
  std::string out;
  EmitNode(out, v, 0);
  return out;
}

}  // namespace snapsim::api
