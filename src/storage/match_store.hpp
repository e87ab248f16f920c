// Runs, matches, allocations: the matcher's decisions and the people's, in PostgreSQL.
//
// Money moves only here. Applying a match adds its allocations to the items' and the
// lines' allocated amounts in the same transaction, guarded in SQL so that no item and
// no line is ever allocated beyond its amount, whatever runs concurrently.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "matching/manual_match.hpp"
#include "recon/match.hpp"
#include "storage/pg.hpp"
#include "storage/statement_store.hpp"

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

struct RunCounts {
  int lines_considered = 0;
  int applied = 0;
  int proposed = 0;
  int unmatched = 0;
  int conflicts = 0;
};

struct StoredRun {
  int64_t id = 0;
  std::string company;
  std::string status;
  bool dry_run = false;
  RunCounts counts;
  std::optional<int64_t> duration_ms;
  std::optional<std::string> error;
  std::string started_at;
  std::optional<std::string> finished_at;
  int attempts = 0;  // times a process started it (more than 1: a process died running it)
};

enum class DecisionFate { kApplied, kProposed, kConflict };

// One payer identity seen on a line of a decision: (kind "account" or "name", normalised
// key), with the line's booking date.
struct PayerIdentity {
  std::string kind;
  std::string key;
  std::string seen;  // ISO date
};

// What applying a decision teaches: the identities of its lines paid for `partner_id`,
// the one partner all its items belong to. No identities when there is no such partner.
struct PayerEvidence {
  std::string partner_id;
  std::vector<PayerIdentity> identities;
};

// What committing one batch of decisions did, per decision and in total.
struct CommitOutcome {
  std::vector<DecisionFate> fates;  // parallel to the decisions
  int applied = 0;     // decisions applied
  int proposed = 0;    // decisions stored as proposals
  int conflicts = 0;   // decisions refused because an amount was no longer open, or the line was taken
};

// One row of what recond learned about a payer.
struct PayerRow {
  std::string identity_kind;  // "account" or "name"
  std::string identity_key;
  std::string partner_id;
  int confirmations = 0;
  int rejections = 0;
  std::optional<std::string> last_seen;
}; 

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

class MatchStore {
 public:
  explicit MatchStore(ConnectionPool& pool) : pool_(pool) {}

  // Run rows come from jobs::JobStore, with the job that executes them; a run that ends well is
  // finished here, a failed one by its job (JobStore::Fail).
  Status FinishRun(int64_t run_id, const RunCounts& counts, int64_t duration_ms, const std::optional<std::string>& error);
  Result<std::optional<StoredRun>> GetRun(const std::string& company, int64_t run_id);

  // One line whatever its status; nullopt when it does not exist.
  Result<std::optional<StoredLine>> LoadLine(PgConnection& conn, const std::string& company, int64_t line_id);
  // Hands each line with status 'unmatched' (optionally of one account) to `each`, in id
  // order, as it comes from the database (a run of a million lines holds them once).
  Status ForEachUnmatchedLine(PgConnection& conn, const std::string& company,
                              const std::optional<std::string>& account,
                              const std::function<void(StoredLine&&)>& each);

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

  // What the matcher needs besides lines and items: the learned history and the
  // proposals people rejected (only those of lines still unmatched).
  Result<std::vector<PayerRow>> LoadHistory(PgConnection& conn, const std::string& company);
  Result<std::vector<std::pair<int64_t, std::vector<int64_t>>>> LoadRejected(PgConnection& conn,
                                                                             const std::string& company);
  // The identities that paid for a partner, most confirmed first.
  Result<std::vector<PayerRow>> PayersOf(const std::string& company, const std::string& partner_id);

  // Marks statements whose every line is matched or ignored as reconciled.
  Status MarkReconciledStatements(const std::string& company);

  Result<std::vector<StoredMatch>> List(const MatchFilter& filter);
  Result<std::optional<StoredMatch>> Get(const std::string& company, int64_t id);

  // A person's decisions. kNotFound for an unknown match; kConflict when the match is not
  // in the state the action needs, or (approve, manual) when the amounts are no longer open.
  Result<StoredMatch> Approve(const std::string& company, int64_t id);
  Result<StoredMatch> Reject(const std::string& company, int64_t id);
  Result<StoredMatch> Reverse(const std::string& company, int64_t id);
  // Many approvals and rejections in one transaction, in the order given, each under a savepoint
  // of its own: a refused decision (kNotFound, kConflict) takes nothing back from the others,
  // and any other failure stores none of them. One outcome per decision, in the same order.
  Result<std::vector<ReviewOutcome>> Review(const std::string& company, std::span<const ReviewDecision> decisions);
  // The bank accounts of the given lines (those that exist), for the rule set in force; a
  // line never changes account, so this needs no lock.
  Result<std::vector<std::string>> LineAccounts(const std::string& company, const std::vector<int64_t>& line_ids);
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
