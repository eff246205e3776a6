// Types shared by every ECS action: tags, the caller's identity, paging, reply callbacks.
//
// Requests and responses mirror the Alibaba Cloud Go SDK (ecs-20140526) field for
// field, in snake_case; an optional request field is std::optional (absent = the
// SDK's nil pointer, i.e. the parameter is not sent). Times in responses are already
// formatted the way ECS prints them ("2026-01-01T00:00:36Z"); an empty string is what
// ECS returns for a time not yet known (a snapshot's CreationTime before the cut).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/engine/status.h"
#include "src/fake_ecs/errors.h"

namespace snapsim::ecs {

// Request parameters by their API names ("DiskId", "Tag.1.Key"), values as sent on
// the wire. The call log, fault matching and the generic Invoke() use this shape.
using Params = std::map<std::string, std::string>;

// A tag in a request (Tag.N.Key / Tag.N.Value).
struct Tag {
  std::string key;
  std::string value;
  friend bool operator==(const Tag&, const Tag&) = default;
};

// A tag in a response. Real ECS fills TagKey/TagValue; the old Go SDK structs also have
// Key/Value, which the disk driver reads (reference §1.2), so the fake fills both.
struct ResponseTag {
  std::string tag_key;
  std::string tag_value;
  std::string key;
  std::string value;
};

// Who is calling: shown in the call log and matched by fault rules ("component").
struct CallContext {
  std::string caller = "unknown";
};

// Paging parameters common to the Describe* actions. Either PageNumber/PageSize
// (defaults 1/10, PageSize 1..100) or MaxResults/NextToken (token paging).
struct Paging {
  std::optional<std::int64_t> page_number;
  std::optional<std::int64_t> page_size;
  std::optional<std::int64_t> max_results;
  std::optional<std::string> next_token;
};

template <class Resp>
using Reply = std::function<void(Result<Resp, EcsError>)>;

}  // namespace snapsim::ecs
