#include "storage/statement_store.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <future>
#include <map>
#include <utility>
#include <unordered_map>
#include <unordered_set>

#include "matching/evidence/counterparty.hpp"
#include "recon/digest.hpp"
#include "storage/copy_binary.hpp"
#include "storage/row_mapping.hpp"
#include "storage/upload_store.hpp"
#include "util/bounded_queue.hpp"
#include "util/phase_clock.hpp"

namespace recon::storage {
namespace {

constexpr const char* kStatementColumns =
    "id, company, format, coalesce(bank_statement_id, ''), account, currency, opening_balance, closing_balance,"
    " opening_date::text, closing_date::text, warnings::text, status, line_count, duplicates_skipped,"
    " to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"
    // Lines per status, through the (statement_id, id) index.
    " (SELECT coalesce(json_object_agg(c.status, c.n), '{}')::text FROM"
    "   (SELECT l.status, count(*) AS n FROM statement_lines l WHERE l.statement_id = statements.id"
    "    GROUP BY l.status) c),"
    " available_balance, available_date::text";

const std::string kSelectStatements = std::string("SELECT ") + kStatementColumns + " FROM statements";

const std::string kFindFileText = kSelectStatements +
    " WHERE file_id = (SELECT id FROM raw_files WHERE company = $1 AND sha256 = $2) ORDER BY position_in_file";
const Sql kFindFile{"find_file", kFindFileText.c_str()};

// The upload's transaction-scoped advisory locks: a class of lock, and a company with a key
// within it (a file's sha256, an account).
constexpr Sql kLockCompanyKey{"lock_company_key",
                              "SELECT pg_advisory_xact_lock($1::int, hashtext($2 || chr(31) || $3))"};

Status LockCompanyKey(PgConnection& conn, int32_t lock_class, const std::string& company, const std::string& key) {
  if (auto r = conn.Exec(kLockCompanyKey, {std::to_string(lock_class), company, key}); !r) return r.take_error();
  return Status::Ok();
}

// One upload of a given file at a time per company: the second waits, then finds the file.
constexpr int32_t kFileLockClass = 1919317350;  // "rawf"
constexpr Sql kFileExists{"file_exists", "SELECT id, format FROM raw_files WHERE company = $1 AND sha256 = $2"};
constexpr Sql kNextFileId{"next_file_id", "SELECT nextval('raw_files_id_seq')"};
// The file's bytes are streamed from the request buffer by binary COPY (copy_binary.hpp).
constexpr Sql kCopyFile{"copy_file",
                        "COPY raw_files (id, company, sha256, size_bytes, content, format) FROM STDIN (FORMAT binary)"};

constexpr Sql kInsertStatement{
    "insert_statement",
    "INSERT INTO statements (company, file_id, position_in_file, bank_statement_id, format, account, currency,"
    " opening_balance, closing_balance, opening_date, closing_date, warnings, line_count, available_balance,"
    " available_date, texts_pending)"
    " VALUES ($1, $2::bigint, $3::int, $4, $5, $6, $7, $8::bigint, $9::bigint, $10::date, $11::date, $12::jsonb, 0,"
    " $13::bigint, $14::date, true)"
    " RETURNING id"};

// Bookings of one account are stored one upload at a time: the check for lines already
// stored and the COPY of the new ones then see the same table. Uploads of other accounts
// go on in parallel. (The lock is the transaction's; the unique index stays the guard.)
constexpr int32_t kAccountLinesLockClass = 1936487789;  // "stlm"

// The latest booking date stored per account of the file (migration 0013), and its upkeep.
constexpr Sql kBookingHorizons{"booking_horizons",
                               "SELECT account, last_booking_date::text FROM booking_horizons"
                               " WHERE company = $1 AND account = ANY($2::text[])"};
constexpr Sql kRaiseHorizons{
    "raise_booking_horizons",
    "INSERT INTO booking_horizons AS h (company, account, last_booking_date)"
    " SELECT $1, a, d FROM unnest($2::text[], $3::date[]) AS t(a, d)"
    " ON CONFLICT (company, account) DO UPDATE SET"
    "  last_booking_date = GREATEST(h.last_booking_date, EXCLUDED.last_booking_date)"};

// Which of the file's line identities are stored already (an overlapping statement).
constexpr Sql kStoredIdentities{
    "stored_line_identities",
    "SELECT l.fingerprint, l.occurrence FROM statement_lines l"
    " WHERE l.company = $1 AND l.fingerprint = ANY($2::text[])"};

constexpr Sql kCopyLines{
    "copy_lines",
    "COPY statement_lines (company, statement_id, account, booking_date, value_date, amount, currency,"
    " counterparty_name, counterparty_account, counterparty_bic, structured_reference, remittance_info,"
    " end_to_end_id, bank_reference, bank_transaction_code, fingerprint, occurrence, counterparty_account_key,"
    " counterparty_name_key, original_amount, original_currency, exchange_rate, charges_amount, charges_currency,"
    " check_number, customer_reference, mandate_id, ultimate_debtor, ultimate_creditor) FROM STDIN"};

constexpr Sql kSetCounts{"set_statement_counts",
                         "UPDATE statements SET line_count = $2::int, duplicates_skipped = $3::int WHERE id = $1::bigint"};

// A statement is in a date range when its period (opening to closing date, either one
// standing in for a missing other) touches it.
const std::string kListStatementsText =
    kSelectStatements + " WHERE company = $1 AND id > $2::bigint"
    " AND ($4::text IS NULL OR status = $4) AND ($5::text IS NULL OR account = $5)"
    " AND ($6::date IS NULL OR coalesce(closing_date, opening_date) >= $6::date)"
    " AND ($7::date IS NULL OR coalesce(opening_date, closing_date) <= $7::date)"
    " ORDER BY id LIMIT $3::int";
const Sql kListStatements{"list_statements", kListStatementsText.c_str()};
const std::string kGetStatementText = kSelectStatements + " WHERE company = $1 AND id = $2::bigint";
const Sql kGetStatement{"get_statement", kGetStatementText.c_str()};

StoredStatement ReadStatement(const PgResult& r, int row) {
  StoredStatement s;
  s.id = r.int64(row, 0);
  s.company = r.text(row, 1);
  s.format = r.text(row, 2);
  s.bank_statement_id = r.text(row, 3);
  s.account = r.text(row, 4);
  s.currency = r.text(row, 5);
  if (!r.is_null(row, 6)) s.opening_balance = r.int64(row, 6);
  if (!r.is_null(row, 7)) s.closing_balance = r.int64(row, 7);
  s.opening_date = r.opt_text(row, 8);
  s.closing_date = r.opt_text(row, 9);
  s.warnings_json = r.text(row, 10);
  s.status = r.text(row, 11);
  s.line_count = static_cast<int>(r.int64(row, 12));
  s.duplicates_skipped = static_cast<int>(r.int64(row, 13));
  s.created_at = r.text(row, 14);
  s.line_counts_json = r.text(row, 15);
  if (!r.is_null(row, 16)) s.available_balance = r.int64(row, 16);
  s.available_date = r.opt_text(row, 17);
  return s;
}

std::vector<StoredStatement> ReadStatements(const PgResult& r) {
  std::vector<StoredStatement> out;
  out.reserve(r.rows());
  for (int i = 0; i < r.rows(); ++i) out.push_back(ReadStatement(r, i));
  return out;
}

void AppendOptional(std::string& row, const std::optional<std::string>& value) {
  row += '\t';
  if (value) AppendCopyField(row, *value);
  else AppendCopyNull(row);
}

void AppendOptionalMoney(std::string& row, const std::optional<Money>& amount) {
  row += '\t';
  if (amount) row += std::to_string(amount->minor);
  else AppendCopyNull(row);
}

// The columns of migration 0006, in kCopyLines order after counterparty_name_key.
void AppendLineDetails(std::string& out, const LineDetails& line) {
  AppendOptionalMoney(out, line.original_amount);
  AppendOptional(out, line.original_currency);
  AppendOptional(out, line.exchange_rate);
  AppendOptionalMoney(out, line.charges);
  out += '\t';
  if (line.charges) out += line.charges->currency.code();
  else AppendCopyNull(out);
  AppendOptional(out, line.check_number);
  AppendOptional(out, line.customer_reference);
  AppendOptional(out, line.mandate_id);
  AppendOptional(out, line.ultimate_debtor);
  AppendOptional(out, line.ultimate_creditor);
}

// One COPY text row for a line.
void AppendLineRow(std::string& out, const std::string& company, int64_t statement_id, const StatementLine& line,
                   const std::string& fingerprint, int occurrence) {
  AppendCopyField(out, company);
  out += '\t' + std::to_string(statement_id) + '\t';
  AppendCopyField(out, line.account);
  out += '\t' + line.booking_date.ToIso() + '\t';
  if (line.value_date) out += line.value_date->ToIso();
  else AppendCopyNull(out);
  out += '\t' + std::to_string(line.amount.minor) + '\t';
  out += line.amount.currency.code();
  AppendOptional(out, line.counterparty_name);
  AppendOptional(out, line.counterparty_account);
  AppendOptional(out, line.counterparty_bic);
  AppendOptional(out, line.structured_reference);
  AppendOptional(out, line.remittance_info);
  AppendOptional(out, line.end_to_end_id);
  AppendOptional(out, line.bank_reference);
  AppendOptional(out, line.bank_transaction_code);
  out += '\t' + fingerprint + '\t' + std::to_string(occurrence) + '\t';
  // The one time a line's payer keys are computed: the matcher and the payer history read them back.
  const PayerKeys payer = matching::PayerKeysOf(line);
  AppendCopyField(out, payer.account);
  out += '\t';
  AppendCopyField(out, payer.name);
  AppendLineDetails(out, line.details.Get());
  out += '\n';
}


// A line's identity across statements (LineFingerprint) and its occurrence: two genuinely
// identical payments within one statement are occurrences 1 and 2 of one fingerprint.
struct LineIdentity {
  std::string fingerprint;
  int occurrence = 1;
  bool operator==(const LineIdentity&) const = default;
};

struct LineIdentityHash {
  size_t operator()(const LineIdentity& id) const {
    return std::hash<std::string>()(id.fingerprint) ^ static_cast<size_t>(id.occurrence);
  }
};

// The identity of every line, statement by statement, in the file's order.
std::vector<std::vector<LineIdentity>> IdentitiesOf(const ParsedFile& parsed) {
  std::vector<std::vector<LineIdentity>> out(parsed.statements.size());
  for (size_t si = 0; si < parsed.statements.size(); ++si) {
    std::unordered_map<std::string, int> occurrences;
    out[si].reserve(parsed.statements[si].lines.size());
    for (const StatementLine& line : parsed.statements[si].lines) {
      std::string fingerprint = LineFingerprint(line);
      const int occurrence = ++occurrences[fingerprint];
      out[si].push_back({std::move(fingerprint), occurrence});
    }
  }
  return out;
}

// The accounts of the file's lines with the latest booking date of each, in a fixed order.
std::map<std::string, Date> AccountsOf(const ParsedFile& parsed) {
  std::map<std::string, Date> accounts;
  for (const Statement& s : parsed.statements) {
    for (const StatementLine& line : s.lines) {
      auto [it, fresh] = accounts.emplace(line.account, line.booking_date);
      if (!fresh && it->second < line.booking_date) it->second = line.booking_date;
    }
  }
  return accounts;
}

// Takes the per-account locks, in a fixed order so that two uploads never wait on each other
// in a circle.
Status LockAccounts(PgConnection& conn, const std::string& company, const std::map<std::string, Date>& accounts) {
  for (const auto& [account, latest] : accounts) {
    if (Status s = LockCompanyKey(conn, kAccountLinesLockClass, company, account); !s) return s;
  }
  return Status::Ok();
}

// The identities among the file's lines that the company has stored already. Only lines
// booked on or before their account's horizon can be; the others are not looked up.
Result<std::unordered_set<LineIdentity, LineIdentityHash>> StoredIdentities(
    PgConnection& conn, const std::string& company, const ParsedFile& parsed,
    const std::map<std::string, Date>& accounts, const std::vector<std::vector<LineIdentity>>& identities) {
  std::unordered_set<LineIdentity, LineIdentityHash> stored;
  std::vector<std::string> names;
  for (const auto& [account, latest] : accounts) names.push_back(account);
  auto horizons = conn.Exec(kBookingHorizons, {company, TextArray(names)});
  if (!horizons) return horizons.take_error();
  std::map<std::string, Date> horizon;
  for (int i = 0; i < horizons->rows(); ++i) {
    auto date = Date::ParseIso(horizons->text(i, 1));
    if (!date) return MakeError(ErrorCode::kInternal, "a stored booking horizon is not a date");
    horizon.emplace(std::string(horizons->text(i, 0)), *date);
  }
  std::vector<std::string> fingerprints;
  for (size_t si = 0; si < parsed.statements.size(); ++si) {
    const auto& lines = parsed.statements[si].lines;
    for (size_t li = 0; li < lines.size(); ++li) {
      auto h = horizon.find(lines[li].account);
      if (h != horizon.end() && !(h->second < lines[li].booking_date)) {
        fingerprints.push_back(identities[si][li].fingerprint);
      }
    }
  }
  if (fingerprints.empty()) return stored;
  auto r = conn.Exec(kStoredIdentities, {company, TextArray(fingerprints)});
  if (!r) return r.take_error();
  for (int i = 0; i < r->rows(); ++i) {
    stored.insert({std::string(r->text(i, 0)), static_cast<int>(r->int64(i, 1))});
  }
  return stored;
}

// Moves each account's horizon up to the file's latest booking date.
Status RaiseHorizons(PgConnection& conn, const std::string& company, const std::map<std::string, Date>& accounts) {
  if (accounts.empty()) return Status::Ok();
  std::vector<std::string> names, dates;
  for (const auto& [account, latest] : accounts) names.push_back(account), dates.push_back(latest.ToIso());
  if (auto r = conn.Exec(kRaiseHorizons, {company, TextArray(names), TextArray(dates)}); !r) return r.take_error();
  return Status::Ok();
}

// COPYs the lines whose identity is not stored yet straight into statement_lines; answers
// how many lines of each statement went in. A booking that an earlier statement of the same
// file carried is skipped like one stored before. (Within one statement identities are
// unique by their occurrence: a file of one statement only looks its lines up and does not
// build a set of all of them.) A second thread formats the rows into 1 MiB chunks while this
// one sends them: formatted here between sends (0.2 s per 100,000 lines), PostgreSQL waited
// for each next chunk.
Result<std::vector<int>> CopyNewLines(PgConnection& conn, const std::string& company, const ParsedFile& parsed,
                                      const std::vector<int64_t>& statement_ids,
                                      const std::vector<std::vector<LineIdentity>>& identities,
                                      std::unordered_set<LineIdentity, LineIdentityHash> taken) {
  constexpr size_t kCopyChunkBytes = size_t{1} << 20;
  constexpr size_t kChunksAhead = 4;
  if (Status s = conn.CopyBegin(kCopyLines); !s) return s.error();
  std::vector<int> stored(parsed.statements.size(), 0);
  util::BoundedQueue<std::string> queue(kChunksAhead);
  auto formatter = std::async(std::launch::async, [&] {
    // Closed on every way out, a throw included (get() below passes that on): the sender
    // must not wait for chunks that will never come.
    struct CloseWhenDone {
      util::BoundedQueue<std::string>& queue;
      ~CloseWhenDone() { queue.Close(); }
    } close_when_done{queue};
    const bool several_statements = parsed.statements.size() > 1;
    std::string buffer;
    buffer.reserve(kCopyChunkBytes + 4096);
    for (size_t si = 0; si < parsed.statements.size(); ++si) {
      const auto& lines = parsed.statements[si].lines;
      for (size_t li = 0; li < lines.size(); ++li) {
        const LineIdentity& id = identities[si][li];
        if (several_statements ? !taken.insert(id).second : taken.contains(id)) continue;
        AppendLineRow(buffer, company, statement_ids[si], lines[li], id.fingerprint, id.occurrence);
        ++stored[si];
        if (buffer.size() >= kCopyChunkBytes) {
// GCC 12 at -O3 takes the full buffer for a string in its 32-byte short form when it is
// moved or swapped and warns of a copy beyond it (a known false positive of its -Warray-bounds
// with std::string); the buffer holds a megabyte on the heap here.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Warray-bounds"
          if (!queue.Push(std::exchange(buffer, std::string()))) return;
#pragma GCC diagnostic pop
          buffer.reserve(kCopyChunkBytes + 4096);
        }
      }
    }
    if (!buffer.empty()) queue.Push(std::move(buffer));
  });
  Status sent = Status::Ok();
  while (auto chunk = queue.Pop()) {
    sent = conn.CopyPut(*chunk);
    if (!sent) {
      queue.Abandon();
      break;
    }
  }
  formatter.get();
  if (!sent) return sent.error();
  if (Status s = conn.CopyEnd(); !s) return s.error();
  return stored;
}

}  // namespace

std::string LineFingerprint(const StatementLine& line) {
  std::string key;
  key.reserve(128);
  key += line.account;
  key += '|' + line.booking_date.ToIso() + '|' + std::to_string(line.amount.minor) + '|';
  key += line.amount.currency.code();
  key += '|';
  key += line.bank_reference.value_or("");
  key += '|';
  key += line.end_to_end_id.value_or("");
  return Sha256Hex(key).substr(0, 32);
}

Result<std::optional<IngestOutcome>> StatementStore::FindFile(const std::string& company, const std::string& sha256) {
  auto conn = pool_.Acquire();
  if (!conn) return conn.take_error();
  auto r = (*conn)->Exec(kFindFile, {company, sha256});
  if (!r) return r.take_error();
  if (r->rows() == 0) return std::optional<IngestOutcome>();
  return std::optional<IngestOutcome>(IngestOutcome{false, ReadStatements(*r), 0});
}

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
  auto exists = c.Exec(kFileExists, {company, sha256});
  if (!exists) return exists.take_error();
  if (exists->rows() > 0) {
    // The same file was stored meanwhile (a concurrent upload); answer with its statements.
    auto upload = SettleReceipt(
        c, receipt, Settlement{UploadOutcome::kDuplicate, exists->int64(0, 0), std::string(exists->text(0, 1)), {}, {}});
    if (!upload) return upload.take_error();
    auto existing = c.Exec(kFindFile, {company, sha256});
    if (!existing) return existing.take_error();
    if (Status s = tx.Commit(); !s) return s.error();
    return IngestOutcome{false, ReadStatements(*existing), *upload};
  }
  // The lines' identities (a SHA-256 each: 0.3 s at 100,000 lines, 3 s at a million) are
  // worked out on a second thread while PostgreSQL stores the file and its statements; only
  // for a file that is new. The future waits for that thread on every way out.
  std::future<std::vector<std::vector<LineIdentity>>> identities_ahead =
      std::async(std::launch::async, [&parsed] { return IdentitiesOf(parsed); });
  auto next_id = c.Exec(kNextFileId);
  if (!next_id) return next_id.take_error();
  const int64_t file_number = next_id->int64(0, 0);
  if (Status s = CopyOneRow(c, kCopyFile,
                            {CopyField::Int64(file_number), CopyField::Bytes(company), CopyField::Bytes(sha256),
                             CopyField::Int64(static_cast<int64_t>(bytes.size())), CopyField::Bytes(bytes),
                             CopyField::Bytes(parsed.format)});
      !s) {
    return s.error();
  }
  auto upload = SettleReceipt(c, receipt, Settlement{UploadOutcome::kStored, file_number, parsed.format, {}, {}});
  if (!upload) return upload.take_error();
  const std::string file_id = std::to_string(file_number);

