// The CSV parser with a profile: layouts that work, and every way a file can fail to fit.
#include "parsers/csv/csv_parser.hpp"

#include <gtest/gtest.h>

#include <string>

#include "parsers/csv/german_profile.hpp"
#include "parsers/csv/shipped_profile.hpp"
#include "test_util.hpp"

namespace recon {
namespace {

using recon::testing::ReadFixture;
using recon::testing::GermanProfile;
using recon::testing::ShippedProfile;

const std::string kBasic = R"("booking_date": "Datum", "amount": "Betrag", "currency": {"value": "EUR"},
                              "remittance": "Text")";

bool HasWarning(const Statement& s, std::string_view part) {
  for (const std::string& w : s.warnings) {
    if (w.find(part) != std::string::npos) return true;
  }
  return false;
}

Result<ParsedFile> Parse(std::string_view csv, const std::string& profile, ParseOptions options = {}) {
  options.csv_profile = "test";
  options.csv_profile_json = profile;
  return csv::CsvParser().Parse(csv, options);
}

// Parses and asserts one statement; returns it.
Statement One(std::string_view csv, const std::string& profile) {
  auto file = Parse(csv, profile);
  EXPECT_TRUE(file.ok()) << file.error().ToString();
  if (!file.ok()) return {};
  EXPECT_EQ(file->statements.size(), 1u);
  return file->statements.empty() ? Statement{} : file->statements[0];
}

TEST(CsvParser, ReadsQuotedFieldsWithDelimitersNewlinesAndDoubledQuotes) {
  const std::string csv =
      "Datum;Betrag;Text;Name\n"
      "01.02.2026;1.234,56;\"Rechnung 17; Teil 2\nzweite Zeile\";\"Firma \"\"Nord\"\" GmbH\"\n"
      "02.02.2026;-0,99;  Geb\xC3\xBChr  ;\n";
  const Statement s = One(csv, GermanProfile(kBasic + R"(, "counterparty_name": "Name")"));
  ASSERT_EQ(s.lines.size(), 2u);
  EXPECT_EQ(s.currency, "EUR");
  EXPECT_EQ(s.lines[0].booking_date.ToIso(), "2026-02-01");
  EXPECT_EQ(s.lines[0].amount.minor, 123456);
  EXPECT_EQ(s.lines[0].remittance_info, "Rechnung 17; Teil 2\nzweite Zeile");
  EXPECT_EQ(s.lines[0].counterparty_name, "Firma \"Nord\" GmbH");
  EXPECT_EQ(s.lines[1].amount.minor, -99);
  EXPECT_EQ(s.lines[1].remittance_info, "Geb\xC3\xBChr");  // trimmed
  EXPECT_FALSE(s.lines[1].counterparty_name.has_value());  // empty is absent
  EXPECT_FALSE(s.lines[1].value_date.has_value());
}

TEST(CsvParser, ReadsTheShippedIngGermanyProfileFromWindows1252WithPreambleAndBalance) {
  ParseOptions options;
  options.csv_profile = "ing-de";
  options.csv_profile_json = ShippedProfile("ing-de");
  auto file = csv::CsvParser().Parse(ReadFixture("csv/ing_de_windows1252.csv"), options);
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  EXPECT_EQ(file->format, "csv.ing-de");
  ASSERT_EQ(file->statements.size(), 1u);
  const Statement& s = file->statements[0];
  EXPECT_EQ(s.account, "DE89370400440532013000");  // from the preamble, spaces dropped
  EXPECT_EQ(s.opening_balance, 0);                 // newest first: last balance - last amount
  EXPECT_EQ(s.closing_balance, 123456);            // the first row's balance
  EXPECT_EQ(s.opening_date->ToIso(), "2026-02-01");
  EXPECT_EQ(s.closing_date->ToIso(), "2026-02-27");
  EXPECT_TRUE(s.warnings.empty()) << s.warnings[0];
  ASSERT_EQ(s.lines.size(), 3u);
  EXPECT_EQ(s.lines[0].counterparty_name, "M\xC3\xBCller & S\xC3\xB6hne GmbH");
  EXPECT_EQ(s.lines[0].remittance_info, "RE 2026-0042; Danke \xE2\x82\xAC 50");  // 0x80 is the euro sign
  EXPECT_EQ(s.lines[0].amount.minor, 105000);
  EXPECT_EQ(s.lines[1].remittance_info, "Abschlag Februar\r\nKunde 4711");
  EXPECT_EQ(s.lines[1].value_date->ToIso(), "2026-02-16");
  EXPECT_EQ(s.lines[1].bank_transaction_code, "Lastschrift");
  EXPECT_EQ(s.lines[2].counterparty_name, "Gro\xC3\x9Fh\xC3\xA4ndler \xE2\x80\x9ENord\xE2\x80\x9C");
  EXPECT_EQ(s.lines[2].remittance_info, "Rechnung \"17\" bezahlt");
}

TEST(CsvParser, SignsDebitAndCreditColumns) {
  const std::string profile = GermanProfile(R"("booking_date": "Datum", "debit": "Soll", "credit": "Haben",
                                         "currency": {"value": "EUR"})");
  const std::string csv =
      "Datum;Soll;Haben\n"
      "01.01.2026;34,56;0,00\n"  // zeros count as empty
      "02.01.2026;;12,23\n"
      "03.01.2026;-50,00;\n"     // a debit printed with its minus is still money out
      "04.01.2026;0,00;0,00\n";  // a zero line
  const Statement s = One(csv, profile);
  ASSERT_EQ(s.lines.size(), 4u);
  EXPECT_EQ(s.lines[0].amount.minor, -3456);
  EXPECT_EQ(s.lines[1].amount.minor, 1223);
  EXPECT_EQ(s.lines[2].amount.minor, -5000);
  EXPECT_EQ(s.lines[3].amount.minor, 0);
}

TEST(CsvParser, SignsAnAmountByItsIndicatorColumn) {
  const std::string columns = R"("booking_date": "Datum", "amount": "Betrag", "currency": "Währung",
      "indicator": {"column": "S/H", "debit": ["S", "Soll"], "credit": ["H", "Haben"]})";
  const std::string csv =
      "Datum;Betrag;W\xC3\xA4hrung;S/H\n01.01.2026;10,00;EUR;S\n02.01.2026;5,00;eur;h\n"
      "03.01.2026;1,00;EUR; Haben \n";
  const Statement s = One(csv, GermanProfile(columns));
  ASSERT_EQ(s.lines.size(), 3u);
  EXPECT_EQ(s.lines[0].amount.minor, -1000);
  EXPECT_EQ(s.lines[1].amount.minor, 500);  // currency and indicator compare case-insensitively
  EXPECT_EQ(s.lines[2].amount.minor, 100);

