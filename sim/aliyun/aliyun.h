// The `aliyun` front end: runs an Alibaba Cloud CLI command line against the fake ECS
// and returns what the real aliyun CLI would print, and its exit code.
//
// Supported: `aliyun ecs ACTION --Param value ...` for the actions src/fake_ecs models
// (COVERAGE.md), with the CLI's parameter syntax (--Name value, --Name=value, JSON-array
// values such as --DiskIds '["d-1","d-2"]', repeat lists such as --Tag.1.Key k), the
// root flags --RegionId/--region (default: the ECS region) and --quiet. The response is
// the API's JSON, re-sorted and tab-indented as the CLI prints it.
//
// Errors, as the CLI words them:
//   - an API error: stderr "ERROR: SDK.ServerError\nErrorCode: C\nRecommend: URL\n
//     RequestId: R\nMessage: M\n", exit 1;
//   - an unknown action or parameter: "ERROR: 'X' is not a valid api. See `aliyun help
//     ecs`." / "ERROR: '--X' is not a valid parameter or flag. See ...", with "Did you
//     mean" suggestions on stdout, exit 2; a missing required parameter: exit 3;
//   - anything real that snapsim does not model (another product, an ECS action or
//     parameter, a CLI flag): "ERROR: unsupported: ...", exit 1.
// The call waits for its reply by running the EventLoop, so virtual time advances by the
// API latency (and everything else due meanwhile runs). Calls are logged by ECS with the
// caller "aliyun-cli".
#pragma once

#include <string>
#include <vector>

#include "sim/engine/event_loop.h"
#include "src/fake_ecs/ecs.h"

namespace snapsim::aliyun {

struct CommandResult {
  std::string out;
  std::string err;
  int exit_code = 0;
};

inline constexpr std::string_view kCaller = "aliyun-cli";

// args without "aliyun", e.g. {"ecs", "DescribeDisks", "--RegionId", "cn-hangzhou"}.
CommandResult RunAliyun(ecs::Ecs& ecs, engine::EventLoop& loop,
                        const std::vector<std::string>& args);

}  // namespace snapsim::aliyun
