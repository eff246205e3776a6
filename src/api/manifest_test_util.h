// Test helpers shared by the kinds_*_test.cc files: decode a YAML manifest (failing the
// test, not aborting it, when it does not decode) and list the paths of its issues.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "src/api/registry.h"
#include "src/api/yaml.h"

namespace snapsim::api::testing_util {

inline DecodedManifest MustDecode(std::string_view yaml) {
  auto v = ParseYaml(yaml);
  EXPECT_TRUE(v.ok()) << v.status().ToString();
  auto m = DecodeManifest(*v);
  EXPECT_TRUE(m.ok()) << m.status().ToString();
  return std::move(m).value();
}

inline std::vector<std::string> IssuePaths(const DecodedManifest& m) {
  std::vector<std::string> out;
  for (const DecodeIssue& i : m.issues) out.push_back(i.path);
  return out;
}

}  // namespace snapsim::api::testing_util
