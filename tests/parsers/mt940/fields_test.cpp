// The fixed-format fields: SWIFT amounts and dates, balances, floor limits, totals.
#include "parsers/mt940/fields.hpp"

#include <gtest/gtest.h>

namespace recon::mt940 {
namespace {

TEST(Mt940Fields, AmountsAreExactMinorUnits) {
  const struct {
    const char* text;
    int exponent;
    int64_t minor;
  } cases[] = {
      {"380115,12", 2, 38011512}, {"380115,1", 2, 38011510}, {"380115,", 2, 38011500}, {"0,12", 2, 12},
      {"00,12", 2, 12},           {"001,12", 2, 112},        {"12,50000", 2, 1250},    {"1234,", 0, 1234},
      {"1,234", 3, 1234},         {"000000000000473,17", 2, 47317},
      {"92233720368547758,07", 2, 9223372036854775807},
  };
  for (const auto& c : cases) {
    auto r = ParseSwiftAmount(c.text, c.exponent);
    ASSERT_TRUE(r.ok()) << c.text << ": " << r.error().message;
    EXPECT_EQ(*r, c.minor) << c.text;
  }
}

TEST(Mt940Fields, AmountsThatAreNot) {
  const struct {
    const char* text;
    int exponent;
    const char* says;
  } cases[] = {
      {"", 2, "is missing"},
      {"12.50", 2, "uses a point; MT940 requires a decimal comma"},
      {"1.234,50", 2, "uses a point"},
      {"1,234,50", 2, "more than one comma"},
      {"500", 2, "has no decimal comma"},
      {",50", 2, "no digit before the decimal comma"},
      {"1,005", 2, "more decimals than the currency's 2"},
      {"1,5", 0, "more decimals than the currency's 0"},
      {"-5,00", 2, "has a sign"},
      {"11 27421,94", 2, "' ' is neither a digit nor the decimal comma"},
      {"92233720368547758,08", 2, "too large"},
      {"99999999999999999999,", 2, "too large"},
      // Found by fuzzing: the message quoted the first byte of a two-byte letter alone.
      {"1\xC3\xBF" "100,00", 2, "'\xC3\xBF' is neither a digit nor the decimal comma"},
  };
  for (const auto& c : cases) {
    auto r = ParseSwiftAmount(c.text, c.exponent);
    ASSERT_FALSE(r.ok()) << c.text;
    EXPECT_NE(r.error().message.find(c.says), std::string::npos) << c.text << ": " << r.error().message;
  }
  EXPECT_EQ(*ParseSwiftAmount("0", 2, /*comma_required=*/false), 0);
}

TEST(Mt940Fields, DatesAndCurrencies) {
  EXPECT_EQ(ParseSwiftDate("261120")->ToIso(), "2026-11-20");
  EXPECT_EQ(ParseSwiftDate("991231")->ToIso(), "1999-12-31");
  EXPECT_EQ(ParseSwiftDate("000229")->ToIso(), "2000-02-29");
  EXPECT_FALSE(ParseSwiftDate("010229").ok());
  EXPECT_FALSE(ParseSwiftDate("26112").ok());
  EXPECT_FALSE(ParseSwiftDate("2611200").ok());
  EXPECT_FALSE(ParseSwiftDate("26-1-2").ok());
  EXPECT_EQ(ParseSwiftCurrency("JPY")->exponent(), 0);
  EXPECT_FALSE(ParseSwiftCurrency("eur").ok());
  EXPECT_FALSE(ParseSwiftCurrency("XYZ").ok());
  EXPECT_FALSE(ParseSwiftCurrency("EU").ok());
}

Field Make(Tag tag, std::string_view text) { return Field{tag, 5, 3, text}; }

TEST(Mt940Fields, Balances) {
  auto credit = ParseBalance(Make(Tag::k60F, "C110522EUR3236,28"));
  ASSERT_TRUE(credit.ok());
  EXPECT_EQ(credit->minor, 323628);
  EXPECT_EQ(credit->date.ToIso(), "2011-05-22");
  EXPECT_EQ(credit->currency.code(), "EUR");
  auto debit = ParseBalance(Make(Tag::k62F, "D140829JPY147,  \r\n"));
  ASSERT_TRUE(debit.ok()) << debit.error().ToString();
  EXPECT_EQ(debit->minor, -147);
  auto blank_after = ParseBalance(Make(Tag::k62F, "C140829EUR1,00\r\n   \r\n"));
  EXPECT_TRUE(blank_after.ok());
  auto short_field = ParseBalance(Make(Tag::k62F, "C"));
  ASSERT_FALSE(short_field.ok());
  EXPECT_NE(short_field.error().message.find("date '' is not a date of the form YYMMDD"), std::string::npos);
  auto no_amount = ParseBalance(Make(Tag::k62F, "C140829EUR"));
  ASSERT_FALSE(no_amount.ok());
  EXPECT_NE(no_amount.error().message.find(":62F: amount '' is missing"), std::string::npos);
  EXPECT_EQ(no_amount.error().location, "line 3, column 16");
}

TEST(Mt940Fields, FloorLimitsTotalsAndReportTime) {
  EXPECT_EQ(ParseFloorLimit(Make(Tag::k34F, "EURD12345,67"))->code(), "EUR");
  EXPECT_EQ(ParseFloorLimit(Make(Tag::k34F, "EUR13,37"))->code(), "EUR");
  EXPECT_EQ(ParseFloorLimit(Make(Tag::k34F, "PLN0"))->code(), "PLN");
  EXPECT_FALSE(ParseFloorLimit(Make(Tag::k34F, "EURX1,00")).ok());
  auto totals = ParseEntryTotals(Make(Tag::k90D, "3EUR13,37"));
  ASSERT_TRUE(totals.ok());
  EXPECT_EQ(totals->count, 3);
  EXPECT_EQ(totals->minor, 1337);
  EXPECT_FALSE(ParseEntryTotals(Make(Tag::k90C, "123456EUR1,00")).ok());
  EXPECT_EQ(ParseReportTime(Make(Tag::k13D, "1901091733+0100"))->ToIso(), "2019-01-09");
  EXPECT_EQ(ParseReportTime(Make(Tag::k13D, "1712290540"))->ToIso(), "2017-12-29");
  EXPECT_FALSE(ParseReportTime(Make(Tag::k13D, "1913091733+0100")).ok());
  EXPECT_FALSE(ParseReportTime(Make(Tag::k13D, "1901091733*0100")).ok());
}

}  // namespace
}  // namespace recon::mt940
