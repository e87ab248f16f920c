#include "storage/match_reads.hpp"

#include <unordered_map>

#include "storage/row_mapping.hpp"

namespace recon::storage {
namespace {

#define RECOND_MATCH_COLUMNS                                                                           \
  "id, status, rule, confidence, explanation, currency, write_off_amount, write_off_account, rank, run_id," \
  " " RECOND_SQL_UTC("created_at")

// A match without its lines and allocations, from a row of RECOND_MATCH_COLUMNS.
StoredMatch ReadMatchRow(const PgResult& r, int row) {
  StoredMatch m;
  ReadColumns(r, row, 0, m.id, m.status, m.rule, m.confidence, m.explanation, m.currency, m.write_off_amount,
              m.write_off_account, m.rank, m.run_id, m.created_at);
  return m;
}

constexpr Sql kMatchLines{"list_match_lines",
                          "SELECT ml.match_id, ml.line_id, l.bank_reference, ml.amount FROM match_lines ml"
                          " JOIN statement_lines l ON l.id = ml.line_id WHERE ml.match_id = ANY($1::bigint[])"
                          " ORDER BY ml.match_id, ml.line_id"};
constexpr Sql kMatchAllocations{"list_match_allocations",
                                "SELECT a.match_id, a.open_item_id, o.external_id, a.amount FROM allocations a"
                                " JOIN open_items o ON o.id = a.open_item_id WHERE a.match_id = ANY($1::bigint[])"
                                " ORDER BY a.match_id, a.id"};

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

}  // namespace

constexpr Sql kGetMatch{"get_match",
                        "SELECT " RECOND_MATCH_COLUMNS " FROM matches WHERE company = $1 AND id = $2::bigint"};

Result<StoredMatch> ReadMatch(PgConnection& conn, const std::string& company, int64_t id) {
  auto r = conn.Exec(kGetMatch, {company, std::to_string(id)});
  if (!r) return r.take_error();
  if (r->rows() == 0) return MakeError(ErrorCode::kNotFound, "no match " + std::to_string(id));
  std::vector<StoredMatch> one{ReadMatchRow(*r, 0)};
  if (Status s = FillDetails(conn, one); !s) return s.error();
  return std::move(one[0]);
}

Result<std::optional<StoredMatch>> MatchReads::Get(const std::string& company, int64_t id) {
  auto conn = pool_.Acquire();
  if (!conn) return conn.take_error();
  auto m = ReadMatch(**conn, company, id);
  if (!m) {
    if (m.error().code == ErrorCode::kNotFound) return std::optional<StoredMatch>();
    return m.take_error();
  }
  return std::optional<StoredMatch>(std::move(*m));
}

constexpr Sql kListMatches{
    "list_matches",
    "SELECT " RECOND_MATCH_COLUMNS
    " FROM matches WHERE company = $1 AND id > $2::bigint AND ($3::text IS NULL OR status = $3)"
    " AND ($4::bigint IS NULL OR id IN (SELECT match_id FROM match_lines WHERE line_id = $4::bigint))"
    " AND ($6::text IS NULL OR rule = $6)"
    " AND ($7::date IS NULL OR created_at >= ($7::date::timestamp AT TIME ZONE 'UTC'))"
    " AND ($8::date IS NULL OR created_at < (($8::date + 1)::timestamp AT TIME ZONE 'UTC'))"
    " ORDER BY id LIMIT $5::int"};

#undef RECOND_MATCH_COLUMNS

Result<std::vector<StoredMatch>> MatchReads::List(const MatchFilter& f) {
  auto conn = pool_.Acquire();
  if (!conn) return conn.take_error();
  auto r = (*conn)->Exec(kListMatches, {f.company, std::to_string(f.after_id), f.status, OptInt(f.line_id),
                                        std::to_string(f.limit), f.rule, OptDate(f.date_from), OptDate(f.date_to)});
  if (!r) return r.take_error();
  std::vector<StoredMatch> out = ReadAll(*r, ReadMatchRow);
  if (Status s = FillDetails(**conn, out); !s) return s.error();
  return out;
}

constexpr Sql kLoadRejected{
    "load_rejected_proposals",
    "SELECT ml.line_id, (SELECT array_agg(DISTINCT a.open_item_id ORDER BY a.open_item_id) FROM allocations a"
    "  WHERE a.match_id = m.id)::text FROM matches m JOIN match_lines ml ON ml.match_id = m.id"
    " JOIN statement_lines l ON l.id = ml.line_id"
    " WHERE m.company = $1 AND m.status = 'rejected' AND l.status = 'unmatched'"};

Result<std::vector<std::pair<int64_t, std::vector<int64_t>>>> MatchReads::LoadRejected(PgConnection& conn,
                                                                                       const std::string& company) {
  auto r = conn.Exec(kLoadRejected, {company});
  if (!r) return r.take_error();
  return ReadAll(*r, [](const PgResult& rows, int i) {
    return std::pair<int64_t, std::vector<int64_t>>(rows.int64(i, 0), ParseInt64Array(rows.text(i, 1)));
  });
}

}  // namespace recon::storage
