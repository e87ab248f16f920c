// The batch commit: a run's decisions written a batch at a time, the one place money moves in
// bulk. Applying a decision adds its allocations to the items' and the lines' allocated amounts
// in the same transaction, guarded in SQL so that no item and no line is ever allocated beyond
// its amount, whatever runs concurrently; the judge step asserts the same before anything is
// written.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "recon/match.hpp"
#include "storage/payer_history_store.hpp"
#include "storage/pg.hpp"

namespace recon::storage {

enum class DecisionFate { kApplied, kProposed, kConflict };

// What committing one batch of decisions did, per decision and in total.
struct CommitOutcome {
  std::vector<DecisionFate> fates;  // parallel to the decisions
  int applied = 0;     // decisions applied
  int proposed = 0;    // decisions stored as proposals
  int conflicts = 0;   // decisions refused because an amount was no longer open, or the line was taken
};

// Thread-safe: each batch borrows a pooled connection of its own.
class MatchCommit {
 public:
  explicit MatchCommit(ConnectionPool& pool) : pool_(pool) {}

  // Stores one batch of decisions in one transaction, with set-based statements. The
  // items and lines involved are read and judged; their updates are guarded, and when a
  // guard finds a row changed since it was read the batch is judged again with its rows
  // locked (in id order, so concurrent batches cannot deadlock). A decision whose amounts
  // are no longer open (another batch or process got there first) is dropped, not stored.
  // Applied decisions teach the payer history what `evidence` (parallel to `decisions`)
  // says of them.
  Result<CommitOutcome> CommitBatch(const std::string& company, int64_t run_id,
                                    std::span<const MatchDecision> decisions,
                                    std::span<const PayerEvidence> evidence);

 private:
  ConnectionPool& pool_;
};

}  // namespace recon::storage
