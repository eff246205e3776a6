#include "src/api/value.h"

#include <gtest/gtest.h>

#include <random>
#include <regex>

#include "src/api/json.h"
#include "src/api/yaml.h"

namespace snapsim::api {
namespace {

TEST(JsonTest, RoundTripsNestedValues) {
  auto v = ParseJson(R"({"b": [1, 2.5, "x", null, true], "a": {"c": "é\n"}})");
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(ToJson(*v), R"({"a":{"c":"é\n"},"b":[1,2.5,"x",null,true]})");
  EXPECT_EQ(ToJson(*v, {.indent = "    "}),
            "{\n    \"a\": {\n        \"c\": \"é\\n\"\n    },\n    \"b\": [\n        1,\n        2.5,\n"
            "        \"x\",\n        null,\n        true\n    ]\n}");
}

TEST(JsonTest, ReportsLineAndColumn) {
  auto v = ParseJson("{\n  \"a\": ,\n}");
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().message(), "invalid JSON at line 2, column 8: unexpected character ','");
}

TEST(YamlTest, ResolvesScalarsLikeGoYamlV2) {
  auto v = ParseYaml("a: yes\nb: '1'\nc: 1\nd: ~\ne: 1.5\nf: 0x10\ng: hello world\nh: \"true\"\n");
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(*v->Find("a"), Value(true));
  EXPECT_EQ(*v->Find("b"), Value("1"));
  EXPECT_EQ(*v->Find("c"), Value(1));
  EXPECT_TRUE(v->Find("d")->is_null());
  EXPECT_EQ(*v->Find("e"), Value(1.5));
  EXPECT_EQ(*v->Find("f"), Value(16));
  EXPECT_EQ(*v->Find("g"), Value("hello world"));
  EXPECT_EQ(*v->Find("h"), Value("true"));
}

// The hand-written float matcher answers as yaml.v2's float regex does, on random
// strings over the characters the pattern mentions.
TEST(YamlTest, FloatSyntaxAgreesWithTheRegex) {
  const std::regex reference(R"(^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?$)");
  const std::string alphabet = "0019._eE+-x";
  std::mt19937 rng(20261125);
  int floats = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string s;
    int len = static_cast<int>(rng() % 8);
    for (int k = 0; k < len; ++k) s += alphabet[rng() % alphabet.size()];
    bool expected = std::regex_match(s, reference);
    ASSERT_EQ(IsYamlFloatSyntax(s), expected) << "\"" << s << "\"";
    floats += expected;
  }
  EXPECT_GT(floats, 500);
  for (std::string_view s : {"1.5", "-.5", "+1e10", "1_000.0_1", "6.02E+23", "1.", "0.e-1"}) {
    EXPECT_TRUE(IsYamlFloatSyntax(s)) << s;
  }
  for (std::string_view s : {"", ".", "-", "e5", ".e5", "1e", "1e+", "_1", "1.5.5", "._1", "1 "}) {
    EXPECT_FALSE(IsYamlFloatSyntax(s)) << s;
  }
}

TEST(YamlTest, RejectsDuplicateKeys) {
  auto v = ParseYaml("a: 1\nb: 2\na: 3\n");
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().message(), "yaml: unmarshal errors:\n  line 3: key \"a\" already set in map");
}

TEST(YamlTest, SplitsDocuments) {
  auto docs = ParseYamlDocuments("---\na: 1\n---\n---\nb: 2\n");
  ASSERT_TRUE(docs.ok());
  EXPECT_EQ(docs->size(), 2u);
}

TEST(YamlTest, MalformedInputNamesLineAndColumn) {
  auto v = ParseYaml("a: b: c\n");
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().message(), "yaml: line 1: mapping values are not allowed in this context");
}

TEST(YamlTest, PrintsLikeKubectl) {
  auto v = ParseYaml(R"(
metadata:
  name: web-0
  creationTimestamp: "2026-01-01T00:00:00Z"
  annotations:
    last: |
      {"a":1}
spec:
  containers:
  - name: nginx
    args: ["sleep 10000"]
    ports: []
  empty: {}
  flag: "yes"
  star: "*"
  n: 3
)");
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(ToYaml(*v), R"(metadata:
  annotations:
    last: |
      {"a":1}
  creationTimestamp: "2026-01-01T00:00:00Z"
  name: web-0
spec:
  containers:
  - args:
    - sleep 10000
    name: nginx
    ports: []
  empty: {}
  flag: "yes"
  "n": 3
  star: '*'
)");  // yaml.v2 quotes the key "n": in YAML 1.1 a plain n is the boolean false
}

}  // namespace
}  // namespace snapsim::api
