// ECS responses as the JSON the service returns (field names of the ECS 2014-05-26
// API), for the aliyun front end. The CLI re-sorts keys and indents with tabs when it
// prints (sortJSON in aliyun-cli openapi/commando.go); api::Value keeps object keys
// sorted and ToJson with a "\t" indent prints exactly that.
#pragma once

#include "src/api/value.h"
#include "src/fake_ecs/ecs.h"

namespace snapsim::aliyun {

api::Value RenderResponse(const ecs::AnyResponse& response);

}  // namespace snapsim::aliyun
