// Reading matches (GET /v1/matches, GET /v1/matches/{id}) with their lines and allocations, and
// the proposals people rejected, which the matcher does not propose again.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "recon/date.hpp"
#include "storage/pg.hpp"

namespace recon::storage {

struct MatchLineView {
  int64_t line_id = 0;
  std::optional<std::string> bank_reference;
  int64_t amount = 0;
};

struct AllocationView {
  int64_t open_item_id = 0;
  std::string external_id;
  int64_t amount = 0;
};

struct StoredMatch {
  int64_t id = 0;
  std::string status;
  std::string rule;
  double confidence = 0;
  std::string explanation;
  std::string currency;
  std::optional<int64_t> write_off_amount;
  std::optional<std::string> write_off_account;
  int rank = 0;
  std::optional<int64_t> run_id;
  std::string created_at;
  std::vector<MatchLineView> lines;
  std::vector<AllocationView> allocations;
};

struct MatchFilter {
  std::string company;
  std::optional<std::string> status;
  std::optional<int64_t> line_id;
  std::optional<std::string> rule;
  std::optional<Date> date_from, date_to;  // day the decision was made (UTC), inclusive
  int64_t after_id = 0;
  int limit = 100;
};

class MatchReads {
 public:
  explicit MatchReads(ConnectionPool& pool) : pool_(pool) {}

  Result<std::vector<StoredMatch>> List(const MatchFilter& filter);
  Result<std::optional<StoredMatch>> Get(const std::string& company, int64_t id);
  // The proposals people rejected, of lines still unmatched: (line id, the items it was
  // proposed with, ascending), through the caller's connection (a run's snapshot).
  Result<std::vector<std::pair<int64_t, std::vector<int64_t>>>> LoadRejected(PgConnection& conn,
                                                                             const std::string& company);

 private:
  ConnectionPool& pool_;
};

// One match with its lines and allocations, through the caller's connection (inside its
// transaction, after a decision wrote it). kNotFound when the company has no such match.
Result<StoredMatch> ReadMatch(PgConnection& conn, const std::string& company, int64_t id);

}  // namespace recon::storage
