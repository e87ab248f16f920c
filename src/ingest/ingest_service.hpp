// The one way a statement file comes into recond, whether uploaded (POST /v1/statements) or
// fetched by a connection's pull: hash it, answer a file stored before with its statements,
// find the CSV profile, parse within the limits, store it (or keep the refused bytes), write
// its receipt (GET /v1/uploads), count it, and queue a reconcile of the new lines.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ingest/csv_profiles.hpp"
#include "jobs/job_store.hpp"
#include "reconcile/reconciler.hpp"
#include "recon/parser.hpp"
#include "server/metrics.hpp"
#include "storage/statement_store.hpp"
#include "storage/upload_store.hpp"

namespace recon::ingest {

// The limits of a parse and what follows a stored file (from the configuration).
struct IngestSettings {
  size_t file_bytes_max = 256u << 20;      // body_bytes_max
  size_t statement_lines_max = 2'000'000;  // statement_lines_max
  size_t xml_depth_max = 64;               // xml_depth_max
  bool auto_reconcile = true;              // auto_reconcile: new lines queue a reconcile of the company
  // pending_receipt_bytes_min: a file this large or larger gets a pending receipt, committed
  // before it is read, so that it shows while it is read and stored (and, after a crash, that
  // it was received). A smaller one is read in milliseconds: its receipt is written once,
  // with its outcome, by the transaction that settles it, and costs no commit of its own.
  size_t pending_receipt_bytes_min = 4u << 20;
  // ZIP archives (ParseOptions::archive_*; docs/parsers/zip.md): archive_inflated_bytes_max,
  // archive_ratio_max, archive_entries_max, archive_nesting_max.
  size_t archive_inflated_bytes_max = size_t{1} << 30;
  size_t archive_ratio_max = 100;
  size_t archive_entries_max = 1000;
  size_t archive_nesting_max = 0;
};

struct IngestRequest {
  std::string company;
  std::string_view bytes;          // the file as received; must outlive the call
  storage::UploadOrigin origin;    // an upload, or which connection's pull
  std::string format;              // named by the caller ("" = detect from the bytes)
  std::string profile;             // the CSV profile named by the caller ("" = none); implies CSV
  // Statements a bank's API delivered as records (a pull's "berlin-group" batch): stored as
  // they are, `bytes` being their JSON for the file record. Not parsed again.
  const ParsedFile* records = nullptr;
  std::string log_label;           // names the request in the log ("request 7f3a…", "pull 12")
};

enum class IngestOutcomeKind {
  kStored,     // new: its statements were stored (their new lines counted)
  kDuplicate,  // the same bytes were stored before: the first file's statements, nothing new
  kRefused,    // the file cannot be read (or named an unknown profile): `problem`, nothing stored
};

struct IngestResult {
  IngestOutcomeKind kind = IngestOutcomeKind::kStored;
  int64_t upload_id = 0;                    // the receipt (GET /v1/uploads/{id})
  storage::IngestOutcome stored;            // kStored, kDuplicate: the statements
  std::optional<Error> problem;             // kRefused: what was wrong and where
  std::optional<int64_t> reconcile_run_id;  // kStored with new lines, when auto_reconcile queued a run
  int64_t new_lines = 0;                    // kStored: lines stored (not skipped as known)
};

// The job that writes the search texts of a company's new statements after their upload
// (migration 0020); the maintenance job writes whatever a crash left pending.
inline constexpr const char* kLineTextsJob = "line_texts";
// It waits this long after the upload: writing the texts of 100,000 lines into their trigram
// index is 2.4 s of database work, which on a small machine slowed the reconcile that usually
// follows an upload by as much. Meanwhile a search reads the new lines directly.
inline constexpr std::chrono::seconds kLineTextsDelay{60};

// Thread-safe: it holds references to thread-safe stores and no state of its own.
class IngestService {
 public:
  IngestService(IngestSettings settings, storage::StatementStore& statements, storage::UploadStore& uploads,
                const CsvProfileCatalogue& profiles, server::Metrics& metrics, reconcile::Reconciler& reconciler,
                jobs::JobStore& jobs)
      : settings_(settings),
        statements_(statements),
        uploads_(uploads),
        profiles_(profiles),
        metrics_(metrics),
        reconciler_(reconciler),
        jobs_(jobs) {}

  // Takes one file in. A file that cannot be read is not an error here but an outcome
  // (kRefused, its bytes and problem kept for audit); the caller decides how to answer.
  // Errors: the database's (kUnavailable, kInternal, ...): then nothing of the file is
  // stored and its receipt says failed (when the database still takes that).
  Result<IngestResult> Ingest(const IngestRequest& request);

 private:
  Result<IngestResult> ReadAndStore(const IngestRequest& request, const storage::ReceiptSlot& receipt);
  Result<ParsedFile> Parse(const IngestRequest& request) const;

  IngestSettings settings_;
  storage::StatementStore& statements_;
  storage::UploadStore& uploads_;
  const CsvProfileCatalogue& profiles_;
  server::Metrics& metrics_;
  reconcile::Reconciler& reconciler_;
  jobs::JobStore& jobs_;
};

}  // namespace recon::ingest