  // A signed amount next to an indicator is refused unless the profile says to ignore the sign.
  const std::string signed_csv = "Datum;Betrag;W\xC3\xA4hrung;S/H\n01.01.2026;-10,00;EUR;H\n";
  auto refused = Parse(signed_csv, GermanProfile(columns));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().location, "line 2, column 2 'Betrag'");
  EXPECT_NE(refused.error().message.find("carries a sign"), std::string::npos);
  std::string lenient = columns;
  lenient.replace(lenient.find("\"credit\": [\"H\", \"Haben\"]"), 24,
                  "\"credit\": [\"H\", \"Haben\"], \"amount_sign\": \"ignore\"");
  const Statement s2 = One(signed_csv, GermanProfile(lenient));
  ASSERT_EQ(s2.lines.size(), 1u);
  EXPECT_EQ(s2.lines[0].amount.minor, 1000);
}

TEST(CsvParser, SkipsFooterRowsItIsToldAbout) {
  const std::string csv = "Datum;Betrag;Text\n01.01.2026;1,00;a\n\n02.01.2026;2,00;b\nSumme;3,00;\nExport;x;y\n";
  const Statement s = One(csv, GermanProfile(kBasic, R"("skip_footer_rows": 2)"));
  ASSERT_EQ(s.lines.size(), 2u);
  EXPECT_FALSE(HasWarning(s, "skipped"));  // footer rows the profile names are no surprise
  EXPECT_TRUE(HasWarning(s, "names no account"));
  // Without it the footer is an error; with more footer rows than rows, too.
  auto strict = Parse(csv, GermanProfile(kBasic));
  ASSERT_FALSE(strict.ok());
  EXPECT_EQ(strict.error().location, "line 5, column 1 'Datum'");
  auto too_many = Parse(csv, GermanProfile(kBasic, R"("skip_footer_rows": 9)"));
  ASSERT_FALSE(too_many.ok());
  EXPECT_NE(too_many.error().message.find("only 4 rows follow"), std::string::npos) << too_many.error().message;
}

