// OFX date-times and amounts, one row per case.
#include "parsers/ofx/ofx_values.hpp"

#include <gtest/gtest.h>

#include "parsers/ofx/ofx_charset.hpp"

namespace recon::ofx {
namespace {

struct DateCase {
  const char* text;
  const char* date;  // ISO date, or nullptr when the text must be refused
  const char* says = "";
};

TEST(OfxValues, DatesKeepTheDayAsWrittenInTheirOwnZone) {
  const DateCase cases[] = {
      {"20260315", "2026-03-15"},
      {"20260315143000", "2026-03-15"},
      {"20260315143000.123", "2026-03-15"},
      {"20260315143000.5", "2026-03-15"},
      {"202603151430", "2026-03-15"},  // YYYYMMDDHHMM, as ofxtools' samples write DTASOF
      {"20260315235959[-5:EST]", "2026-03-15"},  // 04:59 UTC on the 16th, still the 15th for the bank
      {"20260315000000[+2:CET]", "2026-03-15"},  // 22:00 UTC on the 14th
      {"20260315[0:GMT]", "2026-03-15"},
      {"20260315120000[-03:EST]", "2026-03-15"},
      {"20260315120000[+5.30:IST]", "2026-03-15"},
      {"20260315120000[+5:30]", "2026-03-15"},
      {"20260315120000[-7]", "2026-03-15"},
      {"20260315120000 [-5:EST]", "2026-03-15"},
      {"  20260315  ", "2026-03-15"},
      {"20240229", "2024-02-29"},
      {"20260615235960", "2026-06-15"},  // a leap second
      {"", nullptr, "empty"},
      {"2026031", nullptr, "YYYYMMDD"},
      {"2026-03-15", nullptr, "YYYYMMDD"},
      {"20261315", nullptr, "not a calendar date"},
      {"20250229", nullptr, "not a calendar date"},
      {"20260230", nullptr, "not a calendar date"},
      {"201120000000", nullptr, "not a calendar date"},  // jseutter fail_nice/decimal_error.ofx
      {"20260315250000", nullptr, "HHMMSS"},
      {"20260315126000", nullptr, "HHMMSS"},
      {"202603151", nullptr, "HHMMSS"},
      {"20260315120000.1234", nullptr, "HHMMSS"},
      {"20260315120000:014", nullptr, "HHMMSS"},
      {"20260315120000.", nullptr, "HHMMSS"},
      {"20260315[-5:EST", nullptr, "not closed"},
      {"20260315[-25:XXX]", nullptr, "zone"},
      {"20260315[EST]", nullptr, "zone"},
      {"20260315[]", nullptr, "zone"},
      {"20260315[-5:E$T]", nullptr, "zone"},
      {"18991231", nullptr, "out of range"},
      {"2026O315", nullptr, "YYYYMMDD"},
  };
  for (const DateCase& c : cases) {
    auto date = ParseOfxDate(c.text);
    if (c.date) {
      ASSERT_TRUE(date.ok()) << c.text << ": " << date.error().message;
      EXPECT_EQ(date->ToIso(), c.date) << c.text;
    } else {
      ASSERT_FALSE(date.ok()) << c.text << " was read as " << date->ToIso();
      EXPECT_EQ(date.error().code, ErrorCode::kInvalidDate) << c.text;
      EXPECT_NE(date.error().message.find(c.says), std::string::npos) << c.text << ": " << date.error().message;
    }
  }
}

struct AmountCase {
  const char* text;
  const char* currency;
  int64_t minor;
  ErrorCode error = ErrorCode::kInternal;  // kInternal: no error expected
  const char* says = "";
};

TEST(OfxValues, AmountsAreExactWithPointOrDecimalComma) {
  const AmountCase cases[] = {
      {"-12.50", "EUR", -1250},
      {"12.5", "EUR", 1250},
      {"140", "BRL", 14000},
      {"-140", "BRL", -14000},
      {"+500.00", "USD", 50000},
      {"-.5", "USD", -50},
      {"0.00", "USD", 0},
      {"12.50000", "EUR", 1250},  // extra zeros are exact
      {"-200,00", "EUR", -20000},  // decimal comma, French and Brazilian banks
      {"1250,5", "EUR", 125050},
      {"1,234", "BHD", 1234},      // BHD has three decimals, so the comma is a decimal comma
      {"1.234,56", "EUR", 123456},
      {"1,234.56", "USD", 123456},
      {"-10000", "JPY", -10000},
      {" 13318.36 ", "BRL", 1331836},
      {"1,234", "EUR", 0, ErrorCode::kInvalidAmount, "more digits after it"},
      {"1,2,3", "EUR", 0, ErrorCode::kInvalidAmount, "several commas"},
      {"1.005", "EUR", 0, ErrorCode::kInvalidAmount, "decimal digits"},
      {"12.5", "JPY", 0, ErrorCode::kInvalidAmount, "decimal digits"},
      {"12.0", "JPY", 12},
      {"$120", "CAD", 0, ErrorCode::kInvalidAmount, "'$'"},
      {"1O.00", "EUR", 0, ErrorCode::kInvalidAmount, "'O'"},
      // Regression (found by fuzz_ofx): a non-ASCII letter was quoted as one byte of its
      // UTF-8 sequence, which put invalid UTF-8 into the message. It is quoted whole now.
      {"-1\xC3\xBF\x06", "EUR", 0, ErrorCode::kInvalidAmount, "contains '\xC3\xBF'"},
      {"12\xE2\x82\xAC", "EUR", 0, ErrorCode::kInvalidAmount, "contains '\xE2\x82\xAC'"},
      {"", "EUR", 0, ErrorCode::kInvalidAmount, "empty"},
      {"-", "EUR", 0, ErrorCode::kInvalidAmount, "no digits"},
      {"1.2.3", "EUR", 0, ErrorCode::kInvalidAmount, "more than one decimal"},
      {"99999999999999999999", "EUR", 0, ErrorCode::kAmountOverflow, "too large"},
  };
  for (const AmountCase& c : cases) {
    auto minor = ParseOfxAmount(c.text, *Currency::FromCode(c.currency));
    if (c.error == ErrorCode::kInternal) {
      ASSERT_TRUE(minor.ok()) << c.text << " " << c.currency << ": " << minor.error().message;
      EXPECT_EQ(*minor, c.minor) << c.text << " " << c.currency;
    } else {
      ASSERT_FALSE(minor.ok()) << c.text << " was read as " << *minor;
      EXPECT_EQ(minor.error().code, c.error) << c.text;
      EXPECT_NE(minor.error().message.find(c.says), std::string::npos) << c.text << ": " << minor.error().message;
      EXPECT_TRUE(IsValidUtf8(minor.error().message)) << c.text;
    }
  }
}

}  // namespace
}  // namespace recon::ofx
