// Whole files through Mt940Parser: envelopes, statements, MT942, character sets, line
// endings, balance warnings, limits and every error a file can earn, with its line.
#include "parsers/mt940/mt940_parser.hpp"

#include <gtest/gtest.h>

#include "parsers/mt940/charset.hpp"
#include "parsers/registry.hpp"
#include "test_util.hpp"

namespace recon {
namespace {

using recon::testing::ReadFixture;

Result<ParsedFile> ParseMt940(std::string_view bytes, ParseOptions options = {}) {
  return mt940::Mt940Parser().Parse(bytes, options);
}

// The smallest statement recond accepts, to build cases from.
const std::string kMinimal =
    ":20:REF\n:25:NL91ABNA0417164300\n:28C:1/1\n:60F:C261119EUR100,00\n"
    ":61:2611201120C1,50NTRFNONREF//B1\n:86:hello\n:62F:C261120EUR101,50\n-\n";

TEST(Mt940File, ReadsSwiftBlocksWithFramingAndAStatementSplitOverTwoMessages) {
  auto file = ParseMt940(ReadFixture("mt940/blocks_two_messages.sta"));
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  EXPECT_EQ(file->format, "mt940");
  ASSERT_EQ(file->statements.size(), 2u);
  const Statement& first = file->statements[0];
  EXPECT_EQ(first.statement_id, "DB-2026-11-20/00321/1");
  EXPECT_EQ(first.account, "0123456789");  // the BIC in front names the bank, not the account
  EXPECT_EQ(first.currency, "EUR");
  EXPECT_EQ(first.opening_balance, 100000);
  EXPECT_EQ(first.opening_date->ToIso(), "2026-11-19");
  EXPECT_EQ(first.closing_balance, 115050);  // from :62M:
  EXPECT_TRUE(first.warnings.empty()) << first.warnings[0];
  ASSERT_EQ(first.lines.size(), 2u);

  const StatementLine& credit = first.lines[0];
  EXPECT_EQ(credit.account, "0123456789");
  EXPECT_EQ(credit.amount.minor, 25000);
  EXPECT_EQ(credit.amount.currency.code(), "EUR");
  EXPECT_EQ(credit.booking_date.ToIso(), "2026-11-20");
  EXPECT_EQ(credit.value_date->ToIso(), "2026-11-20");
  EXPECT_EQ(credit.counterparty_name, "Nordic Design AS");
  EXPECT_EQ(credit.counterparty_account, "NO8330001234567");
  EXPECT_EQ(credit.counterparty_bic, "DNBANOKKXXX");
  EXPECT_EQ(credit.structured_reference, "RF18539007547034");
  EXPECT_EQ(credit.remittance_info, "RF18539007547034 Invoice 2026-0123");
  EXPECT_EQ(credit.end_to_end_id, "E2E-0001");
  EXPECT_EQ(credit.bank_reference, "DB0001");
  EXPECT_EQ(credit.bank_transaction_code, "166");

  const StatementLine& fee = first.lines[1];
  EXPECT_EQ(fee.amount.minor, -9950);
  EXPECT_EQ(fee.bank_reference, "DB0002");  // the bank's reference wins over the customer's
  EXPECT_EQ(fee.remittance_info, "Kontofuehrung November");
  EXPECT_EQ(fee.bank_transaction_code, "805");

  const Statement& second = file->statements[1];
  EXPECT_EQ(second.statement_id, "DB-2026-11-20/00321/2");
  EXPECT_EQ(second.opening_balance, 115050);  // from :60M:
  EXPECT_EQ(second.closing_balance, 120000);
  ASSERT_EQ(second.lines.size(), 1u);
  EXPECT_FALSE(second.lines[0].end_to_end_id.has_value());  // NOTPROVIDED
  EXPECT_EQ(second.lines[0].counterparty_name, "Polar Home Oy");
  EXPECT_TRUE(second.warnings.empty());
}

TEST(Mt940File, ReadsSeveralStatementsInOneMessageWithHeaderLinesAndStatementLevelDetails) {
  auto file = ParseMt940(ReadFixture("mt940/dutch_slash_multi.sta"));
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  ASSERT_EQ(file->statements.size(), 3u);
  const Statement& s = file->statements[0];
  EXPECT_EQ(s.account, "NL48ABNA0123456789");
  EXPECT_TRUE(s.warnings.empty()) << s.warnings[0];
  ASSERT_EQ(s.lines.size(), 2u);
  EXPECT_EQ(s.lines[0].counterparty_name, "ACME B.V.");
  EXPECT_EQ(s.lines[0].counterparty_account, "NL91ABNA0417164300");
  EXPECT_EQ(s.lines[0].counterparty_bic, "ABNANL2A");
  EXPECT_EQ(s.lines[0].remittance_info, "Factuur 2026-0007");
  EXPECT_EQ(s.lines[0].end_to_end_id, "ACME-7");
  EXPECT_EQ(s.lines[0].bank_transaction_code, "N654");
  // The statement-level :86: after :62F: is not glued to the last line.
  EXPECT_EQ(s.lines[1].remittance_info, "BEA   NR:XXX1234   20.11.26/12.54 DIRCKIII FIL2500 KATWIJK,PAS999");
  EXPECT_FALSE(s.lines[1].bank_reference.has_value());  // NONREF and no bank reference
  EXPECT_TRUE(file->statements[1].lines.empty());
  const Statement& third = file->statements[2];
  ASSERT_EQ(third.lines.size(), 1u);
  EXPECT_EQ(third.lines[0].amount.minor, -100000);  // RC: the credit is taken back
  EXPECT_EQ(third.lines[0].counterparty_name, "ACME B.V.");
  EXPECT_TRUE(third.warnings.empty()) << third.warnings[0];
}

TEST(Mt940File, ReadsMt942WithoutOpeningBalance) {
  auto file = ParseMt940(ReadFixture("mt940/mt942_intraday.sta"));
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  EXPECT_EQ(file->format, "mt942");
  ASSERT_EQ(file->statements.size(), 1u);
  const Statement& s = file->statements[0];
  EXPECT_EQ(s.currency, "PLN");  // from :34F:
  EXPECT_FALSE(s.opening_balance.has_value());
  EXPECT_FALSE(s.closing_balance.has_value());
  EXPECT_TRUE(s.warnings.empty()) << s.warnings[0];
  ASSERT_EQ(s.lines.size(), 2u);
  EXPECT_EQ(s.lines[0].amount.minor, 45000);
  EXPECT_EQ(s.lines[0].amount.currency.code(), "PLN");
  EXPECT_EQ(s.lines[0].bank_reference, "MB261120000001");
  EXPECT_EQ(s.lines[0].remittance_info, "911 TRANSAKCJA COLLECT; TYT.: FAKTURA 12/2026");
  EXPECT_EQ(s.lines[1].amount.minor, -1234);
}

TEST(Mt940File, WarnsWhenMt942TotalsDisagreeWithTheLines) {
  std::string text = ReadFixture("mt940/mt942_intraday.sta");
  text.replace(text.find(":90D:1PLN12,34"), 14, ":90D:2PLN12,34");
  auto file = ParseMt940(text);
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  ASSERT_EQ(file->statements[0].warnings.size(), 1u);
  EXPECT_EQ(file->statements[0].warnings[0],
            ":90D: states 2 debit entries totalling 12.34, but the lines hold 1 totalling 12.34");
}

TEST(Mt940File, ConvertsLatin1AndWindows1252ToUtf8) {
  auto latin1 = ParseMt940(ReadFixture("mt940/latin1_gvc.sta"));
  ASSERT_TRUE(latin1.ok()) << latin1.error().ToString();
  const StatementLine& line = latin1->statements[0].lines[0];
  EXPECT_EQ(line.counterparty_name, "M\xC3\xBCller & S\xC3\xB6hne");
  EXPECT_EQ(line.remittance_info, "Tankstelle Leipziger Stra\xC3\x9F" "e 257");
  EXPECT_EQ(line.amount.minor, -2000);

  auto cp1252 = ParseMt940(ReadFixture("mt940/cp1252_free_text.sta"));
  ASSERT_TRUE(cp1252.ok()) << cp1252.error().ToString();
  EXPECT_EQ(cp1252->statements[0].lines[0].remittance_info,
            "Betaling \xE2\x82\xAC 5 \xE2\x80\x9EGeschenk\xE2\x80\x9C \xE2\x80\x93 Caf\xC3\xA9");
}

TEST(Mt940File, BalanceMismatchIsAWarningNotAFailure) {
  auto file = ParseMt940(ReadFixture("mt940/balance_mismatch.sta"));
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  ASSERT_EQ(file->statements[0].warnings.size(), 1u);
  EXPECT_NE(file->statements[0].warnings[0].find("closing balance is 1100.00"), std::string::npos)
      << file->statements[0].warnings[0];
}

TEST(Mt940File, EntryDatesAcrossTheYearEnd) {
  auto file = ParseMt940(ReadFixture("mt940/year_end.sta"));
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  const Statement& s = file->statements[0];
  ASSERT_EQ(s.lines.size(), 2u);
  EXPECT_EQ(s.lines[0].booking_date.ToIso(), "2026-12-30");
  EXPECT_EQ(s.lines[0].value_date->ToIso(), "2027-01-02");
  EXPECT_EQ(s.lines[1].booking_date.ToIso(), "2027-01-02");
  EXPECT_EQ(s.lines[1].value_date->ToIso(), "2026-12-31");
  EXPECT_TRUE(s.warnings.empty());
}

TEST(Mt940File, AcceptsEveryLineEndingTrailingSpacesAndAMissingEnd) {
  auto replace_all = [](std::string s, const std::string& from, const std::string& to) {
    for (size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size())) s.replace(p, from.size(), to);
    return s;
  };
  const std::string variants[] = {
      kMinimal,
      replace_all(kMinimal, "\n", "\r\n"),
      replace_all(kMinimal, "\n", "\r"),
      replace_all(kMinimal, "\n", "   \n"),
      kMinimal.substr(0, kMinimal.size() - 1),  // no final newline
      kMinimal.substr(0, kMinimal.size() - 2),  // no final '-'
      "\xEF\xBB\xBF\n\n" + kMinimal,            // a byte-order mark and blank lines first
      kMinimal + "\x1A",                        // DOS end-of-file mark
  };
  for (const std::string& text : variants) {
    auto file = ParseMt940(text);
    ASSERT_TRUE(file.ok()) << ::testing::PrintToString(text) << ": " << file.error().ToString();
    ASSERT_EQ(file->statements.size(), 1u);
    ASSERT_EQ(file->statements[0].lines.size(), 1u);
    EXPECT_EQ(file->statements[0].lines[0].amount.minor, 150);
    EXPECT_EQ(file->statements[0].lines[0].remittance_info, "hello");
    EXPECT_TRUE(file->statements[0].warnings.empty());
  }
}

TEST(Mt940File, KeepsTheAccountAsTheBankWroteItButForBicAndCurrency) {
  const struct {
    const char* written;
    const char* kept;
  } cases[] = {
      {"DEUTDEFF/0123456789", "0123456789"},
      {"DABADKKK/111111-11111111", "111111-11111111"},
      {"87052000/123456789", "87052000/123456789"},  // a German bank code is part of the account
      {"1291.99.348EUR", "1291.99.348"},
      {"70011110/4005287001EUR", "70011110/4005287001"},
      {"UBRTHUHB/123456789150ABCDEF002/HUF", "123456789150ABCDEF002"},
      {"NL91ABNA0417164300", "NL91ABNA0417164300"},
      {"SC18SSCB11010000000000001497USD", "SC18SSCB11010000000000001497USD"},  // a Seychelles IBAN ends in USD
      {"  PL25106000760000888888888888  ", "PL25106000760000888888888888"},
  };
  for (const auto& c : cases) {
    std::string text = kMinimal;
    text.replace(text.find("NL91ABNA0417164300"), 18, c.written);
    auto file = ParseMt940(text);
    ASSERT_TRUE(file.ok()) << c.written << ": " << file.error().ToString();
    EXPECT_EQ(file->statements[0].account, c.kept) << c.written;
    EXPECT_EQ(file->statements[0].lines[0].account, c.kept) << c.written;
  }
}

struct BadFile {
  const char* name;
  std::string text;
  ErrorCode code;
  const char* location;
  const char* says;
};

TEST(Mt940File, RefusesBrokenFilesNamingTheLine) {
  auto with = [](const std::string& from, const std::string& to) {
    std::string s = kMinimal;
    s.replace(s.find(from), from.size(), to);
    return s;
  };
  const BadFile cases[] = {
      {"point in a :61: amount", with("C1,50NTRF", "C12.50NTRF"), ErrorCode::kMalformedFile, "line 5, column 16",
       ":61: amount '12.50' uses a point; MT940 requires a decimal comma"},
      {"point in a balance", with(":60F:C261119EUR100,00", ":60F:C261119EUR100.00"), ErrorCode::kMalformedFile,
       "line 4, column 16", ":60F: amount '100.00' uses a point"},
      {"balance without C/D", with(":60F:C261119", ":60F:X261119"), ErrorCode::kMalformedFile, "line 4, column 6",
       "must start with C (credit) or D (debit)"},
      {"balance date", with(":62F:C261120", ":62F:C261131"), ErrorCode::kMalformedFile, "line 7, column 7",
       ":62F: date '261131' is not a calendar date"},
      {"balance without currency", with(":62F:C261120EUR101,50", ":62F:C261120101,50"), ErrorCode::kMalformedFile,
       "line 7, column 13", "currency '101' after the date is not a three-letter currency code"},
      {"withdrawn currency", with("EUR100,00", "DEM100,00"), ErrorCode::kMalformedFile, "line 4, column 13",
       "'DEM' after the date is not a current ISO 4217 currency"},
      {"currencies differ", with(":62F:C261120EUR", ":62F:C261120USD"), ErrorCode::kMalformedFile, "line 7",
       ":62F: is in USD but the opening balance (:60F: on line 4) is in EUR"},
      {"balance with a second line", with(":62F:C261120EUR101,50\n", ":62F:C261120EUR101,50\n999\n"),
       ErrorCode::kMalformedFile, "line 8", ":62F: continues on the next line with '999'"},
      {"no :25:", with(":25:NL91ABNA0417164300\n", ""), ErrorCode::kMalformedFile, "line 1", "has no :25: field"},
      {"two :25:", with(":28C:", ":25:X\n:28C:"), ErrorCode::kMalformedFile, "line 3",
       "a second :25: (account) in the statement that starts on line 1"},
      {"two opening balances", with(":61:", ":60F:C261119EUR100,00\n:61:"), ErrorCode::kMalformedFile, "line 5",
       "a second opening balance in the statement (the first is :60F: on line 4)"},
      {"tag before :20:", ":25:X\n" + kMinimal, ErrorCode::kMalformedFile, "line 1",
       ":25: stands outside a statement: a statement starts with :20:"},
      {"tag after the end of the message", kMinimal + ":61:2611201120C1,50NTRF\n", ErrorCode::kMalformedFile,
       "line 9", ":61: stands outside a statement"},
      {"no tags at all", "1\n2\n3\n", ErrorCode::kMalformedFile, "line 1", "holds no MT940 statement"},
      {"empty file", "", ErrorCode::kMalformedFile, "line 1", "the file is empty"},
      {"blank file", " \r\n\r\n", ErrorCode::kMalformedFile, "line 1", "the file is empty"},
      {"lines but no currency", ":20:X\n:25:Y\n:61:2611201120C1,50NTRF\n", ErrorCode::kMalformedFile, "line 3",
       "the statement has lines but no currency"},
      {"control character", with("hello", "hel\x02lo"), ErrorCode::kMalformedFile, "line 6, column 8",
       "control character 0x02"},
      {"NUL byte", with("REF", std::string("R\0F", 3)), ErrorCode::kMalformedFile, "line 1, column 6",
       "control character 0x00"},
      {":13D: not a time", with(":28C:1/1", ":28C:1/1\n:13D:2611202561+0100"), ErrorCode::kMalformedFile,
       "line 4, column 12", ":13D: time '2561' is not a time of day"},
      {":13D: shape", with(":28C:1/1", ":28C:1/1\n:13D:26112012"), ErrorCode::kMalformedFile, "line 4, column 6",
       "is not a date and time of the form YYMMDDhhmm+hhmm"},
      {":34F: currency", with(":28C:1/1", ":28C:1/1\n:34F:EU0,00"), ErrorCode::kMalformedFile, "line 4, column 6",
       ":34F: currency 'EU0' is not a three-letter currency code"},
      {":34F: amount", with(":28C:1/1", ":28C:1/1\n:34F:EURD1.00"), ErrorCode::kMalformedFile, "line 4, column 10",
       ":34F: amount '1.00' uses a point"},
      {":90D: count", with(":62F:", ":90D:EUR1,50\n:62F:"), ErrorCode::kMalformedFile, "line 7, column 6",
       ":90D: must start with the number of entries"},
      {":90C: amount", with(":62F:", ":90C:1EUR1\n:62F:"), ErrorCode::kMalformedFile, "line 7, column 10",
       ":90C: amount '1' has no decimal comma"},
      {":64: date", with(":62F:C261120EUR101,50\n", ":62F:C261120EUR101,50\n:64:C261320EUR1,00\n"),
       ErrorCode::kMalformedFile, "line 8, column 6", ":64: date '261320' is not a calendar date"},
      {"empty :25:", with(":25:NL91ABNA0417164300", ":25:  "), ErrorCode::kMalformedFile, "line 2", ":25: is empty"},
  };
  for (const BadFile& c : cases) {
    auto file = ParseMt940(c.text);
    ASSERT_FALSE(file.ok()) << c.name;
    EXPECT_EQ(file.error().code, c.code) << c.name << ": " << file.error().ToString();
    EXPECT_EQ(file.error().location, c.location) << c.name << ": " << file.error().ToString();
    EXPECT_NE(file.error().message.find(c.says), std::string::npos) << c.name << ": " << file.error().ToString();
  }
}

TEST(Mt940File, ErrorMessagesStayUtf8WhenTheyQuoteACutLetter) {
  // Found by fuzzing: a Latin-1 letter in the :61: type became two UTF-8 bytes, and the type
  // (four bytes) took only the first of them into the line.
  const std::string text =
      ":20:MISMATCH\n:25:NO9386011\n:60F:C261119NOK1000,00\n:61:2611201120C50,00NTR\xEDNONREF//REF1\n-\n";
  auto file = ParseMt940(text);
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.error().location, "line 4, column 21");
  EXPECT_NE(file.error().message.find("found 'NTR\xC3\xAD'"), std::string::npos) << file.error().message;
  EXPECT_TRUE(mt940::CheckCharset(file.error().message).utf8);
}