TEST(CsvParser, SkipsTrailingNonDataRowsOnlyWhenAskedAndOnlyAtTheEnd) {
  const std::string profile = GermanProfile(kBasic, R"("skip_trailing_non_data_rows": true)");
  const std::string csv = "Datum;Betrag;Text\n01.01.2026;1,00;a\n02.01.2026;2,00;b\nSaldo;3,00;\n";
  const Statement s = One(csv, profile);
  ASSERT_EQ(s.lines.size(), 2u);
  EXPECT_TRUE(HasWarning(s, "line 4 was skipped as a footer")) << s.warnings[0];
  // A dated row with a fault is a transaction, never a footer.
  auto dated = Parse("Datum;Betrag;Text\n01.01.2026;1,00;a\n02.01.2026;x;b\n", profile);
  ASSERT_FALSE(dated.ok());
  EXPECT_EQ(dated.error().location, "line 3, column 2 'Betrag'");
  // A bad row with data after it is an error, never a footer.
  auto middle = Parse("Datum;Betrag;Text\n01.01.2026;1,00;a\nSaldo;3,00;\n02.01.2026;2,00;b\n", profile);
  ASSERT_FALSE(middle.ok());
  EXPECT_EQ(middle.error().location, "line 3, column 1 'Datum'");
  // A first row that fails is no footer either.
  auto first = Parse("Datum;Betrag;Text\nSaldo;3,00;\n", profile);
  ASSERT_FALSE(first.ok());
  EXPECT_EQ(first.error().location, "line 2, column 1 'Datum'");
}

TEST(CsvParser, SplitsStatementsByAccountAndCurrencyInOrderOfAppearance) {
  const std::string columns = R"("booking_date": "Datum", "amount": "Betrag", "currency": "Whg", "account": "Konto")";
  const std::string csv =
      "Konto;Datum;Betrag;Whg\n"
      "NL02 ABNA 0123 4567 89;01.01.2026;1,00;EUR\n"
      "DE89370400440532013000;01.01.2026;2,00;EUR\n"
      "NL02ABNA0123456789;02.01.2026;3,00;EUR\n"
      "NL02ABNA0123456789;02.01.2026;4,00;USD\n";
  auto file = Parse(csv, GermanProfile(columns));
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  ASSERT_EQ(file->statements.size(), 3u);
  EXPECT_EQ(file->statements[0].account, "NL02ABNA0123456789");
  EXPECT_EQ(file->statements[0].lines.size(), 2u);
  EXPECT_EQ(file->statements[0].lines[1].amount.minor, 300);
  EXPECT_EQ(file->statements[1].account, "DE89370400440532013000");
  EXPECT_EQ(file->statements[2].currency, "USD");
  EXPECT_EQ(file->statements[2].lines[0].amount.currency.code(), "USD");
}

