// Open items pushed by the ERP, upserted in bulk by (company, external_id).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "recon/open_item.hpp"
#include "storage/pg.hpp"

namespace recon::storage {

struct UpsertCounts {
  int64_t inserted = 0;
  int64_t updated = 0;
  int64_t unchanged = 0;
};

struct OpenItemFilter {
  std::string company;
  std::optional<std::string> status;      // "open" or "closed"
  std::optional<std::string> partner_id;
  int64_t after_id = 0;
  int limit = 100;
};

class OpenItemStore {
 public:
  explicit OpenItemStore(ConnectionPool& pool) : pool_(pool) {}

  // Inserts new items and updates changed ones in one transaction (COPY into a staging
  // table, then INSERT ... ON CONFLICT). `items` must not repeat an (company, external_id).
  // An update that would leave an item's open amount below what recond already allocated
  // is refused with kConflict and nothing is stored.
  Result<UpsertCounts> Upsert(const std::vector<OpenItem>& items);

  // Items with their residual in open_amount (the ERP's open amount less recond's allocations).
  Result<std::vector<OpenItem>> List(const OpenItemFilter& filter);

  // Every item of the company that is still open, for a matcher run.
  Result<std::vector<OpenItem>> LoadOpen(PgConnection& conn, const std::string& company);

 private:
  ConnectionPool& pool_;
};

}  // namespace recon::storage
