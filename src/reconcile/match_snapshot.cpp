#include "reconcile/match_snapshot.hpp"

#include <algorithm>
#include <set>


namespace recon::reconcile {
namespace {

// The element with `id` in a vector sorted by id, or nullptr.
template <typename T>
const T* ById(const std::vector<T>& sorted, int64_t id) {
  auto it = std::lower_bound(sorted.begin(), sorted.end(), id, [](const T& e, int64_t v) { return e.id < v; });
  return it != sorted.end() && it->id == id ? &*it : nullptr;
}

}  // namespace

storage::PayerEvidence MatchSnapshot::PayerEvidenceFor(const MatchDecision& decision) const {
  storage::PayerEvidence evidence;
  std::set<std::string> partners;
  for (const Allocation& a : decision.allocations) {
    const OpenItem* item = ById(index->items(), a.open_item_id);
    if (item && item->partner_id) partners.insert(*item->partner_id);
  }
  if (partners.size() != 1) return evidence;
  evidence.partner_id = *partners.begin();
  for (int64_t line_id : decision.line_ids) {
    const matching::LineToMatch* line = ById(lines, line_id);
    if (!line) continue;
    const std::string seen = line->line.booking_date.ToIso();
    for (IdentityKind kind : kAllIdentityKinds) {
      const std::string& key = line->payer_keys.Of(kind);
      if (!key.empty()) evidence.identities.push_back({std::string(IdentityKindName(kind)), key, seen});
    }
  }
  return evidence;
}

const matching::RuleSet& MatchSnapshot::RulesFor(const std::string& account) const {
  if (auto it = rule_sets.find(account); it != rule_sets.end()) return it->second;
  if (auto it = rule_sets.find(""); it != rule_sets.end()) return it->second;
  return default_rules;
}

Result<MatchSnapshot> LoadSnapshot(storage::PgConnection& conn, const SnapshotSources& from,
                                   const std::string& company, const std::optional<std::string>& account,
                                   const matching::RuleSet& default_rules, bool with_lines) {
  MatchSnapshot snap;
  snap.default_rules = default_rules;
  if (with_lines) {
    Status loaded = from.statements.ForEachUnmatchedLine(conn, company, account, [&snap](storage::StoredLine&& s) {
      s.line.amount.minor -= s.matched_amount;  // a partly allocated line offers only its rest
      // The keys stored with the line: the matcher and what the run's matches teach both read them.
      snap.lines.push_back({s.id, std::move(s.line), std::move(s.payer_keys)});
    });
    if (!loaded) return loaded.error();
  }
  auto open = from.items.LoadOpen(conn, company);
  if (!open) return open.take_error();
  snap.index = std::make_unique<matching::OpenItemIndex>(std::move(*open));
  auto history = from.payers.LoadHistory(conn, company);
  if (!history) return history.take_error();
  for (const storage::PayerRow& row : *history) {
    // The table's CHECK constraint admits no other kind (migration 0002).
    const std::optional<IdentityKind> kind = ParseIdentityKind(row.identity_kind);
    if (kind) snap.history.Add(*kind, row.identity_key, {row.partner_id, row.confirmations, row.rejections});
  }
  auto rejected = from.matches.LoadRejected(conn, company);
  if (!rejected) return rejected.take_error();
  for (auto& entry : *rejected) snap.rejected.insert(std::move(entry));
  auto sets = from.rules.All(conn, company);
  if (!sets) return sets.take_error();
  snap.rule_sets = std::move(*sets);
  return snap;
}

}  // namespace recon::reconcile
