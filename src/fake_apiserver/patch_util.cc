#include "src/fake_apiserver/patch_util.h"

#include "src/api/go_format.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>

namespace snapsim::apiserver {
namespace {

}  // namespace

std::string GoString(const api::Value& v) { return api::GoValue(v); }

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