  std::vector<int64_t> statement_ids;
  for (size_t i = 0; i < parsed.statements.size(); ++i) {
    const Statement& s = parsed.statements[i];
    const std::string warnings = nlohmann::json(s.warnings).dump();
    auto r = c.Exec(kInsertStatement,
                    {company, file_id, std::to_string(i + 1), s.statement_id, parsed.format, s.account, s.currency,
                     OptInt(s.opening_balance), OptInt(s.closing_balance), OptDate(s.opening_date),
                     OptDate(s.closing_date), warnings, OptInt(s.available_balance), OptDate(s.available_date)});
    if (!r) return r.take_error();
    statement_ids.push_back(r->int64(0, 0));
  }

  const int64_t file_ms = clock.Lap();
  const auto accounts = AccountsOf(parsed);
  if (Status s = LockAccounts(c, company, accounts); !s) return s.error();
  const auto identities = identities_ahead.get();
  auto already = StoredIdentities(c, company, parsed, accounts, identities);
  if (!already) return already.take_error();
  const size_t known = already->size();
  const int64_t lookup_ms = clock.Lap();
  auto stored = CopyNewLines(c, company, parsed, statement_ids, identities, std::move(*already));
  if (!stored) return stored.take_error();
  if (Status s = RaiseHorizons(c, company, accounts); !s) return s.error();
  const int64_t copy_ms = clock.Lap();
  for (size_t i = 0; i < statement_ids.size(); ++i) {
    const int count = (*stored)[i];
    const int skipped = static_cast<int>(parsed.statements[i].lines.size()) - count;
    if (auto r = c.Exec(kSetCounts, {std::to_string(statement_ids[i]), std::to_string(count), std::to_string(skipped)});
        !r) {
      return r.take_error();
    }
  }
  auto result = c.Exec(kFindFile, {company, sha256});
  if (!result) return result.take_error();
  if (Status s = tx.Commit(); !s) return s.error();
  // Where an upload's time goes, for whoever tunes the database.
  spdlog::info("stored file {}: file and statements {} ms, lock and lookup {} ms ({} lines known), copy {} ms,"
               " commit {} ms", sha256.substr(0, 16), file_ms, lookup_ms, known, copy_ms, clock.Lap());
  return IngestOutcome{true, ReadStatements(*result), *upload};
}

Result<std::vector<StoredStatement>> StatementStore::ListStatements(const StatementFilter& f) {
  auto conn = pool_.Acquire();
  if (!conn) return conn.take_error();
  auto r = (*conn)->Exec(kListStatements, {f.company, std::to_string(f.after_id), std::to_string(f.limit), f.status,
                                           f.account, OptDate(f.date_from), OptDate(f.date_to)});
  if (!r) return r.take_error();
  return ReadStatements(*r);
}

Result<std::optional<StoredStatement>> StatementStore::GetStatement(const std::string& company, int64_t id) {
  auto conn = pool_.Acquire();
  if (!conn) return conn.take_error();
  auto r = (*conn)->Exec(kGetStatement, {company, std::to_string(id)});
  if (!r) return r.take_error();
  if (r->rows() == 0) return std::optional<StoredStatement>();
  return std::optional<StoredStatement>(ReadStatement(*r, 0));
}

}  // namespace recon::storage
