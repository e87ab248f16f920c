// Ntry and TxDtls -> lines: status, batches, reversals, references, codes, parties and
// remittance text, one table row per case.
#include <gtest/gtest.h>

#include "parsers/camt/camt_doc.hpp"

namespace recon {
namespace {

using testing::CamtDocument;
using testing::CamtEntry;
using testing::CamtReport;
using testing::ParseCamtText;

std::vector<StatementLine> Lines(const std::string& entries, ParseOptions options = {}) {
  auto file = ParseCamtText(CamtDocument(CamtReport(entries)), options);
  EXPECT_TRUE(file.ok()) << file.error().ToString();
  if (!file.ok()) return {};
  return file->statements[0].lines;
}

std::vector<std::string> Warnings(const std::string& entries) {
  auto file = ParseCamtText(CamtDocument(CamtReport(entries)));
  EXPECT_TRUE(file.ok()) << file.error().ToString();
  return file.ok() ? file->statements[0].warnings : std::vector<std::string>{};
}

std::string Tx(const std::string& inner) { return "<TxDtls>" + inner + "</TxDtls>"; }
std::string TxAmt(const std::string& amount, const std::string& indicator = "", const std::string& currency = "EUR") {
  return "<Amt Ccy=\"" + currency + "\">" + amount + "</Amt>" +
         (indicator.empty() ? "" : "<CdtDbtInd>" + indicator + "</CdtDbtInd>");
}

TEST(CamtEntries, StatusOldAndNewOnlyBookedUnlessPendingIsAsked) {
  const std::string entries = CamtEntry("1.00", "CRDT", "", "", "<Sts>BOOK</Sts>") +
                              CamtEntry("2.00", "CRDT", "", "", "<Sts><Cd>BOOK</Cd></Sts>") +
                              CamtEntry("3.00", "CRDT", "", "", "<Sts>PDNG</Sts>") +
                              CamtEntry("4.00", "CRDT", "", "", "<Sts><Cd>INFO</Cd></Sts>") +
                              CamtEntry("5.00", "CRDT", "", "", "<Sts>\n  <Cd>FUTR</Cd>\n</Sts>");
  EXPECT_EQ(Lines(entries).size(), 2u);
  ParseOptions pending;
  pending.include_pending = true;
  EXPECT_EQ(Lines(entries, pending).size(), 5u);
}

TEST(CamtEntries, PendingLinesStayOutOfTheBalanceCheck) {
  const std::string body = testing::CamtBalance("OPBD", "10.00", "CRDT") + testing::CamtBalance("CLBD", "11.00", "CRDT") +
                           CamtEntry("1.00", "CRDT") + CamtEntry("50.00", "CRDT", "", "", "<Sts>PDNG</Sts>");
  ParseOptions pending;
  pending.include_pending = true;
  auto file = ParseCamtText(CamtDocument(CamtReport(body)), pending);
  ASSERT_TRUE(file.ok());
  EXPECT_EQ(file->statements[0].lines.size(), 2u);
  EXPECT_TRUE(file->statements[0].warnings.empty()) << file->statements[0].warnings[0];
}

TEST(CamtEntries, ABatchSplitsIntoOneLinePerTransactionKeepingTheEntryReference) {
  const std::string ref = "<AcctSvcrRef>ENTRY-1</AcctSvcrRef>";
  // Version 3 and later: TxDtls/Amt. Version 2: AmtDtls/TxAmt only.
  const std::string v3 = Tx(TxAmt("10.00", "CRDT") + "<Refs><EndToEndId>A</EndToEndId></Refs>") +
                         Tx(TxAmt("30.00", "CRDT") + "<Refs><EndToEndId>B</EndToEndId></Refs>");
  const std::string v2 = "<Btch><NbOfTxs>2</NbOfTxs></Btch>" +
                         Tx("<Refs><AcctSvcrRef>TX-1</AcctSvcrRef></Refs><AmtDtls><TxAmt><Amt Ccy=\"EUR\">15.00</Amt>"
                            "</TxAmt></AmtDtls>") +
                         Tx("<AmtDtls><TxAmt><Amt Ccy=\"EUR\">25.00</Amt></TxAmt></AmtDtls>");
  auto lines = Lines(CamtEntry("40.00", "CRDT", v3, ref) + CamtEntry("40.00", "DBIT", v2));
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0].amount.minor, 1000);
  EXPECT_EQ(lines[0].end_to_end_id, "A");
  EXPECT_EQ(lines[0].bank_reference, "ENTRY-1");
  EXPECT_EQ(lines[1].amount.minor, 3000);
  EXPECT_EQ(lines[1].bank_reference, "ENTRY-1");
  EXPECT_EQ(lines[2].amount.minor, -1500);  // the entry's direction
  EXPECT_EQ(lines[2].bank_reference, "TX-1");  // no entry reference: the transaction's
  EXPECT_EQ(lines[3].amount.minor, -2500);
}

