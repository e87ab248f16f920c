// Receipts of received files (the uploads table, migration 0019): one per file handed to the
// ingest, whatever became of it, and the bytes as received.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "recon/date.hpp"
#include "recon/error.hpp"
#include "storage/pg.hpp"

namespace recon::storage {

// How a file came in. kUnrecorded: before recond kept receipts (filled in by migration 0019).
enum class UploadSource { kUpload, kPull, kUnrecorded };
// What became of it. A receipt is opened kPending and completed once with one of the others.
enum class UploadOutcome { kPending, kStored, kDuplicate, kRefused, kFailed };

inline constexpr UploadSource kAllUploadSources[] = {UploadSource::kUpload, UploadSource::kPull,
                                                     UploadSource::kUnrecorded};
inline constexpr UploadOutcome kAllUploadOutcomes[] = {UploadOutcome::kPending, UploadOutcome::kStored,
                                                       UploadOutcome::kDuplicate, UploadOutcome::kRefused,
                                                       UploadOutcome::kFailed};

// The names the API and the database use ("upload", "pull", "unrecorded"; "pending", "stored", ...).
std::string_view UploadSourceName(UploadSource source);
std::string_view UploadOutcomeName(UploadOutcome outcome);
std::optional<UploadSource> UploadSourceNamed(std::string_view name);
std::optional<UploadOutcome> UploadOutcomeNamed(std::string_view name);

struct UploadOrigin {
  UploadSource source = UploadSource::kUpload;
  std::optional<int64_t> connection_id;  // kPull: the connection and its pull
  std::optional<int64_t> pull_id;
  std::optional<std::string> file_name;  // as the sender named the file, when it did
};

// What is known of a file when it arrives.
struct NewReceipt {
  std::string company;
  UploadOrigin origin;
  int64_t size_bytes = 0;
  std::string sha256;
  std::optional<std::string> format;   // as named by the caller (?format=), if it did
  std::optional<std::string> profile;  // the CSV profile named, if any
};

// The receipt a file is getting: a pending one opened before the file was read (Open, for
// files large enough that reading them takes a while), or none yet, and then it is written
// once, with its outcome, by the transaction that settles the file.
struct ReceiptSlot {
  NewReceipt receipt;
  std::optional<int64_t> pending_id;
};

// What became of a file, as its receipt keeps it.
struct Settlement {
  UploadOutcome outcome = UploadOutcome::kStored;
  std::optional<int64_t> file_id;      // kStored, kDuplicate
  std::optional<std::string> format;   // the format read (or, refused, named or detected)
  std::optional<Error> problem;        // kRefused, kFailed
  std::optional<int64_t> failure_id;   // kRefused: the kept bytes
};

struct UploadProblem {
  std::string type;  // ErrorCodeName of the error: "malformed-file"
  std::string detail;
  std::optional<std::string> location;
};

struct UploadReceipt {
  int64_t id = 0;
  std::string company;
  std::string received_at;                 // ISO 8601 UTC
  std::optional<std::string> finished_at;  // when the outcome was written; none while pending
  UploadOrigin origin;
  int64_t size_bytes = 0;
  std::string sha256;
  std::optional<std::string> format;
  std::optional<std::string> profile;
  UploadOutcome outcome = UploadOutcome::kPending;
  std::optional<UploadProblem> problem;    // kRefused, kFailed
  std::optional<int64_t> file_id;          // kStored, kDuplicate: the stored file (raw_files)
  bool content_kept = false;               // the bytes can be downloaded
  std::optional<std::string> content_purged_at;  // refused bytes purged after their retention
  std::vector<int64_t> statement_ids;      // the statements of the stored file, in file order
};

struct UploadFilter {
  std::string company;
  std::optional<UploadOutcome> outcome;
  std::optional<UploadSource> source;
  std::optional<int64_t> connection_id;
  std::optional<std::string> sha256;
  std::optional<Date> date_from, date_to;  // the UTC date received, inclusive
  int64_t after_id = 0;
  int limit = 100;
};

class UploadStore {
 public:
  explicit UploadStore(ConnectionPool& pool) : pool_(pool) {}

  // Writes a pending receipt (committed at once, so that a file being read is visible);
  // returns its id. It costs a commit of its own: the ingest opens one for large files only.
  Result<int64_t> Open(const NewReceipt& receipt);

  // Writes a complete `duplicate` receipt for bytes the company stored before as a file
  // with the same SHA-256; nullopt (and nothing written) when there is no such file.
  Result<std::optional<int64_t>> RecordDuplicate(const NewReceipt& receipt);

  // Settles the receipt as refused, with the problem, in one transaction with the bytes:
  // kept once per company and SHA-256 (the same refused bytes again renew the row's
  // last_received_at, from which the retention counts). Empty bytes keep no row.
  // `format`: the format named or detected, if any. Returns the receipt's id.
  Result<int64_t> Refuse(const ReceiptSlot& slot, std::string_view bytes, const std::optional<std::string>& format,
                         const Error& problem);

  // Settles the receipt as failed: recond could not finish (the database went away, a bug)
  // and stored nothing. Best effort: the caller answers with the first error.
  Result<int64_t> Fail(const ReceiptSlot& slot, const Error& problem);

  Result<std::vector<UploadReceipt>> List(const UploadFilter& filter);
  Result<std::optional<UploadReceipt>> Get(const std::string& company, int64_t id);

  // The bytes as received of a receipt whose content_kept is true; nullopt when they are
  // gone (purged meanwhile). Errors: the database's.
  Result<std::optional<std::string>> Content(const UploadReceipt& receipt);

  // Deletes the kept bytes of refused files last received more than `retention_days` days
  // ago, at most `files_max` files per call (a short transaction; call again while it
  // returns files_max). Their receipts stay, with failure_id cleared and content_purged_at
  // set. Returns how many files' bytes were deleted. For the periodic maintenance job.
  Result<int64_t> PurgeRefusedContent(int retention_days, int files_max);

 private:
  ConnectionPool& pool_;
};

// Writes what became of a file on `conn`, inside the caller's transaction (StatementStore::
// StoreFile: kStored, or kDuplicate when a concurrent upload stored the same bytes first):
// completes the slot's pending receipt, or writes the receipt whole. Returns its id.
Result<int64_t> SettleReceipt(PgConnection& conn, const ReceiptSlot& slot, const Settlement& settlement);

}  // namespace recon::storage
