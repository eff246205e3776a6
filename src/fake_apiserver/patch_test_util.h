// Test-only helpers for the patch engine tests: literal JSON / YAML to Value, and
// a printer for failures. Aborts the test (gtest failure + null) on a malformed
// literal rather than crashing.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "src/api/json.h"
#include "src/api/value.h"
#include "src/api/yaml.h"

namespace snapsim::apiserver::testing {

inline api::Value J(std::string_view json) {
  auto v = api::ParseJson(json);
  EXPECT_TRUE(v.ok()) << v.status().ToString() << "\n" << json;
  return v.ok() ? *v : api::Value();
}

inline api::Value Y(std::string_view yaml) {
  auto v = api::ParseYaml(yaml);
  EXPECT_TRUE(v.ok()) << v.status().ToString() << "\n" << yaml;
  return v.ok() ? *v : api::Value();
}

inline std::string Compact(const api::Value& v) { return api::ToJson(v); }

}  // namespace snapsim::apiserver::testing
