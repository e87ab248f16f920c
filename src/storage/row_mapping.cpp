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

}  // namespace recon::storage
