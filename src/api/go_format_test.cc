#include "src/api/go_format.h"

#include <gtest/gtest.h>

namespace snapsim::api {
namespace {

TEST(GoQuoteTest, QuotesAsStrconvQuoteDoes) {
  EXPECT_EQ(GoQuote(""), R"("")");
  EXPECT_EQ(GoQuote("snapcontent-1 not ready"), R"("snapcontent-1 not ready")");
  EXPECT_EQ(GoQuote(R"(say "hi" \ bye)"), R"("say \"hi\" \\ bye")");
  EXPECT_EQ(GoQuote("a\nb\tc\r\a\b\f\v"), R"("a\nb\tc\r\a\b\f\v")");
  EXPECT_EQ(GoQuote(std::string_view("\x01\x7f\0z", 4)), R"("\x01\x7f\x00z")");
  EXPECT_EQ(GoQuote("zoné ✓"), "\"zoné ✓\"");          // printable UTF-8 stays
  EXPECT_EQ(GoQuote("bad \xff byte"), R"("bad \xff byte")");  // invalid UTF-8
  EXPECT_EQ(GoQuote("line\xe2\x80\xa8sep"), R"("line\u2028sep")");  // U+2028 is not printable
  EXPECT_EQ(GoQuote("\xf0\x9f\x98\x80"), "\"\xf0\x9f\x98\x80\"");    // U+1F600
}

}  // namespace
}  // namespace snapsim::api
