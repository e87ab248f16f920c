// The matcher: statement lines + open items + rules + history -> decisions. Pure and
// deterministic.
//
// Matching runs in two steps. `MatchLine` looks at one line against a read-only snapshot
// (the open items, the rules, the payer history, the rejected proposals) and decides
// what fits, independent of every other line; that is what runs in parallel. For each
// line the rules are tried in their order; the first rule that finds any candidate
// decides:
//   1. its best candidate is applied when its confidence reaches the rule's auto-apply
//      threshold and no other candidate comes within kAmbiguityMargin of it;
//   2. otherwise its candidates are proposed, best first (rank 0, 1, ...);
//   3. a line no rule finds anything for stays unmatched.
// `Settle` then walks all decisions in line-id order, keeps track of what each item
// still has open, and drops an applied decision that would allocate beyond an item's
// residual (the amount was settled by an earlier line). The result therefore does not
// depend on how lines were cut into batches or on how many threads ran.
#pragma once

#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "matching/open_item_index.hpp"
#include "matching/payer_history.hpp"
#include "matching/rule_set.hpp"
#include "recon/match.hpp"
#include "recon/payer.hpp"
#include "recon/statement.hpp"

namespace recon::matching {

// A statement line as the matcher sees it: recond's id plus the common record. The
// amount is what is still unallocated on the line.
struct LineToMatch {
  int64_t id = 0;
  StatementLine line;
  PayerKeys payer_keys;  // PayerKeysOf(line), as computed when the line was stored
};

// Proposals a person rejected: (line id, ascending item ids). Never proposed again.
using RejectedSet = std::set<std::pair<int64_t, std::vector<int64_t>>>;

inline constexpr double kAmbiguityMargin = 0.1;
inline constexpr size_t kAlternativesMax = 5;

struct MatchContext {
  const OpenItemIndex& index;
  const RuleSet& rules;
  const PayerHistory& history;
  const RejectedSet& rejected;
};

// Decisions for one line, best first. Empty when nothing fits. Thread-safe.
std::vector<MatchDecision> MatchLine(const LineToMatch& line, const MatchContext& ctx);

// Every candidate every applicable rule finds for the line, best first, for a person
// matching by hand. Nothing is applied; outcomes are all kPropose.
std::vector<MatchDecision> CandidatesForLine(const LineToMatch& line, const MatchContext& ctx);

// Residual bookkeeping over per-line decisions (indexed like `lines`), in line-id order.
// Returns the decisions that survive, ordered by line id.
std::vector<MatchDecision> Settle(const std::vector<LineToMatch>& lines,
                                  std::vector<std::vector<MatchDecision>> per_line, const OpenItemIndex& index);

// What many_to_many rules look at besides the lines: the items, each line's rule set (by
// our bank account) and the rejected proposals.
struct GroupContext {
  const OpenItemIndex& index;
  std::function<const RuleSet&(const std::string& account)> rules_for;
  const RejectedSet& rejected;
};

// The many_to_many rules, run once over the whole run after Settle (groups span lines, so
// they cannot be found line by line). `settled` is Settle's answer. A line takes part when
// its rule set has a many_to_many rule that applies to it and no earlier rule decided it:
// it has no decision, or only proposals from rules after the many_to_many rule (those are
// replaced when a group is found). Items take part with what Settle left open. A group is
// applied only when it is the only minimal group for every one of its members, the search
// was complete and the rule's threshold is reached; otherwise it is proposed. Lines are
// taken as anchors in id order, so the answer depends neither on threads nor on batches.
// Returns all decisions ordered by their first line id. Single-threaded; cost is bounded
// by the rules' candidates_max and search_nodes_max per line. See docs/matching/many_to_many.md.
std::vector<MatchDecision> MatchGroups(const std::vector<LineToMatch>& lines, std::vector<MatchDecision> settled,
                                       const GroupContext& ctx);

// MatchLine for every line, then Settle, then MatchGroups. Single-threaded.
std::vector<MatchDecision> MatchAll(const std::vector<LineToMatch>& lines, const MatchContext& ctx);

// With the default rules, no history and nothing rejected: for tests and tools.
std::vector<MatchDecision> MatchAll(const std::vector<LineToMatch>& lines, const OpenItemIndex& index);

}  // namespace recon::matching
