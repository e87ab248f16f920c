// Regression (issue 11, point 2, the CSV side): a profile that named a field twice
// ("amount": "A", "amount": "B") was read as if only the last existed (JSON keeps the last
// key without a word), and a profile that mapped one column to two kinds of money (amount
// and balance both "Saldo") booked one number as another. Both are refused now, naming
// the field. A header that names a column twice was already refused unless the profile
// says which; automatic mode refuses two columns that fit the amount equally.
#include <gtest/gtest.h>

#include "parsers/csv/csv_parser.hpp"
#include "parsers/csv/profile.hpp"
#include "parsers/csv/german_profile.hpp"

namespace recon {
namespace {

using recon::testing::GermanProfile;

Result<ParsedFile> Parse(const std::string& csv, const std::string& profile) {
  ParseOptions options;
  options.csv_profile = "test";
  options.csv_profile_json = profile;
  return csv::CsvParser().Parse(csv, options);
}

const std::string kCsv = "Datum;Betrag;Saldo;Text\n01.02.2026;-1,00;99,00;Miete\n";
const std::string kColumns = R"("booking_date": "Datum", "amount": "Betrag", "currency": {"value": "EUR"})";

TEST(CsvRepeats, AProfileThatNamesAFieldTwiceIsRefused) {
  struct Case {
    const char* name;
    std::string profile;
    const char* field;
  };
  const Case cases[] = {
      {"a column twice", GermanProfile(kColumns + R"(, "amount": "Saldo")"), "columns.amount"},
      {"a top-level field twice",
       R"({"delimiter": ";", "delimiter": ",", "decimal_separator": ",", "date_formats": ["DD.MM.YYYY"],
           "columns": {)" + kColumns + "}}",
       "delimiter"},
      {"inside a column", GermanProfile(R"("booking_date": "Datum", "currency": {"value": "EUR"},
                                           "amount": {"header": "Betrag", "header": "Saldo"})"),
       "columns.amount.header"},
  };
  for (const Case& c : cases) {
    const std::string& profile = c.profile;
    auto parsed = csv::ParseProfile(profile, "test");
    ASSERT_FALSE(parsed.ok()) << c.name;
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidRequest) << c.name;
    EXPECT_EQ(parsed.error().location, c.field) << c.name << ": " << parsed.error().ToString();
    EXPECT_NE(parsed.error().message.find("is given twice"), std::string::npos) << c.name;
    // Through the parser, the file is refused the same way and nothing is read.
    EXPECT_FALSE(Parse(kCsv, profile).ok()) << c.name;
  }
}

TEST(CsvRepeats, OneColumnReadAsTwoKindsOfMoneyIsRefused) {
  auto file = Parse(kCsv, GermanProfile(kColumns + R"(, "balance": "Betrag")",
                                        R"("balance_kind": "after", "row_order": "oldest_first")"));
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.error().code, ErrorCode::kMalformedFile);
  EXPECT_EQ(file.error().location, "line 1");
  EXPECT_NE(file.error().message.find("columns.amount and columns.balance both read column 2 ('Betrag')"),
            std::string::npos)
      << file.error().ToString();
  // Texts may share a column: the remittance and the counterparty often do.
  EXPECT_TRUE(Parse(kCsv, GermanProfile(kColumns + R"(, "remittance": "Text", "counterparty_name": "Text")")).ok());
}

TEST(CsvRepeats, AHeaderThatNamesAColumnTwiceNeedsTheProfileToSayWhich) {
  const std::string csv = "Datum;Betrag;Betrag;Text\n01.02.2026;-1,00;-2,00;Miete\n";
  auto file = Parse(csv, GermanProfile(kColumns));
  ASSERT_FALSE(file.ok());
  EXPECT_NE(file.error().message.find("names 'Betrag' in columns 2 and 3"), std::string::npos)
      << file.error().ToString();
  file = Parse(csv, GermanProfile(R"("booking_date": "Datum", "currency": {"value": "EUR"},
                                     "amount": {"header": "Betrag", "occurrence": "last"})"));
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  EXPECT_EQ(file->statements[0].lines[0].amount.minor, -200);
}

TEST(CsvRepeats, AutomaticModeRefusesTwoAmountColumns) {
  ParseOptions options;
  auto file = csv::CsvParser().Parse("Date,Amount,Amount,Currency\n2026-02-01,-1.00,-2.00,EUR\n", options);
  ASSERT_FALSE(file.ok());
  EXPECT_NE(file.error().message.find("could not decide which column is the amount"), std::string::npos)
      << file.error().ToString();
}

}  // namespace
}  // namespace recon
