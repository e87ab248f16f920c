// Regression (issue 11, point 2, the camt side): an element the schema allows once that a
// file repeats was read as "the last one wins" without a word: two <Amt> in an entry
// booked the second amount, two <Acct> in a statement booked the lines to the second
// account, two CdtDbtInd flipped the sign. Now a repeat that decides the money with other
// content fails the file at its place; one that does not keeps the first with a warning;
// the same content twice is read once with a warning. Two different balances of one type
// are decided by opening + lines = closing, or neither is used.
#include <gtest/gtest.h>

#include "parsers/camt/camt_doc.hpp"

namespace recon {
namespace {

using testing::CamtBalance;
using testing::CamtDocument;
using testing::CamtEntry;
using testing::CamtReport;
using testing::ParseCamtText;

std::string AllWarnings(const Statement& s) {
  std::string out;
  for (const std::string& w : s.warnings) out += w + "\n";
  return out;
}

bool HasWarning(const Statement& s, const std::string& words) { return AllWarnings(s).find(words) != std::string::npos; }

// An entry with `inside` after its status, before BookgDt.
std::string Entry(const std::string& inside, const std::string& amount = "<Amt Ccy=\"EUR\">1.00</Amt>",
                  const std::string& details = "") {
  return "<Ntry>" + amount + "<CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>" + inside +
         "<BookgDt><Dt>2026-11-20</Dt></BookgDt>" + (details.empty() ? "" : "<NtryDtls>" + details + "</NtryDtls>") +
         "</Ntry>";
}

struct Refused {
  const char* name;
  std::string document;
  const char* location;
  const char* says;
};

TEST(CamtRepeats, ARepeatThatDecidesTheMoneyIsRefusedAtItsPlace) {
  const std::string stmt = "/Document/BkToCstmrStmt/Stmt[1]";
  const Refused cases[] = {
      {"two Amt", CamtDocument(CamtReport(Entry("", "<Amt Ccy=\"EUR\">1.00</Amt><Amt Ccy=\"EUR\">100.00</Amt>"))),
       "/Document/BkToCstmrStmt/Stmt[1]/Ntry[1]/Amt", "'1.00 EUR' first, then '100.00 EUR'"},
      {"two Amt currencies",
       CamtDocument(CamtReport(Entry("", "<Amt Ccy=\"EUR\">1.00</Amt><Amt Ccy=\"USD\">1.00</Amt>"))),
       "/Document/BkToCstmrStmt/Stmt[1]/Ntry[1]/Amt", "'1.00 USD'"},
      {"two CdtDbtInd", CamtDocument(CamtReport(Entry("<CdtDbtInd>DBIT</CdtDbtInd>"))),
       "/Document/BkToCstmrStmt/Stmt[1]/Ntry[1]/CdtDbtInd", "<CdtDbtInd> appears a second time in <Ntry>"},
      {"two Sts", CamtDocument(CamtReport(Entry("<Sts><Cd>PDNG</Cd></Sts>"))),
       "/Document/BkToCstmrStmt/Stmt[1]/Ntry[1]/Sts", "'BOOK' first, then 'PDNG'"},
      {"two RvslInd", CamtDocument(CamtReport(Entry("<RvslInd>true</RvslInd><RvslInd>false</RvslInd>"))),
       "/Document/BkToCstmrStmt/Stmt[1]/Ntry[1]/RvslInd", "'true' first, then 'false'"},
      {"two Acct",
       CamtDocument(CamtReport("<Acct><Id><IBAN>NO0000000000000</IBAN></Id></Acct>" + CamtEntry("1.00", "CRDT"))),
       "/Document/BkToCstmrStmt/Stmt[1]/Acct/Id/IBAN", "'NO9386011117947' first, then 'NO0000000000000'"},
      {"IBAN and Othr", CamtDocument(CamtReport("<Acct><Id><Othr><Id>12345</Id></Othr></Id></Acct>")),
       "/Document/BkToCstmrStmt/Stmt[1]/Acct/Id/Othr/Id", "decides the money"},
      {"two account currencies", CamtDocument(CamtReport("<Acct><Ccy>SEK</Ccy></Acct>")),
       "/Document/BkToCstmrStmt/Stmt[1]/Acct/Ccy", "'EUR' first, then 'SEK'"},
      {"two TxDtls amounts",
       CamtDocument(CamtReport(CamtEntry("3.00", "CRDT",
                                         "<TxDtls><Amt Ccy=\"EUR\">1.00</Amt><Amt Ccy=\"EUR\">2.00</Amt></TxDtls>"
                                         "<TxDtls><Amt Ccy=\"EUR\">2.00</Amt></TxDtls>"))),
       "/Document/BkToCstmrStmt/Stmt[1]/Ntry[1]/NtryDtls[1]/TxDtls[1]/Amt", "'1.00 EUR' first, then '2.00 EUR'"},
      {"two balance amounts",
       CamtDocument(CamtReport("<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">1.00</Amt>"
                               "<Amt Ccy=\"EUR\">2.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-11-20</Dt></Dt>"
                               "</Bal>")),
       "/Document/BkToCstmrStmt/Stmt[1]/Bal[1]/Amt", "'1.00 EUR' first"},
      {"two balance types",
       CamtDocument(CamtReport("<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd><Cd>CLBD</Cd></CdOrPrtry></Tp>"
                               "<Amt Ccy=\"EUR\">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-11-20</Dt></Dt>"
                               "</Bal>")),
       "/Document/BkToCstmrStmt/Stmt[1]/Bal[1]/Tp/CdOrPrtry/Cd", "'OPBD' first, then 'CLBD'"},
  };
  for (const Refused& c : cases) {
    auto file = ParseCamtText(c.document);
    ASSERT_FALSE(file.ok()) << c.name << ": read although the money is ambiguous";
    EXPECT_EQ(file.error().code, ErrorCode::kMalformedFile) << c.name;
    EXPECT_EQ(file.error().location, c.location) << c.name << ": " << file.error().ToString();
    EXPECT_NE(file.error().message.find(c.says), std::string::npos) << c.name << ": " << file.error().ToString();
  }
  (void)stmt;
}

TEST(CamtRepeats, TheSameContentTwiceIsReadOnceWithOneWarningPerElement) {
  std::string entries;
  for (int i = 0; i < 3; ++i) entries += Entry("<CdtDbtInd>CRDT</CdtDbtInd>", "<Amt Ccy=\"EUR\">1.00</Amt><Amt Ccy=\"EUR\">1.00</Amt>");
  auto file = ParseCamtText(
      CamtDocument(CamtReport("<Acct><Id><IBAN>NO9386011117947</IBAN></Id></Acct>" + entries)));
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  const Statement& s = file->statements[0];
  ASSERT_EQ(s.lines.size(), 3u);
  EXPECT_EQ(s.lines[0].amount.minor, 100);
  EXPECT_TRUE(HasWarning(s, "Stmt[1]/Ntry[1]/Amt: <Amt> appears a second time in <Ntry> with the same content"))
      << AllWarnings(s);
  EXPECT_TRUE(HasWarning(s, "(the same 2 more time(s) in this statement)")) << AllWarnings(s);
  EXPECT_TRUE(HasWarning(s, "<IBAN> appears a second time in <Id> with the same content")) << AllWarnings(s);
  EXPECT_EQ(s.warnings.size(), 3u) << AllWarnings(s);
}

TEST(CamtRepeats, OtherTextsKeepTheFirstWithAWarning) {
  auto file = ParseCamtText(CamtDocument(CamtReport(Entry(
      "<AcctSvcrRef>REF-1</AcctSvcrRef><AcctSvcrRef>REF-2</AcctSvcrRef>", "<Amt Ccy=\"EUR\">1.00</Amt>",
      "<TxDtls><RltdPties><Dbtr><Nm>Alpha AS</Nm><Nm>Beta AS</Nm></Dbtr></RltdPties></TxDtls>"))));
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  const Statement& s = file->statements[0];
  ASSERT_EQ(s.lines.size(), 1u);
  EXPECT_EQ(s.lines[0].bank_reference, "REF-1");
  EXPECT_EQ(s.lines[0].counterparty_name, "Alpha AS");
  EXPECT_TRUE(HasWarning(s, "('REF-1' first, then 'REF-2'); the schema allows one: the first is read")) << AllWarnings(s);
  EXPECT_TRUE(HasWarning(s, "<Nm> appears a second time in <Dbtr>")) << AllWarnings(s);
}

TEST(CamtRepeats, EveryTransactionOfSeveralNtryDtlsIsRead) {
  // Several NtryDtls, each with its own Btch and TxDtls: a batch, not a repeat.
  const std::string details =
      "<Btch><NbOfTxs>1</NbOfTxs></Btch><TxDtls><Amt Ccy=\"EUR\">1.00</Amt></TxDtls></NtryDtls>"
      "<NtryDtls><Btch><NbOfTxs>2</NbOfTxs></Btch><TxDtls><Amt Ccy=\"EUR\">2.00</Amt></TxDtls>"
      "<TxDtls><Amt Ccy=\"EUR\">3.00</Amt></TxDtls>";
  auto file = ParseCamtText(CamtDocument(CamtReport(CamtEntry("6.00", "CRDT", details))));
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  const Statement& s = file->statements[0];
  ASSERT_EQ(s.lines.size(), 3u);
  EXPECT_EQ(s.lines[2].amount.minor, 300);
  EXPECT_TRUE(s.warnings.empty()) << AllWarnings(s);
}

TEST(CamtRepeats, TwoBalancesOfOneTypeAreDecidedByTheLinesOrNotUsed) {
  const std::string entry = CamtEntry("5.00", "CRDT");
  // Two CLBD: 15.00 agrees with OPBD 10.00 + 5.00, 99.00 does not.
  auto file = ParseCamtText(CamtDocument(CamtReport(CamtBalance("OPBD", "10.00", "CRDT") +
                                                    CamtBalance("CLBD", "99.00", "CRDT") +
                                                    CamtBalance("CLBD", "15.00", "CRDT") + entry)));
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  const Statement& s = file->statements[0];
  EXPECT_EQ(s.opening_balance, 1000);
  EXPECT_EQ(s.closing_balance, 1500);
  EXPECT_TRUE(HasWarning(s, "2 different CLBD balances (Bal[2] 99.00 EUR on 2026-11-20, Bal[3] 15.00 EUR"))
      << AllWarnings(s);
  EXPECT_TRUE(HasWarning(s, "Bal[3] is used")) << AllWarnings(s);

  // Neither agrees: neither is used, and no mismatch is claimed on a guess.
  file = ParseCamtText(CamtDocument(CamtReport(CamtBalance("OPBD", "10.00", "CRDT") +
                                               CamtBalance("CLBD", "99.00", "CRDT") +
                                               CamtBalance("CLBD", "98.00", "CRDT") + entry)));
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  EXPECT_EQ(file->statements[0].opening_balance, 1000);
  EXPECT_FALSE(file->statements[0].closing_balance.has_value());
  EXPECT_TRUE(HasWarning(file->statements[0], "neither is used")) << AllWarnings(file->statements[0]);

  // The same balance twice is one balance.
  file = ParseCamtText(CamtDocument(CamtReport(CamtBalance("OPBD", "10.00", "CRDT") +
                                               CamtBalance("OPBD", "10.00", "CRDT") +
                                               CamtBalance("CLBD", "15.00", "CRDT") + entry)));
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  EXPECT_EQ(file->statements[0].opening_balance, 1000);
  EXPECT_EQ(file->statements[0].closing_balance, 1500);
  EXPECT_TRUE(HasWarning(file->statements[0], "a second OPBD balance with the same amount and date"))
      << AllWarnings(file->statements[0]);
}

}  // namespace
}  // namespace recon
