#include "src/api/yaml.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "src/api/json.h"

namespace snapsim::api {
namespace {

TEST(YamlCompatibleJsonTest, TakesPlainJsonAndLeavesTheRestToYaml) {
  auto patch = ParseYamlCompatibleJson(
      R"([{"op":"test","path":"/metadata/name","value":"snapcontent-1"},{"op":"replace","path":"/x","value":20}])");
  ASSERT_TRUE(patch.has_value());
  EXPECT_EQ(ToJson(*patch),
            R"([{"op":"test","path":"/metadata/name","value":"snapcontent-1"},{"op":"replace","path":"/x","value":20}])");
  EXPECT_TRUE(ParseYamlCompatibleJson(" \n{\"a\": [true, false, null, -3]}\n").has_value());
  for (const char* text : {
           "a: 1",                   // block YAML
           "{\"a\": 1.5}",           // a fraction: YAML 1.1 and JSON agree, but it is left to YAML
           "{\"a\": 1e3}",           // an exponent
           "{\"a\": \"\\u00e9\"}",   // an escape
           "{\"a\": \"\xc3\xa9\"}",  // non-ASCII
           "{\"a\": 1, \"a\": 2}",   // a repeated key: YAML's error
           "{a: 1}",                 // an unquoted key
           "{\"a\": 1} # c",         // a comment
           "{\"a\":\t1}",            // a tab
           "{\"a\": 01}",            // not JSON
           "[1] [2]",
       }) {
    EXPECT_FALSE(ParseYamlCompatibleJson(text).has_value()) << text;
  }
}

// Random JSON-like texts: what the fast path takes, yaml-cpp must read as exactly one
// document with the same value.
TEST(YamlCompatibleJsonTest, AgreesWithTheYamlParser) {
  const std::vector<std::string_view> tokens = {"{", "}", "[", "]", ",", ":", " ", "\n", "\"a\"", "\"b\"",
                                                "\"\"", "\"x y\"", "\"-1\"", "\"true\"", "\"~\"", "\"#\"",
                                                "\"a: b\"", "0", "-0", "7", "-42", "12345678901234567890",
                                                "true", "false", "null", "\"{\"", "\"]\""};
  std::mt19937 rng(20261125);
  int fast = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string text = rng() % 2 == 0 ? "{" : "[";
    int n = static_cast<int>(rng() % 12);
    for (int k = 0; k < n; ++k) text += tokens[rng() % tokens.size()];
    text += text[0] == '{' ? "}" : "]";
    auto json = ParseYamlCompatibleJson(text);
    if (!json) continue;
    ++fast;
    auto yaml = ParseYamlDocumentsAsYaml(text);
    ASSERT_TRUE(yaml.ok()) << text << ": " << yaml.status().message();
    ASSERT_EQ(yaml->size(), 1u) << text;
    EXPECT_EQ(ToJson((*yaml)[0]), ToJson(*json)) << text;
    EXPECT_EQ((*yaml)[0], *json) << text;
  }
  EXPECT_GT(fast, 1000);
}

}  // namespace
}  // namespace snapsim::api
