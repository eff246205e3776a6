// Decoding of one `steps:` item (action, expect, save, saveStdout, settle). Internal
// to the loader; see loader.h for the error format.
#pragma once

#include <yaml-cpp/yaml.h>

#include "sim/engine/status.h"
#include "sim/scenario/scenario.h"
#include "sim/scenario/yaml_decoder.h"

namespace snapsim::scenario {

Result<Step> DecodeStep(const YamlDecoder& decoder, const YAML::Node& node);

// Decodes `expect:`. Exposed for the loader's tests only through DecodeStep.
Result<Expect> DecodeExpect(const YamlDecoder& decoder, const YAML::Node& key,
                            const YAML::Node& value);

}  // namespace snapsim::scenario
