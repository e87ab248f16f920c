#include "parsers/camt/camt_parser.hpp"

#include <gtest/gtest.h>

#include "test_util.hpp"

namespace recon {
namespace {

using recon::testing::ReadFixture;

Result<ParsedFile> ParseCamt(const std::string& bytes, ParseOptions options = {}) {
  return camt::CamtParser().Parse(bytes, options);
}

TEST(Camt, ReadsVersion08StatementWithEveryBasicField) {
  auto file = ParseCamt(ReadFixture("camt/camt053_v08_basic.xml"));
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  EXPECT_EQ(file->format, "camt.053.001.08");
  ASSERT_EQ(file->statements.size(), 1u);
  const Statement& s = file->statements[0];
  EXPECT_EQ(s.statement_id, "STMT-2026-11-20");
  EXPECT_EQ(s.account, "NO9386011117947");
  EXPECT_EQ(s.currency, "EUR");
  EXPECT_EQ(s.opening_balance, 100000);
  EXPECT_EQ(s.closing_balance, 245050);
  EXPECT_EQ(s.opening_date->ToIso(), "2026-11-19");
  EXPECT_TRUE(s.warnings.empty()) << s.warnings[0];
  // The pending entry is left out; the batch entry gives two lines.
  ASSERT_EQ(s.lines.size(), 4u);

  const StatementLine& credit = s.lines[0];
  EXPECT_EQ(credit.amount.minor, 125000);
  EXPECT_EQ(credit.booking_date.ToIso(), "2026-11-20");
  EXPECT_EQ(credit.value_date->ToIso(), "2026-11-21");
  EXPECT_EQ(credit.counterparty_name, "Nordic Design AS");
  EXPECT_EQ(credit.counterparty_account, "NO8330001234567");
  EXPECT_EQ(credit.counterparty_bic, "DNBANOKKXXX");
  EXPECT_EQ(credit.structured_reference, "RF18539007547034");
  EXPECT_EQ(credit.remittance_info, "Invoice 2026-0123 thank you");
  EXPECT_EQ(credit.end_to_end_id, "E2E-0001");
  EXPECT_EQ(credit.bank_reference, "2026112000001");
  EXPECT_EQ(credit.bank_transaction_code, "PMNT-RCDT-ESCT");

  const StatementLine& fee = s.lines[1];
  EXPECT_EQ(fee.amount.minor, -9950);
  EXPECT_FALSE(fee.end_to_end_id.has_value());  // NOTPROVIDED is absent
  EXPECT_EQ(fee.counterparty_name, "DNB Bank");  // the creditor, for a debit
  EXPECT_EQ(fee.counterparty_account, "12345678");
  EXPECT_EQ(fee.bank_transaction_code, "FEE");
  EXPECT_FALSE(fee.value_date.has_value());

  EXPECT_EQ(s.lines[2].amount.minor, 10000);
  EXPECT_EQ(s.lines[2].end_to_end_id, "BATCH-A");
  EXPECT_EQ(s.lines[2].bank_reference, "2026112000003");  // the entry's reference is kept
  EXPECT_EQ(s.lines[3].amount.minor, 20000);
  EXPECT_EQ(s.lines[3].counterparty_name, "Polar Home Oy");
}

TEST(Camt, IncludesPendingEntriesOnlyWhenAsked) {
  ParseOptions options;
  options.include_pending = true;
  auto file = ParseCamt(ReadFixture("camt/camt053_v08_basic.xml"), options);
  ASSERT_TRUE(file.ok());
  EXPECT_EQ(file->statements[0].lines.size(), 5u);
}

TEST(Camt, ReadsOldVersionWithPrefixesOthrIdDateTimesAndDebitBalance) {
  auto file = ParseCamt(ReadFixture("camt/camt053_v02_prefixed.xml"));
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  EXPECT_EQ(file->format, "camt.053.001.02");
  const Statement& s = file->statements[0];
  EXPECT_EQ(s.account, "0123456789");
  EXPECT_EQ(s.currency, "JPY");
  EXPECT_EQ(s.opening_balance, -500);  // DBIT balance
  EXPECT_EQ(s.closing_balance, 1000);
  EXPECT_EQ(s.closing_date->ToIso(), "2013-01-02");
  ASSERT_EQ(s.lines.size(), 1u);
  EXPECT_EQ(s.lines[0].amount.minor, 1500);
  EXPECT_EQ(s.lines[0].booking_date.ToIso(), "2013-01-02");
  EXPECT_EQ(s.lines[0].counterparty_name, "Yamada KK");
  EXPECT_TRUE(s.warnings.empty());
}

TEST(Camt, NamesTheEntryOfABadAmount) {
  auto file = ParseCamt(ReadFixture("camt/camt053_bad_amount.xml"));
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.error().code, ErrorCode::kMalformedFile);
  EXPECT_EQ(file.error().location, "/Document/BkToCstmrStmt/Stmt[1]/Ntry[2]/Amt");
  EXPECT_NE(file.error().message.find("12,50"), std::string::npos) << file.error().message;
}

TEST(Camt, BalanceMismatchIsAWarningNotAFailure) {
  auto file = ParseCamt(ReadFixture("camt/camt053_balance_mismatch.xml"));
  ASSERT_TRUE(file.ok());
  ASSERT_EQ(file->statements[0].warnings.size(), 1u);
  EXPECT_NE(file->statements[0].warnings[0].find("closing balance is 150.00"), std::string::npos);
}

struct BadXml {
  const char* name;
  std::string xml;
  ErrorCode code;
  const char* says;
};

TEST(Camt, RefusesBrokenAndHostileDocuments) {
  const std::string ns = "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\">";
  std::string deep = ns + "<BkToCstmrStmt>";
  for (int i = 0; i < 100; ++i) deep += "<X>";
  for (int i = 0; i < 100; ++i) deep += "</X>";
  deep += "</BkToCstmrStmt></Document>";
  const BadXml cases[] = {
      {"not closed", ns + "<BkToCstmrStmt><Stmt>", ErrorCode::kMalformedFile, "not well-formed"},
      {"doctype", "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">]>" + ns + "</Document>",
       ErrorCode::kMalformedFile, "DOCTYPE"},
      {"too deep", deep, ErrorCode::kLimitExceeded, "deeper"},
      {"no message", ns + "<Other/></Document>", ErrorCode::kUnsupportedFormat, "BkToCstmrStmt"},
      {"wrong root", "<Foo/>", ErrorCode::kUnsupportedFormat, "root"},
      {"no account", ns + "<BkToCstmrStmt><Stmt><Id>1</Id></Stmt></BkToCstmrStmt></Document>",
       ErrorCode::kMalformedFile, "account"},
      {"bad indicator",
       ns + "<BkToCstmrStmt><Stmt><Acct><Id><IBAN>X</IBAN></Id></Acct><Ntry><Amt Ccy=\"EUR\">1.00</Amt>"
            "<CdtDbtInd>UP</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-01-01</Dt></BookgDt></Ntry></Stmt>"
            "</BkToCstmrStmt></Document>",
       ErrorCode::kMalformedFile, "CRDT or DBIT"},
      {"bad currency",
       ns + "<BkToCstmrStmt><Stmt><Acct><Id><IBAN>X</IBAN></Id></Acct><Ntry><Amt Ccy=\"EURO\">1.00</Amt>"
            "<CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-01-01</Dt></BookgDt></Ntry></Stmt>"
            "</BkToCstmrStmt></Document>",
       ErrorCode::kMalformedFile, "EURO"},
      {"bad date",
       ns + "<BkToCstmrStmt><Stmt><Acct><Id><IBAN>X</IBAN></Id></Acct><Ntry><Amt Ccy=\"EUR\">1.00</Amt>"
            "<CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-02-30</Dt></BookgDt></Ntry></Stmt>"
            "</BkToCstmrStmt></Document>",
       ErrorCode::kMalformedFile, "2026-02-30"},
      {"no date",
       ns + "<BkToCstmrStmt><Stmt><Acct><Id><IBAN>X</IBAN></Id></Acct><Ntry><Amt Ccy=\"EUR\">1.00</Amt>"
            "<CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts></Ntry></Stmt></BkToCstmrStmt></Document>",
       ErrorCode::kMalformedFile, "neither a booking date"},
  };
  for (const BadXml& c : cases) {
    auto file = ParseCamt(c.xml);
    ASSERT_FALSE(file.ok()) << c.name;
    EXPECT_EQ(file.error().code, c.code) << c.name << ": " << file.error().ToString();
    EXPECT_NE(file.error().ToString().find(c.says), std::string::npos) << c.name << ": " << file.error().ToString();
  }
}

TEST(Camt, LineLimitIsCheckedAndNamed) {
  ParseOptions options;
  options.statement_lines_max = 2;
  auto file = ParseCamt(ReadFixture("camt/camt053_v08_basic.xml"), options);
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.error().code, ErrorCode::kLimitExceeded);
}

}  // namespace
}  // namespace recon
