// One reconcile run: load unmatched lines and open items, match, commit in batches.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "server/metrics.hpp"
#include "storage/match_store.hpp"
#include "storage/open_item_store.hpp"

namespace recon::reconcile {

struct ReconcileSettings {
  size_t batch_lines = 1000;  // match_batch_lines: lines per commit transaction
};

struct RunResult {
  int64_t run_id = 0;
  storage::RunCounts counts;
  int64_t duration_ms = 0;
};

// Runs the matcher for one company. Thread-safe: concurrent runs are safe because every
// commit re-checks residuals in the database.
class Reconciler {
 public:
  Reconciler(storage::ConnectionPool& pool, storage::MatchStore& matches, storage::OpenItemStore& items,
             server::Metrics& metrics, ReconcileSettings settings)
      : pool_(pool), matches_(matches), items_(items), metrics_(metrics), settings_(settings) {}

  Result<RunResult> Run(const std::string& company, const std::optional<std::string>& account);

 private:
  Result<RunResult> Execute(int64_t run_id, const std::string& company, const std::optional<std::string>& account);

  storage::ConnectionPool& pool_;
  storage::MatchStore& matches_;
  storage::OpenItemStore& items_;
  server::Metrics& metrics_;
  ReconcileSettings settings_;
};

}  // namespace recon::reconcile
