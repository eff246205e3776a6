// Test-only helpers for the table printer tests (*_test.cc in sim/kubectl): objects from
// YAML with @TOKEN@ substitution, timestamps relative to a fixed virtual now, and a
// PrintTable wrapper that turns errors into test failures.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/engine/time.h"
#include "sim/kubectl/table_printer.h"
#include "src/api/value.h"
#include "src/api/yaml.h"

namespace snapsim::kubectl::testing {

// 2026-01-01T12:00:00Z, the virtual now of every table test.
inline constexpr std::int64_t kNow = 1767268800;

// The RFC 3339 timestamp `seconds` before kNow.
inline std::string Ago(std::int64_t seconds) { return engine::FormatRfc3339(kNow - seconds); }

// Replaces every "@KEY@" of `subs` in `text`.
inline std::string Sub(std::string text,
                       const std::vector<std::pair<std::string, std::string>>& subs) {
  for (const auto& [key, value] : subs) {
    std::string token = "@" + key + "@";
    for (std::size_t pos = text.find(token); pos != std::string::npos;
         pos = text.find(token, pos + value.size())) {
      text.replace(pos, token.size(), value);
    }
  }
  return text;
}

inline api::Value Yaml(std::string_view text) {
  Result<api::Value> v = api::ParseYaml(text);
  if (!v.ok()) {
    ADD_FAILURE() << v.status().ToString() << "\n" << text;
    return api::Value();
  }
  return *v;
}

// PrintTable at kNow; a failure is reported and returned as "ERROR: ...".
inline std::string Print(std::string_view kind, const std::vector<api::Value>& objects,
                         TableOptions options = {}) {
  if (options.now_unix_seconds == 0) options.now_unix_seconds = kNow;
  Result<std::string> out = PrintTable(kind, objects, options);
  if (!out.ok()) {
    ADD_FAILURE() << out.status().ToString();
    return "ERROR: " + out.status().ToString();
  }
  return *out;
}

}  // namespace snapsim::kubectl::testing
