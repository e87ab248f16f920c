// The common statement record every parser produces, whatever the bank's format.
// Field meanings follow ../shared/API.md ("The common statement line").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "recon/date.hpp"
#include "recon/money.hpp"

namespace recon {

// One booked entry (or one transaction of a batch entry) of a statement.
struct StatementLine {
  std::string account;                 // our account: IBAN or the bank's id, as in the statement
  Date booking_date;
  std::optional<Date> value_date;      // absent when the file has none
  Money amount;                        // signed: + money in (credit), - money out (debit)
  std::optional<std::string> counterparty_name;
  std::optional<std::string> counterparty_account;
  std::optional<std::string> counterparty_bic;
  std::optional<std::string> structured_reference;  // RF / KID / OCR / FIK / QR as the bank sent it
  std::optional<std::string> remittance_info;       // unstructured text, joined in file order
  std::optional<std::string> end_to_end_id;         // absent for "NOTPROVIDED"
  std::optional<std::string> bank_reference;        // AcctSvcrRef, :61: bank reference, FITID ...
  std::optional<std::string> bank_transaction_code; // "PMNT-RCDT-ESCT" or the proprietary code
};

// One statement (camt Stmt/Rpt/Ntfctn, one MT940 :20: block, one OFX STMTRS ...).
struct Statement {
  std::string statement_id;            // the bank's id of the statement; may be empty
  std::string account;
  std::string currency;                // ISO 4217 code of the account
  std::optional<int64_t> opening_balance;  // minor units, signed
  std::optional<int64_t> closing_balance;
  std::optional<Date> opening_date;
  std::optional<Date> closing_date;
  std::vector<std::string> warnings;   // e.g. a balance that does not add up; never a failure
  std::vector<StatementLine> lines;
};

// What one file holds.
struct ParsedFile {
  std::string format;                  // "camt.053.001.08", "mt940", ...
  std::vector<Statement> statements;
};

// Checks opening + sum(lines) == closing where both balances are present and adds a
// warning to the statement when it does not hold. Never fails.
void CheckBalances(Statement& statement);

}  // namespace recon
