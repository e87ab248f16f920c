#include "storage/row_mapping.hpp"

#include <cstdio>
#include <cstdlib>

namespace recon::storage {

std::string ConfidenceText(double c) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4f", c < 0 ? 0 : c > 1 ? 1 : c);
  return buf;
}

void ReadColumn(const PgResult& r, int row, int column, int64_t& out) { out = r.int64(row, column); }
void ReadColumn(const PgResult& r, int row, int column, int& out) { out = static_cast<int>(r.int64(row, column)); }
void ReadColumn(const PgResult& r, int row, int column, bool& out) { out = r.text(row, column) == "t"; }
void ReadColumn(const PgResult& r, int row, int column, double& out) {
  out = std::strtod(std::string(r.text(row, column)).c_str(), nullptr);
}
void ReadColumn(const PgResult& r, int row, int column, std::string& out) { out = r.text(row, column); }
void ReadColumn(const PgResult& r, int row, int column, std::optional<std::string>& out) {
  out = r.opt_text(row, column);
}
void ReadColumn(const PgResult& r, int row, int column, std::optional<int64_t>& out) {
  out = r.is_null(row, column) ? std::nullopt : std::optional<int64_t>(r.int64(row, column));
}
void ReadColumn(const PgResult& r, int row, int column, std::vector<std::string>& out) {
  out = ParseTextArray(r.text(row, column));
}
void ReadColumn(const PgResult& r, int row, int column, std::vector<int64_t>& out) {
  out = ParseInt64Array(r.text(row, column));
}
void ReadColumn(const PgResult& r, int row, int column, nlohmann::json& out) {
  out = nlohmann::json::parse(r.text(row, column), nullptr, false);
}

Result<PgResult> ExecPooled(ConnectionPool& pool, const Sql& sql, const std::vector<Param>& params) {
  auto conn = pool.Acquire();
  if (!conn) return conn.take_error();
  return (*conn)->Exec(sql, params);
}

Status ExecOnce(ConnectionPool& pool, const Sql& sql, const std::vector<Param>& params) {
  auto r = ExecPooled(pool, sql, params);
  if (!r) return r.take_error();
  return Status::Ok();
}

Money StoredMoney(int64_t minor, std::string_view currency) {
  auto c = Currency::FromCode(currency);
  Money m;
  m.minor = minor;
  if (c) m.currency = *c;
  return m;
}

StoredLine ReadLine(const PgResult& r, int row, int c) {
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

}  // namespace recon::storage
