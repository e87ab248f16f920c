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

// What GET /v1/open-items searches by; every field that is set must hold. Texts are
// matched case-insensitively as given (LIKE wildcards in them are taken literally).
struct OpenItemFilter {
  std::string company;
  std::optional<std::string> status;      // "open" or "closed"
  std::optional<std::string> partner_id;  // exactly this partner id
  std::optional<int64_t> open_amount;     // minor units: the open amount equals it
  std::optional<int64_t> open_amount_min; // ... is at least
  std::optional<int64_t> open_amount_max; // ... is at most
  std::optional<std::string> partner;     // the partner id (whole) or a part of the partner's name
  std::optional<std::string> document;    // a part of the document number
  std::optional<std::string> text;        // a part of the document number, partner name or external id
  std::optional<std::string> due_from;    // ISO date: due on or after
  std::optional<std::string> due_to;      // ISO date: due on or before
  std::optional<std::string> kind;        // receivable, payable or ledger
  std::optional<std::string> currency;    // ISO 4217 code
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

  // Items matching `filter`, by ascending id after filter.after_id, at most filter.limit, with
  // their residual in open_amount (the ERP's open amount less recond's allocations).
  Result<std::vector<OpenItem>> List(const OpenItemFilter& filter);

  // Every item of the company that is still open, for a matcher run.
  Result<std::vector<OpenItem>> LoadOpen(PgConnection& conn, const std::string& company);

 private:
  ConnectionPool& pool_;
};

}  // namespace recon::storage