TEST(Mt940File, ABrokenLineAnywhereFailsTheWholeFile) {
  // A good statement first, then a bad one: nothing of the file comes back.
  const std::string text = kMinimal + ":20:TWO\n:25:X\n:60F:C261119EUR1,00\n:61:2611201120C1.00NTRF\n-\n";
  auto file = ParseMt940(text);
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.error().location, "line 12, column 16");
}

TEST(Mt940File, HonoursTheLimits) {
  ParseOptions options;
  options.statement_lines_max = 1;
  std::string two = kMinimal;
  two.insert(two.find(":62F:"), ":61:2611201120C1,50NTRF\n");
  auto file = ParseMt940(two, options);
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.error().code, ErrorCode::kLimitExceeded);
  EXPECT_EQ(file.error().location, "line 7");
  EXPECT_NE(file.error().message.find("statement_lines_max"), std::string::npos);
  EXPECT_TRUE(ParseMt940(kMinimal, options).ok());

  options = {};
  options.file_bytes_max = 10;
  file = ParseMt940(kMinimal, options);
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.error().code, ErrorCode::kLimitExceeded);
  EXPECT_NE(file.error().message.find("file_bytes_max"), std::string::npos);
}

TEST(Mt940File, ReadsOverNonSwiftFieldsAndUnknownTagShapedText) {
  const std::string text =
      ":20:STARTUMS\n:25:1222333444\n:28:1/1\n:NS:22Test GmbH\n23Testkonto\n:60F:C020315EUR0,00\n"
      ":61:0203170320CM5000,00S05168790452\n:NS:01Verwendungszweck 1\n"
      ":86:805?00ENTGELT?20Pauschalen?602017-01-01T13\n:12:11\n:62F:C020320EUR5000,00\n";
  auto file = ParseMt940(text);
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  const StatementLine& line = file->statements[0].lines[0];
  EXPECT_EQ(line.amount.minor, 500000);
  EXPECT_EQ(line.booking_date.ToIso(), "2002-03-20");
  EXPECT_EQ(line.remittance_info, "Pauschalen2017-01-01T13:12:11");
  EXPECT_EQ(line.bank_reference, "68790452");
  EXPECT_EQ(line.bank_transaction_code, "805");
}

