// The common statement record every parser produces, whatever the bank's format.
// Field meanings follow ../shared/API.md ("The common statement line").
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "recon/date.hpp"
#include "recon/money.hpp"

namespace recon {

// What a line may carry beyond the common core. Few lines have any of it, so it lives
// apart from the line (see LineDetailsBox) and costs a line 8 bytes when absent.
struct LineDetails {
  // Foreign exchange: the amount as it was ordered, in its own currency, signed like
  // `amount` (camt AmtDtls/InstdAmt or TxAmt, MT940 /OCMT/, OFX CURRENCY). The currency
  // alone when the file names it without the amount (OFX ORIGCURRENCY); it always equals
  // original_amount's currency when both are present.
  std::optional<Money> original_amount;
  std::optional<std::string> original_currency;
  // The rate the bank applied, as exact decimal text with a point ("1.0856"); never a
  // double. Its direction is the bank's (camt CcyXchg/XchgRate, MT940 /EXCH/, OFX CURRATE).
  std::optional<std::string> exchange_rate;
  // What the bank charged for this line: positive for a charge, negative for a refund
  // of charges (camt Chrgs, MT940 /CHGS/). May be in another currency than `amount`.
  std::optional<Money> charges;
  std::optional<std::string> check_number;        // OFX CHECKNUM, camt ChqNb
  std::optional<std::string> customer_reference;  // MT940 :61: customer reference, KREF+; camt InstrId
  std::optional<std::string> mandate_id;          // SEPA direct debit mandate: camt MndtId, MREF+, /MARF/
  std::optional<std::string> ultimate_debtor;     // name: camt UltmtDbtr, ABWA+, /ULTD/
  std::optional<std::string> ultimate_creditor;   // name: camt UltmtCdtr, ABWE+, /ULTC/ /ULTB/
};

// A LineDetails on the heap, or nothing; copied deeply, so that a StatementLine stays a
// plain value. Get() answers an empty LineDetails when there is none; Edit() makes one.
class LineDetailsBox {
 public:
  LineDetailsBox() = default;
  LineDetailsBox(const LineDetailsBox& other)
      : details_(other.details_ ? std::make_unique<LineDetails>(*other.details_) : nullptr) {}
  LineDetailsBox& operator=(const LineDetailsBox& other) {
    if (this != &other) details_ = other.details_ ? std::make_unique<LineDetails>(*other.details_) : nullptr;
    return *this;
  }
  LineDetailsBox(LineDetailsBox&&) noexcept = default;
  LineDetailsBox& operator=(LineDetailsBox&&) noexcept = default;

  bool present() const { return details_ != nullptr; }
  const LineDetails& Get() const {
    static const LineDetails kNone;
    return details_ ? *details_ : kNone;
  }
  LineDetails& Edit() {
    if (!details_) details_ = std::make_unique<LineDetails>();
    return *details_;
  }

 private:
  std::unique_ptr<LineDetails> details_;
};

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

  // Foreign exchange, charges and further references: few lines carry any of them.
  LineDetailsBox details;
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
  // The money the account holder may use (camt CLAV, else ITAV; MT940 :64:, else the first
  // :65:; OFX AVAILBAL), minor units in `currency`, with the date it applies to.
  std::optional<int64_t> available_balance;
  std::optional<Date> available_date;
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
