// The shared single-byte -> UTF-8 conversion and UTF-8 checks (parsers/common/single_byte),
// one table row per case.
#include <gtest/gtest.h>

#include "parsers/common/single_byte.hpp"

namespace recon::parsers {
namespace {

struct ConversionCase {
  const char* bytes;
  SingleByteCharset charset;
  const char* utf8;
};

TEST(SingleByte, ConvertsEachCharset) {
  const ConversionCase cases[] = {
      {"plain ASCII", SingleByteCharset::kWindows1252, "plain ASCII"},
      {"\x80 5", SingleByteCharset::kWindows1252, "\xE2\x82\xAC 5"},               // euro sign
      {"\x93quoted\x94", SingleByteCharset::kWindows1252, "\xE2\x80\x9Cquoted\xE2\x80\x9D"},
      {"\x8A\x9A\x8E\x9E", SingleByteCharset::kWindows1252, "\xC5\xA0\xC5\xA1\xC5\xBD\xC5\xBE"},  // S/Z caron
      {"\x81\x8D\x8F\x90\x9D", SingleByteCharset::kWindows1252, "\xC2\x81\xC2\x8D\xC2\x8F\xC2\x90\xC2\x9D"},  // undefined: C1
      {"M\xFCller \xC5s", SingleByteCharset::kWindows1252, "M\xC3\xBCller \xC3\x85s"},
      {"\x80", SingleByteCharset::kLatin1, "\xC2\x80"},                              // a C1 control in Latin-1
      {"\xA4\xFF", SingleByteCharset::kLatin1, "\xC2\xA4\xC3\xBF"},                  // currency sign, y diaeresis
      {"\xA4", SingleByteCharset::kLatin9, "\xE2\x82\xAC"},                          // euro sign at 0xA4
      {"\xA6\xA8\xB4\xB8\xBC\xBD\xBE", SingleByteCharset::kLatin9,
       "\xC5\xA0\xC5\xA1\xC5\xBD\xC5\xBE\xC5\x92\xC5\x93\xC5\xB8"},
      {"\xE9", SingleByteCharset::kLatin9, "\xC3\xA9"},
  };
  for (const ConversionCase& c : cases) {
    SCOPED_TRACE(c.bytes);
    EXPECT_EQ(SingleByteToUtf8(c.bytes, c.charset), c.utf8);
  }
}

TEST(SingleByte, EveryWindows1252ByteGivesValidUtf8) {
  std::string all;
  for (int b = 1; b < 256; ++b) all += static_cast<char>(b);
  for (auto charset : {SingleByteCharset::kWindows1252, SingleByteCharset::kLatin1, SingleByteCharset::kLatin9}) {
    EXPECT_EQ(FirstInvalidUtf8(SingleByteToUtf8(all, charset)), std::string_view::npos);
  }
}

struct Utf8Case {
  std::string bytes;
  size_t first_invalid;  // npos: all valid
};

TEST(SingleByte, FindsTheFirstByteThatIsNotUtf8) {
  constexpr size_t kValid = std::string_view::npos;
  const Utf8Case cases[] = {
      {"", kValid},
      {"ASCII only, longer than eight bytes", kValid},
      {"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x92\xB6", kValid},  // 2, 3 and 4 bytes
      {"abc\xE9 def", 3},                                // Latin-1 byte
      {"abcdefgh\x80", 8},                               // stray continuation after an ASCII word
      {"\xC0\xAF", 0},                                   // overlong '/'
      {"\xE0\x80\xAF", 0},                               // overlong three-byte
      {"\xED\xA0\x80", 0},                               // UTF-16 surrogate
      {"\xF4\x90\x80\x80", 0},                           // above U+10FFFF
      {"ok\xE2\x82", 2},                                 // cut at the end
  };
  for (const Utf8Case& c : cases) {
    SCOPED_TRACE(c.bytes);
    EXPECT_EQ(FirstInvalidUtf8(c.bytes), c.first_invalid);
  }
}

}  // namespace
}  // namespace recon::parsers
