// Amounts, dates and character sets: the cell-level readers, good and bad inputs alike.
#include <gtest/gtest.h>

#include <string>

#include "parsers/csv/charset.hpp"
#include "parsers/csv/date_format.hpp"
#include "parsers/csv/number.hpp"
#include "parsers/csv/sniff.hpp"
#include "parsers/csv/text.hpp"

namespace recon::csv {
namespace {

struct AmountCase {
  const char* text;
  NumberStyle style;
  int exponent;
  AmountProblem problem;
  int64_t minor;
  bool has_sign;
};

constexpr NumberStyle kComma{',', '.'};
constexpr NumberStyle kPoint{'.', ','};
constexpr NumberStyle kPointPlain{'.', '\0'};
constexpr NumberStyle kCommaSpace{',', ' '};
constexpr NumberStyle kPointApostrophe{'.', '\''};

TEST(CsvAmount, ReadsExactlyUnderTheStatedStyle) {
  const AmountCase cases[] = {
      {"1.234,56", kComma, 2, AmountProblem::kNone, 123456, false},
      {"-1.234,56", kComma, 2, AmountProblem::kNone, -123456, true},
      {"+30,99", kComma, 2, AmountProblem::kNone, 3099, true},
      {"5,00-", kComma, 2, AmountProblem::kNone, -500, true},
      {"2500", kComma, 2, AmountProblem::kNone, 250000, false},
      {"155,5", kComma, 2, AmountProblem::kNone, 15550, false},
      {"  12,50 ", kComma, 2, AmountProblem::kNone, 1250, false},
      {",50", kComma, 2, AmountProblem::kNone, 50, false},
      {"1,234.56", kPoint, 2, AmountProblem::kNone, 123456, false},
      {"12,345,678.90", kPoint, 2, AmountProblem::kNone, 1234567890, false},
      {"454331.99", kPointPlain, 2, AmountProblem::kNone, 45433199, false},
      {"12.50000", kPointPlain, 2, AmountProblem::kNone, 1250, false},
      {"1 234,56", kCommaSpace, 2, AmountProblem::kNone, 123456, false},
      {"1\xC2\xA0"
       "234,56",
       kCommaSpace, 2, AmountProblem::kNone, 123456, false},
      {"1'234.56", kPointApostrophe, 2, AmountProblem::kNone, 123456, false},
      {"1234", kPointPlain, 0, AmountProblem::kNone, 1234, false},
      {"1.234", kPointPlain, 3, AmountProblem::kNone, 1234, false},
      {"-0,00", kComma, 2, AmountProblem::kNone, 0, true},
      {"92233720368547758.07", kPointPlain, 2, AmountProblem::kNone, INT64_MAX, false},
      {"-92233720368547758.08", kPointPlain, 2, AmountProblem::kNone, INT64_MIN, true},
      // Refusals.
      {"", kComma, 2, AmountProblem::kEmpty, 0, false},
      {"   ", kComma, 2, AmountProblem::kEmpty, 0, false},
      {"12,5O", kComma, 2, AmountProblem::kNotANumber, 0, false},
      {"EUR 5", kComma, 2, AmountProblem::kNotANumber, 0, false},
      {"-", kComma, 2, AmountProblem::kNotANumber, 0, false},
      {"--5", kComma, 2, AmountProblem::kNotANumber, 0, false},
      {"5,", kComma, 2, AmountProblem::kNotANumber, 0, false},
      {"1,2,3", kComma, 2, AmountProblem::kNotANumber, 0, false},
      {"1.500,00", NumberStyle{',', '\0'}, 2, AmountProblem::kGrouping, 0, false},
      {"1.50,00", kComma, 2, AmountProblem::kGrouping, 0, false},
      {"1234.567,00", kComma, 2, AmountProblem::kGrouping, 0, false},
      {".5", kComma, 2, AmountProblem::kGrouping, 0, false},
      {"1.5", kComma, 2, AmountProblem::kGrouping, 0, false},
      {"1,234.56", kComma, 2, AmountProblem::kNotANumber, 0, false},
      {"1.005", kPointPlain, 2, AmountProblem::kTooManyDecimals, 0, false},
      {"5.5", kPointPlain, 0, AmountProblem::kTooManyDecimals, 0, false},
      {"92233720368547758.08", kPointPlain, 2, AmountProblem::kOverflow, 0, false},
      {"99999999999999999999999", kPointPlain, 0, AmountProblem::kOverflow, 0, false},
  };
  for (const AmountCase& c : cases) {
    Amount a;
    const AmountProblem p = ParseAmount(c.text, c.style, c.exponent, a);
    EXPECT_EQ(p, c.problem) << "'" << c.text << "'";
    if (p == AmountProblem::kNone && c.problem == AmountProblem::kNone) {
      EXPECT_EQ(a.minor, c.minor) << "'" << c.text << "'";
      EXPECT_EQ(a.has_sign, c.has_sign) << "'" << c.text << "'";
    }
  }
}

TEST(CsvAmount, DescribesProblemsInWords) {
  EXPECT_EQ(DescribeAmountProblem(AmountProblem::kNotANumber, "12,5O", kComma, 2),
            "'12,5O' is not an amount (expected digits with ',' as decimal separator and '.' between thousands)");
  EXPECT_NE(DescribeAmountProblem(AmountProblem::kTooManyDecimals, "1.005", kPointPlain, 2).find("2"),
            std::string::npos);
}

TEST(CsvAmount, ReadNumberSaysWhichConventionFits) {
  EXPECT_TRUE(ReadNumber("12,50").comma);
  EXPECT_FALSE(ReadNumber("12,50").point);
  EXPECT_TRUE(ReadNumber("1,234.56").point);
  EXPECT_FALSE(ReadNumber("1,234.56").comma);
  EXPECT_TRUE(ReadNumber("1.234").differ);  // 1234 or 1.234: ambiguous alone
  EXPECT_FALSE(ReadNumber("2500").differ);  // plain digits read alike
  EXPECT_FALSE(ReadNumber("Betrag").number());
  EXPECT_EQ(ReadNumber("1 234,56").grouping, ' ');
}

struct DateCase {
  const char* pattern;
  const char* text;
  const char* iso;  // nullptr: refused
};

TEST(CsvDate, ReadsPatterns) {
  const DateCase cases[] = {
      {"DD.MM.YYYY", "31.12.2013", "2013-12-31"},
      {"DD.MM.YYYY", " 01.07.2013 ", "2013-07-01"},
      {"DD.MM.YYYY", "1.7.2013", nullptr},
      {"D.M.YYYY", "1.7.2013", "2013-07-01"},
      {"D.M.YYYY", "01.07.2013", "2013-07-01"},
      {"YYYY-MM-DD", "2013-07-03", "2013-07-03"},
      {"YYYY-MM-DD", "2013-7-3", nullptr},
      {"YYYYMMDD", "20200213", "2020-02-13"},
      {"YYYYMMDD", "2020021", nullptr},
      {"MM/DD/YYYY", "12/15/2018", "2018-12-15"},
      {"MM/DD/YYYY", "15/12/2018", nullptr},
      {"M/D/YYYY", "9/4/2018", "2018-09-04"},
      {"DD/MM/YY", "01/04/20", "2020-04-01"},
      {"DD/MM/YY", "01/04/85", "1985-04-01"},
      {"DD-MM-YYYY", "30-12-2019", "2019-12-30"},
      {"YYYY-MM-DD HH:mm:ss", "2021-01-05 00:21:32", "2021-01-05"},
      {"YYYY-MM-DD HH:mm:ss", "2021-01-05 24:21:32", nullptr},
      {"YYYY-MM-DD HH:mm:ss", "2021-01-05", nullptr},
      {"YYYY-MM-DDTHH:mm:ss", "2021-01-05T10:00:00", "2021-01-05"},
      {"DD.MM.YYYY", "31.02.2019", nullptr},
      {"DD.MM.YYYY", "29.02.2020", "2020-02-29"},
      {"DD.MM.YYYY", "29.02.2019", nullptr},
      {"DD.MM.YYYY", "31.12.2013 extra", nullptr},
      {"DD.MM.YYYY", "", nullptr},
  };
  for (const DateCase& c : cases) {
    auto format = DateFormat::Compile(c.pattern);
    ASSERT_TRUE(format.ok()) << c.pattern;
    const std::optional<Date> date = format->Read(c.text);
    if (c.iso == nullptr) {
      EXPECT_FALSE(date.has_value()) << c.pattern << " '" << c.text << "'";
    } else {
      ASSERT_TRUE(date.has_value()) << c.pattern << " '" << c.text << "'";
      EXPECT_EQ(date->ToIso(), c.iso) << c.pattern << " '" << c.text << "'";
    }
  }
}

TEST(CsvDate, RefusesPatternsItCannotReadUnambiguously) {
  const char* bad[] = {"", "DD.MM", "YYYY-MM-DD-DD", "DMYYYY", "DD.MM.YYYY Q", "QQ", "DD.MM.YYYY 9", "MM/YYYY"};
  for (const char* pattern : bad) {
    auto format = DateFormat::Compile(pattern);
    ASSERT_FALSE(format.ok()) << pattern;
    EXPECT_EQ(format.error().code, ErrorCode::kInvalidRequest) << pattern;
  }
}

TEST(CsvDate, KnowsWhichPatternsContradictEachOther) {
  auto dmy = *DateFormat::Compile("DD/MM/YYYY");
  auto mdy = *DateFormat::Compile("M/D/YYYY");
  auto dotted = *DateFormat::Compile("DD.MM.YYYY");
  auto iso = *DateFormat::Compile("YYYY-MM-DD");
  auto iso_swapped = *DateFormat::Compile("YYYY-DD-MM");
  EXPECT_TRUE(dmy.ConflictsWith(mdy));
  EXPECT_TRUE(iso.ConflictsWith(iso_swapped));
  EXPECT_FALSE(dmy.ConflictsWith(dotted));
  EXPECT_FALSE(dmy.ConflictsWith(*DateFormat::Compile("D/M/YYYY")));
  EXPECT_FALSE(iso.ConflictsWith(dotted));
}

TEST(CsvCharset, ConvertsToUtf8AtTheEdge) {
  auto utf8 = DecodeToUtf8("\xEF\xBB\xBFW\xC3\xA4hrung", Encoding::kUtf8);
  ASSERT_TRUE(utf8.ok());
  EXPECT_EQ(utf8->view(), "W\xC3\xA4hrung");  // BOM dropped

  auto cp1252 = DecodeToUtf8("W\xE4hrung \x80 \x93x\x94 \x81", Encoding::kWindows1252);
  ASSERT_TRUE(cp1252.ok());
  EXPECT_EQ(cp1252->view(), "W\xC3\xA4hrung \xE2\x82\xAC \xE2\x80\x9Cx\xE2\x80\x9D \xC2\x81");

  auto latin1 = DecodeToUtf8("W\xE4hrung \x80", Encoding::kIso88591);
  ASSERT_TRUE(latin1.ok());
  EXPECT_EQ(latin1->view(), "W\xC3\xA4hrung \xC2\x80");

  // A BOM wins over a single-byte encoding: it is unambiguous.
  auto bom = DecodeToUtf8("\xEF\xBB\xBF\xC3\xA4", Encoding::kWindows1252);
  ASSERT_TRUE(bom.ok());
  EXPECT_EQ(bom->view(), "\xC3\xA4");
}

TEST(CsvCharset, RefusesWhatIsNotTheStatedEncoding) {
  auto bad = DecodeToUtf8("Datum;Text\n01.01.2020;W\xE4hrung\n", Encoding::kUtf8);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kMalformedFile);
  EXPECT_EQ(bad.error().location, "line 2");
  EXPECT_NE(bad.error().message.find("0xE4"), std::string::npos) << bad.error().message;

