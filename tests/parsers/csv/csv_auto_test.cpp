// Automatic mode: what it reads by itself, and every decision it refuses to guess.
#include <gtest/gtest.h>

#include <string>

#include "parsers/csv/csv_parser.hpp"
#include "parsers/registry.hpp"
#include "test_util.hpp"

namespace recon {
namespace {

using recon::testing::ReadFixture;

Result<ParsedFile> Auto(std::string_view csv) {
  return csv::CsvParser().Parse(csv, ParseOptions{});
}

TEST(CsvAuto, ReadsAnEnglishFileWithBomBalanceAndQuotedThousands) {
  auto file = Auto(ReadFixture("csv/auto_bom_utf8.csv"));
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  EXPECT_EQ(file->format, "csv.auto");
  ASSERT_EQ(file->statements.size(), 1u);
  const Statement& s = file->statements[0];
  EXPECT_EQ(s.currency, "GBP");
  ASSERT_EQ(s.lines.size(), 3u);
  EXPECT_EQ(s.lines[0].remittance_info, "Coffee, Milk");
  EXPECT_EQ(s.lines[1].amount.minor, 120000);
  EXPECT_EQ(s.opening_balance, 10000);  // the balances settle the order: oldest first, balance after
  EXPECT_EQ(s.closing_balance, 39550);
  // The first warning says what automatic mode decided, so that a person can check it.
  ASSERT_FALSE(s.warnings.empty());
  EXPECT_NE(s.warnings[0].find("automatic mode"), std::string::npos);
  EXPECT_NE(s.warnings[0].find("amount 'Amount'"), std::string::npos) << s.warnings[0];
}

TEST(CsvAuto, ReadsASwedishFileWithSpaceGroupedDecimalCommas) {
  auto file = Auto(ReadFixture("csv/auto_nordic_sek.csv"));
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  const Statement& s = file->statements[0];
  EXPECT_EQ(s.currency, "SEK");
  ASSERT_EQ(s.lines.size(), 3u);
  EXPECT_EQ(s.lines[0].amount.minor, 2500000);
  EXPECT_EQ(s.lines[2].value_date->ToIso(), "2026-03-16");
  EXPECT_EQ(s.lines[2].remittance_info, "Swish fr\xC3\xA5n Anna");
  EXPECT_EQ(s.opening_balance, 625000);
  EXPECT_EQ(s.closing_balance, 2290000);
}

TEST(CsvAuto, ReadsADutchFileWithIndicatorAndCurrencyInTheHeader) {
  const std::string csv =
      "\"Datum\",\"Naam / Omschrijving\",\"Rekening\",\"Tegenrekening\",\"Code\",\"Af Bij\",\"Bedrag (EUR)\","
      "\"Mutatiesoort\",\"Mededelingen\"\n"
      "\"20260213\",\"Bakker\",\"NL99INGB0001234567\",\"NL11ABNA0123456789\",\"BA\",\"Af\",\"12,50\","
      "\"Betaalautomaat\","
      "\"Pasvolgnr 001\"\n"
      "\"20260214\",\"Klant BV\",\"NL99INGB0001234567\",\"\",\"OV\",\"Bij\",\"1.000,00\",\"Overschrijving\",\"RF18 "
      "5390 0754 7034\"\n";
  auto file = Auto(csv);
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  const Statement& s = file->statements[0];
  EXPECT_EQ(s.account, "NL99INGB0001234567");
  EXPECT_EQ(s.currency, "EUR");
  ASSERT_EQ(s.lines.size(), 2u);
  EXPECT_EQ(s.lines[0].amount.minor, -1250);
  EXPECT_EQ(s.lines[0].booking_date.ToIso(), "2026-02-13");
  EXPECT_EQ(s.lines[0].counterparty_name, "Bakker");
  EXPECT_EQ(s.lines[0].counterparty_account, "NL11ABNA0123456789");
  EXPECT_EQ(s.lines[1].amount.minor, 100000);
}

TEST(CsvAuto, ReadsGermanDebitCreditColumnsAfterAPreamble) {
  const std::string csv =
      "Kontoauszug;Girokonto\n"
      "Kontonummer;DE12 5001 0517 0648 4898 90\n"
      "\n"
      "Buchungstag;Valuta;Empf\xC3\xA4nger;Verwendungszweck;Soll;Haben;W\xC3\xA4hrung\n"
      "13.01.2026;13.01.2026;Stadtwerke;Abschlag;84,00;;EUR\n"
      "14.01.2026;15.01.2026;Kunde;RE 17;;1.250,00;EUR\n";
  auto file = Auto(csv);
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  const Statement& s = file->statements[0];
  EXPECT_EQ(s.account, "DE12500105170648489890");  // from the preamble
  ASSERT_EQ(s.lines.size(), 2u);
  EXPECT_EQ(s.lines[0].amount.minor, -8400);
  EXPECT_EQ(s.lines[1].amount.minor, 125000);
  EXPECT_EQ(s.lines[1].value_date->ToIso(), "2026-01-15");
  EXPECT_EQ(s.lines[0].counterparty_name, "Stadtwerke");
  EXPECT_EQ(s.lines[1].remittance_info, "RE 17");
}

TEST(CsvAuto, SettlesDayAndMonthByAnyDayAboveTwelve) {
  // 03/04 alone could be either; 25/04 settles the whole file as day first.
  const std::string csv = "Date,Amount,Currency\n03/04/2026,1.00,EUR\n25/04/2026,2.00,EUR\n";
  auto file = Auto(csv);
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  EXPECT_EQ(file->statements[0].lines[0].booking_date.ToIso(), "2026-04-03");
  // And month first when the second number is above twelve.
  auto us = Auto("Date,Amount,Currency\n03/04/2026,1.00,USD\n04/25/2026,2.00,USD\n");
  ASSERT_TRUE(us.ok()) << us.error().ToString();
  EXPECT_EQ(us->statements[0].lines[0].booking_date.ToIso(), "2026-03-04");
}

TEST(CsvAuto, SettlesTheDecimalSeparatorByAnyAmountThatProvesIt) {
  // "1.234" alone could be 1234 or 1.234; "0,50" in the same column settles it as a comma file.
  auto file = Auto("Datum;Betrag;W\xC3\xA4hrung\n01.01.2026;1.234;EUR\n02.01.2026;0,50;EUR\n");
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  EXPECT_EQ(file->statements[0].lines[0].amount.minor, 123400);
}

TEST(CsvAuto, SkipsATotalRowAtTheEndWithAWarning) {
  auto file = Auto("Date,Amount,Currency,Description\n2026-01-01,1.50,EUR,a\n2026-01-02,2.50,EUR,b\nTotal,4.00,EUR,\n");
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  const Statement& s = file->statements[0];
  EXPECT_EQ(s.lines.size(), 2u);
  bool warned = false;
  for (const std::string& w : s.warnings) warned |= w.find("line 4 was skipped as a footer") != std::string::npos;
  EXPECT_TRUE(warned);
}

TEST(CsvAuto, ReadsWindows1252AndSaysSo) {
  auto file = Auto(
      "Buchungstag;Betrag;W\xE4hrung;Verwendungszweck\n01.02.2026;-5,00;EUR;Geb\xFChr\n"
      "02.02.2026;7,00;EUR;Zins\n");
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  const Statement& s = file->statements[0];
  EXPECT_EQ(s.lines[0].remittance_info, "Geb\xC3\xBChr");
  EXPECT_NE(s.warnings[0].find("Windows-1252"), std::string::npos);
}

TEST(CsvAuto, HeaderOnlyFileHasNoStatements) {
  auto file = Auto("Date,Description,Amount,Currency\n");
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  EXPECT_TRUE(file->statements.empty());
}

struct Refusal {
  const char* name;
  std::string csv;
  ErrorCode code;
  const char* says;
};

TEST(CsvAuto, SaysWhatItCouldNotDecideInsteadOfGuessing) {
  const Refusal cases[] = {
      {"no delimiter", "just some text\nwithout any table\nat all\n", ErrorCode::kUnsupportedFormat,
       "found no delimiter"},
      {"two delimiters fit alike", "a;b;c|d|e\n1;2;3|4|5\n1;2;3|4|5\n", ErrorCode::kMalformedFile,
       "could not decide the delimiter"},
      {"no header row", "01.01.2026;1,00;EUR\n02.01.2026;2,00;EUR\n", ErrorCode::kUnsupportedFormat,
       "found no header row"},
      {"day or month", "Date,Amount,Currency\n03/04/2026,1.00,EUR\n05/06/2026,2.00,EUR\n", ErrorCode::kMalformedFile,
       "day/month or month/day"},
      {"decimal or thousands", "Datum;Betrag;W\xC3\xA4hrung\n01.01.2026;1.234;EUR\n02.01.2026;5.678;EUR\n",
       ErrorCode::kMalformedFile, "decimal point or between thousands"},
      {"both decimal conventions", "Date;Amount;Currency\n2026-01-01;1.50;EUR\n2026-01-02;2,50;EUR\n",
       ErrorCode::kMalformedFile, "decimal point"},
      {"day-first and month-first columns", "Booking date,Value date,Amount,Currency\n25/01/2026,01/25/2026,1.00,EUR\n",
       ErrorCode::kMalformedFile, "day-first dates in one column and month-first"},
      {"no booking date", "Reference,Amount,Currency\nA1,1.00,EUR\nA2,2.00,EUR\n2026-01-01,3.00,EUR\n",
       ErrorCode::kUnsupportedFormat, "header"},
      {"no booking date column", "Wann,Amount,Currency\n2026-01-01,1.00,EUR\n2026-01-02,2.00,EUR\n",
       ErrorCode::kMalformedFile, "found no booking date column"},
      {"no amount", "Date,Saldo,Currency\n2026-01-01,1.00,EUR\n2026-01-02,2.00,EUR\n", ErrorCode::kMalformedFile,
       "found no amount column"},
      {"debit without credit", "Date,Debit,Currency\n2026-01-01,1.00,EUR\n2026-01-02,2.00,EUR\n",
       ErrorCode::kMalformedFile, "not its counterpart"},
      {"no currency", "Date,Amount,Description\n2026-01-01,1.00,a\n2026-01-02,2.00,b\n", ErrorCode::kMalformedFile,
       "found no currency"},
      {"two booking date columns", "Date,Date,Amount,Currency\n2026-01-01,2026-01-02,1.00,EUR\n",
       ErrorCode::kMalformedFile, "which column is the booking date"},
      {"two currency columns that disagree",
       "Date,Amount,Currency,Currency\n2026-01-01,1.00,EUR,USD\n2026-01-02,1.00,EUR,USD\n", ErrorCode::kMalformedFile,
       "which column is the currency"},
      {"a bad amount cell", "Date,Amount,Currency\n2026-01-01,1.00,EUR\n2026-01-02,12.5O,EUR\n2026-01-03,3.00,EUR\n",
       ErrorCode::kMalformedFile, "'12.5O' is not an amount"},
      {"extra fields", "Date,Amount,Currency\n2026-01-01,1.00,EUR,x,y\n2026-01-02,2.00,EUR,x,y\n",
       ErrorCode::kMalformedFile, "the header names 3 columns"},
      {"broken quote", "Date,Amount,Currency\n2026-01-01,1.00,EUR\n2026-01-02, \"2.00\",EUR\n",
       ErrorCode::kMalformedFile, "space before the opening quote"},
      {"not utf-8 nor text", std::string("Date,Amount\0,Currency\n", 22), ErrorCode::kMalformedFile, "NUL"},
  };
  for (const Refusal& c : cases) {
    auto file = Auto(c.csv);
    ASSERT_FALSE(file.ok()) << c.name;
    EXPECT_EQ(file.error().code, c.code) << c.name << ": " << file.error().ToString();
    EXPECT_NE(file.error().message.find(c.says), std::string::npos) << c.name << ": " << file.error().ToString();
  }
}

TEST(CsvAuto, RefusalsSuggestAProfile) {
  auto file = Auto("Date,Amount,Currency\n03/04/2026,1.00,EUR\n05/06/2026,2.00,EUR\n");
  ASSERT_FALSE(file.ok());
  EXPECT_NE(file.error().message.find("name a CSV profile"), std::string::npos);
  EXPECT_EQ(file.error().location, "line 2");
  EXPECT_NE(file.error().message.find("'03/04/2026'"), std::string::npos) << file.error().message;
}

TEST(CsvDetection, ClaimsTablesAndNothingElse) {
  struct Case {
    const char* name;
    std::string bytes;
    bool csv;
  };
  const Case cases[] = {
      {"semicolon table", "Datum;Betrag;Text\n01.01.2026;1,00;a\n02.01.2026;2,00;b\n", true},
      {"comma table with quotes",
       "\"Date\",\"Amount\",\"Text\"\n\"2026-01-01\",\"1,000.00\",\"a, b\"\n"
       "\"2026-01-02\",\"2.00\",\"c\"\n",
       true},
      {"tab table", "Date\tAmount\tText\n2026-01-01\t1.00\ta\n2026-01-02\t2.00\tb\n", true},
      {"pipe table", "Date|Amount|Text\n2026-01-01|1.00|a\n2026-01-02|2.00|b\n", true},
      {"header and one row", "Date;Amount;Currency\n2026-01-01;1.00;EUR\n", true},
      {"preamble then table",
       "Konto;DE12\nZeitraum;Januar\n\nDatum;Betrag;Text\n01.01.2026;1,00;a\n"
       "02.01.2026;2,00;b\n03.01.2026;3,00;c\n",
       true},
      {"one line", "hello, world", false},
      {"prose with commas", "Dear customer, thank you, really.\nWe hope, truly, that\nyou enjoy, again, it.\n", false},
      {"two columns only", "Date;Amount\n2026-01-01;1.00\n2026-01-02;2.00\n2026-01-03;3.00\n", false},
      {"table without dates", "a,b,c\nd,e,f\ng,h,i\nj,k,l\n", false},
      {"xml", "<?xml version=\"1.0\"?><Document>a,b,c\n1,2,3\n</Document>", false},
      {"ofx", "OFXHEADER:100\nDATA:OFXSGML\n<OFX>", false},
      {"mt940", ":20:STARTUMS\n:25:12345678/0001\n:61:2601010101C1,00NTRFNONREF\n", false},
      {"swift blocks", "{1:F01BANKDEFFXXXX}{2:I940}{4:\n:20:X\n-}", false},
      {"binary", std::string("a,b,c\n1,\0,3\n", 12), false},
      {"fixed width statement",
       "23 dec   IDEAL BETALING, DANK U     500,00 Bij\n"
       "24 dec   IDEAL BETALING, DANK U     500,00 Bij\n"
       "30 dec   IDEAL BETALING, DANK U     500,00 Bij\n",
       false},
  };
  for (const Case& c : cases) EXPECT_EQ(csv::LooksLikeCsv(c.bytes), c.csv) << c.name;
}

TEST(CsvDetection, RegistryPicksCsvForATableAndParsesItAutomatically) {
  const std::string csv = "Date,Amount,Currency\n2026-01-01,1.00,EUR\n2026-01-02,2.00,EUR\n";
  EXPECT_EQ(parsers::DetectFormat(csv), "csv");
  auto file = parsers::ParseStatementFile(csv, {});
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  EXPECT_EQ(file->format, "csv.auto");
}

}  // namespace
}  // namespace recon
