#include "matching/subset_sum.hpp"

#include <algorithm>
#include <numeric>

namespace recon::matching {
namespace {

struct Search {
  const std::vector<int64_t>& amounts;  // sorted view: amounts[order[i]]
  const std::vector<size_t>& order;
  const std::vector<int64_t>& positive_suffix;  // sum of positive amounts from i on
  const std::vector<int64_t>& negative_suffix;  // sum of negative amounts from i on
  int64_t target;
  const SubsetSearch& limits;
  size_t results_max;
  SubsetResult& result;
  size_t nodes = 0;
  std::vector<size_t> chosen;

  // Depth is bounded by size_max, never by the input's length.
  void Visit(size_t i, int64_t sum) {
    if (result.subsets.size() >= results_max || result.budget_exhausted) return;
    if (++nodes > limits.nodes_max) {
      result.budget_exhausted = true;
      return;
    }
    if (sum == target && chosen.size() >= limits.size_min) {
      std::vector<size_t> subset;
      for (size_t k : chosen) subset.push_back(order[k]);
      std::sort(subset.begin(), subset.end());
      result.subsets.push_back(std::move(subset));
      // A group may still be extended by items that net to zero; those are not worth reporting.
      return;
    }
    if (chosen.size() >= limits.size_max) return;
    for (size_t k = i; k < order.size(); ++k) {
      // Whatever is picked from k on, the sum stays within these bounds.
      if (target < sum + negative_suffix[k] || target > sum + positive_suffix[k]) return;
      chosen.push_back(k);
      Visit(k + 1, sum + amounts[order[k]]);
      chosen.pop_back();
      if (result.subsets.size() >= results_max || result.budget_exhausted) return;
    }
  }
};

}  // namespace

SubsetResult FindSubsets(const std::vector<int64_t>& amounts, int64_t target, const SubsetSearch& limits,
                         size_t results_max) {
  SubsetResult result;
  if (amounts.empty() || results_max == 0) return result;
  std::vector<size_t> order(amounts.size());
  std::iota(order.begin(), order.end(), size_t{0});
  // Largest magnitudes first: the bounds tighten fastest.
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const int64_t ma = amounts[a] < 0 ? -amounts[a] : amounts[a];
    const int64_t mb = amounts[b] < 0 ? -amounts[b] : amounts[b];
    return ma > mb;
  });
  std::vector<int64_t> positive(order.size() + 1, 0), negative(order.size() + 1, 0);
  for (size_t k = order.size(); k-- > 0;) {
    const int64_t a = amounts[order[k]];
    positive[k] = positive[k + 1] + (a > 0 ? a : 0);
    negative[k] = negative[k + 1] + (a < 0 ? a : 0);
  }
  Search search{amounts, order, positive, negative, target, limits, results_max, result, 0, {}};
  search.Visit(0, 0);
  return result;
}

}  // namespace recon::matching
