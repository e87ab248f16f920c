// StatementStore: storing a file (its raw bytes, its statements, and through
// statement_new_lines.cpp its new lines) and reading statements back. The lines' reads and
// search texts are in statement_lines.cpp.
#include "storage/statement_store.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <future>
#include <utility>

#include "storage/copy_binary.hpp"
#include "storage/row_mapping.hpp"
#include "storage/statement_new_lines.hpp"
#include "storage/upload_store.hpp"
#include "util/phase_clock.hpp"

namespace recon::storage {
namespace {

#define RECOND_STATEMENT_COLUMNS                                                                              \
  "id, company, format, coalesce(bank_statement_id, ''), account, currency, opening_balance, closing_balance," \
  " opening_date::text, closing_date::text, warnings::text, status, line_count, duplicates_skipped,"          \
  " " RECOND_SQL_UTC("created_at") ","                                \
  /* Lines per status, through the (statement_id, id) index. */                                             \
  " (SELECT coalesce(json_object_agg(c.status, c.n), '{}')::text FROM"                                        \
  "   (SELECT l.status, count(*) AS n FROM statement_lines l WHERE l.statement_id = statements.id"            \
  "    GROUP BY l.status) c),"                                                                                \
  " available_balance, available_date::text"

// A statement from a row of RECOND_STATEMENT_COLUMNS.
StoredStatement ReadStatement(const PgResult& r, int row) {
  StoredStatement s;
  ReadColumns(r, row, 0, s.id, s.company, s.format, s.bank_statement_id, s.account, s.currency, s.opening_balance,
              s.closing_balance, s.opening_date, s.closing_date, s.warnings_json, s.status, s.line_count,
              s.duplicates_skipped, s.created_at, s.line_counts_json, s.available_balance, s.available_date);
  return s;
}

constexpr Sql kFindFile{"find_file",
                        "SELECT " RECOND_STATEMENT_COLUMNS " FROM statements"
                        " WHERE file_id = (SELECT id FROM raw_files WHERE company = $1 AND sha256 = $2)"
                        " ORDER BY position_in_file"};

// The statements of the company's file with this SHA-256, in the file's order (none when
// there is no such file), through the caller's connection.
Result<std::vector<StoredStatement>> StatementsOfFile(PgConnection& c, const std::string& company,
                                                      const std::string& sha256) {
  auto r = c.Exec(kFindFile, {company, sha256});
  if (!r) return r.take_error();
  return ReadAll(*r, ReadStatement);
}

}  // namespace

Result<std::optional<IngestOutcome>> StatementStore::FindFile(const std::string& company, const std::string& sha256) {
  auto conn = pool_.Acquire();
  if (!conn) return conn.take_error();
  auto statements = StatementsOfFile(**conn, company, sha256);
  if (!statements) return statements.take_error();
  if (statements->empty()) return std::optional<IngestOutcome>();
  return std::optional<IngestOutcome>(IngestOutcome{false, std::move(*statements), 0});
}

namespace {

// One upload of a given file at a time per company: the second waits, then finds the file.
constexpr int32_t kFileLockClass = 1919317350;  // "rawf"

constexpr Sql kFileExists{"file_exists", "SELECT id, format FROM raw_files WHERE company = $1 AND sha256 = $2"};

// The answer to a file that was stored meanwhile (a concurrent upload, which held the file's
// lock): its receipt settled as a duplicate, with the stored statements. nullopt for a new file.
Result<std::optional<IngestOutcome>> SettleIfStoredBefore(PgConnection& c, const ReceiptSlot& receipt) {
  const std::string& company = receipt.receipt.company;
  const std::string& sha256 = receipt.receipt.sha256;
  auto exists = c.Exec(kFileExists, {company, sha256});
  if (!exists) return exists.take_error();
  if (exists->rows() == 0) return std::optional<IngestOutcome>();
  auto upload = SettleReceipt(
      c, receipt, Settlement{UploadOutcome::kDuplicate, exists->int64(0, 0), std::string(exists->text(0, 1)), {}, {}});
  if (!upload) return upload.take_error();
  auto existing = StatementsOfFile(c, company, sha256);
  if (!existing) return existing.take_error();
  return std::optional<IngestOutcome>(IngestOutcome{false, std::move(*existing), *upload});
}

constexpr Sql kNextFileId{"next_file_id", "SELECT nextval('raw_files_id_seq')"};
// The file's bytes are streamed from the request buffer by binary COPY (copy_binary.hpp).
constexpr Sql kCopyFile{"copy_file",
                        "COPY raw_files (id, company, sha256, size_bytes, content, format) FROM STDIN (FORMAT binary)"};

struct FileRow {
  int64_t file_id = 0;
  int64_t upload_id = 0;  // its receipt
};

// The raw file's row, and its receipt settled as stored.
Result<FileRow> InsertFile(PgConnection& c, const ReceiptSlot& receipt, std::string_view bytes,
                           const std::string& format) {
  auto next_id = c.Exec(kNextFileId);
  if (!next_id) return next_id.take_error();
  const int64_t file_id = next_id->int64(0, 0);
  if (Status s = CopyOneRow(c, kCopyFile,
                            {CopyField::Int64(file_id), CopyField::Bytes(receipt.receipt.company),
                             CopyField::Bytes(receipt.receipt.sha256),
                             CopyField::Int64(static_cast<int64_t>(bytes.size())), CopyField::Bytes(bytes),
                             CopyField::Bytes(format)});
      !s) {
    return s.error();
  }
  auto upload = SettleReceipt(c, receipt, Settlement{UploadOutcome::kStored, file_id, format, {}, {}});
  if (!upload) return upload.take_error();
  return FileRow{file_id, *upload};
}

constexpr Sql kInsertStatement{
    "insert_statement",
    "INSERT INTO statements (company, file_id, position_in_file, bank_statement_id, format, account, currency,"
    " opening_balance, closing_balance, opening_date, closing_date, warnings, line_count, available_balance,"
    " available_date, texts_pending)"
    " VALUES ($1, $2::bigint, $3::int, $4, $5, $6, $7, $8::bigint, $9::bigint, $10::date, $11::date, $12::jsonb, 0,"
    " $13::bigint, $14::date, true)"
    " RETURNING id"};

// The file's statements, without lines yet; answers their ids in the file's order.
Result<std::vector<int64_t>> InsertStatements(PgConnection& c, const std::string& company, int64_t file_id,
                                              const ParsedFile& parsed) {
  const std::string file = std::to_string(file_id);
  std::vector<int64_t> ids;
  for (size_t i = 0; i < parsed.statements.size(); ++i) {
    const Statement& s = parsed.statements[i];
    const std::string warnings = nlohmann::json(s.warnings).dump();
    auto r = c.Exec(kInsertStatement,
                    {company, file, std::to_string(i + 1), s.statement_id, parsed.format, s.account, s.currency,
                     OptInt(s.opening_balance), OptInt(s.closing_balance), OptDate(s.opening_date),
                     OptDate(s.closing_date), warnings, OptInt(s.available_balance), OptDate(s.available_date)});
    if (!r) return r.take_error();
    ids.push_back(r->int64(0, 0));
  }
  return ids;
}

constexpr Sql kSetCounts{"set_statement_counts",
                         "UPDATE statements SET line_count = $2::int, duplicates_skipped = $3::int WHERE id = $1::bigint"};

// Each statement's lines stored (`stored`, parallel to `statement_ids`) and skipped.
Status SetLineCounts(PgConnection& c, const ParsedFile& parsed, const std::vector<int64_t>& statement_ids,
                     const std::vector<int>& stored) {
  for (size_t i = 0; i < statement_ids.size(); ++i) {
    const int skipped = static_cast<int>(parsed.statements[i].lines.size()) - stored[i];
    if (auto r = c.Exec(kSetCounts,
                        {std::to_string(statement_ids[i]), std::to_string(stored[i]), std::to_string(skipped)});
        !r) {
      return r.take_error();
    }
  }
  return Status::Ok();
}

}  // namespace

Result<IngestOutcome> StatementStore::StoreFile(const ReceiptSlot& receipt, std::string_view bytes,
                                                const ParsedFile& parsed) {
  const std::string& company = receipt.receipt.company;
  const std::string& sha256 = receipt.receipt.sha256;
  auto conn = pool_.Acquire();
  if (!conn) return conn.take_error();
  PgConnection& c = **conn;
  util::PhaseClock clock;
  Transaction tx(c);
  if (!tx.begin_status()) return tx.begin_status().error();
  // The COPY of a million lines, and the wait for another upload to the same account.
  const ScopedTimeouts bulk(c, TimeoutLevel::kBulk);

  if (Status s = LockCompanyKey(c, kFileLockClass, company, sha256); !s) return s.error();
  auto stored_before = SettleIfStoredBefore(c, receipt);
  if (!stored_before) return stored_before.take_error();
  if (*stored_before) {
    if (Status s = tx.Commit(); !s) return s.error();
    return std::move(**stored_before);
  }
  // The lines' identities (a SHA-256 each: 0.3 s at 100,000 lines, 3 s at a million) are
  // worked out on a second thread while PostgreSQL stores the file and its statements; only
  // for a file that is new. The future waits for that thread on every way out.
  std::future<FileLineIdentities> identities_ahead =
      std::async(std::launch::async, [&parsed] { return IdentitiesOf(parsed); });
  auto file = InsertFile(c, receipt, bytes, parsed.format);
  if (!file) return file.take_error();
  auto statement_ids = InsertStatements(c, company, file->file_id, parsed);
  if (!statement_ids) return statement_ids.take_error();
  const int64_t file_ms = clock.Lap();

  auto lines = StoreNewLines(c, company, parsed, *statement_ids, identities_ahead);
  if (!lines) return lines.take_error();
  clock.Lap();  // StoreNewLines timed its own steps
  if (Status s = SetLineCounts(c, parsed, *statement_ids, lines->per_statement); !s) return s.error();
  auto statements = StatementsOfFile(c, company, sha256);
  if (!statements) return statements.take_error();
  if (Status s = tx.Commit(); !s) return s.error();
  // Where an upload's time goes, for whoever tunes the database.
  spdlog::info("stored file {}: file and statements {} ms, lock and lookup {} ms ({} lines known), copy {} ms,"
               " commit {} ms", sha256.substr(0, 16), file_ms, lines->lookup_ms, lines->known, lines->copy_ms,
               clock.Lap());
  return IngestOutcome{true, std::move(*statements), file->upload_id};
}

// A statement is in a date range when its period (opening to closing date, either one
// standing in for a missing other) touches it.
constexpr Sql kListStatements{"list_statements",
                              "SELECT " RECOND_STATEMENT_COLUMNS " FROM statements"
                              " WHERE company = $1 AND id > $2::bigint"
                              " AND ($4::text IS NULL OR status = $4) AND ($5::text IS NULL OR account = $5)"
                              " AND ($6::date IS NULL OR coalesce(closing_date, opening_date) >= $6::date)"
                              " AND ($7::date IS NULL OR coalesce(opening_date, closing_date) <= $7::date)"
                              " ORDER BY id LIMIT $3::int"};

Result<std::vector<StoredStatement>> StatementStore::ListStatements(const StatementFilter& f) {
  return QueryRows(pool_, kListStatements,
                   {f.company, std::to_string(f.after_id), std::to_string(f.limit), f.status, f.account,
                    OptDate(f.date_from), OptDate(f.date_to)},
                   ReadStatement);
}

constexpr Sql kGetStatement{"get_statement",
                            "SELECT " RECOND_STATEMENT_COLUMNS " FROM statements WHERE company = $1 AND id = $2::bigint"};

#undef RECOND_STATEMENT_COLUMNS

Result<std::optional<StoredStatement>> StatementStore::GetStatement(const std::string& company, int64_t id) {
  return QueryFirst(pool_, kGetStatement, {company, std::to_string(id)}, ReadStatement);
}

constexpr Sql kMarkReconciled{
    "mark_reconciled_statements",
    "UPDATE statements s SET status = 'reconciled' WHERE s.company = $1 AND s.status = 'processed'"
    " AND NOT EXISTS (SELECT 1 FROM statement_lines l WHERE l.statement_id = s.id"
    "  AND l.status NOT IN ('matched', 'ignored'))"};

Status StatementStore::MarkReconciledStatements(const std::string& company) {
  return ExecOnce(pool_, kMarkReconciled, {company});
}

}  // namespace recon::storage
