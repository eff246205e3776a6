#include "src/csi/util/upstream_bugs.h"

#include <fmt/format.h>

namespace snapsim::csi {

const std::vector<std::string_view>& KnownUpstreamBugs() {
  static const std::vector<std::string_view> kKnown = {"1388", "1366", "292", "1301", "134", "413"};
  return kKnown;
}

Result<UpstreamBugs> ParseUpstreamBugs(const std::vector<std::string>& ids) {
  UpstreamBugs bugs;
  for (const std::string& raw : ids) {
    std::string_view id = raw;
    if (!id.empty() && id.front() == '#') id.remove_prefix(1);
    if (id == "1388") {
      bugs.ignore_ready_flip = true;
    } else if (id == "1366") {
      bugs.restore_pending_returns_ok = true;
    } else if (id == "292") {
      bugs.deletion_uses_class_policy = true;
    } else if (id == "1301") {
      bugs.finalizer_left_after_delete = true;
    } else if (id == "134") {
      bugs.no_being_created_guard = true;
    } else if (id == "413") {
      bugs.refuse_terminating_pvc = true;
    } else {
      return Status::InvalidArgument(
          fmt::format("unknown upstream bug \"{}\"; expected some of: {}", raw, fmt::join(KnownUpstreamBugs(), ", ")));
    }
  }
  return bugs;
}

}  // namespace snapsim::csi
