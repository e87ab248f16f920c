// The OFX parser end to end: hand-written fixtures for what must be read, and a table of
// broken files, each refused with its kind and its place.
#include "parsers/ofx/ofx_parser.hpp"

#include <gtest/gtest.h>

#include "parsers/registry.hpp"
#include "test_util.hpp"

namespace recon {
namespace {

using recon::testing::ReadFixture;

Result<ParsedFile> ParseOfx(const std::string& bytes, ParseOptions options = {}) {
  return ofx::OfxParser().Parse(bytes, options);
}

const std::string kHeader =
    "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nSECURITY:NONE\nENCODING:USASCII\nCHARSET:1252\n"
    "COMPRESSION:NONE\nOLDFILEUID:NONE\nNEWFILEUID:NONE\n\n";
const std::string kSignon = "<SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS>\n<DTSERVER>20260201\n"
                            "<LANGUAGE>ENG</SONRS></SIGNONMSGSRSV1>\n";
const std::string kAccount = "<CURDEF>EUR\n<BANKACCTFROM><BANKID>1\n<ACCTID>ACC-1\n<ACCTTYPE>CHECKING</BANKACCTFROM>\n";
const std::string kTrn = "<TRNTYPE>DEBIT\n<DTPOSTED>20260105\n<TRNAMT>-1.00\n<FITID>T1\n";

// The SGML body of a bank statement file around the inside of one STMTRS.
std::string Body(const std::string& stmtrs, const std::string& status = "<CODE>0<SEVERITY>INFO") {
  return "<OFX>\n" + kSignon + "<BANKMSGSRSV1><STMTTRNRS><TRNUID>9\n<STATUS>" + status + "</STATUS>\n<STMTRS>\n" +
         stmtrs + "</STMTRS>\n</STMTTRNRS></BANKMSGSRSV1>\n</OFX>\n";
}

// The same with an OFX 1.02 header.
std::string Bank(const std::string& stmtrs, const std::string& status = "<CODE>0<SEVERITY>INFO") {
  return kHeader + Body(stmtrs, status);
}

std::string List(const std::string& transactions) {
  return "<BANKTRANLIST><DTSTART>20260101\n<DTEND>20260131\n" + transactions + "</BANKTRANLIST>\n";
}

std::string Trn(const std::string& fields) { return "<STMTTRN>\n" + fields + "</STMTTRN>\n"; }

// "line N, column C" of the first occurrence of `marker` in `text`.
std::string PlaceOf(const std::string& text, const std::string& marker) {
  const size_t at = text.find(marker);
  EXPECT_NE(at, std::string::npos) << marker;
  size_t line = 1, column = 1;
  for (size_t i = 0; i < at; ++i) {
    if (text[i] == '\n') ++line, column = 1;
    else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++column;
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

TEST(Ofx, ReadsSgmlV102InWindows1252WithEveryField) {
  auto file = ParseOfx(ReadFixture("ofx/sgml_v102_bank_1252.ofx"));
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  EXPECT_EQ(file->format, "ofx.102");
  ASSERT_EQ(file->statements.size(), 1u);
  const Statement& s = file->statements[0];
  EXPECT_EQ(s.account, "00012345678");
  EXPECT_EQ(s.currency, "EUR");
  EXPECT_EQ(s.statement_id, "2026-02-01/2026-02-28");
  EXPECT_FALSE(s.opening_balance.has_value());
  EXPECT_EQ(s.closing_balance, 1084551);  // "10845,51": a decimal comma
  EXPECT_EQ(s.closing_date->ToIso(), "2026-02-28");
  EXPECT_TRUE(s.warnings.empty()) << s.warnings[0];
  // F-0004 and its DELETE record F-0005 are gone; F-0006 is replaced by F-0007.
  ASSERT_EQ(s.lines.size(), 4u);

  const StatementLine& credit = s.lines[0];
  EXPECT_EQ(credit.account, "00012345678");
  EXPECT_EQ(credit.booking_date.ToIso(), "2026-02-02");
  EXPECT_EQ(credit.value_date->ToIso(), "2026-02-01");  // DTUSER when there is no DTAVAIL
  EXPECT_EQ(credit.amount.minor, 125000);              // "1250,00"
  EXPECT_EQ(credit.amount.currency.code(), "EUR");
  EXPECT_EQ(credit.counterparty_name, "Soci\xC3\xA9t\xC3\xA9 G\xC3\xA9n\xC3\xA9rale & Fils");
  EXPECT_EQ(credit.remittance_info, "Facture 2026-0123 \xE2\x82\xAC <r\xC3\xA9gl\xC3\xA9" "e>");
  EXPECT_EQ(credit.bank_reference, "F-0001");
  EXPECT_EQ(credit.bank_transaction_code, "CREDIT");
  EXPECT_FALSE(credit.end_to_end_id.has_value());
  EXPECT_FALSE(credit.counterparty_account.has_value());
  EXPECT_FALSE(credit.structured_reference.has_value());

  const StatementLine& pos = s.lines[1];
  EXPECT_EQ(pos.booking_date.ToIso(), "2026-02-05");  // 23:00 EST is 04:00 UTC the next day; the bank's day counts
  EXPECT_EQ(pos.value_date->ToIso(), "2026-02-07");   // DTAVAIL before DTUSER
  EXPECT_EQ(pos.amount.minor, -4250);
  EXPECT_EQ(pos.counterparty_name, "Caf\xC3\xA9 du Port");  // PAYEE/NAME
  EXPECT_EQ(pos.remittance_info, "Caf\xC3\xA9 du Port");   // no MEMO: the name describes it
  EXPECT_EQ(pos.bank_transaction_code, "POS-5411");        // TRNTYPE and SIC

  EXPECT_EQ(s.lines[2].bank_reference, "F-0003");
  EXPECT_EQ(s.lines[2].bank_transaction_code, "CHECK");
  EXPECT_FALSE(s.lines[2].value_date.has_value());

  const StatementLine& replaced = s.lines[3];
  EXPECT_EQ(replaced.bank_reference, "F-0007");
  EXPECT_EQ(replaced.amount.minor, -450);
  EXPECT_EQ(replaced.remittance_info, "Frais corrig\xC3\xA9s");
}

TEST(Ofx, ReadsXmlV211WithSeveralAccountsACardAndForeignCurrencies) {
  auto file = ParseOfx(ReadFixture("ofx/xml_v211_bank_and_card.ofx"));
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  EXPECT_EQ(file->format, "ofx.211");
  ASSERT_EQ(file->statements.size(), 3u);

  const Statement& checking = file->statements[0];
  EXPECT_EQ(checking.account, "1111");
  EXPECT_EQ(checking.currency, "USD");
  EXPECT_EQ(checking.closing_balance, 432109);
  EXPECT_EQ(checking.closing_date->ToIso(), "2026-03-09");
  ASSERT_EQ(checking.lines.size(), 4u);
  EXPECT_EQ(checking.lines[0].counterparty_name, "ACME <Payroll> & Co");  // CDATA
  EXPECT_EQ(checking.lines[0].remittance_info, "Salary March");
  EXPECT_EQ(checking.lines[0].amount.minor, 250000);
  EXPECT_EQ(checking.lines[1].amount.currency.code(), "EUR");  // CURRENCY: the amount is in CURSYM
  EXPECT_EQ(checking.lines[1].amount.minor, -8000);
  EXPECT_EQ(checking.lines[1].remittance_info, "Hotel Adlon");  // <MEMO/> is empty
  EXPECT_EQ(checking.lines[2].amount.currency.code(), "JPY");
  EXPECT_EQ(checking.lines[2].amount.minor, -10000);  // JPY has no minor unit
  EXPECT_EQ(checking.lines[3].amount.currency.code(), "USD");  // ORIGCURRENCY: the amount stays in CURDEF
  EXPECT_EQ(checking.lines[3].amount.minor, -1234);

  const Statement& savings = file->statements[1];
  EXPECT_EQ(savings.account, "2222");
  EXPECT_EQ(savings.statement_id, "2");  // no BANKTRANLIST: the TRNUID names it
  EXPECT_TRUE(savings.lines.empty());
  EXPECT_EQ(savings.closing_balance, -1550);

  const Statement& card = file->statements[2];
  EXPECT_EQ(card.account, "4111111111111111");
  EXPECT_EQ(card.statement_id, "2026-02-01/2026-02-28");
  ASSERT_EQ(card.lines.size(), 2u);
  EXPECT_EQ(card.lines[0].booking_date.ToIso(), "2026-02-28");  // 23:00 PST stays the 28th
  EXPECT_EQ(card.lines[1].amount.minor, 50000);                 // "+500.00"
  EXPECT_EQ(card.closing_balance, -123456);
}

TEST(Ofx, ReadsAOneLineCreditCardFile) {
  auto file = ParseOfx(ReadFixture("ofx/sgml_oneline_creditcard.ofx"));
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  ASSERT_EQ(file->statements.size(), 1u);
  const Statement& s = file->statements[0];
  EXPECT_EQ(s.account, "5555");
  EXPECT_EQ(s.currency, "GBP");
  ASSERT_EQ(s.lines.size(), 2u);
  EXPECT_EQ(s.lines[0].amount.minor, -725);
  EXPECT_EQ(s.lines[0].counterparty_name, "Mince pies");
  EXPECT_EQ(s.lines[1].amount.minor, 10000);
  EXPECT_EQ(s.closing_balance, -9275);
}

TEST(Ofx, DetectsOfxAndNothingElse) {
  EXPECT_TRUE(ofx::LooksLikeOfx(ReadFixture("ofx/sgml_v102_bank_1252.ofx")));
  EXPECT_TRUE(ofx::LooksLikeOfx(ReadFixture("ofx/xml_v211_bank_and_card.ofx")));
  EXPECT_TRUE(ofx::LooksLikeOfx("<OFX><SIGNONMSGSRSV1>"));
  EXPECT_TRUE(ofx::LooksLikeOfx("\xEF\xBB\xBFofxheader:100\n"));
  EXPECT_TRUE(ofx::LooksLikeOfx("<?xml version=\"1.0\"?><?ofx OFXHEADER=\"200\"?>"));
  EXPECT_FALSE(ofx::LooksLikeOfx(ReadFixture("camt/camt053_v08_basic.xml")));
  EXPECT_FALSE(ofx::LooksLikeOfx("{1:F01BANKBEBBAXXX0000000000}{4:\n:20:STMT\n:25:123\n:60F:C260101EUR0,00\n-}"));
  EXPECT_FALSE(ofx::LooksLikeOfx(":20:STMT\r\n:25:NL91ABNA0417164300\r\n:28C:1/1\r\n"));
  EXPECT_FALSE(ofx::LooksLikeOfx("date;amount;text\n2026-01-01;1,00;OFX fee\n"));
  EXPECT_FALSE(ofx::LooksLikeOfx(std::string(2000, ' ') + "<OFX>"));

  EXPECT_EQ(parsers::DetectFormat(ReadFixture("ofx/sgml_v102_bank_1252.ofx")), "ofx");
  EXPECT_EQ(parsers::DetectFormat(ReadFixture("ofx/xml_v211_bank_and_card.ofx")), "ofx");
  EXPECT_EQ(parsers::DetectFormat("\n\n<OFX>\n<SIGNONMSGSRSV1>"), "ofx");
  auto file = parsers::ParseStatementFile(ReadFixture("ofx/sgml_oneline_creditcard.ofx"), {});
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  EXPECT_EQ(file->format, "ofx.102");
}

struct Good {
  const char* name;
  std::string bytes;
  size_t lines;
  const char* warning;  // part of the first warning, or nullptr for none
};

TEST(Ofx, AcceptsWhatRealBanksSend) {
  const std::string one = List(Trn(kTrn));
  const Good cases[] = {
      {"no header at all", "\r\n" + Body(kAccount + one), 1, nullptr},
      {"xml header over an sgml body (ANZ)",
       "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<?OFX OFXHEADER=\"200\" VERSION=\"203\"?>  \n" +
           Body(kAccount + one),
       1, nullptr},
      {"utf-8 under CHARSET:1252 (Banco do Brasil)",
       Bank(kAccount + List(Trn(kTrn + "<MEMO>CR\xC3\x89" "DITO\n"))), 1, "bytes are UTF-8"},
      {"empty BALAMT", Bank(kAccount + one + "<LEDGERBAL><BALAMT>\n<DTASOF>20260131</LEDGERBAL>\n"), 1,
       "BALAMT is empty"},
      {"empty CURDEF, currency from CURRENCY",
       Bank("<CURDEF></CURDEF><BANKACCTFROM><ACCTID>1</BANKACCTFROM>" +
            List(Trn(kTrn + "<CURRENCY><CURRATE>1.0<CURSYM>AUD</CURRENCY>"))),
       1, "CURDEF is empty"},
      {"DELETE of a transaction from an earlier file",
       Bank(kAccount + List(Trn(kTrn) + Trn("<TRNTYPE>DEBIT<DTPOSTED>20260106<TRNAMT>-2<FITID>T2<CORRECTFITID>OLD"
                                            "<CORRECTACTION>DELETE"))),
       1, "deletes FITID 'OLD'"},
      {"REPLACE of a transaction from an earlier file",
       Bank(kAccount + List(Trn(kTrn) + Trn("<TRNTYPE>DEBIT<DTPOSTED>20260106<TRNAMT>-2<FITID>T2<CORRECTFITID>OLD"
                                            "<CORRECTACTION>REPLACE"))),
       2, "replaces FITID 'OLD'"},
      {"statement status warning", Bank(kAccount + one, "<CODE>2020<SEVERITY>WARN<MESSAGE>Partial"), 1,
       "2020"},
      {"QFX extensions", Bank(kAccount + List(Trn(kTrn + "<INTU.XID>1\n<INTU.CAT>Food\n"))), 1, nullptr},
      {"zero transactions", Bank(kAccount + List("")), 0, nullptr},
      {"no BANKTRANLIST", Bank(kAccount), 0, nullptr},
      {"UTF-8 BOM", "\xEF\xBB\xBF" + Bank(kAccount + one), 1, nullptr},
      {"lower-case tags", Bank(kAccount + List("<stmttrn><trntype>DEBIT<dtposted>20260105<trnamt>-1<fitid>x"
                                               "</stmttrn>")),
       1, nullptr},
  };
  for (const Good& c : cases) {
    auto file = ParseOfx(c.bytes);
    ASSERT_TRUE(file.ok()) << c.name << ": " << file.error().ToString();
    ASSERT_EQ(file->statements.size(), 1u) << c.name;
    const Statement& s = file->statements[0];
    EXPECT_EQ(s.lines.size(), c.lines) << c.name;
    if (c.warning) {
      ASSERT_FALSE(s.warnings.empty()) << c.name;
      EXPECT_NE(s.warnings[0].find(c.warning), std::string::npos) << c.name << ": " << s.warnings[0];
    } else {
      EXPECT_TRUE(s.warnings.empty()) << c.name << ": " << s.warnings[0];
    }
  }
}

TEST(Ofx, KeepsUtf8TextAndReferencesAsSent) {
  auto file = ParseOfx(Bank(kAccount + List(Trn("<TRNTYPE>Credit\n<DTPOSTED>20260105\n<TRNAMT>12.34\n<FITID>\n"
                                                "<REFNUM>R-77\n<NAME>\n<MEMO>CBA:Transfer\n"))));
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  const StatementLine& line = file->statements[0].lines[0];
  EXPECT_EQ(line.bank_reference, "R-77");  // REFNUM stands in for an empty FITID
  EXPECT_EQ(line.bank_transaction_code, "Credit");
  EXPECT_FALSE(line.counterparty_name.has_value());
  EXPECT_EQ(line.remittance_info, "CBA:Transfer");
}

TEST(Ofx, WarnsAboutMessagesItDoesNotRead) {
  const std::string bank = Bank(kAccount + List(Trn(kTrn)));
  const std::string mixed = bank.substr(0, bank.find("</OFX>")) +
                            "<INVSTMTMSGSRSV1><INVSTMTTRNRS><TRNUID>1</INVSTMTTRNRS></INVSTMTMSGSRSV1></OFX>";
  auto file = ParseOfx(mixed);
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  ASSERT_EQ(file->statements[0].warnings.size(), 1u);
  EXPECT_NE(file->statements[0].warnings[0].find("investment statement"), std::string::npos);
}

struct Bad {
  const char* name;
  std::string bytes;
  ErrorCode code;
  const char* marker;  // the error points at its first occurrence; "" when no place is checked
  const char* says;
};

TEST(Ofx, RefusesBrokenFilesWithThePlaceAndTheReason) {
  const auto bank = [](const std::string& fields) { return Bank(kAccount + List(Trn(fields))); };
  const std::string no_date = "<TRNTYPE>DEBIT\n<TRNAMT>-1.00\n<FITID>T1\n";
  const Bad cases[] = {
      {"letter O in an amount", bank("<DTPOSTED>20260105\n<TRNAMT>1O.00\n"), ErrorCode::kMalformedFile,
       "<TRNAMT>1O.00", "TRNAMT is not an amount: '1O.00'"},
      {"dollar sign", bank("<DTPOSTED>20260105\n<TRNAMT>$120\n"), ErrorCode::kMalformedFile, "<TRNAMT>$120", "'$'"},
      {"three decimals in EUR", bank("<DTPOSTED>20260105\n<TRNAMT>-1.005\n"), ErrorCode::kMalformedFile,
       "<TRNAMT>-1.005", "decimal digits"},
      {"comma before three digits", bank("<DTPOSTED>20260105\n<TRNAMT>1,234\n"), ErrorCode::kMalformedFile,
       "<TRNAMT>1,234", "comma"},
      {"empty TRNAMT", bank("<DTPOSTED>20260105\n<TRNAMT>\n<FITID>1\n"), ErrorCode::kMalformedFile, "<TRNAMT>",
       "no TRNAMT"},
      {"no TRNAMT", bank("<DTPOSTED>20260105\n<FITID>1\n"), ErrorCode::kMalformedFile, "<STMTTRN>", "no TRNAMT"},
      {"no DTPOSTED", bank(no_date), ErrorCode::kMalformedFile, "<STMTTRN>", "no DTPOSTED"},
      {"empty DTPOSTED", bank("<DTPOSTED></DTPOSTED>\n<TRNAMT>1\n"), ErrorCode::kMalformedFile, "<DTPOSTED>",
       "no DTPOSTED"},
      {"30 February", bank("<DTPOSTED>20260230\n<TRNAMT>1\n"), ErrorCode::kMalformedFile, "<DTPOSTED>",
       "DTPOSTED '20260230' is not an OFX date"},
      {"bad zone", bank("<DTPOSTED>20260105[-99:XYZ]\n<TRNAMT>1\n"), ErrorCode::kMalformedFile, "<DTPOSTED>",
       "time zone"},
      {"bad DTUSER", bank("<DTPOSTED>20260105\n<DTUSER>2026-01-05\n<TRNAMT>1\n"), ErrorCode::kMalformedFile,
       "<DTUSER>", "DTUSER"},
      {"bad DTAVAIL", bank("<DTPOSTED>20260105\n<DTAVAIL>20261305\n<TRNAMT>1\n"), ErrorCode::kMalformedFile,
       "<DTAVAIL>", "DTAVAIL"},
      {"bad DTSTART", Bank(kAccount + "<BANKTRANLIST><DTSTART>yesterday\n</BANKTRANLIST>"), ErrorCode::kMalformedFile,
       "<DTSTART>", "DTSTART 'yesterday'"},
      {"bad BALAMT", Bank(kAccount + "<LEDGERBAL><BALAMT>12.3.4\n<DTASOF>20260131</LEDGERBAL>"),
       ErrorCode::kMalformedFile, "<BALAMT>", "LEDGERBAL BALAMT is not an amount"},
      {"bad DTASOF", Bank(kAccount + "<LEDGERBAL><BALAMT>1\n<DTASOF>2026</LEDGERBAL>"), ErrorCode::kMalformedFile,
       "<DTASOF>", "DTASOF '2026'"},
      {"unknown CURDEF", Bank("<CURDEF>EURO\n<BANKACCTFROM><ACCTID>1</BANKACCTFROM>"), ErrorCode::kMalformedFile,
       "<CURDEF>", "CURDEF 'EURO' is not an ISO 4217"},
      {"unknown CURSYM", bank("<DTPOSTED>20260105\n<TRNAMT>1\n<CURRENCY><CURRATE>1\n<CURSYM>ZZZ\n</CURRENCY>"),
       ErrorCode::kMalformedFile, "<CURSYM>", "CURSYM 'ZZZ'"},
      {"no currency at all", Bank("<BANKACCTFROM><ACCTID>1</BANKACCTFROM>" + List(Trn(kTrn))),
       ErrorCode::kMalformedFile, "<STMTTRN>", "no currency"},
      {"balance without currency", Bank("<BANKACCTFROM><ACCTID>1</BANKACCTFROM><LEDGERBAL><BALAMT>1</LEDGERBAL>"),
       ErrorCode::kMalformedFile, "<BALAMT>", "no currency"},
      {"no account", Bank("<CURDEF>EUR\n" + List(Trn(kTrn))), ErrorCode::kMalformedFile, "<STMTRS>",
       "names no account"},
      {"empty ACCTID", Bank("<CURDEF>EUR\n<BANKACCTFROM><BANKID>1<ACCTID></BANKACCTFROM>"), ErrorCode::kMalformedFile,
       "<BANKACCTFROM>", "no ACCTID"},
      {"bad CORRECTACTION", bank("<DTPOSTED>20260105\n<TRNAMT>1\n<CORRECTFITID>X\n<CORRECTACTION>UNDO\n"),
       ErrorCode::kMalformedFile, "<CORRECTACTION>", "expected DELETE or REPLACE"},
      {"CORRECTACTION alone", bank("<DTPOSTED>20260105\n<TRNAMT>1\n<CORRECTACTION>DELETE\n"),
       ErrorCode::kMalformedFile, "<CORRECTACTION>", "no CORRECTFITID"},
      {"sign-on refused",
       kHeader + "<OFX><SIGNONMSGSRSV1><SONRS>\n<STATUS><CODE>15500<SEVERITY>ERROR<MESSAGE>Bad password</STATUS>"
                 "</SONRS></SIGNONMSGSRSV1></OFX>",
       ErrorCode::kMalformedFile, "<STATUS>", "the bank answered the sign-on (<SONRS>) with an error"},
      {"statement request failed",
       "<OFX>" + kSignon + "<BANKMSGSRSV1><STMTTRNRS><TRNUID>9\n<STATUS><CODE>2000<SEVERITY>ERROR<MESSAGE>General "
                           "Server Error</STATUS></STMTTRNRS></BANKMSGSRSV1></OFX>",
       ErrorCode::kMalformedFile, "<STATUS><CODE>2000", "CODE '2000' ('ERROR'): 'General Server Error'"},
      {"error status beside a statement", Bank(kAccount, "<CODE>2000<SEVERITY>ERROR"), ErrorCode::kMalformedFile,
       "<STATUS><CODE>2000", "with an error instead of a statement"},
      {"text inside STMTTRN", Bank(kAccount + List("<STMTTRN>*snipped*</STMTTRN>")), ErrorCode::kMalformedFile,
       "*snipped*", "'*snipped*' stands directly inside <STMTTRN>"},
      {"cut off", Bank(kAccount + List(Trn(kTrn))).substr(0, Bank(kAccount + List(Trn(kTrn))).find("</BANKTRANLIST>")),
       ErrorCode::kMalformedFile, "", "ends inside <BANKTRANLIST>"},
      {"investment statement",
       kHeader + "<OFX>" + kSignon + "<INVSTMTMSGSRSV1><INVSTMTTRNRS><TRNUID>1</INVSTMTTRNRS></INVSTMTMSGSRSV1></OFX>",
       ErrorCode::kUnsupportedFormat, "<INVSTMTMSGSRSV1>", "investment statement (INVSTMTMSGSRSV1), not a bank or "
                                                           "credit-card statement"},
      {"profile", "<OFX><PROFMSGSRSV1><PROFTRNRS></PROFTRNRS></PROFMSGSRSV1></OFX>", ErrorCode::kUnsupportedFormat,
       "<PROFMSGSRSV1>", "profile response"},
      {"request, not response", "<OFX><BANKMSGSRQV1><STMTTRNRQ></STMTTRNRQ></BANKMSGSRQV1></OFX>",
       ErrorCode::kUnsupportedFormat, "<BANKMSGSRQV1>", "OFX request"},
      {"only a sign-on", kHeader + "<OFX>" + kSignon + "</OFX>", ErrorCode::kUnsupportedFormat, "<OFX>",
       "only a sign-on response"},
      {"empty statement set", "<OFX><BANKMSGSRSV1></BANKMSGSRSV1></OFX>", ErrorCode::kUnsupportedFormat, "<OFX>",
       "without any <STMTRS>"},
      {"empty OFX", kHeader + "<OFX></OFX>", ErrorCode::kUnsupportedFormat, "<OFX>", "nothing inside <OFX>"},
      {"not OFX at all", "this is totally not an ofx file\n", ErrorCode::kUnsupportedFormat, "", "no <OFX> element"},
      {"UTF-16", "\xFF\xFE<\0O\0F\0X\0", ErrorCode::kUnsupportedFormat, "", "UTF-16"},
      {"NUL byte", Bank(kAccount + List(Trn(kTrn + "<MEMO>a" + std::string(1, '\0') + "b\n"))),
       ErrorCode::kMalformedFile, "", "NUL byte"},
      {"card without CCACCTFROM",
       "<OFX><CREDITCARDMSGSRSV1><CCSTMTTRNRS><CCSTMTRS>\n<CCACCTINFO>\n<ACCTID>\n</CCSTMTRS></CCSTMTTRNRS>"
       "</CREDITCARDMSGSRSV1></OFX>",
       ErrorCode::kMalformedFile, "<CCSTMTRS>", "no <CCACCTFROM>"},
  };
  for (const Bad& c : cases) {
    auto file = ParseOfx(c.bytes);
    ASSERT_FALSE(file.ok()) << c.name;
    EXPECT_EQ(file.error().code, c.code) << c.name << ": " << file.error().ToString();
    if (*c.marker) {
      EXPECT_EQ(file.error().location, PlaceOf(c.bytes, c.marker)) << c.name << ": " << file.error().ToString();
    }
    EXPECT_NE(file.error().message.find(c.says), std::string::npos) << c.name << ": " << file.error().message;
  }
}

TEST(Ofx, LimitsAreCheckedAndNamed) {
  const std::string three = Bank(kAccount + List(Trn(kTrn) + Trn(kTrn) + Trn(kTrn)));
  ParseOptions options;
  options.statement_lines_max = 2;
  auto file = ParseOfx(three, options);
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.error().code, ErrorCode::kLimitExceeded);
  EXPECT_NE(file.error().message.find("more than 2 transactions"), std::string::npos);
  options.statement_lines_max = 3;
  EXPECT_TRUE(ParseOfx(three, options).ok());

  options = {};
  options.file_bytes_max = 100;
  file = ParseOfx(three, options);
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.error().code, ErrorCode::kLimitExceeded);
  EXPECT_NE(file.error().message.find("the limit is 100"), std::string::npos);

  options = {};
  options.xml_depth_max = 5;
  file = ParseOfx(three, options);
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.error().code, ErrorCode::kLimitExceeded);
  EXPECT_NE(file.error().message.find("deeper than 5"), std::string::npos);

  options = {};
  options.xml_elements_max = 20;
  file = ParseOfx(three, options);
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.error().code, ErrorCode::kLimitExceeded);
}

TEST(Ofx, CountsLinesOverAllStatementsOfTheFile) {
  // Regression guard: the limit is per file, not per statement.
  auto file = ParseOfx(ReadFixture("ofx/xml_v211_bank_and_card.ofx"), [] {
    ParseOptions o;
    o.statement_lines_max = 5;
    return o;
  }());
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.error().code, ErrorCode::kLimitExceeded);
}

}  // namespace
}  // namespace recon