TEST(Mt940Detect, ClaimsMt940AndNothingElse) {
  EXPECT_TRUE(mt940::LooksLikeMt940(kMinimal));
  EXPECT_TRUE(mt940::LooksLikeMt940("{1:F01INGBNL2AXXXX00001}{2:I940INGBNL2AXXXN}{4:\r\n:20:X"));
  EXPECT_TRUE(mt940::LooksLikeMt940("ABNANL2A\r\n940\r\nABNANL2A\r\n:20:ABN AMRO BANK NV\r\n:25:517852257\r\n"));
  EXPECT_TRUE(mt940::LooksLikeMt940("\r\n\r\n:20:X\r\n:28C:1\r\n:61:2611201120C1,50NTRF"));
  EXPECT_TRUE(mt940::LooksLikeMt940(ReadFixture("mt940/mt942_intraday.sta")));
  EXPECT_FALSE(mt940::LooksLikeMt940(":20:only a reference\n"));
  EXPECT_FALSE(mt940::LooksLikeMt940(""));
  EXPECT_FALSE(mt940::LooksLikeMt940(ReadFixture("camt/camt053_v08_basic.xml")));
  EXPECT_FALSE(mt940::LooksLikeMt940("OFXHEADER:100\nDATA:OFXSGML\n<OFX><BANKMSGSRSV1>"));
  EXPECT_FALSE(mt940::LooksLikeMt940("<?xml version=\"1.0\"?><OFX></OFX>"));
  EXPECT_FALSE(mt940::LooksLikeMt940("date;amount;text\n2026-11-20;1,50;\":20: and :25: in a memo\"\n"));
  EXPECT_FALSE(mt940::LooksLikeMt940("Buchungstag,Betrag,:20:\n:25:,1\n"));
  EXPECT_EQ(parsers::DetectFormat(ReadFixture("mt940/blocks_two_messages.sta")), "mt940");
  EXPECT_EQ(parsers::DetectFormat(ReadFixture("mt940/dutch_slash_multi.sta")), "mt940");
}

}  // namespace
}  // namespace recon