TEST(CsvParser, DerivesBalancesFromARunningBalanceInEveryOrder) {
  struct Case {
    const char* name;
    const char* top;
    std::string csv;
    int64_t opening, closing;
  };
  const Case cases[] = {
      {"after, oldest first", R"("balance_kind": "after", "row_order": "oldest_first")",
       "Datum;Betrag;Saldo\n01.01.2026;10,00;110,00\n02.01.2026;-5,00;105,00\n", 10000, 10500},
      {"after, newest first", R"("balance_kind": "after", "row_order": "newest_first")",
       "Datum;Betrag;Saldo\n02.01.2026;-5,00;105,00\n01.01.2026;10,00;110,00\n", 10000, 10500},
      {"before, oldest first", R"("balance_kind": "before", "row_order": "oldest_first")",
       "Datum;Betrag;Saldo\n01.01.2026;10,00;100,00\n02.01.2026;-5,00;110,00\n", 10000, 10500},
      {"before, newest first", R"("balance_kind": "before", "row_order": "newest_first")",
       "Datum;Betrag;Saldo\n02.01.2026;-5,00;110,00\n01.01.2026;10,00;100,00\n", 10000, 10500},
  };
  const std::string columns = R"("booking_date": "Datum", "amount": "Betrag", "currency": {"value": "EUR"},
                                 "balance": "Saldo")";
  for (const Case& c : cases) {
    const Statement s = One(c.csv, GermanProfile(columns, c.top));
    EXPECT_EQ(s.opening_balance, c.opening) << c.name;
    EXPECT_EQ(s.closing_balance, c.closing) << c.name;
    EXPECT_EQ(s.opening_date->ToIso(), "2026-01-01") << c.name;
    EXPECT_EQ(s.closing_date->ToIso(), "2026-01-02") << c.name;
    EXPECT_FALSE(HasWarning(s, "balance")) << c.name << ": " << s.warnings.back();
  }
  // A row that does not follow is a warning naming its line, never a failure.
  const Statement off = One("Datum;Betrag;Saldo\n01.01.2026;10,00;110,00\n02.01.2026;-5,00;106,00\n",
                            GermanProfile(columns, R"("balance_kind": "after", "row_order": "oldest_first")"));
  EXPECT_TRUE(HasWarning(off,
                         "line 3: the balance column 'Saldo' reads 106.00, but the balance before it and the "
                         "amounts make 105.00"))
      << off.warnings.back();
  EXPECT_EQ(off.closing_balance, 10600);
  EXPECT_TRUE(HasWarning(off, "balance mismatch"));  // and CheckBalances agrees
}

TEST(CsvParser, TakesTheCounterpartyFromThePayerOrThePayeeSide) {
  const std::string columns = R"("booking_date": "Datum", "amount": "Betrag", "currency": {"value": "EUR"},
      "counterparty_name": {"credit": "Auftraggeber", "debit": "Empfänger"},
      "counterparty_account": {"credit": "Auftraggeber IBAN", "debit": "Empfänger IBAN"})";
  const std::string csv =
      "Datum;Betrag;Auftraggeber;Auftraggeber IBAN;Empf\xC3\xA4nger;Empf\xC3\xA4nger IBAN\n"
      "01.01.2026;10,00;Kunde AG;DE01;Wir;DE99\n"
      "02.01.2026;-3,00;Wir;DE99;Lieferant;AT02\n";
  const Statement s = One(csv, GermanProfile(columns));
  ASSERT_EQ(s.lines.size(), 2u);
  EXPECT_EQ(s.lines[0].counterparty_name, "Kunde AG");
  EXPECT_EQ(s.lines[0].counterparty_account, "DE01");
  EXPECT_EQ(s.lines[1].counterparty_name, "Lieferant");
  EXPECT_EQ(s.lines[1].counterparty_account, "AT02");
}

TEST(CsvParser, JoinsRemittanceColumnsAndOverflowingFields) {
  const std::string columns = R"("booking_date": 0, "amount": 1, "currency": {"value": "EUR"},
      "remittance": [{"index": 2}, {"index": 3, "to_end": true}], "end_to_end_id": 4)";
  const std::string csv = "01.01.2026;1,00;Kurz;Teil 1;NOTPROVIDED;Teil 3\n02.01.2026;2,00;;;E2E-1\n";
  const Statement s = One(csv, GermanProfile(columns, R"("header": "none")"));
  ASSERT_EQ(s.lines.size(), 2u);
  EXPECT_EQ(s.lines[0].remittance_info, "Kurz Teil 1 NOTPROVIDED Teil 3");
  EXPECT_FALSE(s.lines[0].end_to_end_id.has_value());  // NOTPROVIDED is absent
  EXPECT_EQ(s.lines[1].remittance_info, "E2E-1");
  EXPECT_EQ(s.lines[1].end_to_end_id, "E2E-1");
}

