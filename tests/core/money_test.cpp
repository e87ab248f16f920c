#include "recon/money.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace recon {
namespace {

struct ParseCase {
  const char* text;
  int exponent;
  DecimalSeparator separator;
  int64_t minor;
};

class MoneyParseOk : public ::testing::TestWithParam<ParseCase> {};

TEST_P(MoneyParseOk, ParsesExactly) {
  const ParseCase& c = GetParam();
  auto r = ParseMinorUnits(c.text, c.exponent, c.separator);
  ASSERT_TRUE(r.ok()) << c.text << ": " << r.error().message;
  EXPECT_EQ(*r, c.minor) << c.text;
}

constexpr auto kAuto = DecimalSeparator::kAuto;
constexpr auto kPoint = DecimalSeparator::kPoint;
constexpr auto kComma = DecimalSeparator::kComma;

INSTANTIATE_TEST_SUITE_P(
    Cases, MoneyParseOk,
    ::testing::Values(ParseCase{"1234.56", 2, kAuto, 123456}, ParseCase{"1.234,56", 2, kAuto, 123456},
                      ParseCase{"-0,50", 2, kAuto, -50}, ParseCase{"1 234.56", 2, kAuto, 123456},
                      ParseCase{"+12", 2, kAuto, 1200}, ParseCase{"12.5", 2, kAuto, 1250},
                      ParseCase{"0.07", 2, kPoint, 7}, ParseCase{"1,234,567.89", 2, kAuto, 123456789},
                      ParseCase{"1.234.567", 2, kAuto, 123456700}, ParseCase{"1'234.50", 2, kAuto, 123450},
                      ParseCase{"1\xC2\xA0" "234,50", 2, kAuto, 123450},   // no-break space
                      ParseCase{"1\xE2\x80\xAF" "234,50", 2, kAuto, 123450},  // narrow no-break space
                      ParseCase{"12,50-", 2, kAuto, -1250}, ParseCase{"  42.00 ", 2, kAuto, 4200},
                      ParseCase{"1500", 0, kAuto, 1500}, ParseCase{"1.234", 3, kPoint, 1234},
                      ParseCase{"1,234", 2, kPoint, 123400}, ParseCase{"1.234", 2, kComma, 123400},
                      ParseCase{"12.50000", 2, kPoint, 1250}, ParseCase{",5", 2, kComma, 50},
                      ParseCase{"0", 2, kAuto, 0}, ParseCase{"-0.00", 2, kAuto, 0},
                      ParseCase{"92233720368547758.07", 2, kPoint, std::numeric_limits<int64_t>::max()},
                      ParseCase{"-92233720368547758.08", 2, kPoint, std::numeric_limits<int64_t>::min()}));

struct BadCase {
  const char* text;
  int exponent;
  DecimalSeparator separator;
  ErrorCode code;
  const char* says;  // a fragment the message must contain
};

class MoneyParseBad : public ::testing::TestWithParam<BadCase> {};

TEST_P(MoneyParseBad, RefusesWithReason) {
  const BadCase& c = GetParam();
  auto r = ParseMinorUnits(c.text, c.exponent, c.separator);
  ASSERT_FALSE(r.ok()) << c.text << " parsed as " << *r;
  EXPECT_EQ(r.error().code, c.code) << c.text;
  EXPECT_NE(r.error().message.find(c.says), std::string::npos) << c.text << ": " << r.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, MoneyParseBad,
    ::testing::Values(
        BadCase{"", 2, kAuto, ErrorCode::kInvalidAmount, "empty"},
        BadCase{"1.005", 2, kPoint, ErrorCode::kInvalidAmount, "allows 2"},   // never rounded
        BadCase{"1.234", 2, kAuto, ErrorCode::kInvalidAmount, "ambiguous"},  // grouping or decimal?
        BadCase{"12.5.0", 2, kPoint, ErrorCode::kInvalidAmount, "separator"},
        BadCase{"1,23,456.00", 2, kAuto, ErrorCode::kInvalidAmount, "three digits"},
        BadCase{"12a", 2, kAuto, ErrorCode::kInvalidAmount, "'a'"},
        BadCase{"--5", 2, kAuto, ErrorCode::kInvalidAmount, "sign"},
        BadCase{"-", 2, kAuto, ErrorCode::kInvalidAmount, "sign"},
        BadCase{"1e5", 2, kAuto, ErrorCode::kInvalidAmount, "'e'"},
        BadCase{"12.", 2, kPoint, ErrorCode::kInvalidAmount, "no digits after"},
        BadCase{"1 234,5 6", 2, kComma, ErrorCode::kInvalidAmount, "after its decimal"},
        BadCase{"1.234 567,00", 2, kComma, ErrorCode::kInvalidAmount, "mixes"},
        BadCase{"92233720368547758.08", 2, kPoint, ErrorCode::kAmountOverflow, "too large"},
        BadCase{"99999999999999999999", 0, kAuto, ErrorCode::kAmountOverflow, "too large"},
        BadCase{"NaN", 2, kAuto, ErrorCode::kInvalidAmount, "'N'"}));

// Each step of ParseMinorUnits refuses with its own whole message, in the order the steps
// run: the first wrong thing in the text is the one named.
TEST(Money, EachStepRefusesWithItsWholeMessage) {
  struct Case {
    const char* text;
    DecimalSeparator separator;
    const char* message;
  };
  const Case cases[] = {
      {" \t ", kAuto, "the amount is empty"},
      {"+-5", kAuto, "'+-5' has no digits after its sign, or more than one sign"},
      {"5%", kAuto, "'5%' contains '%', which does not belong in an amount"},
      {"5\xC3\xA9", kAuto, "'5\xC3\xA9' contains '\xC3\xA9', which does not belong in an amount"},
      {"5\xFF", kAuto, "'5\xFF' contains 'byte 0xFF', which does not belong in an amount"},
      {"1,234", kAuto, "'1,234' is ambiguous: the separator could be a decimal point or a thousands separator; "
                       "state which the file uses"},
      {"1.2.3", kPoint, "'1.2.3' has more than one decimal separator"},
      {"1.2 3", kPoint, "'1.2 3' has separators after its decimal separator"},
      {"12.", kPoint, "'12.' ends with a decimal separator and no digits after it"},
      {",,5", kPoint, "',,5' has a thousands separator in the wrong place"},
      {"1,000 000", kPoint, "'1,000 000' mixes different thousands separators"},
      {"1,0000", kPoint, "'1,0000' has a thousands group that is not three digits long"},
      {"1,000,", kPoint, "'1,000,' ends with a thousands separator"},
      {"1.001", kPoint, "'1.001' has 3 decimal digits but the currency allows 2"},
      {"92233720368547758.08", kPoint, "'92233720368547758.08' is too large"},
  };
  for (const Case& c : cases) {
    auto r = ParseMinorUnits(c.text, 2, c.separator);
    ASSERT_FALSE(r.ok()) << c.text << " parsed as " << *r;
    EXPECT_EQ(r.error().message, c.message) << c.text;
    EXPECT_EQ(r.error().location, "") << c.text;
  }
}

TEST(Money, FormatsInTheCurrencyExponent) {
  EXPECT_EQ(FormatMinorUnits(-123456, 2), "-1234.56");
  EXPECT_EQ(FormatMinorUnits(5, 2), "0.05");
  EXPECT_EQ(FormatMinorUnits(-5, 2), "-0.05");
  EXPECT_EQ(FormatMinorUnits(1500, 0), "1500");
  EXPECT_EQ(FormatMinorUnits(1, 3), "0.001");
  EXPECT_EQ(FormatMinorUnits(0, 2), "0.00");
  EXPECT_EQ(FormatMinorUnits(std::numeric_limits<int64_t>::min(), 2), "-92233720368547758.08");
}

TEST(Money, RoundTripsThroughText) {
  for (int64_t v : {int64_t{0}, int64_t{1}, int64_t{-1}, int64_t{99}, int64_t{-100}, int64_t{123456789}}) {
    for (int e : {0, 2, 3}) {
      auto back = ParseMinorUnits(FormatMinorUnits(v, e), e, kPoint);
      ASSERT_TRUE(back.ok());
      EXPECT_EQ(*back, v);
    }
  }
}

TEST(Currency, KnowsExponents) {
  EXPECT_EQ(Currency::FromCode("EUR")->exponent(), 2);
  EXPECT_EQ(Currency::FromCode("JPY")->exponent(), 0);
  EXPECT_EQ(Currency::FromCode("BHD")->exponent(), 3);
  EXPECT_FALSE(Currency::FromCode("XXQ").has_value());
  EXPECT_FALSE(Currency::FromCode("eur").has_value());
  EXPECT_FALSE(Currency::FromCode("EURO").has_value());
}

TEST(Money, ParsesInItsCurrency) {
  auto jpy = Money::Parse("1500", "JPY");
  ASSERT_TRUE(jpy.ok());
  EXPECT_EQ(jpy->minor, 1500);
  auto bad_jpy = Money::Parse("15.5", "JPY", kPoint);
  ASSERT_FALSE(bad_jpy.ok());
  auto bhd = Money::Parse("1.234", "BHD", kPoint);
  ASSERT_TRUE(bhd.ok());
  EXPECT_EQ(bhd->minor, 1234);
  EXPECT_EQ(bhd->ToString(), "1.234");
  auto unknown = Money::Parse("1", "ABC");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, ErrorCode::kUnknownCurrency);
}

TEST(Money, ArithmeticStaysInOneCurrencyAndChecksOverflow) {
  const Money eur{100, *Currency::FromCode("EUR")};
  const Money sek{100, *Currency::FromCode("SEK")};
  auto sum = eur.Plus(eur);
  ASSERT_TRUE(sum.ok());
  EXPECT_EQ(sum->minor, 200);
  auto mixed = eur.Plus(sek);
  ASSERT_FALSE(mixed.ok());
  EXPECT_EQ(mixed.error().code, ErrorCode::kCurrencyMismatch);
  const Money big{std::numeric_limits<int64_t>::max(), *Currency::FromCode("EUR")};
  auto overflow = big.Plus(eur);
  ASSERT_FALSE(overflow.ok());
  EXPECT_EQ(overflow.error().code, ErrorCode::kAmountOverflow);
  const Money small{std::numeric_limits<int64_t>::min(), *Currency::FromCode("EUR")};
  EXPECT_FALSE(small.Minus(eur).ok());
}

}  // namespace
}  // namespace recon
