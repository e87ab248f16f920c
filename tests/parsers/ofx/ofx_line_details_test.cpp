// The line details beyond the common core in OFX: CHECKNUM, CURRENCY and ORIGCURRENCY with
// CURRATE, and AVAILBAL as the available balance. One table row per case.
#include <gtest/gtest.h>

#include "parsers/ofx/ofx_parser.hpp"

namespace recon {
namespace {

const std::string kHeader =
    "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nSECURITY:NONE\nENCODING:USASCII\nCHARSET:1252\n"
    "COMPRESSION:NONE\nOLDFILEUID:NONE\nNEWFILEUID:NONE\n\n";

// One bank statement in EUR with one transaction: `fields` after its TRNAMT, `after` after the list.
std::string Bank(const std::string& fields, const std::string& after = "") {
  return kHeader +
         "<OFX>\n<SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS>\n<DTSERVER>20260201\n"
         "<LANGUAGE>ENG</SONRS></SIGNONMSGSRSV1>\n<BANKMSGSRSV1><STMTTRNRS><TRNUID>9\n<STATUS><CODE>0<SEVERITY>INFO"
         "</STATUS>\n<STMTRS>\n<CURDEF>EUR\n<BANKACCTFROM><BANKID>1\n<ACCTID>ACC-1\n<ACCTTYPE>CHECKING</BANKACCTFROM>\n"
         "<BANKTRANLIST><DTSTART>20260101\n<DTEND>20260131\n<STMTTRN>\n<TRNTYPE>DEBIT\n<DTPOSTED>20260105\n"
         "<TRNAMT>-12.50\n<FITID>T1\n" +
         fields + "</STMTTRN>\n</BANKTRANLIST>\n" + after + "</STMTRS>\n</STMTTRNRS></BANKMSGSRSV1>\n</OFX>\n";
}

std::string Text(const std::optional<Money>& m) {
  return m ? m->ToString() + " " + std::string(m->currency.code()) : "-";
}
std::string Text(const std::optional<std::string>& s) { return s.value_or("-"); }

struct Case {
  const char* title;
  std::string fields;
  std::string amount;  // the line's, with currency
  std::string original, original_currency, rate, check;
};

TEST(OfxLineDetails, CheckNumberAndCurrencies) {
  const Case cases[] = {
      {"CHECKNUM", "<CHECKNUM>001234\n", "-12.50 EUR", "-", "-", "-", "001234"},
      {"CURRENCY: the amount is in CURSYM, and so is the original",
       "<CURRENCY><CURRATE>0.9210<CURSYM>USD</CURRENCY>\n", "-12.50 USD", "-12.50 USD", "USD", "0.9210", "-"},
      {"ORIGCURRENCY: the amount stays in CURDEF, only the currency is known",
       "<ORIGCURRENCY><CURRATE>1,0856<CURSYM>gbp</ORIGCURRENCY>\n", "-12.50 EUR", "-", "GBP", "1.0856", "-"},
      {"CURRENCY without a rate", "<CURRENCY><CURRATE><CURSYM>USD</CURRENCY>\n", "-12.50 USD", "-12.50 USD", "USD", "-",
       "-"},
      {"none", "", "-12.50 EUR", "-", "-", "-", "-"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.title);
    auto file = ofx::OfxParser().Parse(Bank(c.fields), ParseOptions{});
    ASSERT_TRUE(file.ok()) << file.error().ToString();
    const StatementLine& line = file->statements.at(0).lines.at(0);
    EXPECT_EQ(Text(std::optional<Money>(line.amount)), c.amount);
    EXPECT_EQ(Text(line.details.Get().original_amount), c.original);
    EXPECT_EQ(Text(line.details.Get().original_currency), c.original_currency);
    EXPECT_EQ(Text(line.details.Get().exchange_rate), c.rate);
    EXPECT_EQ(Text(line.details.Get().check_number), c.check);
  }
}

struct BadCase {
  const char* title;
  std::string fields;
  std::string message_part;
};

TEST(OfxLineDetails, BadRateOrCurrencyIsRefusedWithItsPlace) {
  const BadCase cases[] = {
      {"rate that is no number", "<CURRENCY><CURRATE>abc<CURSYM>USD</CURRENCY>\n", "CURRENCY/CURRATE 'abc'"},
      {"negative rate", "<ORIGCURRENCY><CURRATE>-1.2<CURSYM>USD</ORIGCURRENCY>\n", "ORIGCURRENCY/CURRATE '-1.2'"},
      {"unknown original currency", "<ORIGCURRENCY><CURRATE>1.2<CURSYM>QQQ</ORIGCURRENCY>\n",
       "ORIGCURRENCY/CURSYM 'QQQ'"},
  };
  for (const BadCase& c : cases) {
    SCOPED_TRACE(c.title);
    auto file = ofx::OfxParser().Parse(Bank(c.fields), ParseOptions{});
    ASSERT_FALSE(file.ok());
    EXPECT_EQ(file.error().code, ErrorCode::kMalformedFile);
    EXPECT_NE(file.error().message.find(c.message_part), std::string::npos) << file.error().message;
    EXPECT_TRUE(file.error().location.starts_with("line ")) << file.error().location;
  }
}

TEST(OfxLineDetails, AvailableBalanceBesideTheLedgerBalance) {
  auto file = ofx::OfxParser().Parse(
      Bank("", "<LEDGERBAL><BALAMT>100.00\n<DTASOF>20260131\n</LEDGERBAL>\n"
               "<AVAILBAL><BALAMT>-20.5\n<DTASOF>20260201\n</AVAILBAL>\n"),
      ParseOptions{});
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  const Statement& s = file->statements[0];
  EXPECT_EQ(s.closing_balance, 10000);
  EXPECT_EQ(s.available_balance, -2050);
  EXPECT_EQ(s.available_date->ToIso(), "2026-02-01");

  auto bad = ofx::OfxParser().Parse(Bank("", "<AVAILBAL><BALAMT>x\n<DTASOF>20260201\n</AVAILBAL>\n"), ParseOptions{});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("AVAILBAL BALAMT"), std::string::npos) << bad.error().message;

  auto empty = ofx::OfxParser().Parse(Bank("", "<AVAILBAL><BALAMT>\n<DTASOF>20260201\n</AVAILBAL>\n"), ParseOptions{});
  ASSERT_TRUE(empty.ok()) << empty.error().ToString();
  EXPECT_FALSE(empty->statements[0].available_balance);
}

}  // namespace
}  // namespace recon
