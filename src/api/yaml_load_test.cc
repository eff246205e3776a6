// LoadYaml: the subset reader's tree or yaml-cpp's, and yaml-cpp's errors as values.
#include "src/api/yaml_load.h"

#include <string>

#include <gtest/gtest.h>

namespace snapsim::yaml {
namespace {

TEST(YamlLoadTest, SyntaxErrorsAreYamlCppsWithTheirMarks) {
  Documents docs = LoadYaml("a: 1\nb: [x, y\n");
  ASSERT_TRUE(docs.error.has_value());
  EXPECT_TRUE(docs.nodes.empty());
  EXPECT_EQ(docs.error->message, "end of sequence flow not found");
  EXPECT_EQ(docs.error->mark.line, 2);
}

TEST(YamlLoadTest, AliasesAreCopiedOutOfYamlCppsSharedNodes) {
  Documents docs = LoadYaml("base: &b {k: v}\nuse: *b\n");
  ASSERT_FALSE(docs.error.has_value());
  ASSERT_EQ(docs.nodes.size(), 1u);
  const Node& root = docs.nodes[0];
  ASSERT_EQ(root.size(), 2u);
  const Node& copy = root.members()[1].second;
  ASSERT_TRUE(copy.IsMap());
  EXPECT_EQ(copy.members()[0].first.Scalar(), "k");
  EXPECT_EQ(copy.members()[0].second.Scalar(), "v");
}

TEST(YamlLoadTest, AliasesThatExpandWithoutBoundAreAnError) {
  // Seven levels of ten aliases each: 10^7 nodes once copied.
  std::string text = "l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i <= 6; ++i) {
    text += "l" + std::to_string(i) + ": &l" + std::to_string(i) + " [";
    for (int j = 0; j < 10; ++j) text += (j ? ", *l" : "*l") + std::to_string(i - 1);
    text += "]\n";
  }
  Documents docs = LoadYaml(text);
  ASSERT_TRUE(docs.error.has_value());
  EXPECT_TRUE(docs.nodes.empty());
  EXPECT_NE(docs.error->message.find("document too large"), std::string::npos) << docs.error->message;
  // A node that contains itself never ends either.
  docs = LoadYaml("a: &a [*a]\n");
  ASSERT_TRUE(docs.error.has_value());
  EXPECT_NE(docs.error->message.find("document too large"), std::string::npos) << docs.error->message;
}

TEST(YamlLoadTest, EmptyTextsHaveNoDocuments) {
  EXPECT_TRUE(LoadYaml("").nodes.empty());
  EXPECT_TRUE(LoadYaml("# only a comment\n").nodes.empty());
  EXPECT_FALSE(LoadYaml("").error.has_value());
}

}  // namespace
}  // namespace snapsim::yaml
