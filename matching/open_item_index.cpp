#include "matching/open_item_index.hpp"

#include <algorithm>

#include "matching/normalize.hpp"

namespace recon::matching {

OpenItemIndex::OpenItemIndex(std::vector<OpenItem> items) : items_(std::move(items)) {
  // Sort by id so that every lookup answers in one order, whatever order the store gave.
  std::sort(items_.begin(), items_.end(), [](const OpenItem& a, const OpenItem& b) { return a.id < b.id; });
  for (uint32_t i = 0; i < items_.size(); ++i) {
    if (items_[i].structured_reference) {
      by_reference_[NormalizeReference(*items_[i].structured_reference)].push_back(i);
    }
  }
}

const std::vector<uint32_t>& OpenItemIndex::ByStructuredReference(const std::string& normalized) const {
  auto it = by_reference_.find(normalized);
  return it == by_reference_.end() ? empty_ : it->second;
}

}  // namespace recon::matching
