// CSV profiles stored per company through the API (PUT /v1/csv-profiles/{name}; the
// csv_profiles table, migration 0019). Only validated profiles are written here: the caller
// (ingest::CsvProfileCatalogue) checks the name and the profile first.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "storage/pg.hpp"

namespace recon::storage {

struct StoredCsvProfile {
  std::string name;
  std::string json;        // the validated profile
  std::string updated_at;  // ISO 8601 UTC
};

class CsvProfileStore {
 public:
  explicit CsvProfileStore(ConnectionPool& pool) : pool_(pool) {}

  // The company's profile `name`, or nullopt.
  Result<std::optional<StoredCsvProfile>> Get(const std::string& company, const std::string& name);
  // Every profile of the company, by name.
  Result<std::vector<StoredCsvProfile>> List(const std::string& company);
  // Stores or replaces the profile. Returns true when it is new. kConflict when it is new
  // and the company has `count_max` profiles already.
  Result<bool> Put(const std::string& company, const std::string& name, const std::string& json, size_t count_max);
  // Deletes it; false when there was none.
  Result<bool> Delete(const std::string& company, const std::string& name);

 private:
  ConnectionPool& pool_;
};

}  // namespace recon::storage