TEST(CamtEntries, ABatchWithMixedDirectionsNetsToTheEntry) {
  // A collection of 100.00 with a 30.00 return netted in: the entry books 70.00.
  const std::string details = Tx(TxAmt("100.00", "CRDT")) + Tx(TxAmt("30.00", "DBIT"));
  auto lines = Lines(CamtEntry("70.00", "CRDT", details));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].amount.minor, 10000);
  EXPECT_EQ(lines[1].amount.minor, -3000);
}

struct UnsplittableCase {
  const char* name;
  std::string details;
  const char* says;
};

TEST(CamtEntries, ABatchThatDoesNotAddUpStaysOneLineWithAWarning) {
  const UnsplittableCase cases[] = {
      {"sum differs", Tx(TxAmt("10.00")) + Tx(TxAmt("20.00")), "add up to 30.00 EUR, the entry to 40.00"},
      {"other currency", Tx(TxAmt("10.00", "", "CHF")) + Tx(TxAmt("30.00")), "not every transaction has an amount"},
      {"no amount", Tx("<Refs><EndToEndId>X</EndToEndId></Refs>") + Tx(TxAmt("40.00")), "not every transaction"},
  };
  for (const UnsplittableCase& c : cases) {
    const std::string entry = CamtEntry("40.00", "CRDT", c.details, "<AddtlNtryInf>Collective credit</AddtlNtryInf>");
    auto lines = Lines(entry);
    ASSERT_EQ(lines.size(), 1u) << c.name;
    EXPECT_EQ(lines[0].amount.minor, 4000) << c.name;
    EXPECT_EQ(lines[0].remittance_info, "Collective credit") << c.name;
    auto warnings = Warnings(entry);
    ASSERT_EQ(warnings.size(), 1u) << c.name;
    EXPECT_NE(warnings[0].find(c.says), std::string::npos) << c.name << ": " << warnings[0];
    EXPECT_NE(warnings[0].find("Ntry[1]"), std::string::npos) << warnings[0];
  }
}

TEST(CamtEntries, ABatchWithoutDetailsIsOneLine) {
  auto lines = Lines(CamtEntry("99.00", "DBIT", "<Btch><NbOfTxs>12</NbOfTxs></Btch>",
                               "<AcctSvcrRef>B-7</AcctSvcrRef><AddtlNtryInf>Salaries</AddtlNtryInf>"));
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].amount.minor, -9900);
  EXPECT_EQ(lines[0].bank_reference, "B-7");
  EXPECT_EQ(lines[0].remittance_info, "Salaries");
}

TEST(CamtEntries, AReversalKeepsItsDirectionIsMarkedAndNamesTheOriginalParty) {
  // A returned direct debit: money we collected from the debtor goes back to them.
  const std::string details = Tx("<RltdPties><Dbtr><Nm>Customer Ltd</Nm></Dbtr><Cdtr><Nm>Us</Nm></Cdtr></RltdPties>");
  const std::string code = "<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RDDT</Cd><SubFmlyCd>ESDD</SubFmlyCd></Fmly></Domn></BkTxCd>";
  auto lines = Lines(CamtEntry("12.00", "DBIT", details, "<RvslInd>true</RvslInd>" + code) +
                     CamtEntry("12.00", "DBIT", details, "<RvslInd>false</RvslInd>" + code) +
                     CamtEntry("1.00", "CRDT", "", "<RvslInd>1</RvslInd>"));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].amount.minor, -1200);
  EXPECT_EQ(lines[0].bank_transaction_code, "PMNT-RDDT-ESDD+RVSL");
  EXPECT_EQ(lines[0].counterparty_name, "Customer Ltd");
  EXPECT_EQ(lines[1].bank_transaction_code, "PMNT-RDDT-ESDD");
  EXPECT_EQ(lines[1].counterparty_name, "Us");
  EXPECT_EQ(lines[2].bank_transaction_code, "+RVSL");
}

