// Rules that rest on knowing who pays: known_payer (exactly one of the payer's items has
// the amount) and payer_subset (a unique group of the payer's items sums to it).
#include <algorithm>

#include "matching/engine.hpp"
#include "matching/rules/rule_eval.hpp"
#include "matching/subset_sum.hpp"

namespace recon::matching {
namespace {

constexpr double kAmbiguousPenalty = 0.2;

// The payer's eligible items, in id order, at most `limit`: those due first are kept.
std::vector<uint32_t> PayerItems(const RuleInput& in, const std::string& partner, size_t limit) {
  std::vector<uint32_t> out;
  for (uint32_t pos : in.ctx.index.ByPartner(partner)) {
    if (Eligible(in.ctx.index.items()[pos], in.line.line, in.rule)) out.push_back(pos);
  }
  if (out.size() > limit) {
    const auto& items = in.ctx.index.items();
    std::stable_sort(out.begin(), out.end(), [&](uint32_t a, uint32_t b) {
      const auto da = items[a].due_date.value_or(items[a].issue_date.value_or(Date()));
      const auto db = items[b].due_date.value_or(items[b].issue_date.value_or(Date()));
      return da < db;
    });
    out.resize(limit);
    std::sort(out.begin(), out.end());
  }
  return out;
}

}  // namespace

std::vector<Candidate> EvaluateKnownPayer(const RuleInput& in) {
  std::vector<Candidate> out;
  auto payer = IdentifyPayer(in);
  if (!payer) return out;
  const auto& items = in.ctx.index.items();
  std::vector<uint32_t> fits;
  for (uint32_t pos : PayerItems(in, payer->partner_id, SIZE_MAX)) {
    if (OpenOnLineSide(items[pos]) == in.line.line.amount.minor) fits.push_back(pos);
  }
  const double confidence = in.rule.confidence * payer->strength - (fits.size() > 1 ? kAmbiguousPenalty : 0);
  for (uint32_t pos : fits) {
    auto c = SettleWhole(in, {pos}, confidence, "known payer: " + payer->how + "; its open item");
    if (c) {
      if (fits.size() > 1) c->explanation += "; " + std::to_string(fits.size()) + " of its items have this amount";
      out.push_back(std::move(*c));
    }
  }
  return out;
}

std::vector<Candidate> EvaluatePayerSubset(const RuleInput& in) {
  std::vector<Candidate> out;
  auto payer = IdentifyPayer(in);
  if (!payer) return out;
  const std::vector<uint32_t> pool = PayerItems(in, payer->partner_id, in.rule.candidates_max);
  if (pool.size() < 2) return out;
  const auto& items = in.ctx.index.items();
  std::vector<int64_t> amounts;
  for (uint32_t pos : pool) amounts.push_back(OpenOnLineSide(items[pos]));
  SubsetSearch search;
  search.nodes_max = in.rule.search_nodes_max;
  search.size_max = in.rule.group_size_max;
  search.size_min = 2;
  const SubsetResult found = FindSubsets(amounts, in.line.line.amount.minor, search, 3);
  if (found.subsets.empty()) return out;
  // Two groups that fit, or a search that ran out of budget, leave the choice to a person.
  const bool unique = found.subsets.size() == 1 && !found.budget_exhausted;
  const double confidence = in.rule.confidence * payer->strength - (unique ? 0 : kAmbiguousPenalty);
  for (const auto& subset : found.subsets) {
    std::vector<uint32_t> picked;
    for (size_t i : subset) picked.push_back(pool[i]);
    auto c = SettleWhole(in, picked, confidence, "known payer: " + payer->how + "; " +
                                                     std::to_string(picked.size()) + " of its open items sum to the amount:");
    if (c) {
      if (!unique) c->explanation += found.budget_exhausted ? "; the search stopped at its budget"
                                                            : "; more than one group of items fits";
      out.push_back(std::move(*c));
    }
  }
  return out;
}

}  // namespace recon::matching
