#include "matching/engine.hpp"

#include <algorithm>
#include <numeric>
#include <unordered_map>

#include "matching/line_evidence.hpp"
#include "matching/rules/rule_eval.hpp"
#include "recon/assert.hpp"

namespace recon::matching {
namespace {

std::vector<Candidate> Evaluate(const RuleInput& in) {
  switch (in.rule.kind) {
    case RuleKind::kStructuredReference: return EvaluateStructuredReference(in);
    case RuleKind::kDocumentNumber: return EvaluateDocumentNumber(in);
    case RuleKind::kPayerSubset: return EvaluatePayerSubset(in);
    case RuleKind::kKnownPayer: return EvaluateKnownPayer(in);
    case RuleKind::kAmountDate: return EvaluateAmountDate(in);
    case RuleKind::kManyToMany: return {};  // groups span lines: see MatchGroups (many_to_many.cpp)
  }
  return {};
}

std::vector<int64_t> ItemIds(const Candidate& c) {
  std::vector<int64_t> ids;
  for (const Allocation& a : c.allocations) ids.push_back(a.open_item_id);
  std::sort(ids.begin(), ids.end());
  return ids;
}

// Best first; ties broken by the items' ids so that the order never depends on input order.
void Rank(std::vector<Candidate>& candidates) {
  std::stable_sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    if (a.confidence != b.confidence) return a.confidence > b.confidence;
    return ItemIds(a) < ItemIds(b);
  });
}

MatchDecision ToDecision(const LineToMatch& line, const Rule& rule, Candidate c, MatchOutcome outcome, int rank) {
  MatchDecision d;
  d.line_ids = {line.id};
  d.line_amounts = {c.line_amount_used};
  d.allocations = std::move(c.allocations);
  d.write_off = std::move(c.write_off);
  d.currency = std::string(line.line.amount.currency.code());
  d.rule = rule.name;
  d.confidence = std::clamp(c.confidence, 0.0, 1.0);
  d.outcome = outcome;
  d.explanation = std::move(c.explanation);
  d.rank = rank;
  return d;
}

std::vector<Candidate> Unrejected(std::vector<Candidate> candidates, int64_t line_id, const RejectedSet& rejected) {
  if (rejected.empty()) return candidates;
  std::vector<Candidate> out;
  for (Candidate& c : candidates) {
    if (!rejected.count({line_id, ItemIds(c)})) out.push_back(std::move(c));
  }
  return out;
}

}  // namespace

std::vector<MatchDecision> MatchLine(const LineToMatch& line, const MatchContext& ctx) {
  std::vector<MatchDecision> out;
  if (line.line.amount.minor == 0) return out;
  const LineEvidence evidence = ExtractEvidence(line.line, line.payer_keys);
  for (const Rule& rule : ctx.rules.rules) {
    if (!RuleApplies(rule, line.line)) continue;
    std::vector<Candidate> candidates =
        Unrejected(Evaluate(RuleInput{line, evidence, ctx, rule}), line.id, ctx.rejected);
    if (candidates.empty()) continue;
    Rank(candidates);
    const bool clear_winner =
        candidates.size() == 1 || candidates[1].confidence < candidates[0].confidence - kAmbiguityMargin;
    if (clear_winner && candidates[0].confidence >= rule.auto_apply_threshold) {
      out.push_back(ToDecision(line, rule, std::move(candidates[0]), MatchOutcome::kApply, 0));
      return out;
    }
    const size_t n = std::min(candidates.size(), kAlternativesMax);
    for (size_t i = 0; i < n; ++i) {
      MatchDecision d = ToDecision(line, rule, std::move(candidates[i]), MatchOutcome::kPropose, static_cast<int>(i));
      if (!clear_winner) d.explanation += "; several candidates fit about equally, so a person decides";
      out.push_back(std::move(d));
    }
    return out;
  }
  return out;
}

std::vector<MatchDecision> CandidatesForLine(const LineToMatch& line, const MatchContext& ctx) {
  std::vector<MatchDecision> out;
  const LineEvidence evidence = ExtractEvidence(line.line, line.payer_keys);
  std::set<std::vector<int64_t>> seen;
  for (const Rule& rule : ctx.rules.rules) {
    if (!RuleApplies(rule, line.line)) continue;
    for (Candidate& c : Evaluate(RuleInput{line, evidence, ctx, rule})) {
      if (!seen.insert(ItemIds(c)).second) continue;
      out.push_back(ToDecision(line, rule, std::move(c), MatchOutcome::kPropose, 0));
    }
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const MatchDecision& a, const MatchDecision& b) { return a.confidence > b.confidence; });
  for (size_t i = 0; i < out.size(); ++i) out[i].rank = static_cast<int>(i);
  return out;
}

std::vector<MatchDecision> Settle(const std::vector<LineToMatch>& lines,
                                  std::vector<std::vector<MatchDecision>> per_line, const OpenItemIndex& index) {
  std::vector<size_t> order(lines.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return lines[a].id < lines[b].id; });

  // By item position: open amount left in this run, item terms.
  std::vector<int64_t> residual(index.items().size());
  for (size_t p = 0; p < residual.size(); ++p) residual[p] = index.items()[p].open_amount.minor;
  auto fits = [&](const Allocation& a) {
    const std::optional<uint32_t> p = index.PositionOf(a.open_item_id);
    return p && FitsResidual(residual[*p], a.amount);
  };

  std::vector<MatchDecision> out;
  size_t count = 0;
  for (const auto& decisions : per_line) count += decisions.size();
  out.reserve(count);
  for (size_t i : order) {
    for (MatchDecision& d : per_line[i]) {
      if (d.outcome == MatchOutcome::kApply) {
        // An earlier line already settled the item.
        if (!std::all_of(d.allocations.begin(), d.allocations.end(), fits)) continue;
        RECON_ASSERT(Nets(d, index.KindsOf(d.allocations)),
                     "an applied decision's allocations less its write-off are its line");
        for (const Allocation& a : d.allocations) {
          int64_t& open = residual[*index.PositionOf(a.open_item_id)];
          const int64_t before = open;
          open -= a.amount;
          RECON_ASSERT(before > 0 ? open >= 0 && open < before : open <= 0 && open > before,
                       "an allocation moves an item's residual towards zero and never past it");
        }
      }
      out.push_back(std::move(d));
    }
  }
  return out;
}

std::vector<MatchDecision> MatchAll(const std::vector<LineToMatch>& lines, const MatchContext& ctx) {
  std::vector<std::vector<MatchDecision>> per_line;
  per_line.reserve(lines.size());
  for (const LineToMatch& line : lines) per_line.push_back(MatchLine(line, ctx));
  std::vector<MatchDecision> settled = Settle(lines, std::move(per_line), ctx.index);
  const RuleSet& rules = ctx.rules;
  return MatchGroups(lines, std::move(settled),
                     GroupContext{ctx.index, [&rules](const std::string&) -> const RuleSet& { return rules; }, ctx.rejected});
}

std::vector<MatchDecision> MatchAll(const std::vector<LineToMatch>& lines, const OpenItemIndex& index) {
  static const RuleSet kRules = DefaultRuleSet();
  const PayerHistory history;
  const RejectedSet rejected;
  return MatchAll(lines, MatchContext{index, kRules, history, rejected});
}

}  // namespace recon::matching
