#include "storage/match_commit.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <unordered_map>

#include "recon/assert.hpp"
#include "recon/money.hpp"
#include "recon/status.hpp"
#include "storage/row_mapping.hpp"

namespace recon::storage {
namespace {

// How a batch's rows are read before it is judged.
enum class ReadMode { kPlain, kLocked };

// What is open of the batch's items and lines, and the lines' statuses.
struct BatchState {
  std::unordered_map<int64_t, int64_t> item_residual;
  std::unordered_map<int64_t, OpenItemKind> item_kind;  // for the assertion that a decision nets
  std::unordered_map<int64_t, std::pair<int64_t, std::string>> line_state;
};

// A batch's items and lines with what is open of them: read plainly by the optimistic
// commit (the guarded updates below then notice anything that changed meanwhile), or locked
// in id order by the careful one that follows when they did.
//
// Driven from the ids, one primary-key lookup each (LATERAL … OFFSET 0 keeps the planner
// from turning it back into a join): right after an upload, with statistics that still
// counted a hundred lines, "company = $1 AND id = ANY($2)" or a plain join walked all of
// the company's lines once per batch.
// The ids come sorted (ReadBatchState), so the locking variants lock in id order: two
// batches committed at once then wait for each other instead of deadlocking.
#define RECOND_BY_IDS(table, alias, columns, lock)                                            \
  "SELECT " columns " FROM unnest($2::bigint[]) AS k(id) CROSS JOIN LATERAL"                  \
  " (SELECT * FROM " table " " alias " WHERE " alias ".id = k.id OFFSET 0" lock ") " alias     \
  " WHERE " alias ".company = $1"
constexpr Sql kReadItems{"read_items_for_commit",
                         RECOND_BY_IDS("open_items", "o", "o.id, o.erp_open_amount - o.allocated_amount, o.kind", "")};
constexpr Sql kReadLines{"read_lines_for_commit",
                         RECOND_BY_IDS("statement_lines", "l", "l.id, l.amount - l.matched_amount, l.status", "")};
constexpr Sql kLockItems{"lock_items_for_commit", RECOND_BY_IDS("open_items", "o",
                                                                "o.id, o.erp_open_amount - o.allocated_amount, o.kind",
                                                                " FOR UPDATE")};
constexpr Sql kLockLines{"lock_lines_for_commit", RECOND_BY_IDS("statement_lines", "l",
                                                                "l.id, l.amount - l.matched_amount, l.status",
                                                                " FOR UPDATE")};
#undef RECOND_BY_IDS

Result<BatchState> ReadBatchState(PgConnection& c, const std::string& company,
                                  std::span<const MatchDecision> decisions, ReadMode mode) {
  std::vector<int64_t> item_ids, line_ids;
  for (const MatchDecision& d : decisions) {
    line_ids.insert(line_ids.end(), d.line_ids.begin(), d.line_ids.end());
    if (d.outcome == MatchOutcome::kApply) {
      for (const Allocation& a : d.allocations) item_ids.push_back(a.open_item_id);
    }
  }
  for (auto* ids : {&item_ids, &line_ids}) {
    std::sort(ids->begin(), ids->end());
    ids->erase(std::unique(ids->begin(), ids->end()), ids->end());
  }
  BatchState state;
  auto items = c.Exec(mode == ReadMode::kLocked ? kLockItems : kReadItems, {company, Int64Array(item_ids)});
  if (!items) return items.take_error();
  for (int i = 0; i < items->rows(); ++i) {
    state.item_residual[items->int64(i, 0)] = items->int64(i, 1);
    state.item_kind[items->int64(i, 0)] = ParseOpenItemKind(items->text(i, 2)).value_or(OpenItemKind::kLedger);
  }
  auto lines = c.Exec(mode == ReadMode::kLocked ? kLockLines : kReadLines, {company, Int64Array(line_ids)});
  if (!lines) return lines.take_error();
  for (int i = 0; i < lines->rows(); ++i) {
    state.line_state[lines->int64(i, 0)] = {lines->int64(i, 1), std::string(lines->text(i, 2))};
  }
  return state;
}

// The kinds of the allocated items, parallel to `allocations`, for Nets (ledger for an item
// the batch did not read: Judge has refused such a decision before it asks).
std::vector<OpenItemKind> KindsOf(const std::vector<Allocation>& allocations,
                                  const std::unordered_map<int64_t, OpenItemKind>& item_kind) {
  std::vector<OpenItemKind> kinds;
  kinds.reserve(allocations.size());
  for (const Allocation& a : allocations) {
    auto it = item_kind.find(a.open_item_id);
    kinds.push_back(it == item_kind.end() ? OpenItemKind::kLedger : it->second);
  }
  return kinds;
}

// Decides each decision's fate against the locked residuals, in the batch's order.
std::vector<DecisionFate> Judge(std::span<const MatchDecision> decisions,
                                std::unordered_map<int64_t, int64_t>& item_residual,
                                std::unordered_map<int64_t, std::pair<int64_t, std::string>>& line_state,
                                const std::unordered_map<int64_t, OpenItemKind>& item_kind) {
  std::vector<DecisionFate> fates;
  fates.reserve(decisions.size());
  for (const MatchDecision& d : decisions) {
    bool lines_ok = true;
    for (size_t i = 0; i < d.line_ids.size(); ++i) {
      auto it = line_state.find(d.line_ids[i]);
      // Only an unmatched line takes a new decision: a line another run proposed already
      // waits for a person, and a second set of proposals would only confuse them.
      if (it == line_state.end() || it->second.second != LineStatusName(LineStatus::kUnmatched)) {
        lines_ok = false;
      } else if (d.outcome == MatchOutcome::kApply && !FitsResidual(it->second.first, d.line_amounts[i])) {
        lines_ok = false;
      }
    }
    if (!lines_ok) {
      fates.push_back(DecisionFate::kConflict);
      continue;
    }
    if (d.outcome != MatchOutcome::kApply) {
      fates.push_back(DecisionFate::kProposed);
      continue;
    }
    const bool items_ok = std::all_of(d.allocations.begin(), d.allocations.end(), [&](const Allocation& a) {
      auto it = item_residual.find(a.open_item_id);
      return it != item_residual.end() && FitsResidual(it->second, a.amount);
    });
    if (!items_ok) {
      fates.push_back(DecisionFate::kConflict);
      continue;
    }
    RECON_ASSERT(Nets(d, KindsOf(d.allocations, item_kind)),
                 "an applied decision's allocations less its write-off are its lines");
    for (const Allocation& a : d.allocations) {
      // FitsResidual took it from the residual's side of zero and not beyond it: what stays
      // open keeps the item's sign or is zero (the guarded update and the table check it again).
      int64_t& residual = item_residual[a.open_item_id];
      const int64_t before = residual;
      residual -= a.amount;
      RECON_ASSERT(before > 0 ? residual >= 0 && residual < before : residual <= 0 && residual > before,
                   "an allocation moves an item's residual towards zero and never past it");
    }
    for (size_t i = 0; i < d.line_ids.size(); ++i) {
      int64_t& open = line_state[d.line_ids[i]].first;
      const int64_t before = open;
      open -= d.line_amounts[i];
      RECON_ASSERT(before > 0 ? open >= 0 && open < before : open <= 0 && open > before,
                   "a decision moves a line's open amount towards zero and never past it");
    }
    fates.push_back(DecisionFate::kApplied);
  }
  return fates;
}

// Column arrays for the bulk statements, filled from the surviving decisions.
struct BatchRows {
  std::vector<int64_t> match_ids;
  std::vector<std::string> statuses, rules, explanations, currencies, confidences;
  std::vector<std::optional<int64_t>> write_off_amounts;
  std::vector<std::optional<std::string>> write_off_accounts;
  std::vector<int64_t> ranks;
  std::vector<int64_t> ml_match, ml_line, ml_amount;
  std::vector<int64_t> al_match, al_item, al_amount;
  std::map<int64_t, int64_t> item_delta;
  std::map<int64_t, std::pair<int64_t, bool>> lines;  // line id -> applied amount, proposed
  LearnedPayers learned;
};

// The rows of one surviving decision, under match id `id`.
void AddRows(BatchRows& rows, int64_t id, const MatchDecision& d, bool applied, const PayerEvidence& evidence) {
  rows.match_ids.push_back(id);
  rows.statuses.emplace_back(MatchStatusName(applied ? MatchStatus::kApplied : MatchStatus::kProposed));
  rows.rules.push_back(d.rule);
  rows.confidences.push_back(ConfidenceText(d.confidence));
  rows.explanations.push_back(d.explanation);
  rows.currencies.push_back(d.currency);
  rows.write_off_amounts.push_back(d.write_off ? std::optional<int64_t>(d.write_off->amount) : std::nullopt);
  rows.write_off_accounts.push_back(d.write_off ? std::optional<std::string>(d.write_off->account) : std::nullopt);
  rows.ranks.push_back(d.rank);
  for (size_t i = 0; i < d.line_ids.size(); ++i) {
    rows.ml_match.push_back(id);
    rows.ml_line.push_back(d.line_ids[i]);
    rows.ml_amount.push_back(d.line_amounts[i]);
    auto& line = rows.lines[d.line_ids[i]];
    if (applied) line.first += d.line_amounts[i];
    else line.second = true;
  }
  for (const Allocation& a : d.allocations) {
    rows.al_match.push_back(id);
    rows.al_item.push_back(a.open_item_id);
    rows.al_amount.push_back(a.amount);
    if (applied) rows.item_delta[a.open_item_id] += a.amount;
  }
  if (applied) {
    for (const PayerIdentity& p : evidence.identities) {
      LearnedPayer& learned = rows.learned[{p.kind, p.key, evidence.partner_id}];
      ++learned.times;
      learned.seen = std::max(learned.seen, p.seen);
    }
  }
}

constexpr Sql kNextMatchIds{"next_match_ids",
                            "SELECT nextval('matches_id_seq') FROM generate_series(1, $1::int)"};

// The rows of the surviving decisions, built from their fates; match ids from the sequence.
Result<BatchRows> BuildRows(PgConnection& c, std::span<const MatchDecision> decisions,
                            std::span<const PayerEvidence> evidence, CommitOutcome& out) {
  BatchRows rows;
  size_t surviving = 0;
  for (DecisionFate f : out.fates) surviving += f != DecisionFate::kConflict;
  if (surviving == 0) {
    out.conflicts = static_cast<int>(decisions.size());
    return rows;
  }
  auto ids = c.Exec(kNextMatchIds, {std::to_string(surviving)});
  if (!ids) return ids.take_error();
  int next = 0;
  for (size_t k = 0; k < decisions.size(); ++k) {
    const DecisionFate fate = out.fates[k];
    if (fate == DecisionFate::kConflict) {
      ++out.conflicts;
      continue;
    }
    const bool applied = fate == DecisionFate::kApplied;
    (applied ? out.applied : out.proposed)++;
    AddRows(rows, ids->int64(next++, 0), decisions[k], applied, evidence[k]);
  }
  return rows;
}

std::string ConfidenceArray(const std::vector<std::string>& values) {
  std::string out = "{";
  for (size_t i = 0; i < values.size(); ++i) out += (i ? "," : "") + values[i];
  return out + "}";
}

std::string BoolArray(const std::vector<bool>& values) {
  std::string out = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ',';
    out += values[i] ? 't' : 'f';
  }
  return out + "}";
}

// The guarded updates of a batch: a row changes only while its amounts stay within
// bounds (and a line only while it is unmatched); the caller compares the touched count
// with what it expected. Both walk their ids in ascending order (the arrays are sorted and
// the plan is a nested loop), items before lines, payers last: two batches committed at
// once take their row locks in one order and cannot deadlock on them.
constexpr Sql kBulkItemAmounts{
    "add_item_allocations_bulk",
    "UPDATE open_items o SET allocated_amount = o.allocated_amount + d.amount, updated_at = now()"
    " FROM unnest($1::bigint[], $2::bigint[]) AS d(id, amount) WHERE o.id = d.id"
    " AND ((o.erp_open_amount >= 0 AND o.allocated_amount + d.amount BETWEEN 0 AND o.erp_open_amount)"
    "  OR (o.erp_open_amount < 0 AND o.allocated_amount + d.amount BETWEEN o.erp_open_amount AND 0))"};
// Lines take their applied amounts and, where a proposal waits for a person, 'proposed'.
constexpr Sql kBulkLineAmounts{
    "add_line_allocations_bulk",
    "UPDATE statement_lines l SET matched_amount = l.matched_amount + d.amount,"
    " status = CASE WHEN l.matched_amount + d.amount = l.amount THEN 'matched'"
    "  WHEN d.proposed THEN 'proposed' ELSE 'unmatched' END"
    " FROM unnest($1::bigint[], $2::bigint[], $3::boolean[]) AS d(id, amount, proposed)"
    " WHERE l.id = d.id AND l.status = 'unmatched'"
    " AND ((l.amount >= 0 AND l.matched_amount + d.amount BETWEEN 0 AND l.amount)"
    "  OR (l.amount < 0 AND l.matched_amount + d.amount BETWEEN l.amount AND 0))"};

// Moves the batch's amounts onto its items and lines. False when a guarded update found an
// item or a line no longer as it was read.
Result<bool> WriteAmounts(PgConnection& c, const BatchRows& rows) {
  std::vector<int64_t> keys, deltas;
  for (const auto& [id, delta] : rows.item_delta) keys.push_back(id), deltas.push_back(delta);
  if (!keys.empty()) {
    auto r = c.Exec(kBulkItemAmounts, {Int64Array(keys), Int64Array(deltas)});
    if (!r) return r.take_error();
    if (r->affected() != static_cast<int64_t>(keys.size())) return false;
  }
  keys.clear();
  deltas.clear();
  std::vector<bool> proposed;
  for (const auto& [id, line] : rows.lines) keys.push_back(id), deltas.push_back(line.first), proposed.push_back(line.second);
  if (!keys.empty()) {
    auto r = c.Exec(kBulkLineAmounts, {Int64Array(keys), Int64Array(deltas), BoolArray(proposed)});
    if (!r) return r.take_error();
    if (r->affected() != static_cast<int64_t>(keys.size())) return false;
  }
  return true;
}

constexpr Sql kInsertMatches{
    "insert_matches",
    "INSERT INTO matches (id, company, run_id, status, rule, confidence, explanation, currency, write_off_amount,"
    " write_off_account, rank, decided_at)"
    " SELECT id, $1, $2::bigint, status, rule, confidence, explanation, currency, wo_amount, wo_account, rank,"
    "  CASE WHEN status = 'applied' THEN now() END"
    " FROM unnest($3::bigint[], $4::text[], $5::text[], $6::float8[], $7::text[], $8::text[], $9::bigint[],"
    "  $10::text[], $11::int[]) AS t(id, status, rule, confidence, explanation, currency, wo_amount, wo_account, rank)"};
constexpr Sql kBulkMatchLines{"insert_match_lines_bulk",
                              "INSERT INTO match_lines (match_id, line_id, amount)"
                              " SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[])"};
constexpr Sql kBulkAllocations{"insert_allocations_bulk",
                               "INSERT INTO allocations (match_id, open_item_id, amount)"
                               " SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[])"};

// Inserts the batch's matches with their lines and allocations.
Status WriteMatches(PgConnection& c, const std::string& company, int64_t run_id, const BatchRows& rows) {
  if (auto r = c.Exec(kInsertMatches,
                      {company, std::to_string(run_id), Int64Array(rows.match_ids), TextArray(rows.statuses),
                       TextArray(rows.rules), ConfidenceArray(rows.confidences), TextArray(rows.explanations),
                       TextArray(rows.currencies), NullableInt64Array(rows.write_off_amounts),
                       NullableTextArray(rows.write_off_accounts), Int64Array(rows.ranks)});
      !r) {
    return r.take_error();
  }
  if (auto r = c.Exec(kBulkMatchLines, {Int64Array(rows.ml_match), Int64Array(rows.ml_line), Int64Array(rows.ml_amount)});
      !r) {
    return r.take_error();
  }
  if (auto r = c.Exec(kBulkAllocations, {Int64Array(rows.al_match), Int64Array(rows.al_item), Int64Array(rows.al_amount)});
      !r) {
    return r.take_error();
  }
  return Status::Ok();
}

// Writes a judged batch. False when a guarded update found an item or a line no longer as
// it was read: the caller rolls back and tries again with the rows locked.
Result<bool> WriteBatch(PgConnection& c, const std::string& company, int64_t run_id, const BatchRows& rows) {
  if (rows.match_ids.empty()) return true;
  // Items and lines first: when they fail their guards nothing else was written for nothing.
  auto moved = WriteAmounts(c, rows);
  if (!moved || !*moved) return moved;
  if (Status s = WriteMatches(c, company, run_id, rows); !s) return s.error();
  if (Status s = LearnConfirmed(c, company, rows.learned); !s) return s.error();
  return true;
}

// Attempts at one batch: plain, then locked; more only when PostgreSQL broke deadlocks.
constexpr int kCommitAttemptsMax = 4;
constexpr std::string_view kSqlStateDeadlock = "40P01";

// One attempt at committing a batch. nullopt when the batch has to be tried again: read
// plainly, a row changed before it was written; or PostgreSQL broke a lock wait in a circle.
Result<std::optional<CommitOutcome>> TryCommit(PgConnection& c, const std::string& company, int64_t run_id,
                                               std::span<const MatchDecision> decisions,
                                               std::span<const PayerEvidence> evidence, ReadMode mode) {
  Transaction tx(c);
  if (!tx.begin_status()) return tx.begin_status().error();
  // A batch may wait for a person's decision or another process's batch on the same rows.
  const ScopedTimeouts bulk(c, TimeoutLevel::kBulk);
  // Every statement below reaches rows by id, a few thousand at most, through their primary
  // keys. During a run the tables grow faster than autovacuum analyzes them, and with
  // statistics that still count a table's rows in thousands the planner chose hash joins
  // over whole-table scans, once per batch: the commit then grew with the table. Within
  // this transaction only, index walks are the plan.
  if (Status s = c.ExecScript("commit_batch_plans",
                              "SET LOCAL enable_seqscan = off; SET LOCAL enable_hashjoin = off;"
                              " SET LOCAL enable_mergejoin = off");
      !s) {
    return s.error();
  }
  auto state = ReadBatchState(c, company, decisions, mode);
  if (!state) {
    if (c.last_sqlstate() == kSqlStateDeadlock) return std::optional<CommitOutcome>();
    return state.take_error();
  }
  CommitOutcome out;
  out.fates = Judge(decisions, state->item_residual, state->line_state, state->item_kind);
  auto rows = BuildRows(c, decisions, evidence, out);
  if (!rows) return rows.take_error();
  auto written = WriteBatch(c, company, run_id, *rows);
  if (!written) {
    if (c.last_sqlstate() == kSqlStateDeadlock) return std::optional<CommitOutcome>();
    return written.take_error();
  }
  if (!*written) {
    if (mode == ReadMode::kLocked) {
      return MakeError(ErrorCode::kInternal, "a locked item or line changed within its own transaction");
    }
    return std::optional<CommitOutcome>();  // the transaction rolls back as it goes out of scope
  }
  if (Status s = tx.Commit(); !s) return s.error();
  return std::optional<CommitOutcome>(std::move(out));
}

}  // namespace

Result<CommitOutcome> MatchCommit::CommitBatch(const std::string& company, int64_t run_id,
                                               std::span<const MatchDecision> decisions,
                                               std::span<const PayerEvidence> evidence) {
  if (evidence.size() != decisions.size()) {
    return MakeError(ErrorCode::kInternal, "payer evidence is not parallel to the decisions");
  }
  auto conn = pool_.Acquire();
  if (!conn) return conn.take_error();
  // Read plainly first: locking every row of a batch before writing it cost as much as the
  // writes. Only when another writer changed a row in between (a person approving, a second
  // batch committed at the same time) is the batch judged again with its rows locked.
  ReadMode mode = ReadMode::kPlain;
  for (int attempt = 0; attempt < kCommitAttemptsMax; ++attempt) {
    auto done = TryCommit(**conn, company, run_id, decisions, evidence, mode);
    if (!done) return done.take_error();
    if (*done) return std::move(**done);
    mode = ReadMode::kLocked;
  }
  return MakeError(ErrorCode::kConflict, "a batch of decisions could not be committed in " +
                                             std::to_string(kCommitAttemptsMax) + " attempts");
}

}  // namespace recon::storage
