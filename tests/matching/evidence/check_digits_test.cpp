#include "matching/evidence/check_digits.hpp"

#include <gtest/gtest.h>

#include <string>

namespace recon::matching {
namespace {

using Check = bool (*)(std::string_view);

struct Case {
  const char* scheme;
  Check check;
  const char* text;
  bool valid;
};

bool Ocr(std::string_view s) {
  return IsValidOcr(s);
}
bool OcrWithLength(std::string_view s) {
  return IsValidOcr(s, true);
}
bool Fik71(std::string_view s) {
  return IsValidFik(71, s);
}
bool Fik73(std::string_view s) {
  return IsValidFik(73, s);
}
bool Fik75(std::string_view s) {
  return IsValidFik(75, s);
}

// Valid examples are from the schemes' own documents where they give one (ISO 11649's
// RF18539007547034, the Finnish banks' 1232 and 12345672, the Belgian +++090/9337/55493+++,
// SIX's QR reference 210000000003139471430009017); the rest were computed independently.
TEST(CheckDigits, Table) {
  const Case cases[] = {
      {"luhn", IsValidLuhn, "1234567890128", true},
      {"luhn", IsValidLuhn, "18", true},
      {"luhn", IsValidLuhn, "1234567890127", false},  // last digit wrong
      {"luhn", IsValidLuhn, "1234567890182", false},  // last two transposed
      {"luhn", IsValidLuhn, "8", false},              // one digit is no payload
      {"luhn", IsValidLuhn, "00", false},             // zeros identify nothing
      {"luhn", IsValidLuhn, "0000000000", false},
      {"luhn", IsValidLuhn, "12345678901234567890123452", false},  // 26 digits: too long
      {"luhn", IsValidLuhn, "12345678x0128", false},
      {"kid mod11", IsValidKidMod11, "123456789018", true},
      {"kid mod11", IsValidKidMod11, "12345674", true},
      {"kid mod11", IsValidKidMod11, "100008-", true},   // check 10 is written '-'
      {"kid mod11", IsValidKidMod11, "1000080", false},  // ... and never '0'
      {"kid mod11", IsValidKidMod11, "123456789081", false},
      {"kid mod11", IsValidKidMod11, "123456789019", false},
      {"kid mod11", IsValidKidMod11, "1-", false},
      {"kid", IsValidKid, "3000000012", true},    // MOD10
      {"kid", IsValidKid, "123456789018", true},  // MOD11
      {"kid", IsValidKid, "3000000021", false},
      {"ocr", Ocr, "4005000012 37", false},  // canonical text only: no spaces
      {"ocr", Ocr, "400500001237", true},
      {"ocr", Ocr, "400500001273", false},
      {"ocr length digit", OcrWithLength, "1234574", true},         // length 7, digit 7 before the check
      {"ocr length digit", OcrWithLength, "1234567890128", false},  // Luhn right, length digit wrong
      {"fik 71", Fik71, "000000001234566", true},
      {"fik 71", Fik71, "026840149965328", true},
      {"fik 71", Fik71, "000000001234565", false},
      {"fik 71", Fik71, "0000000012345674", false},  // 16 digits are a +75 id
      {"fik 75", Fik75, "0000000012345674", true},
      {"fik 75", Fik75, "0000000012345675", false},
      {"fik 75", Fik75, "000000001234566", false},
      {"fik 73", Fik73, "000000001234566", false},  // +73 has no payment id
      {"finnish", IsValidFinnish, "1232", true},
      {"finnish", IsValidFinnish, "12345672", true},
      {"finnish", IsValidFinnish, "12345678907", true},
      {"finnish", IsValidFinnish, "1233", false},
      {"finnish", IsValidFinnish, "12345673", false},
      {"finnish", IsValidFinnish, "21345672", false},               // first two transposed
      {"finnish", IsValidFinnish, "232", false},                    // 3 digits: too short
      {"finnish", IsValidFinnish, "123456789012345678901", false},  // 21 digits: too long
      {"belgian", IsValidBelgianOgm, "090933755493", true},
      {"belgian", IsValidBelgianOgm, "000000009797", true},  // remainder 0 is written 97
      {"belgian", IsValidBelgianOgm, "000000009700", false},
      {"belgian", IsValidBelgianOgm, "090933755494", false},
      {"belgian", IsValidBelgianOgm, "900933755493", false},  // transposed
      {"belgian", IsValidBelgianOgm, "09093375549", false},
      {"swiss qr", IsValidSwissQr, "210000000003139471430009017", true},
      {"swiss qr", IsValidSwissQr, "000000000000000000000012347", true},
      {"swiss qr", IsValidSwissQr, "210000000003139471430009018", false},
      {"swiss qr", IsValidSwissQr, "210000000003139471430009107", false},  // transposed
      {"swiss qr", IsValidSwissQr, "000000000000000000000000000", false},
      {"swiss qr", IsValidSwissQr, "21000000000313947143000901", false},  // 26 digits
      {"rf", IsValidRf, "RF18539007547034", true},
      {"rf", IsValidRf, "RF111232", true},
      {"rf", IsValidRf, "RF98INV2026000123", true},
      {"rf", IsValidRf, "RF40123456789012345678901", true},  // 21-character body: the longest
      {"rf", IsValidRf, "RF19539007547034", false},
      {"rf", IsValidRf, "RF18539007547043", false},  // transposed
      {"rf", IsValidRf, "RF18000000000000000000000", false},
      {"rf", IsValidRf, "RF04000000000000000000000", false},   // right check, zeros only
      {"rf", IsValidRf, "RF401234567890123456789012", false},  // 22-character body
      {"rf", IsValidRf, "rf18539007547034", false},            // canonical text only: upper case
      {"rf", IsValidRf, "RF18", false},
      {"rf", IsValidRf, "RF00539007547034", false},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(c.check(c.text), c.valid) << c.scheme << ": " << c.text;
  }
}

TEST(CheckDigits, Mod97) {
  EXPECT_EQ(Mod97("97"), 0);
  EXPECT_EQ(Mod97("A"), 10);
  EXPECT_EQ(Mod97("539007547034RF18"), 1);
  EXPECT_EQ(Mod97("a"), -1);
  EXPECT_EQ(Mod97(""), 0);
}

// Every single-digit change of a valid reference is caught by its scheme.
TEST(CheckDigits, EverySingleDigitErrorIsCaught) {
  const std::pair<Check, std::string> valid[] = {
      {IsValidLuhn, "1234567890128"},
      {IsValidKidMod11, "123456789018"},
      {IsValidFinnish, "12345678907"},
      {IsValidBelgianOgm, "090933755493"},
      {IsValidSwissQr, "210000000003139471430009017"},
  };
  for (const auto& [check, text] : valid) {
    ASSERT_TRUE(check(text)) << text;
    for (size_t i = 0; i < text.size(); ++i) {
      for (char d = '0'; d <= '9'; ++d) {
        if (d == text[i]) continue;
        std::string wrong = text;
        wrong[i] = d;
        EXPECT_FALSE(check(wrong)) << wrong << " (from " << text << ")";
      }
    }
  }
}

}  // namespace
}  // namespace recon::matching
