// Decoding of one `steps:` item (action, expect, save, saveStdout, settle). Internal
// to the loader; see loader.h for the error format.
#pragma once

#include "sim/engine/status.h"
#include "sim/scenario/scenario.h"
#include "sim/scenario/yaml_decoder.h"
#include "src/api/yaml_node.h"

namespace snapsim::scenario {

Result<Step> DecodeStep(const YamlDecoder& decoder, const yaml::Node& node);

// Decodes `expect:`. Exposed for the loader's tests only through DecodeStep.
Result<Expect> DecodeExpect(const YamlDecoder& decoder, const yaml::Node& key,
                            const yaml::Node& value);

}  // namespace snapsim::scenario
