// ScenarioWriter: a typed Scenario -> a standalone scenario file (SCENARIOS.md).
//
// The output loads with the normal loader (sim/scenario/loader.h) into a Scenario equal
// to the input in everything but source positions and `path`: name, description,
// cluster keys, inline files (as YAML literal blocks where the text allows it), steps
// with their options (expect, save, saveStdout, settle). Chaos writes its reproducers
// with it. Pure and thread-safe.
#pragma once

#include <string>

#include "sim/scenario/scenario.h"

namespace snapsim::chaos {

std::string WriteScenario(const scenario::Scenario& s);

// A YAML scalar for `text` as the value of a map key at `indent` columns (the key's
// column): plain when it reads back as the same string, a literal block for multi-line
// text that a block can hold exactly, else double-quoted.
std::string YamlString(const std::string& text, int indent);

}  // namespace snapsim::chaos
