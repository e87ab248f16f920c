#include "storage/upload_store.hpp"

#include "storage/copy_binary.hpp"
#include "storage/row_mapping.hpp"

namespace recon::storage {
namespace {

struct SourceName {
  UploadSource source;
  std::string_view name;
};
constexpr SourceName kSourceNames[] = {
    {UploadSource::kUpload, "upload"}, {UploadSource::kPull, "pull"}, {UploadSource::kUnrecorded, "unrecorded"}};

struct OutcomeName {
  UploadOutcome outcome;
  std::string_view name;
};
constexpr OutcomeName kOutcomeNames[] = {{UploadOutcome::kPending, "pending"},
                                         {UploadOutcome::kStored, "stored"},
                                         {UploadOutcome::kDuplicate, "duplicate"},
                                         {UploadOutcome::kRefused, "refused"},
                                         {UploadOutcome::kFailed, "failed"}};

constexpr Sql kOpen{"open_upload_receipt",
                    "INSERT INTO uploads (company, source, connection_id, pull_id, file_name, size_bytes, sha256,"
                    " format, profile)"
                    " VALUES ($1, $2, $3::bigint, $4::bigint, $5, $6::bigint, $7, $8, $9) RETURNING id"};

// One statement: the receipt only when the file is there, with the file's own format.
constexpr Sql kRecordDuplicate{
    "record_duplicate_upload",
    "INSERT INTO uploads (company, source, connection_id, pull_id, file_name, size_bytes, sha256, format, profile,"
    " outcome, finished_at, file_id)"
    " SELECT $1, $2, $3::bigint, $4::bigint, $5, $6::bigint, $7, f.format, $8, 'duplicate', now(), f.id"
    " FROM raw_files f WHERE f.company = $1 AND f.sha256 = $7 RETURNING id"};

// A receipt written whole, with its outcome.
constexpr Sql kInsertSettled{
    "insert_settled_upload_receipt",
    "INSERT INTO uploads (company, source, connection_id, pull_id, file_name, size_bytes, sha256, profile, outcome,"
    " finished_at, file_id, format, problem_type, problem_detail, problem_location, failure_id)"
    " VALUES ($1, $2, $3::bigint, $4::bigint, $5, $6::bigint, $7, $8, $9, now(), $10::bigint, $11, $12, $13, $14,"
    " $15::bigint) RETURNING id"};
// A pending receipt completed (once: a settled receipt is not settled again).
constexpr Sql kCompletePending{
    "complete_upload_receipt",
    "UPDATE uploads SET outcome = $2, finished_at = now(), file_id = $3::bigint, format = coalesce($4, format),"
    " problem_type = $5, problem_detail = $6, problem_location = $7, failure_id = $8::bigint"
    " WHERE id = $1::bigint AND outcome = 'pending' RETURNING id"};

// Refused bytes kept before under the same SHA-256: renewed rather than kept twice.
constexpr Sql kRenewFailure{"renew_upload_failure",
                            "UPDATE upload_failures SET last_received_at = now() WHERE id ="
                            " (SELECT min(id) FROM upload_failures WHERE company = $1 AND sha256 = $2) RETURNING id"};
constexpr Sql kNextFailureId{"next_upload_failure_id", "SELECT nextval('upload_failures_id_seq')"};
constexpr Sql kCopyFailure{"copy_upload_failure",
                           "COPY upload_failures (id, company, sha256, size_bytes, content, error_type, error_detail,"
                           " error_location) FROM STDIN (FORMAT binary)"};
constexpr const char* kReceiptColumns =
    "u.id, u.company, " RECOND_SQL_UTC("u.received_at") ", " RECOND_SQL_UTC("u.finished_at") ", u.source, u.connection_id,"
    " u.pull_id, u.file_name, u.size_bytes, u.sha256, u.format, u.profile, u.outcome, u.problem_type,"
    " u.problem_detail, u.problem_location, u.file_id,"
    // The bytes are there: a stored file's for ever, a refused one's until purged (an empty
    // refused file keeps no row and has nothing to give but nothing).
    " (u.file_id IS NOT NULL OR u.failure_id IS NOT NULL OR (u.outcome = 'refused' AND u.size_bytes = 0)),"
    " " RECOND_SQL_UTC("u.content_purged_at") ","
    " (SELECT coalesce(array_agg(s.id ORDER BY s.position_in_file), '{}')::text FROM statements s"
    "  WHERE s.file_id = u.file_id)";

const std::string kListText = std::string("SELECT ") + kReceiptColumns +
    " FROM uploads u WHERE u.company = $1 AND u.id > $2::bigint"
    " AND ($4::text IS NULL OR u.outcome = $4) AND ($5::text IS NULL OR u.source = $5)"
    " AND ($6::bigint IS NULL OR u.connection_id = $6::bigint) AND ($7::text IS NULL OR u.sha256 = $7)"
    " AND ($8::date IS NULL OR (u.received_at AT TIME ZONE 'UTC')::date >= $8::date)"
    " AND ($9::date IS NULL OR (u.received_at AT TIME ZONE 'UTC')::date <= $9::date)"
    " ORDER BY u.id LIMIT $3::int";
const Sql kList{"list_uploads", kListText.c_str()};
const std::string kGetText = std::string("SELECT ") + kReceiptColumns +
    " FROM uploads u WHERE u.company = $1 AND u.id = $2::bigint";
const Sql kGet{"get_upload", kGetText.c_str()};

constexpr Sql kStoredContent{"stored_file_content", "SELECT content FROM raw_files WHERE id = $1::bigint"};
constexpr Sql kRefusedContent{"refused_file_content",
                              "SELECT f.content FROM uploads u JOIN upload_failures f ON f.id = u.failure_id"
                              " WHERE u.id = $1::bigint"};

// The receipts are updated in the same statement that deletes the bytes: the foreign key
// from uploads.failure_id is checked at the statement's end, when no receipt points there.
// The age is checked again on the row deleted: bytes renewed meanwhile by a refusal of the
// same file (which waits for, or makes this wait on, the row's lock) stay.
constexpr Sql kPurge{
    "purge_refused_upload_content",
    "WITH gone AS (DELETE FROM upload_failures WHERE id IN"
    "   (SELECT id FROM upload_failures WHERE last_received_at < now() - make_interval(days => $1::int)"
    "    ORDER BY last_received_at LIMIT $2::int)"
    "  AND last_received_at < now() - make_interval(days => $1::int) RETURNING id),"
    " marked AS (UPDATE uploads SET failure_id = NULL, content_purged_at = now()"
    "   WHERE failure_id IN (SELECT id FROM gone) RETURNING 1)"
    " SELECT (SELECT count(*) FROM gone), (SELECT count(*) FROM marked)"};

UploadReceipt ReadReceipt(const PgResult& r, int row) {
  UploadReceipt u;
  std::string source, outcome;
  std::optional<std::string> problem_type, problem_detail, problem_location;
  ReadColumns(r, row, 0, u.id, u.company, u.received_at, u.finished_at, source, u.origin.connection_id,
              u.origin.pull_id, u.origin.file_name, u.size_bytes, u.sha256, u.format, u.profile, outcome,
              problem_type, problem_detail, problem_location, u.file_id, u.content_kept, u.content_purged_at,
              u.statement_ids);
  u.origin.source = UploadSourceNamed(source).value_or(UploadSource::kUnrecorded);
  u.outcome = UploadOutcomeNamed(outcome).value_or(UploadOutcome::kPending);
  if (problem_type) u.problem = UploadProblem{*problem_type, problem_detail.value_or(""), problem_location};
  return u;
}

std::vector<Param> ReceiptParams(const NewReceipt& n) {
  return {n.company,
          std::string(UploadSourceName(n.origin.source)),
          OptInt(n.origin.connection_id),
          OptInt(n.origin.pull_id),
          n.origin.file_name,
          std::to_string(n.size_bytes),
          n.sha256};
}

Param LocationOf(const Error& e) { return e.location.empty() ? Param() : Param(e.location); }

// The id of the kept bytes: renewed when the same bytes were refused before, else a new row.
Result<int64_t> KeepRefusedBytes(PgConnection& c, const std::string& company, const std::string& sha256,
                                 std::string_view bytes, const Error& problem) {
  auto renewed = c.Exec(kRenewFailure, {company, sha256});
  if (!renewed) return renewed.take_error();
  if (renewed->rows() > 0) return renewed->int64(0, 0);
  auto next = c.Exec(kNextFailureId);
  if (!next) return next.take_error();
  const int64_t id = next->int64(0, 0);
  const std::string type(ErrorCodeName(problem.code));
  if (Status s = CopyOneRow(c, kCopyFailure,
                            {CopyField::Int64(id), CopyField::Bytes(company), CopyField::Bytes(sha256),
                             CopyField::Int64(static_cast<int64_t>(bytes.size())), CopyField::Bytes(bytes),
                             CopyField::Bytes(type), CopyField::Bytes(problem.message),
                             problem.location.empty() ? CopyField::Null() : CopyField::Bytes(problem.location)});
      !s) {
    return s.error();
  }
  return id;
}

}  // namespace

std::string_view UploadSourceName(UploadSource source) {
  for (const SourceName& s : kSourceNames) {
    if (s.source == source) return s.name;
  }
  return "unrecorded";
}

std::string_view UploadOutcomeName(UploadOutcome outcome) {
  for (const OutcomeName& o : kOutcomeNames) {
    if (o.outcome == outcome) return o.name;
  }
  return "pending";
}

std::optional<UploadSource> UploadSourceNamed(std::string_view name) {
  for (const SourceName& s : kSourceNames) {
    if (s.name == name) return s.source;
  }
  return std::nullopt;
}

std::optional<UploadOutcome> UploadOutcomeNamed(std::string_view name) {
  for (const OutcomeName& o : kOutcomeNames) {
    if (o.name == name) return o.outcome;
  }
  return std::nullopt;
}

Result<int64_t> UploadStore::Open(const NewReceipt& receipt) {
  auto conn = pool_.Acquire();
  if (!conn) return conn.take_error();
  std::vector<Param> params = ReceiptParams(receipt);
  params.push_back(receipt.format);
  params.push_back(receipt.profile);
  auto r = (*conn)->Exec(kOpen, params);
  if (!r) return r.take_error();
  return r->int64(0, 0);
}

Result<std::optional<int64_t>> UploadStore::RecordDuplicate(const NewReceipt& receipt) {
  auto conn = pool_.Acquire();
  if (!conn) return conn.take_error();
  std::vector<Param> params = ReceiptParams(receipt);
  params.push_back(receipt.profile);
  auto r = (*conn)->Exec(kRecordDuplicate, params);
  if (!r) return r.take_error();
  if (r->rows() == 0) return std::optional<int64_t>();
  return std::optional<int64_t>(r->int64(0, 0));
}

Result<int64_t> UploadStore::Refuse(const ReceiptSlot& slot, std::string_view bytes,
                                    const std::optional<std::string>& format, const Error& problem) {
  auto conn = pool_.Acquire();
  if (!conn) return conn.take_error();
  PgConnection& c = **conn;
  Transaction tx(c);
  if (!tx.begin_status()) return tx.begin_status().error();
  Settlement settlement{UploadOutcome::kRefused, std::nullopt, format, problem, std::nullopt};
  if (!bytes.empty()) {
    auto kept = KeepRefusedBytes(c, slot.receipt.company, slot.receipt.sha256, bytes, problem);
    if (!kept) return kept.take_error();
    settlement.failure_id = *kept;
  }
  auto id = SettleReceipt(c, slot, settlement);
  if (!id) return id.take_error();
  if (Status s = tx.Commit(); !s) return s.error();
  return *id;
}

Result<int64_t> UploadStore::Fail(const ReceiptSlot& slot, const Error& problem) {
  auto conn = pool_.Acquire();
  if (!conn) return conn.take_error();
  return SettleReceipt(**conn, slot, Settlement{UploadOutcome::kFailed, std::nullopt, std::nullopt, problem, std::nullopt});
}

Result<std::vector<UploadReceipt>> UploadStore::List(const UploadFilter& f) {
  return QueryRows(pool_, kList,
                   {f.company, std::to_string(f.after_id), std::to_string(f.limit),
                    f.outcome ? Param(std::string(UploadOutcomeName(*f.outcome))) : Param(),
                    f.source ? Param(std::string(UploadSourceName(*f.source))) : Param(), OptInt(f.connection_id),
                    f.sha256, OptDate(f.date_from), OptDate(f.date_to)},
                   ReadReceipt);
}

Result<std::optional<UploadReceipt>> UploadStore::Get(const std::string& company, int64_t id) {
  return QueryFirst(pool_, kGet, {company, std::to_string(id)}, ReadReceipt);
}

Result<std::optional<std::string>> UploadStore::Content(const UploadReceipt& receipt) {
  if (!receipt.content_kept) return std::optional<std::string>();
  if (!receipt.file_id && receipt.size_bytes == 0) return std::optional<std::string>(std::string());
  auto conn = pool_.Acquire();
  if (!conn) return conn.take_error();
  auto r = receipt.file_id ? (*conn)->ExecBinaryResult(kStoredContent, {std::to_string(*receipt.file_id)})
                           : (*conn)->ExecBinaryResult(kRefusedContent, {std::to_string(receipt.id)});
  if (!r) return r.take_error();
  if (r->rows() == 0) return std::optional<std::string>();
  return std::optional<std::string>(std::string(r->text(0, 0)));
}

Result<int64_t> UploadStore::PurgeRefusedContent(int retention_days, int files_max) {
  auto conn = pool_.Acquire();
  if (!conn) return conn.take_error();
  auto r = (*conn)->Exec(kPurge, {std::to_string(retention_days), std::to_string(files_max)});
  if (!r) return r.take_error();
  return r->int64(0, 0);
}

Result<int64_t> SettleReceipt(PgConnection& conn, const ReceiptSlot& slot, const Settlement& settlement) {
  const Error* problem = settlement.problem ? &*settlement.problem : nullptr;
  const Param type = problem ? Param(std::string(ErrorCodeName(problem->code))) : Param();
  const Param detail = problem ? Param(problem->message) : Param();
  const Param location = problem ? LocationOf(*problem) : Param();
  const std::string outcome(UploadOutcomeName(settlement.outcome));
  if (slot.pending_id) {
    auto r = conn.Exec(kCompletePending, {std::to_string(*slot.pending_id), outcome, OptInt(settlement.file_id),
                                          settlement.format, type, detail, location, OptInt(settlement.failure_id)});
    if (!r) return r.take_error();
    if (r->rows() == 0) {
      return MakeError(ErrorCode::kConflict, "the receipt up_" + std::to_string(*slot.pending_id) +
                                                 " was settled already (or is gone)");
    }
    return *slot.pending_id;
  }
  std::vector<Param> params = ReceiptParams(slot.receipt);
  const Param format = settlement.format ? settlement.format : slot.receipt.format;
  for (Param p : {slot.receipt.profile, Param(outcome), OptInt(settlement.file_id), format, type, detail, location,
                  OptInt(settlement.failure_id)}) {
    params.push_back(std::move(p));
  }
  auto r = conn.Exec(kInsertSettled, params);
  if (!r) return r.take_error();
  return r->int64(0, 0);
}

}  // namespace recon::storage
