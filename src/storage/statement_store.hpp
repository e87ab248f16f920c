// Statement files, statements and lines in PostgreSQL.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "recon/payer.hpp"
#include "recon/statement.hpp"
#include "storage/pg.hpp"
#include "storage/upload_store.hpp"

namespace recon::storage {

// A statement as stored, without its lines.
struct StoredStatement {
  int64_t id = 0;
  std::string company;
  std::string format;
  std::string bank_statement_id;
  std::string account;
  std::string currency;
  std::optional<int64_t> opening_balance;
  std::optional<int64_t> closing_balance;
  std::optional<std::string> opening_date;
  std::optional<std::string> closing_date;
  std::optional<int64_t> available_balance;  // camt CLAV/ITAV, MT940 :64:, OFX AVAILBAL
  std::optional<std::string> available_date;
  std::string warnings_json;   // a JSON array of strings
  std::string status;
  int line_count = 0;
  int duplicates_skipped = 0;
  std::string created_at;
  std::string line_counts_json;  // {"unmatched": n, "matched": n, ...}, statuses with lines only
};

struct StoredLine {
  int64_t id = 0;
  int64_t statement_id = 0;
  std::string status;
  int64_t matched_amount = 0;
  StatementLine line;
  PayerKeys payer_keys;  // as stored with the line; read by LoadLine and ForEachUnmatchedLine only
};

struct IngestOutcome {
  bool created = false;                     // false: the same file was stored before
  std::vector<StoredStatement> statements;
  int64_t upload_id = 0;                    // StoreFile: the file's receipt
};

struct LineFilter {
  std::string company;
  std::optional<std::string> status;
  std::optional<std::string> account;
  std::optional<int64_t> statement_id;
  std::optional<Date> date_from, date_to;   // booking date, inclusive
  std::optional<std::string> currency;
  std::optional<int64_t> amount_min, amount_max;  // minor units of `currency`, inclusive
  std::optional<std::string> text;          // words found (ILIKE) in names, references and remittance text
  int64_t after_id = 0;                     // cursor: lines with a larger id
  int limit = 100;
};

struct StatementFilter {
  std::string company;
  std::optional<std::string> status;        // pending | processed | reconciled | error
  std::optional<std::string> account;
  std::optional<Date> date_from, date_to;   // the statement's period touches this range
  int64_t after_id = 0;
  int limit = 100;
};

// What one IndexPendingTexts call did.
struct PendingTextsIndexed {
  int64_t statements = 0;  // statements whose flag it cleared
  int64_t lines = 0;       // texts written
};

class StatementStore {
 public:
  explicit StatementStore(ConnectionPool& pool) : pool_(pool) {}

  // The statements of a file stored before under the same SHA-256, or nullopt.
  Result<std::optional<IngestOutcome>> FindFile(const std::string& company, const std::string& sha256);

  // Stores the raw file, its statements and their lines in one transaction, which also
  // writes the file's receipt as stored (completing a pending one). Lines whose fingerprint
  // is already stored (an overlapping statement) are skipped and counted. When the same file
  // arrives concurrently, one call stores it and the other answers created=false with the
  // same statements (its receipt: duplicate). The company and SHA-256 are the receipt's.
  Result<IngestOutcome> StoreFile(const ReceiptSlot& receipt, std::string_view bytes, const ParsedFile& parsed);

  Result<std::vector<StoredStatement>> ListStatements(const StatementFilter& filter);
  Result<std::optional<StoredStatement>> GetStatement(const std::string& company, int64_t id);
  // Marks the statements whose every line is matched or ignored as reconciled (after a run).
  Status MarkReconciledStatements(const std::string& company);

  Result<std::vector<StoredLine>> ListLines(const LineFilter& filter);
  // One line whatever its status, through the caller's connection; nullopt when it does not exist.
  Result<std::optional<StoredLine>> LoadLine(PgConnection& conn, const std::string& company, int64_t line_id);
  // Hands each line with status 'unmatched' (optionally of one account) to `each`, in id
  // order, as it comes from the database (a run of a million lines holds them once), through
  // the caller's connection.
  Status ForEachUnmatchedLine(PgConnection& conn, const std::string& company,
                              const std::optional<std::string>& account,
                              const std::function<void(StoredLine&&)>& each);
  // The bank accounts of the given lines (those that exist), for the rule set in force; a
  // line never changes account, so this needs no lock.
  Result<std::vector<std::string>> LineAccounts(const std::string& company, const std::vector<int64_t>& line_ids);

  // The search texts of statements stored with texts_pending (migration 0020): up to
  // `statements_max` of them, of `company` ("" = every company), written and the flag
  // cleared in one statement. Statements another session is at are skipped.
  Result<PendingTextsIndexed> IndexPendingTexts(const std::string& company, int statements_max);
  // The same until none is left; answers the lines whose texts were written. For the job
  // queued after an upload and for the maintenance job (what a crash left pending).
  Result<int64_t> IndexAllPendingTexts(const std::string& company);

 private:
  ConnectionPool& pool_;
};

}  // namespace recon::storage
