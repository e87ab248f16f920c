// camt records -> the common statement record (recon/statement.hpp).
//
// The decisions this stage makes, each documented in docs/parsers/camt.md:
// - which entries become lines (status), and how a batch entry splits into lines;
// - the sign (CdtDbtInd) and how a reversal shows (RvslInd);
// - which party is the counterparty, which reference is the structured one, and how
//   remittance text is joined;
// - which balances open and close the statement.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/camt/camt_records.hpp"
#include "recon/parser.hpp"
#include "recon/statement.hpp"

namespace recon::camt {

// Which camt message a document holds.
enum class MessageKind {
  kReport,        // camt.052 BkToCstmrAcctRpt, intraday or end-of-day account report (Rpt)
  kStatement,     // camt.053 BkToCstmrStmt, the booked statement (Stmt)
  kNotification,  // camt.054 BkToCstmrDbtCdtNtfctn, debit/credit notification (Ntfctn)
};

// Where an entry is, for error locations; builds the path only when asked.
struct EntryPlace {
  const std::string& statement_path;
  uint32_t index;
  // "/Document/BkToCstmrStmt/Stmt[1]/Ntry[3]" + suffix
  std::string operator()(std::string_view suffix = {}) const;
};

// Builds the statements of one document, entry by entry, as the collector hands them over.
// Not thread-safe; one per parse.
class StatementMapper {
 public:
  explicit StatementMapper(const ParseOptions& options);

  // Maps one Ntry into lines of the statement being built. Errors: kMalformedFile naming
  // the XML path of the bad element; kLimitExceeded past options.statement_lines_max.
  Status AddEntry(const RawStatement& statement, const RawEntry& entry);

  // Completes the statement being built: account, currency, balances, checks.
  // Errors: kMalformedFile naming the XML path.
  Result<Statement> Finish(const RawStatement& statement);

 private:
  struct EntryValues {
    Money amount;
    int sign = 1;  // +1 CRDT, -1 DBIT
    bool reversal = false;
    Date booking_date;
    std::optional<Date> value_date;
  };
  Result<EntryValues> ReadEntry(const RawStatement& statement, const RawEntry& entry, const EntryPlace& where);
  Result<Currency> CurrencyOf(const RawAmount& amount, const EntryPlace& place, std::string_view suffix);
  Status MapBatch(const RawEntry& entry, const StatementLine& base, int sign, bool reversal,
                  const EntryPlace& place);
  Status Push(StatementLine line, const EntryPlace& place);
  static void CheckBookedBalances(Statement& statement, const std::vector<bool>& booked);

  const ParseOptions& options_;
  const StatementLine blank_line_;
  size_t lines_in_file_ = 0;
  Statement current_;
  std::vector<bool> booked_;  // per line of current_: whether its entry is booked (BOOK)
  bool entry_booked_ = true;
  std::string first_entry_currency_;
  size_t undated_entries_ = 0;  // entries of the current statement dated by its creation date
  Date undated_date_;
  // The last currency looked up; almost every amount in a file has the same one.
  std::string cached_code_;
  std::optional<Currency> cached_currency_;
};

// How a line shows a reversal until the common line has a field for it: the bank
// transaction code gets this suffix ("PMNT-RCDT-ESCT+RVSL", or "+RVSL" alone).
inline constexpr std::string_view kReversalMark = "+RVSL";

// Fills the line's foreign-exchange, charges, cheque, instruction, mandate and ultimate-party
// fields from `tx` (null for an entry without TxDtls) and, when the line is the whole entry
// (`whole_entry`), from the entry's own AmtDtls and Chrgs where the transaction has none.
// Errors: kMalformedFile naming the XML path of an amount, currency or rate that is wrong.
Status MapLineDetails(const RawEntry& entry, const RawTransaction* tx, bool whole_entry, const EntryPlace& place,
                      StatementLine& line);

// Remittance pieces of one transaction joined into one text (see docs/parsers/camt.md).
std::string JoinUnstructured(const Recycled<std::string>& chunks);

}  // namespace recon::camt
