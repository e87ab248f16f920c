#include "storage/match_decisions.hpp"

#include <functional>

#include "recon/money.hpp"
#include "recon/status.hpp"
#include "storage/payer_history_store.hpp"
#include "storage/row_mapping.hpp"
#include "util/ids.hpp"

namespace recon::storage {
namespace {

std::vector<int64_t> FirstColumnIds(const PgResult& r) {
  std::vector<int64_t> ids;
  ids.reserve(static_cast<size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i) ids.push_back(r.int64(i, 0));
  return ids;
}

std::string Amount(int64_t minor, const std::string& currency) {
  const auto known = Currency::FromCode(currency);
  return FormatMinorUnits(minor, known ? known->exponent() : 2) + " " + currency;
}

// What a refusal of MoveAmounts names: the first item or line of the match that its guarded
// update left out ($2: the ids it touched), with what is open or matched of it.
constexpr Sql kItemNotMoved{
    "item_not_moved",
    "SELECT o.external_id, o.currency, o.erp_open_amount - o.allocated_amount, sum(a.amount)"
    " FROM allocations a JOIN open_items o ON o.id = a.open_item_id"
    " WHERE a.match_id = $1::bigint AND o.id <> ALL($2::bigint[])"
    " GROUP BY o.id ORDER BY o.external_id LIMIT 1"};

// Why MoveAmounts could not move the amounts of a match's item: the first item (by external
// id) that `moved` (the ids its guarded update touched) leaves out, named as the ERP knows it.
Error ItemRefusal(PgConnection& c, const std::string& match_id, int sign, const std::vector<int64_t>& moved) {
  auto r = c.Exec(kItemNotMoved, {match_id, Int64Array(moved)});
  if (!r) return r.take_error();
  if (r->rows() == 0) return MakeError(ErrorCode::kConflict, "an open item of this match changed meanwhile");
  const std::string external_id(r->text(0, 0)), currency(r->text(0, 1));
  const std::string open = Amount(r->int64(0, 2), currency), share = Amount(r->int64(0, 3), currency);
  if (sign > 0) {
    return MakeError(ErrorCode::kConflict, "open item " + external_id + " no longer has the " + share +
                                               " of this match open: " + open + " is open");
  }
  return MakeError(ErrorCode::kConflict, "open item " + external_id + " cannot take back the " + share +
                                             " of this match: " + open + " is open of it");
}

constexpr Sql kLineNotMoved{
    "line_not_moved",
    "SELECT l.id, l.status, l.bank_reference, l.currency, l.matched_amount, l.amount"
    " FROM match_lines ml JOIN statement_lines l ON l.id = ml.line_id"
    " WHERE ml.match_id = $1::bigint AND l.id <> ALL($2::bigint[]) ORDER BY l.id LIMIT 1"};

// Why MoveAmounts could not move the amounts of a match's line: the first line `moved` leaves out.
Error LineRefusal(PgConnection& c, const std::string& match_id, const std::vector<int64_t>& moved) {
  auto r = c.Exec(kLineNotMoved, {match_id, Int64Array(moved)});
  if (!r) return r.take_error();
  if (r->rows() == 0) return MakeError(ErrorCode::kConflict, "a statement line of this match changed meanwhile");
  const std::string line = util::FormatId(util::kLinePrefix, r->int64(0, 0));
  const std::string reference = r->is_null(0, 2) ? "" : " (bank reference " + std::string(r->text(0, 2)) + ")";
  const std::string status(r->text(0, 1));
  if (status == LineStatusName(LineStatus::kIgnored)) return MakeError(ErrorCode::kConflict, "statement line " + line + reference + " is ignored");
  const std::string currency(r->text(0, 3));
  return MakeError(ErrorCode::kConflict, "statement line " + line + reference + " has " +
                                             Amount(r->int64(0, 4), currency) + " matched already of " +
                                             Amount(r->int64(0, 5), currency));
}

// True when `part` lies between 0 and `whole`, on whole's side of zero: what is allocated of
// an item or matched of a line, so that what is open of it is never beyond it nor of the
// other sign.
bool WithinAmount(int64_t whole, int64_t part) { return whole >= 0 ? 0 <= part && part <= whole : whole <= part && part <= 0; }

// The rows a guarded update answered (id, amount, allocated/matched), read back: the guard
// and the table's constraint already keep them within bounds, and this says so where money
// moves. kInternal (the caller rolls back) if one is not.
Status CheckMovedRows(const PgResult& r, const char* what) {
  for (int i = 0; i < r.rows(); ++i) {
    if (!WithinAmount(r.int64(i, 1), r.int64(i, 2))) {
      return MakeError(ErrorCode::kInternal, std::string(what) + " " + std::to_string(r.int64(i, 0)) + " has " +
                                                 std::to_string(r.int64(i, 2)) + " taken of " +
                                                 std::to_string(r.int64(i, 1)) + " after a guarded update");
    }
  }
  return Status::Ok();
}

// Adds (sign = 1) or takes back (sign = -1) a match's amounts on its items and lines.
// Each UPDATE touches only rows that stay within their amounts; the caller compares the
// touched count with the expected one and rolls back when they differ.
constexpr Sql kMoveItemAmounts{
    "move_item_amounts",
    "WITH a AS (SELECT open_item_id, sum(amount) * $2::int AS amt FROM allocations WHERE match_id = $1::bigint"
    " GROUP BY open_item_id)"
    " UPDATE open_items o SET allocated_amount = o.allocated_amount + a.amt, updated_at = now() FROM a"
    " WHERE o.id = a.open_item_id AND ((o.erp_open_amount >= 0 AND o.allocated_amount + a.amt BETWEEN 0 AND"
    " o.erp_open_amount) OR (o.erp_open_amount < 0 AND o.allocated_amount + a.amt BETWEEN o.erp_open_amount AND 0))"
    " RETURNING o.id, o.erp_open_amount, o.allocated_amount"};
constexpr Sql kCountItems{"count_match_items",
                          "SELECT count(DISTINCT open_item_id) FROM allocations WHERE match_id = $1::bigint"};
constexpr Sql kMoveLineAmounts{
    "move_line_amounts",
    "UPDATE statement_lines l SET matched_amount = l.matched_amount + ml.amount * $2::int,"
    " status = CASE WHEN l.matched_amount + ml.amount * $2::int = l.amount THEN 'matched' ELSE 'unmatched' END"
    " FROM match_lines ml WHERE ml.match_id = $1::bigint AND l.id = ml.line_id AND l.status <> 'ignored'"
    " AND ((l.amount >= 0 AND l.matched_amount + ml.amount * $2::int BETWEEN 0 AND l.amount)"
    "  OR (l.amount < 0 AND l.matched_amount + ml.amount * $2::int BETWEEN l.amount AND 0))"
    " RETURNING l.id, l.amount, l.matched_amount"};
constexpr Sql kCountLines{"count_match_lines", "SELECT count(*) FROM match_lines WHERE match_id = $1::bigint"};

// Adds (sign 1) or takes back (sign -1) a match's amounts. kConflict naming the item or line
// that would go beyond its amount; the caller's transaction or savepoint must then roll back.
Status MoveAmounts(PgConnection& c, int64_t match_id, int sign) {
  const std::string id = std::to_string(match_id), s = std::to_string(sign);
  auto items = c.Exec(kMoveItemAmounts, {id, s});
  if (!items) return items.take_error();
  auto item_count = c.Exec(kCountItems, {id});
  if (!item_count) return item_count.take_error();
  if (items->rows() != item_count->int64(0, 0)) return ItemRefusal(c, id, sign, FirstColumnIds(*items));
  if (Status st = CheckMovedRows(*items, "open item"); !st) return st;
  auto lines = c.Exec(kMoveLineAmounts, {id, s});
  if (!lines) return lines.take_error();
  auto line_count = c.Exec(kCountLines, {id});
  if (!line_count) return line_count.take_error();
  if (lines->rows() != line_count->int64(0, 0)) return LineRefusal(c, id, FirstColumnIds(*lines));
  return CheckMovedRows(*lines, "statement line");
}

constexpr Sql kLockMatch{"lock_match",
                         "SELECT status FROM matches WHERE company = $1 AND id = $2::bigint FOR UPDATE"};
constexpr Sql kSetStatus{"set_match_status",
                         "UPDATE matches SET status = $2, decided_at = now() WHERE id = $1::bigint"};

// A person's decision on a match: locks it, checks that it is `from` (kNotFound, or kConflict
// saying it cannot be `done`) and makes it `to`. What moves with it is the caller's.
Status Decide(PgConnection& c, const std::string& company, int64_t id, MatchStatus from, std::string_view done,
              MatchStatus to) {
  auto r = c.Exec(kLockMatch, {company, std::to_string(id)});
  if (!r) return r.take_error();
  if (r->rows() == 0) return MakeError(ErrorCode::kNotFound, "there is no match with this id");
  if (r->text(0, 0) != MatchStatusName(from)) {
    return MakeError(ErrorCode::kConflict, "the match is " + std::string(r->text(0, 0)) + "; only a " +
                                               std::string(MatchStatusName(from)) + " match can be " + std::string(done));
  }
  if (auto set = c.Exec(kSetStatus, {std::to_string(id), std::string(MatchStatusName(to))}); !set) {
    return set.take_error();
  }
  return Status::Ok();
}

// When one proposal of a line is approved, its alternatives are settled as rejected.
constexpr Sql kRejectAlternatives{
    "reject_alternatives",
    "UPDATE matches SET status = 'rejected', decided_at = now() WHERE status = 'proposed' AND id <> $1::bigint"
    " AND id IN (SELECT ml.match_id FROM match_lines ml WHERE ml.line_id IN"
    "  (SELECT line_id FROM match_lines WHERE match_id = $1::bigint))"};

// A person's approval inside the caller's transaction: the proposal is applied and its
// alternatives rejected. What it teaches is the caller's (LearnFromMatches), so that a review
// learns from all its decisions in one statement.
Status ApproveIn(PgConnection& c, const std::string& company, int64_t id) {
  if (Status s = Decide(c, company, id, MatchStatus::kProposed, "approved", MatchStatus::kApplied); !s) return s;
  if (Status s = MoveAmounts(c, id, 1); !s) return s;
  if (auto r = c.Exec(kRejectAlternatives, {std::to_string(id)}); !r) return r.take_error();
  return Status::Ok();
}

// Lines of a match that have no live proposal left go back to 'unmatched'.
constexpr Sql kReleaseProposedLines{
    "release_proposed_lines",
    "UPDATE statement_lines l SET status = 'unmatched' WHERE l.status = 'proposed' AND l.id IN"
    " (SELECT line_id FROM match_lines WHERE match_id = $1::bigint) AND NOT EXISTS"
    " (SELECT 1 FROM match_lines ml JOIN matches m ON m.id = ml.match_id WHERE ml.line_id = l.id"
    "  AND m.status = 'proposed')"};

// A person's rejection inside the caller's transaction: the lines are free for other
// proposals. The caller has the payer history count it against (LearnFromMatches).
Status RejectIn(PgConnection& c, const std::string& company, int64_t id) {
  if (Status s = Decide(c, company, id, MatchStatus::kProposed, "rejected", MatchStatus::kRejected); !s) return s;
  if (auto r = c.Exec(kReleaseProposedLines, {std::to_string(id)}); !r) return r.take_error();
  return Status::Ok();
}

// Runs `decide` in a transaction of its own on a pooled connection and answers the match it
// decided (its id is what `decide` answers) as the decision left it.
Result<StoredMatch> Decided(ConnectionPool& pool, const std::string& company,
                            const std::function<Result<int64_t>(PgConnection&)>& decide) {
  auto conn = pool.Acquire();
  if (!conn) return conn.take_error();
  PgConnection& c = **conn;
  Transaction tx(c);
  if (!tx.begin_status()) return tx.begin_status().error();
  auto id = decide(c);
  if (!id) return id.take_error();
  auto m = ReadMatch(c, company, *id);
  if (!m) return m;
  if (Status s = tx.Commit(); !s) return s.error();
  return m;
}

}  // namespace

Result<StoredMatch> DecisionStore::Approve(const std::string& company, int64_t id) {
  return Decided(pool_, company, [&](PgConnection& c) -> Result<int64_t> {
    if (Status s = ApproveIn(c, company, id); !s) return s.error();
    if (Status s = LearnFromMatches(c, company, {id}, Verdict::kConfirmed); !s) return s.error();
    return id;
  });
}

Result<StoredMatch> DecisionStore::Reject(const std::string& company, int64_t id) {
  return Decided(pool_, company, [&](PgConnection& c) -> Result<int64_t> {
    if (Status s = RejectIn(c, company, id); !s) return s.error();
    if (Status s = LearnFromMatches(c, company, {id}, Verdict::kRejected); !s) return s.error();
    return id;
  });
}

Result<StoredMatch> DecisionStore::Reverse(const std::string& company, int64_t id) {
  return Decided(pool_, company, [&](PgConnection& c) -> Result<int64_t> {
    if (Status s = Decide(c, company, id, MatchStatus::kApplied, "reversed", MatchStatus::kReversed); !s) return s.error();
    if (Status s = MoveAmounts(c, id, -1); !s) return s.error();
    if (Status s = UnlearnMatch(c, company, id); !s) return s.error();
    return id;
  });
}

namespace {

// What a review refuses one decision for and goes on; anything else stops the whole review.
bool RefusesOnlyThisDecision(const Error& e) {
  return e.code == ErrorCode::kNotFound || e.code == ErrorCode::kConflict;
}

}  // namespace

constexpr Sql kReviewSavepoint{"review_savepoint", "SAVEPOINT review_decision"};
constexpr Sql kReviewRelease{"review_release", "RELEASE SAVEPOINT review_decision"};
constexpr Sql kReviewRollback{"review_rollback", "ROLLBACK TO SAVEPOINT review_decision"};

Result<std::vector<ReviewOutcome>> DecisionStore::Review(const std::string& company,
                                                         std::span<const ReviewDecision> decisions) {
  auto conn = pool_.Acquire();
  if (!conn) return conn.take_error();
  PgConnection& c = **conn;
  Transaction tx(c);
  if (!tx.begin_status()) return tx.begin_status().error();
  std::vector<ReviewOutcome> outcomes;
  outcomes.reserve(decisions.size());
  std::vector<int64_t> approved, rejected;
  for (const ReviewDecision& d : decisions) {
    if (auto r = c.Exec(kReviewSavepoint); !r) return r.take_error();
    Status s = d.approve ? ApproveIn(c, company, d.match_id) : RejectIn(c, company, d.match_id);
    if (!s && !RefusesOnlyThisDecision(s.error())) return s.error();
    if (auto r = c.Exec(s ? kReviewRelease : kReviewRollback); !r) return r.take_error();
    if (s) (d.approve ? approved : rejected).push_back(d.match_id);
    outcomes.push_back({d.match_id, s ? std::nullopt : std::optional<Error>(s.error())});
  }
  // What the taken decisions teach, in two statements (one per decision cost as much as the
  // decision itself).
  if (Status s = LearnFromMatches(c, company, approved, Verdict::kConfirmed); !s) return s.error();
  if (Status s = LearnFromMatches(c, company, rejected, Verdict::kRejected); !s) return s.error();
  if (Status s = tx.Commit(); !s) return s.error();
  return outcomes;
}

namespace {

// A manual match locks its items, then its lines, each in id order: the order a run's commit
// takes them in, so that the two wait for each other instead of deadlocking.
constexpr Sql kItemsForManual{"items_for_manual_match",
                              "SELECT id, external_id, kind, currency, amount, erp_open_amount - allocated_amount"
                              " FROM open_items WHERE company = $1 AND external_id = ANY($2::text[])"
                              " ORDER BY id FOR UPDATE"};

Result<std::vector<matching::ManualItem>> LockManualItems(PgConnection& c, const std::string& company,
                                                         const matching::ManualMatchRequest& request) {
  std::vector<std::string> external_ids;
  for (const matching::ManualAllocation& a : request.allocations) external_ids.push_back(a.external_id);
  auto r = c.Exec(kItemsForManual, {company, TextArray(external_ids)});
  if (!r) return r.take_error();
  std::vector<matching::ManualItem> items;
  for (int i = 0; i < r->rows(); ++i) {
    auto kind = ParseOpenItemKind(r->text(i, 2));
    if (!kind) return MakeError(ErrorCode::kInternal, "open item " + std::string(r->text(i, 1)) + " has no known kind");
    items.push_back({r->int64(i, 0), std::string(r->text(i, 1)), *kind, std::string(r->text(i, 3)), r->int64(i, 4),
                     r->int64(i, 5)});
  }
  return items;
}

constexpr Sql kLinesForManual{"lines_for_manual_match",
                              "SELECT id, account, currency, amount, matched_amount, status, bank_reference"
                              " FROM statement_lines WHERE company = $1 AND id = ANY($2::bigint[]) ORDER BY id FOR UPDATE"};

Result<std::vector<matching::ManualLine>> LockManualLines(PgConnection& c, const std::string& company,
                                                         const matching::ManualMatchRequest& request) {
  auto r = c.Exec(kLinesForManual, {company, Int64Array(request.line_ids)});
  if (!r) return r.take_error();
  std::vector<matching::ManualLine> lines;
  for (int i = 0; i < r->rows(); ++i) {
    lines.push_back({r->int64(i, 0), std::string(r->text(i, 1)), std::string(r->text(i, 2)), r->int64(i, 3),
                     r->int64(i, 4), r->text(i, 5) == LineStatusName(LineStatus::kIgnored), r->opt_text(i, 6)});
  }
  return lines;
}

constexpr Sql kInsertMatch{
    "insert_match",
    "INSERT INTO matches (company, run_id, status, rule, confidence, explanation, currency, write_off_amount,"
    " write_off_account, rank, decided_at) VALUES ($1, $2::bigint, $3, $4, $5::float8, $6, $7, $8::bigint, $9,"
    " $10::int, CASE WHEN $3 = 'applied' THEN now() END) RETURNING id"};
constexpr Sql kInsertMatchLines{
    "insert_match_lines",
    "INSERT INTO match_lines (match_id, line_id, amount)"
    " SELECT $1::bigint, l, a FROM unnest($2::bigint[], $3::bigint[]) AS t(l, a)"};
constexpr Sql kInsertAllocations{
    "insert_allocations",
    "INSERT INTO allocations (match_id, open_item_id, amount)"
    " SELECT $1::bigint, i, a FROM unnest($2::bigint[], $3::bigint[]) AS t(i, a)"};

// A person's match as decided, applied: its row, its lines and its allocations (its amounts
// are MoveAmounts'). Answers its id.
Result<int64_t> InsertApplied(PgConnection& c, const std::string& company, const MatchDecision& d) {
  auto m = c.Exec(kInsertMatch, {company, Param(), std::string(MatchStatusName(MatchStatus::kApplied)), d.rule, ConfidenceText(d.confidence), d.explanation,
                                 d.currency, d.write_off ? Param(std::to_string(d.write_off->amount)) : Param(),
                                 d.write_off ? Param(d.write_off->account) : Param(), std::to_string(d.rank)});
  if (!m) return m.take_error();
  const int64_t id = m->int64(0, 0);
  std::vector<int64_t> item_ids, amounts;
  for (const Allocation& a : d.allocations) {
    item_ids.push_back(a.open_item_id);
    amounts.push_back(a.amount);
  }
  if (auto r = c.Exec(kInsertMatchLines, {std::to_string(id), Int64Array(d.line_ids), Int64Array(d.line_amounts)}); !r) {
    return r.take_error();
  }
  if (auto r = c.Exec(kInsertAllocations, {std::to_string(id), Int64Array(item_ids), Int64Array(amounts)}); !r) {
    return r.take_error();
  }
  return id;
}

}  // namespace

Result<StoredMatch> DecisionStore::CreateManual(const std::string& company, const matching::ManualMatchRequest& request,
                                                const matching::RulesForAccount& rules_for) {
  return Decided(pool_, company, [&](PgConnection& c) -> Result<int64_t> {
    auto items = LockManualItems(c, company, request);
    if (!items) return items.take_error();
    auto lines = LockManualLines(c, company, request);
    if (!lines) return lines.take_error();
    // Checked whole before anything is written: what a bad request names is its own place.
    auto d = matching::CheckManualMatch(request, *lines, *items, rules_for);
    if (!d) return d.take_error();
    auto id = InsertApplied(c, company, *d);
    if (!id) return id.take_error();
    if (Status s = MoveAmounts(c, *id, 1); !s) return s.error();
    if (Status s = LearnFromMatches(c, company, {*id}, Verdict::kConfirmed); !s) return s.error();
    return *id;
  });
}

}  // namespace recon::storage