  const std::string invalid_utf8[] = {"\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xE2\x82", "\x80"};
  for (const std::string& s : invalid_utf8) EXPECT_FALSE(DecodeToUtf8(s, Encoding::kUtf8).ok());

  auto nul = DecodeToUtf8(std::string("a;b\nc\0d", 7), Encoding::kWindows1252);
  ASSERT_FALSE(nul.ok());
  EXPECT_NE(nul.error().message.find("NUL"), std::string::npos);
}

TEST(CsvCharset, GuessesUtf8OrWindows1252) {
  Encoding e = Encoding::kIso88591;
  auto utf8 = DecodeGuessing("W\xC3\xA4hrung", e);
  ASSERT_TRUE(utf8.ok());
  EXPECT_EQ(e, Encoding::kUtf8);
  auto ansi = DecodeGuessing("W\xE4hrung", e);
  ASSERT_TRUE(ansi.ok());
  EXPECT_EQ(e, Encoding::kWindows1252);
  EXPECT_EQ(ansi->view(), "W\xC3\xA4hrung");
}

TEST(CsvText, FoldsHeadersForComparison) {
  EXPECT_EQ(FoldHeader(" Bedrag (EUR) "), "bedrag(eur)");
  EXPECT_EQ(FoldHeader("W\xC3\x84HRUNG"), "w\xC3\xA4hrung");  // Ä -> ä
  EXPECT_EQ(FoldLoose("Af Bij"), "afbij");
  EXPECT_EQ(FoldLoose("D/C"), "dc");
  EXPECT_EQ(CellLocation(7, 4, "Betrag"), "line 7, column 5 'Betrag'");
  EXPECT_EQ(CellLocation(7, 4, ""), "line 7, column 5");
}

}  // namespace
}  // namespace recon::csv
