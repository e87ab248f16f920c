// Everything one run matches against, loaded in one go and then only read.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "matching/engine.hpp"
#include "storage/match_reads.hpp"
#include "storage/open_item_store.hpp"
#include "storage/payer_history_store.hpp"
#include "storage/rule_store.hpp"
#include "storage/statement_store.hpp"

namespace recon::reconcile {

struct MatchSnapshot {
  std::vector<matching::LineToMatch> lines;       // by ascending id; amounts are what is still unallocated
  std::unique_ptr<matching::OpenItemIndex> index;
  matching::PayerHistory history;
  matching::RejectedSet rejected;
  std::map<std::string, matching::RuleSet> rule_sets;  // by account, "" = company-wide
  matching::RuleSet default_rules;

  const matching::RuleSet& RulesFor(const std::string& account) const;
  // What applying `decision` teaches about payers: the normalised counterparty account and
  // name of its lines, for the one partner its items belong to (items without a partner
  // aside); nothing when they belong to none or several.
  storage::PayerEvidence PayerEvidenceFor(const MatchDecision& decision) const;
};

// The stores a snapshot is read from, each through the caller's connection.
struct SnapshotSources {
  storage::StatementStore& statements;  // the unmatched lines
  storage::OpenItemStore& items;
  storage::PayerHistoryStore& payers;
  storage::MatchReads& matches;         // the proposals people rejected
  storage::RuleStore& rules;
};

// Loads the snapshot of a company: its unmatched lines (of one account only, when given;
// none when `with_lines` is false), open items, history, rejections and rule sets.
Result<MatchSnapshot> LoadSnapshot(storage::PgConnection& conn, const SnapshotSources& from,
                                   const std::string& company, const std::optional<std::string>& account,
                                   const matching::RuleSet& default_rules, bool with_lines = true);

}  // namespace recon::reconcile