TEST(CsvParser, AcceptsExtraFieldsOnlyWhenAllowed) {
  const std::string csv = "Datum;Betrag;Text\n01.01.2026;1,00;a;b;c\n02.01.2026;2,00;d;;\n";
  auto strict = Parse(csv, GermanProfile(kBasic));
  ASSERT_FALSE(strict.ok());
  EXPECT_EQ(strict.error().location, "line 2");
  EXPECT_NE(strict.error().message.find("5 fields, but the header names 3"), std::string::npos);
  const std::string columns = R"("booking_date": "Datum", "amount": "Betrag", "currency": {"value": "EUR"},
                                 "remittance": {"header": "Text", "to_end": true})";
  const Statement s = One(csv, GermanProfile(columns, R"("allow_extra_fields": true)"));
  ASSERT_EQ(s.lines.size(), 2u);
  EXPECT_EQ(s.lines[0].remittance_info, "a b c");
  EXPECT_EQ(s.lines[1].remittance_info, "d");  // trailing empty fields are harmless anyway
}

TEST(CsvParser, ChoosesAmongSeveralDelimitersByTheHeader) {
  const std::string profile = GermanProfile(kBasic, R"("delimiter": [",", ";"])");
  EXPECT_EQ(One("Datum;Betrag;Text\n01.01.2026;1,50;x\n", profile).lines[0].amount.minor, 150);
  EXPECT_EQ(One("Datum,Betrag,Text\n01.01.2026,\"1,50\",x\n", profile).lines[0].amount.minor, 150);
}

TEST(CsvParser, SkipsRowsWithoutAmountAndInvertsSignsWhenTold) {
  const std::string csv = "Datum;Betrag;Text\n01.01.2026;;Umbuchung\n02.01.2026;5,00;Kauf\n";
  const Statement s = One(csv, GermanProfile(kBasic, R"("rows_without_amount": "skip", "amount_sign": "inverted")"));
  ASSERT_EQ(s.lines.size(), 1u);
  EXPECT_EQ(s.lines[0].amount.minor, -500);  // a card export counts spending as positive
  auto strict = Parse(csv, GermanProfile(kBasic));
  ASSERT_FALSE(strict.ok());
  EXPECT_EQ(strict.error().ToString(), "line 2, column 2 'Betrag': the amount is empty");
}

TEST(CsvParser, ReadsAFileWithoutHeaderOrQuotingByPosition) {
  const std::string profile = GermanProfile(R"("booking_date": 1, "amount": 2, "currency": 3, "remittance": 0)",
                                      R"("header": "none", "quote": "", "skip_rows": 1)");
  const Statement s = One("Export vom 01.03.2026\n\"Miete\";01.03.2026;-800,00;EUR\n", profile);
  ASSERT_EQ(s.lines.size(), 1u);
  EXPECT_EQ(s.lines[0].remittance_info, "\"Miete\"");  // no quoting: quotes are text
}

TEST(CsvParser, HeaderOnlyFileHasNoStatements) {
  auto file = Parse("Datum;Betrag;Text\n", GermanProfile(kBasic));
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  EXPECT_TRUE(file->statements.empty());
}

struct BadFile {
  const char* name;
  std::string csv;
  std::string profile;
  ErrorCode code;
  const char* location;
  const char* says;
};

