#include "storage/statement_new_lines.hpp"

#include <future>
#include <map>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "matching/evidence/counterparty.hpp"
#include "recon/digest.hpp"
#include "storage/statement_store.hpp"
#include "util/bounded_queue.hpp"
#include "util/phase_clock.hpp"

namespace recon::storage {

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

namespace {

struct LineIdentityHash {
  size_t operator()(const LineIdentity& id) const {
    return std::hash<std::string>()(id.fingerprint) ^ static_cast<size_t>(id.occurrence);
  }
};

}  // namespace

FileLineIdentities IdentitiesOf(const ParsedFile& parsed) {
  FileLineIdentities out(parsed.statements.size());
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

namespace {

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

// Bookings of one account are stored one upload at a time: the check for lines already
// stored and the COPY of the new ones then see the same table. Uploads of other accounts
// go on in parallel. (The lock is the transaction's; the unique index stays the guard.)
constexpr int32_t kAccountLinesLockClass = 1936487789;  // "stlm"

// Takes the per-account locks, in a fixed order so that two uploads never wait on each other
// in a circle.
Status LockAccounts(PgConnection& conn, const std::string& company, const std::map<std::string, Date>& accounts) {
  for (const auto& [account, latest] : accounts) {
    if (Status s = LockCompanyKey(conn, kAccountLinesLockClass, company, account); !s) return s;
  }
  return Status::Ok();
}

// The latest booking date stored per account (migration 0013), kept by RaiseHorizons.
constexpr Sql kBookingHorizons{"booking_horizons",
                               "SELECT account, last_booking_date::text FROM booking_horizons"
                               " WHERE company = $1 AND account = ANY($2::text[])"};

// The horizon of each of the file's accounts that has one.
Result<std::map<std::string, Date>> Horizons(PgConnection& conn, const std::string& company,
                                             const std::map<std::string, Date>& accounts) {
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
  return horizon;
}

// Which of the file's line identities are stored already (an overlapping statement).
constexpr Sql kStoredIdentities{
    "stored_line_identities",
    "SELECT l.fingerprint, l.occurrence FROM statement_lines l"
    " WHERE l.company = $1 AND l.fingerprint = ANY($2::text[])"};

// The identities among the file's lines that the company has stored already. Only lines
// booked on or before their account's horizon can be; the others are not looked up.
Result<std::unordered_set<LineIdentity, LineIdentityHash>> StoredIdentities(
    PgConnection& conn, const std::string& company, const ParsedFile& parsed,
    const std::map<std::string, Date>& accounts, const FileLineIdentities& identities) {
  std::unordered_set<LineIdentity, LineIdentityHash> stored;
  auto horizon = Horizons(conn, company, accounts);
  if (!horizon) return horizon.take_error();
  std::vector<std::string> fingerprints;
  for (size_t si = 0; si < parsed.statements.size(); ++si) {
    const auto& lines = parsed.statements[si].lines;
    for (size_t li = 0; li < lines.size(); ++li) {
      auto h = horizon->find(lines[li].account);
      if (h != horizon->end() && !(h->second < lines[li].booking_date)) {
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

constexpr Sql kRaiseHorizons{
    "raise_booking_horizons",
    "INSERT INTO booking_horizons AS h (company, account, last_booking_date)"
    " SELECT $1, a, d FROM unnest($2::text[], $3::date[]) AS t(a, d)"
    " ON CONFLICT (company, account) DO UPDATE SET"
    "  last_booking_date = GREATEST(h.last_booking_date, EXCLUDED.last_booking_date)"};

// Moves each account's horizon up to the file's latest booking date.
Status RaiseHorizons(PgConnection& conn, const std::string& company, const std::map<std::string, Date>& accounts) {
  if (accounts.empty()) return Status::Ok();
  std::vector<std::string> names, dates;
  for (const auto& [account, latest] : accounts) names.push_back(account), dates.push_back(latest.ToIso());
  if (auto r = conn.Exec(kRaiseHorizons, {company, TextArray(names), TextArray(dates)}); !r) return r.take_error();
  return Status::Ok();
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

constexpr Sql kCopyLines{
    "copy_lines",
    "COPY statement_lines (company, statement_id, account, booking_date, value_date, amount, currency,"
    " counterparty_name, counterparty_account, counterparty_bic, structured_reference, remittance_info,"
    " end_to_end_id, bank_reference, bank_transaction_code, fingerprint, occurrence, counterparty_account_key,"
    " counterparty_name_key, original_amount, original_currency, exchange_rate, charges_amount, charges_currency,"
    " check_number, customer_reference, mandate_id, ultimate_debtor, ultimate_creditor) FROM STDIN"};

// COPYs the lines whose identity is not stored yet straight into statement_lines; answers
// how many lines of each statement went in. A booking that an earlier statement of the same
// file carried is skipped like one stored before. (Within one statement identities are
// unique by their occurrence: a file of one statement only looks its lines up and does not
// build a set of all of them.) A second thread formats the rows into 1 MiB chunks while this
// one sends them: formatted here between sends (0.2 s per 100,000 lines), PostgreSQL waited
// for each next chunk.
Result<std::vector<int>> CopyNewLines(PgConnection& conn, const std::string& company, const ParsedFile& parsed,
                                      const std::vector<int64_t>& statement_ids,
                                      const FileLineIdentities& identities,
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

Result<NewLinesStored> StoreNewLines(PgConnection& conn, const std::string& company, const ParsedFile& parsed,
                                     const std::vector<int64_t>& statement_ids,
                                     std::future<FileLineIdentities>& identities_ahead) {
  util::PhaseClock clock;
  NewLinesStored out;
  const auto accounts = AccountsOf(parsed);
  if (Status s = LockAccounts(conn, company, accounts); !s) return s.error();
  const FileLineIdentities identities = identities_ahead.get();
  auto already = StoredIdentities(conn, company, parsed, accounts, identities);
  if (!already) return already.take_error();
  out.known = already->size();
  out.lookup_ms = clock.Lap();
  auto stored = CopyNewLines(conn, company, parsed, statement_ids, identities, std::move(*already));
  if (!stored) return stored.take_error();
  if (Status s = RaiseHorizons(conn, company, accounts); !s) return s.error();
  out.per_statement = std::move(*stored);
  out.copy_ms = clock.Lap();
  return out;
}

}  // namespace recon::storage
