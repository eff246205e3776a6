// AppendJsonString: Go's encoding/json string escapes, around runs of plain text.
#include "src/api/json.h"

#include <string>

#include <gtest/gtest.h>

namespace snapsim::api {
namespace {

std::string Quoted(std::string_view s, bool escape_html = false) {
  std::string out = "x";
  AppendJsonString(out, s, escape_html);
  return out;
}

TEST(JsonStringTest, EscapesQuotesBackslashesAndControlCharacters) {
  EXPECT_EQ(Quoted(""), "x\"\"");
  EXPECT_EQ(Quoted("plain text"), "x\"plain text\"");
  EXPECT_EQ(Quoted("a\"b\\c"), "x\"a\\\"b\\\\c\"");
  EXPECT_EQ(Quoted("\nline\r\tend\n"), "x\"\\nline\\r\\tend\\n\"");
  EXPECT_EQ(Quoted(std::string("\x01z\x1f", 3)), "x\"\\u0001z\\u001f\"");
  EXPECT_EQ(Quoted(std::string("nul\0", 4)), "x\"nul\\u0000\"");
  EXPECT_EQ(Quoted("caf\xc3\xa9 \x7f"), "x\"caf\xc3\xa9 \x7f\"");
}

TEST(JsonStringTest, EscapesHtmlOnlyWhenAsked) {
  EXPECT_EQ(Quoted("<a & b>"), "x\"<a & b>\"");
  EXPECT_EQ(Quoted("<a & b>", true), "x\"\\u003ca \\u0026 b\\u003e\"");
}

}  // namespace
}  // namespace snapsim::api
