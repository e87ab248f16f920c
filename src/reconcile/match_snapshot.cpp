#include "reconcile/match_snapshot.hpp"

namespace recon::reconcile {

const matching::RuleSet& MatchSnapshot::RulesFor(const std::string& account) const {
  if (auto it = rule_sets.find(account); it != rule_sets.end()) return it->second;
  if (auto it = rule_sets.find(""); it != rule_sets.end()) return it->second;
  return default_rules;
}

Result<MatchSnapshot> LoadSnapshot(storage::PgConnection& conn, storage::MatchStore& matches,
                                   storage::OpenItemStore& items, storage::RuleStore& rules,
                                   const std::string& company, const std::optional<std::string>& account,
                                   const matching::RuleSet& default_rules, bool with_lines) {
  MatchSnapshot snap;
  snap.default_rules = default_rules;
  if (with_lines) {
    auto stored = matches.LoadUnmatchedLines(conn, company, account);
    if (!stored) return stored.take_error();
    snap.lines.reserve(stored->size());
    for (storage::StoredLine& s : *stored) {
      s.line.amount.minor -= s.matched_amount;  // a partly allocated line offers only its rest
      snap.lines.push_back({s.id, std::move(s.line)});
    }
  }
  auto open = items.LoadOpen(conn, company);
  if (!open) return open.take_error();
  snap.index = std::make_unique<matching::OpenItemIndex>(std::move(*open));
  auto history = matches.LoadHistory(conn, company);
  if (!history) return history.take_error();
  for (const storage::PayerRow& row : *history) {
    snap.history.Add(row.identity_kind == "account" ? matching::IdentityKind::kAccount : matching::IdentityKind::kName,
                     row.identity_key, {row.partner_id, row.confirmations, row.rejections});
  }
  auto rejected = matches.LoadRejected(conn, company);
  if (!rejected) return rejected.take_error();
  for (auto& entry : *rejected) snap.rejected.insert(std::move(entry));
  auto sets = rules.All(conn, company);
  if (!sets) return sets.take_error();
  snap.rule_sets = std::move(*sets);
  return snap;
}

}  // namespace recon::reconcile
