// Payer history (migrations: payer_history): which payer identities (a normalised account or
// name) paid for which partner, learned from confirmed matches and unlearned by reversals and
// rejections. The matcher reads it whole for a run; GET /v1/partners/{id}/payers reads one
// partner's. Learning happens inside the transaction of the decision that teaches it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "storage/pg.hpp"

namespace recon::storage {

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

// One row of what recond learned about a payer.
struct PayerRow {
  std::string identity_kind;  // "account" or "name"
  std::string identity_key;
  std::string partner_id;
  int confirmations = 0;
  int rejections = 0;
  std::optional<std::string> last_seen;
};

// What a batch of applied decisions teaches, summed per (kind, key, partner): how often it was
// seen and the latest booking date. Sorted by key: concurrent batches lock payer rows in one order.
struct LearnedPayer {
  int times = 0;
  std::string seen;  // ISO date
};
using LearnedPayers = std::map<std::tuple<std::string, std::string, std::string>, LearnedPayer>;

// What a person said of a match, for LearnFromMatches.
enum class Verdict { kConfirmed, kRejected };

class PayerHistoryStore {
 public:
  explicit PayerHistoryStore(ConnectionPool& pool) : pool_(pool) {}

  // The company's whole history, through the caller's connection (a run's snapshot).
  Result<std::vector<PayerRow>> LoadHistory(PgConnection& conn, const std::string& company);
  // The identities that paid for a partner, most confirmed first.
  Result<std::vector<PayerRow>> PayersOf(const std::string& company, const std::string& partner_id);

 private:
  ConnectionPool& pool_;
};

// The statements below run inside the caller's transaction, with the decision that teaches.

// Counts the payer identities of the matches (those whose items all belong to one partner)
// as confirmed or rejected for that partner.
Status LearnFromMatches(PgConnection& conn, const std::string& company, const std::vector<int64_t>& match_ids,
                        Verdict verdict);
// Takes back what confirming a match taught (it was reversed).
Status UnlearnMatch(PgConnection& conn, const std::string& company, int64_t match_id);
// Adds a batch's confirmations, counted by the reconciler from the lines and items it matched.
Status LearnConfirmed(PgConnection& conn, const std::string& company, const LearnedPayers& learned);

}  // namespace recon::storage
