// People's decisions on matches: approving or rejecting a proposal (one, or a review of many),
// reversing an applied match, and matching by hand. Each moves money in one transaction: a
// match's amounts are added to (or taken back from) its items and lines by guarded updates, and
// what stood in the way is refused with a problem that names the item or line and the amounts.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "matching/manual_match.hpp"
#include "storage/match_reads.hpp"
#include "storage/pg.hpp"

namespace recon::storage {

// One decision of a person's review of many proposals at once.
struct ReviewDecision {
  int64_t match_id = 0;
  bool approve = false;  // else reject
};

// What became of one decision: taken (the match is now applied or rejected), or refused and why.
struct ReviewOutcome {
  int64_t match_id = 0;
  std::optional<Error> refused;  // kNotFound, or kConflict: no longer a proposal, amounts no longer open
};

// Thread-safe: each call borrows a pooled connection of its own.
class DecisionStore {
 public:
  explicit DecisionStore(ConnectionPool& pool) : pool_(pool) {}

  // A person's decisions, each answering the match as it is now. kNotFound for an unknown
  // match; kConflict when the match is not in the state the action needs, or (approve) when
  // the amounts are no longer open. Confirming and rejecting teach the payer history;
  // reversing takes back what the match taught.
  Result<StoredMatch> Approve(const std::string& company, int64_t id);
  Result<StoredMatch> Reject(const std::string& company, int64_t id);
  Result<StoredMatch> Reverse(const std::string& company, int64_t id);
  // Many approvals and rejections in one transaction, in the order given, each under a savepoint
  // of its own: a refused decision (kNotFound, kConflict) takes nothing back from the others,
  // and any other failure stores none of them. One outcome per decision, in the same order.
  Result<std::vector<ReviewOutcome>> Review(const std::string& company, std::span<const ReviewDecision> decisions);
  // A manual match, applied at once: its items and then its lines are locked (in id order, as
  // a run's commit locks them), checked by matching::CheckManualMatch (lines taken whole,
  // allocations with their items' signs and within what is open, the write-off within the
  // tolerance of `rules_for` the lines' account) and written in one transaction. The errors of
  // CheckManualMatch, with the place in the request; kConflict when a concurrent change took
  // an amount meanwhile.
  Result<StoredMatch> CreateManual(const std::string& company, const matching::ManualMatchRequest& request,
                                   const matching::RulesForAccount& rules_for);

 private:
  ConnectionPool& pool_;
};

}  // namespace recon::storage
