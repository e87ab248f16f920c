// Regression: a STMTRS whose transactions came in several BANKTRANLIST blocks was read as
// if only the first existed; the other transactions vanished without a warning. The same
// class of fault for every element OFX allows once (a second TRNAMT, LEDGERBAL, ACCTID):
// the reader took the first and forgot the rest. Now every list is read, and each repeat
// is read once (same content), refused (it decides the money) or warned about.
#include <gtest/gtest.h>

#include <algorithm>

#include "parsers/ofx/ofx_parser.hpp"

namespace recon {
namespace {

Result<ParsedFile> ParseOfx(const std::string& bytes) { return ofx::OfxParser().Parse(bytes, ParseOptions()); }

const std::string kHeader =
    "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nSECURITY:NONE\nENCODING:USASCII\nCHARSET:1252\n"
    "COMPRESSION:NONE\nOLDFILEUID:NONE\nNEWFILEUID:NONE\n\n";
const std::string kAccount = "<CURDEF>EUR\n<BANKACCTFROM><BANKID>1\n<ACCTID>ACC-1\n<ACCTTYPE>CHECKING</BANKACCTFROM>\n";

std::string Bank(const std::string& stmtrs) {
  return kHeader + "<OFX>\n<BANKMSGSRSV1><STMTTRNRS><TRNUID>9\n<STATUS><CODE>0<SEVERITY>INFO</STATUS>\n<STMTRS>\n" +
         stmtrs + "</STMTRS>\n</STMTTRNRS></BANKMSGSRSV1>\n</OFX>\n";
}

std::string Trn(const std::string& fitid, const std::string& amount, const std::string& extra = "") {
  return "<STMTTRN>\n<TRNTYPE>OTHER\n<DTPOSTED>20260105\n<TRNAMT>" + amount + "\n<FITID>" + fitid + "\n" + extra +
         "</STMTTRN>\n";
}

std::string List(const std::string& start, const std::string& end, const std::string& transactions) {
  return "<BANKTRANLIST><DTSTART>" + start + "\n<DTEND>" + end + "\n" + transactions + "</BANKTRANLIST>\n";
}

const std::string kOneList = List("20260101", "20260131", Trn("T1", "-1.00"));

bool HasWarning(const Statement& s, const std::string& words) {
  for (const std::string& w : s.warnings) {
    if (w.find(words) != std::string::npos) return true;
  }
  return false;
}

std::string AllWarnings(const Statement& s) {
  std::string out;
  for (const std::string& w : s.warnings) out += w + "\n";
  return out;
}

TEST(OfxRepeats, EveryTransactionListOfAStatementIsRead) {
  const std::string file = Bank(kAccount + List("20260101", "20260131", Trn("T1", "-1.00") + Trn("T2", "2.00")) +
                                List("20260201", "20260228", Trn("T3", "-3.00")) +
                                List("20260301", "20260331", Trn("T4", "40.00")) +
                                "<LEDGERBAL><BALAMT>138.00\n<DTASOF>20260331</LEDGERBAL>\n");
  auto parsed = ParseOfx(file);
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  ASSERT_EQ(parsed->statements.size(), 1u);
  const Statement& s = parsed->statements[0];
  ASSERT_EQ(s.lines.size(), 4u) << "transactions of the second and third BANKTRANLIST were dropped";
  EXPECT_EQ(s.lines[2].bank_reference, "T3");
  EXPECT_EQ(s.lines[3].amount.minor, 4000);
  // The period spans every list.
  EXPECT_EQ(s.statement_id, "2026-01-01/2026-03-31");
  EXPECT_TRUE(HasWarning(s, "3 transaction lists")) << AllWarnings(s);
  EXPECT_TRUE(HasWarning(s, "(2, 1 and 1)")) << AllWarnings(s);
  EXPECT_TRUE(HasWarning(s, "2026-01-01 to 2026-03-31")) << AllWarnings(s);
}

TEST(OfxRepeats, CorrectionsAndFitidsSpanTheLists) {
  // The DELETE in the second list removes the transaction of the first.
  const std::string file =
      Bank(kAccount + List("20260101", "20260131", Trn("T1", "-1.00") + Trn("T2", "5.00")) +
           List("20260201", "20260228",
                Trn("T9", "-1.00", "<CORRECTFITID>T1\n<CORRECTACTION>DELETE\n") + Trn("T2", "5.00")));
  auto parsed = ParseOfx(file);
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  const Statement& s = parsed->statements[0];
  ASSERT_EQ(s.lines.size(), 2u);
  EXPECT_EQ(s.lines[0].bank_reference, "T2");
  EXPECT_EQ(s.lines[1].bank_reference, "T2");
  EXPECT_TRUE(HasWarning(s, "FITID 'T2' was given to the transaction at line")) << AllWarnings(s);
}

TEST(OfxRepeats, ACreditCardStatementReadsEveryListToo) {
  const std::string file =
      kHeader + "<OFX><CREDITCARDMSGSRSV1><CCSTMTTRNRS><TRNUID>1\n<CCSTMTRS><CURDEF>USD\n"
                "<CCACCTFROM><ACCTID>4111</CCACCTFROM>\n" +
      List("20260101", "20260131", Trn("A", "-1.00")) + List("20260101", "20260131", Trn("B", "-2.00")) +
      "</CCSTMTRS></CCSTMTTRNRS></CREDITCARDMSGSRSV1></OFX>\n";
  auto parsed = ParseOfx(file);
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  EXPECT_EQ(parsed->statements[0].lines.size(), 2u);
}

struct Refused {
  const char* name;
  std::string stmtrs;
  const char* marker;  // the second element, where the error points
  const char* says;
};

TEST(OfxRepeats, ARepeatThatDecidesTheMoneyIsRefusedAtTheSecondElement) {
  const std::string list_end = "</BANKTRANLIST>\n";
  const Refused cases[] = {
      {"two amounts", kAccount + List("20260101", "20260131", Trn("T1", "-1.00", "<TRNAMT>-2.00\n")), "<TRNAMT>-2.00",
       "the transaction's amount"},
      {"two FITIDs", kAccount + List("20260101", "20260131", Trn("T1", "-1.00", "<FITID>T2\n")), "<FITID>T2",
       "the transaction's id"},
      {"two CURRENCY", kAccount + List("20260101", "20260131",
                                       Trn("T1", "-1.00",
                                           "<CURRENCY><CURRATE>1<CURSYM>USD</CURRENCY>\n"
                                           "<CURRENCY><CURRATE>1<CURSYM>GBP</CURRENCY>\n")),
       "<CURRENCY><CURRATE>1<CURSYM>GBP", "the currency of the transaction's amount"},
      {"two CURSYM", kAccount + List("20260101", "20260131",
                                     Trn("T1", "-1.00", "<CURRENCY><CURRATE>1<CURSYM>USD\n<CURSYM>GBP</CURRENCY>\n")),
       "<CURSYM>GBP", "the currency of the transaction's amount"},
      {"two correction targets",
       kAccount + List("20260101", "20260131",
                       Trn("T1", "-1.00", "<CORRECTFITID>T7\n<CORRECTFITID>T8\n<CORRECTACTION>DELETE\n")),
       "<CORRECTFITID>T8", "the transaction this one corrects"},
      {"two CURDEF", "<CURDEF>EUR\n<CURDEF>USD\n" + kAccount.substr(12) + kOneList, "<CURDEF>USD",
       "the statement's currency"},
      {"two accounts",
       kAccount + "<BANKACCTFROM><BANKID>1\n<ACCTID>ACC-2\n<ACCTTYPE>CHECKING</BANKACCTFROM>\n" + kOneList,
       "<BANKACCTFROM><BANKID>1\n<ACCTID>ACC-2", "the statement's account"},
      {"two ACCTID", "<CURDEF>EUR\n<BANKACCTFROM><BANKID>1\n<ACCTID>ACC-1\n<ACCTID>ACC-2</BANKACCTFROM>\n" + kOneList,
       "<ACCTID>ACC-2", "the account"},
      {"bank and card account differ",
       kAccount + "<CCACCTFROM><ACCTID>4111</CCACCTFROM>\n" + kOneList, "<CCACCTFROM>", "two accounts"},
  };
  for (const Refused& c : cases) {
    const std::string file = Bank(c.stmtrs);
    auto parsed = ParseOfx(file);
    ASSERT_FALSE(parsed.ok()) << c.name;
    EXPECT_EQ(parsed.error().code, ErrorCode::kMalformedFile) << c.name;
    EXPECT_NE(parsed.error().message.find(c.says), std::string::npos) << c.name << ": " << parsed.error().ToString();
    // The place is the second element's start tag.
    const size_t at = file.find(c.marker);
    ASSERT_NE(at, std::string::npos) << c.name;
    const size_t line = 1 + static_cast<size_t>(std::count(file.begin(), file.begin() + at, '\n'));
    EXPECT_EQ(parsed.error().location.rfind("line " + std::to_string(line) + ",", 0), 0u)
        << c.name << ": " << parsed.error().location;
  }
}

TEST(OfxRepeats, TheSameContentTwiceIsReadOnceWithOneWarningPerKind) {
  std::string transactions;
  for (int i = 0; i < 5; ++i) {
    transactions += Trn("T" + std::to_string(i), "-1.00", "<TRNAMT>-1.00\n<NAME>Shop\n<NAME>Shop\n");
  }
  auto parsed = ParseOfx(Bank(kAccount + kAccount.substr(12) + List("20260101", "20260131", transactions)));
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  const Statement& s = parsed->statements[0];
  ASSERT_EQ(s.lines.size(), 5u);
  EXPECT_EQ(s.lines[0].amount.minor, -100);
  EXPECT_EQ(s.lines[0].counterparty_name, "Shop");
  EXPECT_TRUE(HasWarning(s, "<TRNAMT> appears again in <STMTTRN>")) << AllWarnings(s);
  EXPECT_TRUE(HasWarning(s, "(the same in 4 more <STMTTRN>)")) << AllWarnings(s);
  EXPECT_TRUE(HasWarning(s, "<BANKACCTFROM> appears again in <STMTRS>")) << AllWarnings(s);
  EXPECT_EQ(s.warnings.size(), 3u) << AllWarnings(s);
}

TEST(OfxRepeats, TextsAreJoinedOrTheFirstIsReadWithAWarning) {
  auto parsed = ParseOfx(Bank(
      kAccount + List("20260101", "20260131",
                      Trn("T1", "-1.00", "<NAME>Shop A\n<NAME>Shop B\n<MEMO>INV-1\n<MEMO>INV-2\n<DTUSER>20260103\n"
                                         "<DTUSER>20260104\n"))));
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  const Statement& s = parsed->statements[0];
  EXPECT_EQ(s.lines[0].counterparty_name, "Shop A");
  EXPECT_EQ(s.lines[0].remittance_info, "INV-1 INV-2");
  EXPECT_EQ(s.lines[0].value_date->ToIso(), "2026-01-03");
  EXPECT_TRUE(HasWarning(s, "<NAME> appears again in <STMTTRN>")) << AllWarnings(s);
  EXPECT_TRUE(HasWarning(s, "('Shop A') and ('Shop B')")) << AllWarnings(s);
  EXPECT_TRUE(HasWarning(s, "both texts are read")) << AllWarnings(s);
  EXPECT_TRUE(HasWarning(s, "<DTUSER> appears again")) << AllWarnings(s);
}

TEST(OfxRepeats, TwoDifferentBalancesGiveNoBalance) {
  auto parsed = ParseOfx(Bank(kAccount + kOneList + "<LEDGERBAL><BALAMT>10.00\n<DTASOF>20260131</LEDGERBAL>\n" +
                              "<LEDGERBAL><BALAMT>12.00\n<DTASOF>20260131</LEDGERBAL>\n" +
                              "<AVAILBAL><BALAMT>5.00\n<BALAMT>6.00\n<DTASOF>20260131</AVAILBAL>\n"));
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  const Statement& s = parsed->statements[0];
  EXPECT_FALSE(s.closing_balance.has_value());
  EXPECT_FALSE(s.available_balance.has_value());
  EXPECT_TRUE(HasWarning(s, "<LEDGERBAL> appears again in <STMTRS>")) << AllWarnings(s);
  EXPECT_TRUE(HasWarning(s, "neither is read, since recond cannot tell which is the closing balance"))
      << AllWarnings(s);
  EXPECT_TRUE(HasWarning(s, "<BALAMT> appears again in <AVAILBAL>")) << AllWarnings(s);

  // The same balance twice is one balance.
  parsed = ParseOfx(Bank(kAccount + kOneList + "<LEDGERBAL><BALAMT>10.00\n<DTASOF>20260131</LEDGERBAL>\n" +
                         "<LEDGERBAL><BALAMT>10.00\n<DTASOF>20260131</LEDGERBAL>\n"));
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  EXPECT_EQ(parsed->statements[0].closing_balance, 1000);
}

TEST(OfxRepeats, ASecondStatusWithAnErrorFailsTheFile) {
  const std::string file =
      kHeader + "<OFX><BANKMSGSRSV1><STMTTRNRS><TRNUID>9\n<STATUS><CODE>0<SEVERITY>INFO</STATUS>\n"
                "<STATUS><CODE>2000<SEVERITY>ERROR<MESSAGE>General error</STATUS>\n<STMTRS>\n" +
      kAccount + kOneList + "</STMTRS>\n</STMTTRNRS></BANKMSGSRSV1>\n</OFX>\n";
  auto parsed = ParseOfx(file);
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.error().message.find("2000"), std::string::npos) << parsed.error().ToString();

  // The same for a second sign-on response.
  const std::string signons =
      kHeader + "<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS><DTSERVER>20260201</SONRS>"
                "<SONRS><STATUS><CODE>15500<SEVERITY>ERROR</STATUS><DTSERVER>20260201</SONRS></SIGNONMSGSRSV1>"
                "<BANKMSGSRSV1><STMTTRNRS><TRNUID>9\n<STMTRS>\n" +
      kAccount + kOneList + "</STMTRS>\n</STMTTRNRS></BANKMSGSRSV1>\n</OFX>\n";
  parsed = ParseOfx(signons);
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.error().message.find("15500"), std::string::npos) << parsed.error().ToString();
}

}  // namespace
}  // namespace recon
