#include "storage/csv_profile_store.hpp"

#include "storage/row_mapping.hpp"

namespace recon::storage {
namespace {

#define RECOND_PROFILE_COLUMNS "name, profile, " RECOND_SQL_UTC("updated_at")
constexpr Sql kGet{"get_csv_profile", "SELECT " RECOND_PROFILE_COLUMNS " FROM csv_profiles WHERE company = $1 AND name = $2"};
constexpr Sql kList{"list_csv_profiles",
                    "SELECT " RECOND_PROFILE_COLUMNS " FROM csv_profiles WHERE company = $1 ORDER BY name"};
#undef RECOND_PROFILE_COLUMNS

// A replacement always goes in; a new profile only while the company has fewer than $4.
// (Two new profiles at once may both pass the count: the limit is against a flood, not exact.)
constexpr Sql kPut{"put_csv_profile",
                   "INSERT INTO csv_profiles AS p (company, name, profile)"
                   " SELECT $1, $2, $3 WHERE EXISTS (SELECT 1 FROM csv_profiles WHERE company = $1 AND name = $2)"
                   "  OR (SELECT count(*) FROM csv_profiles WHERE company = $1) < $4::bigint"
                   " ON CONFLICT (company, name) DO UPDATE SET profile = EXCLUDED.profile, updated_at = now()"
                   " RETURNING (xmax = 0)"};
constexpr Sql kDelete{"delete_csv_profile", "DELETE FROM csv_profiles WHERE company = $1 AND name = $2"};

StoredCsvProfile ReadProfile(const PgResult& r, int row) {
  return StoredCsvProfile{std::string(r.text(row, 0)), std::string(r.text(row, 1)), std::string(r.text(row, 2))};
}

}  // namespace

Result<std::optional<StoredCsvProfile>> CsvProfileStore::Get(const std::string& company, const std::string& name) {
  auto conn = pool_.Acquire();
  if (!conn) return conn.take_error();
  auto r = (*conn)->Exec(kGet, {company, name});
  if (!r) return r.take_error();
  if (r->rows() == 0) return std::optional<StoredCsvProfile>();
  return std::optional<StoredCsvProfile>(ReadProfile(*r, 0));
}

Result<std::vector<StoredCsvProfile>> CsvProfileStore::List(const std::string& company) {
  auto conn = pool_.Acquire();
  if (!conn) return conn.take_error();
  auto r = (*conn)->Exec(kList, {company});
  if (!r) return r.take_error();
  std::vector<StoredCsvProfile> out;
  out.reserve(r->rows());
  for (int i = 0; i < r->rows(); ++i) out.push_back(ReadProfile(*r, i));
  return out;
}

Result<bool> CsvProfileStore::Put(const std::string& company, const std::string& name, const std::string& json,
                                  size_t count_max) {
  auto conn = pool_.Acquire();
  if (!conn) return conn.take_error();
  auto r = (*conn)->Exec(kPut, {company, name, json, std::to_string(count_max)});
  if (!r) return r.take_error();
  if (r->rows() == 0) {
    return MakeError(ErrorCode::kConflict, "the company has " + std::to_string(count_max) +
                                               " CSV profiles already, the most it may store; delete one first");
  }
  return r->text(0, 0) == "t";
}

Result<bool> CsvProfileStore::Delete(const std::string& company, const std::string& name) {
  auto conn = pool_.Acquire();
  if (!conn) return conn.take_error();
  auto r = (*conn)->Exec(kDelete, {company, name});
  if (!r) return r.take_error();
  return r->affected() > 0;
}

}  // namespace recon::storage