TEST(CsvParser, RefusesFilesThatDoNotFitTheirProfileAndSaysWhere) {
  const std::string basic = GermanProfile(kBasic);
  const std::string with_currency =
      GermanProfile(R"("booking_date": "Datum", "amount": "Betrag", "currency": "Whg", "value_date": "Valuta")");
  const BadFile cases[] = {
      {"letter in an amount", "Datum;Betrag;Text\n01.01.2026;1,00;a\n02.01.2026;12,5O;b\n", basic,
       ErrorCode::kMalformedFile, "line 3, column 2 'Betrag'", "'12,5O' is not an amount"},
      {"point where the profile says comma", "Datum;Betrag;Text\n01.01.2026;1.5;a\n", basic, ErrorCode::kMalformedFile,
       "line 2, column 2 'Betrag'", "separators do not fit"},
      {"more decimals than the currency", "Datum;Betrag;Text\n01.01.2026;1,005;a\n", basic, ErrorCode::kMalformedFile,
       "line 2, column 2 'Betrag'", "more decimal digits"},
      {"not a date", "Datum;Betrag;Text\n2026-01-01;1,00;a\n", basic, ErrorCode::kMalformedFile,
       "line 2, column 1 'Datum'", "'2026-01-01' is not a date in the form DD.MM.YYYY"},
      {"no such day", "Datum;Betrag;Text\n30.02.2026;1,00;a\n", basic, ErrorCode::kMalformedFile,
       "line 2, column 1 'Datum'", "not a date"},
      {"empty booking date", "Datum;Betrag;Text\n;1,00;a\n", basic, ErrorCode::kMalformedFile,
       "line 2, column 1 'Datum'", "booking date is empty"},
      {"bad value date", "Datum;Betrag;Whg;Valuta\n01.01.2026;1,00;EUR;morgen\n", with_currency,
       ErrorCode::kMalformedFile, "line 2, column 4 'Valuta'", "'morgen' is not a date"},
      {"unknown currency", "Datum;Betrag;Whg;Valuta\n01.01.2026;1,00;EURO;\n", with_currency, ErrorCode::kMalformedFile,
       "line 2, column 3 'Whg'", "'EURO' is not an ISO 4217"},
      {"empty currency", "Datum;Betrag;Whg;Valuta\n01.01.2026;1,00;;\n", with_currency, ErrorCode::kMalformedFile,
       "line 2, column 3 'Whg'", "currency is empty"},
      {"indicator value unknown", "Datum;Betrag;DC\n01.01.2026;1,00;X\n",
       GermanProfile(R"("booking_date": "Datum", "amount": "Betrag", "currency": {"value": "EUR"},
                  "indicator": {"column": "DC", "debit": "D", "credit": "C"})"),
       ErrorCode::kMalformedFile, "line 2, column 3 'DC'", "'X' is neither debit ('D') nor credit ('C')"},
      {"debit and credit both filled", "Datum;Soll;Haben\n01.01.2026;1,00;2,00\n",
       GermanProfile(R"("booking_date": "Datum", "debit": "Soll", "credit": "Haben", "currency": {"value": "EUR"})"),
       ErrorCode::kMalformedFile, "line 2, column 3 'Haben'", "both the debit column"},
      {"debit and credit both empty", "Datum;Soll;Haben\n01.01.2026;;\n",
       GermanProfile(R"("booking_date": "Datum", "debit": "Soll", "credit": "Haben", "currency": {"value": "EUR"})"),
       ErrorCode::kMalformedFile, "line 2, column 2 'Soll'", "neither the debit nor the credit"},
      {"negative credit", "Datum;Soll;Haben\n01.01.2026;;-2,00\n",
       GermanProfile(R"("booking_date": "Datum", "debit": "Soll", "credit": "Haben", "currency": {"value": "EUR"})"),
       ErrorCode::kMalformedFile, "line 2, column 3 'Haben'", "is negative"},
      {"bad balance", "Datum;Betrag;Saldo\n01.01.2026;1,00;viel\n",
       GermanProfile(R"("booking_date": "Datum", "amount": "Betrag", "currency": {"value": "EUR"}, "balance": "Saldo")",
               R"("balance_kind": "after", "row_order": "oldest_first")"),
       ErrorCode::kMalformedFile, "line 2, column 3 'Saldo'", "'viel' is not an amount"},
      {"empty balance", "Datum;Betrag;Saldo\n01.01.2026;1,00;\n",
       GermanProfile(R"("booking_date": "Datum", "amount": "Betrag", "currency": {"value": "EUR"}, "balance": "Saldo")",
               R"("balance_kind": "after", "row_order": "oldest_first")"),
       ErrorCode::kMalformedFile, "line 2, column 3 'Saldo'", "balance is empty"},
      {"missing header column", "Datum;Summe;Text\n01.01.2026;1,00;a\n", basic, ErrorCode::kMalformedFile, "line 1",
       "no column named 'Betrag' (columns.amount); it reads: Datum, Summe, Text"},
      {"header name twice", "Datum;Betrag;Betrag;Text\n01.01.2026;1,00;2,00;a\n", basic, ErrorCode::kMalformedFile,
       "line 1", "names 'Betrag' in columns 2 and 3"},
      {"file ends before the header", "Export\n", GermanProfile(kBasic, R"("skip_rows": 1)"), ErrorCode::kMalformedFile,
       "line 1", "ends before its header"},
      {"file ends in the skipped rows", "Export\n", GermanProfile(kBasic, R"("skip_rows": 3)"), ErrorCode::kMalformedFile,
       "line 1", "skips 3 rows"},
      {"header not found by locate", "a;b\nc;d\n", GermanProfile(kBasic, R"("header": "locate")"), ErrorCode::kMalformedFile,
       "line 1", "has every header name"},
      {"preamble row missing", "Datum;Betrag;Text\n01.01.2026;1,00;a\n",
       GermanProfile(kBasic + R"(, "account": {"preamble": "IBAN"})"), ErrorCode::kMalformedFile, "line 1",
       "starts with 'IBAN'"},
      {"index beyond the header", "Datum;Betrag;Text\n01.01.2026;1,00;a\n",
       GermanProfile(kBasic + R"(, "bank_reference": 7)"), ErrorCode::kMalformedFile, "line 1", "column index 7"},
      {"unclosed quote", "Datum;Betrag;Text\n01.01.2026;1,00;\"offen\n", basic, ErrorCode::kMalformedFile,
       "line 2, column 3 'Text'", "never closed"},
      {"not utf-8", "Datum;Betrag;Text\n01.01.2026;1,00;Geb\xFChr\n", basic, ErrorCode::kMalformedFile, "line 2",
       "not UTF-8"},
      {"empty file", "", basic, ErrorCode::kMalformedFile, "byte 0", "empty"},
      {"bad profile", "Datum;Betrag;Text\n", "{\"encoding\": 1}", ErrorCode::kInvalidRequest, "encoding", "one of"},
  };
  for (const BadFile& c : cases) {
    auto file = Parse(c.csv, c.profile);
    ASSERT_FALSE(file.ok()) << c.name;
    EXPECT_EQ(file.error().code, c.code) << c.name << ": " << file.error().ToString();
    EXPECT_EQ(file.error().location, c.location) << c.name << ": " << file.error().ToString();
    EXPECT_NE(file.error().message.find(c.says), std::string::npos) << c.name << ": " << file.error().message;
  }
}

