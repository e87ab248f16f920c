// Values into query parameters and back out of result rows, shared by the stores.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "recon/money.hpp"
#include "recon/open_item.hpp"
#include "storage/pg.hpp"

// SQL text: a timestamptz column as ISO 8601 UTC to the second ("2026-10-20T08:15:00Z"), the
// form of every timestamp in the API's answers.
#define RECOND_SQL_UTC(column) "to_char(" column " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

namespace recon::storage {

// Optional values as query parameters: NULL when absent.
inline Param OptInt(const std::optional<int64_t>& v) { return v ? Param(std::to_string(*v)) : Param(); }
inline Param OptDate(const std::optional<Date>& v) { return v ? Param(v->ToIso()) : Param(); }
// A matcher's confidence as a float8 parameter: four decimals, clamped to [0, 1].
std::string ConfidenceText(double confidence);

// One column of a row into a field, by the field's type: a bigint (int64_t), a count (int), a
// boolean (bool), a double (double), text (std::string; NULL reads as ""), nullable text or
// bigint (std::optional: NULL reads as nullopt), a text[] or bigint[] (std::vector), JSON text
// (nlohmann::json: a discarded value when it does not parse).
void ReadColumn(const PgResult& r, int row, int column, int64_t& out);
void ReadColumn(const PgResult& r, int row, int column, int& out);
void ReadColumn(const PgResult& r, int row, int column, bool& out);
void ReadColumn(const PgResult& r, int row, int column, double& out);
void ReadColumn(const PgResult& r, int row, int column, std::string& out);
void ReadColumn(const PgResult& r, int row, int column, std::optional<std::string>& out);
void ReadColumn(const PgResult& r, int row, int column, std::optional<int64_t>& out);
void ReadColumn(const PgResult& r, int row, int column, std::vector<std::string>& out);
void ReadColumn(const PgResult& r, int row, int column, std::vector<int64_t>& out);
void ReadColumn(const PgResult& r, int row, int column, nlohmann::json& out);

// The one row reader: the columns of `row`, from `first_column` on, into `fields` in the
// order they are given, each by its type (ReadColumn). A store's reader lists its fields in
// the order of its SELECT, once, instead of numbering every column by hand.
template <class... Fields>
void ReadColumns(const PgResult& r, int row, int first_column, Fields&... fields) {
  int column = first_column;
  (ReadColumn(r, row, column++, fields), ...);
}

// Every row of `r` through `read(r, row)`.
template <class Read>
auto ReadAll(const PgResult& r, Read read) -> std::vector<decltype(read(r, 0))> {
  std::vector<decltype(read(r, 0))> out;
  out.reserve(static_cast<size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i) out.push_back(read(r, i));
  return out;
}

// The first row of `r` through `read`, or nullopt when there is none.
template <class Read>
auto ReadFirst(const PgResult& r, Read read) -> std::optional<decltype(read(r, 0))> {
  if (r.rows() == 0) return std::nullopt;
  return read(r, 0);
}

// One statement on a pooled connection of its own; its result. The pool's errors (kUnavailable)
// and the statement's.
Result<PgResult> ExecPooled(ConnectionPool& pool, const Sql& sql, const std::vector<Param>& params = {});
// ExecPooled for a statement whose rows do not matter.
Status ExecOnce(ConnectionPool& pool, const Sql& sql, const std::vector<Param>& params = {});

// ExecPooled with every row read by `read`.
template <class Read>
auto QueryRows(ConnectionPool& pool, const Sql& sql, const std::vector<Param>& params, Read read)
    -> Result<std::vector<decltype(read(std::declval<const PgResult&>(), 0))>> {
  auto r = ExecPooled(pool, sql, params);
  if (!r) return r.take_error();
  return ReadAll(*r, read);
}

// ExecPooled with the first row read by `read`, or nullopt when there is none.
template <class Read>
auto QueryFirst(ConnectionPool& pool, const Sql& sql, const std::vector<Param>& params, Read read)
    -> Result<std::optional<decltype(read(std::declval<const PgResult&>(), 0))>> {
  auto r = ExecPooled(pool, sql, params);
  if (!r) return r.take_error();
  return ReadFirst(*r, read);
}

// Money from minor units and a currency code stored by recond (known to be valid).
Money StoredMoney(int64_t minor, std::string_view currency);

}  // namespace recon::storage
