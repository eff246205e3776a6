#include "src/fake_apiserver/patch_util.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>

namespace snapsim::apiserver {
namespace {

// strconv.FormatFloat(d, 'g', -1, 64): shortest digits, %e form when the decimal
// exponent is < -4 or >= 6 (Go uses precision 6 for that decision when shortest).
std::string GoFloat(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "+Inf" : "-Inf";
  if (d == 0) return std::signbit(d) ? "-0" : "0";
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof(buf), d, std::chars_format::scientific);
  std::string sci(buf, res.ptr);  // "-d.ddde+XX"
  bool neg = sci[0] == '-';
  if (neg) sci.erase(0, 1);
  std::size_t e = sci.find('e');
  std::string digits = sci.substr(0, e);
  int exp = std::atoi(sci.c_str() + e + 1);
  digits.erase(std::remove(digits.begin(), digits.end(), '.'), digits.end());
  std::string out = neg ? "-" : "";
  if (exp < -4 || exp >= 6) {
    out += digits[0];
    if (digits.size() > 1) out += "." + digits.substr(1);
    out += exp < 0 ? "e-" : "e+";
    int a = std::abs(exp);
    if (a < 10) out += "0";
    out += std::to_string(a);
    return out;
  }
  if (exp < 0) {
    out += "0." + std::string(static_cast<std::size_t>(-exp - 1), '0') + digits;
    return out;
  }
  auto int_len = static_cast<std::size_t>(exp) + 1;
  if (digits.size() <= int_len) {
    out += digits + std::string(int_len - digits.size(), '0');
  } else {
    out += digits.substr(0, int_len) + "." + digits.substr(int_len);
  }
  return out;
}

void AppendGo(std::string& out, const api::Value& v) {
  switch (v.type()) {
    case api::Value::Type::kNull:
      out += "<nil>";
      return;
    case api::Value::Type::kBool:
      out += v.as_bool() ? "true" : "false";
      return;
    case api::Value::Type::kInt:
      out += std::to_string(v.as_int());
      return;
    case api::Value::Type::kDouble:
      out += GoFloat(v.as_double());
      return;
    case api::Value::Type::kString:
      out += v.as_string();
      return;
    case api::Value::Type::kArray: {
      out += '[';
      bool first = true;
      for (const auto& e : v.as_array()) {
        if (!first) out += ' ';
        first = false;
        AppendGo(out, e);
      }
      out += ']';
      return;
    }
    case api::Value::Type::kObject: {
      out += "map[";
      bool first = true;
      for (const auto& [k, e] : v.as_object()) {
        if (!first) out += ' ';
        first = false;
        out += k;
        out += ':';
        AppendGo(out, e);
      }
      out += ']';
      return;
    }
  }
}

}  // namespace

std::string GoString(const api::Value& v) {
  std::string out;
  AppendGo(out, v);
  return out;
}

std::string GoTypeName(const api::Value& v) {
  switch (v.type()) {
    case api::Value::Type::kNull:
      return "%!s(<nil>)";
    case api::Value::Type::kBool:
      return "bool";
    case api::Value::Type::kInt:
      return "int64";
    case api::Value::Type::kDouble:
      return "float64";
    case api::Value::Type::kString:
      return "string";
    case api::Value::Type::kArray:
      return "[]interface {}";
    case api::Value::Type::kObject:
      return "map[string]interface {}";
  }
  return "unknown";
}

bool GoDeepEqual(const api::Value& a, const api::Value& b) {
  if (a.type() != b.type()) return false;
  switch (a.type()) {
    case api::Value::Type::kArray: {
      const auto& x = a.as_array();
      const auto& y = b.as_array();
      if (x.size() != y.size()) return false;
      for (std::size_t i = 0; i < x.size(); ++i) {
        if (!GoDeepEqual(x[i], y[i])) return false;
      }
      return true;
    }
    case api::Value::Type::kObject: {
      const auto& x = a.as_object();
      const auto& y = b.as_object();
      if (x.size() != y.size()) return false;
      for (auto i = x.begin(), j = y.begin(); i != x.end(); ++i, ++j) {
        if (i->first != j->first || !GoDeepEqual(i->second, j->second)) return false;
      }
      return true;
    }
    default:
      return a == b;
  }
}

int PatchErrorHttpCode(const Status& status) {
  switch (status.code()) {
    case Status::Code::kOk:
      return 200;
    case Status::Code::kInvalidArgument:
      return 400;
    case Status::Code::kFailedPrecondition:
      return 422;
    case Status::Code::kUnsupported:
      return 415;
    default:
      return 500;
  }
}

}  // namespace snapsim::apiserver