TEST(CsvParser, NamesTheCellInTheFormTheClerkReads) {
  auto file = Parse("Datum;Text;Betrag\n01.01.2026;a;1,00\n01.01.2026;b;12,5O\n",
                    GermanProfile(R"("booking_date": "Datum", "amount": "Betrag", "currency": {"value": "EUR"})"));
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.error().ToString(),
            "line 3, column 3 'Betrag': '12,5O' is not an amount (expected digits with ',' as decimal separator "
            "and '.' between thousands)");
}

TEST(CsvParser, HonoursItsLimits) {
  std::string csv = "Datum;Betrag;Text\n";
  for (int i = 0; i < 5; ++i) csv += "01.01.2026;1,00;x\n";
  ParseOptions options;
  options.statement_lines_max = 4;
  auto lines = Parse(csv, GermanProfile(kBasic), options);
  ASSERT_FALSE(lines.ok());
  EXPECT_EQ(lines.error().code, ErrorCode::kLimitExceeded);
  EXPECT_EQ(lines.error().location, "line 6");
  options = {};
  options.file_bytes_max = 10;
  auto bytes = Parse(csv, GermanProfile(kBasic), options);
  ASSERT_FALSE(bytes.ok());
  EXPECT_EQ(bytes.error().code, ErrorCode::kLimitExceeded);
}

TEST(CsvParser, RefusesANamedProfileWhoseTextWasNotSupplied) {
  ParseOptions options;
  options.csv_profile = "ing-de";
  auto file = csv::CsvParser().Parse("Datum;Betrag;Text\n01.01.2026;1,00;x\n", options);
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.error().code, ErrorCode::kInvalidRequest);
  EXPECT_NE(file.error().message.find("'ing-de'"), std::string::npos);
}

}  // namespace
}  // namespace recon