TEST(CamtEntries, ReferencesAndCodes) {
  const std::string entry_code = "<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly>"
                                 "</Domn><Prtry><Cd>166</Cd><Issr>DK</Issr></Prtry></BkTxCd>";
  auto lines = Lines(
      CamtEntry("1.00", "CRDT", Tx("<Refs><EndToEndId>NOTPROVIDED</EndToEndId><InstrId>I</InstrId></Refs>"),
                "<AcctSvcrRef>R1</AcctSvcrRef>" + entry_code) +
      CamtEntry("2.00", "CRDT", Tx("<Refs><AcctSvcrRef>TX-R</AcctSvcrRef><EndToEndId> E2E-9 </EndToEndId></Refs>"
                                   "<BkTxCd><Prtry><Cd>NTRF</Cd></Prtry></BkTxCd>"),
                entry_code) +
      CamtEntry("3.00", "CRDT", "", "<NtryRef>NR-3</NtryRef><BkTxCd><Prtry><Cd>XYZ</Cd></Prtry></BkTxCd>"));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_FALSE(lines[0].end_to_end_id.has_value());
  EXPECT_EQ(lines[0].bank_reference, "R1");
  EXPECT_EQ(lines[0].bank_transaction_code, "PMNT-RCDT-ESCT");  // Domn before Prtry
  EXPECT_EQ(lines[1].end_to_end_id, "E2E-9");
  EXPECT_EQ(lines[1].bank_reference, "TX-R");
  EXPECT_EQ(lines[1].bank_transaction_code, "NTRF");  // the transaction's own code
  EXPECT_EQ(lines[2].bank_reference, "NR-3");
  EXPECT_EQ(lines[2].bank_transaction_code, "XYZ");
  EXPECT_EQ(lines[2].value_date->ToIso(), "2026-11-21");
}

struct PartyCase {
  const char* name;
  std::string indicator;
  std::string parties;
  std::string agents;
  std::optional<std::string> counterparty, account, bic;
};

TEST(CamtEntries, TheCounterpartyIsTheOtherSideInEveryShape) {
  const PartyCase cases[] = {
      {"credit: debtor with Nm", "CRDT", "<Dbtr><Nm>Payer</Nm></Dbtr><DbtrAcct><Id><IBAN>DE1</IBAN></Id></DbtrAcct>",
       "<DbtrAgt><FinInstnId><BIC>BANKDEFF</BIC></FinInstnId></DbtrAgt>", "Payer", "DE1", "BANKDEFF"},
      {"debit: creditor with Pty/Nm", "DBIT",
       "<Cdtr><Pty><Nm>Payee</Nm></Pty></Cdtr><CdtrAcct><Id><Othr><Id>4711</Id></Othr></Id></CdtrAcct>",
       "<CdtrAgt><FinInstnId><BICFI>BANKNOKK</BICFI></FinInstnId></CdtrAgt>", "Payee", "4711", "BANKNOKK"},
      {"ultimate debtor when the debtor has no name", "CRDT",
       "<UltmtDbtr><Nm>Parent Group</Nm></UltmtDbtr><DbtrAcct><Id><IBAN>DE2</IBAN></Id></DbtrAcct>", "",
       "Parent Group", "DE2", std::nullopt},
      {"only the other side is given", "CRDT", "<Cdtr><Nm>Somebody</Nm></Cdtr>", "", "Somebody", std::nullopt,
       std::nullopt},
      {"our own account on the expected side", "CRDT",
       "<Dbtr><Nm>Us</Nm></Dbtr><DbtrAcct><Id><IBAN>NO9386011117947</IBAN></Id></DbtrAcct>"
       "<Cdtr><Nm>Them</Nm></Cdtr><CdtrAcct><Id><IBAN>SE1</IBAN></Id></CdtrAcct>",
       "", "Them", "SE1", std::nullopt},
      {"a bank as the party (version 8 Agt)", "DBIT",
       "<Cdtr><Agt><FinInstnId><BICFI>FEEBANK1</BICFI><Nm>Fee Bank</Nm></FinInstnId></Agt></Cdtr>", "", "Fee Bank",
       std::nullopt, "FEEBANK1"},
  };
  for (const PartyCase& c : cases) {
    const std::string details = Tx("<RltdPties>" + c.parties + "</RltdPties>" +
                                   (c.agents.empty() ? "" : "<RltdAgts>" + c.agents + "</RltdAgts>"));
    auto lines = Lines(CamtEntry("5.00", c.indicator, details));
    ASSERT_EQ(lines.size(), 1u) << c.name;
    EXPECT_EQ(lines[0].counterparty_name, c.counterparty) << c.name;
    EXPECT_EQ(lines[0].counterparty_account, c.account) << c.name;
    EXPECT_EQ(lines[0].counterparty_bic, c.bic) << c.name;
  }
}

