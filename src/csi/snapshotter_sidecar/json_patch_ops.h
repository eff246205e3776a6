// The JSON patches csi-snapshotter sends (utils.PatchVolumeSnapshotContent): one
// operation as {"op", "path", "value"}, a patch of a single operation, and the JSON
// pointer escaping of a path segment.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "src/api/value.h"

namespace snapsim::csi {

api::Value PatchOp(std::string_view op, std::string path, std::optional<api::Value> value = std::nullopt);
// A JSON patch of one operation, moved in (an initializer list would copy its value).
api::Value SingleOpPatch(api::Value op);
// A path segment as a JSON pointer writes it: "~" as "~0", "/" as "~1".
std::string EscapePointerSegment(std::string_view s);

}  // namespace snapsim::csi
