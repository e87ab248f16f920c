// StatementStore's lines: reading them (GET /v1/lines, one line, the unmatched lines a run
// matches, their accounts) and their search texts (migrations 0016 and 0020), apart from the
// storing of files in statement_store.cpp.
#include "storage/statement_store.hpp"

#include <string>
#include <vector>

#include "matching/evidence/counterparty.hpp"
#include "storage/row_mapping.hpp"

namespace recon::storage {

namespace {

// How many columns ReadLine reads (RECOND_LINE_COLUMNS below).
constexpr int kLineCoreColumnCount = 17;
// How many columns ReadLineDetails reads (RECOND_LINE_DETAIL_COLUMNS below).
constexpr int kLineDetailColumnCount = 10;

// A line from a row laid out as RECOND_LINE_COLUMNS: id, statement_id, status, matched_amount,
// account, booking_date, value_date, amount, currency, counterparty_name, counterparty_account,
// counterparty_bic, structured_reference, remittance_info, end_to_end_id, bank_reference,
// bank_transaction_code.
StoredLine ReadLine(const PgResult& r, int row, int c = 0) {
  StoredLine s;
  s.id = r.int64(row, c + 0);
  s.statement_id = r.int64(row, c + 1);
  s.status = r.text(row, c + 2);
  s.matched_amount = r.int64(row, c + 3);
  StatementLine& l = s.line;
  l.account = r.text(row, c + 4);
  if (auto d = Date::ParseIso(r.text(row, c + 5))) l.booking_date = *d;
  if (!r.is_null(row, c + 6)) {
    if (auto d = Date::ParseIso(r.text(row, c + 6))) l.value_date = *d;
  }
  l.amount = StoredMoney(r.int64(row, c + 7), r.text(row, c + 8));
  l.counterparty_name = r.opt_text(row, c + 9);
  l.counterparty_account = r.opt_text(row, c + 10);
  l.counterparty_bic = r.opt_text(row, c + 11);
  l.structured_reference = r.opt_text(row, c + 12);
  l.remittance_info = r.opt_text(row, c + 13);
  l.end_to_end_id = r.opt_text(row, c + 14);
  l.bank_reference = r.opt_text(row, c + 15);
  l.bank_transaction_code = r.opt_text(row, c + 16);
  return s;
}

// The details of migration 0006 into `line` (left without details when all are null), from a
// row laid out as RECOND_LINE_DETAIL_COLUMNS from `c`.
void ReadLineDetails(const PgResult& r, int row, int c, StatementLine& line) {
  bool any = false;
  for (int i = 0; i < kLineDetailColumnCount && !any; ++i) any = !r.is_null(row, c + i);
  if (!any) return;
  LineDetails& l = line.details.Edit();
  l.original_currency = r.opt_text(row, c + 1);
  if (!r.is_null(row, c + 0) && l.original_currency) l.original_amount = StoredMoney(r.int64(row, c + 0), *l.original_currency);
  l.exchange_rate = r.opt_text(row, c + 2);
  if (!r.is_null(row, c + 3) && !r.is_null(row, c + 4)) l.charges = StoredMoney(r.int64(row, c + 3), r.text(row, c + 4));
  l.check_number = r.opt_text(row, c + 5);
  l.customer_reference = r.opt_text(row, c + 6);
  l.mandate_id = r.opt_text(row, c + 7);
  l.ultimate_debtor = r.opt_text(row, c + 8);
  l.ultimate_creditor = r.opt_text(row, c + 9);
}

}  // namespace

// The searchable text of a line of alias `p`: the columns and order of migration 0016.
#define RECOND_LINE_SEARCH_TEXT(p)                                                                        \
  "concat_ws(E'\\n', " p ".counterparty_name, " p ".remittance_info, " p ".structured_reference, " p \
  ".end_to_end_id, " p ".bank_reference, " p ".counterparty_account)"

// What ReadLine reads (above), and ReadLineDetails after it (migration 0006).
#define RECOND_LINE_COLUMNS                                                                                  \
  "id, statement_id, status, matched_amount, account, booking_date::text, value_date::text, amount, currency," \
  " counterparty_name, counterparty_account, counterparty_bic, structured_reference, remittance_info,"       \
  " end_to_end_id, bank_reference, bank_transaction_code"
#define RECOND_LINE_DETAIL_COLUMNS                                                                        \
  "original_amount, original_currency, exchange_rate, charges_amount, charges_currency, check_number,"     \
  " customer_reference, mandate_id, ultimate_debtor, ultimate_creditor"

constexpr Sql kListLines{
    "list_lines",
    "SELECT " RECOND_LINE_COLUMNS ", " RECOND_LINE_DETAIL_COLUMNS
    " FROM statement_lines WHERE company = $1 AND id > $2::bigint"
    " AND ($3::text IS NULL OR status = $3) AND ($4::text IS NULL OR account = $4)"
    " AND ($5::bigint IS NULL OR statement_id = $5)"
    " AND ($7::date IS NULL OR booking_date >= $7::date) AND ($8::date IS NULL OR booking_date <= $8::date)"
    " AND ($9::text IS NULL OR currency = $9)"
    " AND ($10::bigint IS NULL OR amount >= $10::bigint) AND ($11::bigint IS NULL OR amount <= $11::bigint)"
    // The words go to the lines' texts (migration 0016) and their trigram index, not to every
    // line of the company.
    // The lines of statements whose texts are not written yet (migration 0020) are read
    // directly: few, and found through the partial index of pending statements.
    " AND ($12::text IS NULL OR id IN (SELECT t.line_id FROM statement_line_texts t"
    "                                   WHERE t.company = $1 AND t.line_id > $2::bigint AND t.search_text ILIKE $12"
    "                                  UNION ALL"
    "                                  SELECT p.id FROM statements s JOIN statement_lines p ON p.statement_id = s.id"
    "                                   WHERE s.company = $1 AND s.texts_pending AND p.id > $2::bigint"
    "                                     AND " RECOND_LINE_SEARCH_TEXT("p") " ILIKE $12))"
    " ORDER BY id LIMIT $6::int"};

Result<std::vector<StoredLine>> StatementStore::ListLines(const LineFilter& f) {
  auto r = ExecPooled(pool_, kListLines,
                      {f.company, std::to_string(f.after_id), f.status, f.account, OptInt(f.statement_id),
                       std::to_string(f.limit), OptDate(f.date_from), OptDate(f.date_to), f.currency,
                       OptInt(f.amount_min), OptInt(f.amount_max),
                       f.text ? Param(LikeContainsPattern(*f.text)) : Param()});
  if (!r) return r.take_error();
  return ReadAll(*r, [](const PgResult& rows, int i) {
    StoredLine line = ReadLine(rows, i);
    ReadLineDetails(rows, i, kLineCoreColumnCount, line.line);
    return line;
  });
}

// The payer keys written when the line was stored (statement_new_lines.cpp), read back after
// the line's columns so that a run does not compute them again.
#define RECOND_LINE_PAYER_KEY_COLUMNS "counterparty_account_key, counterparty_name_key"

namespace {

// A line to match: its columns, then its stored payer keys.
StoredLine ReadLineToMatch(const PgResult& r, int row) {
  StoredLine stored = ReadLine(r, row);
  stored.payer_keys.account = std::string(r.text(row, kLineCoreColumnCount));
  stored.payer_keys.name = std::string(r.text(row, kLineCoreColumnCount + 1));
  // Lines stored before migration 0002 carry '' keys (the column default); theirs are computed
  // here, the one place they are not yet stored.
  if (stored.payer_keys == PayerKeys{}) stored.payer_keys = matching::PayerKeysOf(stored.line);
  return stored;
}

}  // namespace

constexpr Sql kLoadLine{"load_line", "SELECT " RECOND_LINE_COLUMNS ", " RECOND_LINE_PAYER_KEY_COLUMNS
                                     " FROM statement_lines WHERE company = $1 AND id = $2::bigint"};

Result<std::optional<StoredLine>> StatementStore::LoadLine(PgConnection& conn, const std::string& company,
                                                          int64_t line_id) {
  auto r = conn.Exec(kLoadLine, {company, std::to_string(line_id)});
  if (!r) return r.take_error();
  return ReadFirst(*r, ReadLineToMatch);
}

constexpr Sql kUnmatchedLines{
    "load_unmatched_lines",
    "SELECT " RECOND_LINE_COLUMNS ", " RECOND_LINE_PAYER_KEY_COLUMNS " FROM statement_lines"
    " WHERE company = $1 AND status = 'unmatched' AND ($2::text IS NULL OR account = $2) ORDER BY id"};

#undef RECOND_LINE_DETAIL_COLUMNS
#undef RECOND_LINE_COLUMNS
#undef RECOND_LINE_PAYER_KEY_COLUMNS

Status StatementStore::ForEachUnmatchedLine(PgConnection& conn, const std::string& company,
                                            const std::optional<std::string>& account,
                                            const std::function<void(StoredLine&&)>& each) {
  return conn.ExecEachRow(kUnmatchedLines, {company, account}, [&](const PgResult& r, int row) {
    each(ReadLineToMatch(r, row));
    return Status::Ok();
  });
}

constexpr Sql kLineAccounts{"line_accounts",
                            "SELECT DISTINCT account FROM statement_lines WHERE company = $1 AND id = ANY($2::bigint[])"};

Result<std::vector<std::string>> StatementStore::LineAccounts(const std::string& company,
                                                              const std::vector<int64_t>& line_ids) {
  return QueryRows(pool_, kLineAccounts, {company, Int64Array(line_ids)},
                   [](const PgResult& r, int i) { return std::string(r.text(i, 0)); });
}

// The searchable texts of the lines of up to $1 statements stored with texts_pending (of company
// $2, or of all with ''), in the columns and order of migration 0016; lines without any text get
// no row. Statements another session is indexing are skipped, not waited for.
constexpr Sql kIndexPendingTexts{
    "index_pending_texts",
    "WITH s AS (SELECT id FROM statements WHERE texts_pending AND ($2 = '' OR company = $2)"
    "            ORDER BY id LIMIT $1::int FOR UPDATE SKIP LOCKED),"
    " t AS (INSERT INTO statement_line_texts (line_id, company, search_text)"
    "       SELECT p.id, p.company, " RECOND_LINE_SEARCH_TEXT("p") " FROM statement_lines p"
    "        WHERE p.statement_id IN (SELECT id FROM s)"
    "          AND coalesce(p.counterparty_name, p.remittance_info, p.structured_reference, p.end_to_end_id,"
    "                       p.bank_reference, p.counterparty_account) IS NOT NULL"
    "       ON CONFLICT (line_id) DO NOTHING RETURNING 1),"
    " u AS (UPDATE statements SET texts_pending = false WHERE id IN (SELECT id FROM s) RETURNING 1)"
    " SELECT (SELECT count(*) FROM u), (SELECT count(*) FROM t)"};

#undef RECOND_LINE_SEARCH_TEXT

Result<PendingTextsIndexed> StatementStore::IndexPendingTexts(const std::string& company, int statements_max) {
  auto conn = pool_.Acquire();
  if (!conn) return conn.take_error();
  PgConnection& c = **conn;
  const ScopedTimeouts bulk(c, TimeoutLevel::kBulk);  // the texts of many thousand lines
  auto r = c.Exec(kIndexPendingTexts, {std::to_string(statements_max), company});
  if (!r) return r.take_error();
  return PendingTextsIndexed{r->int64(0, 0), r->int64(0, 1)};
}

Result<int64_t> StatementStore::IndexAllPendingTexts(const std::string& company) {
  constexpr int kStatementsPerStatement = 20;  // one short statement each; the loop takes the rest
  int64_t lines = 0;
  for (;;) {
    auto done = IndexPendingTexts(company, kStatementsPerStatement);
    if (!done) return done.take_error();
    lines += done->lines;
    if (done->statements < kStatementsPerStatement) return lines;
  }
}

}  // namespace recon::storage
