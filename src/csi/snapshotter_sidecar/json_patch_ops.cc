#include "src/csi/snapshotter_sidecar/json_patch_ops.h"

namespace snapsim::csi {

api::Value PatchOp(std::string_view op, std::string path, std::optional<api::Value> value) {
  api::Value v = api::Value::EmptyObject();
  v["op"] = op;
  v["path"] = std::move(path);
  if (value) v["value"] = std::move(*value);
  return v;
}

api::Value SingleOpPatch(api::Value op) {
  api::Value::Array ops;
  ops.push_back(std::move(op));
  return api::Value(std::move(ops));
}

std::string EscapePointerSegment(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace snapsim::csi
