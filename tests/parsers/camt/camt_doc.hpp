// Builders of small camt documents for table-driven tests: a test states only the part
// it is about (one entry, one balance) and the rest is filled in with plain values.
#pragma once

#include <string>

#include "parsers/camt/camt_parser.hpp"

namespace recon::testing {

// "053", "001.08" -> the namespace URI.
inline std::string CamtNamespace(const std::string& message = "053", const std::string& version = "001.08") {
  return "urn:iso:std:iso:20022:tech:xsd:camt." + message + "." + version;
}

// A document with one message of `message` kind holding `reports` (Stmt/Rpt/Ntfctn elements).
inline std::string CamtDocument(const std::string& reports, const std::string& message = "053",
                                const std::string& version = "001.08") {
  const std::string root = message == "052" ? "BkToCstmrAcctRpt" : message == "054" ? "BkToCstmrDbtCdtNtfctn"
                                                                                     : "BkToCstmrStmt";
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Document xmlns=\"" + CamtNamespace(message, version) + "\"><" +
         root + "><GrpHdr><MsgId>M1</MsgId><CreDtTm>2026-11-20T06:00:00Z</CreDtTm></GrpHdr>" + reports + "</" +
         root + "></Document>";
}

// One Stmt (or Rpt/Ntfctn by `tag`) on account NO9386011117947 in EUR with `body`
// (balances, entries) after the account.
inline std::string CamtReport(const std::string& body, const std::string& tag = "Stmt", const std::string& id = "S1") {
  return "<" + tag + "><Id>" + id +
         "</Id><CreDtTm>2026-11-20T06:00:00Z</CreDtTm><Acct><Id><IBAN>NO9386011117947</IBAN></Id><Ccy>EUR</Ccy>"
         "</Acct>" +
         body + "</" + tag + ">";
}

inline std::string CamtBalance(const std::string& code, const std::string& amount, const std::string& indicator,
                               const std::string& date = "2026-11-20", const std::string& currency = "EUR") {
  return "<Bal><Tp><CdOrPrtry><Cd>" + code + "</Cd></CdOrPrtry></Tp><Amt Ccy=\"" + currency + "\">" + amount +
         "</Amt>" + (indicator.empty() ? "" : "<CdtDbtInd>" + indicator + "</CdtDbtInd>") + "<Dt><Dt>" + date +
         "</Dt></Dt></Bal>";
}

// An entry; `details` goes inside <NtryDtls> when given, `extra` after BkTxCd.
inline std::string CamtEntry(const std::string& amount, const std::string& indicator, const std::string& details = "",
                             const std::string& extra = "", const std::string& status = "<Sts><Cd>BOOK</Cd></Sts>",
                             const std::string& currency = "EUR") {
  return "<Ntry><Amt Ccy=\"" + currency + "\">" + amount + "</Amt><CdtDbtInd>" + indicator + "</CdtDbtInd>" + status +
         "<BookgDt><Dt>2026-11-20</Dt></BookgDt><ValDt><Dt>2026-11-21</Dt></ValDt>" + extra +
         (details.empty() ? "" : "<NtryDtls>" + details + "</NtryDtls>") + "</Ntry>";
}

inline Result<ParsedFile> ParseCamtText(const std::string& bytes, ParseOptions options = {}) {
  return camt::CamtParser().Parse(bytes, options);
}

}  // namespace recon::testing
