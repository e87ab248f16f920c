#include "storage/match_store.hpp"

#include <algorithm>
#include <map>
#include <tuple>
#include <unordered_map>

#include "recon/assert.hpp"
#include "recon/money.hpp"
#include "storage/row_mapping.hpp"
#include "util/ids.hpp"

namespace recon::storage {
namespace {

constexpr Sql kFinishRun{"finish_run",
                         "UPDATE reconcile_runs SET status = $2, lines_considered = $3::int, applied = $4::int,"
                         " proposed = $5::int, unmatched = $6::int, duration_ms = $7::bigint, error = $8,"
                         " conflicts = $9::int, finished_at = now() WHERE id = $1::bigint"};
constexpr Sql kGetRun{"get_run",
                      "SELECT id, company, status, lines_considered, applied, proposed, unmatched, duration_ms, error,"
                      " dry_run, conflicts,"
                      " to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"
                      " to_char(finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), attempts"
                      " FROM reconcile_runs WHERE company = $1 AND id = $2::bigint"};

constexpr Sql kUnmatchedLines{
    "load_unmatched_lines",
    "SELECT id, statement_id, status, matched_amount, account, booking_date::text, value_date::text, amount,"
    " currency, counterparty_name, counterparty_account, counterparty_bic, structured_reference, remittance_info,"
    " end_to_end_id, bank_reference, bank_transaction_code FROM statement_lines"
    " WHERE company = $1 AND status = 'unmatched' AND ($2::text IS NULL OR account = $2) ORDER BY id"};

constexpr Sql kLoadLine{
    "load_line",
    "SELECT id, statement_id, status, matched_amount, account, booking_date::text, value_date::text, amount,"
    " currency, counterparty_name, counterparty_account, counterparty_bic, structured_reference, remittance_info,"
    " end_to_end_id, bank_reference, bank_transaction_code FROM statement_lines WHERE company = $1 AND id = $2::bigint"};

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
// What a refusal of MoveAmounts names: the first item or line of the match that its guarded
// update left out ($2: the ids it touched), with what is open or matched of it.
constexpr Sql kItemNotMoved{
    "item_not_moved",
    "SELECT o.external_id, o.currency, o.erp_open_amount - o.allocated_amount, sum(a.amount)"
    " FROM allocations a JOIN open_items o ON o.id = a.open_item_id"
    " WHERE a.match_id = $1::bigint AND o.id <> ALL($2::bigint[])"
    " GROUP BY o.id ORDER BY o.external_id LIMIT 1"};
constexpr Sql kLineNotMoved{
    "line_not_moved",
    "SELECT l.id, l.status, l.bank_reference, l.currency, l.matched_amount, l.amount"
    " FROM match_lines ml JOIN statement_lines l ON l.id = ml.line_id"
    " WHERE ml.match_id = $1::bigint AND l.id <> ALL($2::bigint[]) ORDER BY l.id LIMIT 1"};

// Lines of a match that have no live proposal left go back to 'unmatched'.
constexpr Sql kReleaseProposedLines{
    "release_proposed_lines",
    "UPDATE statement_lines l SET status = 'unmatched' WHERE l.status = 'proposed' AND l.id IN"
    " (SELECT line_id FROM match_lines WHERE match_id = $1::bigint) AND NOT EXISTS"
    " (SELECT 1 FROM match_lines ml JOIN matches m ON m.id = ml.match_id WHERE ml.line_id = l.id"
    "  AND m.status = 'proposed')"};
// When one proposal of a line is approved, its alternatives are settled as rejected.
constexpr Sql kRejectAlternatives{
    "reject_alternatives",
    "UPDATE matches SET status = 'rejected', decided_at = now() WHERE status = 'proposed' AND id <> $1::bigint"
    " AND id IN (SELECT ml.match_id FROM match_lines ml WHERE ml.line_id IN"
    "  (SELECT line_id FROM match_lines WHERE match_id = $1::bigint))"};


// The payer identities of matches whose items all belong to one partner: what a
// confirmation or a rejection teaches. $1 company, $2 match ids. Each match is followed by
// LATERAL lookups through its own ids (OFFSET 0 keeps the planner from flattening the
// second one back into a join): with plain joins the planner, estimating one row for the
// HAVING, walked all of match_lines once per batch and a run's commit grew with the table
// (2.6 s per batch at 100k lines).
#define RECOND_MATCH_IDENTITIES                                                                       \
  "WITH m AS (SELECT unnest($2::bigint[]) AS match_id),"                                              \
  " one_partner AS (SELECT m.match_id, p.partner_id FROM m CROSS JOIN LATERAL"                       \
  "  (SELECT min(o.partner_id) AS partner_id FROM allocations a JOIN open_items o ON o.id = a.open_item_id" \
  "   WHERE a.match_id = m.match_id AND o.partner_id IS NOT NULL"                                       \
  "   HAVING count(DISTINCT o.partner_id) = 1) p),"                                                     \
  " ids AS (SELECT k.kind, k.key, p.partner_id, max(l.booking_date) AS seen, count(*)::int AS n"      \
  "  FROM one_partner p CROSS JOIN LATERAL"                                                            \
  "  (SELECT l.booking_date, l.counterparty_account_key, l.counterparty_name_key FROM match_lines ml"   \
  "   JOIN statement_lines l ON l.id = ml.line_id WHERE ml.match_id = p.match_id OFFSET 0) l"                 \
  "  CROSS JOIN LATERAL (VALUES ('account', l.counterparty_account_key),"                             \
  "   ('name', l.counterparty_name_key)) AS k(kind, key)"                                             \
  "  WHERE k.key <> '' GROUP BY k.kind, k.key, p.partner_id)"

constexpr Sql kLearn{
    "learn_payers",
    RECOND_MATCH_IDENTITIES
    " INSERT INTO payer_history (company, identity_kind, identity_key, partner_id, confirmations, rejections,"
    "  last_seen)"
    " SELECT $1, kind, key, partner_id, CASE WHEN $3 = 'confirm' THEN n ELSE 0 END,"
    "  CASE WHEN $3 = 'reject' THEN n ELSE 0 END, seen FROM ids ORDER BY kind, key, partner_id"
    " ON CONFLICT (company, identity_kind, identity_key, partner_id) DO UPDATE SET"
    "  confirmations = payer_history.confirmations + EXCLUDED.confirmations,"
    "  rejections = payer_history.rejections + EXCLUDED.rejections,"
    "  last_seen = GREATEST(payer_history.last_seen, EXCLUDED.last_seen)"};

constexpr Sql kUnlearn{
    "unlearn_payers",
    RECOND_MATCH_IDENTITIES
    " UPDATE payer_history h SET confirmations = GREATEST(0, h.confirmations - ids.n) FROM ids"
    " WHERE h.company = $1 AND h.identity_kind = ids.kind AND h.identity_key = ids.key"
    " AND h.partner_id = ids.partner_id"};

#undef RECOND_MATCH_IDENTITIES

// What a batch's applied decisions teach, counted by the reconciler from the lines and
// items it matched (a query re-deriving it from the written rows cost as much as writing
// them). Rows come sorted by key: concurrent batches lock payer rows in one order.
constexpr Sql kLearnBulk{
    "learn_payers_bulk",
    "INSERT INTO payer_history AS h (company, identity_kind, identity_key, partner_id, confirmations, rejections,"
    "  last_seen)"
    " SELECT $1, kind, key, partner_id, n, 0, seen FROM unnest($2::text[], $3::text[], $4::text[], $5::int[],"
    "  $6::date[]) AS t(kind, key, partner_id, n, seen)"
    " ON CONFLICT (company, identity_kind, identity_key, partner_id) DO UPDATE SET"
    "  confirmations = h.confirmations + EXCLUDED.confirmations,"
    "  last_seen = GREATEST(h.last_seen, EXCLUDED.last_seen)"};

constexpr Sql kLoadHistory{"load_payer_history",
                           "SELECT identity_kind, identity_key, partner_id, confirmations, rejections, last_seen::text"
                           " FROM payer_history WHERE company = $1"};
constexpr Sql kPayersOf{"payers_of_partner",
                        "SELECT identity_kind, identity_key, partner_id, confirmations, rejections, last_seen::text"
                        " FROM payer_history WHERE company = $1 AND partner_id = $2"
                        " ORDER BY confirmations - rejections DESC, identity_kind, identity_key"};
constexpr Sql kLoadRejected{
    "load_rejected_proposals",
    "SELECT ml.line_id, (SELECT array_agg(DISTINCT a.open_item_id ORDER BY a.open_item_id) FROM allocations a"
    "  WHERE a.match_id = m.id)::text FROM matches m JOIN match_lines ml ON ml.match_id = m.id"
    " JOIN statement_lines l ON l.id = ml.line_id"
    " WHERE m.company = $1 AND m.status = 'rejected' AND l.status = 'unmatched'"};

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
constexpr Sql kNextMatchIds{"next_match_ids",
                            "SELECT nextval('matches_id_seq') FROM generate_series(1, $1::int)"};
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

constexpr Sql kLockMatch{"lock_match",
                         "SELECT status FROM matches WHERE company = $1 AND id = $2::bigint FOR UPDATE"};
constexpr Sql kSetStatus{"set_match_status",
                         "UPDATE matches SET status = $2, decided_at = now() WHERE id = $1::bigint"};

constexpr Sql kMarkReconciled{
    "mark_reconciled_statements",
    "UPDATE statements s SET status = 'reconciled' WHERE s.company = $1 AND s.status = 'processed'"
    " AND NOT EXISTS (SELECT 1 FROM statement_lines l WHERE l.statement_id = s.id"
    "  AND l.status NOT IN ('matched', 'ignored'))"};

constexpr const char* kMatchColumns =
    "id, status, rule, confidence, explanation, currency, write_off_amount, write_off_account, rank, run_id,"
    " to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')";
const std::string kListMatchesText = std::string("SELECT ") + kMatchColumns +
    " FROM matches WHERE company = $1 AND id > $2::bigint AND ($3::text IS NULL OR status = $3)"
    " AND ($4::bigint IS NULL OR id IN (SELECT match_id FROM match_lines WHERE line_id = $4::bigint))"
    " AND ($6::text IS NULL OR rule = $6)"
    " AND ($7::date IS NULL OR created_at >= ($7::date::timestamp AT TIME ZONE 'UTC'))"
    " AND ($8::date IS NULL OR created_at < (($8::date + 1)::timestamp AT TIME ZONE 'UTC'))"
    " ORDER BY id LIMIT $5::int";
const Sql kListMatches{"list_matches", kListMatchesText.c_str()};
const std::string kGetMatchText = std::string("SELECT ") + kMatchColumns + " FROM matches WHERE company = $1 AND id = $2::bigint";
const Sql kGetMatch{"get_match", kGetMatchText.c_str()};
constexpr Sql kMatchLines{"list_match_lines",
                          "SELECT ml.match_id, ml.line_id, l.bank_reference, ml.amount FROM match_lines ml"
                          " JOIN statement_lines l ON l.id = ml.line_id WHERE ml.match_id = ANY($1::bigint[])"
                          " ORDER BY ml.match_id, ml.line_id"};
constexpr Sql kMatchAllocations{"list_match_allocations",
                                "SELECT a.match_id, a.open_item_id, o.external_id, a.amount FROM allocations a"
                                " JOIN open_items o ON o.id = a.open_item_id WHERE a.match_id = ANY($1::bigint[])"
                                " ORDER BY a.match_id, a.id"};

// A manual match locks its items, then its lines, each in id order: the order a run's commit
// takes them in, so that the two wait for each other instead of deadlocking.
constexpr Sql kItemsForManual{"items_for_manual_match",
                              "SELECT id, external_id, kind, currency, amount, erp_open_amount - allocated_amount"
                              " FROM open_items WHERE company = $1 AND external_id = ANY($2::text[])"
                              " ORDER BY id FOR UPDATE"};
constexpr Sql kLinesForManual{"lines_for_manual_match",
                              "SELECT id, account, currency, amount, matched_amount, status, bank_reference"
                              " FROM statement_lines WHERE company = $1 AND id = ANY($2::bigint[]) ORDER BY id FOR UPDATE"};
constexpr Sql kLineAccounts{"line_accounts",
                            "SELECT DISTINCT account FROM statement_lines WHERE company = $1 AND id = ANY($2::bigint[])"};

std::string ConfidenceText(double c) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4f", c < 0 ? 0 : c > 1 ? 1 : c);
  return buf;
}

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

// Why MoveAmounts could not move the amounts of a match's line: the first line `moved` leaves out.
Error LineRefusal(PgConnection& c, const std::string& match_id, const std::vector<int64_t>& moved) {
  auto r = c.Exec(kLineNotMoved, {match_id, Int64Array(moved)});
  if (!r) return r.take_error();
  if (r->rows() == 0) return MakeError(ErrorCode::kConflict, "a statement line of this match changed meanwhile");
  const std::string line = util::FormatId(util::kLinePrefix, r->int64(0, 0));
  const std::string reference = r->is_null(0, 2) ? "" : " (bank reference " + std::string(r->text(0, 2)) + ")";
  const std::string status(r->text(0, 1));
  if (status == "ignored") return MakeError(ErrorCode::kConflict, "statement line " + line + reference + " is ignored");
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

Result<int64_t> InsertMatch(PgConnection& c, const std::string& company, std::optional<int64_t> run_id,
                            const std::string& status, const MatchDecision& d, const std::string& currency) {
  auto m = c.Exec(kInsertMatch, {company, run_id ? Param(std::to_string(*run_id)) : Param(), status, d.rule,
                                 ConfidenceText(d.confidence), d.explanation, currency,
                                 d.write_off ? Param(std::to_string(d.write_off->amount)) : Param(),
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

StoredMatch ReadMatch(const PgResult& r, int row) {
  StoredMatch m;
  m.id = r.int64(row, 0);
  m.status = r.text(row, 1);
  m.rule = r.text(row, 2);
  m.confidence = std::strtod(std::string(r.text(row, 3)).c_str(), nullptr);
  m.explanation = r.text(row, 4);
  m.currency = r.text(row, 5);
  if (!r.is_null(row, 6)) m.write_off_amount = r.int64(row, 6);
  m.write_off_account = r.opt_text(row, 7);
  m.rank = static_cast<int>(r.int64(row, 8));
  if (!r.is_null(row, 9)) m.run_id = r.int64(row, 9);
  m.created_at = r.text(row, 10);
  return m;
}

// Fills lines and allocations of the given matches with two queries.
Status FillDetails(PgConnection& c, std::vector<StoredMatch>& matches) {
  if (matches.empty()) return Status::Ok();
  std::vector<int64_t> ids;
  std::unordered_map<int64_t, StoredMatch*> by_id;
  for (StoredMatch& m : matches) {
    ids.push_back(m.id);
    by_id[m.id] = &m;
  }
  const std::string array = Int64Array(ids);
  auto lines = c.Exec(kMatchLines, {array});
  if (!lines) return lines.take_error();
  for (int i = 0; i < lines->rows(); ++i) {
    by_id[lines->int64(i, 0)]->lines.push_back({lines->int64(i, 1), lines->opt_text(i, 2), lines->int64(i, 3)});
  }
  auto allocs = c.Exec(kMatchAllocations, {array});
  if (!allocs) return allocs.take_error();
  for (int i = 0; i < allocs->rows(); ++i) {
    by_id[allocs->int64(i, 0)]->allocations.push_back(
        {allocs->int64(i, 1), std::string(allocs->text(i, 2)), allocs->int64(i, 3)});
  }
  return Status::Ok();
}

Result<StoredMatch> GetWith(PgConnection& c, const std::string& company, int64_t id) {
  auto r = c.Exec(kGetMatch, {company, std::to_string(id)});
  if (!r) return r.take_error();
  if (r->rows() == 0) return MakeError(ErrorCode::kNotFound, "no match " + std::to_string(id));
  std::vector<StoredMatch> one{ReadMatch(*r, 0)};
  if (Status s = FillDetails(c, one); !s) return s.error();
  return std::move(one[0]);
}

// Locks the match and checks its status; kNotFound or kConflict otherwise.
Status LockInStatus(PgConnection& c, const std::string& company, int64_t id, std::string_view wanted,
                    std::string_view action) {
  auto r = c.Exec(kLockMatch, {company, std::to_string(id)});
  if (!r) return r.take_error();
  if (r->rows() == 0) return MakeError(ErrorCode::kNotFound, "there is no match with this id");
  if (r->text(0, 0) != wanted) {
    return MakeError(ErrorCode::kConflict, "the match is " + std::string(r->text(0, 0)) + "; only a " +
                                               std::string(wanted) + " match can be " + std::string(action));
  }
  return Status::Ok();
}

}  // namespace

Status MatchStore::FinishRun(int64_t run_id, const RunCounts& n, int64_t duration_ms,
                             const std::optional<std::string>& error) {
  auto conn = pool_.Acquire();
  if (!conn) return conn.take_error();
  auto r = (*conn)->Exec(kFinishRun, {std::to_string(run_id), error ? "failed" : "done",
                                      std::to_string(n.lines_considered), std::to_string(n.applied),
                                      std::to_string(n.proposed), std::to_string(n.unmatched),
                                      std::to_string(duration_ms), error, std::to_string(n.conflicts)});
  if (!r) return r.take_error();
  return Status::Ok();
}

Result<std::optional<StoredRun>> MatchStore::GetRun(const std::string& company, int64_t run_id) {
  auto conn = pool_.Acquire();
  if (!conn) return conn.take_error();
  auto r = (*conn)->Exec(kGetRun, {company, std::to_string(run_id)});
  if (!r) return r.take_error();
  if (r->rows() == 0) return std::optional<StoredRun>();
  StoredRun run;
  run.id = r->int64(0, 0);
  run.company = r->text(0, 1);
  run.status = r->text(0, 2);
  run.counts = {static_cast<int>(r->int64(0, 3)), static_cast<int>(r->int64(0, 4)), static_cast<int>(r->int64(0, 5)),
                static_cast<int>(r->int64(0, 6))};
  if (!r->is_null(0, 7)) run.duration_ms = r->int64(0, 7);
  run.error = r->opt_text(0, 8);
  run.dry_run = r->text(0, 9) == "t";
  run.counts.conflicts = static_cast<int>(r->int64(0, 10));
  run.started_at = r->text(0, 11);
  run.finished_at = r->opt_text(0, 12);
  run.attempts = static_cast<int>(r->int64(0, 13));
  return std::optional<StoredRun>(std::move(run));
}

Result<std::optional<StoredLine>> MatchStore::LoadLine(PgConnection& conn, const std::string& company,
                                                      int64_t line_id) {
  auto r = conn.Exec(kLoadLine, {company, std::to_string(line_id)});
  if (!r) return r.take_error();
  if (r->rows() == 0) return std::optional<StoredLine>();
  return std::optional<StoredLine>(ReadLine(*r, 0));
}

Status MatchStore::ForEachUnmatchedLine(PgConnection& conn, const std::string& company,
                                        const std::optional<std::string>& account,
                                        const std::function<void(StoredLine&&)>& each) {
  return conn.ExecEachRow(kUnmatchedLines, {company, account}, [&](const PgResult& r, int row) {
    each(ReadLine(r, row));
    return Status::Ok();
  });
}

namespace {

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
      if (it == line_state.end() || it->second.second != "unmatched") {
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
  // (kind, key, partner) -> (times seen, latest booking date)
  std::map<std::tuple<std::string, std::string, std::string>, std::pair<int, std::string>> learned;
};

// Attempts at one batch: plain, then locked; more only when PostgreSQL broke deadlocks.
constexpr int kCommitAttemptsMax = 4;
constexpr std::string_view kSqlStateDeadlock = "40P01";

std::string ConfidenceArray(const std::vector<std::string>& values) {
  std::string out = "{";
  for (size_t i = 0; i < values.size(); ++i) out += (i ? "," : "") + values[i];
  return out + "}";
}

}  // namespace

namespace {

// How a batch's rows are read before it is judged.
enum class ReadMode { kPlain, kLocked };

// What is open of the batch's items and lines, and the lines' statuses.
struct BatchState {
  std::unordered_map<int64_t, int64_t> item_residual;
  std::unordered_map<int64_t, OpenItemKind> item_kind;  // for the assertion that a decision nets
  std::unordered_map<int64_t, std::pair<int64_t, std::string>> line_state;
};

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
    const MatchDecision& d = decisions[k];
    const DecisionFate fate = out.fates[k];
    if (fate == DecisionFate::kConflict) {
      ++out.conflicts;
      continue;
    }
    const int64_t id = ids->int64(next++, 0);
    const bool applied = fate == DecisionFate::kApplied;
    (applied ? out.applied : out.proposed)++;
    rows.match_ids.push_back(id);
    rows.statuses.push_back(applied ? "applied" : "proposed");
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
      for (const PayerIdentity& p : evidence[k].identities) {
        auto& [n, seen] = rows.learned[{p.kind, p.key, evidence[k].partner_id}];
        ++n;
        seen = std::max(seen, p.seen);
      }
    }
  }
  return rows;
}

std::string BoolArray(const std::vector<bool>& values) {
  std::string out = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ',';
    out += values[i] ? 't' : 'f';
  }
  return out + "}";
}

// Writes a judged batch. False when a guarded update found an item or a line no longer as
// it was read: the caller rolls back and tries again with the rows locked.
Result<bool> WriteBatch(PgConnection& c, const std::string& company, int64_t run_id, const BatchRows& rows) {
  if (rows.match_ids.empty()) return true;
  // Items and lines first: when they fail their guards nothing else was written for nothing.
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
  if (!rows.learned.empty()) {
    std::vector<std::string> kinds, keys, partners, seen;
    std::vector<int64_t> counts;
    for (const auto& [identity, what] : rows.learned) {
      kinds.push_back(std::get<0>(identity));
      keys.push_back(std::get<1>(identity));
      partners.push_back(std::get<2>(identity));
      counts.push_back(what.first);
      seen.push_back(what.second);
    }
    if (auto r = c.Exec(kLearnBulk, {company, TextArray(kinds), TextArray(keys), TextArray(partners),
                                     Int64Array(counts), TextArray(seen)});
        !r) {
      return r.take_error();
    }
  }
  return true;
}

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

Result<CommitOutcome> MatchStore::CommitBatch(const std::string& company, int64_t run_id,
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

Result<std::vector<PayerRow>> ReadPayers(const PgResult& r) {
  std::vector<PayerRow> out;
  out.reserve(r.rows());
  for (int i = 0; i < r.rows(); ++i) {
    out.push_back(PayerRow{std::string(r.text(i, 0)), std::string(r.text(i, 1)), std::string(r.text(i, 2)),
                           static_cast<int>(r.int64(i, 3)), static_cast<int>(r.int64(i, 4)), r.opt_text(i, 5)});
  }
  return out;
}

Result<std::vector<PayerRow>> MatchStore::LoadHistory(PgConnection& conn, const std::string& company) {
  auto r = conn.Exec(kLoadHistory, {company});
  if (!r) return r.take_error();
  return ReadPayers(*r);
}

Result<std::vector<PayerRow>> MatchStore::PayersOf(const std::string& company, const std::string& partner_id) {
  auto conn = pool_.Acquire();
  if (!conn) return conn.take_error();
  auto r = (*conn)->Exec(kPayersOf, {company, partner_id});
  if (!r) return r.take_error();
  return ReadPayers(*r);
}

Result<std::vector<std::pair<int64_t, std::vector<int64_t>>>> MatchStore::LoadRejected(PgConnection& conn,
                                                                                       const std::string& company) {
  auto r = conn.Exec(kLoadRejected, {company});
  if (!r) return r.take_error();
  std::vector<std::pair<int64_t, std::vector<int64_t>>> out;
  out.reserve(r->rows());
  for (int i = 0; i < r->rows(); ++i) out.emplace_back(r->int64(i, 0), ParseInt64Array(r->text(i, 1)));
  return out;
}

Status MatchStore::MarkReconciledStatements(const std::string& company) {
  auto conn = pool_.Acquire();
  if (!conn) return conn.take_error();
  auto r = (*conn)->Exec(kMarkReconciled, {company});
  if (!r) return r.take_error();
  return Status::Ok();
}

Result<std::vector<StoredMatch>> MatchStore::List(const MatchFilter& f) {
  auto conn = pool_.Acquire();
  if (!conn) return conn.take_error();
  auto r = (*conn)->Exec(kListMatches, {f.company, std::to_string(f.after_id), f.status,
                                        f.line_id ? Param(std::to_string(*f.line_id)) : Param(),
                                        std::to_string(f.limit), f.rule,
                                        f.date_from ? Param(f.date_from->ToIso()) : Param(),
                                        f.date_to ? Param(f.date_to->ToIso()) : Param()});
  if (!r) return r.take_error();
  std::vector<StoredMatch> out;
  out.reserve(r->rows());
  for (int i = 0; i < r->rows(); ++i) out.push_back(ReadMatch(*r, i));
  if (Status s = FillDetails(**conn, out); !s) return s.error();
  return out;
}

Result<std::optional<StoredMatch>> MatchStore::Get(const std::string& company, int64_t id) {
  auto conn = pool_.Acquire();
  if (!conn) return conn.take_error();
  auto m = GetWith(**conn, company, id);
  if (!m) {
    if (m.error().code == ErrorCode::kNotFound) return std::optional<StoredMatch>();
    return m.take_error();
  }
  return std::optional<StoredMatch>(std::move(*m));
}

namespace {

// A person's approval inside the caller's transaction: the proposal is applied and its
// alternatives rejected. What it teaches is the caller's (Learn), so that a review learns
// from all its decisions in one statement.
Status ApproveIn(PgConnection& c, const std::string& company, int64_t id) {
  if (Status s = LockInStatus(c, company, id, "proposed", "approved"); !s) return s;
  if (auto r = c.Exec(kSetStatus, {std::to_string(id), "applied"}); !r) return r.take_error();
  if (Status s = MoveAmounts(c, id, 1); !s) return s;
  if (auto r = c.Exec(kRejectAlternatives, {std::to_string(id)}); !r) return r.take_error();
  return Status::Ok();
}

// A person's rejection inside the caller's transaction: the lines are free for other
// proposals. The caller has the payer history count it against (Learn).
Status RejectIn(PgConnection& c, const std::string& company, int64_t id) {
  if (Status s = LockInStatus(c, company, id, "proposed", "rejected"); !s) return s;
  if (auto r = c.Exec(kSetStatus, {std::to_string(id), "rejected"}); !r) return r.take_error();
  if (auto r = c.Exec(kReleaseProposedLines, {std::to_string(id)}); !r) return r.take_error();
  return Status::Ok();
}

// Teaches the payer history what people decided: `how` is "confirm" or "reject".
Status Learn(PgConnection& c, const std::string& company, const std::vector<int64_t>& match_ids, const char* how) {
  if (match_ids.empty()) return Status::Ok();
  if (auto r = c.Exec(kLearn, {company, Int64Array(match_ids), how}); !r) return r.take_error();
  return Status::Ok();
}

// What a review refuses one decision for and goes on; anything else stops the whole review.
bool RefusesOnlyThisDecision(const Error& e) {
  return e.code == ErrorCode::kNotFound || e.code == ErrorCode::kConflict;
}

constexpr Sql kReviewSavepoint{"review_savepoint", "SAVEPOINT review_decision"};
constexpr Sql kReviewRelease{"review_release", "RELEASE SAVEPOINT review_decision"};
constexpr Sql kReviewRollback{"review_rollback", "ROLLBACK TO SAVEPOINT review_decision"};

}  // namespace

Result<StoredMatch> MatchStore::Approve(const std::string& company, int64_t id) {
  auto conn = pool_.Acquire();
  if (!conn) return conn.take_error();
  PgConnection& c = **conn;
  Transaction tx(c);
  if (!tx.begin_status()) return tx.begin_status().error();
  if (Status s = ApproveIn(c, company, id); !s) return s.error();
  if (Status s = Learn(c, company, {id}, "confirm"); !s) return s.error();
  auto m = GetWith(c, company, id);
  if (!m) return m;
  if (Status s = tx.Commit(); !s) return s.error();
  return m;
}

Result<StoredMatch> MatchStore::Reject(const std::string& company, int64_t id) {
  auto conn = pool_.Acquire();
  if (!conn) return conn.take_error();
  PgConnection& c = **conn;
  Transaction tx(c);
  if (!tx.begin_status()) return tx.begin_status().error();
  if (Status s = RejectIn(c, company, id); !s) return s.error();
  if (Status s = Learn(c, company, {id}, "reject"); !s) return s.error();
  auto m = GetWith(c, company, id);
  if (!m) return m;
  if (Status s = tx.Commit(); !s) return s.error();
  return m;
}

Result<std::vector<ReviewOutcome>> MatchStore::Review(const std::string& company,
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
  if (Status s = Learn(c, company, approved, "confirm"); !s) return s.error();
  if (Status s = Learn(c, company, rejected, "reject"); !s) return s.error();
  if (Status s = tx.Commit(); !s) return s.error();
  return outcomes;
}

Result<StoredMatch> MatchStore::Reverse(const std::string& company, int64_t id) {
  auto conn = pool_.Acquire();
  if (!conn) return conn.take_error();
  PgConnection& c = **conn;
  Transaction tx(c);
  if (!tx.begin_status()) return tx.begin_status().error();
  if (Status s = LockInStatus(c, company, id, "applied", "reversed"); !s) return s.error();
  if (auto r = c.Exec(kSetStatus, {std::to_string(id), "reversed"}); !r) return r.take_error();
  if (Status s = MoveAmounts(c, id, -1); !s) return s.error();
  if (auto r = c.Exec(kUnlearn, {company, Int64Array({id})}); !r) return r.take_error();
  auto m = GetWith(c, company, id);
  if (!m) return m;
  if (Status s = tx.Commit(); !s) return s.error();
  return m;
}

Result<std::vector<std::string>> MatchStore::LineAccounts(const std::string& company,
                                                          const std::vector<int64_t>& line_ids) {
  auto conn = pool_.Acquire();
  if (!conn) return conn.take_error();
  auto r = (*conn)->Exec(kLineAccounts, {company, Int64Array(line_ids)});
  if (!r) return r.take_error();
  std::vector<std::string> accounts;
  for (int i = 0; i < r->rows(); ++i) accounts.emplace_back(r->text(i, 0));
  return accounts;
}

namespace {

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

Result<std::vector<matching::ManualLine>> LockManualLines(PgConnection& c, const std::string& company,
                                                         const matching::ManualMatchRequest& request) {
  auto r = c.Exec(kLinesForManual, {company, Int64Array(request.line_ids)});
  if (!r) return r.take_error();
  std::vector<matching::ManualLine> lines;
  for (int i = 0; i < r->rows(); ++i) {
    lines.push_back({r->int64(i, 0), std::string(r->text(i, 1)), std::string(r->text(i, 2)), r->int64(i, 3),
                     r->int64(i, 4), r->text(i, 5) == "ignored", r->opt_text(i, 6)});
  }
  return lines;
}

}  // namespace

Result<StoredMatch> MatchStore::CreateManual(const std::string& company, const matching::ManualMatchRequest& request,
                                             const matching::RulesForAccount& rules_for) {
  auto conn = pool_.Acquire();
  if (!conn) return conn.take_error();
  PgConnection& c = **conn;
  Transaction tx(c);
  if (!tx.begin_status()) return tx.begin_status().error();
  auto items = LockManualItems(c, company, request);
  if (!items) return items.take_error();
  auto lines = LockManualLines(c, company, request);
  if (!lines) return lines.take_error();
  // Checked whole before anything is written: what a bad request names is its own place.
  auto d = matching::CheckManualMatch(request, *lines, *items, rules_for);
  if (!d) return d.take_error();
  auto id = InsertMatch(c, company, std::nullopt, "applied", *d, d->currency);
  if (!id) return id.take_error();
  if (Status s = MoveAmounts(c, *id, 1); !s) return s.error();
  if (Status s = Learn(c, company, {*id}, "confirm"); !s) return s.error();
  auto m = GetWith(c, company, *id);
  if (!m) return m;
  if (Status s = tx.Commit(); !s) return s.error();
  return m;
}

}  // namespace recon::storage
