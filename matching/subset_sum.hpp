// A bounded, pruned search for groups of amounts that sum exactly to a target.
// Used when one payment settles several items and the payer listed no numbers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace recon::matching {

struct SubsetSearch {
  size_t size_min = 1;
  size_t size_max = 6;          // items in one group at most
  size_t nodes_max = 200'000;   // search steps at most; beyond it the search stops and says so
};

struct SubsetResult {
  std::vector<std::vector<size_t>> subsets;  // indices into the input, ascending within a subset
  bool budget_exhausted = false;
};

// Groups of `amounts` (any signs: credit notes are negative) that sum to `target`, at most
// `results_max` of them, found in a deterministic order. Cost is bounded by nodes_max.
SubsetResult FindSubsets(const std::vector<int64_t>& amounts, int64_t target, const SubsetSearch& search,
                         size_t results_max);

}  // namespace recon::matching
