#include "recon/ascii.hpp"

#include <gtest/gtest.h>

#include <cctype>

namespace recon {
namespace {

// Every byte against <cctype> in the "C" locale, where the two must agree, except the two
// spaces files do not use (vertical tab, form feed) and every byte of a UTF-8 sequence.
TEST(Ascii, ClassesAgreeWithTheCLocaleOnEveryByte) {
  for (int b = 0; b < 256; ++b) {
    const char c = static_cast<char>(b);
    SCOPED_TRACE(b);
    EXPECT_EQ(ascii::IsDigit(c), std::isdigit(b) != 0);
    EXPECT_EQ(ascii::IsUpper(c), std::isupper(b) != 0);
    EXPECT_EQ(ascii::IsLower(c), std::islower(b) != 0);
    EXPECT_EQ(ascii::IsAlpha(c), std::isalpha(b) != 0);
    EXPECT_EQ(ascii::IsAlnum(c), std::isalnum(b) != 0);
    EXPECT_EQ(ascii::IsHexDigit(c), std::isxdigit(b) != 0);
    EXPECT_EQ(ascii::IsPunct(c), std::ispunct(b) != 0);
    EXPECT_EQ(ascii::IsSpace(c), std::isspace(b) != 0 && b != '\v' && b != '\f');
    EXPECT_EQ(static_cast<unsigned char>(ascii::ToUpper(c)), b < 0x80 ? std::toupper(b) : b);
    EXPECT_EQ(static_cast<unsigned char>(ascii::ToLower(c)), b < 0x80 ? std::tolower(b) : b);
  }
}

TEST(Ascii, AllDigitsWantsAtLeastOneDigitAndNothingElse) {
  EXPECT_TRUE(ascii::AllDigits("0"));
  EXPECT_TRUE(ascii::AllDigits("0123456789"));
  EXPECT_FALSE(ascii::AllDigits(""));
  EXPECT_FALSE(ascii::AllDigits("12 3"));
  EXPECT_FALSE(ascii::AllDigits("-1"));
  EXPECT_FALSE(ascii::AllDigits("\xD9\xA3"));  // ARABIC-INDIC DIGIT THREE is not an ASCII digit
}

TEST(Ascii, TrimAndBlankUseTheFourFileSpaces) {
  EXPECT_EQ(ascii::Trim(" \t\r\nab c\n\r\t "), "ab c");
  EXPECT_EQ(ascii::Trim(""), "");
  EXPECT_EQ(ascii::Trim(" \t "), "");
  EXPECT_EQ(ascii::Trim("\vx\f"), "\vx\f");
  EXPECT_EQ(ascii::Trim("\xC2\xA0x"), "\xC2\xA0x");  // a no-break space is not ASCII space
  EXPECT_TRUE(ascii::IsBlank(""));
  EXPECT_TRUE(ascii::IsBlank(" \r\n\t"));
  EXPECT_FALSE(ascii::IsBlank(" . "));
}

TEST(Ascii, CaseCopiesLeaveOtherBytesAlone) {
  EXPECT_EQ(ascii::Uppercased("iban de89 Müller"), "IBAN DE89 MüLLER");
  EXPECT_EQ(ascii::Lowercased("IBAN DE89 MÜLLER"), "iban de89 mÜller");
  EXPECT_EQ(ascii::Uppercased(""), "");
}

}  // namespace
}  // namespace recon