struct RemittanceCase {
  const char* name;
  std::string rmt;
  std::string extra;  // more TxDtls children
  std::optional<std::string> structured, text;
};

TEST(CamtEntries, RemittanceStructuredAndUnstructured) {
  const std::string cut(140, 'x');  // a Ustrd the bank cut at the 140-character limit
  const std::string cut_utf8 = std::string(139, 'y') + "\xC3\xB8";  // 140 characters, 141 bytes
  const RemittanceCase cases[] = {
      {"several Ustrd joined with a space", "<Ustrd>Invoice 1</Ustrd><Ustrd> and 2 </Ustrd>", "", std::nullopt,
       "Invoice 1 and 2"},
      {"a 140-character Ustrd continues without a space", "<Ustrd>" + cut + "</Ustrd><Ustrd>yz end</Ustrd>", "",
       std::nullopt, cut + "yz end"},
      {"the cut may end in a space", "<Ustrd>" + cut.substr(1) + " </Ustrd><Ustrd>word</Ustrd>", "", std::nullopt,
       cut.substr(1) + " word"},
      {"characters, not bytes", "<Ustrd>" + cut_utf8 + "</Ustrd><Ustrd>z</Ustrd>", "", std::nullopt, cut_utf8 + "z"},
      {"SCOR reference", "<Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp><Ref>RF18539007547034</Ref>"
                         "</CdtrRefInf></Strd>",
       "", "RF18539007547034", std::nullopt},
      {"QRR and more blocks with documents",
       "<Ustrd>Thanks</Ustrd><Strd><RfrdDocInf><Nb>2026-0123</Nb></RfrdDocInf><RfrdDocInf><Nb>2026-0124</Nb>"
       "</RfrdDocInf><CdtrRefInf><Tp><CdOrPrtry><Prtry>QRR</Prtry></CdOrPrtry></Tp><Ref>210000000003139471430009017"
       "</Ref></CdtrRefInf><AddtlRmtInf>Order 77</AddtlRmtInf></Strd><Strd><CdtrRefInf><Ref>RF97X</Ref></CdtrRefInf>"
       "</Strd>",
       "", "210000000003139471430009017", "Thanks 2026-0123 2026-0124 Order 77 RF97X"},
      {"no remittance: AddtlTxInf", "", "<AddtlTxInf>Card payment Oslo</AddtlTxInf>", std::nullopt,
       "Card payment Oslo"},
      {"entities decoded", "<Ustrd>A &amp; B &lt;3 &#x263A; &#233;</Ustrd>", "", std::nullopt,
       "A & B <3 \xE2\x98\xBA \xC3\xA9"},
      {"CDATA", "<Ustrd><![CDATA[x < y & z]]></Ustrd>", "", std::nullopt, "x < y & z"},
  };
  for (const RemittanceCase& c : cases) {
    const std::string details = Tx((c.rmt.empty() ? "" : "<RmtInf>" + c.rmt + "</RmtInf>") + c.extra);
    auto lines = Lines(CamtEntry("5.00", "CRDT", details));
    ASSERT_EQ(lines.size(), 1u) << c.name;
    EXPECT_EQ(lines[0].structured_reference, c.structured) << c.name;
    EXPECT_EQ(lines[0].remittance_info, c.text) << c.name;
  }
}

TEST(CamtEntries, AnUndatedEntryTakesTheStatementsCreationDate) {
  const std::string entry = "<Ntry><Amt Ccy=\"EUR\">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts></Ntry>";
  auto file = ParseCamtText(CamtDocument(CamtReport(entry)));
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  EXPECT_EQ(file->statements[0].lines[0].booking_date.ToIso(), "2026-11-20");
  ASSERT_EQ(file->statements[0].warnings.size(), 1u);
  EXPECT_NE(file->statements[0].warnings[0].find("creation date 2026-11-20 stands in"), std::string::npos);
}

