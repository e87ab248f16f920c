// Every camt message (052, 053, 054) in every version 001.01 to 001.13, written the way
// that version writes it, and what the namespace says when it is missing or wrong.
#include <gtest/gtest.h>

#include "parsers/camt/camt_doc.hpp"
#include "parsers/registry.hpp"

namespace recon {
namespace {

using testing::CamtNamespace;
using testing::ParseCamtText;

struct Message {
  std::string number;  // 052
  std::string root;    // BkToCstmrAcctRpt
  std::string report;  // Rpt
};

const Message kMessages[] = {{"052", "BkToCstmrAcctRpt", "Rpt"},
                             {"053", "BkToCstmrStmt", "Stmt"},
                             {"054", "BkToCstmrDbtCdtNtfctn", "Ntfctn"}};

// One document in the shape of `version` (1..13): version 1 names the message with a V01
// suffix, puts TxDtls directly in Ntry and writes PrtryAcct and Bal/Tp/Cd; BIC became
// BICFI in version 4 and Dbtr/Nm became Dbtr/Pty/Nm in version 8; Sts got a Cd in version 9.
std::string VersionedDocument(const Message& m, int version) {
  const std::string v = (version < 10 ? "0" : "") + std::to_string(version);
  const std::string root = version == 1 ? m.root + "V01" : m.root;
  const std::string account = version == 1 ? "<PrtryAcct><Id>12345678</Id></PrtryAcct>" : "<IBAN>CH9300762011623852957</IBAN>";
  const std::string balance_type = version == 1 ? "<Tp><Cd>OPBD</Cd></Tp>" : "<Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp>";
  const std::string status = version >= 9 ? "<Sts><Cd>BOOK</Cd></Sts>" : "<Sts>BOOK</Sts>";
  const std::string bic = version >= 4 ? "BICFI" : "BIC";
  const std::string debtor = version >= 8 ? "<Dbtr><Pty><Nm>Payer AG</Nm></Pty></Dbtr>" : "<Dbtr><Nm>Payer AG</Nm></Dbtr>";
  const std::string tx = "<TxDtls><Refs><EndToEndId>E2E-" + std::string(v) +
                         "</EndToEndId></Refs><RltdPties>" + debtor +
                         "<DbtrAcct><Id><IBAN>CH5604835012345678009</IBAN></Id></DbtrAcct></RltdPties>"
                         "<RltdAgts><DbtrAgt><FinInstnId><" + bic + ">CRESCHZZ80A</" + bic +
                         "></FinInstnId></DbtrAgt></RltdAgts><RmtInf><Ustrd>Invoice 17</Ustrd></RmtInf></TxDtls>";
  const std::string details = version == 1 ? tx : "<NtryDtls>" + tx + "</NtryDtls>";
  return "<?xml version=\"1.0\"?><Document xmlns=\"" + CamtNamespace(m.number, "001." + std::string(v)) + "\"><" +
         root + "><GrpHdr><MsgId>M</MsgId><CreDtTm>2026-01-05T08:00:00+01:00</CreDtTm></GrpHdr><" + m.report +
         "><Id>R-" + v + "</Id><Acct><Id>" + account + "</Id><Ccy>CHF</Ccy></Acct><Bal>" + balance_type +
         "<Amt Ccy=\"CHF\">100.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-01-04</Dt></Dt></Bal>"
         "<Ntry><Amt Ccy=\"CHF\">25.50</Amt><CdtDbtInd>CRDT</CdtDbtInd>" +
         status + "<BookgDt><Dt>2026-01-05</Dt></BookgDt><AcctSvcrRef>A-" + v + "</AcctSvcrRef>" + details +
         "</Ntry></" + m.report + "></" + root + "></Document>";
}

TEST(CamtVersions, ReadsEveryMessageInEveryVersion) {
  for (const Message& m : kMessages) {
    for (int version = 1; version <= 13; ++version) {
      SCOPED_TRACE("camt." + m.number + " version " + std::to_string(version));
      const std::string doc = VersionedDocument(m, version);
      EXPECT_EQ(parsers::DetectFormat(doc), "camt");
      auto file = ParseCamtText(doc);
      ASSERT_TRUE(file.ok()) << file.error().ToString();
      char expected[32];
      std::snprintf(expected, sizeof expected, "camt.%s.001.%02d", m.number.c_str(), version);
      EXPECT_EQ(file->format, expected);
      ASSERT_EQ(file->statements.size(), 1u);
      const Statement& s = file->statements[0];
      EXPECT_EQ(s.account, version == 1 ? "12345678" : "CH9300762011623852957");
      EXPECT_EQ(s.currency, "CHF");
      EXPECT_EQ(s.opening_balance, 10000);
      ASSERT_EQ(s.lines.size(), 1u);
      const StatementLine& l = s.lines[0];
      EXPECT_EQ(l.amount.minor, 2550);
      EXPECT_EQ(l.booking_date.ToIso(), "2026-01-05");
      EXPECT_EQ(l.counterparty_name, "Payer AG");
      EXPECT_EQ(l.counterparty_account, "CH5604835012345678009");
      EXPECT_EQ(l.counterparty_bic, "CRESCHZZ80A");
      EXPECT_EQ(l.remittance_info, "Invoice 17");
      EXPECT_TRUE(l.end_to_end_id.has_value());
      EXPECT_TRUE(l.bank_reference.has_value());
      EXPECT_TRUE(s.warnings.empty()) << s.warnings[0];
    }
  }
}

TEST(CamtVersions, ReadsPrefixedElementsAndADefaultNamespaceAlike) {
  std::string doc = VersionedDocument(kMessages[1], 8);
  std::string prefixed;
  // <X> -> <c:X>, </X> -> </c:X>, and the namespace bound to the prefix.
  for (size_t i = 0; i < doc.size(); ++i) {
    prefixed += doc[i];
    if (doc[i] == '<' && i + 1 < doc.size() && doc[i + 1] != '?' ) {
      if (doc[i + 1] == '/') {
        prefixed += '/';
        ++i;
      }
      prefixed += "c:";
    }
  }
  const size_t at = prefixed.find("xmlns=");
  prefixed.replace(at, 6, "xmlns:c=");
  auto file = ParseCamtText(prefixed);
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  EXPECT_EQ(file->format, "camt.053.001.08");
  EXPECT_EQ(file->statements[0].lines[0].counterparty_name, "Payer AG");
}

struct NamespaceCase {
  const char* name;
  std::string from;  // replaced in the version-8 camt.053 document
  std::string to;
  const char* format;
  const char* warning;  // "" = none
};

TEST(CamtVersions, AMissingOrWrongNamespaceIsReadByTheMessageWithAWarning) {
  const std::string ns = " xmlns=\"" + CamtNamespace("053", "001.08") + "\"";
  const NamespaceCase cases[] = {
      {"no namespace", ns, "", "camt.053", ""},
      {"namespace of camt.052", "camt.053.001.08", "camt.052.001.08", "camt.053", "does not name the BkToCstmrStmt"},
      {"malformed camt namespace", "camt.053.001.08", "camt.053.1.8", "camt.053", "does not name"},
      {"not camt at all", CamtNamespace("053", "001.08"), "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03",
       "camt.053", "not a camt namespace"},
  };
  for (const NamespaceCase& c : cases) {
    std::string doc = VersionedDocument(kMessages[1], 8);
    doc.replace(doc.find(c.from), c.from.size(), c.to);
    auto file = ParseCamtText(doc);
    ASSERT_TRUE(file.ok()) << c.name << ": " << file.error().ToString();
    EXPECT_EQ(file->format, c.format) << c.name;
    const auto& warnings = file->statements[0].warnings;
    if (std::string(c.warning).empty()) {
      EXPECT_TRUE(warnings.empty()) << c.name;
    } else {
      ASSERT_EQ(warnings.size(), 1u) << c.name;
      EXPECT_NE(warnings[0].find(c.warning), std::string::npos) << c.name << ": " << warnings[0];
    }
  }
}

TEST(CamtVersions, ReadsSeveralStatementsAndKeepsTheirOrder) {
  const std::string entry = "<Ntry><Amt Ccy=\"EUR\">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>"
                            "<BookgDt><Dt>2026-01-01</Dt></BookgDt></Ntry>";
  const std::string doc = testing::CamtDocument(testing::CamtReport(entry, "Stmt", "A") +
                                                testing::CamtReport(entry + entry, "Stmt", "B") +
                                                testing::CamtReport("", "Stmt", "C"));
  auto file = ParseCamtText(doc);
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  ASSERT_EQ(file->statements.size(), 3u);
  EXPECT_EQ(file->statements[0].statement_id, "A");
  EXPECT_EQ(file->statements[1].lines.size(), 2u);
  EXPECT_EQ(file->statements[2].lines.size(), 0u);
}

TEST(CamtVersions, RefusesDocumentsWithoutAMessageOrAReport) {
  auto file = ParseCamtText("<Document xmlns=\"" + CamtNamespace() + "\"></Document>");
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.error().code, ErrorCode::kUnsupportedFormat);
  EXPECT_NE(file.error().message.find("camt.053.001.08"), std::string::npos);
  file = ParseCamtText(testing::CamtDocument(""));
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.error().location, "/Document/BkToCstmrStmt");
  file = ParseCamtText(testing::CamtDocument(testing::CamtReport("", "Rpt")));  // a Rpt in a statement message
  ASSERT_FALSE(file.ok());
  EXPECT_NE(file.error().message.find("no <Stmt>"), std::string::npos);
  const std::string two = "<Document><BkToCstmrStmt>" + testing::CamtReport("") +
                          "</BkToCstmrStmt><BkToCstmrStmt/></Document>";
  file = ParseCamtText(two);
  ASSERT_FALSE(file.ok());
  EXPECT_NE(file.error().message.find("second"), std::string::npos);
}

}  // namespace
}  // namespace recon
