// The character-set edge: UTF-8 passes, Latin-1 / Windows-1252 are converted, control bytes
// are found.
#include "parsers/mt940/charset.hpp"

#include <gtest/gtest.h>

namespace recon::mt940 {
namespace {

TEST(Mt940Charset, TellsUtf8FromEverythingElse) {
  const struct {
    std::string bytes;
    bool utf8;
  } cases[] = {
      {"plain ASCII, long enough for the eight-byte path: :61:2611201120C1,50NTRF", true},
      {"M\xC3\xBCller \xE2\x82\xAC \xF0\x9F\x92\xB6", true},
      {"M\xFCller", false},                 // Latin-1 u-umlaut
      {"\xC3", false},                      // cut sequence
      {"\xC0\xAF", false},                  // overlong '/'
      {"\xE0\x80\xAF", false},              // overlong, three bytes
      {"\xED\xA0\x80", false},              // UTF-16 surrogate
      {"\xF4\x90\x80\x80", false},          // beyond U+10FFFF
      {"\xF0\x80\x80\xAF", false},          // overlong, four bytes
      {"abcdefgh\x80", false},              // a stray continuation byte after the fast path
  };
  for (const auto& c : cases) {
    const CharsetCheck check = CheckCharset(c.bytes);
    EXPECT_EQ(check.utf8, c.utf8) << ::testing::PrintToString(c.bytes);
    EXPECT_FALSE(check.control_at.has_value());
  }
}

TEST(Mt940Charset, FindsControlBytesButAllowsTabsLineEndsAndSwiftFraming) {
  EXPECT_FALSE(CheckCharset("a\tb\r\nc\rd").control_at.has_value());
  const CharsetCheck framed = CheckCharset("\x01{1:F01}\r\n-}\x03");
  EXPECT_FALSE(framed.control_at.has_value());
  EXPECT_TRUE(framed.framing);
  EXPECT_EQ(CheckCharset(std::string("abc\0def", 7)).control_at, 3u);
  EXPECT_EQ(CheckCharset("0123456789abcdef\x7F").control_at, 16u);
  EXPECT_EQ(CheckCharset("0123456789\x1B[0m").control_at, 10u);
  EXPECT_EQ(CheckCharset("M\xFCller\x02").control_at, 6u);  // found in Latin-1 text too
}

TEST(Mt940Charset, ConvertsWindows1252) {
  EXPECT_EQ(Windows1252ToUtf8("M\xFCller \xDF"), "M\xC3\xBCller \xC3\x9F");
  EXPECT_EQ(Windows1252ToUtf8("\x80 \x84x\x93 \x96 \x9F"), "\xE2\x82\xAC \xE2\x80\x9Ex\xE2\x80\x9C \xE2\x80\x93 \xC5\xB8");
  EXPECT_EQ(Windows1252ToUtf8("\x81\x8D\x8F\x90\x9D"), "\xC2\x81\xC2\x8D\xC2\x8F\xC2\x90\xC2\x9D");  // undefined: C1
  EXPECT_EQ(Windows1252ToUtf8("\xA0\xFF"), "\xC2\xA0\xC3\xBF");
  EXPECT_EQ(Windows1252ToUtf8("ascii"), "ascii");
}

}  // namespace
}  // namespace recon::mt940
