// :61: statement lines: every subfield, the year of the entry date, reversals, and each
// way the field can be wrong.
#include <gtest/gtest.h>

#include "parsers/mt940/statement_line_field.hpp"
#include "parsers/mt940/tokenizer.hpp"

namespace recon::mt940 {
namespace {

Result<StatementLineField> Parse61(std::string_view text, uint32_t line = 7) {
  LineDateCache dates;
  return ParseStatementLineField(Field{Tag::k61, 4, line, text}, 2, dates);
}

struct GoodLine {
  const char* name;
  const char* text;
  const char* value_date;
  const char* entry_date;  // "" = none
  bool credit;
  bool reversal;
  char funds_code;
  int64_t minor;
  const char* type;
  const char* customer;
  const char* bank;
  const char* extra;
  const char* supplementary;
};

TEST(Mt940StatementLine, ReadsEverySubfield) {
  const GoodLine cases[] = {
      {"plain credit", "2611201120C16462,56NTRFNONREF//20261120010000004", "2026-11-20", "2026-11-20", true, false, 0,
       1646256, "NTRF", "", "20261120010000004", "", ""},
      {"no entry date, debit", "110101D10,00N000NONREF", "2011-01-01", "", false, false, 0, 1000, "N000", "", "", "", ""},
      {"funds code R after D", "1902180218DR20,00N037NONREF", "2019-02-18", "2019-02-18", false, false, 'R', 2000, "N037",
       "", "", "", ""},
      {"RC: reversal of a credit is money out", "2002010219RCR1027,25N068NONREF", "2020-02-01", "2020-02-19", false,
       true, 'R', 102725, "N068", "", "", "", ""},
      {"RD: reversal of a debit is money in", "2002010219RDR1027,25N068NONREF", "2020-02-01", "2020-02-19", true, true,
       'R', 102725, "N068", "", "", "", ""},
      {"RD without funds code", "200201RD5,N068REF1", "2020-02-01", "", true, true, 0, 500, "N068", "REF1", "", "", ""},
      {"funds code letter N", "110701CN50,00NZ10NONREF", "2011-07-01", "", true, false, 'N', 5000, "NZ10", "", "", "",
       ""},
      {"amount without decimals", "1105240524D9,N192NONREF", "2011-05-24", "2011-05-24", false, false, 0, 900, "N192", "",
       "", "", ""},
      {"one decimal", "131017D620,3NSTON", "2013-10-17", "", false, false, 0, 62030, "NSTO", "N", "", "", ""},
      {"leading zeros", "110527D000000001213,28N0440121470966      W.P. Jansen                      ", "2011-05-27",
       "", false, false, 0, 121328, "N044", "0121470966", "", "W.P. Jansen", ""},
      {"space before the type", "2103310331C50,00 NTRFNONREF//2109025460313532", "2021-03-31", "2021-03-31", true,
       false, 0, 5000, "NTRF", "", "2109025460313532", "", ""},
      {"type with a space (old ING)", "100722D25,03NOV NONREF", "2010-07-22", "", false, false, 0, 2503, "NOV", "", "",
       "", ""},
      {"customer reference of 16 with bank reference", "1609140914C100,N110NL66RABO01295689//B6I14PGAHT6R1BM1",
       "2016-09-14", "2016-09-14", true, false, 0, 10000, "N110", "NL66RABO01295689", "B6I14PGAHT6R1BM1", "", ""},
      {"customer reference with spaces", "1407290729C500,NTRF29-07-2014 10:05//B4G29PGDCK1QFV3E", "2014-07-29",
       "2014-07-29", true, false, 0, 50000, "NTRF", "29-07-2014 10:05", "B4G29PGDCK1QFV3E", "", ""},
      {"bank reference NONREF is absent", "1312091209C79,7FMSC01916//NONREF\n20131209007602198765432000000012",
       "2013-12-09", "2013-12-09", true, false, 0, 7970, "FMSC", "01916", "", "", "20131209007602198765432000000012"},
      {"supplementary details on the next line", "0910010930CR0,23FINTInterest\r\n/OCMT/EUR11,85//CHGS/EUR0,50/",
       "2009-10-01", "2009-09-30", true, false, 'R', 23, "FINT", "Interest", "", "",
       "/OCMT/EUR11,85//CHGS/EUR0,50/"},
      {"bank reference longer than 16", "1001010101C1,00NTRFABC//12345678901234567890", "2010-01-01", "2010-01-01", true,
       false, 0, 100, "NTRF", "ABC", "12345678901234567890", "", ""},
      {"customer reference longer than 16 before //", "1001010101C1,00NTRFABCDEFGHIJKLMNOPQ//B", "2010-01-01",
       "2010-01-01", true, false, 0, 100, "NTRF", "ABCDEFGHIJKLMNOPQ", "B", "", ""},
      {"no reference at all", "170914D233,15NMSC", "2017-09-14", "", false, false, 0, 23315, "NMSC", "", "", "", ""},
      {"S type with padded code", "1710111011DF2402,00S   X", "2017-10-11", "2017-10-11", false, false, 'F', 240200, "S",
       "X", "", "", ""},
  };
  for (const GoodLine& c : cases) {
    SCOPED_TRACE(c.name);
    auto r = Parse61(c.text);
    ASSERT_TRUE(r.ok()) << r.error().ToString();
    EXPECT_EQ(r->value_date.ToIso(), c.value_date);
    EXPECT_EQ(r->entry_date ? r->entry_date->ToIso() : "", c.entry_date);
    EXPECT_EQ(r->credit, c.credit);
    EXPECT_EQ(r->reversal, c.reversal);
    EXPECT_EQ(r->funds_code, c.funds_code);
    EXPECT_EQ(r->amount_minor, c.minor);
    EXPECT_EQ(r->type_code, c.type);
    EXPECT_EQ(r->customer_reference, c.customer);
    EXPECT_EQ(r->bank_reference, c.bank);
    EXPECT_EQ(r->extra, c.extra);
    EXPECT_EQ(r->supplementary, c.supplementary);
  }
}

TEST(Mt940StatementLine, EntryDateTakesTheYearNearestTheValueDate) {
  const struct {
    const char* text;
    const char* booking;
  } cases[] = {
      {"0101021230C1,00NTRF", "2000-12-30"},  // value 2 Jan, booked 30 Dec the year before
      {"1412240102CR1,62NTRF", "2015-01-02"}, // value 24 Dec, booked 2 Jan the year after
      {"1401101224CR1,62NTRF", "2013-12-24"}, // value 10 Jan, booked 24 Dec the year before
      {"1601300301DR6,00N024", "2016-03-01"}, // same year, a month apart
      {"1606300101C1,00NTRF", "2016-01-01"},  // half a year apart stays in the same year
      {"1603150229C1,00NTRF", "2016-02-29"},  // 29 February in a leap year
      {"1608010229C1,00NTRF", "2016-02-29"},  // five months before the value date
  };
  for (const auto& c : cases) {
    auto r = Parse61(c.text);
    ASSERT_TRUE(r.ok()) << c.text << ": " << r.error().ToString();
    ASSERT_TRUE(r->entry_date.has_value()) << c.text;
    EXPECT_EQ(r->entry_date->ToIso(), c.booking) << c.text;
  }
}

struct BadLine {
  const char* text;
  const char* location;
  const char* says;
};

TEST(Mt940StatementLine, NamesTheLineColumnAndProblem) {
  const BadLine cases[] = {
      {"1105240524D12.50NTRFNONREF", "line 7, column 16",
       ":61: amount '12.50' uses a point; MT940 requires a decimal comma"},
      {"1407290729C500NTRF29-07-2014", "line 7, column 16", "amount '500' has no decimal comma"},
      {"1105240524D12,5,0NTRF", "line 7, column 16", "more than one comma"},
      {"1105240524D,50NTRF", "line 7, column 16", "no digit before the decimal comma"},
      {"1105240524D1,005NTRF", "line 7, column 16", "more decimals than the currency's 2"},
      {"1105240524D99999999999999999999,00NTRF", "line 7, column 16", "too large"},
      {"1602300301DR6,00N024NONREF", "line 7, column 5", "value date '160230' is not a calendar date"},
      {"16023", "line 7, column 5", "must start with the value date YYMMDD"},
      {"AB0101C1,00NTRF", "line 7, column 5", "must start with the value date YYMMDD"},
      {"160101023C1,00NTRF", "line 7, column 11", "entry date after the value date must be four digits MMDD"},
      {"1601011332C1,00NTRF", "line 7, column 11", "entry date '1332' (MMDD) is not a calendar date"},
      {"1601010230C1,00NTRF", "line 7, column 11", "entry date '0230' (MMDD) is not a calendar date"},
      // Found by fuzzing: 29 February 2020 was taken for a value date of 18 February 2019.
      {"1902180229DR20,00NTRF", "line 7, column 11", "'0229' (MMDD) is not a calendar date within half a year"},
      {"160101X1,00NTRF", "line 7, column 11", "expected the debit/credit mark C, D, RC or RD after the date, found 'X1'"},
      {"160101", "line 7, column 11", "debit/credit mark C, D, RC or RD after the date, but the line ends there"},
      {"1811261126CR", "line 7, column 17", "expected the amount after the debit/credit mark, but the line ends there"},
      {"1811261126C-5,00NTRF", "line 7, column 16", "expected the amount after the debit/credit mark, found '-5,00NTRF'"},
      {"160101C1,00", "line 7, column 16", "expected the transaction type after the amount"},
      {"160101C1,00NTR", "line 7, column 16", "like NTRF, found 'NTR'"},
      {"160101C1,001234", "line 7, column 12", "more decimals than the currency's 2"},
      {"160101C1,00 1234", "line 7, column 17", "expected the transaction type after the amount"},
      // Found by fuzzing: a letter beyond ASCII in the type was cut in two bytes into the result.
      {"2611201120C50,00NTR\xC3\xADNONREF", "line 7, column 21", "like NTRF, found 'NTR\xC3\xAD'"},
  };
  for (const BadLine& c : cases) {
    auto r = Parse61(c.text);
    ASSERT_FALSE(r.ok()) << c.text;
    EXPECT_EQ(r.error().code, ErrorCode::kMalformedFile) << c.text;
    EXPECT_EQ(r.error().location, c.location) << c.text << ": " << r.error().ToString();
    EXPECT_NE(r.error().message.find(c.says), std::string::npos) << c.text << ": " << r.error().ToString();
  }
}

TEST(Mt940StatementLine, TheDateCacheNeverLeaksADateIntoTheNextLine) {
  // Regression guard for the cache of the last dates: every row must read its own dates.
  LineDateCache dates;
  const struct {
    const char* text;
    const char* value;
    const char* booking;  // "" = no entry date
  } rows[] = {
      {"2611201120C1,00NTRF", "2026-11-20", "2026-11-20"}, {"2611201121C1,00NTRF", "2026-11-20", "2026-11-21"},
      {"261120C1,00NTRF", "2026-11-20", ""},                {"2611211121C1,00NTRF", "2026-11-21", "2026-11-21"},
      {"2701021230C1,00NTRF", "2027-01-02", "2026-12-30"},  {"2701031230C1,00NTRF", "2027-01-03", "2026-12-30"},
      {"2701031230C1,00NTRF", "2027-01-03", "2026-12-30"},
  };
  for (const auto& row : rows) {
    auto r = ParseStatementLineField(Field{Tag::k61, 4, 1, row.text}, 2, dates);
    ASSERT_TRUE(r.ok()) << row.text;
    EXPECT_EQ(r->value_date.ToIso(), row.value) << row.text;
    EXPECT_EQ(r->entry_date ? r->entry_date->ToIso() : "", row.booking) << row.text;
  }
  auto bad = ParseStatementLineField(Field{Tag::k61, 4, 1, "2701031332C1,00NTRF"}, 2, dates);
  EXPECT_FALSE(bad.ok());
}

TEST(Mt940StatementLine, InferEntryDateRefusesADayThatExistsInNoNearYear) {
  auto value = Date::FromYmd(2021, 6, 1);
  ASSERT_TRUE(value.ok());
  EXPECT_FALSE(InferEntryDate(*value, 2, 30).has_value());
  EXPECT_FALSE(InferEntryDate(*value, 13, 1).has_value());
  EXPECT_FALSE(InferEntryDate(*value, 1, 0).has_value());
  // Found by fuzzing: 29 February 2020 for a value date of 1 June 2021 is a year and a half away;
  // no bank books that far from the value date.
  EXPECT_FALSE(InferEntryDate(*value, 2, 29).has_value());
  auto near = Date::FromYmd(2021, 3, 1);
  ASSERT_TRUE(near.ok());
  EXPECT_EQ(InferEntryDate(*near, 2, 29), std::nullopt);  // 2020-02-29 is 366 days back
  auto leap = Date::FromYmd(2020, 3, 1);
  ASSERT_TRUE(leap.ok());
  EXPECT_EQ(InferEntryDate(*leap, 2, 29)->ToIso(), "2020-02-29");
}

}  // namespace
}  // namespace recon::mt940
