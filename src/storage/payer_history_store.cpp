#include "storage/payer_history_store.hpp"

#include "storage/row_mapping.hpp"

namespace recon::storage {
namespace {

PayerRow ReadPayer(const PgResult& r, int row) {
  PayerRow p;
  ReadColumns(r, row, 0, p.identity_kind, p.identity_key, p.partner_id, p.confirmations, p.rejections, p.last_seen);
  return p;
}

}  // namespace

constexpr Sql kLoadHistory{"load_payer_history",
                           "SELECT identity_kind, identity_key, partner_id, confirmations, rejections, last_seen::text"
                           " FROM payer_history WHERE company = $1"};

Result<std::vector<PayerRow>> PayerHistoryStore::LoadHistory(PgConnection& conn, const std::string& company) {
  auto r = conn.Exec(kLoadHistory, {company});
  if (!r) return r.take_error();
  return ReadAll(*r, ReadPayer);
}

constexpr Sql kPayersOf{"payers_of_partner",
                        "SELECT identity_kind, identity_key, partner_id, confirmations, rejections, last_seen::text"
                        " FROM payer_history WHERE company = $1 AND partner_id = $2"
                        " ORDER BY confirmations - rejections DESC, identity_kind, identity_key"};

Result<std::vector<PayerRow>> PayerHistoryStore::PayersOf(const std::string& company, const std::string& partner_id) {
  return QueryRows(pool_, kPayersOf, {company, partner_id}, ReadPayer);
}

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

Status LearnFromMatches(PgConnection& conn, const std::string& company, const std::vector<int64_t>& match_ids,
                        Verdict verdict) {
  if (match_ids.empty()) return Status::Ok();
  const char* how = verdict == Verdict::kConfirmed ? "confirm" : "reject";
  if (auto r = conn.Exec(kLearn, {company, Int64Array(match_ids), how}); !r) return r.take_error();
  return Status::Ok();
}

constexpr Sql kUnlearn{
    "unlearn_payers",
    RECOND_MATCH_IDENTITIES
    " UPDATE payer_history h SET confirmations = GREATEST(0, h.confirmations - ids.n) FROM ids"
    " WHERE h.company = $1 AND h.identity_kind = ids.kind AND h.identity_key = ids.key"
    " AND h.partner_id = ids.partner_id"};

#undef RECOND_MATCH_IDENTITIES

Status UnlearnMatch(PgConnection& conn, const std::string& company, int64_t match_id) {
  if (auto r = conn.Exec(kUnlearn, {company, Int64Array({match_id})}); !r) return r.take_error();
  return Status::Ok();
}

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

Status LearnConfirmed(PgConnection& conn, const std::string& company, const LearnedPayers& learned) {
  if (learned.empty()) return Status::Ok();
  std::vector<std::string> kinds, keys, partners, seen;
  std::vector<int64_t> counts;
  for (const auto& [identity, what] : learned) {
    kinds.push_back(std::get<0>(identity));
    keys.push_back(std::get<1>(identity));
    partners.push_back(std::get<2>(identity));
    counts.push_back(what.times);
    seen.push_back(what.seen);
  }
  if (auto r = conn.Exec(kLearnBulk, {company, TextArray(kinds), TextArray(keys), TextArray(partners),
                                      Int64Array(counts), TextArray(seen)});
      !r) {
    return r.take_error();
  }
  return Status::Ok();
}

}  // namespace recon::storage
