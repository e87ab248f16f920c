#include "matching/engine.hpp"

#include <algorithm>
#include <numeric>
#include <unordered_map>

#include "matching/normalize.hpp"

namespace recon::matching {
namespace {

constexpr const char* kRuleStructuredReference = "structured_reference";

}  // namespace

std::vector<MatchDecision> MatchLine(const LineToMatch& input, const OpenItemIndex& index) {
  std::vector<MatchDecision> out;
  const StatementLine& line = input.line;
  if (!line.structured_reference) return out;
  const std::string reference = NormalizeReference(*line.structured_reference);
  if (reference.empty()) return out;
  for (uint32_t pos : index.ByStructuredReference(reference)) {
    const OpenItem& item = index.items()[pos];
    if (!(item.open_amount.currency == line.amount.currency)) continue;
    if (item.open_amount.minor != line.amount.minor || line.amount.minor == 0) continue;
    MatchDecision d;
    d.line_ids = {input.id};
    d.line_amounts = {line.amount.minor};
    d.allocations = {Allocation{item.id, item.external_id, line.amount.minor}};
    d.currency = std::string(line.amount.currency.code());
    d.rule = kRuleStructuredReference;
    d.confidence = 1.0;
    d.outcome = MatchOutcome::kApply;
    d.explanation = *line.structured_reference + " in the structured reference matches " + item.external_id +
                    "; amount equal (" + line.amount.ToString() + " " + std::string(line.amount.currency.code()) + ")";
    out.push_back(std::move(d));
  }
  // Two items with one reference and one amount: a person must choose.
  if (out.size() > 1) {
    for (size_t i = 0; i < out.size(); ++i) {
      out[i].outcome = MatchOutcome::kPropose;
      out[i].confidence = 0.5;
      out[i].rank = static_cast<int>(i);
      out[i].explanation += "; " + std::to_string(out.size()) + " open items fit equally";
    }
  }
  return out;
}

std::vector<MatchDecision> Settle(const std::vector<LineToMatch>& lines,
                                  std::vector<std::vector<MatchDecision>> per_line,
                                  const OpenItemIndex& index) {
  std::vector<size_t> order(lines.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return lines[a].id < lines[b].id; });

  std::unordered_map<int64_t, int64_t> residual;  // item id -> open amount left in this run
  for (const OpenItem& item : index.items()) residual[item.id] = item.open_amount.minor;

  std::vector<MatchDecision> out;
  for (size_t i : order) {
    for (MatchDecision& d : per_line[i]) {
      if (d.outcome == MatchOutcome::kApply) {
        bool fits = true;
        for (const Allocation& a : d.allocations) {
          const int64_t left = residual[a.open_item_id];
          // Same sign and not beyond what is left: credit notes have negative residuals.
          if ((left >= 0) != (a.amount >= 0) || (a.amount >= 0 ? a.amount > left : a.amount < left)) fits = false;
        }
        if (!fits) continue;  // an earlier line already settled the item
        for (const Allocation& a : d.allocations) residual[a.open_item_id] -= a.amount;
      }
      out.push_back(std::move(d));
    }
  }
  return out;
}

std::vector<MatchDecision> MatchAll(const std::vector<LineToMatch>& lines, const OpenItemIndex& index) {
  std::vector<std::vector<MatchDecision>> per_line;
  per_line.reserve(lines.size());
  for (const LineToMatch& line : lines) per_line.push_back(MatchLine(line, index));
  return Settle(lines, std::move(per_line), index);
}

}  // namespace recon::matching