struct BadEntry {
  const char* name;
  std::string entry;
  const char* location;
  const char* says;
};

TEST(CamtEntries, ErrorsNameTheElement) {
  const std::string at = "/Document/BkToCstmrStmt/Stmt[1]/Ntry[1]";
  const BadEntry cases[] = {
      {"no status", "<Ntry><Amt Ccy=\"EUR\">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd></Ntry>", "/Sts", "no status"},
      {"unknown status", CamtEntry("1.00", "CRDT", "", "", "<Sts>BOOKED</Sts>"), "/Sts", "'BOOKED'"},
      {"no amount", "<Ntry><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts></Ntry>", "/Amt", "no amount"},
      {"signed amount", CamtEntry("-1.00", "CRDT"), "/Amt", "has a sign"},
      {"comma", CamtEntry("1,00", "CRDT"), "/Amt", "'1,00'"},
      {"extra digits", CamtEntry("1.001", "CRDT"), "/Amt", "more decimals"},
      {"no currency", CamtEntry("1.00", "CRDT", "", "", "<Sts>BOOK</Sts>", ""), "/Amt", "no currency"},
      {"indicator", CamtEntry("1.00", "UP"), "/CdtDbtInd", "'UP'"},
      {"reversal flag", CamtEntry("1.00", "CRDT", "", "<RvslInd>yes</RvslInd>"), "/RvslInd", "'yes'"},
      {"batch indicator", CamtEntry("2.00", "CRDT", Tx(TxAmt("1.00", "X")) + Tx(TxAmt("1.00"))),
       "/NtryDtls[1]/TxDtls[1]/CdtDbtInd", "'X'"},
      {"batch amount", CamtEntry("2.00", "CRDT", Tx(TxAmt("1.00")) + Tx(TxAmt("1.0.0"))),
       "/NtryDtls[1]/TxDtls[2]/Amt", "'1.0.0'"},
      {"date-time", "<Ntry><Amt Ccy=\"EUR\">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><DtTm>"
                    "2026-11-20 10:00</DtTm></BookgDt></Ntry>",
       "/BookgDt/DtTm", "YYYY-MM-DDThh:mm:ss"},
  };
  for (const BadEntry& c : cases) {
    auto file = ParseCamtText(CamtDocument(CamtReport(c.entry)));
    ASSERT_FALSE(file.ok()) << c.name;
    EXPECT_EQ(file.error().code, ErrorCode::kMalformedFile) << c.name;
    EXPECT_EQ(file.error().location, at + c.location) << c.name;
    EXPECT_NE(file.error().message.find(c.says), std::string::npos) << c.name << ": " << file.error().message;
  }
}

TEST(CamtEntries, AmountsAreExact) {
  auto lines = Lines(CamtEntry("12.50000", "CRDT") + CamtEntry("0", "CRDT") + CamtEntry("0.00", "DBIT") +
                     CamtEntry("7", "DBIT") + CamtEntry("92233720368547758.07", "CRDT") +
                     CamtEntry("1500", "CRDT", "", "", "<Sts>BOOK</Sts>", "JPY") +
                     CamtEntry("1.234", "DBIT", "", "", "<Sts>BOOK</Sts>", "BHD"));
  ASSERT_EQ(lines.size(), 7u);
  EXPECT_EQ(lines[0].amount.minor, 1250);
  EXPECT_EQ(lines[1].amount.minor, 0);
  EXPECT_EQ(lines[2].amount.minor, 0);
  EXPECT_EQ(lines[3].amount.minor, -700);
  EXPECT_EQ(lines[4].amount.minor, 9223372036854775807);
  EXPECT_EQ(lines[5].amount.minor, 1500);
  EXPECT_EQ(lines[5].amount.currency.code(), "JPY");
  EXPECT_EQ(lines[6].amount.minor, -1234);
  auto too_big = ParseCamtText(CamtDocument(CamtReport(CamtEntry("92233720368547758.08", "CRDT"))));
  ASSERT_FALSE(too_big.ok());
  EXPECT_NE(too_big.error().message.find("too large"), std::string::npos);
}

}  // namespace
}  // namespace recon
